import { test } from 'node:test';
import assert from 'node:assert';
import { buildApp } from '../src/app.js';

test('availability validates the month', async () => {
  const app = await buildApp();
  const res = await app.inject({ method: 'GET', url: '/room-types/1/availability?month=nope' });
  assert.notEqual(res.statusCode, 200);
  await app.close();
});
