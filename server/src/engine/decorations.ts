// Services and clients a project attaches to its framework instance in one place and reads in
// another, often in files that import nothing from each other: Fastify decorators
// (`fastify.decorate('users', repo)`, and the pools `@fastify/postgres`/`mysql`/`mongodb` decorate
// with), Koa's `app.context.db = knex(…)` (read as `ctx.db`) and `app.db` (read as `ctx.app.db`),
// Express `app.locals.db` and `app.set('db', pool)` (read as `req.app.locals.db`,
// `req.app.get('db')`), and Apollo data sources (`dataSources: () => ({ users: new UsersAPI() })`,
// read as `context.dataSources.users`). Each is a named slot: files record what they put in a slot
// (the summary's `decorations`), the project index answers what a slot holds, and the binder turns a
// read of a slot into that value, so calls through it are request-path edges and pools reached
// through it are judged like pools imported from the file that makes them.
import type { ts } from '@ts-morph/common';
import type { Value } from './values';

/** Where a value is attached, named by how handlers read it. */
export type DecorationSlot =
  /** `fastify.decorate(name, value)`: `fastify.name`, `this.name` in a handler. */
  | 'fastify'
  /** `app.name = value` on a Koa or Express app: `ctx.app.name`, `req.app.name`. */
  | 'app'
  /** Koa `app.context.name = value`: `ctx.name`. */
  | 'context'
  /** Express `app.locals.name = value`: `req.app.locals.name`. */
  | 'locals'
  /** Express `app.set(name, value)`: `req.app.get(name)`. */
  | 'setting'
  /** Apollo `dataSources: () => ({ name: new API() })`: `context.dataSources.name`. */
  | 'datasource';

/** What a slot holds, as the project index answers it: a library instance (a pool), or code. */
export type DecorationAnswer =
  | { kind: 'instance'; module: string; factory: string[]; file: string; resourceId?: number }
  | { kind: 'code' };

/**
 * Fastify plugins that decorate the instance with a database client: the property they add and the
 * library instance it holds. `fastify.mongo` is `{ client, db, ObjectId }`: its `db.collection()`
 * reads like the driver's. A plugin registered with a `name` option decorates a namespace instead.
 */
export const FASTIFY_CLIENT_PLUGINS: Record<string, { name: string; module: string; factory: string[] }> = {
  '@fastify/postgres': { name: 'pg', module: 'pg', factory: ['Pool'] },
  'fastify-postgres': { name: 'pg', module: 'pg', factory: ['Pool'] },
  '@fastify/mysql': { name: 'mysql', module: 'mysql2', factory: ['createPool'] },
  'fastify-mysql': { name: 'mysql', module: 'mysql2', factory: ['createPool'] },
  '@fastify/mongodb': { name: 'mongo', module: 'mongodb', factory: ['MongoClient'] },
  'fastify-mongodb': { name: 'mongo', module: 'mongodb', factory: ['MongoClient'] },
};

/**
 * Names of Fastify's own instance API, Koa's context and the like: never asked about as slots (a
 * project that decorates `fastify.log` has bigger problems), which keeps the questions few.
 */
const FASTIFY_API = new Set([
  'register', 'decorate', 'decorateRequest', 'decorateReply', 'hasDecorator', 'addHook', 'route', 'get', 'post', 'put', 'patch', 'delete',
  'head', 'options', 'all', 'listen', 'ready', 'close', 'after', 'log', 'server', 'prefix', 'addSchema', 'getSchema', 'setErrorHandler',
  'setNotFoundHandler', 'inject', 'printRoutes', 'printPlugins', 'withTypeProvider', 'addContentTypeParser', 'setValidatorCompiler',
  'setSerializerCompiler', 'setReplySerializer', 'setSchemaErrorFormatter', 'initialConfig', 'version', 'pluginName', 'hasPlugin',
  'hasRoute', 'use', 'then', 'bind', 'call', 'apply', 'constructor',
]);
const KOA_CONTEXT_API = new Set([
  'request', 'response', 'app', 'req', 'res', 'originalUrl', 'cookies', 'accept', 'state', 'respond', 'params', 'query', 'querystring',
  'body', 'status', 'message', 'headers', 'header', 'method', 'url', 'path', 'host', 'hostname', 'href', 'origin', 'ip', 'ips', 'throw',
  'assert', 'redirect', 'set', 'get', 'is', 'type', 'length', 'attachment', 'append', 'remove', 'vary', 'socket', 'protocol', 'secure',
  'fresh', 'stale', 'idempotent', 'subdomains', 'accepts', 'acceptsEncodings', 'acceptsCharsets', 'acceptsLanguages', 'lastModified',
  'etag', 'headerSent', 'writable', 'session', 'router', 'captures', 'routerPath', 'routerName', 'matched', 'user', 'login', 'logout',
  'isAuthenticated', 'render', 'onerror', 'toJSON', 'inspect', 'then', 'bind', 'call', 'apply', 'constructor',
]);
const APP_API = new Set(['locals', 'context', 'get', 'set', 'use', 'listen', 'settings', 'enabled', 'disabled', 'enable', 'disable', 'env', 'keys', 'proxy', 'callback', 'mountpath', 'then', 'bind', 'call', 'apply', 'constructor']);

/** Names handlers give Koa's context (`async (ctx, next) => …`). */
const CONTEXT_PARAMETER = /^(ctx|context)$/;

/** Facts only the file's summary pass knows, consulted while resolving (see Binder.frameworkHooks). */
export interface FrameworkHooks {
  /** A parameter that receives a Fastify instance (a plugin's first parameter). */
  fastifyParameter?(param: ts.ParameterDeclaration): boolean;
  /** A function Fastify calls with the instance as `this` (a route handler or hook). */
  fastifyThis?(fn: ts.Node): boolean;
}

function isFramework(value: Value, module: string, factories: readonly string[][]): value is Extract<Value, { kind: 'instance' | 'remote-instance' }> {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return false;
  return value.module === module && factories.some((f) => f.join('.') === value.factory.join('.'));
}

const FASTIFY_FACTORIES = [[], ['fastify'], ['default']];

/**
 * Whether `base.name` reads a slot, and which. `base` is what the binder made of the receiver:
 * a parameter (`ctx`, `req`, a Fastify plugin's instance) with the path taken so far, or an app.
 */
export function slotRead(base: Value, name: string, hooks: FrameworkHooks): DecorationSlot | undefined {
  if (base.kind === 'parameter') {
    const path = base.path;
    if (path.length === 0) {
      // A plugin's instance (`module.exports = async function (fastify, opts)` registered from another file).
      if (!FASTIFY_API.has(name) && (base.name === 'fastify' || hooks.fastifyParameter?.(base.node))) return 'fastify';
      if (CONTEXT_PARAMETER.test(base.name) && !KOA_CONTEXT_API.has(name)) return 'context';
      return undefined;
    }
    const last = path[path.length - 1];
    // `ctx.app.db`, `req.app.db`; `req.app.locals.db`; `{ dataSources }` or `context.dataSources`.
    if (path.length === 1 && last === 'app' && !APP_API.has(name)) return 'app';
    if (path.length === 2 && path[0] === 'app' && last === 'locals') return 'locals';
    if (last === 'dataSources' && path.length <= 2) return 'datasource';
    return undefined;
  }
  if (base.kind !== 'instance' && base.kind !== 'remote-instance') return undefined;
  if (base.path.length === 0 && isFramework(base, 'fastify', FASTIFY_FACTORIES)) return FASTIFY_API.has(name) ? undefined : 'fastify';
  if (isFramework(base, 'koa', [[]])) {
    if (base.path.length === 0) return APP_API.has(name) ? undefined : 'app';
    if (base.path.length === 1 && base.path[0] === 'context') return 'context';
  }
  if (isFramework(base, 'express', [[]])) {
    if (base.path.length === 0) return APP_API.has(name) || FASTIFY_API.has(name) ? undefined : 'app';
    if (base.path.length === 1 && base.path[0] === 'locals') return 'locals';
  }
  return undefined;
}

/** `req.app.get('db')`, `app.get('db')` on an Express app: the receiver of `get` reads settings. */
export function readsSettings(getter: Value): boolean {
  if (getter.kind === 'parameter') return getter.path.length === 2 && getter.path[0] === 'app' && getter.path[1] === 'get';
  return isFramework(getter, 'express', [[]]) && getter.path.length === 1 && getter.path[0] === 'get';
}

/** The value a slot read becomes: the pool it holds (as if imported from its file), or code to follow. */
export function slotValue(slot: DecorationSlot, name: string, answer: DecorationAnswer): Value {
  if (answer.kind === 'instance') {
    return { kind: 'remote-instance', module: answer.module, factory: answer.factory, path: [], file: answer.file, ...(answer.resourceId !== undefined ? { resourceId: answer.resourceId } : {}) };
  }
  return { kind: 'decoration', slot, name, path: [] };
}
