// Redis commands as the code calls them (ioredis `redis.smembers(k)`, node-redis v4/v5
// `client.sMembers(k)` / `client.SMEMBERS(k)`, `sendCommand(['KEYS', p])`, ioredis `call('KEYS', p)`),
// the key shapes they name (`chat:${room}` is `chat:*`), and the project facts about how the
// application writes a collection: it grows one (`redis-grows:<type>|<key>`: RPUSH, SADD of a
// varying member, HSET of a varying field, ZADD) or bounds it (`redis-capped:<key>`: LTRIM,
// EXPIRE, DEL, SREM, ZREMRANGEBYRANK…). no-unbounded-query reports a whole-collection read only of a
// collection the application grows and never bounds.
import { ts } from '@ts-morph/common';
import type { Value } from './values';

const REDIS_MODULES = new Set(['redis', '@redis/client', 'ioredis']);
/** Calls on a client that return a client-like object whose commands still run on Redis. */
const CHAINS = new Set(['multi', 'pipeline', 'batch', 'duplicate']);

/** A Redis client made from one of the Redis libraries (here or in another project file), or a MULTI/pipeline of one. */
export function isRedisClient(value: Value): boolean {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return false;
  if (!REDIS_MODULES.has(value.module)) return false;
  return value.path.length === 0 || CHAINS.has(value.path[0]!);
}

export interface RedisCommand {
  /** The command, upper case: `SMEMBERS`. */
  name: string;
  /** Its arguments after the command name. */
  args: readonly ts.Expression[];
  /** The name as the code writes it (the method, or the command string), for ranges. */
  at: ts.Node;
}

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

/** `redis.smembers(k)`, `client.sMembers(k)`, `client.sendCommand(['KEYS', p])`, `redis.call('keys', p)`: the command, when `names` may hold it. */
export function redisCommandOf(call: ts.CallExpression, names: ReadonlySet<string>, resolve: (expr: ts.Expression) => Value): RedisCommand | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  let command: RedisCommand | undefined;
  if (method === 'sendCommand' || method === 'call' || method === 'send_command') {
    // node-redis `sendCommand(['KEYS', 'user:*'])`, ioredis `call('KEYS', 'user:*')`, node-redis 3 `send_command('KEYS', ['user:*'])`.
    const first = call.arguments[0] && strip(call.arguments[0]);
    if (first && ts.isArrayLiteralExpression(first) && first.elements[0] && ts.isStringLiteralLike(first.elements[0])) {
      command = { name: first.elements[0].text.toUpperCase(), args: first.elements.slice(1), at: first.elements[0] };
    } else if (first && ts.isStringLiteralLike(first)) {
      const rest = call.arguments.slice(1);
      const list = method === 'send_command' && rest[0] && ts.isArrayLiteralExpression(strip(rest[0])) ? (strip(rest[0]) as ts.ArrayLiteralExpression).elements : rest;
      command = { name: first.text.toUpperCase(), args: list, at: first };
    }
  } else {
    command = { name: method.toUpperCase(), args: call.arguments, at: callee.name };
  }
  if (!command || !names.has(command.name)) return undefined;
  return isRedisClient(resolve(callee.expression)) ? command : undefined;
}

/** `'online'` → `online`, `` `chat:${room}` `` → `chat:*`, `'chat:' + room` → `chat:*`; undefined when the key is not written out. */
export function redisKeyShape(expr: ts.Expression | undefined, depth = 0): string | undefined {
  if (!expr || depth > 4) return undefined;
  const node = strip(expr);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => '*' + s.literal.text).join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = redisKeyShape(node.left, depth + 1) ?? '*';
    const right = redisKeyShape(node.right, depth + 1) ?? '*';
    const shape = (left + right).replace(/\*+/g, '*');
    return shape === '*' ? undefined : shape;
  }
  return undefined;
}

/** A member or field that varies per call (a variable, an expression), not a constant. */
function varies(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  const node = strip(expr);
  return !ts.isStringLiteralLike(node) && !ts.isNumericLiteral(node) && !ts.isObjectLiteralExpression(node);
}

/** Commands that add to a collection, by the collection type they grow. */
const GROWS: Record<string, 'list' | 'set' | 'hash' | 'zset'> = {
  RPUSH: 'list', LPUSH: 'list', RPUSHX: 'list', LPUSHX: 'list',
  SADD: 'set',
  HSET: 'hash', HSETNX: 'hash', HINCRBY: 'hash', HINCRBYFLOAT: 'hash',
  ZADD: 'zset', ZINCRBY: 'zset',
};
/** Commands that bound a collection: trim it, expire it, remove from it, or drop it. */
const CAPS = new Set([
  'LTRIM', 'LPOP', 'RPOP', 'LREM', 'BLPOP', 'BRPOP', 'LMOVE', 'RPOPLPUSH',
  'SREM', 'SPOP', 'SMOVE',
  'HDEL',
  'ZREM', 'ZREMRANGEBYRANK', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYLEX', 'ZPOPMIN', 'ZPOPMAX',
  'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'DEL', 'UNLINK', 'RENAME',
]);
const WRITE_NAMES = new Set([...Object.keys(GROWS), ...CAPS]);

/**
 * How the application writes Redis collections, as project facts: `redis-grows:list|chat:*`
 * (RPUSH to `chat:${room}`; SADD/HSET/ZADD only with a member or field that varies) and
 * `redis-capped:chat:*` (LTRIM, EXPIRE, DEL, SREM… on the same key shape).
 */
export function redisCollectionFacts(calls: readonly ts.CallExpression[], resolve: (expr: ts.Expression) => Value): string[] {
  const facts = new Set<string>();
  for (const call of calls) {
    const callee = call.expression;
    // Cheap syntax first: a method named like a write (any case), or a generic command call.
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const method = callee.name.text;
    if (!WRITE_NAMES.has(method.toUpperCase()) && method !== 'sendCommand' && method !== 'call' && method !== 'send_command') continue;
    const command = redisCommandOf(call, WRITE_NAMES, resolve);
    if (!command) continue;
    const shape = redisKeyShape(command.args[0]);
    if (shape === undefined) continue;
    if (CAPS.has(command.name)) {
      facts.add(`redis-capped:${shape}`);
      continue;
    }
    const type = GROWS[command.name]!;
    // SADD/HSET of constants (`hset(key, { name, email })`, `sadd('features', 'beta')`) keeps a fixed size.
    const member = type === 'set' ? command.args.slice(1) : type === 'hash' ? [command.args[1]] : [true as unknown as ts.Expression];
    if (type === 'list' || type === 'zset' || member.some((m) => varies(m))) facts.add(`redis-grows:${type}|${shape}`);
  }
  return [...facts];
}
