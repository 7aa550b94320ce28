// The estimate in words: the bottleneck sentence, recommendations in numbers (pool size, instances,
// timeouts, fleet budget, supply side, pool locking, file descriptors, memory), the assumptions, and
// where only a load test is honest.
import type { CapacityChecks, Recommendation, ResourceEstimate } from './contract';
import { fmtBytes, fmtInt, fmtMb, fmtNumber, fmtProcesses, fmtSeconds, roundUpNice } from './format';
import type { MemoryCheck } from './limits';
import type { InventoryResource, ResourceKind } from './inventory';
import type { PoolModel, PoolModelInput } from './model';
import type { ResourceDemand } from './demand';
import type { RouteClass } from './routes';
import { describeProvenance, describeTarget, type ResolvedWorkload } from './workload';

export interface Modelled {
  resource: InventoryResource;
  demand: ResourceDemand;
  input: PoolModelInput;
  model: PoolModel;
}

export function where(r: Pick<ResourceEstimate, 'library' | 'file' | 'line'>): string {
  return `${r.file}:${r.line}`;
}

function sizeWords(r: ResourceEstimate): string {
  const from = r.sizeSource.source === 'library-default' ? `, ${r.sizeSource.library} default` : r.sizeSource.source === 'default' ? ', assumed' : '';
  return `size ${r.size}${from}`;
}

export function bottleneckSentence(r: ResourceEstimate, m: Modelled, w: ResolvedWorkload): string {
  const U = w.users.value;
  const per = w.instances.value > 1 ? ` per process (${w.instances.value} processes)` : '';
  const head = `The ${r.library} ${kindWords(r.kind)} at ${where(r)} (${sizeWords(r)}) is the bottleneck: it supports ≈ ${fmtInt(r.usersSupported!)} users at ${describeTarget(w.target.value)}`;
  if (r.usersSupported! >= U) return `${head}, so ${fmtInt(U)} users fit (utilisation ${fmtNumber(m.model.offeredUtilization * 100)}%).`;
  const need = `${fmtInt(U)} users keep ${fmtNumber(m.model.busyUnits)} ${unitWords(r.kind)} busy on average${per}, so it needs ≥ ${fmtInt(m.model.recommendedSize)}`;
  const collapse = r.collapseUsers !== null && U >= r.collapseUsers ? `; at ${fmtInt(U)} users responses pass the ${fmtSeconds(w.clientTimeoutMs.value)} client timeout and goodput collapses` : r.collapseUsers !== null ? `; goodput collapses at ${fmtInt(r.collapseUsers)} users` : '';
  return `${head}; ${need}${collapse}.`;
}

function unitWords(kind: ResourceKind): string {
  return { 'db-pool': 'connections', 'db-connection': 'connections', redis: 'connections', 'http-agent': 'sockets', 'generic-pool': 'resources' }[kind];
}

function kindWords(kind: ResourceKind): string {
  return { 'db-pool': 'pool', 'db-connection': 'connection', redis: 'client', 'http-agent': 'agent', 'generic-pool': 'pool' }[kind];
}

export function recommend(modelled: Modelled[], resources: ResourceEstimate[], checks: CapacityChecks, w: ResolvedWorkload, bottleneck: ResourceEstimate | undefined): Recommendation[] {
  const out: Recommendation[] = [];
  const U = w.users.value;
  const n = w.instances.value;
  const timeout = w.clientTimeoutMs.value;
  for (const problem of w.problems) out.push({ id: `workload:${out.length}`, kind: 'workload', severity: 'warning', message: problem });
  for (const { resource: r, model: m, input } of modelled) {
    const e = resources.find((x) => x.id === r.id)!;
    if (m.recommendedSize > input.size) {
      const s = m.alternativeSizes;
      out.push({
        id: `pool-size:${r.id}`,
        kind: 'pool-size',
        severity: m.status === 'saturated' ? 'error' : 'warning',
        resourceId: r.id,
        value: m.recommendedSize,
        derivation: `resource:${r.id}:recommendedSize`,
        message:
          `Raise the ${r.library} ${kindWords(r.kind)} at ${where(e)} from ${input.size} to ${fmtInt(m.recommendedSize)}${n > 1 ? ' per process' : ''}: ${fmtInt(U)} users keep ${fmtNumber(m.busyUnits)} ${unitWords(r.kind)} busy on average (Little’s law), and ${fmtInt(m.recommendedSize)} keeps ${describeTarget(w.target.value)}. ` +
          `For comparison: P(wait) ≤ 5% needs ${s.finiteSourcePWait5 ?? 'n/a'} and mean wait ≤ 10 ms needs ${s.finiteSourceWait10ms ?? 'n/a'} (finite-source); Erlang C (open-arrival approximation) says ${s.erlangCPWait5}; square-root staffing ${s.squareRootBeta1}–${s.squareRootBeta2}.`,
      });
    }
    const acquire = r.acquireTimeoutMs;
    if (acquire === 0 && m.collapseUsers !== null) {
      const suggested = suggestedAcquireTimeoutMs(input.requestMs, input.usesPerRequest, timeout);
      out.push({
        id: `acquire-timeout:${r.id}`,
        kind: 'acquire-timeout',
        severity: U >= m.collapseUsers * n ? 'error' : 'warning',
        resourceId: r.id,
        value: suggested,
        derivation: `resource:${r.id}:collapseUsers`,
        message:
          `Set an acquire timeout on ${where(e)} (≈ ${fmtInt(suggested)} ms): without one, from ${fmtInt(Math.ceil(m.collapseUsers * n))} users responses pass the ${fmtSeconds(timeout)} client timeout and goodput collapses (measured: ~0 successful responses/s while the pool stays busy). ` +
          `With it, goodput stays at ${fmtNumber(m.throughputCeilingPerSec * n)} requests/s and the excess gets fast errors.`,
      });
    }
    if (r.statementTimeoutMs === 0 && (r.kind === 'db-pool' || r.kind === 'db-connection')) {
      out.push({
        id: `statement-timeout:${r.id}`,
        kind: 'statement-timeout',
        severity: 'info',
        resourceId: r.id,
        value: Math.max(1000, Math.round((timeout / 2) / 100) * 100),
        message: `Set a statement timeout on ${where(e)}: one slow query holds a connection — 1/${input.size} of the pool — for as long as it runs, long after the client gave up at ${fmtSeconds(timeout)}.`,
      });
    }
  }
  if (bottleneck && bottleneck.usersSupported !== null && bottleneck.usersSupported < U && bottleneck.size !== null) {
    const perInstance = bottleneck.usersSupported / n;
    if (perInstance > 0) {
      const needed = Math.ceil(U / perInstance);
      const budget = checks.fleetBudgets.find((b) => b.pools.some((p) => p.resourceId === bottleneck.id)) ?? checks.fleetBudget;
      const perInstanceConnections = budget?.connectionsPerInstance ?? bottleneck.size;
      const once = budget?.migrationConnections ?? 0;
      const fits = budget ? needed * perInstanceConnections + once <= budget.available : true;
      out.push({
        id: 'instances',
        kind: 'instances',
        severity: 'info',
        resourceId: bottleneck.id,
        value: needed,
        derivation: `resource:${bottleneck.id}:usersSupported`,
        message: `Or run ${needed} processes with today’s pool sizes (each supports ≈ ${fmtInt(perInstance)} users)${budget ? `: ${needed} × ${perInstanceConnections}${once ? ` + ${once} for a migration run` : ''} = ${needed * perInstanceConnections + once} connections, ${fits ? 'within' : 'beyond'} the database’s ${budget.available}` : ''}.`,
      });
    }
  }
  for (const budget of checks.fleetBudgets) {
    const id = checks.fleetBudgets.length === 1 ? 'fleet-budget' : `fleet-budget:${budget.database}${budget.server ? `:${budget.server}` : ''}`;
    const refused = budget.database === 'mysql' ? 'MySQL: “Too many connections”' : 'PostgreSQL: “too many clients already”';
    if (!budget.fits) {
      out.push({
        id,
        kind: 'fleet-budget',
        severity: 'error',
        value: budget.available,
        derivation: budget.derivation,
        message: `The fleet may open ${budget.fleetConnections} connections to ${budget.label} (${budget.instances} × ${budget.connectionsPerInstance}${budget.migrationConnections ? ` + ${budget.migrationConnections} for a migration run` : ''}) but it allows ${budget.available} (${budget.maxConnections} − ${budget.reserved} reserved): past that, new connections fail (${refused}). Lower the pools, or put a pooler (${budget.database === 'mysql' ? 'ProxySQL' : 'PgBouncer'}) in front.`,
      });
    } else if (!budget.recommendedFits) {
      out.push({
        id,
        kind: 'fleet-budget',
        severity: 'warning',
        value: budget.available,
        derivation: budget.derivation,
        message: `The recommended sizes need ${fmtInt(budget.recommendedFleetConnections)} connections to ${budget.label} across ${fmtProcesses(budget.instances)}; it allows ${fmtInt(budget.available)}. Raise max_connections (and check the supply side), use a pooler, or shorten the holds instead.`,
      });
    }
  }
  // One supply-side check per database server: each is named, since each has its own cores.
  for (const supply of checks.supplies) {
    const id = checks.supplies.length === 1 ? 'supply-side' : `supply-side:${supply.database}${supply.server ? `:${supply.server}` : ''}`;
    if (supply.verdict === 'pool-moves-queue') {
      out.push({
        id,
        kind: 'supply-side',
        severity: 'warning',
        value: supply.efficientConnections ?? undefined,
        derivation: supply.derivation,
        message: `The database ${supply.label} serves ≈ ${supply.efficientConnections} connections efficiently (cores × 2 + spindles) but the workload keeps ${fmtNumber(supply.demandedBusyConnections)} of its connections busy (the recommendations open ${supply.recommendedFleetConnections}): a bigger pool only moves the queue into the database. Shorten holds (faster queries, no connection held across the request, caching) or use a bigger database.`,
      });
    } else if (supply.verdict === 'unknown' && supply.recommendedFleetConnections > 20) {
      out.push({
        id,
        kind: 'supply-side',
        severity: 'info',
        derivation: supply.derivation,
        message: `Set workload.databaseCores to check that the database ${supply.label} can serve ${supply.recommendedFleetConnections} connections: it serves about cores × 2 + spindles efficiently, and past that a bigger pool only moves the queue into the database.`,
      });
    }
  }
  for (const risk of checks.poolLocking) {
    out.push({
      id: `pool-locking:${risk.route}:${risk.resourceId}`,
      kind: 'pool-locking',
      severity: 'warning',
      resourceId: risk.resourceId,
      message: `${risk.route} (${risk.file}:${risk.line}) holds ${risk.unitsHeld} connections of one pool at once: once ${risk.poolSize} such requests are in flight (≈ ${fmtNumber(risk.concurrentRequests)} at this workload if every request were this route) each holds one and waits for another, and the pool deadlocks at any size. ${risk.acquireTimeout ? 'The acquire timeout turns the hang into errors; ' : 'Only an acquire timeout turns the hang into an error; '}use the checked-out client for every query inside the request.`,
    });
  }
  const fds = checks.fileDescriptors;
  if (!fds.fits) {
    out.push({
      id: 'file-descriptors',
      kind: 'file-descriptors',
      severity: 'error',
      value: fds.total,
      derivation: 'check:fileDescriptors',
      message: `Each process needs ≈ ${fmtInt(fds.total)} file descriptors (${fmtInt(fds.clientConnections)} client connections + ${fmtInt(fds.poolConnections)} pool + ${fmtInt(fds.upstreamSockets)} upstream + ~${fds.baseline}) but the limit is ${fmtInt(fds.limit)}: only ${fmtInt(fds.clientConnectionsServed)} client connections are accepted and the rest are reset with nothing in Node’s logs (measured). Raise the limit (LimitNOFILE / ulimit -n) to at least ${fmtInt(roundUpNice(fds.total * 2))}, or spread users over more processes.`,
    });
  }
  out.push(memoryRecommendation(checks.memory, w));
  return out;
}

/** The memory check in words: idle connections, what the requests in flight may hold, and the limit. */
function memoryRecommendation(mem: MemoryCheck, w: ResolvedWorkload): Recommendation {
  const idle = `≈ ${fmtMb(mem.idleBytes)} with ${fmtInt(mem.clientConnections)} idle keep-alive connections (13 KB each, measured)`;
  const largest = mem.perRequest.largest;
  const at = largest ? `${largest.what} at ${largest.file}:${largest.line}` : '';
  const limit = `the ${fmtMb(mem.limitBytes)} limit${w.memoryLimitMb.provenance.source === 'default' ? ' (assumed: set workload.memoryLimitMb)' : ` (${describeProvenance(w.memoryLimitMb.provenance)})`}`;
  const base = { id: 'memory', kind: 'memory' as const, derivation: 'check:memory', value: mem.limitBytes };
  if (mem.verdict === 'unbounded') {
    return {
      ...base,
      severity: 'warning',
      message: `Memory per process has no bound: ${at} reads a request body with no size limit, and ${fmtNumber(mem.inFlightRequests)} requests are in flight per process at this workload; a few large bodies exhaust ${limit}. Set a limit (a body parser's \`limit\`, \`limits.fileSize\`, a byte count that destroys the request) or stream to storage. Besides: ${idle}.`,
    };
  }
  const bodies =
    mem.perRequest.state === 'none-found'
      ? 'no request body parser or buffer was found, so nothing per request is counted'
      : `${fmtNumber(mem.inFlightRequests)} requests in flight × up to ${fmtBytes(mem.perRequestAllocationBytes ?? 0)} each${largest ? ` (${at}: ${largest.detail})` : ''} = ${fmtMb(mem.inFlightBytes ?? 0)}`;
  const total = `≤ ${fmtMb(mem.boundBytes!)} of ${limit}`;
  if (mem.verdict === 'exceeds') {
    return {
      ...base,
      severity: 'warning',
      message: `Memory per process may pass its limit: ${idle}, plus ${bodies}: ${total}. Lower the body limits to what the routes need (stream uploads to disk or storage), raise the memory limit, or spread users over more processes.`,
    };
  }
  return { ...base, severity: 'info', message: `Memory per process: ${idle}, plus ${bodies}: ${total} (fits); ${fmtMb(mem.underTrafficBytes.low)}–${fmtMb(mem.underTrafficBytes.high)} under traffic, garbage included.` };
}

/** Long enough for a burst, short enough that a request that waited it still answers before the client gives up. */
export function suggestedAcquireTimeoutMs(requestMs: number, uses: number, clientTimeoutMs: number): number {
  const room = (clientTimeoutMs - requestMs) / Math.max(1, uses) / 2;
  return Math.max(100, Math.min(5000, Math.floor(room / 100) * 100));
}

export function assumptions(modelled: Modelled[], w: ResolvedWorkload, excluded: RouteClass[] = []): string[] {
  const list = [
    `${fmtInt(w.users.value)} users in a closed loop: each thinks ${fmtNumber(w.thinkTimeMs.value)} ms (exponential) between requests and waits for the answer; users are spread evenly over ${fmtProcesses(w.instances.value)}, each with one keep-alive connection.`,
    'Hold times are exponential in the main estimate (the finite-source model); constant holds wait about half as long (the low end), heavier-tailed or CPU-starved holds longer (the high end assumes holds 25% longer).',
    'Only the pools are modelled as queues: the event loop’s CPU, the database’s own capacity and upstream services are not (see the supply-side check).',
  ];
  if (w.instancesPerCpu) {
    const offset = w.instancesPerCpu.offset;
    const assumed = w.cpus.provenance.source === 'default';
    list.push(
      `The code starts one process per CPU${offset ? ` ${offset < 0 ? 'minus' : 'plus'} ${Math.abs(offset)}` : ''} (${describeProvenance(w.instances.provenance)}): with ${fmtInt(w.cpus.value)} ${w.cpus.value === 1 ? 'CPU' : 'CPUs'}${assumed ? ' — assumed, not known: set workload.cpus (or workload.instances) to the machine’s count' : ` (${describeProvenance(w.cpus.provenance)})`} that is ${fmtProcesses(w.instances.value)}, for the users per process and the fleet’s database connections.`,
    );
  }
  if (excluded.length) {
    const keys = [...new Set(excluded.map((c) => c.key))];
    list.push(`${keys.length} route(s) carry no user traffic and get no share of the users’ requests: ${keys.join(', ')} (health/readiness/metrics probes and /admin or /internal operator routes; set workload.routes["METHOD /path"].userFacing to change that).`);
  }
  for (const m of modelled) list.push(`${m.resource.id} (${where(m.resource)}): ${m.demand.basis}; hold ${fmtNumber(m.demand.holdMs)} ms per use from ${m.demand.sources.holdMs}.`);
  return list;
}

export function loadTestNeeded(modelled: Modelled[], resources: ResourceEstimate[], w: ResolvedWorkload): string[] {
  const out: string[] = [];
  for (const m of modelled) {
    if (m.model.reliability === 'unreliable') {
      out.push(`${m.resource.id} runs at ${fmtNumber(m.model.offeredUtilization * 100)}% of its capacity: its wait (${fmtNumber(m.model.waitMs.low)}–${fmtNumber(m.model.waitMs.high)} ms) depends on hold-time details the code does not show; measured here, every model missed by a median 8× (up to 15×) in this zone on a busy host. Only a load test gives the milliseconds.`);
    }
  }
  const routeHolds = Object.values(w.routes).some((r) => r.holdMs !== undefined || r.requestMs !== undefined);
  const defaultedHolds = modelled.filter((m) => m.resource.queryMs === undefined);
  if (defaultedHolds.length && !routeHolds && w.requestMs.provenance.source === 'default') {
    out.push(`The hold times come from the default request time (${w.requestMs.value} ms), not from measurements: measure them (pg_stat_statements, APM traces) or run a load test before trusting the users-supported figures.`);
  }
  for (const r of resources) {
    if (!r.modelled && r.kind === 'redis') out.push(`${r.id} (${where(r)}): a multiplexed client's limit is the server's CPU; only a load test measures it.`);
    if (!r.modelled && r.size === null && r.demand) out.push(`${r.id} (${where(r)}): unbounded sockets to ${r.library === 'undici' ? 'an upstream' : 'upstream hosts'}: its capacity is the upstream's, which the code does not show.`);
  }
  return out;
}
