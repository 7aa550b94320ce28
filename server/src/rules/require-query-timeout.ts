// require-query-timeout: database and cache clients whose queries and commands can run forever:
// pg pools/clients without statement_timeout or query_timeout, MongoDB without timeoutMS or
// socketTimeoutMS, ioredis without commandTimeout, node-redis before v6 without a command timeout.
import { ts } from '@ts-morph/common';
import { isLibrary, type Value } from '../engine/values';
import { describeVersion, type DefaultAnswer, LIBRARY_DEFAULTS, SUGGESTED_QUERY_TIMEOUT_MS, versionedDefault } from '../engine/library-defaults';
import { addPropertyEdit, findProperty, formatNumber, mayHaveOption, nodeText, numericValue, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const SUGGESTED = formatNumber(SUGGESTED_QUERY_TIMEOUT_MS);
const SUGGESTED_CODE = SUGGESTED.replace(/,/g, '_');
const MONGO_TIMEOUT_OPTIONS = ['timeoutMS', 'socketTimeoutMS'];
const PG_TIMEOUT_OPTIONS = ['statement_timeout', 'query_timeout'];

type Creation = ts.NewExpression | ts.CallExpression;

/** What an option is set to: absent, explicitly 0 ("none"), or something that bounds (or may). */
type OptionState = { kind: 'absent' } | { kind: 'zero'; node: ts.Expression } | { kind: 'set' };

function optionState(shape: OptionsShape, name: string, context: RuleContext): OptionState {
  if (shape.kind === 'opaque') return { kind: 'set' };
  if (shape.kind === 'none') return { kind: 'absent' };
  const value = propertyValue(shape.node, name);
  if (value) return numericValue(value) === 0 ? { kind: 'zero', node: value } : { kind: 'set' };
  if (findProperty(shape.node, name) || mayHaveOption(shape, [name], context)) return { kind: 'set' };
  return { kind: 'absent' };
}

/**
 * Options given as plain data we can read elsewhere — a config module's object
 * (`config.mongoose.options`), or an object of this file reached through properties: the state of
 * `name` there. Undefined when the options are not such data (then they may set anything).
 */
function dataOptionState(options: ts.Expression | undefined, name: string, context: RuleContext): OptionState | undefined {
  const data = options ? context.dataOf(options) : undefined;
  if (data?.kind !== 'object') return undefined;
  const value = data.props[name];
  if (value) return value.kind === 'number' && value.value === 0 ? { kind: 'zero', node: options! } : { kind: 'set' };
  return data.open ? { kind: 'set' } : { kind: 'absent' };
}

/** A connection string from elsewhere (a config module) that we can see is a string: the parts we can read. */
function dataString(expr: ts.Expression, context: RuleContext): { text: string } | undefined {
  const data = context.dataOf(expr);
  return data?.kind === 'string' && data.source !== 'unknown' ? { text: data.text } : undefined;
}

/** The text of a string we can read: a literal, or a template's literal parts. */
function literalText(expr: ts.Expression | undefined, context: RuleContext, depth = 0): string | undefined {
  if (!expr || depth > 4) return undefined;
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isTemplateExpression(expr)) return [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join('');
  if (ts.isIdentifier(expr)) {
    const value = context.resolve(expr);
    if (value.kind === 'expression' && value.node !== expr) return literalText(value.node, context, depth + 1);
  }
  return undefined;
}

/** A string we cannot read (an env var, a config value): it may carry timeouts, but usually does not. */
function isStringLike(expr: ts.Expression, context: RuleContext): boolean {
  if (literalText(expr, context) !== undefined) return true;
  const value = context.resolve(expr);
  if (value.kind === 'library' && value.module === 'global' && value.path[0] === 'process' && value.path[1] === 'env') return true;
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === SyntaxKind.BarBarToken || expr.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) {
    return isStringLike(expr.left, context) && isStringLike(expr.right, context);
  }
  // A string constant imported from a config module (`export const REDIS_URI = \`redis://…\``).
  return dataString(expr, context) !== undefined;
}

/** Adds `property` to the options argument at `index`, creating or wrapping it as needed. */
function addOption(creation: Creation, index: number, shape: OptionsShape, property: string, context: RuleContext, wrapStringAs?: string): ReportFix['edits'] | undefined {
  const sourceFile = context.sourceFile;
  if (shape.kind === 'object') {
    const [name, value] = property.split(': ') as [string, string];
    const existing = propertyValue(shape.node, name);
    if (existing) return [{ start: existing.getStart(sourceFile), end: existing.getEnd(), newText: value }];
    return [addPropertyEdit(shape.node, property, sourceFile)];
  }
  const args = creation.arguments ?? ts.factory.createNodeArray();
  const arg = args[index];
  if (shape.kind === 'opaque' && arg && wrapStringAs) {
    return [{ start: arg.getStart(sourceFile), end: arg.getEnd(), newText: `{ ${wrapStringAs}: ${nodeText(arg, sourceFile)}, ${property} }` }];
  }
  if (shape.kind !== 'none' || args.length !== index) return undefined;
  if (index === 0) {
    if (!creation.arguments) return [{ start: creation.getEnd(), end: creation.getEnd(), newText: `({ ${property} })` }];
    return [{ start: args.pos, end: args.pos, newText: `{ ${property} }` }];
  }
  const last = args[index - 1]!;
  return [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }];
}

// ---- pg -----------------------------------------------------------------------------------------

function isPgFactory(callee: Value): 'Pool' | 'Client' | undefined {
  if (isLibrary(callee, 'pg', 'Pool') || isLibrary(callee, 'pg', 'native', 'Pool') || isLibrary(callee, 'pg-pool')) return 'Pool';
  if (isLibrary(callee, 'pg', 'Client') || isLibrary(callee, 'pg', 'native', 'Client')) return 'Client';
  return undefined;
}

const PG_STRING_SETTING = /\b(statement_timeout|query_timeout)\b/;

/**
 * A Client kept for LISTEN/NOTIFY: it runs no statements a timeout would bound (and a
 * statement_timeout does not apply to waiting for notifications).
 */
function isNotificationListener(creation: ts.NewExpression, context: RuleContext): boolean {
  let listener = false;
  const visit = (node: ts.Node): void => {
    if (listener) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const first = node.arguments[0];
      const isNotification = (method === 'on' || method === 'once') && first && ts.isStringLiteralLike(first) && first.text === 'notification';
      const isListen = method === 'query' && first && ts.isStringLiteralLike(first) && /^\s*LISTEN\b/i.test(first.text);
      if (isNotification || isListen) {
        const owner = context.resolve(node.expression.expression);
        if (owner.kind === 'instance' && owner.creation === creation && owner.path.length === 0) listener = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return listener;
}

function checkPg(creation: ts.NewExpression, kind: 'Pool' | 'Client', context: RuleContext): void {
  if (kind === 'Client' && isNotificationListener(creation, context)) return;
  const arg = creation.arguments?.[0];
  const shape = optionsShape(arg, context);
  let zero: ts.Expression | undefined;
  const data = shape.kind === 'opaque' ? context.dataOf(shape.node) : undefined;
  if (data?.kind === 'object' && arg) {
    // Options from a config module (`new Pool(config.db)`): judged from what it exports.
    for (const name of PG_TIMEOUT_OPTIONS) {
      const state = dataOptionState(arg, name, context)!;
      if (state.kind === 'set') return;
      if (state.kind === 'zero') zero ??= creation.expression;
    }
    const options = data.props['options'];
    if (options && (options.kind !== 'string' || options.source === 'unknown' || PG_STRING_SETTING.test(options.text))) return;
    const url = data.props['connectionString'];
    if (url?.kind === 'string' && PG_STRING_SETTING.test(url.text)) return;
  } else if (shape.kind === 'opaque') {
    // A bare connection string: a literal we can read may set it; an env var or config value is
    // read as "none" (a timeout is rarely put in a URL); any other value may be an options object.
    const fromData = data?.kind === 'string' && data.source !== 'unknown' ? data : undefined;
    if (!fromData && !isStringLike(shape.node, context)) return;
    const text = fromData ? fromData.text : literalText(shape.node, context);
    if (text !== undefined && PG_STRING_SETTING.test(text)) return;
  } else if (shape.kind === 'object') {
    for (const name of PG_TIMEOUT_OPTIONS) {
      const state = optionState(shape, name, context);
      if (state.kind === 'set') return;
      if (state.kind === 'zero') zero ??= state.node;
    }
    // `options: '-c statement_timeout=5000'` or a connection string carrying it.
    const options = propertyValue(shape.node, 'options');
    if (options && (literalText(options, context) === undefined || PG_STRING_SETTING.test(literalText(options, context)!))) return;
    const url = propertyValue(shape.node, 'connectionString');
    const urlText = url ? literalText(url, context) : undefined;
    if (urlText !== undefined && PG_STRING_SETTING.test(urlText)) return;
  }
  const dataMax = data?.kind === 'object' && data.props['max']?.kind === 'number' ? data.props['max'].value : undefined;
  // `max: config.db.max`: a size the code does not show; the message then says so instead of claiming pg's default.
  const maxNode = shape.kind === 'object' ? propertyValue(shape.node, 'max') : undefined;
  const maxValue = shape.kind === 'object' ? (maxNode ? numericValue(maxNode) || undefined : LIBRARY_DEFAULTS.pgPoolMax.value) : dataMax || LIBRARY_DEFAULTS.pgPoolMax.value;
  const max = maxValue === undefined ? { held: 'its configured number of', count: 'as many' } : { held: `the pool's ${formatNumber(maxValue)}`, count: formatNumber(maxValue) };
  // Options held in another file's object are edited there, not here.
  const edits = data?.kind === 'object' ? undefined : addOption(creation, 0, shape, `statement_timeout: ${SUGGESTED_CODE}`, context, 'connectionString');
  context.report({
    node: zero ?? creation.expression,
    messageId: kind === 'Pool' ? 'pgPool' : 'pgClient',
    data: { what: `pg ${kind}`, held: max.held, count: max.count, suggested: SUGGESTED, default: LIBRARY_DEFAULTS.pgStatementTimeout.describe },
    fixes: edits ? [{ title: `Cancel queries after ${SUGGESTED} ms (statement_timeout)`, edits }] : [],
  });
}

// ---- MongoDB ------------------------------------------------------------------------------------

const MONGO_URI_SETTING = /[?&](timeoutMS|socketTimeoutMS)=(?!0\b)/i;

function mongoCall(creation: Creation, callee: Value): { label: string; uriIndex: number; optionsIndex: number } | undefined {
  if (ts.isNewExpression(creation) && isLibrary(callee, 'mongodb', 'MongoClient')) return { label: 'MongoClient', uriIndex: 0, optionsIndex: 1 };
  if (!ts.isCallExpression(creation)) return undefined;
  if (isLibrary(callee, 'mongodb', 'MongoClient', 'connect')) return { label: 'MongoClient.connect()', uriIndex: 0, optionsIndex: 1 };
  if (isLibrary(callee, 'mongoose', 'connect')) return { label: 'mongoose.connect()', uriIndex: 0, optionsIndex: 1 };
  if (isLibrary(callee, 'mongoose', 'createConnection')) return { label: 'mongoose.createConnection()', uriIndex: 0, optionsIndex: 1 };
  return undefined;
}

/**
 * mongoose brings its own mongodb driver, which a project rarely declares: name the mongoose
 * version rather than "version unknown" when the driver's own cannot be found.
 */
function mongoVersionNote(label: string, answer: DefaultAnswer, context: RuleContext): string {
  const mongoose = label.startsWith('mongoose') && answer.assumed ? context.packageVersion('mongoose') : undefined;
  if (!mongoose) return describeVersion(answer);
  return `the mongodb driver of mongoose ${mongoose.range ?? mongoose.version} from ${mongoose.source}, assuming a current one`;
}

function checkMongo(creation: Creation, call: { label: string; uriIndex: number; optionsIndex: number }, context: RuleContext): void {
  const args = creation.arguments ?? ts.factory.createNodeArray();
  const uri = args[call.uriIndex];
  // `mongoose.connect()` with no URI (connection opened elsewhere) or a URI we cannot see as a string
  // (a config module's `process.env.MONGO_URL || 'mongodb://…'` is one).
  if (!uri) return;
  const fromData = literalText(uri, context) === undefined ? dataString(uri, context) : undefined;
  if (!fromData && !isStringLike(uri, context)) return;
  const uriText = fromData ? fromData.text : literalText(uri, context);
  if (uriText !== undefined && MONGO_URI_SETTING.test(uriText)) return;
  if (args.length > call.optionsIndex + 1) return;
  const shape = optionsShape(args[call.optionsIndex], context);
  let zero: ts.Expression | undefined;
  for (const name of MONGO_TIMEOUT_OPTIONS) {
    const state = (shape.kind === 'opaque' ? dataOptionState(shape.node, name, context) : undefined) ?? optionState(shape, name, context);
    if (state.kind === 'set') return;
    if (state.kind === 'zero') zero ??= state.node;
  }
  // Drivers before 3.6.3 closed idle sockets after 360 s by default: bounded, if loosely.
  const socketDefault = versionedDefault('mongoSocketTimeoutMs', context.packageVersion('mongodb'));
  if (!socketDefault.assumed && Number(socketDefault.value) > 0 && !zero) return;
  const hasTimeoutMS = versionedDefault('mongoTimeoutMsOption', context.packageVersion('mongodb'));
  // timeoutMS is only offered when the installed driver is known to accept it (6.11+); older
  // drivers reject unknown options, so socketTimeoutMS is the safe suggestion otherwise.
  const option = !hasTimeoutMS.assumed && hasTimeoutMS.value === true ? 'timeoutMS' : 'socketTimeoutMS';
  const edits = addOption(creation, call.optionsIndex, shape, `${option}: ${SUGGESTED_CODE}`, context);
  context.report({
    node: zero ?? creation.expression,
    messageId: 'mongo',
    data: { what: call.label, default: socketDefault.describe, version: mongoVersionNote(call.label, socketDefault, context), option, suggested: SUGGESTED },
    fixes: edits ? [{ title: `Time operations out after ${SUGGESTED} ms (${option})`, edits }] : [],
  });
}

// ---- Redis --------------------------------------------------------------------------------------

function checkIoredis(creation: ts.NewExpression, callee: Value, context: RuleContext): void {
  const isCluster = isLibrary(callee, 'ioredis', 'Cluster') || isLibrary(callee, 'ioredis', 'Redis', 'Cluster');
  const isClient = isLibrary(callee, 'ioredis') || isLibrary(callee, 'ioredis', 'Redis');
  if (!isCluster && !isClient) return;
  const args = creation.arguments ?? ts.factory.createNodeArray();
  let optionsIndex = -1;
  let shape: OptionsShape = { kind: 'none' };
  if (isCluster) {
    optionsIndex = 1;
    shape = optionsShape(args[1], context);
    if (shape.kind === 'object') {
      const nested = optionsShape(propertyValue(shape.node, 'redisOptions'), context);
      if (optionState(nested, 'commandTimeout', context).kind === 'set') return;
    }
  } else {
    // (options) | (url, options?) | (port, host?, options?): every argument we cannot read may be the options.
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const argShape = optionsShape(arg, context);
      if (argShape.kind === 'object') {
        optionsIndex = i;
        shape = argShape;
      } else if (!isStringLike(arg, context) && numericValue(arg) === undefined) {
        return;
      }
    }
    if (optionsIndex === -1) optionsIndex = args.length;
  }
  const state = optionState(shape, 'commandTimeout', context);
  if (state.kind === 'set') return;
  const answer = versionedDefault('ioredisCommandTimeoutMs', context.packageVersion('ioredis'));
  const edits = addOption(creation, optionsIndex, shape, `commandTimeout: ${SUGGESTED_CODE}`, context);
  context.report({
    node: state.kind === 'zero' ? state.node : creation.expression,
    messageId: 'ioredis',
    data: { what: isCluster ? 'This ioredis Cluster' : 'This ioredis client', default: answer.describe, suggested: SUGGESTED },
    fixes: edits ? [{ title: `Fail commands after ${SUGGESTED} ms (commandTimeout)`, edits }] : [],
  });
}

function checkNodeRedis(call: ts.CallExpression | ts.NewExpression, callee: Value, context: RuleContext): void {
  // node-redis 3 also exports its client class: `new RedisClient({ host, port })`.
  const isV3Class = ts.isNewExpression(call) && isLibrary(callee, 'redis', 'RedisClient');
  const module = isLibrary(callee, 'redis', 'createClient') || isV3Class ? 'redis' : isLibrary(callee, '@redis/client', 'createClient') ? '@redis/client' : undefined;
  if (!module) return;
  const version = context.packageVersion('redis') ?? context.packageVersion('@redis/client');
  const answer = versionedDefault('redisCommandTimeoutMs', version);
  // node-redis 6 times commands out after 5 s by default (also assumed when the version is unknown).
  if (Number(answer.value) > 0) return;
  const args = call.arguments ?? ts.factory.createNodeArray();
  const shape = optionsShape(args[0], context);
  if (shape.kind === 'opaque' || args.length > 1) return;
  if (shape.kind === 'object') {
    const commandOptions = optionsShape(propertyValue(shape.node, 'commandOptions'), context);
    if (optionState(commandOptions, 'timeout', context).kind === 'set') return;
    const socket = optionsShape(propertyValue(shape.node, 'socket'), context);
    if (optionState(socket, 'socketTimeout', context).kind === 'set') return;
    if (mayHaveOption(shape, ['commandOptions', 'socket'], context) && !findProperty(shape.node, 'commandOptions') && !findProperty(shape.node, 'socket')) return;
  }
  const option = versionedDefault('redisCommandTimeoutOption', version);
  const canSet = option.value !== '';
  const edits = canSet && !(shape.kind === 'object' && findProperty(shape.node, 'commandOptions')) ? addOption(call, 0, shape, `commandOptions: { timeout: ${SUGGESTED_CODE} }`, context) : undefined;
  context.report({
    node: call.expression,
    messageId: 'nodeRedis',
    data: {
      version: describeVersion(answer),
      advice: canSet
        ? `Set commandOptions.timeout (e.g. ${SUGGESTED} ms), or upgrade to node-redis 6, which times commands out after 5 s by default`
        : 'node-redis before v5 has no command timeout option: upgrade to v5 and set commandOptions.timeout, or to v6, which times commands out after 5 s by default',
    },
    fixes: edits ? [{ title: `Fail commands after ${SUGGESTED} ms (commandOptions.timeout)`, edits }] : [],
  });
}

export const rule: RuleModule = {
  meta: {
    id: 'require-query-timeout',
    category: 'timeouts',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      pgPool:
        'This {{what}} sets no statement_timeout or query_timeout (pg\'s default: {{default}}), so a slow query (a missing index, a lock wait) runs as long as it takes while its request holds one of {{held}} connections: {{count}} such queries at once and every other request waits for a connection. Set statement_timeout (e.g. {{suggested}} ms) so PostgreSQL cancels it, unless the role or the connection string already sets one.',
      pgClient:
        'This {{what}} sets no statement_timeout or query_timeout (pg\'s default: {{default}}), so one slow query (a missing index, a lock wait) blocks this connection, and everything queued behind it, for as long as it runs. Set statement_timeout (e.g. {{suggested}} ms) so PostgreSQL cancels it, unless the role or the connection string already sets one.',
      mongo:
        '{{what}} sets neither timeoutMS nor socketTimeoutMS (socketTimeoutMS defaults to {{default}}; {{version}}), so an operation on a slow or unresponsive server waits with no deadline while it holds a pooled connection and its request, and new requests keep arriving. Set {{option}} (e.g. {{suggested}} ms) in the options or the connection string.',
      ioredis:
        '{{what}} sets no commandTimeout (ioredis\' default: {{default}}), so when Redis stalls (a slow command, a failover, a saturated network) every request waits on its commands with no deadline, and with the offline queue on they pile up in memory. Set commandTimeout (e.g. {{suggested}} ms).',
      nodeRedis:
        'This node-redis client has no command timeout ({{version}}: commands wait forever), so when Redis stalls every request waits on its commands with no deadline. {{advice}}.',
    },
    docs: {
      description:
        'Reports database and cache clients created without a query or command timeout: pg pools and clients without `statement_timeout`/`query_timeout`, MongoDB clients and mongoose connections without `timeoutMS`/`socketTimeoutMS`, ioredis without `commandTimeout`, node-redis before v6 without a command timeout.',
      rationale: [
        'A query without a deadline holds its connection for as long as it runs. One slow query is a slow request; a slow query under load (a missing index, a lock held by a migration, a database at 100% CPU) holds every pool connection in turn, and then every request in the service waits, even the ones that never touch the slow table.',
        'pg sets no statement timeout by default, the MongoDB driver has no socket timeout since 3.6.3 (and no operation timeout unless `timeoutMS` is set, 6.11+), ioredis has no `commandTimeout`, and node-redis had no command timeout before v6 (v6 times commands out after 5 s, so it is not reported).',
        'With `statement_timeout: 5000` PostgreSQL cancels the query itself and frees the connection; the request fails fast with an error you can turn into a 503 instead of hanging.',
        'Options a config module exports as plain data (`module.exports = { mongoose: { url, options: { … } } }`, passed as `config.mongoose.options`) are read in that module. Options the rule cannot read (computed, or spread from something it cannot see) are assumed to set a timeout. A connection string from an environment variable (directly, through a config module, or through a schema-validated copy of `process.env`) is assumed not to: put the timeout in code, or disable the rule on that line if your `DATABASE_URL` or database role sets it.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, statement_timeout: 5_000 });',
      ].join('\n'),
      whenNotToUse:
        'When the timeout is set outside the code (`ALTER ROLE app SET statement_timeout = \'5s\'`, `PGOPTIONS`, a `?options=-c statement_timeout=5000` in the deployed connection string), disable the rule for that line. Analytics jobs that run long queries on purpose belong in scripts, which are not reported.',
    },
  },
  create(context) {
    return {
      NewExpression: (node) => {
        const callee = context.resolve(node.expression);
        const pg = isPgFactory(callee);
        if (pg) return checkPg(node, pg, context);
        const mongo = mongoCall(node, callee);
        if (mongo) return checkMongo(node, mongo, context);
        if (isLibrary(callee, 'redis', 'RedisClient')) return checkNodeRedis(node, callee, context);
        checkIoredis(node, callee, context);
      },
      CallExpression: (node) => {
        const callee = context.resolve(node.expression);
        const mongo = mongoCall(node, callee);
        if (mongo) return checkMongo(node, mongo, context);
        checkNodeRedis(node, callee, context);
      },
    };
  },
};
