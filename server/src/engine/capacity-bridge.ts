// Turns the engine's inventory (resources and routes found in the code) into the capacity model's
// input, and runs the estimate for a workload. The model itself (server/src/capacity) stays pure.
import * as path from 'node:path';
import { estimateCapacity, workloadFor, type CapacityEstimate, type Inventory as CapacityInventory, type Provenance, type WorkloadInput, type WorkloadProvenance } from '../capacity';
import type { Inventory, InventoryResource } from './inventory';

const DATABASE_OF: Record<string, CapacityInventory['resources'][number]['database']> = {
  pg: 'postgresql',
  'pg-pool': 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mysql',
  mongodb: 'mongodb',
  mongoose: 'mongodb',
  ioredis: 'redis',
  redis: 'redis',
};

/** The engine the code names (ORM dialect, knex client, TypeORM type, URL scheme), else the driver's. */
function databaseOfResource(r: InventoryResource): CapacityInventory['resources'][number]['database'] {
  const kind = r.database?.kind;
  if (kind === 'postgresql' || kind === 'mysql' || kind === 'mongodb' || kind === 'sqlite' || kind === 'other') return kind;
  return DATABASE_OF[r.library];
}

/** Two module-level resources one variable holds in different branches of the same file. */
function isAlternative(a: InventoryResource, b: InventoryResource): boolean {
  return a.file === b.file && a.name !== undefined && a.name === b.name && a.library === b.library && a.moduleLevel && b.moduleLevel;
}

function provenanceOf(resource: InventoryResource, root: string): Provenance {
  const file = path.relative(root, resource.file).split(path.sep).join('/');
  if (resource.sizeSource === 'code') return { source: 'code', file, line: resource.line, detail: resource.sizeNote };
  if (resource.sizeSource === 'library-default') {
    // The note reads "pg default 10 (pg 8.23.1 from node_modules)": the report words it as
    // "pg 8.23.1 from node_modules default: 10", so each part says its piece once.
    const versioned = /\s*\(([^)]*)\)\s*$/.exec(resource.sizeNote);
    const name = resource.adapter ?? resource.library;
    const library = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const version = versioned?.[1]?.replace(new RegExp(`^${library}\\s+`), '') ?? 'version unknown';
    const detail = (versioned ? resource.sizeNote.slice(0, versioned.index) : resource.sizeNote).replace(new RegExp(`^${library} default\\s+`), '');
    return { source: 'library-default', library: name, version, detail };
  }
  // `max: process.env.PG_MAX`: the code names the option but not its value, so the model's size is an
  // assumption (see ASSUMED_SIZE), not something the code says.
  if (resource.size === undefined && resource.kind !== 'http-agent') {
    return { source: 'default', detail: `assumed ${ASSUMED_SIZE}: the code sets the size from a value it does not show (configuration, environment) at ${file}:${resource.line}` };
  }
  return { source: 'code', file, line: resource.line, detail: resource.sizeNote };
}

/** Where an acquire timeout came from, when the inventory says (a versioned default names its version). */
function timeoutProvenanceOf(resource: InventoryResource, root: string): Provenance | undefined {
  const detail = resource.acquireTimeoutNote;
  if (!detail) return undefined;
  if (resource.acquireTimeoutSource === 'library-default') {
    const version = /\(([^)]*)\)\s*$/.exec(detail)?.[1] ?? 'version unknown';
    return { source: 'library-default', library: resource.adapter ?? resource.library, version, detail };
  }
  return { source: 'code', file: path.relative(root, resource.file).split(path.sep).join('/'), line: resource.line, detail };
}

/** The size a pool gets in the model when the code does not show one. */
const ASSUMED_SIZE = 10;

/** The model's inventory: ids and files relative to the workspace root. */
export function toCapacityInventory(inventory: Inventory, root: string): CapacityInventory {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const idOf = new Map(inventory.resources.map((r) => [r.id, `${relative(r.file)}:${r.line}:${r.column}`]));
  const resources = inventory.resources
    // Clients made per request are findings of their own, not capacity a process holds; a second
    // resource one variable holds in another branch (`if (url) db = new Sequelize(url) else db = new
    // Sequelize(name, user, pw)`) is the same pool.
    .filter((r, i, all) => !r.perRequest && !all.slice(0, i).some((o) => isAlternative(o, r)))
    .map((r) => {
      const routeUses = inventory.routes.flatMap((route) => route.uses.filter((u) => u.resourceId === r.id));
      const holdsRequest = routeUses.some((u) => u.kind !== 'query');
      const usesPerRequest = routeUses.reduce((max, u) => Math.max(max, u.count), 0);
      const timeoutSource = r.acquireTimeoutMs !== undefined ? timeoutProvenanceOf(r, root) : undefined;
      return {
        id: idOf.get(r.id)!,
        kind: r.kind,
        library: r.library,
        file: relative(r.file),
        line: r.line,
        size: r.size ?? (r.kind === 'http-agent' ? null : ASSUMED_SIZE),
        ...(r.sizePerCpu ? { sizePerCpu: r.sizePerCpu } : {}),
        sizeSource: provenanceOf(r, root),
        ...(r.acquireTimeoutMs !== undefined ? { acquireTimeoutMs: r.acquireTimeoutMs } : {}),
        ...(timeoutSource ? { acquireTimeoutSource: timeoutSource } : {}),
        holds: holdsRequest ? ('request' as const) : ('query' as const),
        usesPerRequest,
        ...(r.kind === 'redis' ? { multiplexed: true } : {}),
        ...(databaseOfResource(r) ? { database: databaseOfResource(r) } : {}),
        ...(r.database?.target ? { databaseServer: r.database.target } : {}),
        ...(r.migration ? { migration: r.migration } : {}),
      };
    });
  // Outbound calls through Node's global agent (fetch, axios, got without an agent of their own):
  // one socket per call in flight and no maxSockets, per upstream host.
  const upstreams = new Map<string, { file: string; line: number; uses: number }>();
  for (const route of inventory.routes) {
    for (const use of route.uses) {
      if (!use.resourceId.startsWith('upstream:')) continue;
      const host = use.resourceId.slice('upstream:'.length);
      const seen = upstreams.get(host);
      if (!seen) upstreams.set(host, { file: relative(route.file), line: route.line ?? 1, uses: use.count });
      else seen.uses = Math.max(seen.uses, use.count);
    }
  }
  for (const [host, seen] of upstreams) {
    resources.push({
      id: `upstream:${host}`,
      kind: 'http-agent',
      library: 'node global agent',
      file: seen.file,
      line: seen.line,
      size: null,
      sizeSource: { source: 'library-default', library: 'node', version: 'http.globalAgent', detail: 'maxSockets unset: one socket per call in flight, no limit' },
      holds: 'query',
      usesPerRequest: seen.uses,
      upstreamHost: host,
    } as (typeof resources)[number]);
  }
  for (const route of inventory.routes) for (const use of route.uses) if (use.resourceId.startsWith('upstream:')) idOf.set(use.resourceId, use.resourceId);
  const kept = new Set(resources.map((r) => r.id));
  const routes = inventory.routes
    .filter((route) => route.method !== 'USE' || route.uses.length > 0)
    .map((route) => ({
      method: route.method,
      path: route.path,
      file: relative(route.file),
      line: route.line ?? 1,
      uses: route.uses
        .map((u) => ({ resourceId: idOf.get(u.resourceId)!, count: u.count, holdsAcrossRequest: u.kind !== 'query' }))
        .filter((u) => kept.has(u.resourceId)),
    }));
  const counted = inventory.workers.find((w) => typeof w.count === 'number' && w.count > 0);
  const instances = counted
    ? {
        value: counted.count as number,
        provenance: {
          source: 'code' as const,
          file: relative(counted.file),
          line: counted.line,
          detail: counted.source === 'pm2' ? `PM2 instances: ${counted.count}` : `${counted.count} cluster workers forked`,
        },
      }
    : undefined;
  // One process per CPU: the model counts them with workload.cpus (configured, else assumed).
  const perCpu = counted ? undefined : inventory.workers.find((w) => w.count === 'cpus');
  const instancesPerCpu = perCpu
    ? {
        offset: perCpu.cpusOffset ?? 0,
        provenance: {
          source: 'code' as const,
          file: relative(perCpu.file),
          line: perCpu.line,
          detail: `${perCpu.text ?? (perCpu.source === 'pm2' ? 'PM2 instances' : 'cluster.fork() per CPU')}: one process per CPU${perCpu.cpusOffset ? ` ${perCpu.cpusOffset < 0 ? '−' : '+'} ${Math.abs(perCpu.cpusOffset)}` : ''}`,
        },
      }
    : undefined;
  const requestAllocations = inventory.allocations.map((a) => ({ what: a.what, bytes: a.bytes, file: relative(a.file), line: a.line, basis: a.basis, detail: a.detail }));
  return { resources, routes, requestAllocations, ...(instances ? { instances } : {}), ...(instancesPerCpu ? { instancesPerCpu } : {}) };
}

export interface WorkloadLayer {
  input: WorkloadInput;
  /** Where these values came from, e.g. { source: 'config', detail: 'concurrency-lint.json' }. */
  provenance: Provenance;
}

/** Later layers win: config file, then editor settings, then command-line flags. */
export function runEstimate(inventory: Inventory, root: string, layers: WorkloadLayer[]): CapacityEstimate {
  const merged: WorkloadInput = {};
  const provenance: WorkloadProvenance = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.input) as [keyof WorkloadInput, unknown][]) {
      if (value === undefined) continue;
      (merged as Record<string, unknown>)[key] = key === 'routes' ? { ...merged.routes, ...(value as object) } : value;
      provenance[key] = layer.provenance;
    }
  }
  const capacityInventory = toCapacityInventory(inventory, root);
  return estimateCapacity(capacityInventory, workloadFor(capacityInventory, merged, provenance));
}
