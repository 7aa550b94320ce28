const fs = require('fs');
const path = require('path');
const request = require('supertest');
const app = require('../src/app');

const fixture = fs.readFileSync(path.join(__dirname, 'fixtures', 'pixel.png'));

test('rejects uploads without a user', async () => {
  await request(app).post('/albums/1/images').attach('image', fixture, 'pixel.png').expect(401);
});
