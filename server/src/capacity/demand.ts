// How much of a resource one request uses: uses per request (k), hold per use (S) and the request
// time (R), from the routes that use it and the workload's per-route times. Without traffic shares
// every request is assumed to be the route that uses the resource most (conservative, and said so).
import { routeKey, type Inventory, type InventoryResource, type InventoryRoute } from './inventory';
import type { ResolvedWorkload } from './workload';

export interface ResourceDemand {
  usesPerRequest: number;
  holdMs: number;
  requestMs: number;
  /** How the numbers were chosen, in one sentence. */
  basis: string;
  /** Where k, S and R came from, for the derivations. */
  sources: { usesPerRequest: string; holdMs: string; requestMs: string };
  /** The route taken as "every request" (heaviest-route basis). */
  route?: string;
}

interface RouteDemand {
  key: string;
  uses: number;
  busyMs: number;
  requestMs: number;
  holdSource: string;
  requestSource: string;
}

function routeDemand(route: InventoryRoute, resource: InventoryResource, workload: ResolvedWorkload): RouteDemand | undefined {
  const uses = route.uses.filter((u) => u.resourceId === resource.id && u.count > 0);
  if (uses.length === 0) return undefined;
  const key = routeKey(route);
  const overrides = workload.routes[key] ?? {};
  const requestMs = overrides.requestMs ?? workload.requestMs.value;
  const requestSource = overrides.requestMs !== undefined ? `config: workload.routes["${key}"].requestMs` : 'workload.requestMs';
  const held = uses.filter((u) => u.holdsAcrossRequest).reduce((n, u) => n + u.count, 0);
  const queries = uses.filter((u) => !u.holdsAcrossRequest).reduce((n, u) => n + u.count, 0);
  // A held unit is busy for the whole request; a query for its own time, else (conservatively) an
  // equal share of the request.
  const heldMs = overrides.holdMs ?? requestMs;
  const queryMs = overrides.holdMs ?? resource.queryMs ?? (queries > 0 ? requestMs / queries : requestMs);
  const queryWords = queries === 1 ? '1 query' : `${queries} queries`;
  const holdSource =
    overrides.holdMs !== undefined
      ? `config: workload.routes["${key}"].holdMs`
      : held > 0 && queries === 0
        ? `held across the request: ${requestSource}`
        : [
            ...(held > 0 ? [`${held} held across the request (${requestSource})`] : []),
            resource.queryMs !== undefined
              ? `${queryWords} at the resource’s query time`
              : `${queryWords} at an unknown query time: the request time${queries === 1 ? '' : ` divided among the ${queries}`} (conservative)`,
          ].join(' + ');
  return { key, uses: held + queries, busyMs: held * heldMs + queries * queryMs, requestMs, holdSource, requestSource };
}

/** k, S and R for one resource. */
export function resourceDemand(resource: InventoryResource, inventory: Inventory, workload: ResolvedWorkload): ResourceDemand {
  const perRoute = inventory.routes.map((r) => routeDemand(r, resource, workload)).filter((d): d is RouteDemand => d !== undefined);
  if (perRoute.length === 0) return fromResource(resource, workload);

  const shares = trafficShares(inventory, workload);
  if (shares) {
    let uses = 0;
    let busy = 0;
    let request = 0;
    for (const route of inventory.routes) {
      const key = routeKey(route);
      const w = shares.get(key) ?? 0;
      const d = perRoute.find((p) => p.key === key);
      request += w * (workload.routes[key]?.requestMs ?? workload.requestMs.value);
      if (!d) continue;
      uses += w * d.uses;
      busy += w * d.busyMs;
    }
    if (uses > 0) {
      return {
        usesPerRequest: uses,
        holdMs: busy / uses,
        requestMs: request,
        basis: `the traffic mix of workload.routes: ${fmt(uses)} uses per average request`,
        sources: { usesPerRequest: 'routes weighted by their share', holdMs: 'routes weighted by their share', requestMs: 'routes weighted by their share' },
      };
    }
  }
  // Ties (every route busy for the whole request when query times are unknown) go to the route with
  // more uses: the one that would stay heaviest once query times are known.
  const heaviest = perRoute.reduce((a, b) => (b.busyMs > a.busyMs + 1e-9 || (Math.abs(b.busyMs - a.busyMs) <= 1e-9 && b.uses > a.uses) ? b : a));
  return {
    usesPerRequest: heaviest.uses,
    holdMs: heaviest.busyMs / heaviest.uses,
    requestMs: heaviest.requestMs,
    basis: `every request is assumed to be ${heaviest.key}, the route that uses it most (set workload.routes shares to refine)`,
    sources: { usesPerRequest: `route ${heaviest.key}`, holdMs: heaviest.holdSource, requestMs: heaviest.requestSource },
    route: heaviest.key,
  };
}

function fromResource(resource: InventoryResource, workload: ResolvedWorkload): ResourceDemand {
  const k = resource.usesPerRequest;
  const R = workload.requestMs.value;
  if (resource.holds === 'request') {
    return {
      usesPerRequest: k,
      holdMs: R,
      requestMs: R,
      basis: 'a unit is held across each request',
      sources: { usesPerRequest: 'the resource', holdMs: 'held across the request: workload.requestMs', requestMs: 'workload.requestMs' },
    };
  }
  const known = resource.queryMs !== undefined;
  return {
    usesPerRequest: k,
    holdMs: resource.queryMs ?? (k > 0 ? R / k : R),
    requestMs: R,
    basis: known ? `${fmt(k)} use(s) per request of ${fmt(resource.queryMs!)} ms` : `${fmt(k)} use(s) per request sharing the request time (query time unknown: conservative)`,
    sources: { usesPerRequest: 'the resource', holdMs: known ? 'the resource’s query time' : 'unknown query time: the request time shared by its uses (conservative)', requestMs: 'workload.requestMs' },
  };
}

/** Shares per route key, or undefined when the workload gives none. Unlisted routes share what is left. */
function trafficShares(inventory: Inventory, workload: ResolvedWorkload): Map<string, number> | undefined {
  const keys = inventory.routes.map(routeKey);
  const given = keys.filter((k) => workload.routes[k]?.share !== undefined);
  if (given.length === 0) return undefined;
  const sum = given.reduce((s, k) => s + workload.routes[k]!.share!, 0);
  const rest = keys.filter((k) => workload.routes[k]?.share === undefined);
  const shares = new Map<string, number>();
  if (sum >= 1 || rest.length === 0) {
    for (const k of given) shares.set(k, workload.routes[k]!.share! / (sum || 1));
  } else {
    for (const k of given) shares.set(k, workload.routes[k]!.share!);
    for (const k of rest) shares.set(k, (1 - sum) / rest.length);
  }
  return shares;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
