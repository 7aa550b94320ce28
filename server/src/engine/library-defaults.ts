// The library defaults the rules rely on, each with its source. Rules ask this module; they never
// hard-code a number. Version-specific entries (issue: version-aware defaults) extend this table.
// Source of every fact: ../shared/reference/library-defaults.md (verified against each library).
import * as semver from 'semver';
import type { ResolvedVersion } from './package-versions';

export interface DefaultFact {
  value: number | string | boolean;
  /** Human wording for messages, e.g. "0 (wait forever)". */
  describe: string;
  source: string;
}

export const LIBRARY_DEFAULTS = {
  pgPoolMax: { value: 10, describe: '10', source: 'pg-pool 3.x / pg 8.x: max defaults to 10 (0 also means 10)' },
  pgConnectionTimeoutMillis: { value: 0, describe: '0 (wait forever)', source: 'pg-pool: connectionTimeoutMillis 0 = no timeout; waiters queue without bound' },
  mysql2ConnectionLimit: { value: 10, describe: '10', source: 'mysql2 3.x: connectionLimit 10' },
  mysql2QueueLimit: { value: 0, describe: '0 (unbounded queue, no acquire timeout)', source: 'mysql2 3.x: queueLimit 0 = unlimited; waitForConnections true' },
  mariadbConnectionLimit: { value: 10, describe: '10', source: 'mariadb: connectionLimit 10, acquireTimeout 10000' },
  knexPoolMax: { value: 10, describe: '10', source: 'knex 3.x: pool max 10 (min 2; sqlite3 1/1), acquireConnectionTimeout 60000' },
  typeormPoolSize: { value: 10, describe: '10 (poolSize unset: the driver\'s default, pg 10 and mysql 10)', source: 'TypeORM: poolSize unset → the driver\'s pool default (pg 10, mysql 10); `extra` is passed to the driver' },
  sequelizePoolMax: { value: 5, describe: '5', source: 'sequelize v6/v7: pool max 5, acquire 60000' },
  genericPoolMax: { value: 1, describe: '1', source: 'generic-pool 3.x: max 1' },
  genericPoolAcquireTimeoutMillis: { value: 0, describe: 'none (wait forever)', source: 'generic-pool 3.x: acquireTimeoutMillis unset = infinite' },
  redisKeysMsPerMillionKeys: { value: 40, describe: '~40 ms per million keys', source: 'redis.io KEYS: O(N) over every key of the database; an entry-level laptop scans a 1 million key database in 40 ms, during which Redis runs no other command' },
  postgresMaxConnections: { value: 100, describe: '100', source: 'PostgreSQL max_connections default 100 (3 reserved for superusers)' },
  mysqlMaxConnections: { value: 151, describe: '151', source: 'MySQL max_connections default 151' },
  axiosTimeout: { value: 0, describe: '0 (no timeout)', source: 'axios: timeout 0 = none' },
  fetchTotalTimeout: { value: 0, describe: 'none', source: 'Node fetch (undici): no total timeout; headersTimeout and bodyTimeout 300 s each' },
  fetchHeadersTimeoutMs: { value: 300000, describe: '300 s', source: 'undici headersTimeout 300000 ms' },
  // pooling and timeouts
  sequelizePoolAcquireMs: { value: 60000, describe: '60 s', source: 'sequelize v6/v7: pool.acquire 60000 ms, then ConnectionAcquireTimeoutError' },
  knexAcquireConnectionTimeoutMs: { value: 60000, describe: '60 s', source: 'knex 3.x: acquireConnectionTimeout 60000 ms, then KnexTimeoutError' },
  mariadbAcquireTimeoutMs: { value: 10000, describe: '10 s', source: 'mariadb: acquireTimeout 10000 ms' },
  prismaConnectionLimit: { value: 'physical CPUs × 2 + 1', describe: 'physical CPUs × 2 + 1', source: 'Prisma ≤ 6: connection_limit defaults to num_physical_cpus * 2 + 1 (of the app host); set in the datasource URL' },
  prismaInteractiveTransactionTimeoutMs: { value: 5000, describe: '5 s', source: 'Prisma interactive transactions: timeout 5000 ms, maxWait 2000 ms' },
  pgStatementTimeout: { value: 0, describe: 'none', source: 'pg 8.x: statement_timeout and query_timeout unset = no limit (PostgreSQL statement_timeout 0)' },
  kyTimeoutMs: { value: 10000, describe: '10 s', source: 'ky: timeout 10000 ms unless set; `timeout: false` disables it' },
  ofetchTimeout: { value: 0, describe: 'none', source: 'ofetch: no timeout unless `timeout` (ms) or `signal` is given' },
  superagentTimeout: { value: 0, describe: 'none', source: 'superagent: no timeout unless .timeout(ms) is called' },
  fastifyRequestTimeoutMs: { value: 0, describe: '0 (no limit)', source: 'fastify 4.x/5.x: requestTimeout 0 (initialConfig.requestTimeout === 0), written to server.requestTimeout' },
  fastifyConnectionTimeoutMs: { value: 0, describe: '0 (no limit)', source: 'fastify 4.x/5.x: connectionTimeout 0, passed to server.setTimeout' },
  fastifyKeepAliveTimeoutMs: { value: 72000, describe: '72 s', source: 'fastify 4.x/5.x: keepAliveTimeout 72000 (above the 60 s AWS ALB idle timeout)' },
  expressSessionStore: { value: 'MemoryStore', describe: 'MemoryStore', source: 'express-session: store defaults to MemoryStore (warns only in production)' },
  // bodies, allocation, listeners, queues
  bodyParserLimit: { value: 102400, describe: '100kb', source: 'body-parser 1.x/2.x (express.json/urlencoded/text/raw): limit 100kb' },
  koaBodyparserJsonLimit: { value: 1048576, describe: '1mb', source: 'koa-bodyparser / @koa/bodyparser: jsonLimit 1mb, textLimit 1mb, xmlLimit 1mb' },
  koaBodyparserFormLimit: { value: 57344, describe: '56kb', source: 'koa-bodyparser / @koa/bodyparser: formLimit 56kb' },
  koaBodyJsonLimit: { value: 1048576, describe: '1mb', source: 'koa-body: jsonLimit 1mb (formLimit 56kb, textLimit 56kb); multipart off unless multipart: true' },
  fastifyBodyLimit: { value: 1048576, describe: '1 MiB', source: 'fastify: bodyLimit 1048576 bytes (server option and per route)' },
  nextApiBodySizeLimit: { value: 1048576, describe: '1mb', source: 'Next.js pages/api: config.api.bodyParser.sizeLimit 1mb; App Router route handlers have no limit' },
  nextServerActionsBodySizeLimit: { value: 1048576, describe: '1 MB', source: 'Next.js 13.4.8+: experimental/serverActions.bodySizeLimit 1 MB' },
  nextRouteHandlerBodyLimit: { value: Infinity, describe: 'none', source: 'Next.js App Router route handlers: request.json()/text()/formData()/arrayBuffer() read the whole body, no size option exists (vercel/next.js#57501); hosting may cap it (Vercel Functions: 4.5 MB)' },
  multerFileSize: { value: Infinity, describe: 'unlimited', source: 'multer: limits.fileSize/files/parts Infinity; MemoryStorage when neither dest nor storage is given' },
  expressFileUploadFileSize: { value: Infinity, describe: 'unlimited, held in memory unless useTempFiles: true', source: 'express-fileupload: limits from busboy (fileSize Infinity); useTempFiles false keeps files in RAM' },
  rawBodyLimit: { value: Infinity, describe: 'none', source: 'raw-body: no limit unless `limit` is given; stream/consumers text/json/buffer/arrayBuffer have none' },
  axiosMaxContentLength: { value: -1, describe: '-1 (unlimited)', source: 'axios: maxContentLength -1 and maxBodyLength -1 (Node adapter passes Infinity to follow-redirects)' },
  eventEmitterMaxListeners: { value: 10, describe: '10 (a warning only)', source: 'Node events.defaultMaxListeners 10: exceeding it prints MaxListenersExceededWarning and keeps adding' },
  bullRemoveOnComplete: { value: false, describe: 'keeps every completed and failed job', source: 'bullmq / bull: removeOnComplete and removeOnFail default false (completed and failed sets grow forever)' },
  amqplibPrefetch: { value: 0, describe: 'unlimited unacknowledged messages', source: 'amqplib: no prefetch unless channel.prefetch(n); RabbitMQ pushes messages without limit' },
  // Caches (require-cache-bound) and unbounded reads (no-unbounded-query, no-unbounded-fan-out).
  lruCacheV6Max: { value: Infinity, describe: 'Infinity (max 0 or omitted)', source: 'lru-cache ≤ 6: `options.max || Infinity`; maxAge expires entries only when they are read' },
  lruCacheTtlAutopurge: { value: false, describe: 'false (expired entries stay until read or evicted)', source: 'lru-cache ≥ 7: ttl without max, maxSize or ttlAutopurge emits UnboundedCacheWarning (LRU_CACHE_UNBOUNDED)' },
  nodeCacheMaxKeys: { value: -1, describe: '-1 (no key limit)', source: 'node-cache: maxKeys -1 disables the limit; when set, a full cache throws ECACHEFULL on set' },
  nodeCacheStdTTL: { value: 0, describe: '0 (entries never expire)', source: 'node-cache: stdTTL 0 = unlimited' },
  nodeCacheCheckPeriod: { value: 600, describe: '600 s', source: 'node-cache: checkperiod 600 s deletes expired keys; 0 = no periodic check' },
  memoryCachePutTime: { value: 0, describe: 'none (stored forever)', source: 'memory-cache: put(key, value) without time keeps the entry forever; no size limit exists' },
  keyvDefaultStore: { value: 'Map', describe: 'an in-process Map', source: 'keyv: without store/uri/adapter the store is `new Map()`; expired entries are deleted only when read' },
  quickLruMaxSize: { value: 0, describe: 'required', source: 'quick-lru: the constructor throws unless maxSize is a number > 0' },
  defaultQueryLimit: { value: 0, describe: 'none (every matching row)', source: 'mongoose find, Prisma findMany, Sequelize findAll, TypeORM find, knex and SQL SELECT return all rows unless limited' },
} as const satisfies Record<string, DefaultFact>;

/** What we suggest when a rule adds a timeout: long enough for a slow dependency, short enough
 * that waiting requests do not pile up past a typical 10 s client timeout. */
export const SUGGESTED_OUTBOUND_TIMEOUT_MS = 5000;
export const SUGGESTED_ACQUIRE_TIMEOUT_MS = 5000;
/** Suggested statement/command timeout for database and cache clients (pooling and timeouts). */
export const SUGGESTED_QUERY_TIMEOUT_MS = 5000;
/** Suggested server requestTimeout: Node's docs give 120 s as the example non-zero value. */
export const SUGGESTED_SERVER_REQUEST_TIMEOUT_MS = 120000;

/** The workload messages talk about until a workload is configured (capacity issue). */
export const REFERENCE_USERS = 1000;

/**
 * The body or upload size above which a limit counts as "large" (bodies, allocation, listeners,
 * queues). A parser holds up to its limit per request in flight: at REFERENCE_USERS concurrent
 * uploads, 10 MB each is already 10 GB, several times a typical container's memory, so larger
 * limits are reported and anything at or below is left to the application's judgement.
 */
export const LARGE_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** What require-consumer-prefetch suggests: enough in flight to hide the round trip, bounded in memory. */
export const SUGGESTED_PREFETCH = 10;
/** What require-job-retention suggests (BullMQ's guide: keep a few completed jobs, more failed ones). */
export const SUGGESTED_KEEP_COMPLETED_JOBS = 1000;
export const SUGGESTED_KEEP_FAILED_JOBS = 5000;

// ---- Defaults that depend on the installed version -----------------------------------------------


interface VersionedFact extends DefaultFact {
  /** The package (or 'node' for Node.js itself) whose version selects the fact. */
  package: string;
  /** A semver range; omitted = every version. */
  range?: string;
}

/**
 * Facts that changed between versions, newest last. Each from
 * ../shared/reference/library-defaults.md. Add rows here, never numbers in rules.
 */
export const VERSIONED_DEFAULTS: Record<string, VersionedFact[]> = {
  mongoMaxPoolSize: [
    { package: 'mongodb', range: '<4', value: 5, describe: '5 (poolSize)', source: 'mongodb driver ≤ 3: poolSize 5' },
    { package: 'mongodb', range: '>=4', value: 100, describe: '100', source: 'mongodb driver ≥ 4: maxPoolSize 100' },
  ],
  mongoosePoolSize: [
    { package: 'mongoose', range: '<6', value: 5, describe: '5', source: 'mongoose 5 uses driver 3: poolSize 5' },
    { package: 'mongoose', range: '>=6', value: 100, describe: '100', source: 'mongoose ≥ 6: driver maxPoolSize 100' },
  ],
  redisCommandTimeoutMs: [
    { package: 'redis', range: '<6', value: 0, describe: 'none', source: 'node-redis v4/v5: no command timeout' },
    { package: 'redis', range: '>=6', value: 5000, describe: '5000 ms', source: 'node-redis v6: commands time out after 5000 ms by default' },
  ],
  ioredisCommandTimeoutMs: [{ package: 'ioredis', value: 0, describe: 'none', source: 'ioredis: commandTimeout unset = infinite' }],
  lruCacheRequiresBound: [
    { package: 'lru-cache', range: '<7', value: false, describe: 'unbounded when max is omitted', source: 'lru-cache < 7: max defaults to Infinity' },
    { package: 'lru-cache', range: '>=7', value: true, describe: 'the constructor requires max, maxSize or ttl', source: 'lru-cache ≥ 7: throws without max/maxSize/ttl' },
  ],
  pLimitEsmOnly: [
    { package: 'p-limit', range: '<4', value: false, describe: 'CommonJS (require works)', source: 'p-limit 3.x ships CommonJS' },
    { package: 'p-limit', range: '>=4', value: true, describe: 'pure ESM (require throws ERR_REQUIRE_ESM before Node 20.19/22.12)', source: 'p-limit 4.0.0: pure ESM' },
  ],
  pMapEsmOnly: [
    { package: 'p-map', range: '<5', value: false, describe: 'CommonJS (require works)', source: 'p-map 4.x ships CommonJS' },
    { package: 'p-map', range: '>=5', value: true, describe: 'pure ESM (require throws ERR_REQUIRE_ESM before Node 20.19/22.12)', source: 'p-map 5.0.0: pure ESM' },
  ],
  prismaPoolFromCpus: [
    { package: '@prisma/client', range: '<7', value: true, describe: 'connection_limit = physical CPUs × 2 + 1', source: 'Prisma ≤ 6: connection_limit defaults to num_physical_cpus * 2 + 1 (of the app host)' },
    { package: '@prisma/client', range: '>=7', value: false, describe: 'the driver adapter\'s pool (pg adapter: max 10)', source: 'Prisma 7: queries run through a driver adapter, whose pool has the driver\'s defaults (pg: max 10)' },
  ],
  prismaPoolTimeoutMs: [
    { package: '@prisma/client', range: '<7', value: 10000, describe: '10 s (pool_timeout)', source: 'Prisma ≤ 6: pool_timeout 10 s' },
    { package: '@prisma/client', range: '>=7', value: 0, describe: 'none with the pg adapter', source: 'Prisma 7 pg adapter: connectionTimeoutMillis 0 = wait forever' },
  ],
  // Prisma driver adapters (Prisma 7 requires one; Prisma ≥ 5.4 accepts one): the adapter hands its
  // options to the driver's own pool, so the pool has the driver's defaults, not connection_limit/pool_timeout.
  prismaPgAdapterMax: [
    { package: '@prisma/adapter-pg', value: 10, describe: 'max 10 (the pg Pool it makes)', source: 'Prisma 7 connection pool docs, pg driver adapter: pool size `max` 10 (v6 URL connection_limit CPUs × 2 + 1); PrismaPg(poolOrConfig: pg.Pool | pg.PoolConfig | string) passes the config to new pg.Pool' },
  ],
  prismaPgAdapterAcquireTimeoutMs: [
    { package: '@prisma/adapter-pg', value: 0, describe: 'connectionTimeoutMillis 0 = wait forever (the pg Pool it makes)', source: 'Prisma 7 connection pool docs, pg driver adapter: acquire timeout `connectionTimeoutMillis` 0 (no timeout); v6 pool_timeout was 10 s' },
  ],
  prismaMariaDbAdapterConnectionLimit: [
    { package: '@prisma/adapter-mariadb', value: 10, describe: 'connectionLimit 10 (the mariadb pool it makes)', source: 'Prisma 7 connection pool docs, mariadb driver adapter: pool size `connectionLimit` 10; PrismaMariaDb(config: mariadb.PoolConfig | string) passes it to mariadb.createPool' },
  ],
  prismaMariaDbAdapterAcquireTimeoutMs: [
    { package: '@prisma/adapter-mariadb', value: 10000, describe: 'acquireTimeout 10 s (the mariadb pool it makes)', source: 'Prisma 7 connection pool docs, mariadb driver adapter: acquire timeout `acquireTimeout` 10 s' },
  ],
  nodeServerTimeoutMs: [
    { package: 'node', range: '<13', value: 120000, describe: '120 s', source: 'Node < 13: server.timeout 120000' },
    { package: 'node', range: '>=13', value: 0, describe: 'none', source: 'Node ≥ 13: server.timeout 0' },
  ],
  nodeRequestTimeoutMs: [
    { package: 'node', range: '<14.11', value: 0, describe: 'none', source: 'Node < 14.11: no requestTimeout' },
    { package: 'node', range: '>=14.11 <18', value: 0, describe: 'none (0)', source: 'Node 14.11–17: requestTimeout 0' },
    { package: 'node', range: '>=18', value: 300000, describe: '300 s', source: 'Node ≥ 18: requestTimeout 300000' },
  ],
  nodeHeadersTimeoutMs: [
    { package: 'node', range: '<18', value: 40000, describe: '40 s', source: 'Node < 18: headersTimeout 40000 (60000 later)' },
    { package: 'node', range: '>=18', value: 60000, describe: '60 s', source: 'Node ≥ 18: headersTimeout min(requestTimeout, 60000)' },
  ],
  nodeKeepAliveTimeoutMs: [{ package: 'node', value: 5000, describe: '5 s', source: 'Node http.Server keepAliveTimeout 5000' }],
  formidableMaxFileSize: [
    { package: 'formidable', range: '<1.1', value: Infinity, describe: 'no limit', source: 'formidable 1.0.x: IncomingForm has no maxFileSize' },
    { package: 'formidable', range: '>=1.1', value: 209715200, describe: '200 MB', source: 'formidable ≥ 1.1 (v1, v2, v3): maxFileSize 200 * 1024 * 1024 (v3: maxTotalFileSize defaults to it)' },
  ],
  nodeGlobalAgentKeepAlive: [
    { package: 'node', range: '<19', value: false, describe: 'off', source: 'Node < 19: http.globalAgent keepAlive false' },
    { package: 'node', range: '>=19', value: true, describe: 'on (5 s)', source: 'Node ≥ 19: http.globalAgent keepAlive true, timeout 5 s' },
  ],
  // pooling and timeouts
  mongoSocketTimeoutMs: [
    { package: 'mongodb', range: '<3.6.3', value: 360000, describe: '360 s', source: 'mongodb driver < 3.6.3: socketTimeoutMS 360000' },
    { package: 'mongodb', range: '>=3.6.3', value: 0, describe: '0 (none)', source: 'mongodb driver ≥ 3.6.3 (NODE-2835): socketTimeoutMS 0 = no timeout' },
  ],
  mongoTimeoutMsOption: [
    { package: 'mongodb', range: '<6.11', value: false, describe: 'not available (use socketTimeoutMS)', source: 'mongodb driver < 6.11: no client-side operation timeout' },
    { package: 'mongodb', range: '>=6.11', value: true, describe: 'timeoutMS (client-side operation timeout)', source: 'mongodb driver 6.11: timeoutMS (CSOT) in MongoClient options and the URI' },
  ],
  redisCommandTimeoutOption: [
    { package: 'redis', range: '<5', value: '', describe: 'none: node-redis 4 has no command timeout option', source: 'node-redis v4: commandOptions has no timeout' },
    { package: 'redis', range: '>=5', value: 'commandOptions.timeout', describe: 'commandOptions.timeout', source: 'node-redis v5: createClient({ commandOptions: { timeout } }); default 5000 since v6' },
  ],
  sequelizeTransactionsFollowContext: [
    { package: 'sequelize', range: '<7', value: false, describe: 'only with Sequelize.useCLS()', source: 'sequelize v6: queries join a managed transaction only when CLS is enabled (useCLS)' },
    { package: 'sequelize', range: '>=7', value: true, describe: 'yes (AsyncLocalStorage)', source: 'sequelize v7 (@sequelize/core): managed transactions are picked up automatically (AsyncLocalStorage)' },
  ],
};

export interface DefaultAnswer extends DefaultFact {
  /** The version the answer is for, when known. */
  version?: ResolvedVersion;
  /** True when no version was found and the newest default was assumed (messages say so). */
  assumed: boolean;
  package: string;
}

/** The default `key` has for the given installed version (the newest one when unknown). */
export function versionedDefault(key: keyof typeof VERSIONED_DEFAULTS | string, version: ResolvedVersion | undefined): DefaultAnswer {
  const facts = VERSIONED_DEFAULTS[key];
  if (!facts || facts.length === 0) throw new Error(`no library default named ${key}`);
  const newest = facts[facts.length - 1]!;
  if (version) {
    const coerced = semver.coerce(version.version)?.version;
    const match = coerced ? facts.find((f) => !f.range || semver.satisfies(coerced, f.range)) : undefined;
    if (match) return { ...match, version, assumed: false };
  }
  return { ...newest, version, assumed: true };
}

/** "pg 8.11.3 (package-lock.json)" or "assuming the newest redis" — for messages. */
export function describeVersion(answer: DefaultAnswer): string {
  if (answer.assumed || !answer.version) return `version unknown, assuming the newest ${answer.package === 'node' ? 'Node.js' : answer.package}`;
  const name = answer.package === 'node' ? 'Node.js' : answer.package;
  return `${name} ${answer.version.range ?? answer.version.version} from ${answer.version.source}`;
}
