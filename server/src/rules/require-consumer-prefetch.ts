// require-consumer-prefetch (nursery): an amqplib consumer on a channel that never calls
// `channel.prefetch(n)` in the file, so RabbitMQ pushes every ready message into this process.
import { ts } from '@ts-morph/common';
import { LIBRARY_DEFAULTS, SUGGESTED_PREFETCH } from '../engine/library-defaults';
import { formatNumber, indentationAt, nodeText, numericValue, optionsShape, propertyValue } from './utils';
import { findAll } from './request-data';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const PROMISE_API = 'amqplib';
const CALLBACK_API = 'amqplib/callback_api';
const CHANNEL_FACTORIES = new Set(['createChannel', 'createConfirmChannel']);

/** The parameter at `index` of a function passed as an argument to `call`. */
function callbackParameterOf(param: ts.ParameterDeclaration, index: number): ts.CallExpression | undefined {
  const fn = param.parent;
  if (!ts.isFunctionLike(fn) || fn.parameters[index] !== param) return undefined;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) ? call : undefined;
}

/**
 * An amqplib connection: `await amqp.connect(url)` (here, or exported by the file that connects),
 * or the callback API's `(err, connection)` parameter.
 */
function isConnection(expr: ts.Expression, context: RuleContext): boolean {
  const value = context.resolve(expr);
  if (value.kind === 'instance' || value.kind === 'remote-instance') return value.module === PROMISE_API && value.factory.join('.') === 'connect' && value.path.length === 0;
  if (value.kind !== 'parameter' || value.path.length !== 0) return false;
  const call = callbackParameterOf(value.node, 1);
  if (!call) return false;
  const callee = context.resolve(call.expression);
  return callee.kind === 'library' && callee.module === CALLBACK_API && callee.path.join('.') === 'connect';
}

/**
 * An amqplib channel: `await conn.createChannel()`, or the callback API's `(err, channel)`
 * parameter. The connection may come from another file; the channel, and so its prefetch, is
 * this file's. A channel itself exported by another file is not followed (its prefetch is there).
 */
function isChannel(expr: ts.Expression, context: RuleContext): boolean {
  const value = context.resolve(expr);
  if (value.kind === 'instance' || value.kind === 'remote-instance') {
    return value.module === PROMISE_API && value.factory.join('.') === 'connect' && value.path.length === 2 && CHANNEL_FACTORIES.has(value.path[0]!) && value.path[1] === '()';
  }
  if (value.kind !== 'parameter' || value.path.length !== 0) return false;
  const call = callbackParameterOf(value.node, 1);
  const callee = call?.expression;
  return !!callee && ts.isPropertyAccessExpression(callee) && CHANNEL_FACTORIES.has(callee.name.text) && isConnection(callee.expression, context);
}

/** What identifies a channel across calls: its binding when it is a name, else the text (`this.channel`). */
function channelKey(expr: ts.Expression, context: RuleContext): ts.Node | string {
  if (ts.isIdentifier(expr)) return context.lookupBinding(expr.text, expr)?.declaration ?? expr.text;
  return nodeText(expr, context.sourceFile);
}

/** `ch.prefetch(n)` with n > 0, on channels of this file, keyed as channelKey does. */
function prefetchedChannels(context: RuleContext): Set<ts.Node | string> {
  const keys = new Set<ts.Node | string>();
  const calls = findAll(context.sourceFile, (node): node is ts.CallExpression => ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'prefetch');
  for (const call of calls) {
    const receiver = (call.expression as ts.PropertyAccessExpression).expression;
    // `prefetch(0)` is RabbitMQ's "unlimited".
    if (numericValue(call.arguments[0]) === 0) continue;
    keys.add(channelKey(receiver, context));
  }
  return keys;
}

/** Inserts `channel.prefetch(n);` (awaited in async code) on the line before the consume statement. */
function prefetchFix(call: ts.CallExpression, channel: ts.Expression, context: RuleContext): ReportFix | undefined {
  let statement: ts.Node = call;
  const awaited = ts.isAwaitExpression(statement.parent);
  if (awaited) statement = statement.parent;
  if (!ts.isExpressionStatement(statement.parent)) return undefined;
  statement = statement.parent;
  const sourceFile = context.sourceFile;
  const start = statement.getStart(sourceFile);
  const fn = context.enclosingFunction(call);
  const isAsync = fn !== undefined && (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  // Awaited like the consume it precedes (also at an ES module's top level).
  const line = `${isAsync || awaited ? 'await ' : ''}${nodeText(channel, sourceFile)}.prefetch(${SUGGESTED_PREFETCH});`;
  return {
    title: `Limit unacknowledged messages to ${SUGGESTED_PREFETCH} with prefetch()`,
    edits: [{ start, end: start, newText: `${line}\n${indentationAt(sourceFile.text, start)}` }],
  };
}

export const rule: RuleModule = {
  meta: {
    id: 'require-consumer-prefetch',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    nursery: true,
    messages: {
      noPrefetch:
        '{{channel}}.consume() runs on a channel with no prefetch (amqplib\'s default: {{default}}): RabbitMQ pushes every ready message to this consumer at once, so a backlog of 100,000 messages lands in this process\'s memory, and one slow instance hoards work that the other instances could take. Call `{{channel}}.prefetch({{suggested}})` before consuming (size it to what one process handles concurrently).',
    },
    docs: {
      description: 'Reports amqplib consumers (`channel.consume(…)`) on a channel for which the file never calls `channel.prefetch(n)`. Nursery rule: opt-in, off unless enabled in the configuration.',
      rationale: [
        'Without a prefetch limit (amqplib sets none), RabbitMQ delivers every ready message on the queue to the first consumer that asks, as fast as the network allows. Each delivered message sits in the consumer\'s memory until it is acknowledged.',
        'Under load this turns a backlog into an out-of-memory crash: 100,000 queued messages of 10 KB are a gigabyte in one process. Work is not shared either: the first instance to connect holds the whole backlog while new instances sit idle, and when it crashes every message is redelivered at once.',
        '`channel.prefetch(n)` caps unacknowledged messages per consumer, so memory stays at n messages and the backlog spreads across instances. Consumers with `noAck: true` are not reported: RabbitMQ ignores prefetch for them.',
        'This rule is in the nursery: it is opt-in. Enable it in `concurrency-lint.json` (`"rules": { "require-consumer-prefetch": "warning" }`).',
      ].join('\n\n'),
      bad: [
        "const amqp = require('amqplib');",
        '',
        'async function startWorker() {',
        "  const connection = await amqp.connect(process.env.AMQP_URL);",
        '  const channel = await connection.createChannel();',
        "  await channel.assertQueue('emails', { durable: true });",
        "  await channel.consume('emails', async (msg) => {",
        '    await sendEmail(JSON.parse(msg.content.toString()));',
        '    channel.ack(msg);',
        '  });',
        '}',
      ].join('\n'),
      good: [
        "const amqp = require('amqplib');",
        '',
        'async function startWorker() {',
        "  const connection = await amqp.connect(process.env.AMQP_URL);",
        '  const channel = await connection.createChannel();',
        "  await channel.assertQueue('emails', { durable: true });",
        '  await channel.prefetch(10);',
        "  await channel.consume('emails', async (msg) => {",
        '    await sendEmail(JSON.parse(msg.content.toString()));',
        '    channel.ack(msg);',
        '  });',
        '}',
      ].join('\n'),
      whenNotToUse:
        'Queues that are always tiny (RPC reply queues, control messages) do not need a prefetch. A channel created here on a connection imported from another file is checked like any other; a channel created in another file, or through amqp-connection-manager\'s `setup` callback, is not followed and not reported.',
    },
  },
  create(context) {
    let prefetched: Set<ts.Node | string> | undefined;
    return {
      CallExpression: (call) => {
        const callee = call.expression;
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'consume' || call.arguments.length < 2) return;
        const channel = callee.expression;
        if (!isChannel(channel, context)) return;
        const options = optionsShape(call.arguments[2], context);
        if (options.kind === 'opaque') return;
        // `noAck: true` (or a value we cannot see): RabbitMQ ignores prefetch for such consumers.
        const noAck = options.kind === 'object' ? propertyValue(options.node, 'noAck') : undefined;
        if (noAck && noAck.kind !== SyntaxKind.FalseKeyword) return;
        prefetched ??= prefetchedChannels(context);
        if (prefetched.has(channelKey(channel, context))) return;
        const fix = prefetchFix(call, channel, context);
        context.report({
          node: callee,
          messageId: 'noPrefetch',
          data: {
            channel: nodeText(channel, context.sourceFile),
            default: LIBRARY_DEFAULTS.amqplibPrefetch.describe,
            suggested: formatNumber(SUGGESTED_PREFETCH),
          },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
};
