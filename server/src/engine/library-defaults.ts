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
  genericPoolMax: { value: 1, describe: '1', source: 'generic-pool 3.x: max 1' },
  genericPoolAcquireTimeoutMillis: { value: 0, describe: 'none (wait forever)', source: 'generic-pool 3.x: acquireTimeoutMillis unset = infinite' },
  postgresMaxConnections: { value: 100, describe: '100', source: 'PostgreSQL max_connections default 100 (3 reserved for superusers)' },
  mysqlMaxConnections: { value: 151, describe: '151', source: 'MySQL max_connections default 151' },
  axiosTimeout: { value: 0, describe: '0 (no timeout)', source: 'axios: timeout 0 = none' },
  fetchTotalTimeout: { value: 0, describe: 'none', source: 'Node fetch (undici): no total timeout; headersTimeout and bodyTimeout 300 s each' },
  fetchHeadersTimeoutMs: { value: 300000, describe: '300 s', source: 'undici headersTimeout 300000 ms' },
  expressSessionStore: { value: 'MemoryStore', describe: 'MemoryStore', source: 'express-session: store defaults to MemoryStore (warns only in production)' },
} as const satisfies Record<string, DefaultFact>;

/** What we suggest when a rule adds a timeout: long enough for a slow dependency, short enough
 * that waiting requests do not pile up past a typical 10 s client timeout. */
export const SUGGESTED_OUTBOUND_TIMEOUT_MS = 5000;
export const SUGGESTED_ACQUIRE_TIMEOUT_MS = 5000;

/** The workload messages talk about until a workload is configured (capacity issue). */
export const REFERENCE_USERS = 1000;

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
  prismaPoolTimeoutMs: [
    { package: '@prisma/client', range: '<7', value: 10000, describe: '10 s (pool_timeout)', source: 'Prisma ≤ 6: pool_timeout 10 s' },
    { package: '@prisma/client', range: '>=7', value: 0, describe: 'none with the pg adapter', source: 'Prisma 7 pg adapter: connectionTimeoutMillis 0 = wait forever' },
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
  nodeGlobalAgentKeepAlive: [
    { package: 'node', range: '<19', value: false, describe: 'off', source: 'Node < 19: http.globalAgent keepAlive false' },
    { package: 'node', range: '>=19', value: true, describe: 'on (5 s)', source: 'Node ≥ 19: http.globalAgent keepAlive true, timeout 5 s' },
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
