// no-sync-in-request-path: synchronous file, crypto, compression, process and bcrypt calls
// reached from a request handler, which stop the event loop for every user at once.
import { ts } from '@ts-morph/common';
import { nodeText } from './utils';
import type { RuleContext, RuleModule, ReportFix } from './types';

const SYNC_MODULES = new Set(['fs', 'crypto', 'zlib', 'child_process']);
const BCRYPT = new Set(['bcrypt', 'bcryptjs']);
const BCRYPT_SYNC = new Set(['hashSync', 'compareSync', 'genSaltSync']);
/** `fs` sync calls whose promise twin has another name, or none. */
const FS_ASYNC_NAME: Record<string, string | null> = { existsSync: null };

/** Typical cost of one call, for the message. */
function costNote(module: string, name: string): string {
  if (BCRYPT.has(module)) return 'a bcrypt hash at cost 10 takes ~50–100 ms of CPU, so one process serves at most ~10–20 logins a second and every other request waits behind them';
  if (module === 'crypto' && /pbkdf2|scrypt|generateKeyPair/.test(name)) return 'key derivation takes tens to hundreds of ms of CPU, during which no other request is served';
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
    },
    docs: {
      description: 'Reports synchronous `fs`, `crypto`, `zlib` and `child_process` calls and bcrypt `hashSync`/`compareSync` reached from a request handler.',
      rationale: [
        'A Node process serves all its concurrent users from one thread. A synchronous call stops that thread until it returns: no other request is parsed, no query result is handled, no timer fires.',
        'The cost multiplies with load: a 5 ms `readFileSync` per request caps a process at ~200 requests/s no matter how many users wait, and a bcrypt `hashSync` at cost 10 (~50–100 ms of CPU) allows only ~10–20 logins a second while every other request queues behind them.',
        'The asynchronous versions (`fs.promises`, `bcrypt.hash`, `crypto.pbkdf2`, `child_process.execFile`) run on libuv\'s thread pool and let the event loop keep serving. Reading configuration or templates once at startup is fine and not reported.',
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
      whenNotToUse: 'Code run once at startup, in scripts, CLIs and tests is not reported. A sync call on a tiny file behind a cache that is filled once may be acceptable: disable the rule for that line and say why.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => {
        const callee = context.resolve(call.expression);
        if (callee.kind !== 'library' || callee.path.length !== 1) return;
        const module = callee.module;
        const name = callee.path[0]!;
        const isSync = (SYNC_MODULES.has(module) && name.endsWith('Sync')) || (BCRYPT.has(module) && BCRYPT_SYNC.has(name));
        if (!isSync) return;
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
