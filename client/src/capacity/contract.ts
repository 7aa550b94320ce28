// The part of the capacity estimate's JSON contract (schemaVersion 1, written by
// server/src/capacity/contract.ts) that the report reads, and the messages of
// `concurrencyLint/estimateCapacity`. The client never imports server code (STYLE.md): these types
// repeat what it relies on, and test/capacity-report.test.ts checks the server's estimate fits them.

export type Provenance =
  | { source: 'code'; file?: string; line?: number; detail?: string }
  | { source: 'config'; detail?: string }
  | { source: 'default'; detail: string }
  | { source: 'library-default'; library: string; version: string; detail: string };

export interface WorkloadValue<T> {
  value: T;
  provenance: Provenance;
  /** The provenance in words. */
  source: string;
}

export type CapacityTarget = { kind: 'utilization'; max: number } | { kind: 'wait'; maxPWait?: number; maxMeanWaitMs?: number };

export interface Range3 {
  low: number;
  expected: number;
  high: number;
}

export interface CurvePoint {
  users: number;
  throughputPerSec: number;
  responseTimeMs: Range3;
  waitMs: Range3;
}

export interface ResourceEstimate {
  id: string;
  kind: string;
  library: string;
  file: string;
  line: number;
  size: number | null;
  sizeSource: Provenance;
  acquireTimeoutMs: number | null;
  modelled: boolean;
  demand: { usesPerRequest: number; holdMs: number; requestMs: number; basis: string } | null;
  usersSupported: number | null;
  utilization: number | null;
  offeredUtilization: number | null;
  busyUnitsPerInstance: number | null;
  predictedWaitMs: (Range3 & { reliability: 'order-of-magnitude' | 'unreliable' | 'population-bound' }) | null;
  responseTimeMs: Range3 | null;
  kneeUsers: number | null;
  collapseUsers: number | null;
  recommendedSize: number | null;
  status: 'ok' | 'warning' | 'saturated';
  notes: string[];
  /** Routes that use it but carry no user traffic (probes, operator routes). */
  excludedRoutes?: string[];
  curve: CurvePoint[];
}

/** A route found in the code, and whether it carries the workload's users. */
export interface RouteEstimate {
  key: string;
  method: string;
  path: string;
  file: string;
  line: number;
  traffic: 'user' | 'probe' | 'operator';
  userFacing: boolean;
  reason: string;
  classifiedBy: 'path' | 'config';
  resources: string[];
}

export interface DerivationInput {
  name: string;
  value: number | string | null;
  unit?: string;
  source?: string;
  ref?: string;
}

export interface Derivation {
  id: string;
  label: string;
  formula: string;
  inputs: DerivationInput[];
  result: number | null;
  unit?: string;
  note?: string;
}

export interface Recommendation {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'error';
  resourceId?: string;
  message: string;
}

export interface FleetBudget {
  fleetConnections: number;
  available: number;
  fits: boolean;
  recommendedFleetConnections: number;
  recommendedFits: boolean;
  /** "PostgreSQL", "MySQL (catalogue-db)"; absent from older estimates. */
  label?: string;
  /** Connections a migration run opens once (not per instance); absent from older estimates. */
  migrationConnections?: number;
  /** The derivation explaining it. */
  derivation?: string;
}

/** The database's supply side (cores × 2 + spindles against the busy connections its pools demand). */
export interface SupplyCheck {
  efficientConnections: number | null;
  demandedBusyConnections: number;
  recommendedFleetConnections: number;
  verdict: 'ok' | 'pool-moves-queue' | 'unknown';
  /** "PostgreSQL", "MySQL (catalogue-db)"; absent from older estimates. */
  label?: string;
  derivation?: string;
}

export interface ReportEstimate {
  schemaVersion: 1;
  workload: {
    users: WorkloadValue<number>;
    thinkTimeMs: WorkloadValue<number>;
    requestMs: WorkloadValue<number>;
    instances: WorkloadValue<number>;
    /** CPUs per machine: counts one-process-per-CPU code and Prisma's per-CPU pool. */
    cpus: WorkloadValue<number>;
    databaseMaxConnections: WorkloadValue<number>;
    /** Null until configured: the supply-side check needs it. */
    databaseCores: WorkloadValue<number> | null;
    fileDescriptorLimit: WorkloadValue<number>;
    /** Memory one process may use, MB (10^6 bytes). */
    memoryLimitMb: WorkloadValue<number>;
    clientTimeoutMs: WorkloadValue<number>;
    target: WorkloadValue<CapacityTarget>;
    problems: string[];
  };
  offeredRequestsPerSec: number;
  usersSupported: number | null;
  collapseUsers: number | null;
  bottleneck: { resourceId: string; sentence: string } | null;
  resources: ResourceEstimate[];
  /** Absent from estimates made before routes were classified. */
  routes?: RouteEstimate[];
  checks: {
    fleetBudget: FleetBudget | null;
    /** One per database server (PostgreSQL and MySQL apart); absent from estimates made before budgets were split. */
    fleetBudgets?: FleetBudget[];
    /** The most loaded database's supply side; null without modelled SQL pools. */
    supply?: SupplyCheck | null;
    /** One per database server; absent from estimates made before the supply side was split. */
    supplies?: SupplyCheck[];
    fileDescriptors: { total: number; limit: number; fits: boolean; clientConnectionsServed: number };
    memory: {
      idleBytes: number;
      underTrafficBytes: { low: number; high: number };
      inFlightRequests: number;
      perRequestAllocationBytes: number | null;
      perRequest?: { state: 'bounded' | 'unbounded' | 'none-found' | 'given'; largest: { what: string; file: string; line: number; detail: string } | null };
      inFlightBytes?: number | null;
      boundBytes?: number | null;
      limitBytes?: number;
      verdict?: 'fits' | 'exceeds' | 'unbounded';
    };
    poolLocking: { route: string; file: string; line: number; resourceId: string; unitsHeld: number }[];
  };
  recommendations: Recommendation[];
  assumptions: string[];
  loadTestNeeded: string[];
  derivations: Record<string, Derivation>;
}

/** The workload fields the report's form edits. */
export const FORM_FIELDS = ['users', 'thinkTimeMs', 'requestMs', 'instances', 'cpus', 'databaseMaxConnections', 'databaseCores', 'fileDescriptorLimit', 'memoryLimitMb', 'clientTimeoutMs'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type WorkloadOverrides = Partial<Record<FormField, number>>;

/** Client → server, `concurrencyLint/estimateCapacity` (server/src/lsp/protocol.ts). */
export const ESTIMATE_CAPACITY_REQUEST = 'concurrencyLint/estimateCapacity';

export interface EstimateCapacityParams {
  uri?: string;
  folder?: string;
  workload?: WorkloadOverrides;
}

export interface EstimateCapacityResult {
  estimate: ReportEstimate;
  markdown: string;
  folderUri: string;
}

/** Webview → extension. */
export type ReportMessage =
  | { type: 'open'; file: string; line: number }
  | { type: 'estimate'; workload: WorkloadOverrides }
  | { type: 'reset' }
  | { type: 'refresh' }
  | { type: 'export' }
  | { type: 'save' };
