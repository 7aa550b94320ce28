// Which routes carry the user workload, by path (table) and by configuration: probes and operator
// routes get no share of the users' requests (server/src/capacity/routes.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyRoute, trafficOfPath, type RouteTraffic } from '../server/src/capacity/routes';

const TABLE: [method: string, path: string, traffic: RouteTraffic][] = [
  ['GET', '/health', 'probe'],
  ['GET', '/healthz', 'probe'],
  ['GET', '/health/db', 'probe'],
  ['HEAD', '/healthcheck', 'probe'],
  ['GET', '/readyz', 'probe'],
  ['GET', '/livez', 'probe'],
  ['GET', '/ready', 'probe'],
  ['GET', '/live', 'probe'],
  ['GET', '/ping', 'probe'],
  ['GET', '/metrics', 'probe'],
  ['GET', '/status', 'probe'],
  ['GET', '/_health', 'probe'],
  ['GET', '/-/ready', 'probe'],
  ['GET', '/api/health', 'probe'],
  ['GET', '/api/v1/status', 'probe'],
  ['GET', '/v2/healthz/deep', 'probe'],
  ['ALL', '/ping', 'probe'],
  ['USE', '/metrics', 'probe'],
  ['GET', '/admin', 'operator'],
  ['POST', '/admin/orders/:id/replay', 'operator'],
  ['GET', '/api/internal/stats', 'operator'],
  ['DELETE', '/internal/cache', 'operator'],
  // Look-alikes that are user traffic.
  ['GET', '/orders/:id/status', 'user'],
  ['GET', '/status/:orderId', 'user'],
  ['POST', '/status', 'user'],
  ['POST', '/ping', 'user'],
  ['GET', '/healthy-recipes', 'user'],
  ['GET', '/users/:id/health', 'user'],
  ['GET', '/administrators', 'user'],
  ['GET', '/api', 'user'],
  ['GET', '/', 'user'],
  ['*', '*', 'user'],
  ['USE', '*', 'user'],
];

for (const [method, path, traffic] of TABLE) {
  test(`${method} ${path} is ${traffic} traffic`, () => {
    assert.equal(trafficOfPath(method, path).traffic, traffic);
  });
}

test('the configuration wins over the path, and says so', () => {
  const admin = { method: 'GET', path: '/admin/stats' };
  assert.deepEqual(classifyRoute(admin, {}), { key: 'GET /admin/stats', traffic: 'operator', userFacing: false, reason: trafficOfPath('GET', '/admin/stats').reason, source: 'path' });
  assert.deepEqual(classifyRoute(admin, { 'GET /admin/stats': { userFacing: true } }), { key: 'GET /admin/stats', traffic: 'user', userFacing: true, reason: 'config: workload.routes["GET /admin/stats"].userFacing is true', source: 'config' });
  const webhook = classifyRoute({ method: 'post', path: '/webhooks/stripe' }, { 'POST /webhooks/stripe': { userFacing: false } });
  assert.deepEqual([webhook.key, webhook.traffic, webhook.userFacing, webhook.source], ['POST /webhooks/stripe', 'operator', false, 'config']);
  assert.equal(classifyRoute({ method: 'GET', path: '/healthz' }, { 'GET /healthz': { userFacing: false } }).traffic, 'probe');
});
