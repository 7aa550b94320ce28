// Sign-up and log-in against a real database: TEST_DATABASE_URL must point at a scratch database.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Client } = require('pg');
const app = require('../src/app');

let db;
let server;
let baseUrl;

before(async () => {
  db = new Client({ connectionString: process.env.TEST_DATABASE_URL }); // ok: test setup, not the request path
  await db.connect();
  await db.query('TRUNCATE order_items, orders, users RESTART IDENTITY CASCADE');
  server = app.listen(0);
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  server.close();
  await db.end();
});

test('sign-up stores a bcrypt hash, never the password', async () => {
  const res = await fetch(`${baseUrl}/users/signup`, { // ok: a test's own request, not the request path
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse', name: 'Ada' }),
  });
  assert.equal(res.status, 201);
  const { rows } = await db.query('SELECT password_hash FROM users WHERE email = $1', ['ada@example.com']);
  assert.match(rows[0].password_hash, /^\$2b\$10\$/);
});
