// require-pool-acquire-timeout: a connection pool whose callers wait forever for a free
// connection once it is exhausted (pg, a Prisma pg driver adapter's pool, generic-pool, mysql2).
import { ts } from '@ts-morph/common';
import { isLibrary } from '../engine/values';
import { describeVersion, LIBRARY_DEFAULTS, REFERENCE_USERS, SUGGESTED_ACQUIRE_TIMEOUT_MS, versionedDefault, VERSIONED_DEFAULTS } from '../engine/library-defaults';
import { addPropertyEdit, formatNumber, mayHaveOption, nodeText, numericValue, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { RuleContext, RuleModule, ReportFix } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

/** mysql2 and mysqljs (`mysql`): `queueLimit` 0 = unbounded, and no timeout covers the queue
 * (mysqljs's `acquireTimeout` bounds getting a connection ready, not waiting in the queue). */
const MYSQL_POOLS = ['mysql2', 'mysql2/promise', 'mysql'];

function optionFix(creation: ts.NewExpression | ts.CallExpression, index: number, shape: OptionsShape, property: string, context: RuleContext): ReportFix | undefined {
  const title = `Add '${property}'`;
  const sourceFile = context.sourceFile;
  if (shape.kind === 'object') {
    // `connectionTimeoutMillis: 0` is present but means "forever": replace the value.
    const name = property.split(':')[0]!;
    const existing = propertyValue(shape.node, name);
    if (existing) return { title, edits: [{ start: existing.getStart(sourceFile), end: existing.getEnd(), newText: property.split(': ')[1]! }] };
    return { title, edits: [addPropertyEdit(shape.node, property, sourceFile)] };
  }
  const args = creation.arguments ?? ts.factory.createNodeArray();
  const arg = args[index];
  // `new Pool(process.env.DATABASE_URL)` style: wrap the string in an options object.
  if (shape.kind === 'opaque' && arg && index === 0 && creation.kind === SyntaxKind.NewExpression && isStringValued(arg, context)) {
    return { title, edits: [{ start: arg.getStart(sourceFile), end: arg.getEnd(), newText: `{ connectionString: ${nodeText(arg, sourceFile)}, ${property} }` }] };
  }
  if (shape.kind !== 'none' || args.length !== index) return undefined;
  if (index === 0) {
    if (!creation.arguments) return { title, edits: [{ start: creation.getEnd(), end: creation.getEnd(), newText: `({ ${property} })` }] };
    return { title, edits: [{ start: args.pos, end: args.pos, newText: `{ ${property} }` }] };
  }
  const last = args[index - 1]!;
  return { title, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }] };
}

/** The pool's size as the code writes it: the library default when absent, undefined when set from a value we cannot read (`max: config.db.max`). */
function poolMax(shape: OptionsShape, name: string, fallback: number): number | undefined {
  if (shape.kind !== 'object') return fallback;
  const node = propertyValue(shape.node, name);
  if (!node) return fallback;
  return numericValue(node) || undefined;
}

/** "max 10" and "990 requests", or words for a size the code reads from configuration. */
function sizeWords(max: number | undefined): { max: string; waiting: string } {
  if (max === undefined) return { max: 'its configured max', waiting: 'every request beyond that max' };
  return { max: `max ${formatNumber(max)}`, waiting: `${formatNumber(Math.max(REFERENCE_USERS - max, 0))} requests` };
}

/**
 * True when the expression is certainly a string (a literal, a template, `process.env.X`, or a
 * local constant holding one), never an options object.
 */
function isStringValued(expr: ts.Expression, context: RuleContext, depth = 0): boolean {
  if (depth > 8) return false;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return true;
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    // `process.env.DATABASE_URL ?? 'postgres://localhost/app'`: a string whichever side wins.
    if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) {
      return isStringValued(expr.left, context, depth + 1) && isStringValued(expr.right, context, depth + 1);
    }
    if (op === SyntaxKind.PlusToken) return isStringValued(expr.left, context, depth + 1) || isStringValued(expr.right, context, depth + 1);
    return false;
  }
  const value = context.resolve(expr);
  if (value.kind === 'library' && value.module === 'global' && value.path.length === 3 && value.path[0] === 'process' && value.path[1] === 'env') return true;
  if (ts.isIdentifier(expr) && value.kind === 'expression' && value.node !== expr) return isStringValued(value.node, context, depth + 1);
  // A string constant imported from a config module (`export const DATABASE_URL = \`postgres://…\``).
  return context.dataOf(expr)?.kind === 'string';
}

/**
 * Whether a pg Pool's options (`new Pool(opts)`, or the pool a Prisma pg adapter makes) leave it
 * waiting forever: no `connectionTimeoutMillis`, or an explicit 0. Undefined when one may be set.
 * pg's Pool takes an options object only: a bare connection string is copied key by key
 * (Object.assign) and ignored, so it certainly sets no acquire timeout. Anything else opaque (a
 * config object from elsewhere) may set one.
 */
function pgWaitsForever(shape: OptionsShape, context: RuleContext): { explicitZero: boolean } | undefined {
  if (shape.kind === 'opaque' && !isStringValued(shape.node, context)) return undefined;
  const explicitZero = shape.kind === 'object' && numericValue(propertyValue(shape.node, 'connectionTimeoutMillis')) === 0;
  if (!explicitZero && shape.kind === 'object' && mayHaveOption(shape, ['connectionTimeoutMillis'], context)) return undefined;
  return { explicitZero };
}

/** The finding and its fix (add `connectionTimeoutMillis`), on the explicit 0 or on the constructor. */
function reportPgWait(creation: ts.NewExpression, shape: OptionsShape, explicitZero: boolean, messageId: 'pg' | 'prismaPg', max: number | undefined, extra: Record<string, string>, context: RuleContext): void {
  const fix = optionFix(creation, 0, shape, `connectionTimeoutMillis: ${formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS).replace(/,/g, '_')}`, context);
  context.report({
    node: explicitZero && shape.kind === 'object' ? propertyValue(shape.node, 'connectionTimeoutMillis')! : creation.expression,
    messageId,
    data: {
      ...sizeWords(max),
      ...extra,
      users: formatNumber(REFERENCE_USERS),
      suggested: formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS),
    },
    fixes: fix ? [{ ...fix, title: `Give up after ${formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS)} ms waiting for a connection (connectionTimeoutMillis)` }] : [],
  });
}

function checkPg(creation: ts.NewExpression, context: RuleContext): void {
  const callee = context.resolve(creation.expression);
  if (!isLibrary(callee, 'pg', 'Pool') && !isLibrary(callee, 'pg', 'native', 'Pool') && !isLibrary(callee, 'pg-pool')) return;
  const shape = optionsShape(creation.arguments?.[0], context);
  const waits = pgWaitsForever(shape, context);
  if (!waits) return;
  reportPgWait(creation, shape, waits.explicitZero, 'pg', poolMax(shape, 'max', LIBRARY_DEFAULTS.pgPoolMax.value), {}, context);
}

/** What Prisma ≤ 6 did without an adapter (its URL's pool_timeout default), for the message. */
const PRISMA_6_POOL_TIMEOUT = VERSIONED_DEFAULTS.prismaPoolTimeoutMs!.find((f) => f.range === '<7')!.describe;

/**
 * `new PrismaPg({ connectionString })` (Prisma 7's driver adapter, also Prisma ≥ 5.4 with driverAdapters):
 * the adapter hands its options to a pg Pool, whose wait for a free connection has no deadline unless
 * `connectionTimeoutMillis` is set. An adapter wrapping a pool the code made (`new PrismaPg(pool)`)
 * is judged where that pool is made.
 */
function checkPrismaPg(creation: ts.NewExpression, context: RuleContext): void {
  if (!isLibrary(context.resolve(creation.expression), '@prisma/adapter-pg', 'PrismaPg')) return;
  const arg = creation.arguments?.[0];
  if (!arg) return;
  const shape = optionsShape(arg, context);
  const waits = pgWaitsForever(shape, context);
  if (!waits) return;
  const version = context.packageVersion('@prisma/adapter-pg');
  const timeoutDefault = versionedDefault('prismaPgAdapterAcquireTimeoutMs', version);
  if (!waits.explicitZero && timeoutDefault.value !== 0) return;
  const max = poolMax(shape, 'max', Number(versionedDefault('prismaPgAdapterMax', version).value));
  reportPgWait(creation, shape, waits.explicitZero, 'prismaPg', max, { version: describeVersion(timeoutDefault), prisma6Timeout: PRISMA_6_POOL_TIMEOUT }, context);
}

function checkCall(call: ts.CallExpression, context: RuleContext): void {
  const callee = context.resolve(call.expression);
  if (isLibrary(callee, 'generic-pool', 'createPool')) {
    const shape = optionsShape(call.arguments[1], context);
    if (shape.kind === 'opaque' || mayHaveOption(shape, ['acquireTimeoutMillis'], context)) return;
    const max = poolMax(shape, 'max', LIBRARY_DEFAULTS.genericPoolMax.value);
    const fix = optionFix(call, 1, shape, `acquireTimeoutMillis: ${formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS).replace(/,/g, '_')}`, context);
    context.report({
      node: call.expression,
      messageId: 'genericPool',
      data: { max: sizeWords(max).max, suggested: formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS) },
      fixes: fix ? [{ ...fix, title: `Give up after ${formatNumber(SUGGESTED_ACQUIRE_TIMEOUT_MS)} ms waiting for a resource (acquireTimeoutMillis)` }] : [],
    });
    return;
  }
  const mysqlModule = MYSQL_POOLS.find((m) => isLibrary(callee, m, 'createPool'));
  if (mysqlModule) {
    const shape = optionsShape(call.arguments[0], context);
    if (shape.kind !== 'object') return;
    // waitForConnections: false makes callers fail at once when the pool is busy; a value we
    // cannot read (a variable, hidden in a spread) may be false too.
    const wait = propertyValue(shape.node, 'waitForConnections');
    if (wait ? wait.kind !== SyntaxKind.TrueKeyword : mayHaveOption(shape, ['waitForConnections'], context)) return;
    // queueLimit: absent or 0 means unbounded (the default); any other value, or one we cannot
    // read, bounds the queue.
    const queueLimitNode = propertyValue(shape.node, 'queueLimit');
    const explicitZero = queueLimitNode !== undefined && numericValue(queueLimitNode) === 0;
    if (queueLimitNode ? !explicitZero : mayHaveOption(shape, ['queueLimit'], context)) return;
    const limit = poolMax(shape, 'connectionLimit', LIBRARY_DEFAULTS.mysql2ConnectionLimit.value) ?? LIBRARY_DEFAULTS.mysql2ConnectionLimit.value;
    const suggestedQueue = limit * 10;
    const fix = optionFix(call, 0, shape, `queueLimit: ${suggestedQueue}`, context);
    context.report({
      node: explicitZero && queueLimitNode ? queueLimitNode : call.expression,
      messageId: 'mysql2',
      data: { limit, queue: suggestedQueue, library: mysqlModule === 'mysql' ? 'mysql' : 'mysql2' },
      fixes: fix ? [{ ...fix, title: `Bound the wait queue (queueLimit: ${suggestedQueue})` }] : [],
    });
  }
}

export const rule: RuleModule = {
  meta: {
    id: 'require-pool-acquire-timeout',
    category: 'timeouts',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      pg:
        'This pg Pool waits forever for a free connection (connectionTimeoutMillis defaults to 0): with {{max}} and {{users}} concurrent users, {{waiting}} can queue with no deadline and never fail, so the service hangs instead of shedding load. Set connectionTimeoutMillis (e.g. {{suggested}}).',
      prismaPg:
        "This Prisma pg adapter's pool waits forever for a free connection: the adapter hands its options to a pg Pool, whose connectionTimeoutMillis defaults to 0 ({{version}}; Prisma ≤ 6 without an adapter gave up after {{prisma6Timeout}}). With {{max}} and {{users}} concurrent users, {{waiting}} can queue with no deadline and never fail, so the service hangs instead of shedding load. Set connectionTimeoutMillis in the adapter's options (e.g. {{suggested}}).",
      genericPool:
        'This generic-pool pool ({{max}}) has no acquireTimeoutMillis: once every resource is busy, callers wait forever in an unbounded queue. Set acquireTimeoutMillis (e.g. {{suggested}}).',
      mysql2:
        'This {{library}} pool (connectionLimit {{limit}}) queues waiting requests without limit and no timeout covers the wait: once its {{limit}} connections are busy, callers wait forever. Bound the queue with queueLimit (e.g. {{queue}}) so excess requests fail fast.',
    },
    docs: {
      description: 'Reports connection pools that let callers wait forever for a free connection: pg `Pool` and Prisma\'s pg driver adapter (`new PrismaPg({ connectionString })`) without `connectionTimeoutMillis`, generic-pool without `acquireTimeoutMillis`, mysql2 and mysql pools with an unbounded queue.',
      rationale: [
        "A pool holds a fixed number of connections (pg: 10 by default). When more requests need one than it holds, the rest wait in the pool's queue. pg's `connectionTimeoutMillis` defaults to 0, which means wait forever; generic-pool has no acquire timeout by default; mysql2 has no acquire timeout at all and an unlimited queue.",
        'At 1,000 concurrent users and a pool of 10, 990 requests can be queued at once. Without a deadline nothing ever fails: response times grow without bound, clients give up after their own timeout (so the work done is wasted), and the process looks alive while serving nobody.',
        'Prisma 7 runs every query through a driver adapter. `@prisma/adapter-pg` makes a pg Pool from its options, so the pool has pg\'s defaults (max 10, `connectionTimeoutMillis` 0): the 10 s `pool_timeout` of Prisma ≤ 6 is gone unless the adapter sets `connectionTimeoutMillis`. An adapter given a pool the code made (`new PrismaPg(pool)`) is judged where that pool is made; the mariadb adapter gives up after its `acquireTimeout` (10 s by default) and is not reported.',
        'With an acquire timeout, excess requests fail fast with an error you can turn into a 503 and a retry-after, and the requests that do get a connection still finish in time.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ max: 20 });',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ max: 20, connectionTimeoutMillis: 5_000 });',
      ].join('\n'),
      whenNotToUse:
        'Pools in scripts, migrations and tests are not reported. A batch worker that must finish every job however long it waits can disable the rule on that line.',
    },
  },
  create(context) {
    return {
      NewExpression: (node) => {
        checkPg(node, context);
        checkPrismaPg(node, context);
      },
      CallExpression: (node) => checkCall(node, context),
    };
  },
};
