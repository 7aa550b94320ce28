// Limits outside one pool: the database's connection budget across the fleet, what the database
// can serve (supply side), pool locking on routes that hold two units, file descriptors and memory
// per process. Pure arithmetic over the per-resource results.
import { MEASURED } from './measured';

export interface FleetBudgetCheck {
  /** Σ pool sizes per process, over the pools that count against the database. */
  connectionsPerInstance: number;
  instances: number;
  fleetConnections: number;
  /** max_connections − reserved. */
  available: number;
  fits: boolean;
  /** Σ recommended sizes × instances: what the recommendations would need. */
  recommendedFleetConnections: number;
  recommendedFits: boolean;
  pools: { resourceId: string; size: number; recommendedSize: number | null }[];
}

export function fleetBudget(pools: { resourceId: string; size: number; recommendedSize: number | null }[], instances: number, maxConnections: number, reserved: number): FleetBudgetCheck {
  const perInstance = pools.reduce((n, p) => n + p.size, 0);
  const recommended = pools.reduce((n, p) => n + Math.max(p.size, p.recommendedSize ?? p.size), 0);
  const available = maxConnections - reserved;
  return {
    connectionsPerInstance: perInstance,
    instances,
    fleetConnections: perInstance * instances,
    available,
    fits: perInstance * instances <= available,
    recommendedFleetConnections: recommended * instances,
    recommendedFits: recommended * instances <= available,
    pools,
  };
}

export interface SupplyCheck {
  /** cores × 2 + spindles (HikariCP "About Pool Sizing"); null when the cores are unknown. */
  efficientConnections: number | null;
  /** Mean busy connections the fleet's requests demand (Little's law). */
  demandedBusyConnections: number;
  recommendedFleetConnections: number;
  /** 'pool-moves-queue': the database, not the pool, is the limit; a bigger pool queues inside it. */
  verdict: 'ok' | 'pool-moves-queue' | 'unknown';
}

export function supplySide(cores: number | undefined, spindles: number, demandedBusy: number, recommendedFleet: number): SupplyCheck {
  if (cores === undefined) return { efficientConnections: null, demandedBusyConnections: demandedBusy, recommendedFleetConnections: recommendedFleet, verdict: 'unknown' };
  const efficient = cores * 2 + spindles;
  return {
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

export interface MemoryCheck {
  clientConnections: number;
  inFlightRequests: number;
  /** RSS with every user's connection idle. */
  idleBytes: number;
  /** RSS under traffic (22–64 KB per connection including garbage), plus in-flight allocations when known. */
  underTrafficBytes: { low: number; high: number };
  perRequestAllocationBytes: number | null;
}

export function memory(clientConnections: number, inFlightRequests: number, perRequestAllocationBytes: number | undefined): MemoryCheck {
  const base = MEASURED.idleServerRssBytes;
  const perRequest = perRequestAllocationBytes ?? 0;
  const [low, high] = MEASURED.underTrafficBytesPerConnection;
  return {
    clientConnections,
    inFlightRequests,
    idleBytes: base + clientConnections * MEASURED.idleKeepAliveBytes,
    underTrafficBytes: {
      low: base + clientConnections * low + inFlightRequests * perRequest,
      high: base + clientConnections * high + inFlightRequests * perRequest,
    },
    perRequestAllocationBytes: perRequestAllocationBytes ?? null,
  };
}
