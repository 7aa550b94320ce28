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
  | { kind: 'lib-instance'; module: string; factory: string[]; schema?: SchemaShape; /** `new DataLoader(batch)`: the batch function's id. */ batch?: number };

export interface FunctionInfo {
  id: number;
  /** The function this one is written inside; reaching the parent reaches it (callbacks, closures). */
  parent: number | undefined;
  name: string | undefined;
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
  /** The size the code sets: a literal, or 'unknown' when it comes from elsewhere; undefined = library default. */
  size: number | 'unknown' | undefined;
  fixedSize: number | undefined;
  acquireTimeoutMs: number | 'unknown' | undefined;
  /** Index into RESOURCE_FACTORIES' defaults: the key and package of the default size. */
  defaultSizeKey: string | undefined;
  defaultSizePackage: string | undefined;
  defaultAcquireTimeoutMs: number | undefined;
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

/** A call in a function that holds a unit of a resource (a query, a checkout, a transaction). */
export interface ResourceUse {
  from: number;
  resource: SymRef;
  kind: UseKind;
  line: number;
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
 * What a call passes in one argument position, as far as the caller's file can tell: an object
 * literal and its keys (`open` when a spread or computed key hides some), a value the client
 * chose (request data), a constant, or anything else.
 */
export type ArgumentFact =
  | { kind: 'object'; keys: string[]; open: boolean }
  | { kind: 'request' }
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
  args: ArgumentFact[];
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
  exports: Record<string, SymRef>;
  starExports: string[];
  resources: ResourceInfo[];
  uses: ResourceUse[];
  poolEffects: PoolEffectInfo[];
  /** Columns the file declares in a schema (migrations, models, entities, DDL strings), with their keys. */
  columns: ColumnDeclaration[];
  calls: CallSite[];
  /** Processes serving traffic that this file starts or configures (PM2 `instances`, `cluster.fork` loops). */
  workers: WorkerInfo[];
  /** Project-wide facts this file establishes, e.g. 'axios.defaults.timeout'. */
  facts: string[];
  /** What one request may hold in memory (body limits, uploads, bodies read by hand), noted by rules. */
  allocations: AllocationInfo[];
  /** Values the file attaches to a framework instance, for files that read them through it. */
  decorations: DecorationInfo[];
  /** Exports that are plain data (config objects), by export name, for rules reading options imported from them. */
  data: Record<string, DataShape>;
}
