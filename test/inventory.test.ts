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
  assert.deepEqual(engine.inventory().workers.map((w) => [w.count, w.source]), [['cpus', 'cluster']]);
  // The estimate runs the fleet at the PM2 count and says where it came from.
  const estimate = (() => {
    const e = new Engine({ root });
    for (const file of collectFiles([root], { root })) e.loadFile(file);
    return e.estimateCapacity();
  })();
  assert.equal(estimate.workload.instances.value, 4);
  assert.match(estimate.workload.instances.source, /PM2 instances: 4/);
});
