// The library defaults the rules rely on, each with its source. Rules ask this module; they never
// hard-code a number. Version-specific entries (issue: version-aware defaults) extend this table.
// Source of every fact: ../shared/reference/library-defaults.md (verified against each library).

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
