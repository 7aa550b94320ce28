// The capacity model's public surface: what the engine, the CLI and the LSP import. Everything
// here is pure (no I/O): an inventory and a workload in, an estimate and its renderings out.
export type { Derivation, DerivationInput } from './derivation';
export type { Inventory, InventoryResource, InventoryRoute, ResourceKind, ResourceUse } from './inventory';
export { routeKey } from './inventory';
export type { CapacityTarget, DatabaseEngine, Provenance, Resolved, ResolvedWorkload, RouteWorkload, WorkloadContext, WorkloadInput, WorkloadProvenance } from './workload';
export { WORKLOAD_DEFAULTS, describeProvenance, describeTarget, resolveWorkload } from './workload';
export type { CapacityChecks, CapacityEstimate, PredictedWait, Recommendation, RecommendationKind, ResourceEstimate, RouteEstimate, WorkloadReport, WorkloadValue } from './estimate';
export type { RouteClass, RouteTraffic } from './routes';
export { classifyRoute, trafficOfPath } from './routes';
export { CAPACITY_SCHEMA_VERSION, estimateCapacity, workloadFor } from './estimate';
export { renderMarkdown, renderText } from './render';
export type { PoolModel, PoolModelInput, CurvePoint } from './model';
export { modelPool, poolCurve } from './model';
