// no-listener-per-request: a listener added to a long-lived emitter (process, a module-level
// EventEmitter, a pool or client, the server) or an interval started while serving a request,
// with nothing removing it: each request leaves one more behind, with everything its closure holds.
// An emitter imported from the project file that made it (`module.exports = new EventEmitter()`)
// counts too: exports are made once, when that file is first loaded.
import { ts } from '@ts-morph/common';
import { LIBRARY_DEFAULTS, REFERENCE_USERS } from '../engine/library-defaults';
import type { Value } from '../engine/values';
import { formatNumber, nodeText, relativeFileName } from './utils';
import { runsOnce, some } from './request-data';
import type { RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const ADD_METHODS = new Set(['on', 'addListener', 'prependListener', 'once', 'prependOnceListener']);
const ONCE_METHODS = new Set(['once', 'prependOnceListener']);
const REMOVE_METHODS = new Set(['off', 'removeListener', 'removeAllListeners']);

/** Library exports whose instances are event emitters that live as long as the process when made at startup. */
const EMITTER_FACTORIES: Record<string, string[][]> = {
  events: [[], ['EventEmitter']],
  eventemitter2: [[], ['EventEmitter2']],
  eventemitter3: [[], ['EventEmitter']],
  '@nestjs/event-emitter': [['EventEmitter2']],
  pg: [['Pool'], ['Client']],
  'pg-pool': [[]],
  mysql: [['createPool'], ['createConnection'], ['createPoolCluster']],
  mysql2: [['createPool'], ['createConnection'], ['createPoolCluster']],
  ioredis: [[], ['Redis'], ['Cluster']],
  redis: [['createClient'], ['createCluster']],
  '@redis/client': [['createClient']],
  mongodb: [['MongoClient']],
  mongoose: [['createConnection']],
  knex: [[], ['knex']],
  http: [['createServer'], ['Server']],
  https: [['createServer'], ['Server']],
  http2: [['createServer'], ['createSecureServer']],
  net: [['createServer']],
  'socket.io': [[], ['Server']],
  ws: [['WebSocketServer'], ['Server']],
  bullmq: [['Queue'], ['Worker'], ['QueueEvents']],
  bull: [[]],
  amqplib: [['connect']],
};

const NEST_SINGLETON_DECORATORS = new Set(['Injectable', 'Controller']);

function isEmitterFactory(module: string, factory: readonly string[]): boolean {
  const key = factory.join('.');
  return (EMITTER_FACTORIES[module] ?? []).some((f) => f.join('.') === key);
}

/** A local class that extends EventEmitter (`class Bus extends EventEmitter {}`). */
function extendsEmitter(cls: ts.ClassLikeDeclaration, context: RuleContext): boolean {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token !== SyntaxKind.ExtendsKeyword) continue;
    for (const type of clause.types) {
      const base = context.resolve(type.expression);
      if (base.kind === 'library' && isEmitterFactory(base.module, base.path)) return true;
    }
  }
  return false;
}

function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let root = expr;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root)) root = root.expression;
  return ts.isIdentifier(root) ? root : undefined;
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const expr = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  return ts.isIdentifier(expr) ? expr.text : undefined;
}

/** A NestJS provider or controller in the default (singleton) scope: one instance for the process. */
function isNestSingleton(cls: ts.ClassLikeDeclaration): boolean {
  return (ts.getDecorators(cls) ?? []).some((decorator) => {
    if (!NEST_SINGLETON_DECORATORS.has(decoratorName(decorator) ?? '')) return false;
    // `@Injectable({ scope: Scope.REQUEST })` makes one instance per request.
    const text = decorator.expression.getText();
    return !/Scope\.(REQUEST|TRANSIENT)/.test(text);
  });
}

/** `this.events` in a Nest singleton: a field holding an emitter, or an injected EventEmitter2. */
function thisMemberIsEmitter(receiver: ts.PropertyAccessExpression, value: Value, context: RuleContext): boolean {
  let cls: ts.Node | undefined = receiver.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls) || !isNestSingleton(cls)) return false;
  if ((value.kind === 'instance' || value.kind === 'remote-instance') && value.path.length === 0 && isEmitterFactory(value.module, value.factory)) return true;
  const name = receiver.name.text;
  for (const member of cls.members) {
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const param of member.parameters) {
      if (!ts.isIdentifier(param.name) || param.name.text !== name || (ts.getModifiers(param) ?? []).length === 0) continue;
      const type = param.type;
      if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) continue;
      const typeValue = context.resolve(type.typeName);
      if (typeValue.kind === 'library' && isEmitterFactory(typeValue.module, typeValue.path)) return true;
    }
  }
  return false;
}

/** What the receiver is, when it certainly outlives the request; undefined otherwise. */
function longLivedEmitter(receiver: ts.Expression, context: RuleContext): string | undefined {
  const value = context.resolve(receiver);
  if (value.kind === 'library') {
    if (value.module === 'global' && value.path.join('.') === 'process') return 'process';
    if (value.module === 'mongoose' && value.path.join('.') === 'connection') return 'mongoose.connection';
    return undefined;
  }
  if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === SyntaxKind.ThisKeyword) {
    return thisMemberIsEmitter(receiver, value, context) ? `this.${receiver.name.text} (a singleton provider's emitter)` : undefined;
  }
  const root = rootIdentifier(receiver);
  const binding = root && context.lookupBinding(root.text, root);
  if ((value.kind === 'instance' || value.kind === 'remote-instance') && isEmitterFactory(value.module, value.factory)) {
    // Made once at startup: the instance itself, or a client checked out of a module-level pg pool
    // (it goes back to the pool with every listener still attached). An imported instance is an
    // export of the file that made it, made once when that file loaded.
    if (value.kind === 'instance' && !context.isModuleLevel(value.creation)) return undefined;
    const made = value.kind === 'instance' ? 'created at module level' : `created once in \`${relativeFileName(value.file, context.sourceFile)}\``;
    if (value.path.length === 0) return `${nodeText(receiver, context.sourceFile)} (${made})`;
    if ((value.module === 'pg' || value.module === 'pg-pool') && value.path.join('.') === 'connect.()') return `${nodeText(receiver, context.sourceFile)} (a pooled pg client, reused by later requests)`;
    return undefined;
  }
  if (value.kind === 'object' && value.path.length === 0 && binding && context.isModuleLevelBinding(binding) && extendsEmitter(value.classNode, context)) {
    return `${nodeText(receiver, context.sourceFile)} (created at module level)`;
  }
  return undefined;
}

/** The outermost function around `node`: the handler (or service function) whose run the listener outlives. */
function outermostFunction(node: ts.Node, context: RuleContext): ts.SignatureDeclaration | undefined {
  let outer: ts.SignatureDeclaration | undefined;
  for (let fn = context.enclosingFunction(node); fn; fn = context.enclosingFunction(fn)) outer = fn;
  return outer;
}

/** `emitter.off(event, fn)` / `removeListener` / `removeAllListeners` on the same receiver in the same function. */
function isRemoved(receiver: ts.Expression, scope: ts.Node, context: RuleContext): boolean {
  const text = nodeText(receiver, context.sourceFile);
  return some(scope, (node) => {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
    return REMOVE_METHODS.has(node.expression.name.text) && nodeText(node.expression.expression, context.sourceFile) === text;
  });
}

/** The registration's result is kept (`const off = emitter.on(…)`): eventemitter2-style unsubscribe handles. */
function resultIsKept(call: ts.CallExpression): boolean {
  const parent = call.parent;
  return ts.isVariableDeclaration(parent) || (ts.isBinaryExpression(parent) && parent.right === call) || ts.isReturnStatement(parent);
}

function checkListener(call: ts.CallExpression, context: RuleContext): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ADD_METHODS.has(callee.name.text) || call.arguments.length < 2) return;
  if (context.isModuleLevel(call)) return;
  const event = call.arguments[0]!;
  const once = ONCE_METHODS.has(callee.name.text);
  // A once-listener on a per-request event name (`job:${id}`) fires and goes; on a fixed name it waits.
  if (once && !ts.isStringLiteralLike(event)) return;
  const emitter = longLivedEmitter(callee.expression, context);
  if (!emitter || resultIsKept(call) || runsOnce(call, context)) return;
  const scope = outermostFunction(call, context);
  if (!scope || isRemoved(callee.expression, scope, context)) return;
  context.report({
    node: callee,
    messageId: once ? 'onceListenerPerRequest' : 'listenerPerRequest',
    data: {
      emitter,
      event: ts.isStringLiteralLike(event) ? `'${event.text}'` : nodeText(event, context.sourceFile),
      users: formatNumber(REFERENCE_USERS),
      maxListeners: String(LIBRARY_DEFAULTS.eventEmitterMaxListeners.value),
    },
  });
}

/** `setInterval(…)` while serving a request whose handle is never passed to clearInterval. */
function checkInterval(call: ts.CallExpression, context: RuleContext): void {
  const value = context.resolve(call.expression);
  const isInterval = value.kind === 'library' && (value.module === 'global' || value.module === 'timers') && value.path.join('.') === 'setInterval';
  if (!isInterval || context.isModuleLevel(call)) return;
  const parent = call.parent;
  let handle: string | undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) handle = parent.name.text;
  else if (ts.isBinaryExpression(parent) && parent.right === call && ts.isIdentifier(parent.left)) {
    // Kept in an outer (module-level) variable: cleared somewhere we cannot follow.
    const binding = context.lookupBinding(parent.left.text, parent.left);
    if (!binding || context.isModuleLevelBinding(binding)) return;
    handle = parent.left.text;
  } else if (!ts.isExpressionStatement(parent)) {
    // Stored on an object, returned, or passed on: its owner decides when it stops.
    return;
  }
  const scope = outermostFunction(call, context);
  if (!scope) return;
  if (handle !== undefined) {
    const name = handle;
    // `clearInterval(timer)` (often in `res.on('close', …)`), or the handle handed to code that owns it.
    const handled = some(scope, (node) => ts.isCallExpression(node) && node !== call && node.arguments.some((arg) => ts.isIdentifier(arg) && arg.text === name));
    const isHandle = (expr: ts.Node | undefined): boolean => expr !== undefined && ts.isIdentifier(expr) && expr.text === name;
    const escapes = some(
      scope,
      (node) =>
        (ts.isReturnStatement(node) && isHandle(node.expression)) ||
        ts.isShorthandPropertyAssignment(node) && node.name.text === name ||
        (ts.isPropertyAssignment(node) && isHandle(node.initializer)) ||
        (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && isHandle(node.right)),
    );
    if (handled || escapes) return;
  }
  context.report({ node: call.expression, messageId: 'intervalPerRequest', data: { users: formatNumber(REFERENCE_USERS) } });
}

export const rule: RuleModule = {
  meta: {
    id: 'no-listener-per-request',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      listenerPerRequest:
        'A listener for {{event}} is added to {{emitter}} on every request and never removed: the emitter lives as long as the process, so after {{users}} requests it holds {{users}} listeners, each keeping its closure (and the request it captured) in memory, and every event now runs them all. Node only prints MaxListenersExceededWarning past {{maxListeners}}. Remove it with `off()` when the request ends (`res.on(\'close\', …)` or `finally`), or register it once at startup.',
      onceListenerPerRequest:
        'A once-listener for {{event}} is added to {{emitter}} on every request: it stays until that event fires, which for a process-wide event may be never, so listeners (and the requests they captured) pile up with every request ({{users}} requests, {{users}} listeners). Remove it when the request ends, or register it once at startup.',
      intervalPerRequest:
        'setInterval() is started while serving a request and never cleared: the interval and everything its callback references outlive the request, so {{users}} requests leave {{users}} timers running forever. Keep the handle and call `clearInterval()` when the response closes (`res.on(\'close\', …)`), or run one interval at startup.',
    },
    docs: {
      description:
        'Reports listeners added to long-lived emitters (`process`, module-level EventEmitters, pools and clients, servers, also when imported from the file that creates them) and intervals started while serving a request, when the same code never removes them.',
      rationale: [
        'An emitter created at startup lives as long as the process. A listener added to it inside a request handler is never collected: every request adds one more, each keeping its closure and whatever it captured (often `req` and `res`) in memory, and every emitted event runs all of them. After 1,000 requests that is 1,000 listeners; Node only prints `MaxListenersExceededWarning` past 10 and keeps going.',
        'The same holds for `setInterval` in a handler without `clearInterval`, and for listeners on a pg client checked out of a module-level pool: the client goes back to the pool with the listener still attached.',
        "Listeners on per-request objects (`req`, `res`, a socket, a client created in the handler) die with them and are not reported, nor is a listener removed in the same function (`res.on('close', () => bus.off('event', onEvent))`).",
      ].join('\n\n'),
      bad: [
        "const { EventEmitter } = require('events');",
        '',
        'const orders = new EventEmitter();',
        '',
        "app.get('/orders/stream', (req, res) => {",
        "  res.setHeader('Content-Type', 'text/event-stream');",
        "  orders.on('created', (order) => res.write(`data: ${JSON.stringify(order)}\\n\\n`));",
        '});',
      ].join('\n'),
      good: [
        "const { EventEmitter } = require('events');",
        '',
        'const orders = new EventEmitter();',
        '',
        "app.get('/orders/stream', (req, res) => {",
        "  res.setHeader('Content-Type', 'text/event-stream');",
        '  const onCreated = (order) => res.write(`data: ${JSON.stringify(order)}\\n\\n`);',
        "  orders.on('created', onCreated);",
        "  res.on('close', () => orders.off('created', onCreated));",
        '});',
      ].join('\n'),
      whenNotToUse:
        'A handler that deliberately registers a process-wide listener once (guarded by a flag) can disable the rule for that line. An emitter imported from another file is recognised when that file exports the instance itself (`module.exports = new EventEmitter()`, `export const bus = new EventEmitter()`); one returned by a factory function or made from a project class that extends EventEmitter is not followed, so it is not reported.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => {
        checkListener(call, context);
        checkInterval(call, context);
      },
    };
  },
};
