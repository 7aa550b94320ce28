// no-memory-session-store: express-session / @fastify/session configured without a store, so
// sessions live in the process's memory.
import { ts } from '@ts-morph/common';
import { isLibrary } from '../engine/values';
import { mayHaveOption, optionsShape } from './utils';
import type { RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const FASTIFY_SESSION = ['@fastify/session', 'fastify-session'];

/** Which middleware's MemoryStore `new X()` builds, if it is one. */
function memoryStoreLibrary(creation: ts.NewExpression, context: RuleContext): string | undefined {
  const callee = context.resolve(creation.expression);
  if (isLibrary(callee, 'express-session', 'MemoryStore')) return 'express-session';
  return FASTIFY_SESSION.find((m) => isLibrary(callee, m, 'MemoryStore') || isLibrary(callee, m, 'fastifySession', 'MemoryStore'));
}

/** The @fastify/session plugin, whichever way it was imported (default, named, require). */
function fastifySessionLibrary(plugin: ts.Expression, context: RuleContext): string | undefined {
  const value = context.resolve(plugin);
  return FASTIFY_SESSION.find((m) => isLibrary(value, m) || isLibrary(value, m, 'fastifySession'));
}

/**
 * `const sess = { secret }; if (prod) sess.store = new RedisStore(…); app.use(session(sess))`:
 * an options variable that gets its `store` by assignment.
 */
function assignedLater(options: ts.Expression | undefined, property: string, context: RuleContext): boolean {
  if (!options || !ts.isIdentifier(options)) return false;
  const binding = context.lookupBinding(options.text, options);
  if (!binding) return false;
  let found = false;
  const assigns = (left: ts.Expression): boolean => {
    let owner: ts.Expression;
    if (ts.isPropertyAccessExpression(left) && left.name.text === property) owner = left.expression;
    else if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression) && left.argumentExpression.text === property) owner = left.expression;
    else return false;
    return ts.isIdentifier(owner) && owner.text === options.text && context.lookupBinding(owner.text, owner) === binding;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && assigns(node.left)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return found;
}

function checkOptions(reportAt: ts.Node, options: ts.Expression | undefined, library: string, context: RuleContext): void {
  const shape = optionsShape(options, context);
  if (shape.kind === 'opaque') return;
  // A store is given. If it is a MemoryStore, its own `new` is reported (wherever it is built).
  if (shape.kind === 'object' && mayHaveOption(shape, ['store'], context)) return;
  if (assignedLater(options, 'store', context)) return;
  context.report({ node: reportAt, messageId: 'defaultMemoryStore', data: { library } });
}

export const rule: RuleModule = {
  meta: {
    id: 'no-memory-session-store',
    category: 'shared-state',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      defaultMemoryStore:
        '{{library}} has no `store`, so every session is kept in this process\'s memory (MemoryStore): it grows with every visitor and never shrinks (1,000 users × a few KB each, plus every bot), it is lost on restart, and a second process or instance behind the load balancer does not see it, so users are logged out at random. Pass a shared store such as connect-redis (RedisStore), connect-pg-simple or connect-mongo.',
      explicitMemoryStore:
        'MemoryStore keeps sessions in this process\'s memory: it leaks as visitors accumulate and is not shared between processes or instances. Use a shared store such as connect-redis (RedisStore), connect-pg-simple or connect-mongo.',
    },
    docs: {
      description: 'Reports `express-session` and `@fastify/session` set up without a `store`, which keeps sessions in process memory.',
      rationale: [
        "Both middlewares default to an in-memory store. express-session's own documentation says its MemoryStore is not designed for production: it leaks memory and does not scale past a single process (it only warns when `NODE_ENV=production`). @fastify/session gives no warning at all.",
        'Memory grows with every session created (every visitor and every bot), sessions vanish on each deploy or crash, and as soon as a second process serves traffic (cluster mode, PM2, two containers) a user whose next request lands elsewhere is logged out.',
        'A shared store (Redis, PostgreSQL, MongoDB) keeps sessions outside the process, so any instance can serve any user and the process memory stays flat.',
        '`cookie-session` and `koa-session` keep the session in the cookie itself and are not reported.',
      ].join('\n\n'),
      bad: [
        "const session = require('express-session');",
        '',
        "app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));",
      ].join('\n'),
      good: [
        "const session = require('express-session');",
        "const { RedisStore } = require('connect-redis');",
        '',
        'app.use(session({',
        '  store: new RedisStore({ client: redisClient }),',
        '  secret: process.env.SESSION_SECRET,',
        '  resave: false,',
        '  saveUninitialized: false,',
        '}));',
      ].join('\n'),
      whenNotToUse: 'A single-process internal tool with a handful of users can live with MemoryStore; tests and scripts are not reported.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => {
        const callee = context.resolve(call.expression);
        if (isLibrary(callee, 'express-session')) {
          checkOptions(call.expression, call.arguments[0], 'express-session', context);
          return;
        }
        // fastify.register(fastifySession, { secret })
        if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'register' && call.arguments.length >= 1) {
          const library = fastifySessionLibrary(call.arguments[0]!, context);
          if (library) checkOptions(call.arguments[0]!, call.arguments[1], library, context);
        }
      },
      // `new session.MemoryStore()`, passed inline as `store` or kept in a variable first.
      NewExpression: (creation) => {
        const library = memoryStoreLibrary(creation, context);
        if (library) context.report({ node: creation, messageId: 'explicitMemoryStore', data: { library } });
      },
    };
  },
};
