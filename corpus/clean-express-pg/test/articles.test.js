const test = require('node:test');
const assert = require('node:assert');
const request = require('supertest');
const app = require('../src/app');

test('GET /articles rejects limit above 100', async () => {
  const res = await request(app).get('/articles?limit=1000');
  assert.equal(res.status, 400);
});
