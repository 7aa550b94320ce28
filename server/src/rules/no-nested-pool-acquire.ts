// no-nested-pool-acquire: a request that holds a pooled connection (a checked-out client, an open
// transaction) and asks the same pool for another before releasing it. Once as many requests as
// the pool has connections do this at the same time, each waits for a connection that only the
// others can release: a deadlock that lasts until the acquire timeout, or forever without one.
import { ts } from '@ts-morph/common';
import type { Value } from '../engine/values';
import { enclosingClass, enclosingFunction } from '../engine/ast';
import { callText, poolDriver, poolEffectsOf, type PoolEffectKind } from '../engine/pool-wrappers';
import { LIBRARY_DEFAULTS, versionedDefault } from '../engine/library-defaults';
import { formatNumber, mayHaveOption, numericValue, optionsShape, propertyValue, relativeFileName, type OptionsShape } from './utils';
import type { RuleContext, RuleModule } from './types';
import type { ProjectPoolEffect } from '../engine/project';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

type Dialect = 'pg' | 'mysql' | 'mariadb' | 'knex' | 'sequelize' | 'prisma' | 'typeorm' | 'drizzle' | 'unknown';

/** What a request holds while it runs the region: a checked-out client or an open transaction. */
interface Held {
  kind: 'checkout' | 'transaction';
  dialect: Dialect;
  poolKey: string;
  /** The pool's creation, when the pool is a library instance of this file (for its options). */
  creation: ts.NewExpression | ts.CallExpression | undefined;
  /** The file that made the pool, when it is imported from there (its options are unknown here). */
  remoteFile?: string;
  /** The held client or transaction as the code names it (`client`, `trx`, `tx`). */
  holder: string;
  /** The function whose body is searched, and the offsets between which the connection is held. */
  regionFn: ts.SignatureDeclaration;
  start: number;
  end: number;
  /** True for a transaction callback: whatever it returns is awaited before the commit. */
  returnsAreAwaited: boolean;
  acquire: ts.CallExpression;
  /** Sequelize: the transaction parameter, when some call in the region passes it as `transaction`. */
  passesTransaction: boolean;
  /** What the remedy tells the code to use instead (`queryRunner.manager`), when not the holder itself. */
  remedyHolder?: string;
}

// ---- what counts as a pool ------------------------------------------------------------------------

const MYSQL_MODULES = ['mysql', 'mysql2', 'mysql2/promise'];

/** Pool factories: module(s), the export path, and the dialect they speak. */
const POOL_FACTORIES: { modules: string[]; factory: string; dialect: Dialect }[] = [
  { modules: ['pg'], factory: 'Pool', dialect: 'pg' },
  { modules: ['pg'], factory: 'native.Pool', dialect: 'pg' },
  { modules: ['pg-pool'], factory: '', dialect: 'pg' },
  { modules: MYSQL_MODULES, factory: 'createPool', dialect: 'mysql' },
  { modules: ['mariadb'], factory: 'createPool', dialect: 'mariadb' },
  { modules: ['knex'], factory: '', dialect: 'knex' },
  { modules: ['knex'], factory: 'knex', dialect: 'knex' },
  { modules: ['sequelize', '@sequelize/core'], factory: 'Sequelize', dialect: 'sequelize' },
  { modules: ['sequelize', '@sequelize/core'], factory: '', dialect: 'sequelize' },
  { modules: ['@prisma/client'], factory: 'PrismaClient', dialect: 'prisma' },
  { modules: ['typeorm'], factory: 'DataSource', dialect: 'typeorm' },
];

/**
 * The pool's dialect, and its creation when it is made in this file (its options are readable). A
 * pool imported from the file that made it (`module.exports = new Pool()`) has a dialect but no
 * creation here: its size and timeouts are in the other file, so messages say "unless configured".
 */
function poolDialect(value: Value): { dialect: Dialect; creation: ts.NewExpression | ts.CallExpression | undefined; remoteFile?: string } | undefined {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return undefined;
  // `pool.promise()` (mysql2) is the same pool behind a promise API.
  const isPromiseWrapper = value.path.length === 2 && value.path[0] === 'promise' && value.path[1] === '()';
  if (value.path.length !== 0 && !isPromiseWrapper) return undefined;
  const factory = value.factory.join('.');
  const creation = value.kind === 'instance' ? value.creation : undefined;
  const remoteFile = value.kind === 'remote-instance' ? value.file : undefined;
  const match = POOL_FACTORIES.find((f) => f.modules.includes(value.module) && f.factory === factory);
  if (match) return { dialect: match.dialect, creation, remoteFile };
  if (value.module.startsWith('drizzle-orm/') && factory === 'drizzle') return { dialect: 'drizzle', creation, remoteFile };
  return undefined;
}

/** A library value that is certainly not a connection pool (a pg Client, a Mongo session, Redis…). */
function isOtherLibrary(value: Value): boolean {
  return value.kind === 'library' || ((value.kind === 'instance' || value.kind === 'remote-instance') && poolDialect(value) === undefined);
}

// ---- identity: "the same pool" ------------------------------------------------------------------

function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr) || ts.isAwaitExpression(expr)) expr = expr.expression;
  return expr;
}

/** `this.db.pool` or `db.pool` as written, with the binding of its root so shadowed names differ. */
function syntacticKey(expr: ts.Expression, context: RuleContext): string | undefined {
  const parts: string[] = [];
  let current = unwrap(expr);
  while (ts.isPropertyAccessExpression(current)) {
    parts.unshift(current.name.text);
    current = unwrap(current.expression);
  }
  if (current.kind === SyntaxKind.ThisKeyword) return `this@${enclosingClass(current)?.pos ?? -1}.${parts.join('.')}`;
  if (!ts.isIdentifier(current)) return undefined;
  const binding = context.lookupBinding(current.text, current);
  return `${current.text}@${binding ? binding.declaration.pos : 'global'}.${parts.join('.')}`;
}

/** Two expressions with the same key denote the same object (the same pool). */
function receiverKey(expr: ts.Expression, context: RuleContext): string | undefined {
  const value = context.resolve(expr);
  switch (value.kind) {
    case 'instance': {
      const path = value.path.length === 2 && value.path[0] === 'promise' && value.path[1] === '()' ? [] : value.path;
      return `instance@${value.creation.pos}:${path.join('.')}`;
    }
    case 'remote-instance': {
      const path = value.path.length === 2 && value.path[0] === 'promise' && value.path[1] === '()' ? [] : value.path;
      // A pool of the inventory is one object wherever it is imported; any other instance (a
      // drizzle db) is told apart by the local name it is imported as.
      if (value.resourceId !== undefined) return `remote@${value.file}#${value.resourceId}:${path.join('.')}`;
      const local = syntacticKey(expr, context);
      return local ? `remote@${value.file}:${local}` : undefined;
    }
    case 'project':
      return `project@${value.specifier}:${value.path.join('.')}`;
    case 'parameter':
      return `parameter@${value.node.pos}:${value.path.join('.')}`;
    case 'library':
      return `library@${value.module}:${value.path.join('.')}`;
    case 'unknown':
    case 'expression':
      return syntacticKey(expr, context);
    default:
      return undefined;
  }
}

/** `a.b(c).d` as a root and the steps after it, for every root along the chain (longest path first). */
function* chainRoots(callee: ts.Expression): Generator<{ root: ts.Expression; path: string[] }> {
  const path: string[] = [];
  let current = unwrap(callee);
  yield { root: current, path: [] };
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      path.unshift(current.name.text);
      current = unwrap(current.expression);
    } else if (ts.isCallExpression(current)) {
      path.unshift('()');
      current = unwrap(current.expression);
    } else {
      return;
    }
    yield { root: current, path: [...path] };
  }
}

// ---- wrappers: functions that use a pool for their caller --------------------------------------

/** A pool effect of a called function (pool-wrappers.ts), with the pool named as receiverKey names it. */
interface WrapperEffect {
  kind: PoolEffectKind;
  poolKey: string;
  dialect: Dialect;
  creation: ts.NewExpression | ts.CallExpression | undefined;
  remoteFile?: string;
  /** What the wrapper does, for messages: "pool.query() in ../db/index.js". */
  describe: string;
  param?: number;
}

/**
 * What calling `call`'s callee does to a driver pool: a function of this file is read here, one
 * imported from another file is answered by the project index (wrappers of wrappers followed).
 */
function wrapperEffects(call: ts.CallExpression, context: RuleContext, cache: WrapperCache): WrapperEffect[] {
  const value = context.resolve(call.expression);
  // Every call of the file is asked about: answer each function once.
  const cacheKey = value.kind === 'function' ? value.node : value.kind === 'project' ? `${value.specifier}\0${value.path.join('.')}` : undefined;
  if (cacheKey === undefined) return [];
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const result: WrapperEffect[] = [];
  const fromProject = (effects: readonly ProjectPoolEffect[], kind?: PoolEffectKind): void => {
    for (const effect of effects) {
      const driver = poolDriver(effect.pool.module, effect.pool.factory);
      if (!driver || (kind && effect.kind !== kind)) continue;
      // A pool made in this very file is keyed by its creation here; the index knows it only by id.
      if (effect.pool.file === context.sourceFile.fileName) continue;
      result.push({
        kind: effect.kind,
        poolKey: `remote@${effect.pool.file}#${effect.pool.id}:`,
        dialect: driver,
        creation: undefined,
        remoteFile: effect.pool.file,
        describe: `${effect.call} in ${relativeFileName(effect.file, context.sourceFile)}`,
        param: effect.param,
      });
    }
  };
  if (value.kind === 'project') {
    fromProject(context.projectPoolEffects(value));
  } else if (value.kind === 'function') {
    for (const effect of poolEffectsOf(value.node, (expr) => context.resolve(expr))) {
      if ('via' in effect.target) {
        fromProject(context.projectPoolEffects(effect.target.via), effect.kind);
        continue;
      }
      const pool = effect.target.pool;
      const key = pool.kind === 'instance' ? `instance@${pool.creation.pos}:` : pool.resourceId !== undefined ? `remote@${pool.file}#${pool.resourceId}:` : undefined;
      if (!key) continue;
      result.push({
        kind: effect.kind,
        poolKey: key,
        dialect: poolDriver(pool.module, pool.factory)!,
        creation: pool.kind === 'instance' ? pool.creation : undefined,
        remoteFile: pool.kind === 'remote-instance' ? pool.file : undefined,
        describe: `${callText(effect.call)} on line ${effect.call.getSourceFile().getLineAndCharacterOfPosition(effect.call.getStart()).line + 1}`,
        param: effect.param,
      });
    }
  }
  cache.set(cacheKey, result);
  return result;
}

type WrapperCache = Map<ts.Node | string, WrapperEffect[]>;

/**
 * A connection held through a wrapper: `const client = await db.getClient()` (until
 * `client.release()`), or the callback of `db.withTransaction(async (client) => …)`.
 */
function heldThroughWrapper(call: ts.CallExpression, context: RuleContext, cache: WrapperCache): Held | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  for (const effect of wrapperEffects(call, context, cache)) {
    const common = { kind: 'checkout' as const, dialect: effect.dialect, poolKey: effect.poolKey, creation: effect.creation, remoteFile: effect.remoteFile, acquire: call, passesTransaction: false };
    if (effect.kind === 'returns-checkout') {
      const holder = assignedName(call);
      const fn = context.enclosingFunction(call);
      if (!holder || !fn) continue;
      const end = firstCallAfter(fn, call.getEnd(), (c) => isMethodCallOn(c, holder, RELEASE_METHODS));
      return { ...common, holder, regionFn: fn, start: call.getEnd(), end: end ?? fn.getEnd(), returnsAreAwaited: false };
    }
    if (effect.kind === 'holds-while-calling' && effect.param !== undefined) {
      const arg = call.arguments[effect.param];
      if (!arg) continue;
      const target = unwrap(arg);
      const callback = ts.isArrowFunction(target) || ts.isFunctionExpression(target) ? target : undefined;
      const body = callback?.body;
      if (!callback || !body) continue;
      return { ...common, holder: firstParamName(callback) ?? 'the client', regionFn: callback, start: body.getStart(), end: callback.getEnd(), returnsAreAwaited: true };
    }
  }
  return undefined;
}

// ---- which calls take a connection --------------------------------------------------------------

const PG_USES = new Set(['query', 'connect']);
const MYSQL_USES = new Set(['query', 'execute', 'getConnection']);
const MARIADB_USES = new Set(['query', 'execute', 'getConnection', 'batch']);
const KNEX_BUILDERS = new Set([
  'raw', 'select', 'insert', 'update', 'del', 'delete', 'from', 'table', 'into', 'with', 'first', 'count', 'countDistinct',
  'pluck', 'truncate', 'queryBuilder', 'distinct', 'where', 'whereIn', 'sum', 'min', 'max', 'avg', 'column', 'columns', 'union',
  'join', 'leftJoin', 'upsert', 'transaction',
]);
const DRIZZLE_BUILDERS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'with', '$count', 'transaction']);
const PRISMA_MODEL_METHODS = new Set([
  'findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'create', 'createMany', 'createManyAndReturn',
  'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy',
]);
const PRISMA_RAW = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', '$runCommandRaw', '$transaction']);
const TYPEORM_METHODS = new Set([
  'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'find', 'findOne',
  'findOneBy', 'findBy', 'findAndCount', 'findAndCountBy', 'findOneOrFail', 'findOneByOrFail', 'count', 'countBy', 'exists',
  'existsBy', 'sum', 'average', 'minimum', 'maximum', 'increment', 'decrement', 'query', 'clear', 'preload',
]);
/** Sequelize model methods and the index of their options argument (which may carry `transaction`). */
const SEQUELIZE_MODEL_METHODS: Record<string, number> = {
  findAll: 0, findOne: 0, findAndCountAll: 0, findOrCreate: 0, count: 0, destroy: 0, findByPk: 1, create: 1, bulkCreate: 1,
  update: 1, upsert: 1, increment: 1, decrement: 1, sum: 1, max: 1, min: 1,
};

/** True when the call, on the held pool at `path`, takes a (second) connection from it. */
function usesPool(held: Held, path: string[], call: ts.CallExpression | ts.TaggedTemplateExpression): boolean {
  const first = path[0];
  if (held.kind === 'checkout') {
    if (path.length !== 1 || first === undefined || !ts.isCallExpression(call)) return false;
    if (held.dialect === 'pg') return PG_USES.has(first);
    if (held.dialect === 'mysql') return MYSQL_USES.has(first);
    if (held.dialect === 'mariadb') return MARIADB_USES.has(first);
    return PG_USES.has(first) || MYSQL_USES.has(first);
  }
  if (ts.isTaggedTemplateExpression(call)) return (held.dialect === 'prisma' || held.dialect === 'unknown') && path.length === 1 && PRISMA_RAW.has(first ?? '');
  const knexLike = path.length === 0 || (path.length === 1 && KNEX_BUILDERS.has(first!));
  const sequelizeQuery = path.length === 1 && (first === 'query' || first === 'transaction') && !passesTransactionOption(call.arguments[first === 'query' ? 1 : 0]);
  const typeorm =
    (path.length === 1 && first === 'query') ||
    (path.length === 2 && first === 'manager' && TYPEORM_METHODS.has(path[1]!)) ||
    (path.length === 3 && (first === 'getRepository' || first === 'getTreeRepository') && path[1] === '()' && TYPEORM_METHODS.has(path[2]!));
  const prisma = (path.length === 2 && !first!.startsWith('$') && PRISMA_MODEL_METHODS.has(path[1]!)) || (path.length === 1 && PRISMA_RAW.has(first!));
  const drizzle = (path.length === 1 && DRIZZLE_BUILDERS.has(first!)) || (path.length === 3 && first === 'query' && (path[2] === 'findMany' || path[2] === 'findFirst'));
  switch (held.dialect) {
    case 'knex':
      return knexLike;
    case 'sequelize':
      return sequelizeQuery || (path.length === 3 && first === 'models' && SEQUELIZE_MODEL_METHODS[path[2]!] !== undefined && !passesTransactionOption(call.arguments[SEQUELIZE_MODEL_METHODS[path[2]!]!]));
    case 'prisma':
      return prisma;
    case 'typeorm':
      return typeorm;
    case 'drizzle':
      return drizzle;
    default:
      // A `.transaction(fn)` on something we cannot identify: only shapes that are a query on it.
      return path.length === 0 || sequelizeQuery || typeorm || drizzle || (path.length === 1 && first === 'raw');
  }
}

/** The options argument may carry `transaction` (present, hidden in a spread, or unreadable). */
function passesTransactionOption(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  const expr = unwrap(arg);
  if (!ts.isObjectLiteralExpression(expr)) return true;
  return expr.properties.some((p) => ts.isSpreadAssignment(p) || (p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'transaction'));
}

// ---- is the nested call waited for while the connection is held? --------------------------------

const COLLECTORS = new Set(['all', 'allSettled', 'race', 'any', 'map', 'flatMap', 'then']);
const DEFERRED_CALLBACK_RECEIVERS = new Set(['setTimeout', 'setImmediate', 'setInterval', 'nextTick', 'on', 'once', 'addListener', 'queueMicrotask']);

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The outermost call of `x.query(…).then(…).catch(…)`: what the code actually waits on. */
function chainTop(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  while (ts.isPropertyAccessExpression(current.parent) && current.parent.expression === current && ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent) {
    current = current.parent.parent;
  }
  return current;
}

/**
 * True when the code waits for the nested call before it can release what it holds: it is
 * awaited (directly, through Promise.all or a `.map` callback), takes a callback, or is returned
 * from a transaction callback. A fire-and-forget call or a query used as a subquery is not.
 */
function isWaitedFor(call: ts.Expression, held: Held): boolean {
  if (ts.isCallExpression(call) && call.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) && calleeName(call) !== 'then') return true;
  let node: ts.Node = chainTop(call);
  for (let steps = 0; steps < 64; steps++) {
    const parent: ts.Node | undefined = node.parent;
    if (!parent) return false;
    if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)) return true;
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
      const fn = ts.isArrowFunction(parent) ? parent : enclosingFunction(parent);
      if (!fn) return false;
      if (fn === held.regionFn) return held.returnsAreAwaited;
      node = fn;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      const name = calleeName(parent);
      if (!name || !COLLECTORS.has(name)) return false;
      node = chainTop(parent);
      continue;
    }
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isSpreadElement(parent) ||
      ts.isConditionalExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === SyntaxKind.BarBarToken || parent.operatorToken.kind === SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken))
    ) {
      node = parent;
      continue;
    }
    return false;
  }
  return false;
}

/** A callback that runs later on its own (a timer, an event listener): holding does not wait for it. */
function isDeferredCallback(fn: ts.Node): boolean {
  const parent = fn.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(fn as ts.Expression)) return false;
  const name = calleeName(parent);
  return name !== undefined && DEFERRED_CALLBACK_RECEIVERS.has(name);
}

/** `.transacting(trx)` anywhere in the knex chain binds it to the transaction. */
function chainIsBoundToTransaction(call: ts.CallExpression): boolean {
  let current: ts.Expression = call;
  for (;;) {
    const parent = current.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && ts.isCallExpression(parent.parent)) {
      if (parent.name.text === 'transacting') return true;
      current = parent.parent;
      continue;
    }
    return false;
  }
}

// ---- finding what a request holds ---------------------------------------------------------------

function firstParamName(fn: ts.SignatureDeclaration, index = 0): string | undefined {
  const param = fn.parameters[index];
  return param && ts.isIdentifier(param.name) ? param.name.text : undefined;
}

function functionArgument(call: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const last = call.arguments[call.arguments.length - 1];
  return last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last)) ? last : undefined;
}

/** The variable the awaited result of `call` is stored in (`const client = await pool.connect()`). */
function assignedName(call: ts.CallExpression): string | undefined {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}

/** Offset of the first `name.method()` (one of `methods`) or `name()` call after `from` in `scope`. */
function firstCallAfter(scope: ts.Node, from: number, matches: (call: ts.CallExpression) => boolean): number | undefined {
  let found: number | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined && node.pos > found) return;
    if (ts.isCallExpression(node) && node.getStart() >= from && matches(node)) {
      const at = node.getStart();
      if (found === undefined || at < found) found = at;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

function isMethodCallOn(call: ts.CallExpression, name: string, methods: ReadonlySet<string>): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && methods.has(callee.name.text) && ts.isIdentifier(unwrap(callee.expression)) && (unwrap(callee.expression) as ts.Identifier).text === name;
}

function isPlainCall(call: ts.CallExpression, name: string): boolean {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) && callee.text === name;
}

const RELEASE_METHODS = new Set(['release', 'destroy', 'end']);
const TRANSACTION_END_METHODS = new Set(['commit', 'rollback']);

/** Does the transaction callback pass its transaction explicitly (`{ transaction: t }`)? */
function passesTransactionParam(fn: ts.Node, param: string | undefined): boolean {
  if (!param) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'transaction' && ts.isIdentifier(node.initializer) && node.initializer.text === param) found = true;
    if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'transaction' && param === 'transaction') found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

function heldBy(call: ts.CallExpression, context: RuleContext, cache: WrapperCache): Held | undefined {
  const callee = unwrap(call.expression);
  const wrapped = heldThroughWrapper(call, context, cache);
  if (wrapped) return wrapped;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;

  // TypeORM: `const qr = dataSource.createQueryRunner(); await qr.connect();` holds until `qr.release()`.
  if (method === 'connect' && ts.isIdentifier(unwrap(receiver))) {
    const runner = unwrap(receiver) as ts.Identifier;
    const binding = context.lookupBinding(runner.text, runner);
    const init = binding?.kind === 'var' && binding.destructure.length === 0 && binding.init ? unwrap(binding.init) : undefined;
    if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(unwrap(init.expression)) && (unwrap(init.expression) as ts.PropertyAccessExpression).name.text === 'createQueryRunner') {
      const dataSource = (unwrap(init.expression) as ts.PropertyAccessExpression).expression;
      const fn = context.enclosingFunction(call);
      const key = receiverKey(dataSource, context);
      if (!fn || !key) return undefined;
      const end = firstCallAfter(fn, call.getEnd(), (c) => isMethodCallOn(c, runner.text, new Set(['release'])));
      const known = poolDialect(context.resolve(dataSource));
      return {
        kind: 'transaction', dialect: 'typeorm', poolKey: key, creation: known?.creation, remoteFile: known?.remoteFile, holder: runner.text, regionFn: fn,
        start: call.getEnd(), end: end ?? fn.getEnd(), returnsAreAwaited: false, acquire: call, passesTransaction: false,
        remedyHolder: `${runner.text}.manager`,
      };
    }
  }

  const isCheckout = method === 'connect' || method === 'getConnection';
  const isTransaction = method === 'transaction' || method === '$transaction';
  if (!isCheckout && !isTransaction) return undefined;
  const value = context.resolve(receiver);
  const known = poolDialect(value);
  // `$transaction` is Prisma's alone: an extended client (`$extends`) or a global singleton still counts.
  if (!known && isOtherLibrary(value) && method !== '$transaction') return undefined;
  // `dataSource.manager.transaction(…)` is the DataSource's transaction.
  let poolExpr = receiver;
  let dialect: Dialect | undefined = known?.dialect;
  let creation = known?.creation;
  let remoteFile = known?.remoteFile;
  if (!known && isTransaction && ts.isPropertyAccessExpression(unwrap(receiver)) && (unwrap(receiver) as ts.PropertyAccessExpression).name.text === 'manager') {
    const owner = (unwrap(receiver) as ts.PropertyAccessExpression).expression;
    const ownerPool = poolDialect(context.resolve(owner));
    if (ownerPool?.dialect === 'typeorm' || !isOtherLibrary(context.resolve(owner))) {
      poolExpr = owner;
      dialect = 'typeorm';
      creation = ownerPool?.creation;
      remoteFile = ownerPool?.remoteFile;
    }
  }
  const key = receiverKey(poolExpr, context);
  if (!key) return undefined;

  if (isCheckout) {
    if (known && !((known.dialect === 'pg' && method === 'connect') || ((known.dialect === 'mysql' || known.dialect === 'mariadb') && method === 'getConnection'))) return undefined;
    const callback = functionArgument(call);
    if (callback) {
      // pool.connect((err, client, release) => …) / pool.getConnection((err, connection) => …)
      const holder = firstParamName(callback, 1);
      if (!holder) return undefined;
      const done = firstParamName(callback, 2);
      const end = firstCallAfter(callback.body, callback.body.getStart(), (c) => isMethodCallOn(c, holder, RELEASE_METHODS) || (done !== undefined && isPlainCall(c, done)));
      if (!known && end === undefined) return undefined;
      return {
        kind: 'checkout', dialect: dialect ?? 'unknown', poolKey: key, creation, remoteFile, holder, regionFn: callback,
        start: callback.body.getStart(), end: end ?? callback.getEnd(), returnsAreAwaited: false, acquire: call, passesTransaction: false,
      };
    }
    const holder = assignedName(call);
    const fn = context.enclosingFunction(call);
    if (!holder || !fn) return undefined;
    const end = firstCallAfter(fn, call.getEnd(), (c) => isMethodCallOn(c, holder, RELEASE_METHODS));
    // An unknown receiver counts as a pool only when what it handed out is released back to it.
    if (!known && end === undefined) return undefined;
    return {
      kind: 'checkout', dialect: dialect ?? 'unknown', poolKey: key, creation, remoteFile, holder, regionFn: fn,
      start: call.getEnd(), end: end ?? fn.getEnd(), returnsAreAwaited: false, acquire: call, passesTransaction: false,
    };
  }

  // Transactions.
  if (known && !['knex', 'sequelize', 'prisma', 'typeorm', 'drizzle'].includes(known.dialect)) return undefined;
  if (method === '$transaction') dialect = 'prisma';
  else if (dialect === 'prisma') return undefined;
  if (!dialect && isTypeOrmMember(poolExpr)) dialect = 'typeorm';
  if (!dialect && /sequelize$/i.test(ts.isPropertyAccessExpression(unwrap(poolExpr)) ? (unwrap(poolExpr) as ts.PropertyAccessExpression).name.text : unwrap(poolExpr).getText())) dialect = 'sequelize';
  if (dialect === 'sequelize' && sequelizeFollowsContext(value, context)) return undefined;
  const callback = functionArgument(call);
  if (callback) {
    const holder = firstParamName(callback) ?? 'the transaction';
    return {
      kind: 'transaction', dialect: dialect ?? 'unknown', poolKey: key, creation, remoteFile, holder, regionFn: callback,
      start: callback.body.getStart(), end: callback.getEnd(), returnsAreAwaited: true, acquire: call,
      passesTransaction: passesTransactionParam(callback.body, firstParamName(callback)),
    };
  }
  if (dialect !== 'knex' && dialect !== 'sequelize' && dialect !== undefined) return undefined;
  // Unmanaged: `const trx = await knex.transaction(); … await trx.commit()`.
  const holder = assignedName(call);
  const fn = context.enclosingFunction(call);
  if (!holder || !fn) return undefined;
  const end = firstCallAfter(fn, call.getEnd(), (c) => isMethodCallOn(c, holder, TRANSACTION_END_METHODS));
  if (end === undefined) return undefined;
  return {
    kind: 'transaction', dialect: dialect ?? 'unknown', poolKey: key, creation, remoteFile, holder, regionFn: fn,
    start: call.getEnd(), end, returnsAreAwaited: false, acquire: call,
    passesTransaction: passesTransactionParam(fn, holder),
  };
}

/** Sequelize v7, or v6 with CLS enabled in this file: queries join the open transaction by themselves. */
function sequelizeFollowsContext(value: Value, context: RuleContext): boolean {
  const instance = value.kind === 'instance' || value.kind === 'remote-instance';
  if (instance && value.module === '@sequelize/core') return true;
  if (instance && value.module === 'sequelize') {
    const answer = versionedDefault('sequelizeTransactionsFollowContext', context.packageVersion('sequelize'));
    if (!answer.assumed && answer.value === true) return true;
  }
  return /\buseCLS\s*\(/.test(context.text);
}

// ---- sizes and outcomes for the message -----------------------------------------------------------

interface PoolFacts {
  count: string;
  size: string;
  outcome: string;
}

function lastObjectArgument(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): OptionsShape {
  const args = creation.arguments ?? [];
  for (let i = args.length - 1; i >= 0; i--) {
    const shape = optionsShape(args[i], context);
    if (shape.kind === 'object') return shape;
  }
  return args.length > 0 ? optionsShape(args[args.length - 1], context) : { kind: 'none' };
}

function nestedNumber(shape: OptionsShape, path: string[], context: RuleContext): number | undefined {
  let current: OptionsShape = shape;
  for (let i = 0; i < path.length; i++) {
    if (current.kind !== 'object') return undefined;
    const value = propertyValue(current.node, path[i]!);
    if (i === path.length - 1) return numericValue(value);
    current = optionsShape(value, context);
  }
  return undefined;
}

function poolFacts(held: Held, context: RuleContext): PoolFacts {
  const shape: OptionsShape = held.creation ? (held.dialect === 'sequelize' ? lastObjectArgument(held.creation, context) : optionsShape(held.creation.arguments?.[0], context)) : { kind: 'none' };
  const readable = held.creation !== undefined && (shape.kind === 'none' || (shape.kind === 'object' && !shape.hasSpread));
  const sized = (value: number | undefined, fallback: number, option: string, library: string): { count: string; size: string } => {
    // A pool imported from the file that made it: its size is set there, if at all.
    if (held.remoteFile) return { count: 'as many', size: `as the pool made in \`${relativeFileName(held.remoteFile, context.sourceFile)}\` has connections; ${option} is ${formatNumber(fallback)} by default in ${library}` };
    if (value) return { count: formatNumber(value), size: `${option} ${formatNumber(value)}` };
    return { count: formatNumber(fallback), size: `${option} ${formatNumber(fallback)}, ${library}'s default${readable ? '' : ' unless configured elsewhere'}` };
  };
  switch (held.dialect) {
    case 'pg': {
      const timeout = nestedNumber(shape, ['connectionTimeoutMillis'], context);
      const outcome = timeout
        ? `each gives up after connectionTimeoutMillis (${formatNumber(timeout)} ms), so under load these requests fail instead of completing`
        : readable && !(shape.kind === 'object' && mayHaveOption(shape, ['connectionTimeoutMillis'], context))
          ? `connectionTimeoutMillis is ${LIBRARY_DEFAULTS.pgConnectionTimeoutMillis.value} by default, so they wait forever and the service hangs`
          : 'without connectionTimeoutMillis they wait forever and the service hangs';
      return { ...sized(nestedNumber(shape, ['max'], context), LIBRARY_DEFAULTS.pgPoolMax.value, 'max', 'pg'), outcome };
    }
    case 'mysql':
      return {
        ...sized(nestedNumber(shape, ['connectionLimit'], context), LIBRARY_DEFAULTS.mysql2ConnectionLimit.value, 'connectionLimit', 'mysql'),
        outcome: 'mysql pools have no acquire timeout (waitForConnections true, queueLimit 0 by default), so they wait forever and the service hangs',
      };
    case 'mariadb': {
      const timeout = nestedNumber(shape, ['acquireTimeout'], context) ?? LIBRARY_DEFAULTS.mariadbAcquireTimeoutMs.value;
      return {
        ...sized(nestedNumber(shape, ['connectionLimit'], context), LIBRARY_DEFAULTS.mariadbConnectionLimit.value, 'connectionLimit', 'mariadb'),
        outcome: `each fails after acquireTimeout (${formatNumber(timeout)} ms), so under load these requests fail instead of completing`,
      };
    }
    case 'knex': {
      const timeout = nestedNumber(shape, ['acquireConnectionTimeout'], context) ?? LIBRARY_DEFAULTS.knexAcquireConnectionTimeoutMs.value;
      return {
        ...sized(nestedNumber(shape, ['pool', 'max'], context), LIBRARY_DEFAULTS.knexPoolMax.value, 'pool.max', 'knex'),
        outcome: `each waits acquireConnectionTimeout (${formatNumber(timeout)} ms) and then fails with a KnexTimeoutError, while every other request queues behind them`,
      };
    }
    case 'sequelize': {
      const timeout = nestedNumber(shape, ['pool', 'acquire'], context) ?? LIBRARY_DEFAULTS.sequelizePoolAcquireMs.value;
      return {
        ...sized(nestedNumber(shape, ['pool', 'max'], context), LIBRARY_DEFAULTS.sequelizePoolMax.value, 'pool.max', 'Sequelize'),
        outcome: `each waits pool.acquire (${formatNumber(timeout)} ms) and then fails with a ConnectionAcquireTimeoutError, while every other request queues behind them`,
      };
    }
    case 'prisma':
      return {
        count: 'as many',
        size: `as Prisma's connection_limit, ${LIBRARY_DEFAULTS.prismaConnectionLimit.describe} by default`,
        outcome: `every such transaction fails when its timeout (${LIBRARY_DEFAULTS.prismaInteractiveTransactionTimeoutMs.describe} by default) expires, so under load these requests fail instead of completing`,
      };
    case 'typeorm': {
      const poolSize = nestedNumber(shape, ['poolSize'], context);
      return {
        count: poolSize ? formatNumber(poolSize) : formatNumber(LIBRARY_DEFAULTS.pgPoolMax.value),
        size: poolSize ? `poolSize ${formatNumber(poolSize)}` : `the driver's default pool size: ${formatNumber(LIBRARY_DEFAULTS.pgPoolMax.value)} for pg and mysql`,
        outcome: 'with the pg and mysql drivers\' default settings there is no acquire timeout, so they wait forever and the service hangs',
      };
    }
    default:
      return {
        count: 'as many',
        size: `as the pool has connections, ${formatNumber(LIBRARY_DEFAULTS.pgPoolMax.value)} by default for pg, mysql2 and knex`,
        outcome: 'without an acquire timeout they wait forever and the service hangs',
      };
  }
}

const REMEDIES: Record<Dialect, string> = {
  pg: '',
  mysql: '',
  mariadb: '',
  knex: 'Run it on the transaction: `{{holder}}(…)` or `.transacting({{holder}})`.',
  sequelize: 'Pass the transaction: `{ transaction: {{holder}} }`.',
  prisma: 'Run it on the transaction client: `{{holder}}.…` instead.',
  typeorm: 'Run it through the transaction\'s entity manager: `{{holder}}.getRepository(…)`, `{{holder}}.save(…)`.',
  drizzle: 'Run it on the transaction: `{{holder}}.…` instead.',
  unknown: 'Run it on the transaction `{{holder}}` instead.',
};

// ---- TypeORM repositories injected into a Nest service ----------------------------------------

/** The constructor parameter or property `this.<name>` is declared with, in the enclosing class. */
function thisMemberDeclarations(expr: ts.Expression): (ts.ParameterDeclaration | ts.PropertyDeclaration)[] {
  const target = unwrap(expr);
  if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== SyntaxKind.ThisKeyword) return [];
  const cls = enclosingClass(target);
  if (!cls) return [];
  const name = target.name.text;
  const result: (ts.ParameterDeclaration | ts.PropertyDeclaration)[] = [];
  for (const member of cls.members) {
    const candidates: (ts.ParameterDeclaration | ts.PropertyDeclaration)[] = ts.isConstructorDeclaration(member) ? [...member.parameters] : ts.isPropertyDeclaration(member) ? [member] : [];
    for (const declaration of candidates) if (ts.isIdentifier(declaration.name) && declaration.name.text === name) result.push(declaration);
  }
  return result;
}

function typeName(declaration: ts.ParameterDeclaration | ts.PropertyDeclaration): string | undefined {
  const type = declaration.type;
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? type.typeName.text : undefined;
}

function hasDecorator(declaration: ts.ParameterDeclaration | ts.PropertyDeclaration, name: string): boolean {
  return (ts.getDecorators(declaration) ?? []).some((d) => {
    const expression = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(expression) && expression.text === name;
  });
}

/** `this.dataSource` / `this.entityManager` declared as a TypeORM DataSource or EntityManager. */
function isTypeOrmMember(expr: ts.Expression): boolean {
  return thisMemberDeclarations(expr).some((d) => {
    const type = typeName(d);
    return type === 'DataSource' || type === 'EntityManager' || hasDecorator(d, 'InjectDataSource') || hasDecorator(d, 'InjectEntityManager');
  });
}

/** `this.usersRepository` where the class receives it with @InjectRepository(…) or as a `Repository<…>`. */
function isInjectedRepository(expr: ts.Expression): boolean {
  return thisMemberDeclarations(expr).some((d) => hasDecorator(d, 'InjectRepository') || typeName(d) === 'Repository');
}

// ---- Sequelize models called without the transaction ----------------------------------------

/** `User.create(values)` / `db.User.findAll({ where })` with no `transaction` where it would go. */
function isSequelizeModelCallWithoutTransaction(call: ts.CallExpression, context: RuleContext): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const index = SEQUELIZE_MODEL_METHODS[callee.name.text];
  if (index === undefined) return false;
  const model = unwrap(callee.expression);
  const modelName = ts.isIdentifier(model) ? model.text : ts.isPropertyAccessExpression(model) ? model.name.text : undefined;
  if (!modelName || !/^[A-Z]/.test(modelName)) return false;
  const value = context.resolve(model);
  // A mongoose model or any other library's object with the same method names is not Sequelize's.
  if ((value.kind === 'instance' || value.kind === 'remote-instance' || value.kind === 'library') && value.module !== 'sequelize' && value.module !== '@sequelize/core') return false;
  if (call.arguments.length > index + 1) return false;
  return !passesTransactionOption(call.arguments[index]);
}

// ---- the rule -------------------------------------------------------------------------------------

function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

function calleeText(node: ts.CallExpression | ts.TaggedTemplateExpression, sourceFile: ts.SourceFile): string {
  const target = ts.isCallExpression(node) ? node.expression : node.tag;
  const text = sourceFile.text.slice(target.getStart(sourceFile), target.getEnd()).replace(/\s+/g, '');
  return ts.isCallExpression(node) ? `${text}()` : `${text}\`…\``;
}

function checkRegion(held: Held, context: RuleContext, reported: Set<ts.Node>, cache: WrapperCache): void {
  const sourceFile = context.sourceFile;
  let facts: PoolFacts | undefined;
  const report = (target: ts.Node, call: string): void => {
    if (reported.has(target)) return;
    reported.add(target);
    facts ??= poolFacts(held, context);
    context.report({
      node: target,
      messageId: held.kind === 'checkout' ? 'heldConnection' : 'outsideTransaction',
      data: {
        call,
        holder: held.holder,
        line: lineOf(held.acquire, sourceFile),
        count: facts.count,
        size: facts.size,
        outcome: facts.outcome,
        remedy: REMEDIES[held.dialect].replace(/\{\{holder\}\}/g, held.remedyHolder ?? held.holder),
      },
    });
  };

  const usesSamePool = (node: ts.CallExpression | ts.TaggedTemplateExpression): boolean => {
    const target = ts.isCallExpression(node) ? node.expression : node.tag;
    for (const { root, path } of chainRoots(target)) {
      if (path.length > 3) break;
      if (receiverKey(root, context) !== held.poolKey) continue;
      if (!usesPool(held, path, node)) return false;
      if ((held.dialect === 'knex' || held.dialect === 'unknown') && ts.isCallExpression(node) && chainIsBoundToTransaction(node)) return false;
      return true;
    }
    return false;
  };

  const isOutsideTransaction = (node: ts.CallExpression): boolean => {
    if (held.kind !== 'transaction') return false;
    if ((held.dialect === 'typeorm' || held.dialect === 'unknown') && ts.isPropertyAccessExpression(unwrap(node.expression))) {
      const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
      if (TYPEORM_METHODS.has(callee.name.text) && isInjectedRepository(callee.expression)) return true;
    }
    if ((held.dialect === 'sequelize' || held.dialect === 'unknown') && held.passesTransaction && isSequelizeModelCallWithoutTransaction(node, context)) return true;
    return false;
  };

  const visit = (node: ts.Node): void => {
    if (node.getEnd() <= held.start || node.getStart(sourceFile) >= held.end) return;
    if (node !== held.regionFn && ts.isFunctionLike(node) && isDeferredCallback(node)) return;
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const at = node.getStart(sourceFile);
      if (at >= held.start && at < held.end && node !== held.acquire && isWaitedFor(node, held)) {
        if (usesSamePool(node) || (ts.isCallExpression(node) && isOutsideTransaction(node))) report(ts.isCallExpression(node) ? node.expression : node.tag, calleeText(node, sourceFile));
        else if (ts.isCallExpression(node)) checkHelper(node);
      }
    }
    ts.forEachChild(node, visit);
  };

  /**
   * Across functions: a wrapper (here or in another file, wrappers of wrappers followed) that waits
   * for a connection of the same pool, or a local helper whose body queries it (one level).
   */
  const checkHelper = (call: ts.CallExpression): void => {
    if (!held.poolKey.startsWith('instance@') && !held.poolKey.startsWith('remote@') && !held.poolKey.startsWith('project@')) return;
    const wrapper = wrapperEffects(call, context, cache).find((e) => e.kind === 'acquires' && e.poolKey === held.poolKey);
    if (wrapper) {
      report(call.expression, `${calleeText(call, sourceFile)} (which calls ${wrapper.describe})`);
      return;
    }
    const value = context.resolve(call.expression);
    if (value.kind !== 'function') return;
    const body = (value.node as ts.FunctionLikeDeclaration).body;
    if (!body || value.node === held.regionFn) return;
    const inner = (node: ts.Node): ts.CallExpression | undefined => {
      if (ts.isCallExpression(node) && usesSamePool(node)) return node;
      return ts.forEachChild(node, inner);
    };
    const found = inner(body);
    if (found) report(call.expression, `${calleeText(call, sourceFile)} (which calls ${calleeText(found, sourceFile)})`);
  };

  const body = (held.regionFn as ts.FunctionLikeDeclaration).body;
  if (body) visit(body);
}

export const rule: RuleModule = {
  meta: {
    id: 'no-nested-pool-acquire',
    category: 'pooling',
    defaultSeverity: 'error',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      heldConnection:
        'This request holds a connection checked out as `{{holder}}` (line {{line}}) and asks the same pool for another with `{{call}}` before releasing it. Once {{count}} concurrent requests ({{size}}) each hold one connection and wait for a second, none can get one: {{outcome}}. Run the query on `{{holder}}`, or release it first.',
      outsideTransaction:
        '`{{call}}` runs outside the open transaction `{{holder}}` (line {{line}}): it asks the same pool for a second connection while the transaction holds one. Once {{count}} concurrent requests ({{size}}) each hold a transaction and wait for a second connection, none can get one: {{outcome}}. {{remedy}}',
    },
    docs: {
      description:
        'Reports code that holds a pooled connection (a checked-out pg/mysql client, a knex, Sequelize, Prisma, TypeORM or Drizzle transaction) and asks the same pool for another before releasing it.',
      rationale: [
        'A pool hands out a fixed number of connections (pg, mysql2 and knex: 10 by default; Sequelize: 5). A request that already holds one and then waits for a second needs two at once.',
        'Under light load that works. Under load it deadlocks: with max 10, 10 concurrent requests each take one connection, then all 10 wait for a second that only they could release. pg and mysql2 have no acquire timeout by default, so they wait forever and every later request queues behind them; knex and Sequelize give up after 60 s, Prisma after the transaction timeout (5 s), so the service answers with errors instead.',
        'The usual causes: `pool.query()` instead of `client.query()` after `pool.connect()`, a model call inside `sequelize.transaction()` without `{ transaction: t }`, `knex(...)` instead of `trx(...)`, `prisma.x` instead of `tx.x` inside `$transaction`, or an injected TypeORM repository used inside `dataSource.transaction()`.',
        'The pool is "the same" when both calls go through the same pool object: the same `new Pool()`, the same imported `db`, the same `this.prisma`. A local helper called while holding the connection is followed one level deep.',
        'Wrappers are seen through, in the same file or another one: the node-postgres docs\' `db/index.js` helpers (`query: (text, params) => pool.query(text, params)`, `getClient: () => pool.connect()`, an `async function query()` that logs and returns `await pool.query()`), a `withTransaction(fn)` helper that calls `fn` while it holds a client, their mysql twins (`getConnection`, `execute`), and functions built on them (a repository function that returns `db.query(…)`). So `const client = await db.getClient()` followed by `await db.query(…)` before `client.release()` is reported, and so is `db.query(…)` inside `db.withTransaction(async (client) => …)`. Helpers that take the client as a parameter run on it and are not.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool();',
        '',
        "app.post('/orders', async (req, res) => {",
        '  const client = await pool.connect();',
        '  try {',
        "    await client.query('BEGIN');",
        "    await client.query('INSERT INTO orders (user_id) VALUES ($1)', [req.user.id]);",
        "    const { rows } = await pool.query('SELECT balance FROM accounts WHERE user_id = $1', [req.user.id]);",
        "    await client.query('COMMIT');",
        '    res.json(rows[0]);',
        '  } finally {',
        '    client.release();',
        '  }',
        '});',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool();',
        '',
        "app.post('/orders', async (req, res) => {",
        '  const client = await pool.connect();',
        '  try {',
        "    await client.query('BEGIN');",
        "    await client.query('INSERT INTO orders (user_id) VALUES ($1)', [req.user.id]);",
        "    const { rows } = await client.query('SELECT balance FROM accounts WHERE user_id = $1', [req.user.id]);",
        "    await client.query('COMMIT');",
        '    res.json(rows[0]);',
        '  } finally {',
        '    client.release();',
        '  }',
        '});',
      ].join('\n'),
      whenNotToUse:
        'A second query that deliberately runs outside the transaction (an audit row that must survive a rollback) is safe only if the pool has room for both connections of every concurrent request: size the pool for it, set an acquire timeout, and disable the rule on that line. Queries started without waiting for them (fire-and-forget) and subqueries passed into the transaction\'s own query are not reported. Sequelize v7, and v6 with `Sequelize.useCLS()` in the same file, pass the transaction automatically and are not reported.',
    },
  },
  create(context) {
    const reported = new Set<ts.Node>();
    const wrappers: WrapperCache = new Map();
    return {
      CallExpression: (node) => {
        const held = heldBy(node, context, wrappers);
        if (held) checkRegion(held, context, reported, wrappers);
      },
    };
  },
};
