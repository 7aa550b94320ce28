const request = require('supertest');
const { Pool } = require('pg');
const app = require('../index');

const pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL });

describe('notes', () => {
  let token;

  beforeAll(async () => {
    await pool.query('TRUNCATE users, notes, note_shares RESTART IDENTITY CASCADE');
    await request(app).post('/auth/register').send({ name: 'T', email: 't@example.com', password: 'pw' });
    const res = await request(app).post('/auth/login').send({ email: 't@example.com', password: 'pw' });
    token = res.body.token;
  });

  afterAll(() => pool.end());

  it('creates and lists notes', async () => {
    await request(app).post('/notes').set('Authorization', `Bearer ${token}`).send({ title: 'a', body: 'b' }).expect(201);
    const res = await request(app).get('/notes').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.notes).toHaveLength(1);
  });
});
