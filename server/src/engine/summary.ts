// The compact per-file facts the cross-file index keeps instead of syntax trees: functions and
// how they nest, what each function calls, which functions are request handlers, what the file
// exports. Function and class ids number them in walk order within their file.

import type { FileRole } from './roles';
import type { ResourceKind, UseKind } from './resources';
import type { PoolEffectKind } from './pool-wrappers';
import type { ColumnDeclaration } from './schema-keys';
import type { SchemaShape } from './validation-schemas';
import type { DecorationSlot } from './decorations';
import type { DataShape } from './data-shapes';

/** A reference to code, in a form that survives after the syntax tree is dropped. */
export type SymRef =
  /** A function of this file, or of `file` (a DataLoader's batch function, known through the instance). */
  | { kind: 'fn'; id: number; file?: string }
  | { kind: 'class'; id: number }
  /** An object made by `new` of a class. */
  | { kind: 'instance'; cls: SymRef }
  /** An object literal (`module.exports = { a, b }`). */
  | { kind: 'object'; members: Record<string, SymRef> }
  /** A method of a class (or of an instance of it). */
  | { kind: 'method'; cls: SymRef; name: string }
  /** Something in another project file: `path` applied to that file's exports ('()' calls, 'new()' constructs). */
  | { kind: 'project'; specifier: string; path: string[] }
  /** A connection-holding resource created in this file (a pool, a client), or in `file`. */
  | { kind: 'resource'; id: number; file?: string }
  /** What a framework slot holds in whichever file fills it (see decorations.ts), then `path`. */
  | { kind: 'decoration'; slot: DecorationSlot; name: string; path: string[] }
  /** An outbound HTTP call's upstream (host from a literal URL, else '(unknown host)'). */
  | { kind: 'upstream'; host: string }
  /**
   * Any other library instance made in this file (`new EventEmitter()`, `mongoose.model(…)`); a
   * validation schema (zod, joi, yup) with its shape, for files that import it.
   */
  | {
      kind: 'lib-instance';
      module: string;
      factory: string[];
      schema?: SchemaShape;
      /** `new DataLoader(batch)`: the batch function's id. */
      batch?: number;
      /** An app or router made in this file (`express.Router()`): its id in `routers`, so mounts elsewhere find it. */
      router?: number;
    }
  /**
   * A literal number or short string (`max: 5`, `dialect: 'mysql'` in a config module), so another
   * file's resource options can read it (`pool: { max: dbConfig.pool.max }`). `line` is where it is written.
   */
  | { kind: 'literal'; value: number | string; line: number };

export interface FunctionInfo {
  id: number;
  /** The function this one is written inside; reaching the parent reaches it (callbacks, closures). */
  parent: number | undefined;
  name: string | undefined;
  /** Every call gives this resource of the file (`return pool`, a lazily made singleton): see returnedResource. */
  returnsResource?: number;
}

export interface ClassInfo {
  id: number;
  name: string | undefined;
  methods: Record<string, number>;
  /** Field name → the class it holds (constructor parameter properties and typed fields). */
  fields: Record<string, SymRef>;
  /** Properties a class-validator `@ArrayMaxSize(n)` caps (DTOs), for files that validate with it. */
  arrayMaxSize?: string[];
}

export interface Edge {
  from: number;
  to: SymRef;
}

export interface Root {
  target: SymRef;
  /** A factory (`app.use(makeMiddleware())`): what it returns handles requests, not its own body. */
  factory: boolean;
  framework: string;
  /** The route as registered, when the registration says (`GET /users/:id`, `USE`, Next.js file route). */
  route?: RouteInfo;
}

export interface RouteInfo {
  /** Upper case: GET, POST…; USE for middleware; * for a whole server handler. */
  method: string;
  /** The path as written (`/users/:id`), or a description when not a literal. */
  path: string;
  line: number;
  /** The app, router or plugin it is registered on, so the project can prefix its mount path. */
  on?: RouterRef;
}

/**
 * What a route is registered on: an app or router made in this file (or in `file`), or the app a
 * function receives as its first parameter (a Fastify plugin, `module.exports = (app) => …`).
 */
export type RouterRef = { kind: 'router'; id: number; file?: string } | { kind: 'plugin'; fn: number };

/** An app or router this file makes: `express()`, `express.Router()`, `new Router({ prefix })`, `Fastify()`. */
export interface RouterInfo {
  id: number;
  line: number;
  /** A root application (`express()`, `new Koa()`, `Fastify()`): mounted nowhere, its prefix is ''. */
  root: boolean;
  /** Its own prefix (koa-router `new Router({ prefix })`, `router.prefix('/x')`). */
  prefix?: string;
}

/**
 * A router mounted under a path: `app.use('/admin', adminRouter)`, `router.use('/v1', v1.routes())`,
 * `app.register(plugin, { prefix: '/products' })`. `child` is a router or plugin of this file, or a
 * reference to another file's export (a router it makes, a plugin function).
 */
export interface MountInfo {
  /** What it is mounted on; undefined when the file cannot say (taken as the application root). */
  parent?: RouterRef;
  prefix: string;
  child: RouterRef | { kind: 'ref'; ref: SymRef };
}

/** A connection-holding resource the file creates, with the settings its code gives it. */
export interface ResourceInfo {
  id: number;
  kind: ResourceKind;
  library: string;
  /** The library export that made it (`pg` `Pool`), for imports of it from other files. */
  module: string;
  factory: string[];
  /** The variable or property it is stored in, if any. */
  name: string | undefined;
  line: number;
  column: number;
  /** Created at module level (once per process) rather than in a function. */
  moduleLevel: boolean;
  /** The function it is created in, when not at module level: created per request only if a handler reaches it. */
  functionId?: number;
  /** The size comes from another file (`max: dbConfig.pool.max`): the project resolves it to a literal there. */
  sizeRef?: SymRef;
  /** Units one per CPU of the app host (Prisma's default connection_limit: physical CPUs × 2 + 1). */
  sizePerCpu?: { perCpu: number; plus: number };
  /** The database server it talks to, as far as the code says (see resources.ts `databaseOf`). */
  database?: ResourceDatabase;
  /** The size the code sets: a literal, or 'unknown' when it comes from elsewhere; undefined = library default. */
  size: number | 'unknown' | undefined;
  fixedSize: number | undefined;
  acquireTimeoutMs: number | 'unknown' | undefined;
  /** Index into RESOURCE_FACTORIES' defaults: the key and package of the default size. */
  defaultSizeKey: string | undefined;
  defaultSizePackage: string | undefined;
  defaultAcquireTimeoutMs: number | undefined;
  /** A versioned default acquire timeout (VERSIONED_DEFAULTS key and package), when it depends on the installed version. */
  defaultAcquireTimeoutKey?: string;
  defaultAcquireTimeoutPackage?: string;
  /** The acquire timeout comes from another file (`connectionTimeoutMillis: config.db.timeout`). */
  acquireTimeoutRef?: SymRef;
  /** A Prisma client's driver adapter (`@prisma/adapter-pg`): its pool is the client's, sized by the adapter's options. */
  adapter?: string;
  /**
   * The client runs on a pool the code made itself (`new PrismaPg(pool)`): that pool, here or in another
   * file. The project counts one pool: uses of the client are uses of it.
   */
  sharesPoolOf?: SymRef;
  /** Made by a class extending the factory (`class PrismaService extends PrismaClient`): the class's id, so a field typed with it names this resource. */
  classId?: number;
  /** Offsets of the callee (`Pool` in `new Pool(…)`): where findings about the resource point. */
  calleeStart: number;
  calleeEnd: number;
  /** How to write a size into the code: replace [start, end) with `template`, `{{size}}` the number. */
  sizeEdit: { start: number; end: number; template: string } | undefined;
}

export interface WorkerInfo {
  /** A literal count, or 'cpus' for one per CPU (`os.cpus().length`, `os.availableParallelism()`, PM2 `'max'`/`0`/`-1`). */
  count: number | 'cpus';
  /** With 'cpus': what is added to the CPU count (PM2 `-1`, `os.cpus().length - 1`: −1). */
  cpusOffset?: number;
  /** How the code says it, for the report: "PM2 instances: 'max'", "os.cpus().length - 1". */
  text?: string;
  source: 'pm2' | 'cluster';
  line: number;
}

/** What one request may hold in memory while in flight (rules note these; see AllocationNote). */
export interface AllocationInfo {
  what: string;
  /** null = unbounded. */
  bytes: number | null;
  basis: 'code' | 'library-default' | 'unknown';
  detail: string;
  line: number;
  /** 'request-path': counts only when `functionId` is reachable from a request handler. */
  scope: 'application' | 'request-path';
  /** The innermost function containing it; undefined at module level. */
  functionId: number | undefined;
}

/**
 * Which database server a resource talks to: the engine kind (from the driver, or the ORM's
 * `dialect`/`client`/`type`/connection URL scheme) and, when the code shows it, which server
 * (a literal host or URL, or the environment variable holding it). Either may be a reference into
 * another file (`dialect: dbConfig.dialect`), resolved by the project index.
 */
export interface ResourceDatabase {
  kind?: string;
  kindRef?: SymRef;
  /** `host:db.internal`, `url:postgres://reports@db2/reports`, `env:REPORTS_DATABASE_URL`. */
  target?: string;
  targetRef?: SymRef;
}

/** A call in a function that holds a unit of a resource (a query, a checkout, a transaction). */
export interface ResourceUse {
  from: number;
  /** The resource, when the file can say which (or which project import holds it); see `orm` otherwise. */
  resource?: SymRef;
  kind: UseKind;
  line: number;
  /**
   * An ORM call (a model, a repository, a Prisma delegate) whose client the file cannot follow: it
   * runs on the project's pool of one of `libraries` (see orm-uses.ts). Used when `resource` names none.
   */
  orm?: OrmUseRef;
}

export interface OrmUseRef {
  /** The ORMs whose models have this shape and method: the project's single pool among them is the one. */
  libraries: string[];
  /** Reached through NestJS injection (`@InjectRepository`, a `DataSource` constructor parameter): a Nest module's pool. */
  injected?: true;
  /** The call as project code (`UsersService.create`): when the project resolves it to a function, it is not an ORM call. */
  unlessCode?: SymRef;
  /**
   * `resource` is the class a field's declaration names (`constructor(private db: PrismaService)`):
   * when that class is project code but not a resource, the call runs on no pool of ours.
   */
  typed?: true;
}

/**
 * What calling a function does to a driver pool (see pool-wrappers.ts): it waits for one of its
 * connections, returns a client checked out of it, or calls a parameter while holding one.
 */
export interface PoolEffectInfo {
  fn: number;
  kind: PoolEffectKind;
  /** The pool (a resource of this file or of `file`), or a project function whose effect this one passes on. */
  target: SymRef;
  /** The call that does it, as written (`pool.query()`), for messages. */
  call: string;
  /** For holds-while-calling: the index of the parameter called while holding. */
  param?: number;
}

/**
 * A function whose parameter `param` is the SQL text of a raw query it runs (`rawQuery(sql, params)`
 * → `prisma.$queryRawUnsafe(sql, ...params)`), or, with `via`, that it passes on as argument `arg`
 * of a project function (a wrapper of a wrapper), which the project index follows.
 */
export interface SqlWrapperInfo {
  fn: number;
  param: number;
  via?: SymRef;
  arg?: number;
}

/**
 * What a call passes in one argument position, as far as the caller's file can tell: an object
 * literal and its keys (`open` when a spread or computed key hides some), a value the client
 * chose (request data), a constant, or anything else.
 */
export type ArgumentFact =
  /** `requestKeys`: keys whose value is request data the caller does not cap (`{ limit: req.query.limit }`), with its field. */
  | { kind: 'object'; keys: string[]; open: boolean; requestKeys?: { key: string; field: string }[] }
  /**
   * `field`: where on the request it comes from (`body`, `query`, `params`…; '' for the request
   * itself). `capped`: the caller compares it or its length, or validation middleware runs first.
   * `boundedFields`: properties of it the caller compares or assigns (`req.query.limit > 100`).
   */
  | { kind: 'request'; field: string; capped?: true; boundedFields?: string[] }
  | { kind: 'literal' }
  | { kind: 'other' };

/**
 * A call from this file to project code, with what it passes: rules ask the callers of a function
 * about its parameters (are the options it gets from them missing a timeout, is the key it stores
 * under request data). Module-level calls have no `from`.
 */
export interface CallSite {
  from: number | undefined;
  to: SymRef;
  /**
   * Absent unless some finding asks about the callers of the function called (its file lists it
   * in `callerQuestions`): working the facts out costs a walk of the calling function, and most
   * are never read.
   */
  args?: ArgumentFact[];
  /** `f(...list)`: which argument lands where is unknown. */
  spread?: true;
}

/** A value the file puts in a framework slot (`fastify.decorate('tasks', repo)`, `app.context.db = knex(…)`). */
export interface DecorationInfo {
  slot: DecorationSlot;
  name: string;
  value: SymRef;
}

export interface FileSummary {
  file: string;
  role: FileRole;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  edges: Edge[];
  roots: Root[];
  /**
   * Routes registered on a function's first parameter when nothing in this file says it is a
   * Fastify instance (`module.exports = async function (api) { api.get('/x', h) }`): they are
   * request handlers once some file registers the function as a plugin (`plugins`), and so are
   * the plugins it registers on that parameter in turn.
   */
  pluginRoutes?: { fn: number; roots: Root[]; registers: SymRef[] }[];
  /** Project code this file registers as Fastify plugins: `app.register(require('./routes/users'))`, `register(import('./x'))`. */
  plugins?: SymRef[];
  exports: Record<string, SymRef>;
  starExports: string[];
  resources: ResourceInfo[];
  uses: ResourceUse[];
  poolEffects: PoolEffectInfo[];
  /** Functions that hand a parameter on as the SQL text of a raw query (see sql-wrappers.ts); absent when none. */
  sqlWrappers?: SqlWrapperInfo[];
  /** Columns the file declares in a schema (migrations, models, entities, DDL strings), with their keys. */
  columns: ColumnDeclaration[];
  calls: CallSite[];
  /**
   * Functions of this file some finding here depends on the callers of (CallerCondition): the
   * calling files work out what they pass only to these. Absent when none.
   */
  callerQuestions?: number[];
  /** Processes serving traffic that this file starts or configures (PM2 `instances`, `cluster.fork` loops). */
  workers: WorkerInfo[];
  /** Project-wide facts this file establishes, e.g. 'axios.defaults.timeout'. */
  facts: string[];
  /** What one request may hold in memory (body limits, uploads, bodies read by hand), noted by rules. */
  allocations: AllocationInfo[];
  /** Apps and routers the file makes, and the routers it mounts under a path (route prefixes). */
  routers?: RouterInfo[];
  mounts?: MountInfo[];
  /** NestJS `app.setGlobalPrefix('api', { exclude })`: every controller route gets it. */
  nestGlobalPrefix?: { prefix: string; exclude: string[] };
  /** Values the file attaches to a framework instance, for files that read them through it. */
  decorations: DecorationInfo[];
  /** Exports that are plain data (config objects), by export name, for rules reading options imported from them. */
  data: Record<string, DataShape>;
  /**
   * Project modules the file imports, requires or re-exports (specifiers as written): which files
   * nothing imports (a TypeORM CLI data source) is read from them. Absent when none.
   */
  imports?: string[];
}
