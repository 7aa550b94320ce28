// estimateCapacity end to end on small inventories: the JSON contract, provenance, the checks and
// recommendations, and the two renderings. Inventories are data (helpers/capacity-inventory.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { estimateCapacity, renderMarkdown, renderText, workloadFor, type CapacityEstimate } from '../server/src/capacity/index';
import { perRequestAllocation } from '../server/src/capacity/limits';
import { inventory, pgPool, route } from './helpers/capacity-inventory';

/** pg's default pool of 10, a connection checked out per request: the problem statement's service. */
const DEFAULT_SERVICE = inventory([pgPool()]);

function estimate(inv = DEFAULT_SERVICE, workload: Parameters<typeof workloadFor>[1] = {}, provenance: Parameters<typeof workloadFor>[2] = {}): CapacityEstimate {
  return estimateCapacity(inv, workloadFor(inv, workload, provenance));
}

const rec = (e: CapacityEstimate, kind: string) => e.recommendations.filter((r) => r.kind === kind);

test('the default workload on pg’s default pool: 85 users at 0.85, collapse at 590, needs 118', () => {
  const e = estimate();
  assert.deepEqual(
    { usersSupported: e.usersSupported, collapseUsers: e.collapseUsers, bottleneck: e.bottleneck?.resourceId, offered: e.offeredRequestsPerSec },
    { usersSupported: 85, collapseUsers: 590, bottleneck: 'db', offered: 500 },
  );
  const db = e.resources[0];
  assert.deepEqual(
    { status: db.status, size: db.size, recommendedSize: db.recommendedSize, knee: db.kneeUsers, ceiling: db.throughputCeilingPerSec, busy: db.busyUnitsPerInstance, offered: db.offeredUtilization, reliability: db.predictedWaitMs?.reliability },
    { status: 'saturated', size: 10, recommendedSize: 118, knee: 100, ceiling: 50, busy: 100, offered: 10, reliability: 'population-bound' },
  );
  assert.deepEqual(db.alternativeSizes, { finiteSourcePWait5: 117, finiteSourceWait10ms: 106, erlangCPWait5: 119, squareRootBeta1: 110, squareRootBeta2: 120, utilizationTarget: 118 });
  // Past the knee the wait is what the population forces: U·S/c − Z − S = 1000·200/10 − 2000.
  assert.equal(db.predictedWaitMs?.expected, 18000);
  assert.match(e.bottleneck!.sentence, /src\/db\.js:3 \(size 10, pg default\).*≈ 85 users.*needs ≥ 118/);
});

test('each workload value says where it came from', () => {
  const e = estimate(DEFAULT_SERVICE, { users: 400, thinkTimeMs: 5000 }, { thinkTimeMs: { source: 'config', detail: 'concurrency-lint.json workload.thinkTimeMs' } });
  const w = e.workload;
  assert.deepEqual(w.users.provenance, { source: 'config' });
  assert.equal(w.thinkTimeMs.source, 'config: concurrency-lint.json workload.thinkTimeMs');
  assert.equal(w.requestMs.provenance.source, 'default');
  assert.deepEqual(w.databaseMaxConnections.provenance, { source: 'library-default', library: 'PostgreSQL', version: '9.6–17', detail: 'max_connections default 100' });
  assert.equal(w.database.provenance.source, 'code');
  assert.equal(w.databaseCores, null);
});

test('a MySQL driver brings MySQL’s 151 connections and no reserved slots', () => {
  const e = estimate(inventory([pgPool({ library: 'mysql2', sizeSource: { source: 'code' } })]));
  assert.equal(e.workload.database.value, 'mysql');
  assert.equal(e.workload.databaseMaxConnections.value, 151);
  assert.equal(e.checks.fleetBudget?.available, 151);
});

test('unusable workload values fall back to their defaults and are reported', () => {
  const e = estimate(DEFAULT_SERVICE, { users: -5, instances: 1.5, target: { kind: 'utilization', max: 2 } });
  assert.equal(e.workload.users.value, 1000);
  assert.equal(e.workload.instances.value, 1);
  assert.equal(e.workload.problems.length, 3);
  assert.equal(rec(e, 'workload').length, 3);
});

test('the JSON round-trips unchanged: no Infinity, NaN or undefined', () => {
  for (const e of [estimate(), estimate(DEFAULT_SERVICE, { users: 50 }), estimate(inventory([pgPool({ size: null, kind: 'http-agent', library: 'http' })]))]) {
    assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
  }
});

test('every number of a modelled resource has a derivation', () => {
  const e = estimate();
  for (const field of ['usersSupported', 'utilization', 'offeredUtilization', 'busyUnitsPerInstance', 'predictedWaitMs', 'responseTimeMs', 'kneeUsers', 'throughputCeilingPerSec', 'collapseUsers', 'recommendedSize', 'demandMsPerRequest']) {
    const d = e.derivations[`resource:db:${field}`];
    assert.ok(d && d.formula && d.inputs.length > 0, field);
  }
  for (const id of ['service:usersSupported', 'service:collapseUsers', 'workload:offeredRequestsPerSec', 'check:fleetBudget', 'check:fileDescriptors', 'check:memory', 'check:memory:inFlight', 'check:memory:perRequest', 'check:supply']) assert.ok(e.derivations[id], id);
  assert.equal(e.derivations['resource:db:collapseUsers'].result, 590);
});

test('an acquire timeout sheds the excess: no collapse, goodput at c/S, no timeout advice', () => {
  const e = estimate(inventory([pgPool({ acquireTimeoutMs: 2000 })]));
  assert.equal(e.collapseUsers, null);
  assert.equal(e.resources[0].collapseUsers, null);
  assert.match(e.resources[0].notes.join(' '), /sheds load: past the knee goodput stays at 50 requests\/s/);
  assert.equal(rec(e, 'acquire-timeout').length, 0);
  assert.equal(rec(estimate(), 'acquire-timeout')[0].value, 4900);
});

test('an acquire timeout longer than the client waits does not prevent the collapse', () => {
  assert.equal(estimate(inventory([pgPool({ acquireTimeoutMs: 60000 })])).collapseUsers, 590);
});

test('instances: config wins over code, users and ceilings scale, the fleet budget counts every process', () => {
  const fromCode = inventory([pgPool()], [], { instances: { value: 4, provenance: { source: 'code', file: 'src/cluster.js', line: 5, detail: 'cluster.fork × 4' } } });
  const e4 = estimate(fromCode);
  assert.deepEqual([e4.workload.instances.value, e4.usersSupported, e4.checks.fleetBudget?.fleetConnections], [4, 340, 40]);
  const e2 = estimate(fromCode, { instances: 2 });
  assert.deepEqual([e2.workload.instances.value, e2.workload.instances.provenance.source], [2, 'config']);
  const over = estimate(fromCode, { instances: 12 });
  assert.equal(over.checks.fleetBudget?.fits, false);
  assert.equal(rec(over, 'fleet-budget')[0].severity, 'error');
});

test('the instances alternative says what it costs in connections', () => {
  const [r] = rec(estimate(), 'instances');
  assert.equal(r.value, 12);
  assert.match(r.message, /12 × 10 = 120 connections, beyond the database’s 97/);
});

test('supply side: a pool beyond cores × 2 + spindles only moves the queue into the database', () => {
  const e = estimate(DEFAULT_SERVICE, { databaseCores: 4 });
  assert.equal(e.checks.supply?.efficientConnections, 9);
  assert.equal(e.checks.supply?.verdict, 'pool-moves-queue');
  assert.match(rec(e, 'supply-side')[0].message, /only moves the queue into the database/);
  assert.equal(estimate(DEFAULT_SERVICE, { users: 50, databaseCores: 8 }).checks.supply?.verdict, 'ok');
});

// Two PostgreSQL servers the code names apart: each database's supply side sums only its own pools.
const TWO_DATABASES = inventory(
  [
    pgPool({ id: 'orders-db', size: 40, holds: 'query', database: 'postgresql', databaseServer: 'env:DATABASE_URL' }),
    pgPool({ id: 'reports-db', size: 5, holds: 'query', database: 'postgresql', databaseServer: 'env:REPORTS_DATABASE_URL' }),
  ],
  [
    route('GET', '/orders', [{ resourceId: 'orders-db', count: 2, holdsAcrossRequest: false }]),
    route('GET', '/reports', [{ resourceId: 'reports-db', count: 1, holdsAcrossRequest: false }], 20),
  ],
);

test('supply side per database: the orders database is over its cores × 2 + spindles, the reports database is not', () => {
  const e = estimate(TWO_DATABASES, { users: 200, databaseCores: 4, routes: { 'GET /orders': { share: 0.9, holdMs: 100 }, 'GET /reports': { share: 0.1, holdMs: 20 } } });
  const row = (s: NonNullable<CapacityEstimate['checks']['supply']>) => [s.label, s.server, s.pools, s.efficientConnections, s.demandedBusyConnections, s.verdict, s.derivation];
  assert.deepEqual(e.checks.supplies.map(row), [
    ['PostgreSQL (the server in DATABASE_URL)', 'env:DATABASE_URL', ['orders-db'], 9, 18, 'pool-moves-queue', 'check:supply:postgresql:env:DATABASE_URL'],
    ['PostgreSQL (the server in REPORTS_DATABASE_URL)', 'env:REPORTS_DATABASE_URL', ['reports-db'], 9, 0.2, 'ok', 'check:supply:postgresql:env:REPORTS_DATABASE_URL'],
  ]);
  // The same identity as the fleet budgets, and `supply` is the most loaded one.
  assert.deepEqual(e.checks.supplies.map((s) => [s.database, s.server, s.label]), e.checks.fleetBudgets.map((b) => [b.database, b.server, b.label]));
  assert.equal(e.checks.supply?.server, 'env:DATABASE_URL');
  assert.equal(e.derivations['check:supply'].result, 9);
  assert.deepEqual(rec(e, 'supply-side').map((r) => [r.id, r.derivation]), [['supply-side:postgresql:env:DATABASE_URL', 'check:supply:postgresql:env:DATABASE_URL']]);
  assert.match(rec(e, 'supply-side')[0].message, /^The database PostgreSQL \(the server in DATABASE_URL\) serves ≈ 9 connections efficiently .* keeps 18 of its connections busy/);
  assert.match(renderText(e), /Supply side \(PostgreSQL \(the server in REPORTS_DATABASE_URL\)\): the database serves ≈ 9 connections efficiently; demand 0\.20 busy/);
});

test('supply side with one database: `supplies` holds it alone and `supply` is it', () => {
  const e = estimate(DEFAULT_SERVICE, { databaseCores: 4 });
  assert.deepEqual(e.checks.supplies, [e.checks.supply]);
  assert.deepEqual([e.checks.supply?.label, e.checks.supply?.derivation, rec(e, 'supply-side')[0].id], ['PostgreSQL', 'check:supply', 'supply-side']);
});

test('file descriptors: 1000 users on pool 10 need 1030 of 1024, 994 clients served (as measured)', () => {
  const fds = estimate().checks.fileDescriptors;
  assert.deepEqual([fds.total, fds.fits, fds.clientConnectionsServed], [1030, false, 994]);
  assert.equal(estimate(inventory([pgPool({ size: 50 })])).checks.fileDescriptors.clientConnectionsServed, 954);
});

test('memory: 57 MB + 13 KB per idle connection, 22–64 KB per connection under traffic', () => {
  const m = estimate().checks.memory;
  // Past the pool's knee (50 requests/s served) the users who are not thinking wait: 1000 − 50 × 1.8 = 910.
  assert.deepEqual([m.idleBytes, m.underTrafficBytes.low, m.underTrafficBytes.high, m.inFlightRequests], [70e6, 79e6, 121e6, 910]);
  assert.deepEqual([m.perRequest.state, m.perRequestAllocationBytes, m.boundBytes, m.limitBytes, m.verdict], ['none-found', null, 70e6, 512e6, 'fits']);
  // Below every knee the users in flight are about X·R (Little's law): 50 users, 2 s cycle, 200 ms, waits of ~0.2 ms.
  assert.equal(estimate(DEFAULT_SERVICE, { users: 50 }).checks.memory.inFlightRequests, 5.018);
});

const allocation = (what: string, bytes: number | null, line = 11, basis: 'code' | 'library-default' | 'unknown' = 'code') => ({ what, bytes, file: 'src/app.js', line, basis, detail: bytes === null ? 'no size limit' : `limit ${bytes}` });

test('per request: the largest body limit bounds what one request holds; one without a limit leaves none', () => {
  const cases: [ReturnType<typeof allocation>[], string, number | null, string | null][] = [
    [[], 'none-found', null, null],
    [[allocation('express.json()', 102400, 11, 'library-default')], 'bounded', 102400, 'express.json()'],
    [[allocation('express.json()', 102400), allocation('express.urlencoded()', 2 ** 20, 12)], 'bounded', 2 ** 20, 'express.urlencoded()'],
    [[allocation('express.json()', 2 ** 20), allocation("body collected from req.on('data')", null, 30)], 'unbounded', null, "body collected from req.on('data')"],
  ];
  for (const [facts, state, bytes, largest] of cases) {
    const p = perRequestAllocation(facts);
    assert.deepEqual([p.state, p.bytes, p.largest?.what ?? null], [state, bytes, largest], JSON.stringify(facts));
  }
  assert.deepEqual([perRequestAllocation([allocation('x', null)], 4096).state, perRequestAllocation([], 4096).bytes], ['given', 4096]);
});

test('memory: in-flight requests × the largest body, added to the idle connections, against workload.memoryLimitMb', () => {
  const withJson = estimate(inventory([pgPool()], [], { requestAllocations: [allocation('express.json()', 102400, 11, 'library-default')] }));
  const m = withJson.checks.memory;
  assert.deepEqual([m.perRequestAllocationBytes, m.inFlightBytes, m.boundBytes, m.verdict], [102400, 910 * 102400, 70e6 + 910 * 102400, 'fits']);
  assert.equal(withJson.derivations['check:memory']?.result, 163184000);
  assert.deepEqual(withJson.derivations['check:memory:perRequest']?.inputs.map((i) => [i.name, i.value, i.source]), [['express.json()', 102400, 'src/app.js:11: limit 102400 (library default)']]);
  assert.match(rec(withJson, 'memory')[0]!.message, /910 requests in flight × up to 100 KB each \(express\.json\(\) at src\/app\.js:11: limit 102400\) = 93 MB: ≤ 163 MB of the 512 MB limit \(assumed: set workload\.memoryLimitMb\)/);
  assert.equal(rec(withJson, 'memory')[0]!.severity, 'info');

  const large = inventory([pgPool()], [], { requestAllocations: [allocation('express.json()', 50 * 2 ** 20)] });
  const tight = estimate(large, { memoryLimitMb: 2048 });
  assert.deepEqual([tight.checks.memory.verdict, tight.checks.memory.limitBytes, tight.workload.memoryLimitMb.provenance.source], ['exceeds', 2048e6, 'config']);
  assert.equal(rec(tight, 'memory')[0]!.severity, 'warning');
  assert.match(rec(tight, 'memory')[0]!.message, /may pass its limit/);

  const unbounded = estimate(inventory([pgPool()], [], { requestAllocations: [allocation('express.json()', 102400), allocation("body collected from req.on('data')", null, 30)] }));
  const u = unbounded.checks.memory;
  assert.deepEqual([u.verdict, u.boundBytes, u.inFlightBytes, unbounded.derivations['check:memory']?.result], ['unbounded', null, null, null]);
  assert.match(rec(unbounded, 'memory')[0]!.message, /^Memory per process has no bound: body collected from req\.on\('data'\) at src\/app\.js:30 reads a request body with no size limit/);
  assert.match(renderText(unbounded), /Memory per process: ≈ 70 MB idle \(1,000 connections\), request bodies UNBOUNDED/);
  assert.deepEqual(JSON.parse(JSON.stringify(unbounded)), unbounded);
});

test('a route holding two connections of one pool is a pool-locking risk', () => {
  const inv = inventory([pgPool({ acquireTimeoutMs: 5000 })], [route('POST', '/orders', [{ resourceId: 'db', count: 1, holdsAcrossRequest: true }, { resourceId: 'db', count: 1, holdsAcrossRequest: false }])]);
  const e = estimate(inv);
  assert.equal(e.checks.poolLocking.length, 1);
  assert.deepEqual([e.checks.poolLocking[0].route, e.checks.poolLocking[0].unitsHeld, e.checks.poolLocking[0].acquireTimeout], ['POST /orders', 2, true]);
  assert.equal(rec(e, 'pool-locking').length, 1);
});

test('a multiplexed Redis client is not a pool to lock: a route using it while holding a duplicate is no risk', () => {
  // corpus/http-redis-shortener: an SSE route holds `client.duplicate()` while the shared client keeps answering.
  const redis = { id: 'cache', kind: 'redis' as const, library: 'redis', file: 'lib/redis.js', line: 3, size: 1, sizeSource: { source: 'code' as const }, holds: 'query' as const, usesPerRequest: 1, multiplexed: true };
  const inv = inventory([redis], [route('*', '*', [{ resourceId: 'cache', count: 8, holdsAcrossRequest: false }, { resourceId: 'cache', count: 1, holdsAcrossRequest: true }])]);
  const e = estimate(inv);
  assert.deepEqual([e.checks.poolLocking, rec(e, 'pool-locking')], [[], []]);
});

test('routes: the heaviest route by default, the traffic mix when shares are given', () => {
  const inv = inventory(
    [pgPool({ holds: 'query', queryMs: 20, usesPerRequest: 5 })],
    [route('GET', '/report', [{ resourceId: 'db', count: 5, holdsAcrossRequest: false }]), route('GET', '/home', [], 20)],
  );
  const heaviest = estimate(inv).resources[0].demand!;
  assert.deepEqual([heaviest.usesPerRequest, heaviest.holdMs], [5, 20]);
  assert.match(heaviest.basis, /GET \/report/);
  const mixed = estimate(inv, { routes: { 'GET /report': { share: 0.2 } } }).resources[0].demand!;
  assert.deepEqual([mixed.usesPerRequest, mixed.holdMs], [1, 20]);
  const slower = estimate(inv, { routes: { 'GET /report': { holdMs: 40 } } }).resources[0].demand!;
  assert.equal(slower.holdMs, 40);
});

test('a wait target sizes the pool by the finite-source model', () => {
  const e = estimate(DEFAULT_SERVICE, { target: { kind: 'wait', maxPWait: 0.05 } });
  assert.equal(e.resources[0].recommendedSize, 117);
  assert.ok(e.usersSupported! > 0 && e.usersSupported! < 100);
});

test('multiplexed Redis and unbounded agents are listed, not queued', () => {
  const inv = inventory([
    pgPool({ id: 'cache', kind: 'redis', library: 'ioredis', size: 1, holds: 'query', usesPerRequest: 2 }),
    pgPool({ id: 'upstream', kind: 'http-agent', library: 'undici', size: null, holds: 'query', usesPerRequest: 1, queryMs: 100 }),
  ]);
  const e = estimate(inv);
  assert.deepEqual(e.resources.map((r) => [r.id, r.modelled, r.usersSupported]), [['cache', false, null], ['upstream', false, null]]);
  assert.equal(e.usersSupported, null);
  assert.equal(e.bottleneck, null);
  assert.equal(e.checks.fileDescriptors.upstreamSockets, 50);
  assert.ok(e.loadTestNeeded.length >= 2);
});

test('a comfortable pool is ok, its wait flagged as order-of-magnitude, and nothing asks to grow it', () => {
  const e = estimate(inventory([pgPool({ size: 150, sizeSource: { source: 'code' } })]));
  const db = e.resources[0];
  assert.deepEqual([db.status, db.predictedWaitMs?.reliability, e.usersSupported], ['ok', 'order-of-magnitude', 1275]);
  assert.equal(rec(e, 'pool-size').length, 0);
});

test('response time never falls as users grow', () => {
  const curve = estimate().resources[0].curve;
  assert.ok(curve.length >= 10);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].responseTimeMs.expected >= curve[i - 1].responseTimeMs.expected - 1e-6, `at ${curve[i].users} users`);
});

test('renderings lead with the bottleneck and show the table, recommendations and derivations', () => {
  const e = estimate();
  const md = renderMarkdown(e);
  assert.ok(md.startsWith('# Concurrency capacity\n\n**The pg pool at src/db.js:3'));
  assert.match(md, /\| Resource \| Where \| Size \| Users supported \| Utilisation \| Wait per acquisition \| Collapse at \| Status \|/);
  assert.match(md, /\| pg db-pool `db` \| src\/db\.js:3 \| 10 \(pg default\) \| ≈ 85 \|/);
  assert.match(md, /## When only a load test is honest/);
  assert.match(md, /<summary>Users supported at utilisation ≤ 0\.85: U_max = n · ⌊u · c · \(Z \+ R\) \/ D⌋ = 85 users<\/summary>/);
  const text = renderText(e);
  assert.ok(text.startsWith(e.bottleneck!.sentence));
  assert.match(text, /needs ≥ 118 for 1,000 users/);
});

// ---- Routes that carry no user traffic ---------------------------------------------------------------

const readyz = route('GET', '/readyz', [{ resourceId: 'db', count: 1, holdsAcrossRequest: false }], 14);
const replay = route('POST', '/admin/orders/:id/replay', [{ resourceId: 'db', count: 3, holdsAcrossRequest: true }], 40);

test('a pool only probes and operator routes use is listed, not judged against the users', () => {
  const e = estimate(inventory([pgPool({ size: 8, sizeSource: { source: 'code' } })], [route('GET', '/healthz', [], 12), readyz, replay]));
  const db = e.resources[0];
  assert.deepEqual([db.modelled, db.status, db.usersSupported, db.demand], [false, 'ok', null, null]);
  assert.deepEqual(db.excludedRoutes, ['GET /readyz', 'POST /admin/orders/:id/replay']);
  assert.match(db.notes.join(' '), /used only by routes that carry no user traffic \(GET \/readyz: probe; POST \/admin\/orders\/:id\/replay: operator\)/);
  assert.deepEqual([e.usersSupported, e.bottleneck, e.checks.poolLocking.length, rec(e, 'pool-size').length], [null, null, 0, 0]);
  assert.deepEqual(e.routes.map((r) => [r.key, r.traffic, r.userFacing, r.classifiedBy]), [
    ['GET /healthz', 'probe', false, 'path'],
    ['GET /readyz', 'probe', false, 'path'],
    ['POST /admin/orders/:id/replay', 'operator', false, 'path'],
  ]);
  // Nobody connects to a service whose routes are all probes and operator routes.
  assert.deepEqual([e.checks.fileDescriptors.clientConnections, e.checks.fileDescriptors.fits], [0, true]);
  assert.match(renderText(e), /^No route carries user traffic/);
  assert.match(renderText(e), /^Routes not counted as user traffic:\n {2}GET \/healthz \(src\/routes\.js:12\): probe: a health\/readiness\/metrics probe/m);
  assert.match(renderMarkdown(e), /^## Routes not counted as user traffic\n\n- GET \/healthz/m);
});

test('workload.routes[…].userFacing overrides the path either way', () => {
  const inv = inventory([pgPool()], [readyz, replay, route('GET', '/orders', [{ resourceId: 'db', count: 1, holdsAcrossRequest: false }])]);
  const counted = estimate(inv, { routes: { 'POST /admin/orders/:id/replay': { userFacing: true } } });
  assert.equal(counted.resources[0].demand?.usesPerRequest, 3, 'the admin route, now user traffic, is the heaviest');
  assert.deepEqual(counted.routes.map((r) => [r.key, r.userFacing, r.classifiedBy]), [['GET /readyz', false, 'path'], ['POST /admin/orders/:id/replay', true, 'config'], ['GET /orders', true, 'path']]);
  assert.equal(counted.checks.poolLocking.length, 1, 'it holds a connection and asks for more');
  const dropped = estimate(inv, { routes: { 'GET /orders': { userFacing: false } } });
  assert.deepEqual([dropped.resources[0].modelled, dropped.routes[2].traffic, dropped.routes[2].reason], [false, 'operator', 'config: workload.routes["GET /orders"].userFacing is false']);
});

test('a probe that uses a pool more than the user routes does not set its demand, nor a share', () => {
  const inv = inventory([pgPool({ holds: 'query' })], [route('GET', '/health', [{ resourceId: 'db', count: 4, holdsAcrossRequest: false }]), route('GET', '/orders', [{ resourceId: 'db', count: 1, holdsAcrossRequest: false }])]);
  const e = estimate(inv);
  assert.deepEqual([e.resources[0].demand?.usesPerRequest, e.resources[0].excludedRoutes], [1, ['GET /health']]);
  const shared = estimate(inv, { routes: { 'GET /health': { share: 0.5 } } });
  assert.equal(shared.resources[0].demand?.usesPerRequest, 1);
  assert.deepEqual(shared.workload.problems, ['workload.routes["GET /health"].share is ignored: the route is not counted as user traffic (probe); set userFacing: true to count it']);
  assert.equal(estimate(inv, { routes: { 'GET /health': { userFacing: 'yes' as unknown as boolean } } }).workload.problems.length, 1);
});
