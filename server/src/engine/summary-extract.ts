// Derives a file's summary (see summary.ts) from the nodes the walk collected: which functions
// call which, which are request handlers (Express, Fastify, Koa, http, NestJS, Next.js), and what
// the file exports, so the project index can follow calls across files without syntax trees.
import { ts } from '@ts-morph/common';
import { propertyNameText, type Binder } from './binder';
import { enclosingClass, importedModules } from './ast';
import { nextJsHandlerExports, type FileRole } from './roles';
import { hasFileDirective, isInlineServerAction, isNextJsPagesPage, nextJsAppPath, nextJsPagesPath, nextJsServerComponentKind, rendersPerRequest } from './nextjs';
import type { CollectedNodes } from './analyzer';
import type { CallSite, ClassInfo, DecorationInfo, Edge, SqlWrapperInfo, FileSummary, FunctionInfo, MountInfo, PoolEffectInfo, ResourceDatabase, ResourceInfo, ResourceUse, Root, RouteInfo, RouterInfo, RouterRef, SymRef, WorkerInfo } from './summary';
import { callText, indexBodies, poolEffectsOf } from './pool-wrappers';
import { importsSqlLibrary, sqlWrappersOf } from './sql-wrappers';
import { redisCollectionFacts } from './redis-commands';
import { codeDeclarations, knexInsertFacts, prismaWriteFacts } from './schema-keys';
import { schemaShape, VALIDATION_MODULES } from './validation-schemas';
import { databaseKind, envVariableOf, isAdapterPool, numericOption, optionPresent, optionValue, prismaAdapter, resourceFactory, SESSION_HOLDS_NO_CONNECTION, targetOfText, urlNumberParam, urlServer, useKind, type PrismaAdapter, type ResourceFactory } from './resources';
import { ormCall } from './orm-uses';
import { addPropertyEdit } from '../rules/utils';
import type { Value } from './values';
import { FASTIFY_CLIENT_PLUGINS, type DecorationSlot } from './decorations';
import { dataShape, type DataShape } from './data-shapes';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind, canHaveDecorators, canHaveModifiers, forEachChild, getDecorators, getModifiers, isArrayBindingPattern, isArrayLiteralExpression, isArrowFunction, isAsExpression, isAwaitExpression, isBinaryExpression, isBindingElement, isBlock, isCallExpression, isClassDeclaration, isConstructorDeclaration, isExportAssignment, isExportDeclaration, isExpressionStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isGetAccessorDeclaration, isIdentifier, isMethodDeclaration, isNamespaceExport, isNewExpression, isNonNullExpression, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isRegularExpressionLiteral, isReturnStatement, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteral, isStringLiteralLike, isTemplateExpression, isTypeReferenceNode, isVariableDeclaration, isVariableStatement } = ts;

/** Methods that register handlers on Express, Koa routers, Fastify, Hono, Polka, Restify… */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'param']);
const CHAIN_METHODS = new Set([...ROUTE_METHODS, 'route']);

/** Library instances that are web apps or routers: module → accepted factory paths. */
const FRAMEWORK_FACTORIES: Record<string, string[][]> = {
  express: [[], ['Router']],
  'express-promise-router': [[]],
  koa: [[]],
  'koa-router': [[]],
  '@koa/router': [[]],
  fastify: [[], ['fastify']],
  polka: [[]],
  restify: [['createServer']],
  hono: [['Hono']],
  'hyper-express': [['Server'], ['Router']],
  // Next.js API routes: `const handler = nc(); handler.get(async (req, res) => …)` (v0), `createRouter()` (v1).
  'next-connect': [[], ['default'], ['createRouter']],
};

/** Modules whose default factory makes a router (mounted somewhere), not an application. */
const ROUTER_MODULES = new Set(['koa-router', '@koa/router', 'express-promise-router']);

function isFrameworkFactory(module: string, factory: string[]): boolean {
  return FRAMEWORK_FACTORIES[module]?.some((f) => f.join('.') === factory.join('.')) ?? false;
}

/** Receivers we accept by name when their value is unknown (a parameter, an import from the project). */
const APP_NAME = /^(app|application|api|server|fastify|instance|router|routes|[a-z]\w*(Router|Routes|App))$/;

/** Fastify route options and hooks that run per request. */
const FASTIFY_HANDLER_KEYS = new Set(['handler', 'preHandler', 'onRequest', 'preValidation', 'preParsing', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout']);
const FASTIFY_REQUEST_HOOKS = FASTIFY_HANDLER_KEYS;

const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Sse', 'MessagePattern', 'EventPattern', 'Query', 'Mutation', 'Subscription', 'ResolveField', 'SubscribeMessage']);
const NEST_CLASS_DECORATORS = new Set(['Controller', 'Resolver', 'WebSocketGateway']);
/** Nest classes whose methods run per request (guards, interceptors, middleware, pipes). */
const NEST_PER_REQUEST_INTERFACES: Record<string, string> = {
  CanActivate: 'canActivate',
  NestInterceptor: 'intercept',
  NestMiddleware: 'use',
  PipeTransform: 'transform',
  ExceptionFilter: 'catch',
  // A WebSocket gateway's per-connection hook.
  OnGatewayConnection: 'handleConnection',
};

/** TypeScript types that say a parameter is a Fastify app (plugins are typed this way). */
const FASTIFY_INSTANCE_TYPES = new Set(['FastifyInstance']);
const FASTIFY_PLUGIN_TYPES = new Set(['FastifyPluginAsync', 'FastifyPluginCallback', 'FastifyPluginAsyncTypebox', 'FastifyPluginAsyncZod', 'FastifyPluginAsyncJsonSchemaToTs']);

/** A type reference whose (last) name is one of `names`: `FastifyInstance`, `fastify.FastifyInstance`. */
function typeNamed(type: ts.TypeNode, names: ReadonlySet<string>): boolean {
  if (!isTypeReferenceNode(type)) return false;
  const name = isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return names.has(name);
}

/** Fastify instance methods that return the instance, so registrations chain. */
const FASTIFY_CHAINABLE = new Set([...ROUTE_METHODS, 'route', 'register', 'decorate', 'decorateRequest', 'decorateReply', 'addHook', 'addSchema', 'setErrorHandler', 'setNotFoundHandler']);

/** `(fastify: FastifyInstance)`, or the first parameter of a function typed `FastifyPluginAsync`. */
function typedAsFastifyInstance(param: ts.ParameterDeclaration): boolean {
  const fn = param.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== param) return false;
  if (param.type && typeNamed(param.type, FASTIFY_INSTANCE_TYPES)) return true;
  const holder = fn.parent && isVariableDeclaration(fn.parent) ? fn.parent : undefined;
  return holder?.type !== undefined && typeNamed(holder.type, FASTIFY_PLUGIN_TYPES);
}

const HTTP_MODULES = new Set(['http', 'https', 'http2']);
const DATALOADER_LOADS = new Set(['load', 'loadMany']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const HTTP_SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);

/** Events a WebSocket server emits once per client connection. */
const WEBSOCKET_CONNECTION_EVENTS = new Set(['connection', 'connect']);
/** WebSocket servers: module → factories (`new Server(http)`, `require('socket.io')(http)`, `new WebSocketServer({ server })`). */
const WEBSOCKET_SERVERS: Record<string, string[][]> = {
  'socket.io': [[], ['Server'], ['default']],
  ws: [['WebSocketServer'], ['Server'], ['default']],
};

/** The module of a WebSocket server (or a Socket.IO namespace, `io.of('/chat')`), made here or imported. */
function webSocketServerModule(value: Value): string | undefined {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return undefined;
  const factories = WEBSOCKET_SERVERS[value.module];
  if (!factories?.some((f) => f.join('.') === value.factory.join('.'))) return undefined;
  const path = value.path.join('.');
  return path === '' || (value.module === 'socket.io' && path === 'of.()') ? value.module : undefined;
}

interface ExtractOptions {
  role: FileRole;
  relativePath: string;
  /** Whether the file's package installs (or declares) a package: Next.js conventions need `next`. */
  hasPackage?: (name: string) => boolean;
  /** Whether a specifier names project code (relative, or a tsconfig alias). */
  isProjectSpecifier?: (specifier: string) => boolean;
}


function functionName(node: ts.SignatureDeclaration): string | undefined {
  if (node.name && (isIdentifier(node.name) || isStringLiteral(node.name))) return node.name.text;
  const parent = node.parent;
  if (parent && isVariableDeclaration(parent) && isIdentifier(parent.name)) return parent.name.text;
  if (parent && isPropertyAssignment(parent)) return propertyNameText(parent.name);
  if (parent && isPropertyDeclaration(parent)) return propertyNameText(parent.name);
  return undefined;
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  let expr = decorator.expression;
  if (isCallExpression(expr)) expr = expr.expression;
  if (isIdentifier(expr)) return expr.text;
  if (isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  return canHaveDecorators(node) ? (getDecorators(node) ?? []) : [];
}

function isPathLike(expr: ts.Expression): boolean {
  return (
    isStringLiteralLike(expr) ||
    isTemplateExpression(expr) ||
    isRegularExpressionLiteral(expr) ||
    isArrayLiteralExpression(expr) ||
    isBinaryExpression(expr) ||
    isIdentifier(expr) ||
    isPropertyAccessExpression(expr)
  );
}

function hasExportModifier(node: ts.Node): boolean {
  return canHaveModifiers(node) && (getModifiers(node) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return canHaveModifiers(node) && (getModifiers(node) ?? []).some((m) => m.kind === SyntaxKind.DefaultKeyword);
}

/**
 * A file's summary, and the call expression of each of its call sites (`callNodes[i]` made
 * `summary.calls[i]`): the analyzer adds argument facts to the sites whose callee some finding
 * asks about once the rules have run (see CallSite.args), while the tree is still alive.
 */
export interface ExtractedSummary {
  summary: FileSummary;
  callNodes: ts.CallExpression[];
}

export function extractSummary(sourceFile: ts.SourceFile, binder: Binder, nodes: CollectedNodes, options: ExtractOptions): ExtractedSummary {
  // Ids are positions in walk order, not offsets, so an edit inside a function body leaves the
  // summary equal and the project's request path need not be recomputed.
  const fnId = (node: ts.Node): number => nodes.functionIds.get(node) ?? -1;
  const classId = (node: ts.Node): number => nodes.classIds.get(node) ?? -1;
  const enclosingFunctionId = (node: ts.Node): number | undefined => {
    for (let current = node.parent; current; current = current.parent) {
      const id = nodes.functionIds.get(current);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  // Until the plugin pass below knows more, a Fastify instance is a parameter typed as one.
  const fastifyHandlers = new Set<ts.Node>();
  binder.frameworkHooks = { fastifyParameter: typedAsFastifyInstance };
  const functions: FunctionInfo[] = nodes.functions.map((fn) => ({
    id: fnId(fn),
    parent: enclosingFunctionId(fn),
    name: functionName(fn),
  }));

  // ---- resources (pools, clients, agents) ------------------------------------------------------
  const resources: ResourceInfo[] = [];
  const resourceIds = new Map<ts.Node, number>();
  const sharedPools: { id: number; pool: NonNullable<AdapterFacts['pool']> }[] = [];
  // Where resources are made: `new Pool(…)`, `createPool(…)`, and a class extending a library's
  // constructible factory (`class PrismaService extends PrismaClient`, NestJS's shape: the service
  // IS the client, made once by the injector), whose options are its `super(…)` call's arguments.
  interface ResourceSite {
    creation: ts.Node;
    callee: ts.Expression;
    args: readonly ts.Expression[];
    isNew: boolean;
    /** The call whose options a size fix edits (none for a class without a `super(…)` call). */
    call: ts.NewExpression | ts.CallExpression | undefined;
    holder?: string;
    classId?: number;
  }
  const sites: ResourceSite[] = [...nodes.news, ...nodes.calls].map((creation) => ({ creation, callee: creation.expression, args: creation.arguments ?? [], isNew: isNewExpression(creation), call: creation }));
  for (const cls of nodes.classes) {
    const base = cls.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!base) continue;
    const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => isConstructorDeclaration(m) && m.body !== undefined);
    const superCall = ctor?.body?.statements
      .map((st) => (isExpressionStatement(st) && isCallExpression(st.expression) && st.expression.expression.kind === SyntaxKind.SuperKeyword ? st.expression : undefined))
      .find((c) => c !== undefined);
    sites.push({ creation: cls.name ?? cls, callee: base, args: superCall?.arguments ?? [], isNew: true, call: superCall, ...(cls.name ? { holder: cls.name.text } : {}), classId: classId(cls) });
  }
  for (const site of sites) {
    const { creation } = site;
    const calleeValue = binder.resolve(site.callee);
    const factory = resourceFactory(calleeValue, site.isNew);
    if (!factory || calleeValue.kind !== 'library') continue;
    const args = site.args;
    const optionsArg = factory.optionsArg === -1 ? args[args.length - 1] : args[factory.optionsArg];
    let options: ts.Expression | undefined = optionsArg;
    if (options && isIdentifier(options)) {
      const value = binder.resolve(options);
      options = value.kind === 'expression' ? value.node : undefined;
    }
    // NestJS `forRootAsync({ useFactory: (config) => ({ … }) })`: the options are what the factory returns.
    if (factory.nestAsync) options = nestFactoryOptions(options);
    const literalOptions = options && isObjectLiteralExpression(options) ? options : undefined;
    const readable = factory.nestAsync ? literalOptions !== undefined : true;
    const presence = (path: readonly string[]): 'yes' | 'no' | 'unknown' =>
      literalOptions ? optionPresent(literalOptions, path) : readable && optionsArg && !isStringLiteralLike(optionsArg) ? 'unknown' : readable ? 'no' : 'unknown';
    // TypeORM passes `extra` to the driver: `extra: { max: 20 }` sizes a pg pool when `poolSize` is unset.
    const sizePath = factory.sizeOption ? ([factory.sizeOption, ...(factory.altSizeOptions ?? [])].find((p) => presence(p) !== 'no') ?? factory.sizeOption) : undefined;
    const sizePresence = sizePath ? presence(sizePath) : 'no';
    const timeoutPresence = factory.acquireTimeoutOption ? presence(factory.acquireTimeoutOption) : 'no';
    const start = sourceFile.getLineAndCharacterOfPosition(creation.getStart(sourceFile));
    // `const pool = new Pool()`, or `sequelize = new Sequelize(…)` in the branches of an if (sequelize-cli's models/index.js).
    const holder = site.holder ??
      (creation.parent && isVariableDeclaration(creation.parent) && isIdentifier(creation.parent.name)
        ? creation.parent.name.text
        : creation.parent && isBinaryExpression(creation.parent) && creation.parent.operatorToken.kind === SyntaxKind.EqualsToken && creation.parent.right === creation && isIdentifier(creation.parent.left)
          ? creation.parent.left.text
          : undefined);
    const sizeEdit = factory.sizeOption && !factory.nestAsync && site.call ? sizeEditFor(site.call, literalOptions, optionsArg, factory.sizeOption, factory.optionsArg, sourceFile) : undefined;
    let size: number | 'unknown' | undefined = sizePresence === 'no' ? undefined : (numericOption(literalOptions, sizePath ?? []) ?? 'unknown');
    let acquireTimeoutMs: number | 'unknown' | undefined = timeoutPresence === 'no' ? undefined : (numericOption(literalOptions, factory.acquireTimeoutOption ?? []) ?? 'unknown');
    // `max: dbConfig.pool.max`: the number is in another file; the project reads it there.
    let sizeRef: SymRef | undefined;
    if (size === 'unknown' && sizePath) {
      const expr = optionValue(literalOptions, sizePath);
      const value = expr ? binder.resolve(expr) : undefined;
      if (value?.kind === 'project') sizeRef = { kind: 'project', specifier: value.specifier, path: value.path };
    }
    let database = resourceDatabase(factory, args, literalOptions, readable);
    let adapterFacts: AdapterFacts | undefined;
    // Prisma: `connection_limit` and `pool_timeout` (seconds) in a datasource URL the code shows; a
    // driver adapter (required by Prisma 7) brings its own pool, whose settings the adapter's options set.
    if (factory.library === 'prisma') {
      const url = prismaUrl(literalOptions);
      const adapterExpr = optionValue(literalOptions, ['adapter']);
      adapterFacts = adapterExpr ? adapterFactsOf(adapterExpr) : undefined;
      if (adapterFacts) {
        size = adapterFacts.size;
        acquireTimeoutMs = adapterFacts.acquireTimeoutMs;
        sizeRef = adapterFacts.sizeRef;
        database = adapterFacts.database;
      } else if (url) {
        const limit = urlNumberParam(url, 'connection_limit');
        const poolTimeout = urlNumberParam(url, 'pool_timeout');
        if (limit !== undefined) size = limit;
        if (poolTimeout !== undefined) acquireTimeoutMs = poolTimeout * 1000;
        const target = targetOfText(url);
        const kind = databaseKind(url);
        database = { ...database, ...(kind && !database?.kind ? { kind } : {}), ...(target && !database?.target ? { target } : {}) };
      } else if (literalOptions && optionPresent(literalOptions, ['adapter']) !== 'no') {
        size = 'unknown';
      }
    }
    const functionId = enclosingFunctionId(creation);
    const id = resources.length;
    resourceIds.set(creation, id);
    resources.push({
      id,
      kind: factory.kind,
      library: factory.library,
      module: calleeValue.module,
      factory: calleeValue.path,
      name: holder,
      line: start.line + 1,
      column: start.character + 1,
      moduleLevel: functionId === undefined,
      ...(functionId !== undefined ? { functionId } : {}),
      ...(site.classId !== undefined ? { classId: site.classId } : {}),
      size,
      ...(sizeRef ? { sizeRef } : {}),
      ...(factory.sizePerCpu && size === undefined && !adapterFacts ? { sizePerCpu: factory.sizePerCpu } : {}),
      ...(database ? { database } : {}),
      fixedSize: factory.fixedSize,
      acquireTimeoutMs,
      defaultSizeKey: factory.defaultSize?.key,
      defaultSizePackage: factory.defaultSize?.package,
      defaultAcquireTimeoutMs: factory.defaultAcquireTimeoutMs,
      calleeStart: site.callee.getStart(sourceFile),
      calleeEnd: site.callee.getEnd(),
      sizeEdit,
      // The adapter's pool: its defaults, and findings at the adapter, where its options are written.
      ...(adapterFacts
        ? {
            adapter: adapterFacts.adapter.module,
            defaultSizeKey: adapterFacts.adapter.defaultSizeKey,
            defaultSizePackage: adapterFacts.adapter.module,
            defaultAcquireTimeoutKey: adapterFacts.adapter.defaultAcquireTimeoutKey,
            defaultAcquireTimeoutPackage: adapterFacts.adapter.module,
            ...(adapterFacts.acquireTimeoutRef ? { acquireTimeoutRef: adapterFacts.acquireTimeoutRef } : {}),
            ...(adapterFacts.callee ? { calleeStart: adapterFacts.callee.getStart(sourceFile), calleeEnd: adapterFacts.callee.getEnd() } : {}),
            sizeEdit: adapterFacts.sizeEdit,
          }
        : {}),
    });
    if (adapterFacts?.pool) sharedPools.push({ id, pool: adapterFacts.pool });
  }
  // `new PrismaPg(pool)`: the client runs on a pool made in this file (counted once, as that pool) or imported.
  for (const { id, pool } of sharedPools) {
    const ref: SymRef | undefined = pool.kind === 'local' ? (resourceIds.has(pool.creation) ? { kind: 'resource', id: resourceIds.get(pool.creation)! } : undefined) : pool.ref;
    if (ref) resources[id]!.sharesPoolOf = ref;
  }
  // A function that gives one resource of this file (`return pool`, a client a getter makes lazily
  // into a module-level `let`): a call to it from another file is that resource (remoteInstance).
  nodes.functions.forEach((fn, index) => {
    const id = returnedResource(fn, binder, resourceIds, resources);
    if (id !== undefined) functions[index]!.returnsResource = id;
  });

  /**
   * What a Prisma client's driver adapter says about its pool: `new PrismaPg({ connectionString, max })`
   * (options written there, in a variable, or in a config module), `new PrismaPg(url)` (the driver's
   * defaults), or `new PrismaPg(pool)` wrapping a pool the code made (that pool is the client's).
   */
  function adapterFactsOf(adapterExpr: ts.Expression): AdapterFacts | undefined {
    const made = binder.resolve(adapterExpr);
    if (made.kind !== 'instance' || made.path.length !== 0 || !isNewExpression(made.creation)) return undefined;
    const adapter = prismaAdapter(binder.resolve(made.creation.expression));
    if (!adapter) return undefined;
    const adapterCreation = made.creation;
    const arg = adapterCreation.arguments?.[0];
    const base: AdapterFacts = { adapter, size: undefined, acquireTimeoutMs: undefined, database: { kind: adapter.database }, callee: adapterCreation.expression };
    if (!arg) return base;
    const value = binder.resolve(arg);
    // A pool of the adapter's driver, made here or imported: the client's pool is that pool.
    if (value.kind === 'instance' && value.path.length === 0 && isAdapterPool(adapter, value.module, value.factory)) {
      return { ...base, size: 'unknown', pool: { kind: 'local', creation: value.creation } };
    }
    if (value.kind === 'remote-instance' && value.path.length === 0 && value.resourceId !== undefined && isAdapterPool(adapter, value.module, value.factory)) {
      return { ...base, size: 'unknown', pool: { kind: 'ref', ref: { kind: 'resource', id: value.resourceId, file: value.file } } };
    }
    // Imported, not yet known as a pool (`new PrismaPg(db.pool)`, `new PrismaPg(config.database)`): the
    // project says which. A pool there is shared; a config object's literals set the size and timeout.
    if (value.kind === 'project') {
      const ref = (key: readonly string[]): SymRef => ({ kind: 'project', specifier: value.specifier, path: [...value.path, ...key] });
      return { ...base, size: 'unknown', acquireTimeoutMs: 'unknown', sizeRef: ref(adapter.sizeOption), acquireTimeoutRef: ref(adapter.acquireTimeoutOption), pool: { kind: 'ref', ref: { kind: 'project', specifier: value.specifier, path: value.path } } };
    }
    let options: ts.Expression | undefined = arg;
    if (isIdentifier(options)) options = value.kind === 'expression' ? value.node : undefined;
    while (options && (isParenthesizedExpression(options) || isAsExpression(options))) options = options.expression;
    if (!options || !isObjectLiteralExpression(options)) {
      // A connection string (`new PrismaPg(process.env.DATABASE_URL!)`) leaves the driver's defaults; anything else may set them.
      const urlFactory: ResourceFactory = { kind: 'db-pool', library: adapter.driver, modules: [], path: [], construct: 'new', optionsArg: -1, database: adapter.database, urlArg: 0 };
      const withTarget = { ...base, database: resourceDatabase(urlFactory, [options ?? arg], undefined, true) ?? base.database };
      const isString = (options && (isStringLiteralLike(options) || isTemplateExpression(options))) || envVariableOf(options ?? arg) !== undefined;
      return isString ? withTarget : { ...withTarget, size: 'unknown', acquireTimeoutMs: 'unknown' };
    }
    const read = (path: readonly string[]): { value: number | 'unknown' | undefined; ref?: SymRef } => {
      if (optionPresent(options, path) === 'no') return { value: undefined };
      const literal = numericOption(options, path);
      if (literal !== undefined) return { value: literal };
      const expr = optionValue(options, path);
      const resolved = expr ? binder.resolve(expr) : undefined;
      return { value: 'unknown', ...(resolved?.kind === 'project' ? { ref: { kind: 'project', specifier: resolved.specifier, path: resolved.path } as SymRef } : {}) };
    };
    const sizeRead = read(adapter.sizeOption);
    const timeoutRead = read(adapter.acquireTimeoutOption);
    const driverFactory: ResourceFactory = { kind: 'db-pool', library: adapter.driver, modules: [], path: [], construct: 'new', optionsArg: 0, database: adapter.database };
    return {
      ...base,
      size: sizeRead.value,
      acquireTimeoutMs: timeoutRead.value,
      ...(sizeRead.ref ? { sizeRef: sizeRead.ref } : {}),
      ...(timeoutRead.ref ? { acquireTimeoutRef: timeoutRead.ref } : {}),
      database: resourceDatabase(driverFactory, [], options, true) ?? base.database,
      sizeEdit: sizeEditFor(adapterCreation, options, arg, adapter.sizeOption, 0, sourceFile),
    };
  }

  /** What the code says about the database a resource talks to: its engine and which server. */
  function resourceDatabase(factory: ResourceFactory, args: readonly ts.Expression[], options: ts.ObjectLiteralExpression | undefined, readable: boolean): ResourceDatabase | undefined {
    const out: ResourceDatabase = {};
    if (factory.database) out.kind = factory.database;
    const literalText = (expr: ts.Expression | undefined): string | undefined => {
      if (!expr) return undefined;
      const value = binder.resolve(expr);
      const node = value.kind === 'expression' ? value.node : expr;
      return isStringLiteralLike(node) ? node.text : undefined;
    };
    const refOfExpr = (expr: ts.Expression | undefined): SymRef | undefined => {
      if (!expr) return undefined;
      const value = binder.resolve(expr);
      return value.kind === 'project' ? { kind: 'project', specifier: value.specifier, path: value.path } : undefined;
    };
    if (!out.kind && factory.databaseOption) {
      const expr = optionValue(options, [factory.databaseOption]);
      const text = literalText(expr);
      if (text !== undefined) out.kind = databaseKind(text) ?? 'other';
      else {
        const ref = refOfExpr(expr);
        if (ref) out.kindRef = ref;
      }
    }
    // Which server: a URL argument, else `url`/`uri`/`connectionString`, else `host` (and `port`).
    const urlExpr = factory.urlArg !== undefined && args[factory.urlArg] && (args.length > 1 || factory.optionsArg !== -1 || !isObjectLiteralExpression(args[factory.urlArg]!)) ? args[factory.urlArg] : undefined;
    // knex nests them: `connection: 'postgres://…'` or `connection: { host, connectionString }`.
    const paths = [['url'], ['uri'], ['connectionString'], ['host'], ['connection'], ['connection', 'connectionString'], ['connection', 'host']];
    const candidates = [urlExpr, ...(readable ? paths.map((k) => optionValue(options, k)) : [])];
    for (const expr of candidates) {
      if (!expr || isObjectLiteralExpression(expr)) continue;
      const text = literalText(expr);
      if (text !== undefined) {
        if (!out.kind) {
          const kind = urlServer(text) ? databaseKind(text) : undefined;
          if (kind) out.kind = kind;
        }
        const target = targetOfText(text);
        if (target) {
          const port = optionValue(options, ['port']) ?? optionValue(options, ['connection', 'port']);
          out.target = target.startsWith('host:') && port && isNumericLiteral(port) ? `${target}:${port.text}` : target;
        }
        break;
      }
      const env = envVariableOf(expr);
      if (env) {
        out.target = `env:${env}`;
        break;
      }
      const ref = refOfExpr(expr);
      if (ref) {
        out.targetRef = ref;
        break;
      }
    }
    return out.kind || out.kindRef || out.target || out.targetRef ? out : undefined;
  }

  // ---- apps and routers (for route prefixes) ----------------------------------------------------
  const routers: RouterInfo[] = [];
  const routerIds = new Map<ts.Node, number>();
  for (const creation of [...nodes.calls, ...nodes.news]) {
    const value = binder.resolve(creation);
    if (value.kind !== 'instance' || value.creation !== creation || value.path.length !== 0 || !isFrameworkFactory(value.module, value.factory)) continue;
    const id = routers.length;
    routerIds.set(creation, id);
    // koa-router: `new Router({ prefix: '/todos' })`.
    const prefixExpr = optionValue(creation.arguments?.[0], ['prefix']);
    const prefix = prefixExpr && isStringLiteralLike(prefixExpr) ? prefixExpr.text : undefined;
    const root = !ROUTER_MODULES.has(value.module) && !value.factory.includes('Router');
    routers.push({ id, line: sourceFile.getLineAndCharacterOfPosition(creation.getStart(sourceFile)).line + 1, root, ...(prefix !== undefined ? { prefix } : {}) });
  }
  /** The app, router or plugin an expression is (`router`, `router.route('/x')`, a plugin's `fastify`). */
  const routerRefOf = (receiver: ts.Expression): RouterRef | undefined => {
    const value = binder.resolve(receiver);
    const chainOnly = (path: string[]) => path.every((step, i) => (i % 2 === 0 ? CHAIN_METHODS.has(step) : step === '()')) && path.length % 2 === 0;
    if (value.kind === 'instance' && chainOnly(value.path)) {
      const id = routerIds.get(value.creation);
      return id === undefined ? undefined : { kind: 'router', id };
    }
    if (value.kind === 'remote-instance' && value.router && chainOnly(value.path)) return { kind: 'router', id: value.router.id, file: value.router.file };
    if (value.kind === 'parameter' && value.path.length === 0) {
      const fn = value.node.parent;
      if (fn && isFunctionLike(fn) && fn.parameters[0] === value.node && nodes.functionIds.has(fn)) return { kind: 'plugin', fn: fnId(fn) };
    }
    return undefined;
  };
  const mounts: MountInfo[] = [];
  let nestGlobalPrefix: FileSummary['nestGlobalPrefix'];
  /** What `app.use(path, x)` mounts, when `x` is a router: made here, imported, or `x.routes()` (koa-router). */
  const mountChild = (arg: ts.Expression): MountInfo['child'] | undefined => {
    while (isParenthesizedExpression(arg) || isAsExpression(arg)) arg = arg.expression;
    if (isCallExpression(arg) && isPropertyAccessExpression(arg.expression) && (arg.expression.name.text === 'routes' || arg.expression.name.text === 'middleware') && arg.arguments.length === 0) {
      return routerRefOf(arg.expression.expression) ?? projectChild(arg.expression.expression);
    }
    if (isArrowFunction(arg) || isFunctionExpression(arg)) return undefined;
    const value = binder.resolve(arg);
    if (value.kind === 'instance' || value.kind === 'remote-instance') return routerRefOf(arg);
    return projectChild(arg);
  };
  const projectChild = (arg: ts.Expression): MountInfo['child'] | undefined => {
    const value = binder.resolve(arg);
    return value.kind === 'project' ? { kind: 'ref', ref: { kind: 'project', specifier: value.specifier, path: value.path } } : undefined;
  };

  const classFieldTypes = new Map<ts.ClassLikeDeclaration, Record<string, SymRef>>();

  /** `new DataLoader(batch)`: the batch function, when it is one of this file's. */
  const dataLoaderBatch = (value: Extract<Value, { kind: 'instance' }>): { kind: 'fn'; id: number } | undefined => {
    if (value.module !== 'dataloader' || value.factory.length !== 0 || value.path.length !== 0) return undefined;
    const arg = value.creation.arguments?.[0];
    const batch = arg ? binder.resolve(arg) : undefined;
    return batch?.kind === 'function' && nodes.functionIds.has(batch.node) ? { kind: 'fn', id: fnId(batch.node) } : undefined;
  };

  /** A value as a reference that survives the tree. */
  const valueToRef = (value: Value, depth = 0): SymRef | undefined => {
    if (depth > 8) return undefined;
    switch (value.kind) {
      case 'function':
        return { kind: 'fn', id: fnId(value.node) };
      case 'class':
        return { kind: 'class', id: classId(value.node) };
      case 'project':
        return { kind: 'project', specifier: value.specifier, path: value.path };
      case 'instance': {
        if (value.path.length !== 0) return undefined;
        const id = resourceIds.get(value.creation);
        if (id !== undefined) return { kind: 'resource', id };
        const batch = dataLoaderBatch(value);
        const router = routerIds.get(value.creation);
        return { kind: 'lib-instance', module: value.module, factory: value.factory, ...(batch ? { batch: batch.id } : {}), ...(router !== undefined ? { router } : {}) };
      }
      case 'remote-instance':
        return value.path.length === 0 ? { kind: 'lib-instance', module: value.module, factory: value.factory } : undefined;
      case 'decoration':
        return { kind: 'decoration', slot: value.slot, name: value.name, path: value.path };
      case 'object': {
        let ref: SymRef = { kind: 'instance', cls: { kind: 'class', id: classId(value.classNode) } };
        for (const step of value.path) {
          if (ref.kind !== 'instance' || step === '()') return undefined;
          ref = { kind: 'method', cls: ref.cls, name: step };
        }
        return ref;
      }
      case 'expression': {
        // Literals travel so other files can read a config module (`max: dbConfig.pool.max`).
        const node = value.node;
        const literalLine = () => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
        if (isNumericLiteral(node)) return { kind: 'literal', value: Number(node.text.replace(/_/g, '')), line: literalLine() };
        if (isStringLiteralLike(node) && node.text.length <= 200) return { kind: 'literal', value: node.text, line: literalLine() };
        if (!isObjectLiteralExpression(value.node)) return undefined;
        const members: Record<string, SymRef> = {};
        for (const prop of value.node.properties) {
          const name = isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
          if (name === undefined) continue;
          let member: SymRef | undefined;
          const valueExpr = isPropertyAssignment(prop) ? prop.initializer : isShorthandPropertyAssignment(prop) ? prop.name : undefined;
          if (valueExpr) member = schemaRef(valueExpr) ?? valueToRef(binder.resolve(valueExpr), depth + 1);
          else if (isMethodDeclaration(prop)) member = { kind: 'fn', id: fnId(prop) };
          // `module.exports = { getUsers }` with `const getUsers = catchAsync(async (req, res) => …)`:
          // the member's code is the function the wrapper wraps (as for `exports.x = wrap(…)`).
          if (valueExpr && (!isCode(member) || isCallResult(member))) member = wrappedFunction(valueExpr) ?? member;
          if (member) members[name] = member;
        }
        return { kind: 'object', members };
      }
      default:
        return undefined;
    }
  };

  /** A validation schema (zod, joi, yup) with the shape files importing it need (see validation-schemas.ts). */
  const schemaRef = (expr: ts.Expression): SymRef | undefined => {
    const value = binder.resolve(expr);
    if ((value.kind !== 'instance' && value.kind !== 'remote-instance') || !VALIDATION_MODULES.has(value.module)) return undefined;
    const schema = schemaShape(expr, binder);
    return schema && schema.kind !== 'other' ? { kind: 'lib-instance', module: value.module, factory: value.factory, schema } : undefined;
  };

  /** The class a type annotation names (`private readonly users: UsersService`). */
  const typeToRef = (type: ts.TypeNode | undefined): SymRef | undefined => {
    if (!type || !isTypeReferenceNode(type) || !isIdentifier(type.typeName)) return undefined;
    return valueToRef(binder.resolve(type.typeName));
  };

  const fieldsOf = (cls: ts.ClassLikeDeclaration): Record<string, SymRef> => {
    let fields = classFieldTypes.get(cls);
    if (fields) return fields;
    fields = {};
    for (const member of cls.members) {
      if (isPropertyDeclaration(member)) {
        const name = propertyNameText(member.name);
        const ref = typeToRef(member.type) ?? (member.initializer ? valueToRef(binder.resolve(member.initializer)) : undefined);
        if (name && ref && ref.kind !== 'literal') fields[name] = ref;
      } else if (isConstructorDeclaration(member)) {
        for (const param of member.parameters) {
          const isProperty = (getModifiers(param) ?? []).length > 0;
          if (!isProperty || !isIdentifier(param.name)) continue;
          const ref = typeToRef(param.type);
          if (ref) fields[param.name.text] = ref;
        }
      }
    }
    classFieldTypes.set(cls, fields);
    return fields;
  };

  /** A method of a class: instance methods of a class ref, or of the instance it makes. */
  const methodOf = (owner: SymRef, name: string): SymRef => {
    if (owner.kind === 'project') return { kind: 'project', specifier: owner.specifier, path: [...owner.path, 'new()', name] };
    return { kind: 'method', cls: owner.kind === 'instance' ? owner.cls : owner, name };
  };

  /** What an expression naming code refers to, including `this.method` and `this.service.method`. */
  const refOf = (expr: ts.Expression): SymRef | undefined => {
    while (isParenthesizedExpression(expr) || isAsExpression(expr) || isNonNullExpression(expr)) expr = expr.expression;
    if (isPropertyAccessExpression(expr)) {
      const owner = expr.expression;
      // Outside a class, `this` may be the Fastify instance (a handler written as a function): the binder knows.
      if (owner.kind === SyntaxKind.ThisKeyword) {
        const cls = enclosingClass(expr);
        if (cls) {
          const field = fieldsOf(cls)[expr.name.text];
          if (field && field.kind !== 'class' && field.kind !== 'project') return field;
          return { kind: 'method', cls: { kind: 'class', id: classId(cls) }, name: expr.name.text };
        }
      }
      if (isPropertyAccessExpression(owner) && owner.expression.kind === SyntaxKind.ThisKeyword) {
        const cls = enclosingClass(owner);
        if (cls) {
          const field = fieldsOf(cls)[owner.name.text];
          return field ? methodOf(field, expr.name.text) : undefined;
        }
      }
    }
    return (isIdentifier(expr) || isCallExpression(expr) ? schemaRef(expr) : undefined) ?? valueToRef(binder.resolve(expr));
  };

  const isCode = (ref: SymRef | undefined): ref is SymRef =>
    ref !== undefined && (ref.kind === 'fn' || ref.kind === 'method' || ref.kind === 'project' || ref.kind === 'decoration');
  /** What a call to another project file returns (`catchAsync(…)`): a wrapper, not the code itself. */
  const isCallResult = (ref: SymRef | undefined): boolean => ref?.kind === 'project' && ref.path[ref.path.length - 1] === '()';

  // ---- classes --------------------------------------------------------------------------------
  const classes: ClassInfo[] = nodes.classes.map((cls) => {
    const methods: Record<string, number> = {};
    for (const member of cls.members) {
      if (isConstructorDeclaration(member)) methods['constructor'] = fnId(member);
      else if (isMethodDeclaration(member) || isGetAccessorDeclaration(member)) {
        const name = propertyNameText(member.name);
        if (name) methods[name] = fnId(member);
      } else if (isPropertyDeclaration(member) && member.initializer && (isArrowFunction(member.initializer) || isFunctionExpression(member.initializer))) {
        const name = propertyNameText(member.name);
        if (name) methods[name] = fnId(member.initializer);
      }
    }
    const arrayMaxSize = cappedArrayProperties(cls, binder);
    return { id: classId(cls), name: cls.name?.text, methods, fields: fieldsOf(cls), ...(arrayMaxSize.length > 0 ? { arrayMaxSize } : {}) };
  });

  // ---- call edges -----------------------------------------------------------------------------
  const edges: Edge[] = [];
  const addEdge = (from: number | undefined, to: SymRef | undefined): void => {
    if (from !== undefined && isCode(to)) edges.push({ from, to });
  };
  const uses: ResourceUse[] = [];
  const calls: CallSite[] = [];
  const callNodes: ts.CallExpression[] = [];
  for (const call of nodes.calls) {
    const from = enclosingFunctionId(call);
    const target = refOf(call.expression);
    if (isCode(target)) {
      const spread = call.arguments.some((a) => isSpreadElement(a));
      calls.push(spread ? { from, to: target, spread: true } : { from, to: target });
      callNodes.push(call);
    }
    if (from === undefined) continue;
    addEdge(from, target);
    // A query, checkout or transaction on a pool or client, possibly through chained calls
    // (`mongo.db('shop').collection('x').insertOne()`). Calls on a checked-out client or inside a
    // transaction (`(await pool.connect()).query`) reuse the held connection: not a new use.
    // Builder chains (`knex('t').where(…).first()`) are one use: count only the outermost call.
    // Promise chains (`pool.query(…).then(…)`) are not builder chains.
    const isChainLink =
      isPropertyAccessExpression(call.parent) &&
      !PROMISE_METHODS.has(call.parent.name.text) &&
      isCallExpression(call.parent.parent) &&
      call.parent.parent.expression === call.parent;
    const callee = isChainLink ? undefined : binder.resolve(call.expression);
    // An ORM call (a model, a repository, a Prisma delegate): its pool, when the binder cannot
    // name it, is the project's pool of that ORM (see orm-uses.ts).
    const orm = isChainLink ? undefined : ormCall(call, binder, { declaredClasses: true });
    const line = sourceFile.getLineAndCharacterOfPosition(call.getStart(sourceFile)).line + 1;
    let resourceUse: { resource: SymRef; kind: ReturnType<typeof useKind> } | undefined;
    if (callee && (callee.kind === 'instance' || callee.kind === 'project' || callee.kind === 'remote-instance') && callee.path.length > 0 && !callee.path.includes('new()')) {
      const firstCall = callee.path.indexOf('()');
      const heldBefore = callee.path.some((step, i) => callee.path[i + 1] === '()' && useKind([step]) !== 'query' && useKind([step]) !== undefined);
      let kind = heldBefore ? undefined : useKind(callee.path);
      // A MongoDB session or transaction holds no connection between operations (resources.ts).
      if (kind === 'transaction' && callee.kind !== 'project' && SESSION_HOLDS_NO_CONNECTION.has(callee.module === 'mongoose' ? 'mongoose' : callee.module)) kind = undefined;
      const basePath = firstCall === -1 ? callee.path.slice(0, -1) : callee.path.slice(0, Math.max(firstCall - 1, 0));
      const base = callee.kind === 'instance' ? resourceIds.get(callee.creation) : undefined;
      const shapeOk = firstCall !== -1 || callee.path.length <= 2;
      const resource: SymRef | undefined =
        callee.kind === 'project'
          ? { kind: 'project', specifier: callee.specifier, path: basePath }
          : callee.kind === 'remote-instance'
            ? callee.resourceId !== undefined && shapeOk
              ? { kind: 'resource', id: callee.resourceId, file: callee.file }
              : undefined
            : base !== undefined && shapeOk
              ? { kind: 'resource', id: base }
              : undefined;
      if (kind && resource) resourceUse = { resource, kind };
    }
    if (orm?.kind === 'held' || orm?.kind === 'none') {
      // On the connection a transaction holds, or on none: not a new use.
    } else if (orm?.kind === 'use' && orm.clientClass?.kind === 'class') {
      // A field declared with a class of this file: the client when the class extends one (a
      // resource here), else project code whose own methods say what it does.
      const cls = orm.clientClass.node;
      const id = resourceIds.get(cls.name ?? cls);
      if (id !== undefined) uses.push({ from, resource: { kind: 'resource', id }, kind: orm.use, line });
    } else if (orm?.kind === 'use' && orm.clientClass?.kind === 'project') {
      // A field declared with a class from another file: the project index decides (see OrmUseRef.typed).
      uses.push({ from, resource: { kind: 'project', specifier: orm.clientClass.specifier, path: orm.clientClass.path }, kind: orm.use, line, orm: { libraries: orm.libraries, typed: true } });
    } else if (orm?.kind === 'use' && (!resourceUse || resourceUse.resource.kind === 'project')) {
      // A project import may still name the pool itself (`db.query` of an exported pool); else the ORM's pool.
      const unlessCode = orm.unlessCode?.kind === 'project' ? { kind: 'project' as const, specifier: orm.unlessCode.specifier, path: orm.unlessCode.path } : undefined;
      uses.push({
        from,
        ...(resourceUse ? { resource: resourceUse.resource } : {}),
        kind: resourceUse?.kind ?? orm.use,
        line,
        orm: { libraries: orm.libraries, ...(orm.injected ? { injected: true as const } : {}), ...(unlessCode ? { unlessCode } : {}) },
      });
    } else if (resourceUse?.kind) {
      uses.push({ from, resource: resourceUse.resource, kind: resourceUse.kind, line });
    }
    // An outbound HTTP call holds a socket to its upstream for as long as the upstream takes.
    const upstream = callee && isOutboundCall(callee) ? upstreamHost(call.arguments[0]) : undefined;
    if (upstream) {
      uses.push({ from, resource: { kind: 'upstream', host: upstream }, kind: 'query', line: sourceFile.getLineAndCharacterOfPosition(call.getStart(sourceFile)).line + 1 });
    }
    for (const arg of call.arguments) {
      if (isIdentifier(arg) || isPropertyAccessExpression(arg)) addEdge(from, refOf(arg));
    }
    // `userLoader.load(id)`: DataLoader runs the batch function it was made with for this request,
    // here or in the file that made the loader.
    if ((callee?.kind === 'instance' || callee?.kind === 'remote-instance') && callee.path.length === 1 && DATALOADER_LOADS.has(callee.path[0]!)) {
      const batch: SymRef | undefined = callee.kind === 'instance' ? dataLoaderBatch({ ...callee, path: [] }) : callee.batch ? { kind: 'fn', ...callee.batch } : undefined;
      if (batch) addEdge(from, batch);
    }
  }
  for (const creation of nodes.news) {
    const from = enclosingFunctionId(creation);
    if (from === undefined) continue;
    const cls = refOf(creation.expression);
    if (cls?.kind === 'class') addEdge(from, { kind: 'method', cls, name: 'constructor' });
    else if (cls?.kind === 'project') addEdge(from, { kind: 'project', specifier: cls.specifier, path: [...cls.path, 'new()', 'constructor'] });
  }

  // ---- request handlers (roots) -----------------------------------------------------------------
  const roots: Root[] = [];
  /** Where handlers found now go: `roots`, or the conditional routes of a plugin function (pluginRoutes). */
  let rootSink: Root[] = roots;
  const pluginRoutes = new Map<number, { fn: number; roots: Root[]; registers: SymRef[] }>();
  const plugins: SymRef[] = [];
  /** The registration being read, so each handler found in it carries its route. */
  let currentRoute: RouteInfo | undefined;
  const routeOf = (method: string, pathArg: ts.Expression | undefined, at: ts.Node): RouteInfo => ({
    method: method.toUpperCase(),
    path: !pathArg ? '*' : isStringLiteralLike(pathArg) ? pathArg.text : pathArg.getText(sourceFile).slice(0, 80),
    line: sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1,
  });
  const addRoot = (ref: SymRef | undefined, framework: string, factory = false): void => {
    // Objects are maps of handlers (GraphQL resolvers): every function in them is a root.
    if (ref && (ref.kind === 'object' || isCode(ref))) rootSink.push({ target: ref, factory, framework, ...(currentRoute ? { route: currentRoute } : {}) });
  };

  // ---- framework slots (decorations.ts) ---------------------------------------------------------
  const decorations: DecorationInfo[] = [];
  const decorate = (slot: DecorationSlot, name: string, valueExpr: ts.Expression): void => {
    const value = refOf(valueExpr);
    if (value && value.kind !== 'upstream') decorations.push({ slot, name, value });
  };
  /** The object literals a function returns (`() => ({ users: new UsersAPI() })`). */
  const returnedObjects = (fnExpr: ts.Expression | ts.MethodDeclaration | undefined): ts.ObjectLiteralExpression[] => {
    let fn: ts.Node | undefined = fnExpr;
    if (fn && isIdentifier(fn)) {
      const value = binder.resolve(fn);
      fn = value.kind === 'function' ? value.node : undefined;
    }
    if (!fn || !isFunctionLike(fn)) return [];
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return [];
    const objects: ts.ObjectLiteralExpression[] = [];
    const add = (expr: ts.Expression | undefined): void => {
      if (!expr) return;
      const value = binder.resolve(expr);
      if (value.kind === 'expression' && isObjectLiteralExpression(value.node)) objects.push(value.node);
    };
    if (!isBlock(body)) add(body);
    else {
      const visit = (node: ts.Node): void => {
        if (isFunctionLike(node)) return;
        if (isReturnStatement(node)) add(node.expression);
        forEachChild(node, visit);
      };
      forEachChild(body, visit);
    }
    return objects;
  };
  /** Apollo data sources: every `name: new API()` of the object the `dataSources` function returns. */
  const addDataSources = (objects: readonly ts.ObjectLiteralExpression[]): void => {
    for (const object of objects) {
      for (const prop of object.properties) {
        const name = propertyNameText(prop.name);
        if (name === undefined) continue;
        if (isPropertyAssignment(prop)) decorate('datasource', name, prop.initializer);
        else if (isShorthandPropertyAssignment(prop)) decorate('datasource', name, prop.name);
      }
    }
  };
  const propertyInitializer = (prop: ts.ObjectLiteralElementLike): ts.Expression | ts.MethodDeclaration | undefined =>
    isPropertyAssignment(prop) ? prop.initializer : isShorthandPropertyAssignment(prop) ? prop.name : isMethodDeclaration(prop) ? prop : undefined;

  /**
   * The values a loop variable takes when it walks a map of modules written in this file:
   * `for (const c of Object.values(map))` or `for (const [name, c] of Object.entries(map))`.
   */
  const loopMembers = (id: ts.Identifier): SymRef[] | undefined => {
    const declaration = binder.lookup(id.text, id)?.declaration;
    if (!declaration || !isVariableDeclaration(declaration) || !isForOfStatement(declaration.parent.parent)) return undefined;
    const collection = declaration.parent.parent.expression;
    if (!isCallExpression(collection) || !isPropertyAccessExpression(collection.expression) || collection.arguments.length !== 1) return undefined;
    if (!isIdentifier(collection.expression.expression) || collection.expression.expression.text !== 'Object') return undefined;
    const method = collection.expression.name.text;
    const name = declaration.name;
    const isValue =
      (method === 'values' && isIdentifier(name) && name.text === id.text) ||
      (method === 'entries' && isArrayBindingPattern(name) && name.elements[1] !== undefined && isBindingElement(name.elements[1]) && isIdentifier(name.elements[1].name) && name.elements[1].name.text === id.text);
    if (!isValue) return undefined;
    const map = refOf(collection.arguments[0]!);
    return map?.kind === 'object' ? Object.values(map.members) : undefined;
  };
  /** `member.name` for a reference: a property of an object, an export of a module. */
  const memberOf = (ref: SymRef, name: string): SymRef | undefined => {
    if (ref.kind === 'object') return ref.members[name];
    if (ref.kind === 'project') return { kind: 'project', specifier: ref.specifier, path: [...ref.path, name] };
    return undefined;
  };

  const addHandlers = (arg: ts.Expression, framework: string, depth = 0): void => {
    if (depth > 4) return;
    while (isParenthesizedExpression(arg) || isAsExpression(arg)) arg = arg.expression;
    if (isArrayLiteralExpression(arg)) {
      for (const element of arg.elements) addHandlers(element, framework, depth + 1);
    } else if (isArrowFunction(arg) || isFunctionExpression(arg)) {
      addRoot({ kind: 'fn', id: fnId(arg) }, framework);
    } else if (isCallExpression(arg)) {
      const callee = arg.expression;
      if (isPropertyAccessExpression(callee) && callee.name.text === 'bind') {
        addHandlers(callee.expression, framework, depth + 1);
        return;
      }
      // Wrappers (`asyncHandler(fn)`) and factories (`auth()`) : their function arguments handle
      // requests, and what a project factory returns does too (its own body runs at startup).
      for (const inner of arg.arguments) {
        if (isArrowFunction(inner) || isFunctionExpression(inner) || isIdentifier(inner) || isPropertyAccessExpression(inner) || isArrayLiteralExpression(inner)) {
          addHandlers(inner, framework, depth + 1);
        }
      }
      const factory = refOf(callee);
      if (isCode(factory)) addRoot(factory, framework, true);
    } else if (isObjectLiteralExpression(arg)) {
      for (const prop of arg.properties) {
        const name = propertyNameText(prop.name);
        if (!name || !FASTIFY_HANDLER_KEYS.has(name)) continue;
        if (isPropertyAssignment(prop)) addHandlers(prop.initializer, framework, depth + 1);
        else if (isShorthandPropertyAssignment(prop)) addHandlers(prop.name, framework, depth + 1);
        else if (isMethodDeclaration(prop)) addRoot({ kind: 'fn', id: fnId(prop) }, framework);
      }
    } else if (isPropertyAccessExpression(arg) && fastifyDecorations.has(arg.name.text) && frameworkOf(arg.expression)) {
      // `{ onRequest: [fastify.authenticate] }`: a function the app was decorated with.
      addRoot({ kind: 'fn', id: fnId(fastifyDecorations.get(arg.name.text)!) }, framework);
    } else if (isPropertyAccessExpression(arg) && isIdentifier(arg.expression) && loopMembers(arg.expression)) {
      // `for (const [name, controller] of Object.entries(controllers)) app.get(…, controller.list)`:
      // the handler is that method of every controller in the map.
      for (const member of loopMembers(arg.expression)!) addRoot(memberOf(member, arg.name.text), framework);
    } else if (isIdentifier(arg) || isPropertyAccessExpression(arg)) {
      const ref = refOf(arg);
      // `const list = asyncHandler(async (req, res) => …); router.get('/', list)`.
      const binding = !isCode(ref) && isIdentifier(arg) ? binder.lookup(arg.text, arg) : undefined;
      if (binding?.init && isCallExpression(binding.init)) addHandlers(binding.init, framework, depth + 1);
      else addRoot(ref, framework);
    }
  };

  /**
   * `new ApolloServer({ typeDefs, resolvers, context })`, `makeExecutableSchema({ resolvers })`,
   * `createYoga(…)`, `expressMiddleware(server, { context })`: resolvers, and the context function
   * (called once per request: the per-request DataLoaders it creates serve that request).
   */
  const addResolverRoots = (args: readonly ts.Expression[], framework: string): void => {
    for (const arg of args) {
      const options = binder.resolve(arg);
      if (options.kind !== 'expression' || !isObjectLiteralExpression(options.node)) continue;
      for (const prop of options.node.properties) {
        const name = propertyNameText(prop.name);
        if (name === 'dataSources') {
          addDataSources(returnedObjects(propertyInitializer(prop)));
          continue;
        }
        if (name === 'context') {
          // Apollo Server 4: `context: async () => ({ dataSources: { users: new UsersAPI() } })`.
          for (const returned of returnedObjects(propertyInitializer(prop))) {
            const sources = returned.properties.find((p) => propertyNameText(p.name) === 'dataSources');
            const object = sources && isPropertyAssignment(sources) ? binder.resolve(sources.initializer) : undefined;
            if (object?.kind === 'expression' && isObjectLiteralExpression(object.node)) addDataSources([object.node]);
          }
          // A function only: a static context object is not a map of handlers.
          if (isMethodDeclaration(prop)) addRoot({ kind: 'fn', id: fnId(prop) }, framework);
          const value = isPropertyAssignment(prop) ? prop.initializer : isShorthandPropertyAssignment(prop) ? prop.name : undefined;
          const ref = value ? refOf(value) : undefined;
          if (isCode(ref)) addRoot(ref, framework);
          continue;
        }
        if (name !== 'resolvers' && name !== 'rootValue') continue;
        const value = isPropertyAssignment(prop) ? prop.initializer : isShorthandPropertyAssignment(prop) ? prop.name : undefined;
        if (!value) continue;
        const list = isArrayLiteralExpression(value) ? value.elements : [value];
        for (const element of list) addRoot(refOf(element), framework);
      }
    }
  };

  /**
   * First parameters of Fastify plugins, whatever they are called: `app.register(async (f) => …)`,
   * `fp(async (instance) => …)` (fastify-plugin), and in TypeScript a `FastifyInstance` parameter
   * or a function typed `FastifyPluginAsync`/`FastifyPluginCallback`. Filled by the pass below
   * (registrations nest: a plugin registers plugins on its own instance).
   */
  const fastifyParameters = new Set<ts.ParameterDeclaration>();
  const isFastifyInstanceParameter = (param: ts.ParameterDeclaration): boolean => {
    if (fastifyParameters.has(param)) return true;
    const fn = param.parent;
    if (!isFunctionLike(fn) || fn.parameters[0] !== param) return false;
    if (param.type && typeNamed(param.type, FASTIFY_INSTANCE_TYPES)) return true;
    const holder = fn.parent && isVariableDeclaration(fn.parent) ? fn.parent : undefined;
    return holder?.type !== undefined && typeNamed(holder.type, FASTIFY_PLUGIN_TYPES);
  };
  /** The function a plugin argument denotes: inline, a local function, or wrapped in `fp(…)`. */
  const pluginFunction = (arg: ts.Expression | undefined, depth = 0): ts.SignatureDeclaration | undefined => {
    if (!arg || depth > 3) return undefined;
    while (isParenthesizedExpression(arg) || isAsExpression(arg)) arg = arg.expression;
    if (isArrowFunction(arg) || isFunctionExpression(arg)) return arg;
    if (isCallExpression(arg)) {
      const wrapper = binder.resolve(arg.expression);
      return wrapper.kind === 'library' && wrapper.module === 'fastify-plugin' ? pluginFunction(arg.arguments[0], depth + 1) : undefined;
    }
    if (isIdentifier(arg)) {
      const value = binder.resolve(arg);
      if (value.kind === 'function') return value.node;
    }
    return undefined;
  };
  /** `fastify.decorate('authenticate', async (request, reply) => …)`: name → the function, for hooks that name it. */
  const fastifyDecorations = new Map<string, ts.SignatureDeclaration>();
  const markPluginParameter = (fn: ts.SignatureDeclaration | undefined): boolean => {
    const first = fn?.parameters[0];
    if (!first || fastifyParameters.has(first)) return false;
    fastifyParameters.add(first);
    return true;
  };

  /**
   * `api.get('/x', h)` where `api` is the first parameter of a function and nothing here says what
   * it is: the function may be a Fastify plugin registered from another file. Its entry in
   * pluginRoutes, where what is registered on the parameter is kept until a registration says so.
   */
  const pluginRoutesOf = (receiver: ts.Expression): { fn: number; roots: Root[]; registers: SymRef[] } | undefined => {
    const value = binder.resolve(receiver);
    if (value.kind !== 'parameter' || value.path.length > 0 || !isIdentifier(value.node.name)) return undefined;
    const fn = value.node.parent;
    if (!isFunctionLike(fn) || fn.parameters[0] !== value.node || !('body' in fn) || !fn.body) return undefined;
    const id = fnId(fn);
    let entry = pluginRoutes.get(id);
    if (!entry) pluginRoutes.set(id, (entry = { fn: id, roots: [], registers: [] }));
    return entry;
  };
  /** `require('./routes/users')`, `import('./routes/users')`, an imported function: project code given to `register()`. */
  const pluginImport = (arg: ts.Expression | undefined): SymRef | undefined => {
    if (!arg) return undefined;
    while (isParenthesizedExpression(arg) || isAsExpression(arg) || isAwaitExpression(arg)) arg = arg.expression;
    if (isCallExpression(arg) && arg.expression.kind === SyntaxKind.ImportKeyword) {
      const specifier = arg.arguments[0];
      // Fastify awaits the promise and uses the module's default export.
      return specifier && isStringLiteralLike(specifier) ? valueToRef(binder.moduleValue(specifier.text, ['default'])) : undefined;
    }
    const ref = refOf(arg);
    return ref?.kind === 'project' ? ref : undefined;
  };

  /** `fastify.decorate('x', v).get('/', h)`: Fastify's registration methods return the instance. */
  const isFastifyChain = (value: Extract<Value, { kind: 'parameter' }>): boolean => {
    const path = value.path;
    if (path.length % 2 !== 0) return false;
    for (let i = 0; i < path.length; i += 2) if (!FASTIFY_CHAINABLE.has(path[i]!) || path[i + 1] !== '()') return false;
    return isFastifyInstanceParameter(value.node);
  };

  const frameworkOf = (receiver: ts.Expression): string | undefined => {
    const value = binder.resolve(receiver);
    if (value.kind === 'instance' || value.kind === 'remote-instance') {
      const factories = FRAMEWORK_FACTORIES[value.module];
      if (!factories || !factories.some((f) => f.join('.') === value.factory.join('.'))) return undefined;
      // `app.route('/x').get(h).post(h)`: chains of route methods stay on the app.
      for (let i = 0; i < value.path.length; i += 2) {
        if (!CHAIN_METHODS.has(value.path[i]!) || value.path[i + 1] !== '()') return undefined;
      }
      return value.module;
    }
    if (value.kind === 'library') return undefined;
    if (value.kind === 'parameter' && value.path.length > 0) return isFastifyChain(value) ? 'fastify' : undefined;
    if (value.kind === 'parameter' && isFastifyInstanceParameter(value.node)) return 'fastify';
    let root = receiver;
    while (isCallExpression(root) && isPropertyAccessExpression(root.expression) && CHAIN_METHODS.has(root.expression.name.text)) {
      root = root.expression.expression;
    }
    if (isIdentifier(root) && APP_NAME.test(root.text)) return 'unknown';
    if (isPropertyAccessExpression(root) && APP_NAME.test(root.name.text)) return 'unknown';
    return undefined;
  };

  // Tests and scripts start servers of their own (supertest, previews): not the served request path.
  if (options.role === 'application') {
    // Plugins first, so routes registered on a plugin's instance find it a Fastify app. Repeated
    // while it finds more: a plugin registered inside a plugin is only known once the outer one is.
    for (let changed = true, rounds = 0; changed && rounds < 4; rounds++) {
      changed = false;
      for (const call of nodes.calls) {
        const callee = call.expression;
        if (isPropertyAccessExpression(callee) && callee.name.text === 'register' && call.arguments.length >= 1) {
          const framework = frameworkOf(callee.expression);
          if (framework === 'fastify' || framework === 'unknown') changed = markPluginParameter(pluginFunction(call.arguments[0])) || changed;
        } else if (isPropertyAccessExpression(callee) && callee.name.text === 'decorate' && call.arguments.length === 2 && isStringLiteralLike(call.arguments[0]!)) {
          const fn = pluginFunction(call.arguments[1]);
          const framework = fn ? frameworkOf(callee.expression) : undefined;
          if (fn && (framework === 'fastify' || framework === 'unknown')) fastifyDecorations.set(call.arguments[0].text, fn);
        } else if (!isPropertyAccessExpression(callee)) {
          const wrapper = binder.resolve(callee);
          if (wrapper.kind === 'library' && wrapper.module === 'fastify-plugin' && wrapper.path.length <= 1) {
            changed = markPluginParameter(pluginFunction(call.arguments[0])) || changed;
          }
        }
      }
    }
    // Plugins from other files, once every plugin parameter of this file is known.
    for (const call of nodes.calls) {
      const callee = call.expression;
      if (!isPropertyAccessExpression(callee) || callee.name.text !== 'register') continue;
      const imported = pluginImport(call.arguments[0]);
      if (!imported) continue;
      const framework = frameworkOf(callee.expression);
      if (framework === 'fastify' || framework === 'unknown') plugins.push(imported);
      else if (!framework) pluginRoutesOf(callee.expression)?.registers.push(imported);
    }
    for (const call of nodes.calls) {
      const callee = call.expression;
      const args = call.arguments;
      rootSink = roots;
      if (isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (ROUTE_METHODS.has(method)) {
          let framework = frameworkOf(callee.expression);
          if (!framework) {
            // Only `x.get('/path', handler)` shapes: a parameter's `.get(key)` is no route.
            const conditional = args.length >= 2 && isPathLike(args[0]!) ? pluginRoutesOf(callee.expression) : undefined;
            if (!conditional) continue;
            rootSink = conditional.roots;
            framework = 'fastify';
          }
          const first = args[0];
          const hasPath = first !== undefined && (isStringLiteralLike(first) || isTemplateExpression(first) || isRegularExpressionLiteral(first));
          const on = routerRefOf(callee.expression);
          currentRoute = { ...routeOf(method === 'del' ? 'delete' : method, method === 'use' && !hasPath ? undefined : first, call), ...(on ? { on } : {}) };
          // `app.route('/users').get(list).post(create)`: the path was given to route().
          const chainedPath = routeChainPath(callee.expression);
          if (method === 'use') {
            for (const arg of args) if (!isStringLiteralLike(arg) && !isTemplateExpression(arg) && !isRegularExpressionLiteral(arg)) addHandlers(arg, framework);
            // `app.use('/admin', auth, adminRouter)`, `router.use('/v1', v1.routes())`: routers mounted under a path.
            const prefix = !hasPath ? '' : isStringLiteralLike(first!) ? first.text : undefined;
            if (prefix !== undefined) {
              for (const arg of hasPath ? args.slice(1) : args) {
                const child = mountChild(arg);
                if (child) mounts.push({ ...(on ? { parent: on } : {}), prefix, child });
              }
            }
          } else if (chainedPath) {
            currentRoute = { ...routeOf(method, chainedPath, call), ...(on ? { on } : {}) };
            for (const arg of args) addHandlers(arg, framework);
          } else if (args.length >= 2 && isPathLike(args[0]!)) {
            for (const arg of args.slice(1)) addHandlers(arg, framework);
          } else if (framework === 'next-connect') {
            // The file is the route: `handler.get(auth, async (req, res) => …)` takes no path.
            for (const arg of args) if (!isPathLike(arg)) addHandlers(arg, framework);
          }
          currentRoute = undefined;
          continue;
        }
        if (method === 'route' && args.length === 1 && isObjectLiteralExpression(args[0]!)) {
          let framework = frameworkOf(callee.expression);
          const conditional = framework ? undefined : pluginRoutesOf(callee.expression);
          if (conditional) {
            rootSink = conditional.roots;
            framework = 'fastify';
          }
          const options = args[0] as ts.ObjectLiteralExpression;
          const methodProp = options.properties.find((p) => propertyNameText(p.name) === 'method');
          const urlProp = options.properties.find((p) => propertyNameText(p.name) === 'url' || propertyNameText(p.name) === 'path');
          const methodText = methodProp && isPropertyAssignment(methodProp) && isStringLiteralLike(methodProp.initializer) ? methodProp.initializer.text : 'ROUTE';
          const on = routerRefOf(callee.expression);
          currentRoute = { ...routeOf(methodText, urlProp && isPropertyAssignment(urlProp) ? urlProp.initializer : undefined, call), ...(on ? { on } : {}) };
          if (framework) addHandlers(args[0]!, framework);
          currentRoute = undefined;
          continue;
        }
        // Fastify `app.register(plugin, { prefix: '/products' })`: the plugin's routes are under the prefix.
        if (method === 'register' && args.length >= 1) {
          const framework = frameworkOf(callee.expression);
          if (framework === 'fastify' || framework === 'unknown') {
            const prefixExpr = optionValue(args[1], ['prefix']);
            const prefix = !prefixExpr ? '' : isStringLiteralLike(prefixExpr) ? prefixExpr.text : undefined;
            const plugin = pluginFunction(args[0]);
            const child = plugin && nodes.functionIds.has(plugin) ? ({ kind: 'plugin', fn: fnId(plugin) } as const) : mountChild(args[0]!);
            const parent = routerRefOf(callee.expression);
            if (prefix !== undefined && child) mounts.push({ ...(parent ? { parent } : {}), prefix, child });
          }
          continue;
        }
        // koa-router `router.prefix('/todos')`.
        if (method === 'prefix' && args.length === 1 && isStringLiteralLike(args[0]!)) {
          const ref = routerRefOf(callee.expression);
          if (ref?.kind === 'router' && ref.file === undefined) routers[ref.id]!.prefix = args[0].text;
          continue;
        }
        // NestJS `app.setGlobalPrefix('api', { exclude: ['health'] })`.
        if (method === 'setGlobalPrefix' && args.length >= 1 && isStringLiteralLike(args[0]!)) {
          const exclude = optionValue(args[1], ['exclude']);
          const excluded = exclude && isArrayLiteralExpression(exclude)
            ? exclude.elements.flatMap((e) => {
                if (isStringLiteralLike(e)) return [e.text];
                const path = isObjectLiteralExpression(e) ? optionValue(e, ['path']) : undefined;
                return path && isStringLiteralLike(path) ? [path.text] : [];
              })
            : [];
          nestGlobalPrefix = { prefix: args[0].text, exclude: excluded };
          continue;
        }
        if (method === 'addHook' && args.length >= 2 && isStringLiteralLike(args[0]!) && FASTIFY_REQUEST_HOOKS.has(args[0].text)) {
          if (frameworkOf(callee.expression)) addHandlers(args[1]!, 'fastify');
          continue;
        }
        // Socket.IO and ws: the connection handler runs per connection, the handlers it registers on
        // the socket (nested in it, so reached with it) per message.
        if (method === 'on' && args.length >= 2 && isStringLiteralLike(args[0]!) && WEBSOCKET_CONNECTION_EVENTS.has(args[0].text)) {
          const server = binder.resolve(callee.expression);
          const module = webSocketServerModule(server);
          if (module) {
            // A Socket.IO namespace names the route: `io.of('/chat').on('connection', …)` is "WS /chat".
            const receiver = callee.expression;
            const namespace = isCallExpression(receiver) && receiver.arguments.length === 1 && isStringLiteralLike(receiver.arguments[0]!) ? receiver.arguments[0] : undefined;
            currentRoute = routeOf('WS', namespace, call);
            addHandlers(args[1]!, module);
            currentRoute = undefined;
            continue;
          }
        }
        if (method === 'on' && args.length >= 2 && isStringLiteralLike(args[0]!) && args[0].text === 'request') {
          const server = binder.resolve(callee.expression);
          if (server.kind === 'instance' && HTTP_MODULES.has(server.module) && HTTP_SERVER_FACTORIES.has(server.factory.join('.'))) {
            addHandlers(args[1]!, server.module);
          }
          continue;
        }
      }
      const target = binder.resolve(callee);
      if (target.kind === 'library' && isGraphqlServer(target.module, target.path)) {
        addResolverRoots(args, target.module);
        continue;
      }
      if (target.kind === 'library' && HTTP_MODULES.has(target.module) && target.path.length === 1 && HTTP_SERVER_FACTORIES.has(target.path[0]!)) {
        currentRoute = routeOf('*', undefined, call);
        for (const arg of args) if (!isObjectLiteralExpression(arg)) addHandlers(arg, target.module);
        currentRoute = undefined;
      }
    }

    for (const creation of nodes.news) {
      const target = binder.resolve(creation.expression);
      if (target.kind === 'library' && isGraphqlServer(target.module, target.path)) addResolverRoots(creation.arguments ?? [], target.module);
    }

    // NestJS: decorated controller (resolver, gateway) methods, and per-request guards/interceptors.
    for (const cls of nodes.classes) {
      const isController = decoratorsOf(cls).some((d) => NEST_CLASS_DECORATORS.has(decoratorName(d) ?? ''));
      const perRequest = new Set<string>();
      for (const clause of cls.heritageClauses ?? []) {
        for (const type of clause.types) {
          const name = isIdentifier(type.expression) ? type.expression.text : undefined;
          const method = name ? NEST_PER_REQUEST_INTERFACES[name] : undefined;
          if (method) perRequest.add(method);
        }
      }
      if (!isController && perRequest.size === 0) continue;
      for (const member of cls.members) {
        if (!isMethodDeclaration(member)) continue;
        const name = propertyNameText(member.name);
        const routed = isController && decoratorsOf(member).some((d) => NEST_ROUTE_DECORATORS.has(decoratorName(d) ?? ''));
        const routeDecorator = isController ? decoratorsOf(member).find((d) => NEST_ROUTE_DECORATORS.has(decoratorName(d) ?? '')) : undefined;
        if (routeDecorator) {
          const prefix = decoratorsOf(cls).map(decoratorArgument).find((a) => a !== undefined) ?? '';
          const own = decoratorArgument(routeDecorator) ?? '';
          const line = sourceFile.getLineAndCharacterOfPosition(member.getStart(sourceFile)).line + 1;
          currentRoute =
            decoratorName(routeDecorator) === 'SubscribeMessage'
              ? { method: 'WS', path: own || '*', line }
              : { method: (decoratorName(routeDecorator) ?? 'GET').toUpperCase(), path: '/' + [prefix, own].filter(Boolean).join('/').replace(/\/+/g, '/').replace(/^\//, ''), line };
        }
        if (!routeDecorator && name === 'handleConnection' && perRequest.has(name)) {
          currentRoute = { method: 'WS', path: '*', line: sourceFile.getLineAndCharacterOfPosition(member.getStart(sourceFile)).line + 1 };
        }
        if (routed || (name && perRequest.has(name))) addRoot({ kind: 'fn', id: fnId(member) }, 'nestjs');
        currentRoute = undefined;
      }
    }
  }

  // ---- framework slots: what this file puts in them, and calls through them ----------------------
  /** `app`, `application`: a parameter or import that is the app, by its name (its value is unknown here). */
  const isAppLike = (expr: ts.Expression): boolean => {
    const value = binder.resolve(expr);
    if (value.kind === 'instance' || value.kind === 'remote-instance') return (value.module === 'koa' || value.module === 'express') && value.factory.length === 0 && value.path.length === 0;
    const named = isIdentifier(expr) && /^(app|application)$/.test(expr.text);
    return named && ((value.kind === 'parameter' && value.path.length === 0) || (value.kind === 'project' && value.path.length <= 1));
  };
  if (options.role === 'application') {
    for (const call of nodes.calls) {
      const callee = call.expression;
      if (!isPropertyAccessExpression(callee)) continue;
      const [first, second] = call.arguments;
      const method = callee.name.text;
      if (method === 'decorate' && call.arguments.length === 2 && isStringLiteralLike(first!)) {
        const framework = frameworkOf(callee.expression);
        if (framework === 'fastify' || framework === 'unknown') decorate('fastify', first.text, second!);
      } else if (method === 'register' && first) {
        // `fastify.register(require('@fastify/postgres'), { connectionString })`: `fastify.pg` is its pool.
        const plugin = binder.resolve(first);
        const known = plugin.kind === 'library' && (plugin.path.length === 0 || plugin.path.join('.') === 'default') ? FASTIFY_CLIENT_PLUGINS[plugin.module] : undefined;
        const options = second ? binder.resolve(second) : undefined;
        const named = options?.kind === 'expression' && isObjectLiteralExpression(options.node) && options.node.properties.some((p) => propertyNameText(p.name) === 'name');
        const framework = known && !named ? frameworkOf(callee.expression) : undefined;
        if (known && (framework === 'fastify' || framework === 'unknown')) decorations.push({ slot: 'fastify', name: known.name, value: { kind: 'lib-instance', module: known.module, factory: known.factory } });
      } else if (method === 'set' && call.arguments.length === 2 && isStringLiteralLike(first!) && isAppLike(callee.expression)) {
        decorate('setting', first.text, second!);
      }
    }
    // `app.context.db = knex(…)`, `app.locals.db = pool`, `app.db = db`.
    for (const assignment of binder.assignments) {
      const left = assignment.left;
      if (assignment.operatorToken.kind !== SyntaxKind.EqualsToken || !isPropertyAccessExpression(left)) continue;
      const owner = left.expression;
      if (isPropertyAccessExpression(owner) && (owner.name.text === 'context' || owner.name.text === 'locals') && isAppLike(owner.expression)) {
        decorate(owner.name.text === 'context' ? 'context' : 'locals', left.name.text, assignment.right);
      } else if (!['context', 'locals'].includes(left.name.text) && isAppLike(owner)) {
        decorate('app', left.name.text, assignment.right);
      }
    }
  }
  // A Fastify handler written as a function gets the instance as `this` (`this.tweetService`), and a
  // plugin's parameter is only known to be the instance after the pass above: what was resolved
  // before is resolved again, and calls through the instance's slots become edges.
  for (const root of roots) {
    if ((root.framework === 'fastify' || root.framework === 'unknown') && root.target.kind === 'fn' && root.target.file === undefined) {
      const fn = nodes.functions[root.target.id];
      if (fn) fastifyHandlers.add(fn);
    }
  }
  if (fastifyParameters.size > 0 || fastifyHandlers.size > 0) {
    binder.frameworkHooks = { fastifyParameter: isFastifyInstanceParameter, fastifyThis: (fn) => fastifyHandlers.has(fn) };
    binder.forgetResolutions();
    const known = new Set(edges.filter((e) => e.to.kind === 'decoration').map((e) => JSON.stringify(e)));
    for (const call of nodes.calls) {
      const from = enclosingFunctionId(call);
      if (from === undefined) continue;
      for (const expr of [call.expression, ...call.arguments.filter((a) => isPropertyAccessExpression(a))]) {
        const target = refOf(expr);
        if (target?.kind !== 'decoration' || target.slot !== 'fastify') continue;
        const edge: Edge = { from, to: target };
        const key = JSON.stringify(edge);
        if (!known.has(key)) {
          known.add(key);
          edges.push(edge);
        }
      }
    }
  }

  // ---- exports ----------------------------------------------------------------------------------
  const exports: Record<string, SymRef> = {};
  const starExports: string[] = [];
  const facts: string[] = [];
  /** The expression behind each export, for conventions that look through wrappers (Next.js). */
  const exportExpressions = new Map<string, ts.Expression>();
  /** Exports that are plain data (a config module's object), for rules in the files importing them. */
  const data: Record<string, DataShape> = {};
  const setExport = (name: string, ref: SymRef | undefined, expression?: ts.Expression): void => {
    // `exports.list = asyncHandler(async (req, res) => …)`: what the wrapper wraps is the code.
    const wrapped = (!isCode(ref) || isCallResult(ref)) && expression ? wrappedFunction(expression) : undefined;
    const value = wrapped ?? ref;
    if (value) exports[name] = value;
    if (expression) exportExpressions.set(name, expression);
    if (expression && !isCode(value)) {
      const shape = dataShape(expression, binder);
      if (shape.kind !== 'other') data[name] = shape;
    }
  };
  function wrappedFunction(expression: ts.Expression, depth = 0): SymRef | undefined {
    let call = expression;
    while (isParenthesizedExpression(call) || isAsExpression(call)) call = call.expression;
    if (isIdentifier(call) && depth < 3) {
      const init = binder.lookup(call.text, call)?.init;
      return init ? wrappedFunction(init, depth + 1) : undefined;
    }
    if (!isCallExpression(call)) return undefined;
    for (const arg of call.arguments) {
      if (isArrowFunction(arg) || isFunctionExpression(arg)) return { kind: 'fn', id: fnId(arg) };
      if (isIdentifier(arg) || isPropertyAccessExpression(arg)) {
        const ref = refOf(arg);
        if (isCode(ref)) return ref;
      }
      if (isCallExpression(arg)) {
        const inner = wrappedFunction(arg, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  }
  // `const Tutorial = function (…) {…}; Tutorial.getAll = (…) => {…}; module.exports = Tutorial`:
  // the functions hung on the exported value at module level are what importers call
  // (`Tutorial.getAll(…)`), the model layout of many Express tutorials.
  const addStaticMembers = (exported: ts.Expression): void => {
    if (!isIdentifier(exported)) return;
    const binding = binder.lookup(exported.text, exported);
    if (!binding) return;
    for (const assignment of binder.assignments) {
      const left = assignment.left;
      if (assignment.operatorToken.kind !== SyntaxKind.EqualsToken || !isPropertyAccessExpression(left)) continue;
      if (!isIdentifier(left.expression) || left.expression.text !== exported.text) continue;
      if (enclosingFunctionId(assignment) !== undefined || binder.lookup(exported.text, left.expression) !== binding) continue;
      const member = refOf(assignment.right);
      if (isCode(member)) exports[left.name.text] ??= member;
    }
  };
  for (const statement of sourceFile.statements) {
    if (isFunctionDeclaration(statement) && hasExportModifier(statement)) {
      const ref: SymRef = { kind: 'fn', id: fnId(statement) };
      if (hasDefaultModifier(statement)) setExport('default', ref);
      else if (statement.name) setExport(statement.name.text, ref);
    } else if (isClassDeclaration(statement) && hasExportModifier(statement)) {
      const ref: SymRef = { kind: 'class', id: classId(statement) };
      if (hasDefaultModifier(statement)) setExport('default', ref);
      else if (statement.name) setExport(statement.name.text, ref);
    } else if (isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (isIdentifier(decl.name)) setExport(decl.name.text, refOf(decl.name), decl.initializer);
        // `export const { GET, POST } = handlers` (Next.js route files re-exporting a handler map).
        else if (isObjectBindingPattern(decl.name)) {
          for (const element of decl.name.elements) {
            if (isIdentifier(element.name) && !element.dotDotDotToken) setExport(element.name.text, refOf(element.name));
          }
        }
      }
    } else if (isExportAssignment(statement)) {
      setExport('default', refOf(statement.expression), statement.expression);
      addStaticMembers(statement.expression);
    } else if (isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) starExports.push(specifier);
      } else if (isNamespaceExport(clause)) {
        if (specifier) setExport(clause.name.text, { kind: 'project', specifier, path: [] });
      } else {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text;
          if (specifier) setExport(element.name.text, { kind: 'project', specifier, path: [local] });
          else {
            const name = element.propertyName ?? element.name;
            setExport(element.name.text, refOf(name));
            // `const REDIS_URI = \`redis://…\`; export { REDIS_URI }`: data, like `export const`.
            const shape = isIdentifier(name) && !isCode(exports[element.name.text]) ? dataShape(name, binder) : undefined;
            if (shape && shape.kind !== 'other') data[element.name.text] = shape;
          }
        }
      }
    } else if (isExpressionStatement(statement) && isBinaryExpression(statement.expression)) {
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== SyntaxKind.EqualsToken) continue;
      const target = commonJsExportTarget(left);
      if (target === 'module') {
        const ref = refOf(right);
        setExport('default', ref, right);
        if (ref?.kind === 'object') for (const [name, member] of Object.entries(ref.members)) exports[name] ??= member;
        addStaticMembers(right);
      } else if (target !== undefined) {
        setExport(target, refOf(right), right);
      }
    }
  }

  for (const name of options.role === 'application' ? nextJsHandlerExports(options.relativePath) : []) {
    // `export default withSentry(handler)`, `export const GET = withAuth(async (req) => …)`.
    const expression = exportExpressions.get(name);
    currentRoute = { method: name === 'default' ? '*' : name, path: nextJsRoutePath(options.relativePath), line: 1 };
    if (expression) addHandlers(expression, 'nextjs');
    else addRoot(exports[name], 'nextjs');
    currentRoute = undefined;
  }
  if (options.role === 'application') addNextJsServerRoots();

  /** Pages and layouts rendered per request, server actions, `getServerSideProps` (see nextjs.ts). */
  function addNextJsServerRoots(): void {
    const addExport = (name: string, route: RouteInfo): void => {
      const expression = exportExpressions.get(name);
      currentRoute = route;
      if (expression) addHandlers(expression, 'nextjs');
      else addRoot(exports[name], 'nextjs');
      currentRoute = undefined;
    };
    const relativePath = options.relativePath;
    const componentKind = nextJsServerComponentKind(relativePath);
    const usesNext = (componentKind !== undefined || isNextJsPagesPage(relativePath)) && (options.hasPackage?.('next') ?? false);
    if (usesNext && componentKind && !hasFileDirective(sourceFile, 'use client') && rendersPerRequest(sourceFile, binder, nodes.calls, componentKind)) {
      const route = { method: 'GET', path: nextJsAppPath(relativePath), line: 1 };
      addExport('default', route);
      addExport('generateMetadata', route);
    }
    if (usesNext && isNextJsPagesPage(relativePath) && exports['getServerSideProps']) {
      addExport('getServerSideProps', { method: 'GET', path: nextJsPagesPath(relativePath), line: 1 });
    }
    // Server actions: every export of a 'use server' file, and functions that start with the directive.
    if (hasFileDirective(sourceFile, 'use server')) {
      for (const name of Object.keys(exports)) addExport(name, { method: 'POST', path: `server action ${name}`, line: 1 });
    }
    for (const fn of nodes.functions) {
      if (!isInlineServerAction(fn)) continue;
      currentRoute = { method: 'POST', path: `server action ${functionName(fn) ?? '(inline)'}`, line: sourceFile.getLineAndCharacterOfPosition(fn.getStart(sourceFile)).line + 1 };
      addRoot({ kind: 'fn', id: fnId(fn) }, 'nextjs');
      currentRoute = undefined;
    }
  }

  // ---- project-wide facts -------------------------------------------------------------------------
  for (const assignment of binder.assignments) {
    const left = assignment.left;
    if (!isPropertyAccessExpression(left)) continue;
    const owner = binder.resolve(left.expression);
    // `axios.defaults.timeout = 0` restores "no timeout"; test setup files bound nothing in production.
    if (options.role !== 'application' || (isNumericLiteral(assignment.right) && Number(assignment.right.text) === 0)) continue;
    if (owner.kind === 'library' && owner.module === 'axios' && owner.path.join('.') === 'defaults') {
      facts.push(`axios.defaults.${left.name.text}`);
    }
  }

  // Prisma relations the application adds to after their parent exists (see prismaToManyHolds).
  if (options.role === 'application') facts.push(...prismaWriteFacts(nodes.calls, binder));
  // How the application adds rows to each table through knex (see knexReadBounded).
  if (options.role === 'application') facts.push(...knexInsertFacts(nodes.calls, binder));
  // Redis collections the application grows, and those it trims, expires or removes from (see redis-commands.ts).
  if (options.role === 'application') facts.push(...redisCollectionFacts(nodes.calls, (expr) => binder.resolve(expr)));

  // ---- pool wrappers (db/index.js `query`, `getClient`, `withTransaction`) ------------------------
  const poolEffects: PoolEffectInfo[] = [];
  const bodies = indexBodies(nodes.calls, nodes.returns);
  const resolve = (expr: ts.Expression): Value => binder.resolve(expr);
  for (const fn of nodes.functions) {
    for (const effect of poolEffectsOf(fn, resolve, bodies)) {
      let target: SymRef | undefined;
      if ('via' in effect.target) {
        target = { kind: 'project', specifier: effect.target.via.specifier, path: effect.target.via.path };
      } else {
        const pool = effect.target.pool;
        if (pool.kind === 'remote-instance') target = pool.resourceId === undefined ? undefined : { kind: 'resource', id: pool.resourceId, file: pool.file };
        else {
          const id = resourceIds.get(pool.creation);
          target = id === undefined ? undefined : { kind: 'resource', id };
        }
      }
      if (target) poolEffects.push({ fn: fnId(fn), kind: effect.kind, target, call: callText(effect.call), ...(effect.param !== undefined ? { param: effect.param } : {}) });
    }
  }

  // ---- SQL wrappers (`rawQuery(sql, params)` → `$queryRawUnsafe(sql, …)`) ------------------------
  const sqlWrappers: SqlWrapperInfo[] = [];
  let usesSql: boolean | undefined;
  const fileUsesSql = (): boolean => (usesSql ??= importsSqlLibrary(importedModules(sourceFile)));
  const lookup = (name: string, from: ts.Node) => binder.lookup(name, from);
  for (const fn of nodes.functions) {
    for (const wrapper of sqlWrappersOf(fn, bodies.calls(fn), resolve, lookup, fileUsesSql, (f) => bodies.calls(f))) {
      const id = fnId(fn);
      if (id < 0) continue;
      sqlWrappers.push(wrapper.via ? { fn: id, param: wrapper.param, via: { kind: 'project', specifier: wrapper.via.value.specifier, path: wrapper.via.value.path }, arg: wrapper.via.arg } : { fn: id, param: wrapper.param });
    }
  }

  const conditionalRoutes = [...pluginRoutes.values()].filter((entry) => entry.roots.length > 0 || entry.registers.length > 0);
  const summary: FileSummary = { file: sourceFile.fileName, role: options.role, functions, classes, edges, roots, ...(conditionalRoutes.length > 0 ? { pluginRoutes: conditionalRoutes } : {}), ...(plugins.length > 0 ? { plugins } : {}), exports, starExports, resources, uses, calls, poolEffects, ...(sqlWrappers.length > 0 ? { sqlWrappers } : {}), columns: codeDeclarations(nodes.calls, nodes.news, nodes.classes, binder), workers: findWorkers(sourceFile, binder, nodes, options.relativePath), facts, allocations: [], decorations, data, ...(routers.length ? { routers } : {}), ...(mounts.length ? { mounts } : {}), ...(nestGlobalPrefix ? { nestGlobalPrefix } : {}), ...importsOf(sourceFile, nodes.calls, options) };
  return { summary, callNodes };
}

/**
 * The edit that sets a resource's size: replace the literal (`max: 10` → `max: {{size}}`), add the
 * option to the options object, or add an options object where there is none (`new Pool()`).
 * Nested options (`pool: { max }`) and options built elsewhere get no edit.
 */
function sizeEditFor(
  creation: ts.NewExpression | ts.CallExpression,
  options: ts.ObjectLiteralExpression | undefined,
  optionsArg: ts.Expression | undefined,
  sizeOption: readonly string[],
  optionsIndex: number,
  sourceFile: ts.SourceFile,
): { start: number; end: number; template: string } | undefined {
  if (sizeOption.length !== 1) return undefined;
  const name = sizeOption[0]!;
  if (options && options === optionsArg) {
    const existing = options.properties.find((p) => isPropertyAssignment(p) && propertyNameText(p.name) === name);
    if (existing && isPropertyAssignment(existing)) {
      return { start: existing.initializer.getStart(sourceFile), end: existing.initializer.getEnd(), template: '{{size}}' };
    }
    if (options.properties.some((p) => isSpreadAssignment(p))) return undefined;
    const edit = addPropertyEdit(options, `${name}: {{size}}`, sourceFile);
    return { start: edit.start, end: edit.end, template: edit.newText };
  }
  const args = creation.arguments;
  if (optionsArg || optionsIndex !== 0) return undefined;
  if (!args) return { start: creation.getEnd(), end: creation.getEnd(), template: `({ ${name}: {{size}} })` };
  if (args.length === 0) return { start: args.pos, end: args.pos, template: `{ ${name}: {{size}} }` };
  return undefined;
}

const OUTBOUND_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request']);

/** fetch, node-fetch, undici, axios, got, ky and ofetch calls, and http(s).request/get. */
export function isOutboundCall(callee: Value): boolean {
  if (callee.kind !== 'library') return false;
  const [first, ...rest] = callee.path;
  if (callee.module === 'global') return first === 'fetch' && rest.length === 0;
  if (callee.module === 'node-fetch' || callee.module === 'cross-fetch') return callee.path.length === 0;
  if (callee.module === 'undici') return (first === 'fetch' || first === 'request') && rest.length === 0;
  if (callee.module === 'axios' || callee.module === 'got') return callee.path.length === 0 || (rest.length === 0 && OUTBOUND_VERBS.has(first!));
  if (callee.module === 'http' || callee.module === 'https') return (first === 'request' || first === 'get') && rest.length === 0;
  if (callee.module === 'ky') return callee.path.length === 0 || (rest.length === 0 && OUTBOUND_VERBS.has(first!));
  if (callee.module === 'ofetch') return (first === 'ofetch' || first === '$fetch') && (rest.length === 0 || rest.join('.') === 'raw');
  return false;
}

/** The host of a literal URL argument (`'https://api.stripe.com/v1/…'`, a template with a literal head). */
function upstreamHost(arg: ts.Expression | undefined): string {
  let text: string | undefined;
  if (arg && isStringLiteralLike(arg)) text = arg.text;
  else if (arg && isTemplateExpression(arg)) text = arg.head.text;
  const match = text ? /^https?:\/\/([^/:?#]+)/i.exec(text) : null;
  return match ? match[1]!.toLowerCase() : '(unknown host)';
}

/** PM2 ecosystem `instances` and `cluster.fork()` loops: how many processes serve traffic. */
function findWorkers(sourceFile: ts.SourceFile, binder: Binder, nodes: CollectedNodes, relativePath: string): WorkerInfo[] {
  const workers: WorkerInfo[] = [];
  const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  type Count = Pick<WorkerInfo, 'count' | 'cpusOffset'>;
  const CPUS = /\bcpus\(\)\.length\b|availableParallelism\(\)/;
  // `os.cpus().length`, `os.availableParallelism()`, `n - 1` of those, and names bound to them.
  const countOf = (input: ts.Expression, depth = 0): Count | undefined => {
    let expr = input;
    while (isParenthesizedExpression(expr) || isAsExpression(expr)) expr = expr.expression;
    if (isNumericLiteral(expr)) return { count: Number(expr.text) };
    if (isBinaryExpression(expr) && expr.operatorToken.kind === SyntaxKind.MinusToken && isNumericLiteral(expr.right)) {
      const left = countOf(expr.left, depth + 1);
      const minus = Number(expr.right.text);
      if (left?.count === 'cpus') return { count: 'cpus', cpusOffset: (left.cpusOffset ?? 0) - minus };
      if (typeof left?.count === 'number') return { count: Math.max(0, left.count - minus) };
      return undefined;
    }
    if (isIdentifier(expr) && depth < 4) {
      const init = binder.lookup(expr.text, expr)?.init;
      return init ? countOf(init, depth + 1) : undefined;
    }
    if (CPUS.test(expr.getText(sourceFile))) return { count: 'cpus' };
    return undefined;
  };
  // PM2: 'max' or 0 = one per CPU; -N = CPUs minus N; a number (or numeric string) = that many.
  const pm2Count = (expr: ts.Expression): Count | undefined => {
    if (isStringLiteralLike(expr)) {
      if (expr.text === 'max') return { count: 'cpus' };
      if (!/^\d+$/.test(expr.text)) return undefined;
      return Number(expr.text) === 0 ? { count: 'cpus' } : { count: Number(expr.text) };
    }
    if (isPrefixUnaryExpression(expr) && expr.operator === SyntaxKind.MinusToken && isNumericLiteral(expr.operand)) return { count: 'cpus', cpusOffset: -Number(expr.operand.text) };
    if (isNumericLiteral(expr)) return Number(expr.text) === 0 ? { count: 'cpus' } : { count: Number(expr.text) };
    return countOf(expr);
  };
  if (/(^|\/)ecosystem\.config\.[cm]?js$/.test(relativePath)) {
    const visit = (node: ts.Node): void => {
      if (isPropertyAssignment(node) && propertyNameText(node.name) === 'instances') {
        const count = pm2Count(node.initializer);
        if (count !== undefined) workers.push({ ...count, source: 'pm2', line: lineOf(node), text: `PM2 instances: ${node.initializer.getText(sourceFile)}` });
      }
      forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  for (const call of nodes.calls) {
    const callee = binder.resolve(call.expression);
    if (callee.kind !== 'library' || callee.module !== 'cluster' || callee.path.join('.') !== 'fork') continue;
    // `for (let i = 0; i < N; i++) cluster.fork()` / `os.cpus().forEach(() => cluster.fork())`.
    let count: Count | undefined;
    let text: string | undefined;
    for (let current: ts.Node | undefined = call.parent; current && count === undefined; current = current.parent) {
      if (isForStatement(current) && current.condition && isBinaryExpression(current.condition)) {
        count = countOf(current.condition.right);
        text = current.condition.right.getText(sourceFile);
      } else if (isCallExpression(current) && isPropertyAccessExpression(current.expression) && current.expression.name.text === 'forEach') {
        const receiver = current.expression.expression;
        count = countOf(receiver) ?? (/cpus\(\)/.test(receiver.getText(sourceFile)) ? { count: 'cpus' } : undefined);
        text = `${receiver.getText(sourceFile)}.forEach`;
      }
      if (isFunctionDeclaration(current)) break;
    }
    if (count !== undefined) workers.push({ ...count, source: 'cluster', line: lineOf(call), text: `cluster.fork() × ${text}` });
  }
  return workers;
}

/** Libraries whose options carry GraphQL resolvers that run per request. */
function isGraphqlServer(module: string, path: readonly string[]): boolean {
  const name = path.join('.');
  if (name === 'ApolloServer') return ['@apollo/server', 'apollo-server', 'apollo-server-express', 'apollo-server-koa', 'apollo-server-fastify', 'apollo-server-lambda', 'apollo-server-micro'].includes(module);
  if (name === 'makeExecutableSchema') return ['@graphql-tools/schema', 'graphql-tools', 'apollo-server', 'apollo-server-express'].includes(module);
  if (name === 'createYoga' || name === 'createSchema') return module === 'graphql-yoga';
  if (name === 'graphqlHTTP') return module === 'express-graphql';
  if (name === 'createHandler') return module === 'graphql-http/lib/use/express' || module === 'graphql-http';
  // Apollo Server 4 integrations take the per-request `context` function.
  if (name === 'expressMiddleware') return module === '@apollo/server/express4' || module === '@as-integrations/express5';
  if (name === 'startStandaloneServer') return module === '@apollo/server/standalone';
  return false;
}

/** The path of an Express/koa-router `.route(path)` call at the start of a method chain. */
function routeChainPath(receiver: ts.Expression): ts.Expression | undefined {
  let current = receiver;
  while (isCallExpression(current) && isPropertyAccessExpression(current.expression)) {
    if (current.expression.name.text === 'route' && current.arguments.length === 1 && !isObjectLiteralExpression(current.arguments[0]!)) return current.arguments[0];
    current = current.expression.expression;
  }
  return undefined;
}

/** Properties of a (DTO) class capped by class-validator's `@ArrayMaxSize(n)`. */
export function cappedArrayProperties(cls: ts.ClassLikeDeclaration, binder: Pick<Binder, 'resolve'>): string[] {
  const capped: string[] = [];
  for (const member of cls.members) {
    if (!isPropertyDeclaration(member)) continue;
    const name = propertyNameText(member.name);
    const caps = decoratorsOf(member).some((d) => {
      const callee = isCallExpression(d.expression) ? d.expression.expression : d.expression;
      const value = binder.resolve(callee);
      return value.kind === 'library' && value.module === 'class-validator' && value.path.join('.') === 'ArrayMaxSize';
    });
    if (name && caps) capped.push(name);
  }
  return capped;
}

/** The first string argument of a decorator (`@Controller('users')` → 'users'). */
function decoratorArgument(decorator: ts.Decorator): string | undefined {
  const expr = decorator.expression;
  if (!isCallExpression(expr)) return undefined;
  const first = expr.arguments[0];
  return first && isStringLiteralLike(first) ? first.text : undefined;
}

/** `pages/api/users/[id].ts` → `/api/users/[id]`; `app/api/users/route.ts` → `/api/users`. */
function nextJsRoutePath(relativePath: string): string {
  const pages = /(?:^|\/)pages(\/api\/.+)\.[cm]?[jt]sx?$/.exec(relativePath);
  if (pages) return pages[1]!.replace(/\/index$/, '');
  const app = /(?:^|\/)app(\/.*)?\/route\.[cm]?[jt]sx?$/.exec(relativePath);
  if (app) return app[1] || '/';
  return '/' + relativePath;
}

/** `module.exports = …` → 'module'; `module.exports.x = …` / `exports.x = …` → 'x'. */
function commonJsExportTarget(left: ts.Expression): string | undefined {
  if (!isPropertyAccessExpression(left)) return undefined;
  const owner = left.expression;
  if (isIdentifier(owner) && owner.text === 'module' && left.name.text === 'exports') return 'module';
  if (isIdentifier(owner) && owner.text === 'exports') return left.name.text;
  if (isPropertyAccessExpression(owner) && isIdentifier(owner.expression) && owner.expression.text === 'module' && owner.name.text === 'exports') {
    return left.name.text;
  }
  return undefined;
}

/** What a NestJS `useFactory` returns, when it is an object literal (arrow body or a single `return`). */
function nestFactoryOptions(options: ts.Expression | undefined): ts.Expression | undefined {
  const factory = optionValue(options, ['useFactory']);
  if (!factory) return undefined;
  const fn = isArrowFunction(factory) || isFunctionExpression(factory) ? factory : undefined;
  if (!fn) return undefined;
  let body: ts.Node = fn.body;
  while (isParenthesizedExpression(body as ts.Expression)) body = (body as ts.ParenthesizedExpression).expression;
  if (isObjectLiteralExpression(body as ts.Expression)) return body as ts.ObjectLiteralExpression;
  if (!isBlock(body)) return undefined;
  const returns = body.statements.filter(ts.isReturnStatement);
  if (returns.length !== 1 || !returns[0]!.expression) return undefined;
  let returned: ts.Expression = returns[0]!.expression;
  while (isParenthesizedExpression(returned) || isAsExpression(returned)) returned = returned.expression;
  return isObjectLiteralExpression(returned) ? returned : undefined;
}

/** A Prisma client's driver adapter as far as its file shows (see adapterFactsOf in extractSummary). */
interface AdapterFacts {
  adapter: PrismaAdapter;
  size: number | 'unknown' | undefined;
  acquireTimeoutMs: number | 'unknown' | undefined;
  sizeRef?: SymRef;
  acquireTimeoutRef?: SymRef;
  database: ResourceDatabase | undefined;
  /** The adapter's callee (`PrismaPg`), where findings about the pool point. */
  callee?: ts.Node;
  sizeEdit?: { start: number; end: number; template: string };
  /** The pool the adapter wraps: made in this file, or a reference the project resolves. */
  pool?: { kind: 'local'; creation: ts.Node } | { kind: 'ref'; ref: SymRef };
}

/** A Prisma client's datasource URL when the code writes it: `datasourceUrl` or `datasources.<name>.url`. */
function prismaUrl(options: ts.ObjectLiteralExpression | undefined): string | undefined {
  const direct = optionValue(options, ['datasourceUrl']);
  if (direct && isStringLiteralLike(direct)) return direct.text;
  const sources = optionValue(options, ['datasources']);
  if (!sources || !isObjectLiteralExpression(sources)) return undefined;
  for (const prop of sources.properties) {
    if (!isPropertyAssignment(prop)) continue;
    const url = optionValue(prop.initializer, ['url']);
    if (url && isStringLiteralLike(url)) return url.text;
  }
  return undefined;
}

/** Project specifiers the file imports (`import`, `export … from`, `require()`, `import()`), sorted and unique. */
function importsOf(sourceFile: ts.SourceFile, calls: readonly ts.CallExpression[], options: ExtractOptions): { imports?: string[] } {
  const isProject = options.isProjectSpecifier ?? ((s: string) => s.startsWith('.') || s.startsWith('/'));
  const found = new Set<string>();
  for (const statement of sourceFile.statements) {
    const specifier = (ts.isImportDeclaration(statement) || isExportDeclaration(statement)) && statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    if (specifier && isProject(specifier)) found.add(specifier);
  }
  for (const call of calls) {
    const callee = call.expression;
    const named = (isIdentifier(callee) && callee.text === 'require') || callee.kind === SyntaxKind.ImportKeyword;
    const first = call.arguments[0];
    if (named && first && isStringLiteral(first) && isProject(first.text)) found.add(first.text);
  }
  return found.size ? { imports: [...found].sort() } : {};
}

/**
 * The one resource of this file every `return` of `fn` gives (nullish ones aside: `if (!x) return
 * null`), when the code says so without doubt: each returned expression, and each value a returned
 * variable is ever given (its initializer and every assignment), is nullish or that resource.
 * `let c; … c = new RedisClient(); … c = other` stays unknown. Only a resource made once counts: one
 * made at module level, or kept in a module-level variable (a getter's lazy singleton); a function
 * that makes a client per call (`return new Client()`, a local `const c = …`) gives a new one each time.
 */
function returnedResource(fn: ts.SignatureDeclaration, binder: Binder, resourceIds: Map<ts.Node, number>, resources: readonly ResourceInfo[]): number | undefined {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || isConstructorDeclaration(fn)) return undefined;
  const returned: ts.Expression[] = [];
  if (!isBlock(body)) returned.push(body);
  else {
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node) || ts.isClassLike(node)) return;
      if (isReturnStatement(node) && node.expression) returned.push(node.expression);
      forEachChild(node, visit);
    };
    forEachChild(body, visit);
  }
  /** null: nullish; a number: that resource; undefined: anything else. */
  const seen = new Set<ts.Node>();
  const resourceOf = (expr: ts.Expression, depth: number, kept = false): number | null | undefined => {
    while (isParenthesizedExpression(expr) || isAsExpression(expr) || isNonNullExpression(expr) || isAwaitExpression(expr)) expr = expr.expression;
    if (depth > 6) return undefined;
    if (expr.kind === SyntaxKind.NullKeyword || (isIdentifier(expr) && expr.text === 'undefined')) return null;
    if (isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === SyntaxKind.EqualsToken) return isIdentifier(expr.left) ? resourceOf(expr.left, depth + 1) : undefined;
      if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) {
        return agree([resourceOf(expr.left, depth + 1, kept), resourceOf(expr.right, depth + 1, kept)]);
      }
      return undefined;
    }
    if (ts.isConditionalExpression(expr)) return agree([resourceOf(expr.whenTrue, depth + 1, kept), resourceOf(expr.whenFalse, depth + 1, kept)]);
    if (isIdentifier(expr)) {
      const binding = binder.lookup(expr.text, expr);
      // A module-level variable keeps what it is given across calls; a local one is made anew each call.
      if (!binding || binding.kind !== 'var' || binding.destructure.length > 0 || binding.scope.parent !== undefined) return undefined;
      if (seen.has(binding.declaration)) return null;
      seen.add(binding.declaration);
      return agree([binding.init ? resourceOf(binding.init, depth + 1, true) : null, ...binding.assignments.map((a) => resourceOf(a, depth + 1, true))]);
    }
    const value = binder.resolve(expr);
    const id = value.kind === 'instance' && value.path.length === 0 ? resourceIds.get(value.creation) : undefined;
    return id !== undefined && (kept || resources[id]?.moduleLevel) ? id : undefined;
  };
  return agree(returned.map((r) => resourceOf(r, 0))) ?? undefined;
}

/** One resource all of `found` name (nullish ones aside), null when all are nullish, else undefined. */
function agree(found: (number | null | undefined)[]): number | null | undefined {
  let id: number | null = null;
  for (const f of found) {
    if (f === undefined) return undefined;
    if (f === null) continue;
    if (id !== null && id !== f) return undefined;
    id = f;
  }
  return id;
}
