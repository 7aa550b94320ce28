// The capacity estimate: the inventory of resources and a workload in, a stable JSON contract out
// (workload with provenance, users supported, collapse threshold, bottleneck, per-resource numbers,
// checks, recommendations, and a derivation for every number). Pure: no I/O, no engine, no LSP.
import type { CapacityChecks, CapacityEstimate, ResourceEstimate, RouteEstimate, WorkloadReport, WorkloadValue } from './contract';
import { CAPACITY_SCHEMA_VERSION } from './contract';
import { DerivationLog } from './derivation';
import { resourceDemand } from './demand';
import { derive, explainPool, wIn } from './explain';
import { fmtNumber, round } from './format';
import { countsAgainstDatabase, databaseOf, inventoryDatabase, routeKey, type Inventory, type InventoryResource } from './inventory';
import { fileDescriptors, fleetBudget, memory, perRequestAllocation, supplySide, type PoolLockingRisk } from './limits';
import { MEASURED_SOURCE } from './measured';
import { classifyRoute, type RouteClass } from './routes';
import { modelPool, poolCurve, type PoolModel, type PoolModelInput } from './model';
import { assumptions, bottleneckSentence, loadTestNeeded, recommend, type Modelled } from './recommend';
import { DATABASE_DEFAULTS, describeProvenance, describeTarget, resolveWorkload, type DatabaseEngine, type Provenance, type Resolved, type ResolvedWorkload, type WorkloadInput, type WorkloadProvenance } from './workload';

export type { CapacityChecks, CapacityEstimate, PredictedWait, Recommendation, RecommendationKind, ResourceEstimate, RouteEstimate, WorkloadReport, WorkloadValue } from './contract';
export { CAPACITY_SCHEMA_VERSION } from './contract';

/** The workload for an inventory: given values, then what the code says (database, instances), then defaults. */
export function workloadFor(inventory: Inventory, partial: WorkloadInput = {}, provenance: WorkloadProvenance = {}): ResolvedWorkload {
  return resolveWorkload(partial, provenance, { database: inventoryDatabase(inventory), instances: inventory.instances, instancesPerCpu: inventory.instancesPerCpu });
}

/** The estimate for an inventory at a resolved workload (see the file's header). */
export function estimateCapacity(given: Inventory, resolved: ResolvedWorkload = workloadFor(given)): CapacityEstimate {
  const log = new DerivationLog();
  const inventory = withCpuSizes(given, resolved);
  // Only user-facing routes carry the users' requests: probes and operator routes are listed, not loaded.
  const classes = inventory.routes.map((route) => ({ route, cls: classifyRoute(route, resolved.routes) }));
  const userInventory: Inventory = { ...inventory, routes: classes.filter((x) => x.cls.userFacing).map((x) => x.route) };
  const excluded = classes.filter((x) => !x.cls.userFacing);
  const routeProblems = [...new Set(excluded.filter((x) => resolved.routes[x.cls.key]?.share !== undefined).map((x) => x.cls.key))].map(
    (key) => `workload.routes["${key}"].share is ignored: the route is not counted as user traffic (${excluded.find((x) => x.cls.key === key)!.cls.traffic}); set userFacing: true to count it`,
  );
  const workload: ResolvedWorkload = routeProblems.length ? { ...resolved, problems: [...resolved.problems, ...routeProblems] } : resolved;
  const U = workload.users.value;
  const Z = workload.thinkTimeMs.value;
  const R = workload.requestMs.value;
  const n = workload.instances.value;
  const usersPerInstance = U / n;
  const offered = (U / (Z + R)) * 1000;
  log.add({
    id: 'workload:offeredRequestsPerSec',
    label: 'Requests per second the users offer (interactive response-time law)',
    formula: 'X = U / (Z + R)',
    inputs: [wIn('U', U, 'users', workload.users.provenance), wIn('Z', Z, 'ms', workload.thinkTimeMs.provenance), wIn('R', R, 'ms', workload.requestMs.provenance)],
    result: offered,
    unit: 'requests/s',
  });

  const modelled: Modelled[] = [];
  const resources: ResourceEstimate[] = inventory.resources.map((resource) => {
    const base = baseEstimate(resource);
    if (resource.kind === 'redis' && resource.multiplexed !== false) {
      base.notes.push('one multiplexed connection that pipelines commands: not a pool requests queue for; its limit is the Redis server’s CPU, which only a load test measures');
      return base;
    }
    if (resource.migration) {
      base.migration = resource.migration;
      base.notes.push(`a pool for one-off migration runs (${resource.migration}): counted once in the database's fleet budget, not per instance; it serves no requests, so it is not judged against the users`);
      return base;
    }
    const uses = (route: Inventory['routes'][number]) => route.uses.some((u) => u.resourceId === resource.id && u.count > 0);
    const excludedUsers = excluded.filter((x) => uses(x.route));
    if (excludedUsers.length) base.excludedRoutes = [...new Set(excludedUsers.map((x) => x.cls.key))];
    if (excludedUsers.length && !userInventory.routes.some(uses)) {
      base.notes.push(
        `used only by routes that carry no user traffic (${describeExcluded(excludedUsers.map((x) => x.cls))}): the workload's ${fmtNumber(U)} users do not reach it, so it is not judged against them (set workload.routes[…].userFacing: true if they do)`,
      );
      return base;
    }
    const demand = resourceDemand(resource, userInventory, workload);
    if (demand.usesPerRequest <= 0) {
      base.notes.push('no use on the request path was found: it adds no load in the model');
      return base;
    }
    base.demand = { usesPerRequest: demand.usesPerRequest, holdMs: demand.holdMs, requestMs: demand.requestMs, basis: demand.basis };
    if (resource.size === null) {
      const busy = (usersPerInstance / (Z + demand.requestMs)) * demand.usesPerRequest * demand.holdMs;
      base.busyUnitsPerInstance = busy;
      base.notes.push(`unbounded: no queue, but every concurrent use opens a socket (≈ ${fmtNumber(busy)} busy per process by Little's law) and nothing limits a slow upstream`);
      derive(log, resource.id, 'busyUnitsPerInstance', 'Mean sockets in use per process (Little’s law)', 'L = U/n / (Z + R) · k · S', [
        wIn('U', U, 'users', workload.users.provenance), wIn('n', n, 'processes', workload.instances.provenance), wIn('Z', Z, 'ms', workload.thinkTimeMs.provenance),
        { name: 'R', value: demand.requestMs, unit: 'ms', source: demand.sources.requestMs }, { name: 'k', value: demand.usesPerRequest, source: demand.sources.usesPerRequest }, { name: 'S', value: demand.holdMs, unit: 'ms', source: demand.sources.holdMs },
      ], busy, 'sockets');
      return base;
    }
    const input: PoolModelInput = {
      size: resource.size,
      holdMs: demand.holdMs,
      usesPerRequest: demand.usesPerRequest,
      users: usersPerInstance,
      thinkTimeMs: Z,
      requestMs: demand.requestMs,
      clientTimeoutMs: workload.clientTimeoutMs.value,
      acquireTimeoutMs: resource.acquireTimeoutMs,
      target: workload.target.value,
    };
    const model = modelPool(input);
    modelled.push({ resource, demand, input, model });
    fillModelled(base, model, input, n, U);
    explainPool(log, resource, demand, input, model, workload);
    return base;
  });

  // ---- Service level ------------------------------------------------------------------------------
  const limiting = resources.filter((r) => r.usersSupported !== null);
  const bottleneckEntry = limiting.reduce<ResourceEstimate | undefined>(
    (best, r) => (!best || r.usersSupported! < best.usersSupported! || (r.usersSupported === best.usersSupported && (r.offeredUtilization ?? 0) > (best.offeredUtilization ?? 0)) ? r : best),
    undefined,
  );
  const usersSupported = bottleneckEntry ? bottleneckEntry.usersSupported : null;
  const collapsing = resources.filter((r) => r.collapseUsers !== null);
  const collapseUsers = collapsing.length ? Math.min(...collapsing.map((r) => r.collapseUsers!)) : null;
  log.add({
    id: 'service:usersSupported',
    label: `Users the service supports at ${describeTarget(workload.target.value)}`,
    formula: 'min over resources of their users supported',
    inputs: limiting.map((r) => ({ name: r.id, value: r.usersSupported, unit: 'users', ref: `resource:${r.id}:usersSupported` })),
    result: usersSupported,
    unit: 'users',
  });
  log.add({
    id: 'service:collapseUsers',
    label: 'Users at which responses pass the client timeout (goodput collapses)',
    formula: 'min over resources of their collapse threshold',
    inputs: collapsing.map((r) => ({ name: r.id, value: r.collapseUsers, unit: 'users', ref: `resource:${r.id}:collapseUsers` })),
    result: collapseUsers,
    unit: 'users',
  });
  const bottleneckModel = bottleneckEntry ? modelled.find((m) => m.resource.id === bottleneckEntry.id) : undefined;
  const bottleneck = bottleneckEntry && bottleneckModel ? { resourceId: bottleneckEntry.id, sentence: bottleneckSentence(bottleneckEntry, bottleneckModel, workload) } : null;

  // ---- Checks ---------------------------------------------------------------------------------------
  // One budget per database server: PostgreSQL and MySQL pools do not share max_connections, nor do
  // pools whose code names different servers.
  const groups = databaseGroups(modelledOrSized(inventory, modelled).filter((p) => countsAgainstDatabase(p.resource)), workload);
  const budgets = groups.map((group) => {
    const max = databaseLimit(workload, group.database, 'databaseMaxConnections');
    const reserved = databaseLimit(workload, group.database, 'databaseReservedConnections');
    const budget = fleetBudget(
      group.pools.map((p) => ({ resourceId: p.resource.id, size: p.resource.size!, recommendedSize: p.model?.recommendedSize ?? null, ...(p.resource.migration ? { migration: true } : {}) })),
      n,
      max.value,
      reserved.value,
      { database: group.database, server: group.server, label: group.label, derivation: group.derivation },
    );
    const migrations = budget.pools.filter((p) => p.migration);
    log.add({
      id: group.derivation,
      label: `Connections the fleet may open against ${group.label}’s budget`,
      formula: migrations.length ? 'Σ web pool max × instances + Σ migration pool max × 1 ≤ max_connections − reserved' : 'Σ pool max × instances ≤ max_connections − reserved',
      inputs: [
        ...budget.pools.map((p) => ({ name: `max(${p.resourceId})`, value: p.size, unit: 'connections', source: p.migration ? 'code or library default; a migration run: one process, counted once' : 'code or library default' })),
        wIn('instances', n, 'processes', workload.instances.provenance),
        wIn('max_connections', max.value, 'connections', max.provenance),
        wIn('reserved', reserved.value, 'connections', reserved.provenance),
      ],
      result: budget.fleetConnections,
      unit: 'connections',
      note: `available ${budget.available}; with the recommended sizes ${budget.recommendedFleetConnections}. ${migrations.length ? `${budget.connectionsPerInstance} × ${n} from the serving processes + ${budget.migrationConnections} from a migration run (the TypeORM CLI's data source is one process, whatever the fleet's size). ` : ''}${group.note}Count every pool that connects: web, workers, migrations, consoles.`,
    });
    return budget;
  });
  // The budget most at risk stands for all of them in `fleetBudget` (and under check:fleetBudget).
  const budget = budgets.length ? budgets.reduce((worst, b) => (b.fleetConnections / b.available > worst.fleetConnections / worst.available ? b : worst)) : null;
  if (budget && budget.derivation !== 'check:fleetBudget') log.add({ ...log.toRecord()[budget.derivation]!, id: 'check:fleetBudget' });
  // The supply side per database server too: each database serves its own pools' demand with its
  // own cores. Only pools the users load (modelled ones) demand busy connections.
  const supplies = groups.flatMap((group) => {
    const members = group.pools.flatMap((p) => modelled.filter((m) => m.resource === p.resource));
    if (members.length === 0) return [];
    const derivation = group.derivation.replace(/^check:fleetBudget/, 'check:supply');
    const check = supplySide(
      workload.databaseCores?.value,
      workload.databaseSpindles.value,
      members.reduce((s, m) => s + m.model.busyUnits * n, 0),
      members.reduce((s, m) => s + Math.max(m.model.recommendedSize, m.input.size) * n, 0),
      { database: group.database, server: group.server, label: group.label, derivation, pools: members.map((m) => m.resource.id) },
    );
    log.add({
      id: derivation,
      label: `Connections ${group.label} serves efficiently (supply side)`,
      formula: 'cores × 2 + effective spindles (HikariCP, “About Pool Sizing”)',
      inputs: [
        workload.databaseCores ? wIn('cores', workload.databaseCores.value, 'cores', workload.databaseCores.provenance) : { name: 'cores', value: null, source: 'unknown: set workload.databaseCores' },
        wIn('spindles', workload.databaseSpindles.value, '', workload.databaseSpindles.provenance),
        ...members.map((m) => ({ name: `busy(${m.resource.id})`, value: round(m.model.busyUnits * n), unit: 'connections', source: 'Little’s law × instances', ref: `resource:${m.resource.id}:busyUnitsPerInstance` })),
        { name: 'demanded busy connections (fleet)', value: check.demandedBusyConnections, unit: 'connections', source: `Σ Little’s law over ${group.label}’s pools` },
      ],
      result: check.efficientConnections,
      unit: 'connections',
      ...(groups.length > 1 ? { note: `Each database server is checked with its own pools' demand; workload.databaseCores and databaseSpindles apply to every database.` } : {}),
    });
    return [check];
  });
  // The one standing for all in `supply` (and under check:supply): the most loaded database, by
  // demand over what it serves efficiently, or by demand when the cores are unknown.
  const load = (c: (typeof supplies)[number]) => (c.efficientConnections ? c.demandedBusyConnections / c.efficientConnections : c.demandedBusyConnections);
  const supply = supplies.length ? supplies.reduce((worst, c) => (load(c) > load(worst) ? c : worst)) : null;
  if (supply && supply.derivation !== 'check:supply') log.add({ ...log.toRecord()[supply.derivation]!, id: 'check:supply' });
  // A handful of probe or operator requests cannot fill a pool: only user routes can lock it.
  const poolLocking = poolLockingRisks(userInventory, modelled, usersPerInstance, Z);
  const upstreamSockets = resources.filter((r) => r.kind === 'http-agent').reduce((s, r) => s + (r.size ?? Math.ceil(r.busyUnitsPerInstance ?? 0)), 0);
  // A migration pool lives in another process: it holds none of the serving process's descriptors.
  const migrationPools = new Set(inventory.resources.filter((r) => r.migration).map((r) => r.id));
  const poolConnections = resources.filter((r) => r.kind !== 'http-agent' && !migrationPools.has(r.id)).reduce((s, r) => s + (r.size ?? 0), 0);
  // Routes were found and none serves users (a worker with health and admin endpoints): the users
  // do not connect here. With no routes found at all the code may use a framework we do not read.
  const servesUsers = classes.length === 0 || classes.some((x) => x.cls.userFacing);
  const clientConnections = servesUsers ? Math.ceil(usersPerInstance) : 0;
  const clientSource = servesUsers ? 'one keep-alive connection per user, users spread over processes' : 'none: no route found carries user traffic (only probes and operator routes)';
  const fds = fileDescriptors(clientConnections, poolConnections, upstreamSockets, workload.fileDescriptorLimit.value);
  log.add({
    id: 'check:fileDescriptors',
    label: 'File descriptors per process',
    formula: 'users’ keep-alive connections + pool connections + upstream sockets + ~20 (measured: 1 fd per connection)',
    inputs: [
      { name: 'client connections', value: clientConnections, source: clientSource },
      { name: 'pool connections', value: poolConnections, source: 'Σ pool sizes' },
      { name: 'upstream sockets', value: upstreamSockets, source: 'Σ agent maxSockets, else busy sockets' },
      { name: 'baseline', value: fds.baseline, source: MEASURED_SOURCE },
      wIn('limit', fds.limit, 'fds', workload.fileDescriptorLimit.provenance),
    ],
    result: fds.total,
    unit: 'file descriptors',
    note: `Measured: past the limit exactly limit − 20 − pool connections clients were served (${fds.clientConnectionsServed} here); the rest were reset and Node logged nothing.`,
  });
  // Requests in flight per process: in a closed population, the users who are not thinking. Past a
  // pool's knee they wait in its queue, each holding what its request allocated (the parsed body).
  const offeredPerMs = U / n / (Z + R);
  const servedPerMs = Math.min(offeredPerMs, ...modelled.map((m) => m.model.throughputPerSec.expected / 1000));
  const limitingPool = modelled.find((m) => m.model.throughputPerSec.expected / 1000 === servedPerMs && servedPerMs < offeredPerMs);
  const inFlight = servesUsers ? round(Math.max(0, U / n - servedPerMs * Z)) : 0;
  log.add({
    id: 'check:memory:inFlight',
    label: 'Requests in flight per process (the users who are not thinking)',
    formula: 'U/n − X·Z (closed population; below every knee this is X·R)',
    inputs: servesUsers
      ? [
          wIn('U', U, 'users', workload.users.provenance),
          wIn('n', n, 'processes', workload.instances.provenance),
          limitingPool
            ? { name: 'X', value: servedPerMs * 1000, unit: 'requests/s per process', source: `what ${limitingPool.resource.id} serves (finite-source: below what users offer once requests wait for it)`, ref: `resource:${limitingPool.resource.id}:throughputPerSec` }
            : { name: 'X', value: servedPerMs * 1000, unit: 'requests/s per process', source: 'offered: U/n / (Z + R)', ref: 'workload:offeredRequestsPerSec' },
          wIn('Z', Z, 'ms', workload.thinkTimeMs.provenance),
        ]
      : [{ name: 'users', value: 0, source: clientSource }],
    result: inFlight,
    unit: 'requests',
  });
  const perRequest = perRequestAllocation(inventory.requestAllocations ?? [], inventory.perRequestAllocationBytes);
  log.add({
    id: 'check:memory:perRequest',
    label: 'Largest body one request may hold in memory',
    formula: 'max over the body parsers, in-memory uploads and bodies read by hand (one parser reads a request)',
    inputs:
      perRequest.state === 'given'
        ? [{ name: 'per-request allocation', value: perRequest.bytes, unit: 'bytes', source: 'given with the inventory' }]
        : perRequest.sources.map((a) => ({ name: a.what, value: a.bytes ?? 'unbounded', unit: a.bytes === null ? undefined : 'bytes', source: `${a.file}:${a.line}: ${a.detail}${a.basis === 'library-default' ? ' (library default)' : a.basis === 'unknown' ? ' (assumed)' : ''}` })),
    result: perRequest.bytes,
    unit: 'bytes',
    note:
      perRequest.state === 'unbounded'
        ? `${perRequest.largest!.what} (${perRequest.largest!.file}:${perRequest.largest!.line}) has no size limit: what the requests in flight hold, and so the process's memory, has no bound.`
        : perRequest.state === 'none-found'
          ? 'No body parser, in-memory upload or body read by hand was found: nothing per request is counted.'
          : 'An upper bound: every request in flight is assumed to carry the largest body allowed. Uploads kept in memory count per file unless limits.files is set.',
  });
  const limitBytes = workload.memoryLimitMb.value * 1e6;
  const mem = memory(clientConnections, inFlight, perRequest, limitBytes);
  log.add({
    id: 'check:memory',
    label: 'Memory (RSS) per process at the workload, against its limit',
    formula: '57 MB idle server + connections × 13 KB (measured per keep-alive connection) + in-flight requests × largest per-request body',
    inputs: [
      { name: 'connections', value: clientConnections, source: clientSource },
      { name: 'per connection', value: 13e3, unit: 'bytes', source: MEASURED_SOURCE },
      { name: 'in-flight requests', value: inFlight, ref: 'check:memory:inFlight' },
      { name: 'per request', value: perRequest.state === 'unbounded' ? 'unbounded' : perRequest.bytes ?? 0, unit: perRequest.state === 'unbounded' ? undefined : 'bytes', ref: 'check:memory:perRequest' },
      wIn('limit', limitBytes, 'bytes', workload.memoryLimitMb.provenance),
    ],
    result: mem.boundBytes,
    unit: 'bytes',
    note: `${mem.verdict === 'unbounded' ? 'No bound: a body without a size limit can take any amount. ' : ''}Idle ${fmtNumber(mem.idleBytes / 1e6)} MB; under traffic RSS ran 22–64 KB per connection including uncollected garbage (${fmtNumber(mem.underTrafficBytes.low / 1e6)}–${fmtNumber(mem.underTrafficBytes.high / 1e6)} MB here with the bodies). ${MEASURED_SOURCE}. RSS does not drop back after connections close.`,
  });

  const checks: CapacityChecks = { fleetBudget: budget, fleetBudgets: budgets, supply, supplies, poolLocking, fileDescriptors: fds, memory: mem };
  const recommendations = recommend(modelled, resources, checks, workload, bottleneckEntry);
  return withoutUndefined({
    schemaVersion: CAPACITY_SCHEMA_VERSION,
    workload: workloadReport(workload),
    offeredRequestsPerSec: round(offered),
    usersSupported,
    collapseUsers,
    bottleneck,
    resources,
    routes: classes.map(({ route, cls }) => routeEstimate(route, cls)),
    checks,
    recommendations,
    assumptions: assumptions(modelled, workload, excluded.map((x) => x.cls)),
    loadTestNeeded: loadTestNeeded(modelled, resources, workload),
    derivations: log.toRecord(),
  });
}

/** Drops keys whose value is undefined, so the JSON round-trips to the same object. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)])) as T;
  }
  return value;
}

// ---- Per resource -----------------------------------------------------------------------------------

function baseEstimate(r: InventoryResource): ResourceEstimate {
  return {
    id: r.id,
    kind: r.kind,
    library: r.library,
    libraryVersion: r.libraryVersion ?? null,
    file: r.file,
    line: r.line,
    size: r.size,
    sizeSource: r.sizeSource,
    acquireTimeoutMs: r.acquireTimeoutMs ?? null,
    modelled: false,
    demand: null,
    usersSupported: null,
    utilization: null,
    offeredUtilization: null,
    busyUnitsPerInstance: null,
    predictedWaitMs: null,
    pWait: null,
    responseTimeMs: null,
    throughputPerSec: null,
    throughputCeilingPerSec: null,
    kneeUsers: null,
    collapseUsers: null,
    recommendedSize: null,
    alternativeSizes: null,
    status: 'ok',
    notes: [],
    curve: [],
  };
}

function fillModelled(e: ResourceEstimate, m: PoolModel, input: PoolModelInput, n: number, U: number): void {
  e.modelled = true;
  e.usersSupported = m.usersSupported * n;
  e.utilization = round(m.utilization, 3);
  e.offeredUtilization = round(m.offeredUtilization, 3);
  e.busyUnitsPerInstance = round(m.busyUnits);
  e.predictedWaitMs = { low: round(m.waitMs.low), expected: round(m.waitMs.expected), high: round(m.waitMs.high), reliability: m.reliability };
  e.pWait = round(m.pWait, 3);
  e.responseTimeMs = { low: round(m.responseTimeMs.low), expected: round(m.responseTimeMs.expected), high: round(m.responseTimeMs.high) };
  e.throughputPerSec = { low: round(m.throughputPerSec.low * n), expected: round(m.throughputPerSec.expected * n) };
  e.throughputCeilingPerSec = round(m.throughputCeilingPerSec * n);
  e.kneeUsers = Math.floor(m.kneeUsers * n + 1e-9);
  e.collapseUsers = m.collapseUsers === null ? null : Math.ceil(m.collapseUsers * n - 1e-9);
  e.recommendedSize = m.recommendedSize;
  e.alternativeSizes = m.alternativeSizes;
  e.status = m.status;
  e.notes.push(...m.notes);
  if (m.shedsLoad) e.notes.push(`the acquire timeout (${input.acquireTimeoutMs} ms) sheds load: past the knee goodput stays at ${fmtNumber(m.throughputCeilingPerSec * n)} requests/s and the excess gets fast errors`);
  e.curve = poolCurve(input, curveUsers(U, m.kneeUsers * n, e.collapseUsers).map((u) => u / n)).map((p) => ({
    users: Math.round(p.users * n),
    throughputPerSec: round(p.throughputPerSec * n),
    responseTimeMs: { low: round(p.responseTimeMs.low), expected: round(p.responseTimeMs.expected), high: round(p.responseTimeMs.high) },
    waitMs: { low: round(p.waitMs.low), expected: round(p.waitMs.expected), high: round(p.waitMs.high) },
  }));
}

/** Fleet user counts for the chart: up to twice the workload or past the knee, with the knee and the workload on it. */
function curveUsers(U: number, knee: number, collapse: number | null): number[] {
  const top = Math.max(2 * U, 1.5 * knee, 10);
  const points = new Set<number>();
  for (let i = 1; i <= 16; i++) points.add(Math.round((top * i) / 16));
  points.add(Math.round(U));
  points.add(Math.max(1, Math.floor(knee)));
  if (collapse !== null && collapse <= top) points.add(collapse);
  return [...points].filter((u) => u > 0).sort((a, b) => a - b);
}

function modelledOrSized(inventory: Inventory, modelled: Modelled[]): { resource: InventoryResource; model?: PoolModel }[] {
  return inventory.resources
    .filter((r) => r.size !== null && !(r.kind === 'redis' && r.multiplexed !== false))
    .map((resource) => ({ resource, model: modelled.find((m) => m.resource === resource)?.model }));
}

// ---- Routes ------------------------------------------------------------------------------------------

function routeEstimate(route: Inventory['routes'][number], cls: RouteClass): RouteEstimate {
  return {
    key: cls.key,
    method: route.method,
    path: route.path,
    file: route.file,
    line: route.line,
    traffic: cls.traffic,
    userFacing: cls.userFacing,
    reason: cls.reason,
    classifiedBy: cls.source,
    resources: [...new Set(route.uses.filter((u) => u.count > 0).map((u) => u.resourceId))],
  };
}

/** "GET /readyz: probe; POST /admin/orders/:id/replay: operator". */
export function describeExcluded(classes: RouteClass[]): string {
  const seen = new Map<string, RouteClass>();
  for (const c of classes) if (!seen.has(c.key)) seen.set(c.key, c);
  return [...seen.values()].map((c) => `${c.key}: ${c.traffic}${c.source === 'config' ? ' (config)' : ''}`).join('; ');
}

// ---- Pool locking -------------------------------------------------------------------------------------

function poolLockingRisks(inventory: Inventory, modelled: Modelled[], usersPerInstance: number, Z: number): PoolLockingRisk[] {
  const risks: PoolLockingRisk[] = [];
  for (const route of inventory.routes) {
    const byResource = new Map<string, { held: number; total: number }>();
    for (const use of route.uses) {
      const entry = byResource.get(use.resourceId) ?? { held: 0, total: 0 };
      entry.total += use.count;
      if (use.holdsAcrossRequest) entry.held += use.count;
      byResource.set(use.resourceId, entry);
    }
    for (const [resourceId, { held, total }] of byResource) {
      if (held < 1 || total < 2) continue;
      const m = modelled.find((x) => x.resource.id === resourceId);
      const resource = inventory.resources.find((r) => r.id === resourceId);
      // A multiplexed client (Redis) pipelines every caller on one connection: nothing waits for a unit.
      if (!resource || resource.size === null || resource.multiplexed) continue;
      const requestMs = m?.input.requestMs ?? 0;
      risks.push({
        route: routeKey(route),
        file: route.file,
        line: route.line,
        resourceId,
        unitsHeld: total,
        poolSize: resource.size,
        concurrentRequests: round((usersPerInstance / (Z + requestMs)) * requestMs),
        acquireTimeout: (resource.acquireTimeoutMs ?? 0) > 0,
      });
    }
  }
  return risks;
}

function workloadReport(w: ResolvedWorkload): WorkloadReport {
  const v = <T>(r: { value: T; provenance: Provenance }): WorkloadValue<T> => ({ value: r.value, provenance: r.provenance, source: describeProvenance(r.provenance) });
  return {
    users: v(w.users),
    thinkTimeMs: v(w.thinkTimeMs),
    requestMs: v(w.requestMs),
    instances: v(w.instances),
    cpus: v(w.cpus),
    database: v(w.database),
    databaseMaxConnections: v(w.databaseMaxConnections),
    databaseReservedConnections: v(w.databaseReservedConnections),
    databaseCores: w.databaseCores ? v(w.databaseCores) : null,
    databaseSpindles: v(w.databaseSpindles),
    fileDescriptorLimit: v(w.fileDescriptorLimit),
    memoryLimitMb: v(w.memoryLimitMb),
    clientTimeoutMs: v(w.clientTimeoutMs),
    target: v(w.target),
    routes: w.routes,
    problems: w.problems,
  };
}

// ---- Sizes per CPU and database budgets ------------------------------------------------------------

/** Pools sized per CPU of the app host (Prisma's default connection_limit) get their size from workload.cpus. */
function withCpuSizes(inventory: Inventory, w: ResolvedWorkload): Inventory {
  if (!inventory.resources.some((r) => r.sizePerCpu)) return inventory;
  const cpus = w.cpus.value;
  return {
    ...inventory,
    resources: inventory.resources.map((r) => {
      if (!r.sizePerCpu) return r;
      const size = r.sizePerCpu.perCpu * cpus + r.sizePerCpu.plus;
      const how = `${r.sizePerCpu.perCpu} × ${cpus} ${cpus === 1 ? 'CPU' : 'CPUs'} + ${r.sizePerCpu.plus} = ${size}; CPUs from ${describeProvenance(w.cpus.provenance)}`;
      const sizeSource: Provenance = r.sizeSource.source === 'default' || r.sizeSource.source === 'config' ? r.sizeSource : { ...r.sizeSource, detail: `${r.sizeSource.detail ?? ''}: ${how}` };
      return { ...r, size, sizeSource };
    }),
  };
}

interface DatabaseGroup {
  database: DatabaseEngine;
  server: string | null;
  label: string;
  derivation: string;
  note: string;
  pools: { resource: InventoryResource; model?: PoolModel }[];
}

const ENGINE_NAMES: Record<DatabaseEngine, string> = { postgresql: 'PostgreSQL', mysql: 'MySQL' };

/** `env:REPORTS_DATABASE_URL` → "env REPORTS_DATABASE_URL"; `host:db.internal` → "db.internal". */
function describeServer(server: string): string {
  if (server.startsWith('env:')) return `the server in ${server.slice(4)}`;
  return server.replace(/^(host|url):/, '');
}

/**
 * Pools grouped by the database server they share: by engine (a pool whose engine the code does not
 * say is taken to use the inventory's), then by the server the code names. A pool that names none
 * joins the one server its engine's other pools name, or forms its own group when they name several.
 */
function databaseGroups(pools: { resource: InventoryResource; model?: PoolModel }[], w: ResolvedWorkload): DatabaseGroup[] {
  const groups: DatabaseGroup[] = [];
  const engines = [...new Set(pools.map((p) => databaseOf(p.resource, w.database.value)))].sort((a, b) => (a === w.database.value ? -1 : b === w.database.value ? 1 : 0));
  const several = engines.length > 1;
  for (const engine of engines) {
    const ofEngine = pools.filter((p) => databaseOf(p.resource, w.database.value) === engine);
    const servers = [...new Set(ofEngine.map((p) => p.resource.databaseServer).filter((s): s is string => s !== undefined))];
    const keys = servers.length === 1 ? [servers[0]!] : servers;
    const serverOf = (p: { resource: InventoryResource }): string | null => p.resource.databaseServer ?? (servers.length === 1 ? servers[0]! : null);
    const buckets = new Map<string | null, typeof ofEngine>();
    for (const p of ofEngine) {
      const key = serverOf(p);
      buckets.set(key, [...(buckets.get(key) ?? []), p]);
    }
    const named = keys.length > 1 || (keys.length === 1 && buckets.has(null));
    for (const [server, members] of buckets) {
      const distinct = named && server !== null;
      const label = `${ENGINE_NAMES[engine]}${distinct ? ` (${describeServer(server)})` : named ? ' (server not named in the code)' : ''}`;
      groups.push({
        database: engine,
        server,
        label,
        derivation: groups.length === 0 && !several && !named ? 'check:fleetBudget' : `check:fleetBudget:${engine}${server ? `:${server}` : ''}`,
        note: several || named ? `Pools of other database servers have budgets of their own${named ? ' (different servers named in the code: different env variables are taken as different servers)' : ''}. ` : '',
        pools: members,
      });
    }
  }
  return groups;
}

/** max_connections or the reserved slots for an engine: the configured value (for every database), else the engine's default. */
function databaseLimit(w: ResolvedWorkload, engine: DatabaseEngine, key: 'databaseMaxConnections' | 'databaseReservedConnections'): Resolved<number> {
  const resolved = w[key];
  if (resolved.provenance.source !== 'library-default' && resolved.provenance.source !== 'default') return resolved;
  return key === 'databaseMaxConnections' ? DATABASE_DEFAULTS[engine].maxConnections : DATABASE_DEFAULTS[engine].reserved;
}
