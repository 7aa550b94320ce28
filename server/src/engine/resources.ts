// What creates a connection-holding resource (a DB pool, a single DB connection, a Redis client,
// an HTTP agent, a generic pool), what its options mean, and which of its methods hold a unit.
// Used by the summary (inventory for the capacity estimate) and by rules; pure data + lookups.
import { ts } from '@ts-morph/common';
import type { Value } from './values';

const { SyntaxKind } = ts;

export type ResourceKind = 'db-pool' | 'db-connection' | 'redis' | 'http-agent' | 'generic-pool';

export interface ResourceFactory {
  kind: ResourceKind;
  /** Library label for people: 'pg', 'mysql2', 'mongodb'… */
  library: string;
  modules: readonly string[];
  path: readonly string[];
  /** `new X()` or `x()`. */
  construct: 'new' | 'call' | 'either';
  /** Which argument holds the options, and the option path of the size and acquire timeout. */
  optionsArg: number;
  sizeOption?: readonly string[];
  acquireTimeoutOption?: readonly string[];
  /** Fixed size (a single connection, a multiplexed client). */
  fixedSize?: number;
  /** Key into LIBRARY_DEFAULTS / VERSIONED_DEFAULTS for the default size, and the package it depends on. */
  defaultSize?: { key: string; package: string };
  defaultAcquireTimeoutMs?: number;
  /** Other option paths that set the size when `sizeOption` is absent (TypeORM passes `extra` to the driver: pg `max`, mysql `connectionLimit`). */
  altSizeOptions?: readonly (readonly string[])[];
  /** A NestJS `forRootAsync({ useFactory })`: the options are what `useFactory` returns. */
  nestAsync?: boolean;
  /** The default size is per CPU of the app host (Prisma ≤ 6: connection_limit = physical CPUs × 2 + 1). */
  sizePerCpu?: { perCpu: number; plus: number };
  /** The database engine the driver talks to, or the option that says it (`dialect`, `client`, `type`). */
  database?: string;
  databaseOption?: string;
  /** The positional argument holding a connection URL (`mongoose.connect(uri)`, `new Sequelize(url)`). */
  urlArg?: number;
}

export const RESOURCE_FACTORIES: readonly ResourceFactory[] = [
  { kind: 'db-pool', library: 'pg', modules: ['pg'], path: ['Pool'], construct: 'new', optionsArg: 0, sizeOption: ['max'], acquireTimeoutOption: ['connectionTimeoutMillis'], defaultSize: { key: 'pgPoolMax', package: 'pg' }, defaultAcquireTimeoutMs: 0, database: 'postgresql' },
  { kind: 'db-pool', library: 'pg', modules: ['pg'], path: ['native', 'Pool'], construct: 'new', optionsArg: 0, sizeOption: ['max'], acquireTimeoutOption: ['connectionTimeoutMillis'], defaultSize: { key: 'pgPoolMax', package: 'pg' }, defaultAcquireTimeoutMs: 0, database: 'postgresql' },
  { kind: 'db-pool', library: 'pg-pool', modules: ['pg-pool'], path: [], construct: 'new', optionsArg: 0, sizeOption: ['max'], acquireTimeoutOption: ['connectionTimeoutMillis'], defaultSize: { key: 'pgPoolMax', package: 'pg-pool' }, defaultAcquireTimeoutMs: 0, database: 'postgresql' },
  { kind: 'db-connection', library: 'pg', modules: ['pg'], path: ['Client'], construct: 'new', optionsArg: 0, fixedSize: 1, database: 'postgresql' },
  { kind: 'db-pool', library: 'mysql2', modules: ['mysql2', 'mysql2/promise'], path: ['createPool'], construct: 'call', optionsArg: 0, sizeOption: ['connectionLimit'], defaultSize: { key: 'mysql2ConnectionLimit', package: 'mysql2' }, database: 'mysql' },
  { kind: 'db-pool', library: 'mysql', modules: ['mysql'], path: ['createPool'], construct: 'call', optionsArg: 0, sizeOption: ['connectionLimit'], defaultSize: { key: 'mysql2ConnectionLimit', package: 'mysql' }, defaultAcquireTimeoutMs: 0, database: 'mysql' },
  { kind: 'db-connection', library: 'mysql2', modules: ['mysql2', 'mysql2/promise'], path: ['createConnection'], construct: 'call', optionsArg: 0, fixedSize: 1, database: 'mysql' },
  { kind: 'db-connection', library: 'mysql', modules: ['mysql'], path: ['createConnection'], construct: 'call', optionsArg: 0, fixedSize: 1, database: 'mysql' },
  { kind: 'db-pool', library: 'mariadb', modules: ['mariadb'], path: ['createPool'], construct: 'call', optionsArg: 0, sizeOption: ['connectionLimit'], acquireTimeoutOption: ['acquireTimeout'], defaultSize: { key: 'mariadbConnectionLimit', package: 'mariadb' }, defaultAcquireTimeoutMs: 10000, database: 'mysql' },
  { kind: 'db-pool', library: 'knex', modules: ['knex'], path: [], construct: 'call', optionsArg: 0, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['acquireConnectionTimeout'], defaultSize: { key: 'knexPoolMax', package: 'knex' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'client' },
  { kind: 'db-pool', library: 'knex', modules: ['knex'], path: ['knex'], construct: 'call', optionsArg: 0, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['acquireConnectionTimeout'], defaultSize: { key: 'knexPoolMax', package: 'knex' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'client' },
  { kind: 'db-pool', library: 'sequelize', modules: ['sequelize', '@sequelize/core'], path: ['Sequelize'], construct: 'new', optionsArg: -1, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['pool', 'acquire'], defaultSize: { key: 'sequelizePoolMax', package: 'sequelize' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'dialect', urlArg: 0 },
  { kind: 'db-pool', library: 'sequelize', modules: ['sequelize', '@sequelize/core'], path: [], construct: 'new', optionsArg: -1, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['pool', 'acquire'], defaultSize: { key: 'sequelizePoolMax', package: 'sequelize' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'dialect', urlArg: 0 },
  { kind: 'db-pool', library: 'sequelize', modules: ['sequelize-typescript'], path: ['Sequelize'], construct: 'new', optionsArg: -1, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['pool', 'acquire'], defaultSize: { key: 'sequelizePoolMax', package: 'sequelize' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'dialect', urlArg: 0 },
  { kind: 'db-pool', library: 'sequelize', modules: ['@nestjs/sequelize'], path: ['SequelizeModule', 'forRoot'], construct: 'call', optionsArg: 0, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['pool', 'acquire'], defaultSize: { key: 'sequelizePoolMax', package: 'sequelize' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'dialect' },
  { kind: 'db-pool', library: 'sequelize', modules: ['@nestjs/sequelize'], path: ['SequelizeModule', 'forRootAsync'], construct: 'call', optionsArg: 0, nestAsync: true, sizeOption: ['pool', 'max'], acquireTimeoutOption: ['pool', 'acquire'], defaultSize: { key: 'sequelizePoolMax', package: 'sequelize' }, defaultAcquireTimeoutMs: 60000, databaseOption: 'dialect' },
  { kind: 'db-pool', library: 'typeorm', modules: ['typeorm'], path: ['DataSource'], construct: 'new', optionsArg: 0, sizeOption: ['poolSize'], altSizeOptions: [['extra', 'max'], ['extra', 'connectionLimit']], defaultSize: { key: 'typeormPoolSize', package: 'typeorm' }, databaseOption: 'type' },
  { kind: 'db-pool', library: 'typeorm', modules: ['@nestjs/typeorm'], path: ['TypeOrmModule', 'forRoot'], construct: 'call', optionsArg: 0, sizeOption: ['poolSize'], altSizeOptions: [['extra', 'max'], ['extra', 'connectionLimit']], defaultSize: { key: 'typeormPoolSize', package: 'typeorm' }, databaseOption: 'type' },
  { kind: 'db-pool', library: 'typeorm', modules: ['@nestjs/typeorm'], path: ['TypeOrmModule', 'forRootAsync'], construct: 'call', optionsArg: 0, nestAsync: true, sizeOption: ['poolSize'], altSizeOptions: [['extra', 'max'], ['extra', 'connectionLimit']], defaultSize: { key: 'typeormPoolSize', package: 'typeorm' }, databaseOption: 'type' },
  { kind: 'db-pool', library: 'mongodb', modules: ['mongodb'], path: ['MongoClient'], construct: 'new', optionsArg: 1, sizeOption: ['maxPoolSize'], acquireTimeoutOption: ['waitQueueTimeoutMS'], defaultSize: { key: 'mongoMaxPoolSize', package: 'mongodb' }, defaultAcquireTimeoutMs: 0, database: 'mongodb', urlArg: 0 },
  { kind: 'db-pool', library: 'mongoose', modules: ['mongoose'], path: ['createConnection'], construct: 'call', optionsArg: 1, sizeOption: ['maxPoolSize'], acquireTimeoutOption: ['waitQueueTimeoutMS'], defaultSize: { key: 'mongoosePoolSize', package: 'mongoose' }, defaultAcquireTimeoutMs: 0, database: 'mongodb', urlArg: 0 },
  // `mongoose.connect(uri, options)`: the default connection, which every `mongoose.model()` uses.
  { kind: 'db-pool', library: 'mongoose', modules: ['mongoose'], path: ['connect'], construct: 'call', optionsArg: 1, sizeOption: ['maxPoolSize'], acquireTimeoutOption: ['waitQueueTimeoutMS'], defaultSize: { key: 'mongoosePoolSize', package: 'mongoose' }, defaultAcquireTimeoutMs: 0, database: 'mongodb', urlArg: 0 },
  { kind: 'db-pool', library: 'mongoose', modules: ['@nestjs/mongoose'], path: ['MongooseModule', 'forRoot'], construct: 'call', optionsArg: 1, sizeOption: ['maxPoolSize'], acquireTimeoutOption: ['waitQueueTimeoutMS'], defaultSize: { key: 'mongoosePoolSize', package: 'mongoose' }, defaultAcquireTimeoutMs: 0, database: 'mongodb', urlArg: 0 },
  { kind: 'db-pool', library: 'mongoose', modules: ['@nestjs/mongoose'], path: ['MongooseModule', 'forRootAsync'], construct: 'call', optionsArg: 0, nestAsync: true, sizeOption: ['maxPoolSize'], acquireTimeoutOption: ['waitQueueTimeoutMS'], defaultSize: { key: 'mongoosePoolSize', package: 'mongoose' }, defaultAcquireTimeoutMs: 0, database: 'mongodb' },
  // Prisma ≤ 6 sizes its pool from `connection_limit` in the datasource URL, else physical CPUs × 2 + 1.
  { kind: 'db-pool', library: 'prisma', modules: ['@prisma/client'], path: ['PrismaClient'], construct: 'new', optionsArg: 0, sizePerCpu: { perCpu: 2, plus: 1 }, defaultSize: { key: 'prismaConnectionLimit', package: '@prisma/client' } },
  { kind: 'redis', library: 'ioredis', modules: ['ioredis'], path: [], construct: 'new', optionsArg: -1, fixedSize: 1 },
  { kind: 'redis', library: 'ioredis', modules: ['ioredis'], path: ['Redis'], construct: 'new', optionsArg: -1, fixedSize: 1 },
  { kind: 'redis', library: 'redis', modules: ['redis', '@redis/client'], path: ['createClient'], construct: 'call', optionsArg: 0, fixedSize: 1 },
  // node-redis 3 also exports its client class (`new RedisClient({ host, port })`), one multiplexed connection like createClient.
  { kind: 'redis', library: 'redis', modules: ['redis'], path: ['RedisClient'], construct: 'new', optionsArg: 0, fixedSize: 1 },
  { kind: 'generic-pool', library: 'generic-pool', modules: ['generic-pool'], path: ['createPool'], construct: 'call', optionsArg: 1, sizeOption: ['max'], acquireTimeoutOption: ['acquireTimeoutMillis'], defaultSize: { key: 'genericPoolMax', package: 'generic-pool' }, defaultAcquireTimeoutMs: 0 },
  { kind: 'http-agent', library: 'http', modules: ['http', 'https'], path: ['Agent'], construct: 'new', optionsArg: 0, sizeOption: ['maxSockets'] },
  { kind: 'http-agent', library: 'undici', modules: ['undici'], path: ['Pool'], construct: 'new', optionsArg: 1, sizeOption: ['connections'] },
  { kind: 'http-agent', library: 'undici', modules: ['undici'], path: ['Agent'], construct: 'new', optionsArg: 0, sizeOption: ['connections'] },
];

/**
 * Prisma driver adapters (`new PrismaClient({ adapter })`): the adapter makes the driver's pool from
 * its options (or wraps a pool the code made), so that pool is the Prisma client's, with the
 * driver's option names and defaults. Defaults are keys into VERSIONED_DEFAULTS.
 */
export interface PrismaAdapter {
  module: string;
  path: readonly string[];
  /** The driver whose pool the adapter makes, and the factories of that driver's pools it may wrap. */
  driver: string;
  pools: readonly { module: string; factory: readonly string[] }[];
  sizeOption: readonly string[];
  acquireTimeoutOption: readonly string[];
  defaultSizeKey: string;
  defaultAcquireTimeoutKey: string;
  database: string;
}

export const PRISMA_ADAPTERS: readonly PrismaAdapter[] = [
  {
    module: '@prisma/adapter-pg', path: ['PrismaPg'], driver: 'pg',
    pools: [{ module: 'pg', factory: ['Pool'] }, { module: 'pg', factory: ['native', 'Pool'] }, { module: 'pg-pool', factory: [] }],
    sizeOption: ['max'], acquireTimeoutOption: ['connectionTimeoutMillis'], defaultSizeKey: 'prismaPgAdapterMax', defaultAcquireTimeoutKey: 'prismaPgAdapterAcquireTimeoutMs', database: 'postgresql',
  },
  {
    module: '@prisma/adapter-mariadb', path: ['PrismaMariaDb'], driver: 'mariadb',
    pools: [{ module: 'mariadb', factory: ['createPool'] }],
    sizeOption: ['connectionLimit'], acquireTimeoutOption: ['acquireTimeout'], defaultSizeKey: 'prismaMariaDbAdapterConnectionLimit', defaultAcquireTimeoutKey: 'prismaMariaDbAdapterAcquireTimeoutMs', database: 'mysql',
  },
];

/** The Prisma driver adapter a `new` callee denotes. */
export function prismaAdapter(callee: Value): PrismaAdapter | undefined {
  if (callee.kind !== 'library') return undefined;
  return PRISMA_ADAPTERS.find((a) => a.module === callee.module && a.path.length === callee.path.length && a.path.every((p, i) => p === callee.path[i]));
}

/** Whether a made instance (its module and factory) is a pool of the adapter's driver, which the adapter then wraps. */
export function isAdapterPool(adapter: PrismaAdapter, module: string, factory: readonly string[]): boolean {
  return adapter.pools.some((p) => p.module === module && p.factory.length === factory.length && p.factory.every((f, i) => f === factory[i]));
}

/** The factory a callee value denotes, for a `new` or a call. */
export function resourceFactory(callee: Value, isNew: boolean): ResourceFactory | undefined {
  if (callee.kind !== 'library') return undefined;
  return RESOURCE_FACTORIES.find(
    (f) =>
      f.modules.includes(callee.module) &&
      f.path.length === callee.path.length &&
      f.path.every((p, i) => p === callee.path[i]) &&
      (f.construct === 'either' || (f.construct === 'new') === isNew),
  );
}

export type UseKind = 'query' | 'checkout' | 'transaction';

/** Methods that hold a connection past the call: a checked-out client, a transaction. */
const CHECKOUT_METHODS = new Set(['connect', 'getConnection', 'acquire', 'reserve']);
const TRANSACTION_METHODS = new Set(['transaction', '$transaction', 'startSession', 'withTransaction']);
/**
 * MongoDB drivers pin a connection to a session or transaction only behind a load balancer
 * (`loadBalanced: true`); otherwise every operation checks a connection out and back, so a
 * session holds none (MongoDB "Load Balancer Support" specification; NODE/RUST-954, JAVA-4081).
 */
export const SESSION_HOLDS_NO_CONNECTION = new Set(['mongodb', 'mongoose']);
/** Methods that configure or observe, holding nothing. */
const NON_USE_METHODS = new Set(['then', 'catch', 'finally', 'on', 'once', 'off', 'end', 'release', 'destroy', 'close', 'quit', 'disconnect', '$disconnect', '$connect', 'removeListener', 'addListener', 'emit', 'setMaxListeners', 'totalCount', 'idleCount', 'waitingCount', 'escape', 'format', 'raw', 'fn', 'schema', 'drain', 'clear', 'duplicate', 'defineCommand', 'status', 'options', 'pool', 'model', 'define', 'sync', 'authenticate', 'getRepository', 'initialize', 'db']);

/** How a call on a resource (its `path` below the resource) uses it, or undefined if it holds nothing. */
export function useKind(path: readonly string[]): UseKind | undefined {
  const method = path[path.length - 1] === '()' ? path[path.length - 2] : path[path.length - 1];
  if (!method) return undefined;
  if (CHECKOUT_METHODS.has(method)) return 'checkout';
  if (TRANSACTION_METHODS.has(method)) return 'transaction';
  if (NON_USE_METHODS.has(method) || path.length === 0) return undefined;
  return 'query';
}

/** A literal number at `path` in an options object literal (`{ pool: { max: 20 } }`). */
export function numericOption(options: ts.Expression | undefined, path: readonly string[]): number | undefined {
  let current: ts.Expression | undefined = options;
  for (const key of path) {
    while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.expression;
    if (!current || !ts.isObjectLiteralExpression(current)) return undefined;
    const prop: ts.ObjectLiteralElementLike | undefined = current.properties.find(
      (p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
    );
    current = prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
  }
  if (!current) return undefined;
  if (ts.isNumericLiteral(current)) return Number(current.text.replace(/_/g, ''));
  // `Number(process.env.PG_POOL_MAX) || 20`, `parseInt(x) || 20`: the literal fallback is what runs without config.
  if (ts.isBinaryExpression(current) && (current.operatorToken.kind === SyntaxKind.BarBarToken || current.operatorToken.kind === SyntaxKind.QuestionQuestionToken) && ts.isNumericLiteral(current.right)) {
    return Number(current.right.text.replace(/_/g, ''));
  }
  return undefined;
}

/** Whether the options may set `path` (present, or hidden behind something we cannot read). */
export function optionPresent(options: ts.Expression | undefined, path: readonly string[]): 'yes' | 'no' | 'unknown' {
  let current: ts.Expression | undefined = options;
  if (!current) return 'no';
  for (const key of path) {
    while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.expression;
    if (!current || !ts.isObjectLiteralExpression(current)) return 'unknown';
    if (current.properties.some((p) => ts.isSpreadAssignment(p))) return 'unknown';
    const prop: ts.ObjectLiteralElementLike | undefined = current.properties.find(
      (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
    );
    if (!prop) return 'no';
    current = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
    if (!current) return 'yes';
  }
  return 'yes';
}

/** The database engine a driver, ORM option (`dialect`, knex `client`, TypeORM `type`) or URL scheme names. */
export function databaseKind(text: string): string | undefined {
  const t = text.toLowerCase().replace(/:.*$/, '').replace(/\+srv$/, '');
  if (/^(pg|pg-native|postgres|postgresql|aurora-postgres)$/.test(t)) return 'postgresql';
  if (/^(mysql|mysql2|mariadb|aurora-mysql)$/.test(t)) return 'mysql';
  if (/^(mongodb|mongo)$/.test(t)) return 'mongodb';
  if (/^(sqlite|sqlite3|better-sqlite3|capacitor|cordova|expo|sqljs|nativescript|react-native)$/.test(t)) return 'sqlite';
  if (/^(mssql|tedious|oracle|oracledb|sap|spanner|cockroachdb)$/.test(t)) return 'other';
  return undefined;
}

/** `postgres://user@db.internal:5432/app?x=1` → the server part `db.internal:5432`; undefined when not a URL. */
export function urlServer(url: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(url);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** A URL's query parameter (`connection_limit` in a Prisma datasource URL), as a number. */
export function urlNumberParam(url: string, name: string): number | undefined {
  const match = new RegExp(`[?&]${name}=(\\d+)`).exec(url);
  return match ? Number(match[1]) : undefined;
}

/** The expression at `path` in an options object literal (`{ pool: { max: dbConfig.pool.max } }`), if written there. */
export function optionValue(options: ts.Expression | undefined, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression | undefined = options;
  for (const key of path) {
    while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))) current = current.expression;
    if (!current || !ts.isObjectLiteralExpression(current)) return undefined;
    const prop: ts.ObjectLiteralElementLike | undefined = current.properties.find(
      (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
    );
    if (!prop) return undefined;
    current = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  }
  return current;
}

/**
 * Which server a literal connection setting names: `url:<host:port>` for a URL, `host:<name>` for a
 * host. Different values mean different servers (and so different connection budgets).
 */
export function targetOfText(text: string): string | undefined {
  if (!text) return undefined;
  const server = urlServer(text);
  if (server) return `url:${server}`;
  if (/^[\w.-]+(:\d+)?$/.test(text)) return `host:${text.toLowerCase()}`;
  return undefined;
}

/** `process.env.DATABASE_URL` (also with a literal fallback): the variable's name. */
export function envVariableOf(expr: ts.Expression): string | undefined {
  let node = expr;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === SyntaxKind.BarBarToken || node.operatorToken.kind === SyntaxKind.QuestionQuestionToken)) return envVariableOf(node.left);
  // `config.get('DATABASE_URL')` / `configService.getOrThrow<string>('DATABASE_URL')` (NestJS ConfigService).
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(get|getOrThrow)$/.test(node.expression.name.text) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!) && /^[A-Z][A-Z0-9_]*$/.test(node.arguments[0]!.text)) {
    return node.arguments[0]!.text;
  }
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  const owner = node.expression;
  const isEnv = ts.isPropertyAccessExpression(owner) && owner.name.text === 'env' && ts.isIdentifier(owner.expression) && owner.expression.text === 'process';
  return isEnv ? name : undefined;
}
