// The estimate's JSON contract (schemaVersion 1): what the CLI's `--format json`, the report
// webview and CI read. Types only, plus the version constant; estimate.ts fills them.
import type { Derivation } from './derivation';
import type { FileDescriptorCheck, FleetBudgetCheck, MemoryCheck, PoolLockingRisk, SupplyCheck } from './limits';
import type { ResourceKind } from './inventory';
import type { RouteTraffic } from './routes';
import type { AlternativeSizes, CurvePoint, ResourceStatus, WaitReliability } from './model';
import type { CapacityTarget, DatabaseEngine, Provenance, RouteWorkload } from './workload';

export const CAPACITY_SCHEMA_VERSION = 1;

export interface WorkloadValue<T> {
  value: T;
  provenance: Provenance;
  /** The provenance in words, for tables. */
  source: string;
}

export interface WorkloadReport {
  users: WorkloadValue<number>;
  thinkTimeMs: WorkloadValue<number>;
  requestMs: WorkloadValue<number>;
  instances: WorkloadValue<number>;
  /** CPUs per machine: counts the processes of code that starts one per CPU (assumed 2 unless configured). */
  cpus: WorkloadValue<number>;
  database: WorkloadValue<DatabaseEngine>;
  databaseMaxConnections: WorkloadValue<number>;
  databaseReservedConnections: WorkloadValue<number>;
  databaseCores: WorkloadValue<number> | null;
  databaseSpindles: WorkloadValue<number>;
  fileDescriptorLimit: WorkloadValue<number>;
  /** MB (10^6 bytes) one process may use; the memory check compares with it. */
  memoryLimitMb: WorkloadValue<number>;
  clientTimeoutMs: WorkloadValue<number>;
  target: WorkloadValue<CapacityTarget>;
  routes: Record<string, RouteWorkload>;
  problems: string[];
}

export interface PredictedWait {
  low: number;
  expected: number;
  high: number;
  /** 'order-of-magnitude' below 0.85 utilisation, 'unreliable' from 0.85 to 1.2× the knee (do not
   * trust the milliseconds), 'population-bound' beyond (set by users and holds; measured within 8%). */
  reliability: WaitReliability;
}

export interface ResourceEstimate {
  id: string;
  kind: ResourceKind;
  library: string;
  libraryVersion: string | null;
  file: string;
  line: number;
  /** Units per process; null = unbounded. */
  size: number | null;
  sizeSource: Provenance;
  /** ms; 0 = waits forever; null = unknown. */
  acquireTimeoutMs: number | null;
  /** false for resources the queueing model does not cover (see notes). */
  modelled: boolean;
  demand: { usesPerRequest: number; holdMs: number; requestMs: number; basis: string } | null;
  /** Users the fleet supports before this resource passes the target; null = not limited by it. */
  usersSupported: number | null;
  /** Busy fraction reached at the workload (≤ 1). */
  utilization: number | null;
  /** Demanded busy units / size (above 1: past the knee). */
  offeredUtilization: number | null;
  /** Mean busy units per process by Little's law. */
  busyUnitsPerInstance: number | null;
  /** Mean wait per acquisition at the workload, ms. */
  predictedWaitMs: PredictedWait | null;
  /** Probability an acquisition waits (finite-source). */
  pWait: number | null;
  responseTimeMs: { low: number; expected: number; high: number } | null;
  /** Requests per second the fleet serves through it at the workload. */
  throughputPerSec: { low: number; expected: number } | null;
  throughputCeilingPerSec: number | null;
  /** Users (fleet) past which response time grows linearly. */
  kneeUsers: number | null;
  /** Users (fleet) at which the mean response passes the client timeout; null = not reached (load shed or unbounded). */
  collapseUsers: number | null;
  /** Smallest size per process meeting the target at the workload. */
  recommendedSize: number | null;
  alternativeSizes: AlternativeSizes | null;
  status: ResourceStatus;
  notes: string[];
  /** Why it is a pool only a one-off migration process opens (counted once in the fleet budget, not modelled); absent otherwise. */
  migration?: string;
  /** Routes that use it but carry no user traffic (probes, operator routes), by key; absent when none. */
  excludedRoutes?: string[];
  /** Response time and wait as users grow (fleet users). */
  curve: CurvePoint[];
}

/** A route found in the code, and whether it carries the workload's users. */
export interface RouteEstimate {
  /** "GET /orders": the key of `workload.routes`. */
  key: string;
  method: string;
  path: string;
  file: string;
  line: number;
  /** 'user', or what it is instead: 'probe' (health, readiness, metrics) or 'operator' (/admin, /internal). */
  traffic: RouteTraffic;
  /** Only user-facing routes get a share of the users' requests. */
  userFacing: boolean;
  /** Why, in words. */
  reason: string;
  /** 'path' (read from the path) or 'config' (`workload.routes[key].userFacing`). */
  classifiedBy: 'path' | 'config';
  /** Ids of the resources it uses. */
  resources: string[];
}

export type RecommendationKind = 'pool-size' | 'instances' | 'acquire-timeout' | 'statement-timeout' | 'fleet-budget' | 'supply-side' | 'pool-locking' | 'file-descriptors' | 'memory' | 'workload';

export interface Recommendation {
  id: string;
  kind: RecommendationKind;
  severity: 'info' | 'warning' | 'error';
  resourceId?: string;
  message: string;
  /** The number recommended (a pool size, an instance count, a timeout in ms, a limit). */
  value?: number;
  /** The derivation that explains it. */
  derivation?: string;
}

export interface CapacityChecks {
  /** The fleet budget most at risk (highest share of its database's connections); null without SQL pools. */
  fleetBudget: FleetBudgetCheck | null;
  /** One budget per database server the pools use (PostgreSQL and MySQL separately, and distinct servers the code names). */
  fleetBudgets: FleetBudgetCheck[];
  /**
   * The supply side of the database most loaded (demand over cores × 2 + spindles; by demand when
   * the cores are unknown), the only one when there is one database; null without modelled SQL pools.
   */
  supply: SupplyCheck | null;
  /** One supply-side check per database server, with the identity of its `fleetBudgets[]` entry: demand summed over that server's pools. */
  supplies: SupplyCheck[];
  poolLocking: PoolLockingRisk[];
  fileDescriptors: FileDescriptorCheck;
  memory: MemoryCheck;
}

export interface CapacityEstimate {
  schemaVersion: typeof CAPACITY_SCHEMA_VERSION;
  workload: WorkloadReport;
  /** Requests per second the users offer: U / (Z + R). */
  offeredRequestsPerSec: number;
  /** The service's capacity at the target: the smallest over its resources; null when none limits it. */
  usersSupported: number | null;
  /** Users at which responses pass the client timeout and goodput collapses; null when none is predicted. */
  collapseUsers: number | null;
  bottleneck: { resourceId: string; sentence: string } | null;
  resources: ResourceEstimate[];
  /** Every route found, with whether it carries user traffic (probes and operator routes do not). */
  routes: RouteEstimate[];
  checks: CapacityChecks;
  recommendations: Recommendation[];
  assumptions: string[];
  /** Where the model stops being honest and a load test is the answer. */
  loadTestNeeded: string[];
  derivations: Record<string, Derivation>;
}

/** The workload for an inventory: given values, then what the code says (database, instances), then defaults. */
