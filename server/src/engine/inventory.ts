// The capacity estimate's view of the code: every connection-holding resource with its effective
// settings (what the code sets, else the library default for the installed version, saying which),
// and every request handler with the resources it uses per request.
import * as path from 'node:path';
import { LIBRARY_DEFAULTS, VERSIONED_DEFAULTS, versionedDefault, describeVersion } from './library-defaults';
import type { IndexedAllocation, IndexedResource, IndexedRoute, IndexedWorker } from './project';
import type { ResolvedVersion } from './package-versions';
import { databaseKind, targetOfText, urlNumberParam, type ResourceKind, type UseKind } from './resources';

export type SettingSource = 'code' | 'library-default' | 'unknown';

export interface InventoryResource {
  /** Stable within one inventory: `file:line:column`. */
  id: string;
  kind: ResourceKind;
  library: string;
  file: string;
  line: number;
  column: number;
  name: string | undefined;
  moduleLevel: boolean;
  /** Created in a function a request handler reaches (a client per request): not capacity the process holds. */
  perRequest: boolean;
  /** Set (with why) for a TypeORM data source only the CLI opens for migrations: counted once, not per instance. */
  migration?: string;
  /** The pool is one unit per CPU of the app host plus `plus` (Prisma's default), counted with workload.cpus. */
  sizePerCpu?: { perCpu: number; plus: number };
  /** The database engine ('postgresql', 'mysql', 'mongodb', 'sqlite', 'other') and server (`host:…`, `url:…`, `env:…`), when the code says. */
  database?: { kind?: string; target?: string };
  /** Connections it can hold at once; undefined when neither the code nor a known default says. */
  size: number | undefined;
  sizeSource: SettingSource;
  /** How the size was found, for the report's derivations. */
  sizeNote: string;
  /** The library's default size for the installed version, when there is one. */
  defaultSize: number | undefined;
  /** How long a caller waits for a free connection: 0 = forever; undefined = unknown. */
  acquireTimeoutMs: number | undefined;
  acquireTimeoutSource: SettingSource;
  /** How the acquire timeout was found (a versioned default names the version), when the inventory knows. */
  acquireTimeoutNote?: string;
  /** A Prisma client's driver adapter (`@prisma/adapter-pg`): the pool and its settings are the adapter's. */
  adapter?: string;
  calleeStart: number;
  calleeEnd: number;
  sizeEdit: { start: number; end: number; template: string } | undefined;
}

/** Uses name a resource by id, or an outbound HTTP upstream as `upstream:<host>`. */
export interface InventoryRoute {
  method: string;
  path: string;
  framework: string;
  file: string;
  line: number | undefined;
  uses: { resourceId: string; kind: UseKind; count: number }[];
}

export interface InventoryWorkers {
  /** Processes serving traffic, when the code or PM2 config says a number; 'cpus' = one per CPU. */
  count: number | 'cpus';
  /** With 'cpus': added to the CPU count (PM2 `-1`, `os.cpus().length - 1`). */
  cpusOffset?: number;
  /** How the code says it: "PM2 instances: 'max'", "cluster.fork() × os.cpus().length". */
  text?: string;
  source: 'pm2' | 'cluster';
  file: string;
  line: number;
}

/** What one request may hold in memory while in flight: a body parser's limit, an upload kept in memory, a body read by hand. */
export interface InventoryAllocation {
  what: string;
  /** null = nothing bounds it. */
  bytes: number | null;
  basis: 'code' | 'library-default' | 'unknown';
  detail: string;
  file: string;
  line: number;
}

export interface Inventory {
  resources: InventoryResource[];
  routes: InventoryRoute[];
  /** The worker processes found (PM2 ecosystem `instances`, `cluster.fork` loops), numeric first. */
  workers: InventoryWorkers[];
  /** Per-request memory facts noted by the rules (application code; hand-read bodies on the request path). */
  allocations: InventoryAllocation[];
}

export function buildInventory(
  indexed: { resources: IndexedResource[]; routes: IndexedRoute[]; workers: IndexedWorker[]; allocations: IndexedAllocation[] },
  versionOf: (pkg: string, file: string) => ResolvedVersion | undefined,
  /** The datasource `schema.prisma` declares: the database a Prisma client talks to. */
  prismaDatasource?: { provider?: string; url?: string; env?: string },
): Inventory {
  const idOf = (file: string, line: number, column: number): string => `${file}:${line}:${column}`;
  const byKey = new Map<string, string>();
  const resources: InventoryResource[] = indexed.resources.map((resource) => {
    const { file, info } = resource;
    const id = idOf(file, info.line, info.column);
    byKey.set(`${file}#${info.id}`, id);
    let size: number | undefined;
    let sizeSource: SettingSource = 'unknown';
    let sizeNote = 'unknown';
    let defaultSize: number | undefined;
    let perCpu = true;
    if (info.defaultSizeKey && !info.sizePerCpu) {
      const key = info.defaultSizeKey;
      if (key in VERSIONED_DEFAULTS) defaultSize = Number(versionedDefault(key, versionOf(info.defaultSizePackage ?? info.library, file)).value);
      else defaultSize = Number((LIBRARY_DEFAULTS as Record<string, { value: unknown }>)[key]?.value ?? NaN) || undefined;
    }
    if (typeof info.size === 'number') {
      size = info.size;
      sizeSource = 'code';
      sizeNote = `set in code (${path.basename(file)}:${info.line})`;
    } else if (resource.size) {
      size = resource.size.value;
      sizeSource = 'code';
      sizeNote = `set in code (${path.basename(resource.size.file)}:${resource.size.line}, read by ${path.basename(file)}:${info.line})`;
    } else if (info.adapter && info.size === undefined && info.defaultSizeKey) {
      // A Prisma driver adapter's pool: the driver's default for the adapter's version.
      const answer = versionedDefault(info.defaultSizeKey, versionOf(info.defaultSizePackage ?? info.adapter, file));
      size = Number(answer.value);
      sizeSource = 'library-default';
      sizeNote = `${info.adapter} default ${answer.describe}: no size in the adapter's options (${describeVersion(answer)})`;
    } else if (info.adapter && info.size === 'unknown') {
      sizeNote = 'set in the driver adapter\'s options from a value the code does not show (configuration, environment)';
    } else if (info.sizePerCpu && info.size === undefined && prismaDatasource?.url && urlNumberParam(prismaDatasource.url, 'connection_limit') !== undefined) {
      size = urlNumberParam(prismaDatasource.url, 'connection_limit');
      sizeSource = 'code';
      sizeNote = 'connection_limit in the datasource url of schema.prisma';
    } else if (info.sizePerCpu && info.size === undefined) {
      const version = versionOf(info.defaultSizePackage ?? info.library, file);
      const answer = versionedDefault('prismaPoolFromCpus', version);
      if (answer.value === true) {
        sizeSource = 'library-default';
        sizeNote = `${info.library} default ${answer.describe}, counted with workload.cpus: no connection_limit in a datasource URL the code shows (${describeVersion(answer)})`;
      } else {
        // Prisma 7: the pool is the driver adapter's, configured where the adapter is made.
        perCpu = false;
        sizeNote = `${answer.describe}, configured where the adapter is made (${describeVersion(answer)})`;
      }
    } else if (info.fixedSize !== undefined) {
      size = info.fixedSize;
      sizeSource = 'code';
      sizeNote = info.kind === 'redis' ? 'one connection (commands are pipelined)' : 'a single connection';
    } else if (info.size === undefined && info.defaultSizeKey) {
      const key = info.defaultSizeKey;
      if (key in VERSIONED_DEFAULTS) {
        const answer = versionedDefault(key, versionOf(info.defaultSizePackage ?? info.library, file));
        size = Number(answer.value);
        sizeNote = `${info.library} default ${answer.describe} (${describeVersion(answer)})`;
      } else {
        const fact = (LIBRARY_DEFAULTS as Record<string, { value: unknown; describe: string; source: string }>)[key];
        if (fact) {
          size = Number(fact.value);
          const version = versionOf(info.defaultSizePackage ?? info.library, file);
          sizeNote = `${info.library} default ${fact.describe}${version ? ` (${info.library} ${version.version} from ${version.source})` : ''}`;
        }
      }
      if (size !== undefined) sizeSource = 'library-default';
    } else if (info.size === 'unknown') {
      sizeNote = 'set from a value the code does not show (configuration, environment)';
    }
    let acquireTimeoutMs: number | undefined;
    let acquireTimeoutSource: SettingSource = 'unknown';
    let acquireTimeoutNote: string | undefined;
    if (typeof info.acquireTimeoutMs === 'number') {
      acquireTimeoutMs = info.acquireTimeoutMs;
      acquireTimeoutSource = 'code';
      acquireTimeoutNote = `set in code (${path.basename(file)}:${info.line})`;
    } else if (resource.acquireTimeout) {
      acquireTimeoutMs = resource.acquireTimeout.value;
      acquireTimeoutSource = 'code';
      acquireTimeoutNote = `set in code (${path.basename(resource.acquireTimeout.file)}:${resource.acquireTimeout.line}, read by ${path.basename(file)}:${info.line})`;
    } else if (info.acquireTimeoutMs === undefined && info.defaultAcquireTimeoutKey) {
      const answer = versionedDefault(info.defaultAcquireTimeoutKey, versionOf(info.defaultAcquireTimeoutPackage ?? info.library, file));
      acquireTimeoutMs = Number(answer.value);
      acquireTimeoutSource = 'library-default';
      acquireTimeoutNote = `${info.defaultAcquireTimeoutPackage ?? info.library} default ${answer.describe} (${describeVersion(answer)})`;
    } else if (info.acquireTimeoutMs === undefined && info.defaultAcquireTimeoutMs !== undefined) {
      acquireTimeoutMs = info.defaultAcquireTimeoutMs;
      acquireTimeoutSource = 'library-default';
    }
    return {
      id,
      kind: info.kind,
      library: info.library,
      file,
      line: info.line,
      column: info.column,
      name: info.name,
      moduleLevel: info.moduleLevel,
      perRequest: resource.perRequest,
      ...(resource.migration ? { migration: resource.migration } : {}),
      ...(info.sizePerCpu && perCpu && size === undefined && sizeSource === 'library-default' ? { sizePerCpu: info.sizePerCpu } : {}),
      ...(databaseOf(resource, prismaDatasource) ? { database: databaseOf(resource, prismaDatasource) } : {}),
      size,
      sizeSource,
      sizeNote,
      defaultSize,
      acquireTimeoutMs,
      acquireTimeoutSource,
      ...(acquireTimeoutNote ? { acquireTimeoutNote } : {}),
      ...(info.adapter ? { adapter: info.adapter } : {}),
      calleeStart: info.calleeStart,
      calleeEnd: info.calleeEnd,
      sizeEdit: info.sizeEdit,
    };
  });
  const routes: InventoryRoute[] = indexed.routes.map((route) => ({
    method: route.route?.method ?? '*',
    path: route.route?.path ?? '*',
    framework: route.framework,
    file: route.file,
    line: route.handlerLine,
    uses: route.uses.flatMap((use) => {
      if (use.upstream) return [{ resourceId: `upstream:${use.upstream}`, kind: use.kind, count: use.count }];
      const resourceId = byKey.get(`${use.resourceFile}#${use.resourceId}`);
      return resourceId ? [{ resourceId, kind: use.kind, count: use.count }] : [];
    }),
  }));
  const workers = [...indexed.workers].sort((a, b) => (typeof a.count === 'number' ? 0 : 1) - (typeof b.count === 'number' ? 0 : 1));
  const allocations = indexed.allocations.map(({ what, bytes, basis, detail, file, line }) => ({ what, bytes, basis, detail, file, line }));
  return { resources, routes, workers, allocations };
}

/** What the code says about a resource's database; a Prisma client's from `schema.prisma` where the code is silent. */
function databaseOf(resource: IndexedResource, prisma: { provider?: string; url?: string; env?: string } | undefined): { kind?: string; target?: string } | undefined {
  if (resource.info.library !== 'prisma' || !prisma) return resource.database;
  const kind = resource.database?.kind ?? (prisma.provider ? (databaseKind(prisma.provider) ?? 'other') : undefined);
  const target = resource.database?.target ?? (prisma.url ? targetOfText(prisma.url) : prisma.env ? `env:${prisma.env}` : undefined);
  return kind || target ? { ...(kind ? { kind } : {}), ...(target ? { target } : {}) } : undefined;
}
