// Shared by the project rules that read the capacity estimate: matching estimate entries to the
// resources the engine found, and describing the workload an estimate used.
import * as path from 'node:path';
import type { CapacityEstimate, ResourceEstimate } from '../capacity';
import type { InventoryResource } from '../engine/inventory';
import type { ProjectRuleContext } from './types';
import { formatNumber } from './utils';

/** Each estimated resource with the inventory entry (file offsets, size edit) it came from. */
export function estimatedResources(context: ProjectRuleContext): { estimate: ResourceEstimate; resource: InventoryResource }[] {
  const byId = new Map(
    context.inventory.resources.map((r) => [`${path.relative(context.root, r.file).split(path.sep).join('/')}:${r.line}:${r.column}`, r]),
  );
  return context.estimate.resources.flatMap((estimate) => {
    const resource = byId.get(estimate.id);
    return resource ? [{ estimate, resource }] : [];
  });
}

/** "1,000 users, 1.8 s think time, 200 ms requests (defaults: set `workload` in concurrency-lint.json)". */
export function describeWorkload(estimate: CapacityEstimate): string {
  const w = estimate.workload;
  const values = `${formatNumber(w.users.value)} users, ${formatNumber(w.thinkTimeMs.value / 1000)} s think time, ${formatNumber(w.requestMs.value)} ms requests`;
  const allDefaults = workloadIsDefault(estimate);
  return allDefaults ? `${values} — the defaults; set \`workload\` in concurrency-lint.json for yours` : values;
}

/** True when users, think time and request time all come from the defaults (nothing configured). */
export function workloadIsDefault(estimate: CapacityEstimate): boolean {
  const w = estimate.workload;
  return [w.users, w.thinkTimeMs, w.requestMs].every((v) => v.provenance.source === 'default');
}
