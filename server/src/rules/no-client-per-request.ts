// no-client-per-request: a database or cache client (or a whole pool), a message-broker connection
// or an HTTP agent created while serving a request, instead of once per process.
import { ts } from '@ts-morph/common';
import { isLibrary, type Value } from '../engine/values';
import { isInsideNode } from '../engine/ast';
import { LIBRARY_DEFAULTS, REFERENCE_USERS } from '../engine/library-defaults';
import { findProperty, formatNumber, mayHaveOption, nodeText, optionsShape } from './utils';
import type { RuleContext, RuleModule, ReportFix } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

interface ClientFactory {
  modules: string[];
  path: string[];
  label: string;
  /**
   * A pool (reusable as is once hoisted), a single connection, a client that multiplexes one
   * connection (Redis), a message-broker connection, an outbound HTTP agent (its socket pool), or
   * a cloud SDK client (its own agent and credential chain).
   */
  kind: 'pool' | 'connection' | 'multiplexed' | 'duplicate' | 'broker' | 'agent' | 'sdk';
  /** The server's default connection limit, for the message. */
  server?: { name: string; maxConnections: number };
  /** Safe to create once at module level as written (no per-request `connect()` left that would fail on reuse). */
  hoistable?: boolean;
  /** Only a per-request cost when the same function also closes it (`mongoose.connect` reuses an open default connection). */
  onlyWhenClosed?: boolean;
}

const POSTGRES = { name: 'PostgreSQL', maxConnections: LIBRARY_DEFAULTS.postgresMaxConnections.value };
const MYSQL = { name: 'MySQL', maxConnections: LIBRARY_DEFAULTS.mysqlMaxConnections.value };

const FACTORIES: ClientFactory[] = [
  { modules: ['pg'], path: ['Client'], label: 'pg Client', kind: 'connection', server: POSTGRES },
  { modules: ['pg'], path: ['Pool'], label: 'pg Pool', kind: 'pool', server: POSTGRES, hoistable: true },
  { modules: ['pg-pool'], path: [], label: 'pg-pool Pool', kind: 'pool', server: POSTGRES, hoistable: true },
  { modules: ['mysql', 'mysql2', 'mysql2/promise'], path: ['createConnection'], label: 'mysql createConnection()', kind: 'connection', server: MYSQL },
  { modules: ['mysql', 'mysql2', 'mysql2/promise'], path: ['createPool'], label: 'mysql createPool()', kind: 'pool', server: MYSQL, hoistable: true },
  { modules: ['mysql', 'mysql2', 'mysql2/promise'], path: ['createPoolCluster'], label: 'mysql createPoolCluster()', kind: 'pool', server: MYSQL, hoistable: true },
  { modules: ['mongodb'], path: ['MongoClient'], label: 'MongoClient', kind: 'pool', hoistable: true },
  { modules: ['mongodb'], path: ['MongoClient', 'connect'], label: 'MongoClient.connect()', kind: 'pool' },
  { modules: ['@prisma/client'], path: ['PrismaClient'], label: 'PrismaClient', kind: 'pool', hoistable: true },
  { modules: ['ioredis'], path: [], label: 'ioredis client', kind: 'multiplexed', hoistable: true },
  { modules: ['ioredis'], path: ['Redis'], label: 'ioredis client', kind: 'multiplexed', hoistable: true },
  { modules: ['ioredis'], path: ['Cluster'], label: 'ioredis Cluster', kind: 'multiplexed', hoistable: true },
  { modules: ['redis', '@redis/client'], path: ['createClient'], label: 'redis createClient()', kind: 'multiplexed' },
  { modules: ['redis', '@redis/client'], path: ['createCluster'], label: 'redis createCluster()', kind: 'multiplexed' },
  // ORMs and query builders: each instance owns a whole pool.
  { modules: ['knex'], path: [], label: 'knex()', kind: 'pool', hoistable: true },
  { modules: ['knex'], path: ['knex'], label: 'knex()', kind: 'pool', hoistable: true },
  { modules: ['sequelize', '@sequelize/core'], path: ['Sequelize'], label: 'new Sequelize()', kind: 'pool', hoistable: true },
  { modules: ['sequelize'], path: [], label: 'new Sequelize()', kind: 'pool', hoistable: true },
  // A DataSource needs `initialize()`, which fails on one already initialized: no hoisting as written.
  { modules: ['typeorm'], path: ['DataSource'], label: 'new DataSource()', kind: 'pool' },
  { modules: ['typeorm'], path: ['createConnection'], label: 'typeorm createConnection()', kind: 'pool' },
  { modules: ['mongoose'], path: ['createConnection'], label: 'mongoose.createConnection()', kind: 'pool', hoistable: true },
  // mongoose.connect() on an open default connection with the same URI returns it; only
  // connect-then-disconnect per request opens a new pool every time.
  { modules: ['mongoose'], path: ['connect'], label: 'mongoose.connect() (closed again in the same request)', kind: 'pool', onlyWhenClosed: true },
  // Message brokers.
  { modules: ['amqplib', 'amqplib/callback_api'], path: ['connect'], label: 'amqplib.connect()', kind: 'broker' },
  // Outbound HTTP agents: each owns its own socket pool.
  { modules: ['http'], path: ['Agent'], label: 'new http.Agent()', kind: 'agent', hoistable: true },
  { modules: ['https'], path: ['Agent'], label: 'new https.Agent()', kind: 'agent', hoistable: true },
  { modules: ['undici'], path: ['Agent'], label: 'undici Agent', kind: 'agent', hoistable: true },
  { modules: ['undici'], path: ['Pool'], label: 'undici Pool', kind: 'agent', hoistable: true },
  { modules: ['undici'], path: ['Client'], label: 'undici Client', kind: 'agent', hoistable: true },
  { modules: ['agentkeepalive'], path: [], label: 'agentkeepalive Agent', kind: 'agent', hoistable: true },
  { modules: ['agentkeepalive'], path: ['HttpsAgent'], label: 'agentkeepalive HttpsAgent', kind: 'agent', hoistable: true },
];

/** Methods that close what was created: hoisting it would close the shared instance on the first request. */
const CLOSE_METHODS = new Set(['end', 'close', 'destroy', 'disconnect', '$disconnect', 'quit']);

/** Does `fn` call a closing method on `name` (`pool.end()`, `agent.destroy()`)? */
function closesInFunction(fn: ts.Node, matches: (call: ts.CallExpression) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && matches(node)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

function closesVariable(name: string, fn: ts.Node): boolean {
  return closesInFunction(fn, (call) => {
    const callee = call.expression;
    return ts.isPropertyAccessExpression(callee) && CLOSE_METHODS.has(callee.name.text) && ts.isIdentifier(callee.expression) && callee.expression.text === name;
  });
}

/** `mongoose.disconnect()`, `mongoose.connection.close()`, or closing what `mongoose.connect()` returned. */
function closesMongoose(fn: ts.Node, context: RuleContext): boolean {
  return closesInFunction(fn, (call) => {
    const value = context.resolve(call.expression);
    if (value.kind === 'library' && value.module === 'mongoose') return ['disconnect', 'connection.close', 'connection.destroy'].includes(value.path.join('.'));
    if (value.kind === 'instance' && value.module === 'mongoose' && value.factory.join('.') === 'connect') {
      const path = value.path.join('.');
      return path === 'disconnect' || path === 'connection.close' || path === 'connection.destroy';
    }
    return false;
  });
}

/** AWS SDK v3: every `@aws-sdk/client-*` package exports its service client as `<Service>Client`. */
const AWS_SDK_CLIENT: ClientFactory = { modules: [], path: [], label: 'AWS SDK client', kind: 'sdk', hoistable: true };
/** `client.duplicate()` on a node-redis or ioredis client: a second connection with the same options. */
const REDIS_DUPLICATE: ClientFactory = { modules: [], path: [], label: 'client.duplicate()', kind: 'duplicate' };
const REDIS_CLIENT_FACTORIES: Record<string, readonly string[]> = {
  redis: ['createClient', 'createCluster'],
  '@redis/client': ['createClient', 'createCluster'],
  ioredis: ['', 'Redis', 'Cluster', 'default'],
};

/** FACTORIES by module, in their order: factoryFor runs for every call and `new` of a file, so it looks up one module's few. */
const FACTORIES_BY_MODULE = new Map<string, ClientFactory[]>();
for (const factory of FACTORIES) {
  for (const module of factory.modules) {
    const list = FACTORIES_BY_MODULE.get(module);
    if (list) list.push(factory);
    else FACTORIES_BY_MODULE.set(module, [factory]);
  }
}

function factoryFor(callee: Value, creation: ts.NewExpression | ts.CallExpression): ClientFactory | undefined {
  const listed = callee.kind === 'library' ? FACTORIES_BY_MODULE.get(callee.module)?.find((f) => isLibrary(callee, f.modules, ...f.path)) : undefined;
  if (listed) return listed;
  if (ts.isNewExpression(creation) && callee.kind === 'library' && callee.module.startsWith('@aws-sdk/client-') && callee.path.length === 1 && /^[A-Z]\w*Client$/.test(callee.path[0]!)) {
    return { ...AWS_SDK_CLIENT, label: `new ${callee.path[0]}()` };
  }
  if (ts.isCallExpression(creation) && (callee.kind === 'instance' || callee.kind === 'remote-instance') && callee.path.length === 1 && callee.path[0] === 'duplicate') {
    const factories = REDIS_CLIENT_FACTORIES[callee.module];
    if (factories?.includes(callee.factory.join('.'))) return REDIS_DUPLICATE;
  }
  return undefined;
}

/** Options by which a Node `http(s).Agent` keeps or bounds sockets. */
const NODE_AGENT_POOL_OPTIONS = ['keepAlive', 'maxSockets', 'maxTotalSockets', 'maxFreeSockets'];

/**
 * `new https.Agent({ rejectUnauthorized: false })` per request: Node's Agent keeps no sockets
 * without `keepAlive` and bounds none without `maxSockets`, so a shared one would reuse nothing
 * either — it carries TLS settings, not a pool, and costs what any object costs.
 */
function poolsNothing(creation: ts.NewExpression | ts.CallExpression, callee: Value, context: RuleContext): boolean {
  if (!isLibrary(callee, ['http', 'https'], 'Agent')) return false;
  const shape = optionsShape(creation.arguments?.[0], context);
  if (shape.kind === 'opaque') return false;
  if (shape.kind === 'none') return true;
  const keepAlive = findProperty(shape.node, 'keepAlive');
  const keepAliveOff = keepAlive && ts.isPropertyAssignment(keepAlive) && keepAlive.initializer.kind === SyntaxKind.FalseKeyword;
  const others = NODE_AGENT_POOL_OPTIONS.filter((name) => name !== 'keepAlive');
  return (!keepAlive || keepAliveOff === true) && !mayHaveOption(shape, others, context) && !(shape.hasSpread && mayHaveOption(shape, ['keepAlive'], context));
}

const GLOBAL_OBJECTS = new Set(['global', 'globalThis', 'window']);

/** `x` is module-level state: a module-level binding, `this.x`, or a property of one of those. */
function isLongLivedTarget(target: ts.Expression, context: RuleContext): boolean {
  let root: ts.Expression = target;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
  if (root.kind === SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(root)) return false;
  const binding = context.lookupBinding(root.text, root);
  if (!binding) return GLOBAL_OBJECTS.has(root.text);
  return context.isModuleLevelBinding(binding);
}

/** `cache.set(key, client)` on a module-level map, or an assignment to module-level state. */
function storesInLongLivedState(node: ts.Node, context: RuleContext): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.right === node) {
    const op = parent.operatorToken.kind;
    if (op === SyntaxKind.EqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) {
      return isLongLivedTarget(parent.left, context);
    }
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) && ts.isPropertyAccessExpression(parent.expression)) {
    const method = parent.expression.name.text;
    if (method === 'set' || method === 'push' || method === 'add') return isLongLivedTarget(parent.expression.expression, context);
  }
  return false;
}

/** Created once and kept: `pool ??= new Pool()`, `if (!db) db = new Pool()`, `pools.set(tenant, new Pool())`. */
function isCachedOnce(creation: ts.Expression, context: RuleContext): boolean {
  let node: ts.Node = creation;
  for (;;) {
    const parent: ts.Node = node.parent;
    const passesThrough =
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isConditionalExpression(parent) ||
      (ts.isBinaryExpression(parent) &&
        parent.right === node &&
        (parent.operatorToken.kind === SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === SyntaxKind.BarBarToken));
    if (!passesThrough) break;
    node = parent;
  }
  if (storesInLongLivedState(node, context)) return true;
  if (insideLazyInit(creation, context)) return true;
  // `const client = new Pool(); pools.set(key, client)` / `local = new Pool(); cached = local`.
  const parent = node.parent;
  let local: ts.Identifier | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) local = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.right === node && ts.isIdentifier(parent.left)) local = parent.left;
  if (!local) return false;
  const name = local.text;
  const fn = context.enclosingFunction(parent);
  let stored = false;
  const visit = (child: ts.Node): void => {
    if (stored) return;
    if (ts.isIdentifier(child) && child.text === name && child !== local && storesInLongLivedState(child, context)) stored = true;
    ts.forEachChild(child, visit);
  };
  if (fn) ts.forEachChild(fn, visit);
  return stored;
}

/**
 * Inside `if (!channel) { … channel = … }` where `channel` is long-lived state: a lazy
 * initialisation that runs once, even when the client itself is only a local on the way.
 */
function insideLazyInit(creation: ts.Expression, context: RuleContext): boolean {
  const fn = context.enclosingFunction(creation);
  for (let node: ts.Node = creation.parent; node && node !== fn; node = node.parent) {
    if (!ts.isIfStatement(node) || !isInsideNode(creation, node.thenStatement)) continue;
    const guarded = unsetTarget(node.expression);
    if (!guarded || !isLongLivedTarget(guarded, context)) continue;
    const text = guarded.getText(context.sourceFile);
    let assigned = false;
    const visit = (child: ts.Node): void => {
      if (assigned) return;
      if (ts.isBinaryExpression(child) && child.operatorToken.kind === SyntaxKind.EqualsToken && child.left.getText(context.sourceFile) === text) assigned = true;
      ts.forEachChild(child, visit);
    };
    visit(node.thenStatement);
    if (assigned) return true;
  }
  return false;
}

/** `!x`, `x == null`, `x === undefined`, `!this.x`: the expression tested for "not set yet". */
function unsetTarget(condition: ts.Expression): ts.Expression | undefined {
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === SyntaxKind.ExclamationToken) return condition.operand;
  if (ts.isBinaryExpression(condition)) {
    const op = condition.operatorToken.kind;
    const isEquality = op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.EqualsEqualsEqualsToken;
    const right = condition.right;
    if (isEquality && (right.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(right) && right.text === 'undefined'))) return condition.left;
  }
  return undefined;
}

/** Identifiers in `node` bound inside a function (request data, locals): hoisting would break them. */
function usesLocalBindings(node: ts.Node, context: RuleContext): boolean {
  let local = false;
  const visit = (child: ts.Node): void => {
    if (local) return;
    if (ts.isIdentifier(child)) {
      const parent = child.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === child) || (ts.isPropertyAssignment(parent) && parent.name === child);
      if (!isPropertyName) {
        const binding = context.lookupBinding(child.text, child);
        if (binding && !context.isModuleLevelBinding(binding)) local = true;
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return local;
}

/** Where module-level declarations go: after the leading imports and requires. */
function moduleInsertionPoint(sourceFile: ts.SourceFile): number {
  let position = 0;
  for (const statement of sourceFile.statements) {
    const isImport =
      ts.isImportDeclaration(statement) ||
      ts.isImportEqualsDeclaration(statement) ||
      (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.initializer && /\brequire\s*\(/.test(d.initializer.getText(sourceFile))));
    if (!isImport) break;
    position = statement.getEnd();
  }
  return position;
}

/** Moves `const pool = new Pool(cfg)` from the handler to module level, where it is made once. */
function hoistFix(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): ReportFix | undefined {
  const sourceFile = context.sourceFile;
  // Awaited creations would need top-level await, which CommonJS modules do not have.
  const node: ts.Node = creation;
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(statement) || list.declarations.length !== 1) return undefined;
  if (usesLocalBindings(creation, context)) return undefined;
  const name = declaration.name.text;
  const fn = context.enclosingFunction(creation);
  if (fn && closesVariable(name, fn)) return undefined;
  const existing = context.lookupBinding(name, sourceFile);
  if (existing && context.isModuleLevelBinding(existing)) return undefined;
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const onlyThingOnLine = text.slice(lineStart, start).trim() === '' && /^[ \t]*(\r?\n|$)/.test(text.slice(statement.getEnd()));
  const lineEnd = text.indexOf('\n', statement.getEnd());
  const removeStart = onlyThingOnLine ? lineStart : start;
  const removeEnd = onlyThingOnLine ? (lineEnd === -1 ? text.length : lineEnd + 1) : statement.getEnd();
  const insertAt = moduleInsertionPoint(sourceFile);
  const declarationText = `const ${name} = ${nodeText(node, sourceFile)};`;
  const insertText = insertAt === 0 ? `${declarationText}\n\n` : `\n\n// Created once per process and shared by every request.\n${declarationText}`;
  return {
    title: `Create '${name}' once at module level and reuse it`,
    edits: [
      { start: insertAt, end: insertAt, newText: insertText },
      { start: removeStart, end: removeEnd, newText: '' },
    ],
  };
}

const MESSAGE_BY_KIND: Record<ClientFactory['kind'], string> = {
  pool: 'poolPerRequest',
  connection: 'connectionPerRequest',
  multiplexed: 'clientPerRequest',
  duplicate: 'duplicatePerRequest',
  broker: 'brokerConnectionPerRequest',
  agent: 'agentPerRequest',
  sdk: 'sdkClientPerRequest',
};

function check(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): void {
  const calleeValue = context.resolve(creation.expression);
  const factory = factoryFor(calleeValue, creation);
  if (!factory) return;
  if (context.isModuleLevel(creation) || isCachedOnce(creation, context)) return;
  if (factory.kind === 'agent' && poolsNothing(creation, calleeValue, context)) return;
  if (factory.onlyWhenClosed) {
    const fn = context.enclosingFunction(creation);
    if (!fn || !closesMongoose(fn, context)) return;
  }
  const fix = factory.hoistable ? hoistFix(creation, context) : undefined;
  context.report({
    node: creation.expression,
    messageId: MESSAGE_BY_KIND[factory.kind],
    data: {
      what: factory.label,
      callee: nodeText(creation.expression, context.sourceFile),
      users: formatNumber(REFERENCE_USERS),
      limitNote: factory.server
        ? `, against ${factory.server.name}'s default limit of ${factory.server.maxConnections} connections`
        : '',
    },
    fixes: fix ? [fix] : [],
  });
}

export const rule: RuleModule = {
  meta: {
    id: 'no-client-per-request',
    category: 'pooling',
    defaultSeverity: 'error',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      connectionPerRequest:
        '{{what}} is created for every request: each one pays a fresh TCP/TLS/auth handshake (typically 20–50 ms) and {{users}} concurrent users hold up to {{users}} connections at once{{limitNote}}. Create one pool at module level and borrow a connection from it per request.',
      clientPerRequest:
        '{{what}} is created for every request: each one opens its own connection (a TCP/TLS handshake and AUTH, typically 5–50 ms) and {{users}} concurrent users hold up to {{users}} connections to the server at once. Create one client at module level and share it: it pipelines every request\'s commands over one connection.',
      poolPerRequest:
        '{{what}} is created for every request, so no connection is ever reused: each request pays a fresh handshake and {{users}} concurrent users open {{users}} separate pools{{limitNote}}. Create it once at module level and reuse it.',
      agentPerRequest:
        '{{what}} is created for every request, so its sockets are never reused: every outbound call pays a new TCP handshake (and TLS, typically 20–100 ms), `maxSockets` bounds nothing because each request has its own agent, and {{users}} concurrent users open up to {{users}} sockets to the upstream, which then linger in TIME_WAIT. Create the agent once at module level and share it.',
      duplicatePerRequest:
        '`{{callee}}()` opens a new Redis connection for every request (typically a subscriber per SSE or long-poll client): each one costs a TCP/TLS handshake and AUTH, and {{users}} connected viewers hold {{users}} Redis connections, each with its own buffers on the server. Subscribe once at startup with one shared subscriber and fan messages out to the open responses in the process (an EventEmitter or a Set of responses).',
      sdkClientPerRequest:
        '{{what}} is created for every request: an AWS SDK v3 client owns its own HTTPS agent (a keep-alive socket pool) and resolves credentials and the region on first use, so a client per request pays a new TLS handshake (typically 20–100 ms) on every call, may query the credential chain (instance metadata, SSO, STS) again, and {{users}} concurrent users open up to {{users}} sockets to AWS. Create the client once at module level and share it: it is safe to use from concurrent requests.',
      brokerConnectionPerRequest:
        '{{what}} opens a new broker connection for every request: a TCP (and TLS) handshake plus the AMQP handshake, several round trips, and the broker keeps a process and buffers per connection, so {{users}} concurrent users hold up to {{users}} connections to it. Open one connection at startup and create channels from it (or reuse one channel).',
    },
    docs: {
      description:
        'Reports database and cache clients (pg, mysql/mysql2, MongoDB, mongoose, Prisma, knex, Sequelize, TypeORM, ioredis, redis, and Redis `duplicate()` connections), AMQP connections, outbound HTTP agents (http/https, undici, agentkeepalive) and AWS SDK v3 service clients created while serving a request.',
      rationale: [
        'Opening a connection costs a TCP handshake, often TLS, and authentication: typically 20–50 ms, more than most queries.',
        'A client created per request also holds its own connection(s) for as long as the request lasts, so the number of open connections grows with concurrent users instead of staying at the pool size.',
        'PostgreSQL accepts 100 connections by default (MySQL 151): at 1,000 concurrent users, per-request clients exhaust the server long before the application runs out of CPU, and every other service sharing that database fails with it.',
        'A pool created once per process caps connections at its `max` (pg default 10) and reuses them, so a connection costs a handshake once, not once per request. The same holds for an ORM or query builder instance (`knex()`, `new Sequelize()`, `new DataSource()`, `mongoose.createConnection()`): each one owns a whole pool.',
        'An outbound HTTP agent (`new https.Agent()`, undici `Agent`/`Pool`/`Client`) is a socket pool too: created per request, its keep-alive sockets are never reused, so every call pays a new TCP and TLS handshake and its `maxSockets` limits nothing. A Node `http(s).Agent` with neither `keepAlive` nor a socket limit (`new https.Agent({ rejectUnauthorized })`) keeps no sockets, so one per request costs no more than a shared one and is not reported. An AMQP connection (`amqplib.connect()`) per request costs several round trips and a broker process each.',
        'An AWS SDK v3 client (`new S3Client()`, `new DynamoDBClient()`, any `@aws-sdk/client-*` `…Client`) owns an HTTPS agent and resolves credentials on first use: one per request re-handshakes every call and may walk the credential chain again. `redis.duplicate()` opens a second connection: per request (a subscriber per SSE viewer) it costs one Redis connection per open client, where one shared subscriber would do. A subscriber duplicated once at startup is not reported.',
        '`mongoose.connect()` is reported only when the same function also disconnects: on an open default connection with the same URI it returns the existing connection. `axios.create()` per request is not reported: without its own agent it sends through Node\'s global agent, which keeps its sockets; an agent passed to it is reported where it is created.',
      ].join('\n\n'),
      bad: [
        "const { Client } = require('pg');",
        '',
        "app.get('/users/:id', async (req, res) => {",
        '  const client = new Client();',
        '  await client.connect();',
        "  const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [req.params.id]);",
        '  await client.end();',
        '  res.json(rows[0]);',
        '});',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        '// Created once per process and shared by every request.',
        'const pool = new Pool({ max: 20, connectionTimeoutMillis: 5000 });',
        '',
        "app.get('/users/:id', async (req, res) => {",
        "  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);",
        '  res.json(rows[0]);',
        '});',
      ].join('\n'),
      whenNotToUse:
        'One-off scripts, migrations and tests create clients freely; the rule only looks at code reached from request handlers, so they are not reported. A client created once and cached in module-level state (`pool ??= new Pool()`, a per-tenant `Map`) is not reported either. If a request truly needs a dedicated connection (for example `LISTEN` on PostgreSQL), disable the rule for that line.',
    },
  },
  create(context) {
    return {
      NewExpression: (node) => check(node, context),
      CallExpression: (node) => check(node, context),
    };
  },
};
