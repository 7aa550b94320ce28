// no-memory-session-store: express-session / @fastify/session configured without a store, so
// sessions live in the process's memory.
import { ts } from '@ts-morph/common';
import { isLibrary } from '../engine/values';
import { mayHaveOption, optionsShape, propertyValue } from './utils';
import type { RuleContext, RuleModule } from './types';

const FASTIFY_SESSION = ['@fastify/session', 'fastify-session'];

function isMemoryStoreCreation(expr: ts.Expression | undefined, context: RuleContext): boolean {
  if (!expr || !ts.isNewExpression(expr)) return false;
  const callee = context.resolve(expr.expression);
  return isLibrary(callee, 'express-session', 'MemoryStore') || FASTIFY_SESSION.some((m) => isLibrary(callee, m, 'MemoryStore'));
}

function checkOptions(reportAt: ts.Node, options: ts.Expression | undefined, library: string, context: RuleContext): void {
  const shape = optionsShape(options, context);
  if (shape.kind === 'opaque') return;
  if (shape.kind === 'object' && mayHaveOption(shape, ['store'], context)) {
    const store = propertyValue(shape.node, 'store');
    if (isMemoryStoreCreation(store, context)) context.report({ node: store!, messageId: 'explicitMemoryStore', data: { library } });
    return;
  }
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
          const plugin = context.resolve(call.arguments[0]!);
          const library = FASTIFY_SESSION.find((m) => isLibrary(plugin, m));
          if (library) checkOptions(call.arguments[0]!, call.arguments[1], library, context);
        }
      },
    };
  },
};
