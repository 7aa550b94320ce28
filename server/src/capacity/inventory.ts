// What the capacity model needs to know about the code: the resources that hold a unit per use
// (pools, single connections, Redis clients, HTTP agents) and which routes use them how. Plain data
// the engine fills from its summaries; the model never sees syntax, files or LSP positions.
import type { DatabaseEngine, Provenance, Resolved } from './workload';

export type ResourceKind = 'db-pool' | 'db-connection' | 'redis' | 'http-agent' | 'generic-pool';

export interface InventoryResource {
  /** Unique within the inventory; recommendations and routes refer to it. */
  id: string;
  kind: ResourceKind;
  /** 'pg', 'mysql2', 'ioredis', 'undici'… */
  library: string;
  /** Installed version text when known ('8.13.1'). */
  libraryVersion?: string;
  /** Workspace-relative path and 1-based line of the declaration. */
  file: string;
  line: number;
  /** Units per process (pool max, maxSockets). null = unbounded (Node's default agent). */
  size: number | null;
  /**
   * The size is per CPU of the app host when the code does not set it (Prisma ≤ 6: connection_limit =
   * physical CPUs × 2 + 1): the estimate computes it with workload.cpus and replaces `size`.
   */
  sizePerCpu?: { perCpu: number; plus: number };
  /** Where the size came from: the code (`max: 20`) or the library's default (pg: 10). */
  sizeSource: Provenance;
  /** Acquire timeout, ms: 0 = wait forever; undefined = unknown. */
  acquireTimeoutMs?: number;
  acquireTimeoutSource?: Provenance;
  /** Statement/query timeout, ms: 0 = none; undefined = unknown. */
  statementTimeoutMs?: number;
  /** Whether a unit is held per query or across a whole request (checkout, transaction). */
  holds: 'query' | 'request';
  /** Uses per request when no route says better (the engine's aggregate). 0 = not on the request path. */
  usesPerRequest: number;
  /** Typical hold per use, ms, when code or config says (rarely known). */
  queryMs?: number;
  /** A single connection that pipelines commands (node-redis, ioredis): not a pool to queue on. */
  multiplexed?: boolean;
  /** Which database engine the resource talks to; SQL pools of one server share its max_connections. */
  database?: DatabaseEngine | 'mongodb' | 'redis' | 'sqlite' | 'other';
  /**
   * Which server, when the code shows it (`host:db.internal`, `url:db2:5432`, `env:REPORTS_DATABASE_URL`):
   * pools with different servers have separate connection budgets.
   */
  databaseServer?: string;
  /**
   * Set for a pool only a one-off command-line process opens (the TypeORM CLI's data source, run for
   * migrations), saying how that was decided: it counts once in the fleet budget, not per instance,
   * and serves no requests (not modelled against the users).
   */
  migration?: string;
  /** For HTTP agents: the upstream host, when known. */
  upstreamHost?: string;
}

export interface ResourceUse {
  resourceId: string;
  /** Uses per request on this route (queries, or checkouts). */
  count: number;
  /** A checked-out client or a transaction kept for the request's duration. */
  holdsAcrossRequest: boolean;
}

export interface InventoryRoute {
  method: string;
  path: string;
  file: string;
  line: number;
  uses: ResourceUse[];
}

export interface Inventory {
  resources: InventoryResource[];
  routes: InventoryRoute[];
  /** Processes found in code or config (cluster.fork count, PM2 instances); the workload may override. */
  instances?: Resolved<number>;
  /** One process per CPU plus `offset` (PM2 'max'/0/-1, `os.cpus().length`), counted with workload.cpus. */
  instancesPerCpu?: { offset: number; provenance: Provenance };
  /** Bytes each request allocates while in flight, when known otherwise (overrides `requestAllocations`). */
  perRequestAllocationBytes?: number;
  /** What one request may hold in memory while in flight, from the code: body parser limits (library
   * defaults included), uploads kept in memory, bodies read by hand on the request path. */
  requestAllocations?: RequestAllocation[];
}

export interface RequestAllocation {
  /** "express.json()", "multer (files in memory), per file", "body collected from req.on('data')". */
  what: string;
  /** Bytes one request may hold; null when nothing bounds it. */
  bytes: number | null;
  file: string;
  line: number;
  /** 'code' (set there), 'library-default', or 'unknown' (a value the code does not show; the default assumed). */
  basis: 'code' | 'library-default' | 'unknown';
  /** The number and its source in words: "limit: '1mb'", "body-parser default limit 100kb". */
  detail: string;
}

/** "GET /orders": the key of a route in `workload.routes`. */
export function routeKey(route: Pick<InventoryRoute, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

const MYSQL_FAMILY = new Set(['mysql', 'mysql2', 'mariadb']);

/** The SQL database an inventory talks to, from its drivers; undefined when it has none we know. */
export function inventoryDatabase(inventory: Inventory): Resolved<DatabaseEngine> | undefined {
  for (const r of inventory.resources) {
    if (r.database === 'postgresql' || r.database === 'mysql') {
      return { value: r.database, provenance: { source: 'code', file: r.file, line: r.line, detail: `${r.library} talks to ${r.database === 'mysql' ? 'MySQL' : 'PostgreSQL'}` } };
    }
  }
  const mysql = inventory.resources.find((r) => MYSQL_FAMILY.has(r.library));
  if (mysql) return { value: 'mysql', provenance: { source: 'code', file: mysql.file, line: mysql.line, detail: `${mysql.library} is a MySQL driver` } };
  const pg = inventory.resources.find((r) => r.library === 'pg' || r.library === 'pg-pool' || r.library === 'postgres');
  if (pg) return { value: 'postgresql', provenance: { source: 'code', file: pg.file, line: pg.line, detail: `${pg.library} is a PostgreSQL driver` } };
  return undefined;
}

/**
 * Whether a resource's connections count against a SQL server's max_connections. MongoDB has no
 * such budget by default: mongod accepts up to net.maxIncomingConnections (documented as 65536; on
 * Unix bounded by the open-files limit, MongoDB DOCS-14280), far beyond what a fleet of pools opens,
 * so its pools are not summed against a limit. SQLite and other engines are not either.
 */
export function countsAgainstDatabase(r: InventoryResource): boolean {
  if (r.kind !== 'db-pool' && r.kind !== 'db-connection') return false;
  if (r.database) return r.database === 'postgresql' || r.database === 'mysql';
  return !['mongodb', 'mongoose', 'prisma-mongodb'].includes(r.library);
}

/** The SQL engine a pool's connections count against: its own, else the inventory's (default PostgreSQL). */
export function databaseOf(r: InventoryResource, fallback: DatabaseEngine): DatabaseEngine {
  if (r.database === 'postgresql' || r.database === 'mysql') return r.database;
  if (MYSQL_FAMILY.has(r.library)) return 'mysql';
  if (r.library === 'pg' || r.library === 'pg-pool' || r.library === 'postgres') return 'postgresql';
  return fallback;
}
