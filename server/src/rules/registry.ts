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
// shared-state and memory (imports)
// bodies, allocation, listeners, queues (imports)

export const rules: readonly RuleModule[] = [
  noClientPerRequest,
  noMemorySessionStore,
  noSyncInRequestPath,
  requireOutboundTimeout,
  requirePoolAcquireTimeout,
  poolSizeForWorkload,
  poolWithinDatabaseLimit,
  // pooling and timeouts (entries)
  // shared-state and memory (entries)
  // bodies, allocation, listeners, queues (entries)
];

export const ruleById: ReadonlyMap<string, RuleModule> = new Map(rules.map((r) => [r.meta.id, r]));
export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.meta.id));
