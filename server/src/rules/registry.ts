// The explicit list of every rule. A meta-test checks it against the rule files, docs and fixtures.
import type { RuleModule } from './types';
import { rule as noClientPerRequest } from './no-client-per-request';
import { rule as noMemorySessionStore } from './no-memory-session-store';
import { rule as noSyncInRequestPath } from './no-sync-in-request-path';
import { rule as requireOutboundTimeout } from './require-outbound-timeout';
import { rule as requirePoolAcquireTimeout } from './require-pool-acquire-timeout';
import { rule as poolSizeForWorkload } from './pool-size-for-workload';
import { rule as poolWithinDatabaseLimit } from './pool-within-database-limit';
// pooling and timeouts (imports)
import { rule as noNestedPoolAcquire } from './no-nested-pool-acquire';
import { rule as noSharedSingleConnection } from './no-shared-single-connection';
import { rule as requireQueryTimeout } from './require-query-timeout';
import { rule as requireServerTimeouts } from './require-server-timeouts';
// shared-state and memory (imports)
import { rule as noModuleStatePerRequest } from './no-module-state-per-request';
import { rule as requireCacheBound } from './require-cache-bound';
import { rule as noUnboundedQuery } from './no-unbounded-query';
import { rule as noUnboundedFanOut } from './no-unbounded-fan-out';
// bodies, allocation, listeners, queues (imports)
import { rule as noUnboundedBody } from './no-unbounded-body';
import { rule as noInputSizedAllocation } from './no-input-sized-allocation';
import { rule as noListenerPerRequest } from './no-listener-per-request';
import { rule as requireConsumerPrefetch } from './require-consumer-prefetch';
import { rule as requireJobRetention } from './require-job-retention';

export const rules: readonly RuleModule[] = [
  noClientPerRequest,
  noMemorySessionStore,
  noSyncInRequestPath,
  requireOutboundTimeout,
  requirePoolAcquireTimeout,
  poolSizeForWorkload,
  poolWithinDatabaseLimit,
  // pooling and timeouts (entries)
  noNestedPoolAcquire,
  noSharedSingleConnection,
  requireQueryTimeout,
  requireServerTimeouts,
  // shared-state and memory (entries)
  noModuleStatePerRequest,
  requireCacheBound,
  noUnboundedQuery,
  noUnboundedFanOut,
  // bodies, allocation, listeners, queues (entries)
  noUnboundedBody,
  noInputSizedAllocation,
  noListenerPerRequest,
  requireConsumerPrefetch,
  requireJobRetention,
];

export const ruleById: ReadonlyMap<string, RuleModule> = new Map(rules.map((r) => [r.meta.id, r]));
export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.meta.id));
