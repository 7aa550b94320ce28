// Cross-file facts stay current as files change: an importer analysed before the file it imports
// (or before that file's wrapper changed) is analysed again when the answer it relied on changes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/engine';

const root = path.join(__dirname, 'fixtures', 'cross-file-in-memory');
const dbFile = path.join(root, 'db', 'index.js');
const routeFile = path.join(root, 'routes', 'notes.js');

const db = (getClient: string) => `const { Pool } = require('pg');
const pool = new Pool({ max: 10, connectionTimeoutMillis: 5000 });
module.exports = {
  query: (text, params) => pool.query(text, params),
  getClient: ${getClient},
};
`;

const route = `const express = require('express');
const db = require('../db');
const router = express.Router();
router.post('/notes', async (req, res) => {
  const client = await db.getClient();
  try {
    await client.query('BEGIN');
    await db.query('SELECT id FROM users WHERE email = $1', [req.body.email]);
    await client.query('COMMIT');
    res.sendStatus(204);
  } finally {
    client.release();
  }
});
module.exports = router;
`;

const nested = (engine: Engine) => engine.lintFile(routeFile).findings.filter((f) => f.ruleId === 'no-nested-pool-acquire').map((f) => f.line);

test('a wrapper module loaded after its importer is seen through', () => {
  const engine = new Engine({ root });
  engine.updateFile(routeFile, route);
  assert.deepEqual(nested(engine), []);
  engine.updateFile(dbFile, db('() => pool.connect()'));
  assert.deepEqual(nested(engine), [8]);
});

test('editing the wrapper re-analyses the importer', () => {
  const engine = new Engine({ root });
  engine.updateFile(dbFile, db('() => pool.connect()'));
  engine.updateFile(routeFile, route);
  assert.deepEqual(nested(engine), [8]);
  // getClient no longer hands out a pool client: nothing is held.
  engine.updateFile(dbFile, db('() => ({ query: async () => ({ rows: [] }), release() {} })'));
  assert.deepEqual(nested(engine), []);
  engine.updateFile(dbFile, db('async () => { const client = await pool.connect(); return client; }'));
  assert.deepEqual(nested(engine), [8]);
});
