// Cross-file facts stay current as files change: an importer analysed before the file it imports
// (or before that file's wrapper changed) is analysed again when the answer it relied on changes;
// findings that depend on another file — what a function's callers pass, a validation schema or
// DTO declared elsewhere — follow edits to that file, as the language server sees them (edits are
// made in memory, never on disk).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { collectFiles } from '../server/src/engine/files';
import { FIXTURES } from './helpers/rule-fixtures';

function open(dir: string): Engine {
  const root = path.join(FIXTURES, dir);
  const engine = new Engine({ root });
  for (const file of collectFiles([root], { root })) engine.loadFile(file);
  return engine;
}

/** Lines of `file` the rule reports. */
function lines(engine: Engine, file: string, ruleId: string): number[] {
  return engine.lintFile(path.join(engine.root, file)).findings.filter((f) => f.ruleId === ruleId).map((f) => f.line);
}

/** Replaces text in a project file, in memory. */
function edit(engine: Engine, file: string, from: string, to: string): void {
  const abs = path.join(engine.root, file);
  const text = fs.readFileSync(abs, 'utf8');
  assert.ok(text.includes(from), `${file} contains ${from}`);
  engine.updateFile(abs, text.replace(from, to));
}

test('options handed to Fastify by callers: a caller that sets requestTimeout clears the finding in the other file', () => {
  const engine = open('require-server-timeouts/invalid/built');
  assert.deepEqual(lines(engine, 'src/app.ts', 'require-server-timeouts'), [5, 12]);
  edit(engine, 'src/server.ts', "logger: { level: process.env.LOG_LEVEL ?? 'info' },", "logger: true,\n  requestTimeout: 60_000,");
  assert.deepEqual(lines(engine, 'src/app.ts', 'require-server-timeouts'), [12]);
});

test('a key handed in by callers: the finding comes and goes with the caller that passes request data', () => {
  const engine = open('no-module-state-per-request/invalid');
  assert.deepEqual(lines(engine, 'services/stats.service.js', 'no-module-state-per-request'), [11]);
  edit(engine, 'routes/stats.js', "stats.countByTitle(req.query.title || '')", "stats.countByTitle('all')");
  assert.deepEqual(lines(engine, 'services/stats.service.js', 'no-module-state-per-request'), []);
});

test('a schema or DTO in another file: adding a maximum there clears the fan-out finding here', () => {
  const engine = open('no-unbounded-fan-out/invalid');
  assert.deepEqual(lines(engine, 'src/routes/stock.ts', 'no-unbounded-fan-out'), [8, 15]);
  edit(engine, 'src/schemas/stock.ts', 'items: z.array(stockLine),', 'items: z.array(stockLine).max(200),');
  assert.deepEqual(lines(engine, 'src/routes/stock.ts', 'no-unbounded-fan-out'), [15]);

  assert.deepEqual(lines(engine, 'src/labels/labels.controller.ts', 'no-unbounded-fan-out'), [13]);
  edit(engine, 'src/labels/dto/label-batch.dto.ts', '@IsString({ each: true })', '@IsString({ each: true })\n  @ArrayMaxSize(100)');
  assert.deepEqual(lines(engine, 'src/labels/labels.controller.ts', 'no-unbounded-fan-out'), []);
});

test('a Fastify plugin in another file: its routes are handlers while some file registers it', () => {
  const engine = open('no-unbounded-query/invalid/fastify-plugins');
  assert.deepEqual(lines(engine, 'routes/authors.js', 'no-unbounded-query'), [7]);
  assert.deepEqual(lines(engine, 'routes/reviews.js', 'no-unbounded-query'), [5]);
  edit(engine, 'server.mjs', "app.register(authors, { prefix: '/authors' });", '');
  assert.deepEqual(lines(engine, 'routes/authors.js', 'no-unbounded-query'), []);
  // Registered only by the authors plugin, which nothing registers now.
  assert.deepEqual(lines(engine, 'routes/reviews.js', 'no-unbounded-query'), []);
  assert.deepEqual(lines(engine, 'routes/books.mjs', 'no-unbounded-query'), [6]);
});

test('services and pools attached to the framework instance in another file: findings follow the decoration', () => {
  const engine = open('no-unbounded-query/invalid');
  assert.deepEqual(lines(engine, 'decorations/fastify/services/sharing-service.js', 'no-unbounded-query'), [7]);
  assert.deepEqual(lines(engine, 'decorations/koa/reports.js', 'no-unbounded-query'), [3, 8]);
  // Renamed where it is attached: handlers no longer reach the service, and `ctx.reportsDb` is no longer a knex instance.
  edit(engine, 'decorations/fastify/plugins/sharing.js', "decorate('notesSharing'", "decorate('notesSharingV2'");
  assert.deepEqual(lines(engine, 'decorations/fastify/services/sharing-service.js', 'no-unbounded-query'), []);
  edit(engine, 'decorations/koa/app.js', 'app.context.reportsDb =', 'app.context.reportsDatabase =');
  assert.deepEqual(lines(engine, 'decorations/koa/reports.js', 'no-unbounded-query'), [8]);
  // And back.
  edit(engine, 'decorations/koa/app.js', 'app.context.reportsDb =', 'app.context.reportsDb =');
  assert.deepEqual(lines(engine, 'decorations/koa/reports.js', 'no-unbounded-query'), [3, 8]);
});

const memoryRoot = path.join(__dirname, 'fixtures', 'cross-file-in-memory');
const dbFile = path.join(memoryRoot, 'db', 'index.js');
const routeFile = path.join(memoryRoot, 'routes', 'notes.js');

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
  const engine = new Engine({ root: memoryRoot });
  engine.updateFile(routeFile, route);
  assert.deepEqual(nested(engine), []);
  engine.updateFile(dbFile, db('() => pool.connect()'));
  assert.deepEqual(nested(engine), [8]);
});

test('editing the wrapper re-analyses the importer', () => {
  const engine = new Engine({ root: memoryRoot });
  engine.updateFile(dbFile, db('() => pool.connect()'));
  engine.updateFile(routeFile, route);
  assert.deepEqual(nested(engine), [8]);
  // getClient no longer hands out a pool client: nothing is held.
  engine.updateFile(dbFile, db('() => ({ query: async () => ({ rows: [] }), release() {} })'));
  assert.deepEqual(nested(engine), []);
  engine.updateFile(dbFile, db('async () => { const client = await pool.connect(); return client; }'));
  assert.deepEqual(nested(engine), [8]);
});

test("a SQL helper in another file: the caller's SELECT is judged while the helper hands its SQL on unchanged", () => {
  const engine = open('no-unbounded-query/invalid');
  assert.deepEqual(lines(engine, 'sql-wrappers/rooms.js', 'no-unbounded-query'), [8, 18]);
  // The helper now pages every read itself: its callers' SQL is not all it runs.
  edit(engine, 'sql-wrappers/db.js', 'await pool.query(text, values)', 'await pool.query(`${text} LIMIT 100`, values)');
  assert.deepEqual(lines(engine, 'sql-wrappers/rooms.js', 'no-unbounded-query'), []);
  assert.deepEqual(lines(engine, 'sql-wrappers/repo.js', 'no-unbounded-query'), []);
});
