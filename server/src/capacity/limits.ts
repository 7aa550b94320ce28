// Limits outside one pool: the database's connection budget across the fleet, what the database
// can serve (supply side), pool locking on routes that hold two units, file descriptors and memory
// per process. Pure arithmetic over the per-resource results.
import type { RequestAllocation } from './inventory';
import { MEASURED } from './measured';

export interface FleetBudgetCheck {
  /** The database server these pools share: its engine, and which server when the code says. */
  database: 'postgresql' | 'mysql';
  /** `host:db.internal`, `url:db2:5432`, `env:REPORTS_DATABASE_URL`; null when the code does not say (one server assumed). */
  server: string | null;
  /** "PostgreSQL", "MySQL at env REPORTS_DATABASE_URL": for messages. */
  label: string;
  /** The derivation explaining this budget. */
  derivation: string;
  maxConnections: number;
  reserved: number;
  /** Σ pool sizes per process, over the serving pools that count against the database. */
  connectionsPerInstance: number;
  instances: number;
  /** Σ sizes of the pools a one-off process opens once (a migration run through the TypeORM CLI), not per instance. */
  migrationConnections: number;
  /** connectionsPerInstance × instances + migrationConnections. */
  fleetConnections: number;
  /** max_connections − reserved. */
  available: number;
  fits: boolean;
  /** Σ recommended sizes × instances: what the recommendations would need. */
  recommendedFleetConnections: number;
  recommendedFits: boolean;
  /** `migration: true` for a pool counted once (see migrationConnections). */
  pools: BudgetPool[];
}

export interface BudgetPool {
  resourceId: string;
  size: number;
  recommendedSize: number | null;
  migration?: boolean;
}

export function fleetBudget(
  pools: BudgetPool[],
  instances: number,
  maxConnections: number,
  reserved: number,
  database: { database: 'postgresql' | 'mysql'; server: string | null; label: string; derivation: string } = { database: 'postgresql', server: null, label: 'PostgreSQL', derivation: 'check:fleetBudget' },
): FleetBudgetCheck {
  // A migration run is one process: its pool counts once, whatever the web fleet's size.
  const serving = pools.filter((p) => !p.migration);
  const once = pools.filter((p) => p.migration).reduce((n, p) => n + p.size, 0);
  const perInstance = serving.reduce((n, p) => n + p.size, 0);
  const recommended = serving.reduce((n, p) => n + Math.max(p.size, p.recommendedSize ?? p.size), 0);
  const available = maxConnections - reserved;
  const fleet = perInstance * instances + once;
  const recommendedFleet = recommended * instances + once;
  return {
    ...database,
    maxConnections,
    reserved,
    connectionsPerInstance: perInstance,
    instances,
    migrationConnections: once,
    fleetConnections: fleet,
    available,
    fits: fleet <= available,
    recommendedFleetConnections: recommendedFleet,
    recommendedFits: recommendedFleet <= available,
    pools,
  };
}

export interface SupplyCheck {
  /** The database server this check is for, as in `FleetBudgetCheck` (same database, server, label). */
  database: 'postgresql' | 'mysql';
  server: string | null;
  label: string;
  /** The derivation explaining it (`check:supply`, or `check:supply:<engine>[:<server>]` with several databases). */
  derivation: string;
  /** cores × 2 + spindles (HikariCP "About Pool Sizing"); null when the cores are unknown. */
  efficientConnections: number | null;
  /** Mean busy connections the fleet's requests demand of this database (Little's law over its pools). */
  demandedBusyConnections: number;
  /** Σ max(recommended, current) size × instances over this database's pools. */
  recommendedFleetConnections: number;
  /** 'pool-moves-queue': the database, not the pool, is the limit; a bigger pool queues inside it. */
  verdict: 'ok' | 'pool-moves-queue' | 'unknown';
  /** Ids of the pools whose demand is summed. */
  pools: string[];
}

export interface SupplyIdentity {
  database: 'postgresql' | 'mysql';
  server: string | null;
  label: string;
  derivation: string;
  pools: string[];
}

export function supplySide(
  cores: number | undefined,
  spindles: number,
  demandedBusy: number,
  recommendedFleet: number,
  identity: SupplyIdentity = { database: 'postgresql', server: null, label: 'PostgreSQL', derivation: 'check:supply', pools: [] },
): SupplyCheck {
  if (cores === undefined) return { ...identity, efficientConnections: null, demandedBusyConnections: demandedBusy, recommendedFleetConnections: recommendedFleet, verdict: 'unknown', pools: identity.pools };
  const efficient = cores * 2 + spindles;
  return {
    ...identity,
    efficientConnections: efficient,
    demandedBusyConnections: demandedBusy,
    recommendedFleetConnections: recommendedFleet,
    verdict: recommendedFleet > efficient || demandedBusy > efficient ? 'pool-moves-queue' : 'ok',
  };
}

export interface PoolLockingRisk {
  route: string;
  file: string;
  line: number;
  resourceId: string;
  /** Units one request holds at once. */
  unitsHeld: number;
  poolSize: number;
  /** Requests of this kind in flight per process at the workload (Little's law), if every request were this route. */
  concurrentRequests: number;
  /** Whether an acquire timeout turns the deadlock into an error. */
  acquireTimeout: boolean;
}

export interface FileDescriptorCheck {
  clientConnections: number;
  poolConnections: number;
  upstreamSockets: number;
  baseline: number;
  total: number;
  limit: number;
  fits: boolean;
  /** Client connections the process can accept before new ones are reset (measured: Node logs nothing). */
  clientConnectionsServed: number;
}

export function fileDescriptors(clientConnections: number, poolConnections: number, upstreamSockets: number, limit: number): FileDescriptorCheck {
  const baseline = MEASURED.baselineFileDescriptors;
  const total = clientConnections + poolConnections + upstreamSockets + baseline;
  return {
    clientConnections,
    poolConnections,
    upstreamSockets,
    baseline,
    total,
    limit,
    fits: total <= limit,
    clientConnectionsServed: Math.max(0, limit - baseline - poolConnections - upstreamSockets),
  };
}

/** What bounds the memory one in-flight request holds. */
export interface PerRequestAllocation {
  /** 'bounded': the largest limit found; 'unbounded': something reads a body with no limit; 'none-found': no parser or buffer in the code; 'given': the inventory said. */
  state: 'bounded' | 'unbounded' | 'none-found' | 'given';
  /** Bytes one request may hold; null when unbounded or none was found. */
  bytes: number | null;
  /** The fact that sets it (the largest, or the first unbounded one). */
  largest: RequestAllocation | null;
  /** Every fact found, largest first (unbounded ones first of all). */
  sources: RequestAllocation[];
}

/** The bound on what one request may hold: the largest of the code's body limits (a request is parsed by one parser), unbounded if any is. */
export function perRequestAllocation(facts: readonly RequestAllocation[], given?: number): PerRequestAllocation {
  const sources = [...facts].sort((a, b) => (a.bytes === null ? -1 : b.bytes === null ? 1 : b.bytes - a.bytes));
  if (given !== undefined) return { state: 'given', bytes: given, largest: null, sources };
  const largest = sources[0] ?? null;
  if (!largest) return { state: 'none-found', bytes: null, largest: null, sources };
  return { state: largest.bytes === null ? 'unbounded' : 'bounded', bytes: largest.bytes, largest, sources };
}

export interface MemoryCheck {
  clientConnections: number;
  /** Requests in flight per process at the workload: users not thinking (U/n − X·Z). */
  inFlightRequests: number;
  /** RSS with every user's connection idle. */
  idleBytes: number;
  /** RSS under traffic (22–64 KB per connection including garbage), plus the in-flight bodies when bounded. */
  underTrafficBytes: { low: number; high: number };
  /** Bytes one in-flight request may hold (the largest body limit); null when unbounded or none found. */
  perRequestAllocationBytes: number | null;
  perRequest: PerRequestAllocation;
  /** In-flight requests × per-request bytes; null when unbounded. */
  inFlightBytes: number | null;
  /** Idle RSS + in-flight bytes: what the process may need at the workload; null when unbounded. */
  boundBytes: number | null;
  /** The memory one process may use (workload.memoryLimitMb). */
  limitBytes: number;
  verdict: 'fits' | 'exceeds' | 'unbounded';
}

export function memory(clientConnections: number, inFlightRequests: number, perRequest: PerRequestAllocation, limitBytes: number): MemoryCheck {
  const base = MEASURED.idleServerRssBytes;
  const [low, high] = MEASURED.underTrafficBytesPerConnection;
  const unbounded = perRequest.state === 'unbounded';
  const inFlightBytes = unbounded ? null : inFlightRequests * (perRequest.bytes ?? 0);
  const idleBytes = base + clientConnections * MEASURED.idleKeepAliveBytes;
  const boundBytes = inFlightBytes === null ? null : idleBytes + inFlightBytes;
  return {
    clientConnections,
    inFlightRequests,
    idleBytes,
    underTrafficBytes: {
      low: base + clientConnections * low + (inFlightBytes ?? 0),
      high: base + clientConnections * high + (inFlightBytes ?? 0),
    },
    perRequestAllocationBytes: perRequest.bytes,
    perRequest,
    inFlightBytes,
    boundBytes,
    limitBytes,
    verdict: boundBytes === null ? 'unbounded' : boundBytes <= limitBytes ? 'fits' : 'exceeds',
  };
}
