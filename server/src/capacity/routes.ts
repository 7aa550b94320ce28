// Which routes carry the user workload. Load-balancer and orchestrator probes (/healthz, /readyz,
// /metrics…) and operator routes (/admin, /internal) are not what the workload's users do: they get
// no share of the users' requests, and a pool that only they use is not judged against the users.
// Classification reads the full path (the engine adds the prefixes routers are mounted under), and
// `workload.routes["GET /x"].userFacing` overrides it either way. Pure: no I/O.
import { routeKey, type InventoryRoute } from './inventory';
import type { RouteWorkload } from './workload';

/** 'user': the workload's users call it; 'probe': health/readiness/metrics checks; 'operator': staff and services. */
export type RouteTraffic = 'user' | 'probe' | 'operator';

export interface RouteClass {
  /** "GET /healthz", the key of `workload.routes`. */
  key: string;
  traffic: RouteTraffic;
  userFacing: boolean;
  /** Why, in words: "a health/readiness probe path (/healthz): load balancers call it, not users". */
  reason: string;
  /** 'path' when read from the path, 'config' when `workload.routes[key].userFacing` decided. */
  source: 'path' | 'config';
}

/** First path segments (after `/api`, `/v1`… prefixes) of probes that may have sub-paths (/health/db, /metrics/prometheus). */
const PROBE_TREES = new Set(['health', 'healthz', 'healthcheck', 'health-check', 'health_check', 'metrics', 'livez', 'readyz']);
/** Whole paths (after the prefixes) that are probes only when nothing follows: `/status/:orderId` is user traffic. */
const PROBE_LEAVES = new Set([...PROBE_TREES, 'ready', 'readiness', 'live', 'liveness', 'alive', 'ping', 'heartbeat', 'status']);
/** First segments of operator routes: staff tools and service-to-service endpoints. */
const OPERATOR_TREES = new Set(['admin', 'internal']);
/** Segments that only prefix an API: skipped before looking at the first meaningful one. */
const PREFIX = /^(api|v\d+(\.\d+)?)$/;
/** Probes are read, not written: a `POST /status` is a user's status update. */
const PROBE_METHODS = new Set(['GET', 'HEAD', 'ALL', '*', 'USE']);

/** The meaningful segments of a route path: lower case, without `_`/`-` prefixes (`/_health`, `/-/ready`) and API prefixes. */
function segments(path: string): string[] {
  const parts = path
    .split('/')
    .map((s) => s.toLowerCase().replace(/^[_-]+/, ''))
    .filter((s) => s.length > 0);
  let i = 0;
  while (i < parts.length - 1 && PREFIX.test(parts[i]!)) i++;
  return parts.slice(i);
}

/** What the path alone says about a route's traffic, and why. */
export function trafficOfPath(method: string, path: string): { traffic: RouteTraffic; reason: string } {
  const parts = segments(path);
  const first = parts[0];
  if (first === undefined) return { traffic: 'user', reason: 'user-facing' };
  if (PROBE_METHODS.has(method.toUpperCase()) && (PROBE_TREES.has(first) || (parts.length === 1 && PROBE_LEAVES.has(first)))) {
    return { traffic: 'probe', reason: 'a health/readiness/metrics probe: load balancers, orchestrators and monitoring call it, not the workload’s users' };
  }
  if (OPERATOR_TREES.has(first)) {
    return { traffic: 'operator', reason: 'an operator route (/admin, /internal): staff and internal services call it, a handful of clients rather than the workload’s users' };
  }
  return { traffic: 'user', reason: 'user-facing' };
}

/** The route's class: `workload.routes[key].userFacing` when set, else what its path says. */
export function classifyRoute(route: Pick<InventoryRoute, 'method' | 'path'>, routes: Record<string, RouteWorkload>): RouteClass {
  const key = routeKey(route);
  const fromPath = trafficOfPath(route.method, route.path);
  const configured = routes[key]?.userFacing;
  if (configured === undefined) return { key, traffic: fromPath.traffic, userFacing: fromPath.traffic === 'user', reason: fromPath.reason, source: 'path' };
  if (configured) return { key, traffic: 'user', userFacing: true, reason: `config: workload.routes["${key}"].userFacing is true`, source: 'config' };
  return {
    key,
    traffic: fromPath.traffic === 'user' ? 'operator' : fromPath.traffic,
    userFacing: false,
    reason: `config: workload.routes["${key}"].userFacing is false`,
    source: 'config',
  };
}
