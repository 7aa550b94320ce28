// The capacity inventory: resources with effective settings (code, else the library default for the
// installed version) and, per route, which resources it uses and how often, followed across files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { collectFiles } from '../server/src/engine/files';

const root = path.join(__dirname, 'fixtures', 'inventory', 'shop');

function inventory() {
  const engine = new Engine({ root });
  for (const file of collectFiles([root], { root })) engine.loadFile(file);
  return engine.inventory();
}

const short = (id: string) => (id.startsWith('upstream:') ? id : path.relative(root, id.split(':')[0]!) + ':' + id.split(':')[1]);

test('resources carry the size and acquire timeout the code sets, else the installed version\'s default', () => {
  const { resources } = inventory();
  const pg = resources.find((r) => r.library === 'pg')!;
  assert.deepEqual([pg.size, pg.sizeSource, pg.acquireTimeoutMs, pg.acquireTimeoutSource], [20, 'code', 2000, 'code']);
  const mongo = resources.find((r) => r.library === 'mongodb')!;
  // mongodb ^3.7 declared: the 3.x default pool of 5, not the 4.x default of 100.
  assert.deepEqual([mongo.size, mongo.sizeSource, mongo.acquireTimeoutMs], [5, 'library-default', 0]);
  assert.match(mongo.sizeNote, /mongodb \^3\.7\.0 from package\.json/);
});

test('each route counts the uses of each resource per request (and its upstream calls), through helpers in other files', () => {
  const { routes } = inventory();
  const describe = (method: string, routePath: string) =>
    routes
      .find((r) => r.method === method && r.path === routePath)!
      .uses.map((u) => `${short(u.resourceId)} ${u.kind} ×${u.count}`)
      .sort();
  assert.deepEqual(describe('GET', '/orders/:id'), ['lib/db.js:3 query ×2']);
  // The checked-out client's queries reuse the held connection: one checkout, no extra queries.
  assert.deepEqual(describe('POST', '/orders'), ['lib/db.js:3 checkout ×1', 'lib/mongo.js:4 query ×1', 'upstream:payments.example.com query ×1']);
  assert.deepEqual(describe('GET', '/health'), []);
});

test('worker processes come from PM2 ecosystem files and cluster.fork loops, numbers first', () => {
  assert.deepEqual(
    inventory().workers.map((w) => [path.relative(root, w.file), w.count, w.source]),
    [['ecosystem.config.js', 4, 'pm2']],
  );
  const clusterRoot = path.join(__dirname, 'fixtures', 'inventory', 'cluster');
  const engine = new Engine({ root: clusterRoot });
  for (const file of collectFiles([clusterRoot], { root: clusterRoot })) engine.loadFile(file);
  assert.deepEqual(engine.inventory().workers.map((w) => [w.count, w.source, w.text]), [['cpus', 'cluster', 'cluster.fork() × os.availableParallelism()']]);
  // The estimate runs the fleet at the PM2 count and says where it came from.
  const estimate = (() => {
    const e = new Engine({ root });
    for (const file of collectFiles([root], { root })) e.loadFile(file);
    return e.estimateCapacity();
  })();
  assert.equal(estimate.workload.instances.value, 4);
  assert.match(estimate.workload.instances.source, /PM2 instances: 4/);
});

/** Worker counts the code states, on one-file projects held in memory: [what the file says, count, offset]. */
const WORKER_COUNTS: [string, string, number | 'cpus', number | undefined][] = [
  ['ecosystem.config.js', "module.exports = { apps: [{ script: 'app.js', instances: 'max' }] };", 'cpus', undefined],
  ['ecosystem.config.js', "module.exports = { apps: [{ script: 'app.js', instances: 0 }] };", 'cpus', undefined],
  ['ecosystem.config.js', "module.exports = { apps: [{ script: 'app.js', instances: -1 }] };", 'cpus', -1],
  ['ecosystem.config.js', "module.exports = { apps: [{ script: 'app.js', instances: '3' }] };", 3, undefined],
  ['ecosystem.config.cjs', "module.exports = { apps: [{ script: 'app.js', instances: 6 }] };", 6, undefined],
  ['server.js', "const cluster = require('cluster');\nconst os = require('os');\nfor (let i = 0; i < os.cpus().length; i++) cluster.fork();", 'cpus', undefined],
  ['server.js', "const cluster = require('cluster');\nconst os = require('os');\nconst numCPUs = os.cpus().length - 1;\nfor (let i = 0; i < numCPUs; i++) cluster.fork();", 'cpus', -1],
  ['server.js', "const cluster = require('cluster');\nconst { availableParallelism } = require('os');\nconst workers = availableParallelism();\nfor (let i = 0; i < workers; i++) cluster.fork();", 'cpus', undefined],
  ['server.js', "const cluster = require('cluster');\nconst WORKERS = 3;\nfor (let i = 0; i < WORKERS; i++) cluster.fork();", 3, undefined],
];

for (const [name, text, count, offset] of WORKER_COUNTS) {
  test(`workers: ${text.split('\n').pop()} → ${count}${offset ? ` ${offset}` : ''}`, () => {
    const virtualRoot = path.join(root, '..', 'virtual-workers');
    const engine = new Engine({ root: virtualRoot });
    engine.updateFile(path.join(virtualRoot, name), text);
    const [worker] = engine.inventory().workers;
    assert.deepEqual([worker?.count, worker?.cpusOffset], [count, offset]);
  });
}

test('one process per CPU is counted with workload.cpus: assumed 2, or configured; the fleet budget uses it', () => {
  const virtualRoot = path.join(root, '..', 'virtual-workers');
  const engine = new Engine({ root: virtualRoot });
  engine.updateFile(path.join(virtualRoot, 'ecosystem.config.js'), "module.exports = { apps: [{ script: 'app.js', instances: -1 }] };");
  engine.updateFile(
    path.join(virtualRoot, 'app.js'),
    "const express = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool({ max: 30 });\nconst app = express();\napp.get('/orders', async (req, res) => res.json((await pool.query('SELECT 1')).rows));\napp.listen(3000);",
  );
  const assumed = engine.estimateCapacity();
  // 2 CPUs (assumed) − 1 = 1 process.
  assert.deepEqual([assumed.workload.cpus.value, assumed.workload.cpus.provenance.source, assumed.workload.instances.value], [2, 'default', 1]);
  assert.match(assumed.workload.instances.source, /^code \(ecosystem\.config\.js:1\): PM2 instances: -1: one process per CPU − 1; 2 CPUs from default: assumed/);
  assert.ok(assumed.assumptions.some((a) => /one process per CPU minus 1 .* with 2 CPUs — assumed, not known: set workload\.cpus/.test(a)));
  const sixteen = engine.estimateCapacity([{ input: { cpus: 16 }, provenance: { source: 'config', detail: 'command line' } }]);
  assert.deepEqual([sixteen.workload.instances.value, sixteen.checks.fleetBudget?.fleetConnections, sixteen.checks.fleetBudget?.fits], [15, 450, false]);
  assert.match(sixteen.workload.instances.source, /16 CPUs from config: command line/);
  // A configured instance count wins over the code's per-CPU count.
  const fixed = engine.estimateCapacity([{ input: { cpus: 16, instances: 2 }, provenance: { source: 'config', detail: 'command line' } }]);
  assert.deepEqual([fixed.workload.instances.value, fixed.assumptions.some((a) => /one process per CPU/.test(a))], [2, false]);
});

/** What one request may hold, noted by no-unbounded-body as the file is analysed: [code, what, bytes, basis]. */
const EXPRESS = "const express = require('express');\nconst app = express();\n";
const ALLOCATIONS: [string, string, [string, number | null, string][]][] = [
  ['express.json() at its default', `${EXPRESS}app.use(express.json());`, [['express.json()', 102400, 'library-default']]],
  ['a limit in code', `${EXPRESS}app.use(express.urlencoded({ extended: true, limit: '2mb' }));`, [['express.urlencoded()', 2 * 2 ** 20, 'code']]],
  ['a limit through a const', `${EXPRESS}const bodyParser = require('body-parser');\nconst LIMIT = 5 * 1024 * 1024;\napp.use(bodyParser.json({ limit: LIMIT }));`, [['bodyParser.json()', 5 * 2 ** 20, 'code']]],
  ['options the code does not show', `${EXPRESS}app.use(express.json(require('./config').json));`, [['express.json()', 102400, 'unknown']]],
  ['koa-bodyparser: the largest of its limits', "const bodyParser = require('koa-bodyparser');\nmodule.exports = bodyParser({ formLimit: '10mb' });", [['koa-bodyparser', 10 * 2 ** 20, 'code']]],
  ['fastify at its default', "const fastify = require('fastify');\nconst app = fastify({ logger: true });", [['Fastify body parser', 2 ** 20, 'library-default']]],
  ['multer in memory, per file × files', "const multer = require('multer');\nmodule.exports = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5e6, files: 3 } });", [['multer (files in memory)', 15e6, 'code']]],
  ['multer in memory without fileSize', "const multer = require('multer');\nmodule.exports = multer();", [['multer (files in memory)', null, 'library-default']]],
  ['multer on disk holds nothing in memory', "const multer = require('multer');\nmodule.exports = multer({ dest: 'uploads/', limits: { fileSize: 5e6 } });", []],
  ['NestJS registers express parsers', "import { NestFactory } from '@nestjs/core';\nasync function main() { const app = await NestFactory.create(AppModule); await app.listen(3000); }\nmain();", [['NestJS body parser (express.json/urlencoded)', 102400, 'library-default']]],
  ['NestJS with bodyParser: false', "import { NestFactory } from '@nestjs/core';\nasync function main() { const app = await NestFactory.create(AppModule, { bodyParser: false }); await app.listen(3000); }\nmain();", []],
  [
    'a body read by hand in a handler',
    `${EXPRESS}app.post('/import', (req, res) => {\n  let body = '';\n  req.on('data', (chunk) => { body += chunk; });\n  req.on('end', () => res.json(JSON.parse(body)));\n});`,
    [["body collected from req.on('data')", null, 'code']],
  ],
  [
    'the same outside the request path',
    "function readAll(req, done) {\n  let body = '';\n  req.on('data', (chunk) => { body += chunk; });\n  req.on('end', () => done(body));\n}\nmodule.exports = readAll;",
    [],
  ],
];

for (const [name, text, expected] of ALLOCATIONS) {
  test(`allocations: ${name}`, () => {
    const virtualRoot = path.join(root, '..', 'virtual-allocations');
    const engine = new Engine({ root: virtualRoot });
    engine.updateFile(path.join(virtualRoot, 'src', 'app.js'), text);
    assert.deepEqual(engine.inventory().allocations.map((a) => [a.what, a.bytes, a.basis]), expected);
  });
}

test('allocations reach the estimate: the example’s express.json() bounds each request at 100 KB', () => {
  const estimate = new Engine({ root: path.join(__dirname, '..', 'examples', 'express-pg') });
  for (const file of collectFiles([path.join(__dirname, '..', 'examples', 'express-pg')], { root: path.join(__dirname, '..', 'examples', 'express-pg') })) estimate.loadFile(file);
  const memory = estimate.estimateCapacity().checks.memory;
  assert.deepEqual([memory.perRequest.state, memory.perRequestAllocationBytes, memory.perRequest.largest?.file, memory.perRequest.largest?.line], ['bounded', 102400, 'src/app.js', 11]);
});

test('node-redis 3: a client made with `new RedisClient({…})` is one multiplexed connection, like createClient(), and its commands count per route, also through a getter in another file that makes it lazily', () => {
  const virtual = path.join(__dirname, 'fixtures', 'inventory', 'virtual-redis3');
  const engine = new Engine({ root: virtual });
  engine.updateFile(path.join(virtual, 'src/redis.ts'), "import { RedisClient, createClient } from 'redis';\nexport const cache = new RedisClient({ host: 'localhost', port: 6379 });\nexport const pub = createClient();");
  // A getter that makes its client lazily into a module-level `let`: calls to it from another file are that client.
  engine.updateFile(path.join(virtual, 'src/lazy.ts'), "import { RedisClient } from 'redis';\nlet INSTANCE: RedisClient | undefined;\nexport function getRedis() {\n  if (!INSTANCE) INSTANCE = new RedisClient({});\n  return INSTANCE;\n}");
  engine.updateFile(
    path.join(virtual, 'src/app.ts'),
    "import express from 'express';\nimport { cache } from './redis';\nimport { getRedis } from './lazy';\nconst app = express();\napp.get('/n', (req, res) => cache.get('n', (e, v) => res.send(v)));\napp.get('/m', (req, res) => getRedis().get('m', (e, v) => res.send(v)));\napp.listen(3000);",
  );
  const { resources, routes } = engine.inventory();
  assert.deepEqual(resources.map((r) => [r.kind, r.library, r.name, r.line, r.size, r.sizeSource]).sort(), [['redis', 'redis', 'INSTANCE', 4, 1, 'code'], ['redis', 'redis', 'cache', 2, 1, 'code'], ['redis', 'redis', 'pub', 3, 1, 'code']]);
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path}: ${r.uses.map((u) => `${path.basename(u.resourceId)} ${u.kind}×${u.count}`).join(', ')}`), ['GET /n: redis.ts:2:22 query×1', 'GET /m: lazy.ts:4:29 query×1']);
  assert.match(engine.estimateCapacity().resources.find((r) => r.file.endsWith('redis.ts') && r.line === 2)?.notes.join('\n') ?? '', /one multiplexed connection/);
});
