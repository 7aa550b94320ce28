// no-sync-in-request-path: synchronous file, crypto, compression, process and bcrypt calls,
// better-sqlite3 queries over unbounded result sets, Atomics.wait, and JSON.parse of a request
// body buffered by hand with no size limit, reached from a request handler: each stops the event
// loop for every user at once.
import { ts } from '@ts-morph/common';
import { REFERENCE_USERS } from '../engine/library-defaults';
import type { Value } from '../engine/values';
import { formatNumber, nodeText } from './utils';
import { collectsUnboundedBody, constantNumber, runsOnce } from './request-data';
import type { RuleContext, RuleModule, ReportFix } from './types';

const SYNC_MODULES = new Set(['fs', 'crypto', 'zlib', 'child_process']);
const BCRYPT = new Set(['bcrypt', 'bcryptjs']);
const BCRYPT_SYNC = new Set(['hashSync', 'compareSync', 'genSaltSync']);
/** `fs` sync calls whose promise twin has another name, or none. */
const FS_ASYNC_NAME: Record<string, string | null> = { existsSync: null };
/**
 * crypto's costly synchronous calls. The others (`hkdfSync`, `generateKeySync('hmac')`,
 * `timingSafeEqual`) take microseconds; `randomFillSync` only counts on a large buffer.
 */
const CRYPTO_COSTLY = new Set(['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generatePrimeSync', 'checkPrimeSync']);
/** Key types whose generation is slow; ed25519, x25519 and EC keys take well under a millisecond. */
const SLOW_KEY_TYPES = new Set(['rsa', 'rsa-pss', 'dsa', 'dh']);
/** Below this, `randomFillSync` takes well under a millisecond. */
const RANDOM_FILL_LARGE_BYTES = 1024 * 1024;
const TYPED_ARRAYS = /^(Uint8|Int8|Uint8Clamped|Uint16|Int16|Uint32|Int32|Float32|Float64|BigInt64|BigUint64)Array$/;
/** better-sqlite3 statement methods that return every matching row. */
const SQLITE_ROW_METHODS = new Set(['all', 'iterate']);

/** Typical cost of one call, for the message. */
function costNote(module: string, name: string): string {
  if (BCRYPT.has(module)) return 'a bcrypt hash at cost 10 takes ~50–100 ms of CPU, so one process serves at most ~10–20 logins a second and every other request waits behind them';
  if (module === 'crypto' && /pbkdf2|scrypt/.test(name)) return 'key derivation takes tens to hundreds of ms of CPU, during which no other request is served';
  if (module === 'crypto' && name === 'generateKeyPairSync') return 'generating an RSA/DSA/DH key pair takes 50 ms to several seconds of CPU, during which no other request is served';
  if (module === 'crypto' && /Prime/.test(name)) return 'generating or testing a large prime takes tens of ms to seconds of CPU, during which no other request is served';
  if (module === 'crypto' && name === 'randomFillSync') return 'filling a buffer of a megabyte or more with random bytes takes milliseconds per call, during which no other request is served';
  if (module === 'child_process') return 'the whole process waits for the child to exit (tens of ms at best), serving no one';
  if (module === 'zlib') return 'compressing a 1 MB body takes ~10–30 ms, during which no other request is served';
  return 'a 5 ms disk read per request caps the process at ~200 requests/s however many users wait, and a slow disk stalls everyone';
}

function asyncReplacement(module: string, name: string, calleeText: string): string | undefined {
  if (module === 'fs') {
    if (name in FS_ASYNC_NAME) return FS_ASYNC_NAME[name] ?? undefined;
    const base = calleeText.slice(0, calleeText.length - name.length);
    return `${base}promises.${name.slice(0, -4)}`;
  }
  if (BCRYPT.has(module)) return calleeText.slice(0, -4);
  return undefined;
}

function awaitFix(call: ts.CallExpression, module: string, name: string, context: RuleContext): ReportFix | undefined {
  const fn = context.enclosingFunction(call);
  const isAsync = fn && (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  if (!isAsync || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const sourceFile = context.sourceFile;
  const replacement = asyncReplacement(module, name, nodeText(call.expression, sourceFile));
  if (!replacement) return undefined;
  const args = nodeText(call, sourceFile).slice(nodeText(call.expression, sourceFile).length);
  const parent = call.parent;
  const needsParens = ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) && parent.expression === call;
  const awaited = `await ${replacement}${args}`;
  return {
    title: `Use ${replacement.split('.').slice(-2).join('.')}() with await`,
    edits: [{ start: call.getStart(sourceFile), end: call.getEnd(), newText: needsParens ? `(${awaited})` : awaited }],
  };
}

/** `generateKeyPairSync('rsa', …)`: only RSA, DSA and DH keys are slow to generate. */
function generatesSlowKey(call: ts.CallExpression): boolean {
  const type = call.arguments[0];
  return type !== undefined && ts.isStringLiteralLike(type) && SLOW_KEY_TYPES.has(type.text);
}

/** `randomFillSync(Buffer.alloc(8 * 1024 * 1024))`: a buffer whose size is a constant of a megabyte or more. */
function fillsLargeBuffer(call: ts.CallExpression, context: RuleContext): boolean {
  let target: ts.Expression | undefined = call.arguments[0];
  if (target && ts.isIdentifier(target)) {
    const binding = context.lookupBinding(target.text, target);
    target = binding?.kind === 'var' && binding.destructure.length === 0 ? binding.init : undefined;
  }
  if (!target || !(ts.isCallExpression(target) || ts.isNewExpression(target))) return false;
  const creator = target.expression;
  const isBuffer = ts.isPropertyAccessExpression(creator) && /^alloc(Unsafe)?(Slow)?$/.test(creator.name.text) && nodeText(creator.expression, context.sourceFile) === 'Buffer';
  const isTyped = ts.isIdentifier(creator) && TYPED_ARRAYS.test(creator.text);
  if (!isBuffer && !isTyped) return false;
  const size = constantNumber(target.arguments?.[0], context);
  return size !== undefined && size >= RANDOM_FILL_LARGE_BYTES;
}

/** The SQL text of `db.prepare('…')` behind a better-sqlite3 statement, when written as a literal. */
function preparedSql(call: ts.CallExpression, context: RuleContext): string | undefined {
  // `db.prepare(sql).all()` inline, or `const stmt = db.prepare(sql)` then `stmt.all()`.
  let receiver: ts.Expression | undefined = ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  if (receiver && ts.isIdentifier(receiver)) {
    const binding = context.lookupBinding(receiver.text, receiver);
    receiver = binding?.kind === 'var' && binding.destructure.length === 0 ? binding.init : undefined;
  }
  if (!receiver || !ts.isCallExpression(receiver)) return undefined;
  const sql = receiver.arguments[0];
  return sql && (ts.isStringLiteralLike(sql) || ts.isTemplateExpression(sql)) ? nodeText(sql, context.sourceFile) : undefined;
}

/**
 * better-sqlite3 is synchronous by design: `stmt.all()` / `stmt.iterate()` over a query with no
 * LIMIT, and `db.exec()` (whole SQL scripts), hold the event loop for the entire query.
 */
function checkSqlite(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  // The database may be opened in another file (`module.exports = new Database(…)`): the type decides.
  if ((callee.kind !== 'instance' && callee.kind !== 'remote-instance') || callee.module !== 'better-sqlite3' || callee.factory.length !== 0) return false;
  const path = callee.path;
  const method = path[path.length - 1]!;
  const isRows = path.length === 3 && path[0] === 'prepare' && path[1] === '()' && SQLITE_ROW_METHODS.has(method);
  const isExec = path.length === 1 && method === 'exec';
  if (!isRows && !isExec) return true;
  if (isRows) {
    const sql = preparedSql(call, context);
    if (sql !== undefined && /\bLIMIT\s+(\d+|\?|[:@$]\w+)/i.test(sql)) return true;
  }
  context.report({
    node: call.expression,
    messageId: 'sqliteSync',
    data: { call: `${nodeText(call.expression, context.sourceFile)}()`, what: isExec ? 'runs a whole SQL script' : 'returns every matching row (no LIMIT)', users: formatNumber(REFERENCE_USERS) },
  });
  return true;
}

/** `Atomics.wait()` parks the calling thread; on the main thread that is every request. */
function checkAtomicsWait(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  if (callee.kind !== 'library' || callee.module !== 'global' || callee.path.join('.') !== 'Atomics.wait') return false;
  context.report({ node: call.expression, messageId: 'atomicsWait' });
  return true;
}

/** The variable whose text JSON.parse reads: `body`, `body.toString()`, `Buffer.concat(chunks).toString('utf8')`. */
function parsedVariable(arg: ts.Expression | undefined): ts.Identifier | undefined {
  let expr = arg;
  for (let depth = 0; expr && depth < 4; depth++) {
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
    if (ts.isIdentifier(expr)) return expr;
    if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
    const method = expr.expression.name.text;
    if (method === 'toString') expr = expr.expression.expression;
    else if (method === 'concat' && nodeText(expr.expression.expression, expr.getSourceFile()) === 'Buffer') expr = expr.arguments[0];
    else return undefined;
  }
  return undefined;
}

/** `JSON.parse(body)` where `body` was collected from the request by hand with no size check. */
function checkJsonParse(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  if (callee.kind !== 'library' || callee.module !== 'global' || callee.path.join('.') !== 'JSON.parse') return false;
  const variable = parsedVariable(call.arguments[0]);
  const binding = variable && context.lookupBinding(variable.text, variable);
  if (!variable || !binding || binding.kind !== 'var') return true;
  const scope = context.enclosingFunction(binding.declaration);
  if (!scope || !collectsUnboundedBody(scope, variable.text, context)) return true;
  context.report({ node: call.expression, messageId: 'parseUnboundedBody', data: { body: variable.text, users: formatNumber(REFERENCE_USERS) } });
  return true;
}

export const rule: RuleModule = {
  meta: {
    id: 'no-sync-in-request-path',
    category: 'event-loop',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      syncCall:
        '{{call}}() blocks the event loop while serving a request: Node serves every user from one thread, so nothing else runs until it returns; {{cost}}. Use the asynchronous version, or do this once at startup.',
      sqliteSync:
        '{{call}} {{what}}, and better-sqlite3 is synchronous by design: the event loop waits for the whole query, so a scan of a large table stalls every user, and at {{users}} requests/s even 1 ms per query is the entire thread. Add a LIMIT (or an index for the WHERE clause), or run heavy queries in a worker thread.',
      atomicsWait:
        'Atomics.wait() blocks the calling thread until it is notified or times out; on the main thread no other request is served meanwhile. Use `Atomics.waitAsync()` or a promise instead, and keep blocking waits in worker threads.',
      parseUnboundedBody:
        'JSON.parse() of `{{body}}`, a request body collected by hand with no size limit, blocks the event loop for as long as the body is big (roughly 10 ms per MB; a 100 MB body stalls every other user for a second), and any client chooses the size. Limit the body while reading it, or use a body parser with a `limit`.',
    },
    docs: {
      description:
        'Reports synchronous `fs`, `zlib` and `child_process` calls, costly `crypto` ones (`pbkdf2Sync`, `scryptSync`, `generateKeyPairSync`…), bcrypt `hashSync`/`compareSync`, better-sqlite3 queries without a LIMIT, `Atomics.wait` and `JSON.parse` of hand-buffered unbounded bodies reached from a request handler.',
      rationale: [
        'A Node process serves all its concurrent users from one thread. A synchronous call stops that thread until it returns: no other request is parsed, no query result is handled, no timer fires.',
        'The cost multiplies with load: a 5 ms `readFileSync` per request caps a process at ~200 requests/s no matter how many users wait, and a bcrypt `hashSync` at cost 10 (~50–100 ms of CPU) allows only ~10–20 logins a second while every other request queues behind them.',
        'The asynchronous versions (`fs.promises`, `bcrypt.hash`, `crypto.pbkdf2`, `child_process.execFile`) run on libuv\'s thread pool and let the event loop keep serving. Reading configuration or templates once at startup is fine and not reported.',
        'better-sqlite3 is synchronous by design and fast for indexed single-row statements, which are not reported; `.all()` and `.iterate()` over a query without LIMIT and `db.exec()` scripts are, because their cost grows with the table. Cheap crypto calls (`hkdfSync`, ed25519 or EC `generateKeyPairSync`, `randomFillSync` on small buffers) are not reported either.',
        '`JSON.parse` is reported only on a body the handler collected itself without a size check (`req.on(\'data\', c => body += c)`): parsing costs roughly 10 ms per MB of JSON, and there the client picks the size. Bodies parsed by a body parser are bounded by its limit (100kb for `express.json()`), which no-unbounded-body checks.',
      ].join('\n\n'),
      bad: [
        "const fs = require('fs');",
        '',
        "app.get('/terms', (req, res) => {",
        "  res.send(fs.readFileSync('./terms.html', 'utf8'));",
        '});',
      ].join('\n'),
      good: [
        "const fs = require('fs');",
        '',
        "app.get('/terms', async (req, res) => {",
        "  res.send(await fs.promises.readFile('./terms.html', 'utf8'));",
        '});',
      ].join('\n'),
      whenNotToUse: 'Code run once at startup, in scripts, CLIs and tests is not reported, nor is a sync call behind a module-level cache filled once (`if (!cache.has(name)) cache.set(name, fs.readFileSync(…))`, `config ??= JSON.parse(fs.readFileSync(…))`). Other one-off cases can disable the rule for that line, saying why.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => {
        const callee = context.resolve(call.expression);
        if (checkSqlite(call, callee, context) || checkAtomicsWait(call, callee, context) || checkJsonParse(call, callee, context)) return;
        if (callee.kind !== 'library' || callee.path.length !== 1) return;
        const module = callee.module;
        const name = callee.path[0]!;
        const isSync = (SYNC_MODULES.has(module) && name.endsWith('Sync')) || (BCRYPT.has(module) && BCRYPT_SYNC.has(name));
        if (!isSync) return;
        if (module === 'crypto' && !CRYPTO_COSTLY.has(name) && !(name === 'randomFillSync' && fillsLargeBuffer(call, context))) return;
        if (module === 'crypto' && name === 'generateKeyPairSync' && !generatesSlowKey(call)) return;
        // `if (!cache.has(name)) cache.set(name, fs.readFileSync(…))`: paid once, then served from memory.
        if (runsOnce(call, context)) return;
        const fix = awaitFix(call, module, name, context);
        context.report({
          node: call.expression,
          messageId: 'syncCall',
          data: { call: `${module}.${name}`, cost: costNote(module, name) },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
};
