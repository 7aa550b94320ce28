// require-cache-bound: in-process caches built without a size or lifetime bound, per each
// library's own defaults and installed version (lru-cache, node-cache, memory-cache, keyv).
import { ts } from '@ts-morph/common';
import { isInstance, isLibrary, type Value } from '../engine/values';
import { LIBRARY_DEFAULTS, REFERENCE_USERS, describeVersion, versionedDefault } from '../engine/library-defaults';
import { addPropertyEdit, formatNumber, mayHaveOption, numericValue, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

/** What the fixes suggest: a few hundred hot entries, or ten minutes of life. */
const SUGGESTED_MAX_ENTRIES = 500;
const SUGGESTED_TTL_SECONDS = 600;
const SUGGESTED_TTL_MS = SUGGESTED_TTL_SECONDS * 1000;

const LRU_EXPORTS: string[][] = [[], ['LRUCache'], ['LRU']];
const KEYV_EXPORTS: string[][] = [[], ['Keyv']];

function isOneOf(value: Value, module: string, paths: string[][]): boolean {
  return paths.some((p) => isLibrary(value, module, ...p));
}

/** Adds `property` to the options argument (or creates it); undefined when the options are not a literal we can edit. */
function optionFix(creation: ts.NewExpression | ts.CallExpression, shape: OptionsShape, property: string, title: string, context: RuleContext): ReportFix | undefined {
  const sourceFile = context.sourceFile;
  if (shape.kind === 'object') return { title, edits: [addPropertyEdit(shape.node, property, sourceFile)] };
  if (shape.kind !== 'none') return undefined;
  const args = creation.arguments;
  if (!args) return { title, edits: [{ start: creation.getEnd(), end: creation.getEnd(), newText: `({ ${property} })` }] };
  if (args.length > 0) return undefined;
  return { title, edits: [{ start: args.pos, end: args.pos, newText: `{ ${property} }` }] };
}

function truthyLiteral(expr: ts.Expression | undefined): boolean | undefined {
  if (!expr) return undefined;
  if (expr.kind === SyntaxKind.TrueKeyword) return true;
  if (expr.kind === SyntaxKind.FalseKeyword) return false;
  const n = numericValue(expr);
  return n === undefined ? undefined : n !== 0;
}

function checkLruCache(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): void {
  const version = context.packageVersion('lru-cache');
  const requiresBound = versionedDefault('lruCacheRequiresBound', version);
  const args = creation.arguments ?? ts.factory.createNodeArray();
  const first = args[0];
  const maxText = `max: ${SUGGESTED_MAX_ENTRIES}`;
  const title = `Keep at most ${SUGGESTED_MAX_ENTRIES} entries (${maxText})`;
  if (requiresBound.value === false && !requiresBound.assumed) {
    // lru-cache < 7: `new LRU(100)` is `{ max: 100 }`; max 0 or omitted means Infinity.
    if (first && ts.isNumericLiteral(first)) {
      if (Number(first.text) > 0) return;
      context.report({
        node: first,
        messageId: 'lruNoMax',
        data: { version: describeVersion(requiresBound), users: formatNumber(REFERENCE_USERS), max: SUGGESTED_MAX_ENTRIES },
        fixes: [{ title, edits: [{ start: first.getStart(context.sourceFile), end: first.getEnd(), newText: String(SUGGESTED_MAX_ENTRIES) }] }],
      });
      return;
    }
    const shape = optionsShape(first, context);
    if (shape.kind === 'opaque') return;
    const max = shape.kind === 'object' ? propertyValue(shape.node, 'max') : undefined;
    const explicitZero = max !== undefined && numericValue(max) === 0;
    if (!explicitZero && shape.kind === 'object' && mayHaveOption(shape, ['max'], context)) return;
    // `cache.max = 500` after construction also bounds it.
    if (context.assignmentsTo(context.resolve(creation), 'max').some((v) => numericValue(v) !== 0)) return;
    const fix = explicitZero
      ? { title, edits: [{ start: max!.getStart(context.sourceFile), end: max!.getEnd(), newText: String(SUGGESTED_MAX_ENTRIES) }] }
      : optionFix(creation, shape, maxText, title, context);
    context.report({
      node: explicitZero ? max! : creation.expression,
      messageId: 'lruNoMax',
      data: { version: describeVersion(requiresBound), users: formatNumber(REFERENCE_USERS), max: SUGGESTED_MAX_ENTRIES },
      fixes: fix ? [fix] : [],
    });
    return;
  }
  // lru-cache ≥ 7 (or a version we cannot find: assume the newest) throws without max, maxSize
  // or ttl. A ttl alone is accepted but unbounded: expired entries stay until read.
  const shape = optionsShape(first, context);
  if (shape.kind !== 'object' || shape.hasSpread) return;
  const ttl = propertyValue(shape.node, 'ttl');
  if (!ttl || truthyLiteral(ttl) === false) return;
  if (mayHaveOption(shape, ['max', 'maxSize'], context)) return;
  const autopurge = propertyValue(shape.node, 'ttlAutopurge');
  if (autopurge && truthyLiteral(autopurge) !== false) return;
  context.report({
    node: creation.expression,
    messageId: 'lruTtlOnly',
    data: { version: describeVersion(requiresBound), max: SUGGESTED_MAX_ENTRIES },
    fixes: [{ title, edits: [addPropertyEdit(shape.node, maxText, context.sourceFile)] }],
  });
}

/**
 * Every `cache.set(key, value, ttl)` on this instance in the file passes its own ttl, or every
 * key is a literal (a fixed set of entries).
 */
function everySetIsBounded(creation: ts.NewExpression, context: RuleContext): boolean {
  const target = context.resolve(creation);
  let sets = 0;
  let withTtl = 0;
  let literalKeys = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'set' || node.expression.name.text === 'mset')) {
      const owner = context.resolve(node.expression.expression);
      if (owner.kind === 'instance' && target.kind === 'instance' && owner.creation === target.creation && owner.path.length === 0) {
        sets++;
        if (node.expression.name.text === 'set' && node.arguments.length >= 3) withTtl++;
        const key = node.arguments[0];
        if (node.expression.name.text === 'set' && key && (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key))) literalKeys++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return sets > 0 && (sets === withTtl || sets === literalKeys);
}

function checkNodeCache(creation: ts.NewExpression, context: RuleContext): void {
  const shape = optionsShape(creation.arguments?.[0], context);
  if (shape.kind === 'opaque' || (shape.kind === 'object' && shape.hasSpread)) return;
  const option = (name: string): ts.Expression | undefined => (shape.kind === 'object' ? propertyValue(shape.node, name) : undefined);
  const maxKeys = option('maxKeys');
  if (maxKeys && !(numericValue(maxKeys) !== undefined && numericValue(maxKeys)! <= 0)) return;
  const stdTTL = option('stdTTL');
  const hasTtl = stdTTL !== undefined && truthyLiteral(stdTTL) !== false;
  const checkperiod = option('checkperiod');
  const deleteOnExpire = option('deleteOnExpire');
  const data = {
    users: formatNumber(REFERENCE_USERS),
    maxKeys: LIBRARY_DEFAULTS.nodeCacheMaxKeys.describe,
    stdTTL: LIBRARY_DEFAULTS.nodeCacheStdTTL.describe,
    checkperiod: LIBRARY_DEFAULTS.nodeCacheCheckPeriod.describe,
    ttl: SUGGESTED_TTL_SECONDS,
  };
  if (hasTtl || everySetIsBounded(creation, context)) {
    // Entries expire, but nothing deletes them unless a sweep runs (checkperiod) or they are read.
    const noSweep = checkperiod !== undefined && numericValue(checkperiod) === 0;
    const kept = deleteOnExpire !== undefined && deleteOnExpire.kind === SyntaxKind.FalseKeyword;
    if (!noSweep && !kept) return;
    context.report({ node: noSweep ? checkperiod! : deleteOnExpire!, messageId: 'nodeCacheNoSweep', data });
    return;
  }
  const ttlText = `stdTTL: ${SUGGESTED_TTL_SECONDS}`;
  const fix = optionFix(creation, shape, ttlText, `Expire entries after ${SUGGESTED_TTL_SECONDS} s (${ttlText})`, context);
  context.report({ node: creation.expression, messageId: 'nodeCacheUnbounded', data, fixes: fix ? [fix] : [] });
}

/** `cache.put(key, value)` without a time, on memory-cache's shared cache or a `new Cache()`. */
function checkMemoryCachePut(call: ts.CallExpression, context: RuleContext): void {
  const callee = context.resolve(call.expression);
  if (!isLibrary(callee, 'memory-cache', 'put') && !isInstance(callee, 'memory-cache', ['Cache'], ['put'])) return;
  const [key, value, time] = call.arguments;
  if (!key || !value || call.arguments.some((a) => ts.isSpreadElement(a))) return;
  if (time && !(time.kind === SyntaxKind.Identifier && (time as ts.Identifier).text === 'undefined')) return;
  // A literal key is one entry, whatever it holds.
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return;
  const insertAt = value.getEnd();
  context.report({
    node: call.expression,
    messageId: 'memoryCacheForever',
    data: { users: formatNumber(REFERENCE_USERS) },
    fixes: time ? [] : [{ title: `Expire the entry after ${SUGGESTED_TTL_SECONDS} s`, edits: [{ start: insertAt, end: insertAt, newText: `, ${formatNumber(SUGGESTED_TTL_MS).replace(/,/g, '_')}` }] }],
  });
}

function checkKeyv(creation: ts.NewExpression, context: RuleContext): void {
  const args = creation.arguments ?? ts.factory.createNodeArray();
  let reportAt: ts.Node = creation.expression;
  for (const arg of args.slice(0, 2)) {
    const shape = optionsShape(arg, context);
    // A connection string (`new Keyv('redis://…')`) or a store instance (`new Keyv(new KeyvRedis())`).
    if (shape.kind === 'opaque') {
      if (arg.kind === SyntaxKind.Identifier && (arg as ts.Identifier).text === 'undefined') continue;
      return;
    }
    if (shape.kind !== 'object' || shape.hasSpread) return;
    if (mayHaveOption(shape, ['uri', 'adapter', 'url'], context)) return;
    const store = propertyValue(shape.node, 'store');
    if (store) {
      // Only a bare `new Map()` is the in-memory default; any other store (Redis, an LRU) is the user's choice.
      if (!(ts.isNewExpression(store) && ts.isIdentifier(store.expression) && store.expression.text === 'Map' && !context.lookupBinding('Map', store))) return;
      reportAt = store;
    }
  }
  context.report({ node: reportAt, messageId: 'keyvInMemory', data: { users: formatNumber(REFERENCE_USERS), max: SUGGESTED_MAX_ENTRIES } });
}

export const rule: RuleModule = {
  meta: {
    id: 'require-cache-bound',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      lruNoMax:
        'This lru-cache has no `max` ({{version}}): before lru-cache 7 `max` defaults to Infinity (0 also means Infinity), so it never evicts anything and `maxAge` only hides stale entries until they are read. Keyed by users or requests it grows by one entry per distinct key ({{users}} users × entry size) for the life of the process. Set `max` (e.g. {{max}}).',
      lruTtlOnly:
        'This lru-cache is bounded only by `ttl` ({{version}}): without `max`, `maxSize` or `ttlAutopurge`, expired entries stay in memory until they are read again, so every distinct key written stays — lru-cache itself warns (UnboundedCacheWarning). Add `max` (e.g. {{max}}) or `ttlAutopurge: true`.',
      nodeCacheUnbounded:
        'This node-cache has neither `stdTTL` nor `maxKeys` (defaults: stdTTL {{stdTTL}}, maxKeys {{maxKeys}}), so every key ever set stays for the life of the process: keyed by users or requests it grows by {{users}} users × entry size and never shrinks. Give entries a lifetime (`stdTTL`, e.g. {{ttl}} s; expired keys are swept every checkperiod, {{checkperiod}} by default) or cap it with `maxKeys` (set() then throws ECACHEFULL when full).',
      nodeCacheNoSweep:
        'Entries of this node-cache expire but are never deleted (`checkperiod: 0` disables the sweep, `deleteOnExpire: false` keeps expired keys): a key that is not read again stays in memory for the life of the process. Keep the periodic sweep (checkperiod defaults to {{checkperiod}}).',
      memoryCacheForever:
        'memory-cache keeps an entry put() without a time forever, and the cache has no size limit: keyed by users or requests it grows by one entry per distinct key ({{users}} users × entry size) until the process restarts. Pass a time in ms as the third argument, or use a bounded cache (lru-cache with max).',
      keyvInMemory:
        'Keyv without a store or connection URI keeps everything in an in-process Map: no size limit, expired entries are deleted only when read again, and each process has its own copy. Keyed by users or requests it grows by {{users}} users × entry size. Pass a shared store (`new Keyv(\'redis://…\')`) or a bounded one (`store: new LRUCache({ max: {{max}} })`).',
    },
    docs: {
      description:
        'Reports in-process caches created without a size or lifetime bound: lru-cache without `max` (before v7) or with only `ttl`, node-cache without `stdTTL`/`maxKeys`, memory-cache `put()` without a time, and Keyv on its default in-memory `Map`.',
      rationale: [
        'A cache is a Map with a policy. Without a bound the policy is "keep everything": an application that caches per user, per query or per URL grows by one entry per distinct key, and under real traffic (1,000 users, crawlers, random query strings) that is a memory leak with a fast hit rate. The process climbs to its heap limit (about 2–4 GB by default), spends more and more time in garbage collection, and is killed.',
        'The defaults are where this hides. lru-cache before v7 defaults `max` to Infinity (v7 and later refuse to start without `max`, `maxSize` or `ttl`, but still accept an unbounded `ttl`-only cache and only print an UnboundedCacheWarning). node-cache defaults to `stdTTL: 0` (never expire) and `maxKeys: -1` (no limit). memory-cache has no size limit at all and keeps entries without a time forever. Keyv without a store uses a plain `Map` and deletes expired entries only when they are read.',
        'For node-cache a positive `stdTTL` counts as a bound: the periodic check (every `checkperiod`, 600 s by default) deletes expired keys, so the cache holds at most the keys written in the last stdTTL + checkperiod seconds. It does not count with `checkperiod: 0` or `deleteOnExpire: false`, where expired keys stay until read again. A node-cache whose every `set()` in the file passes its own ttl, or uses a literal key, is not reported either. The fix suggests `stdTTL` rather than `maxKeys`, because a full node-cache throws ECACHEFULL on `set()` instead of evicting.',
        'The rule reads the installed lru-cache version (node_modules, lockfile, then package.json) to know which default applies, and suggests `max: 500`, `stdTTL: 600` or a put() time.',
        'quick-lru is never reported: its constructor requires `maxSize`.',
      ].join('\n\n'),
      bad: [
        "const NodeCache = require('node-cache');",
        '',
        'const productCache = new NodeCache();',
      ].join('\n'),
      good: [
        "const NodeCache = require('node-cache');",
        '',
        '// Entries expire after 10 minutes and are swept every checkperiod (600 s by default).',
        'const productCache = new NodeCache({ stdTTL: 600 });',
      ].join('\n'),
      whenNotToUse:
        'A cache whose keys come from a small fixed set (feature flags, a few configuration documents) cannot grow and may stay unbounded; disable the rule for that line. Tests and scripts are not reported.',
    },
  },
  create(context) {
    const checkCreation = (creation: ts.NewExpression | ts.CallExpression): void => {
      const callee = context.resolve(creation.expression);
      if (isOneOf(callee, 'lru-cache', LRU_EXPORTS)) {
        checkLruCache(creation, context);
        return;
      }
      if (!ts.isNewExpression(creation)) return;
      if (isLibrary(callee, 'node-cache') || isLibrary(callee, 'node-cache', 'NodeCache')) checkNodeCache(creation, context);
      else if (isOneOf(callee, 'keyv', KEYV_EXPORTS)) checkKeyv(creation, context);
    };
    return {
      NewExpression: checkCreation,
      CallExpression: (call) => {
        // lru-cache < 7 may be called without `new`.
        if (isOneOf(context.resolve(call.expression), 'lru-cache', LRU_EXPORTS)) checkLruCache(call, context);
        else checkMemoryCachePut(call, context);
      },
    };
  },
};
