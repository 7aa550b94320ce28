// The workload the capacity model is evaluated at: how many users, how they behave, how many
// processes serve them, and the database and host limits. Every resolved value says where it came
// from (code, config, a default, or a library default with its version) so the report can show it.

export type Provenance =
  | { source: 'code'; file?: string; line?: number; detail?: string }
  | { source: 'config'; detail?: string }
  | { source: 'default'; detail: string }
  | { source: 'library-default'; library: string; version: string; detail: string };

export interface Resolved<T> {
  value: T;
  provenance: Provenance;
}

export type DatabaseEngine = 'postgresql' | 'mysql';

/**
 * What users count as "supported". The utilisation target is the closed form of
 * capacity-math.md (N_max = u · c · (Z + R) / S); a wait target searches the finite-source model.
 */
export type CapacityTarget =
  | { kind: 'utilization'; max: number }
  | { kind: 'wait'; maxPWait?: number; maxMeanWaitMs?: number };

export interface RouteWorkload {
  /** How long one use of a pool holds a unit on this route, ms. */
  holdMs?: number;
  /** End-to-end time of this route's request without queueing, ms. */
  requestMs?: number;
  /** Share of all requests that go to this route (0–1). */
  share?: number;
  /**
   * Whether the workload's users call this route. Unset: read from the path (probes such as
   * /healthz and operator routes under /admin or /internal are not; see routes.ts).
   */
  userFacing?: boolean;
}

/** What config, settings or the CLI give; every field optional. Route keys are "GET /orders". */
export interface WorkloadInput {
  users?: number;
  thinkTimeMs?: number;
  requestMs?: number;
  routes?: Record<string, RouteWorkload>;
  instances?: number;
  /** CPUs of each machine, for code that starts one process per CPU (PM2 'max', os.cpus().length). */
  cpus?: number;
  databaseMaxConnections?: number;
  databaseReservedConnections?: number;
  databaseCores?: number;
  databaseSpindles?: number;
  fileDescriptorLimit?: number;
  /** Memory one process may use before it is killed (container limit), MB (10^6 bytes). */
  memoryLimitMb?: number;
  clientTimeoutMs?: number;
  target?: CapacityTarget;
}

type ScalarKey = Exclude<keyof WorkloadInput, 'routes' | 'target'>;

/** Where each given value came from; a value without an entry counts as config. */
export type WorkloadProvenance = Partial<Record<keyof WorkloadInput, Provenance>>;

export interface ResolvedWorkload {
  users: Resolved<number>;
  thinkTimeMs: Resolved<number>;
  requestMs: Resolved<number>;
  routes: Record<string, RouteWorkload>;
  routesProvenance: Provenance;
  instances: Resolved<number>;
  /** The CPU count per-CPU workers are counted with (configured, else assumed). */
  cpus: Resolved<number>;
  /** Set when `instances` is the code's one-process-per-CPU counted with `cpus` (offset: PM2 -1 → −1). */
  instancesPerCpu?: { offset: number };
  database: Resolved<DatabaseEngine>;
  databaseMaxConnections: Resolved<number>;
  databaseReservedConnections: Resolved<number>;
  /** undefined when unknown: the supply-side check then only says what it would need. */
  databaseCores?: Resolved<number>;
  databaseSpindles: Resolved<number>;
  fileDescriptorLimit: Resolved<number>;
  memoryLimitMb: Resolved<number>;
  clientTimeoutMs: Resolved<number>;
  target: Resolved<CapacityTarget>;
  /** Values that were given but unusable (replaced by their default), in words. */
  problems: string[];
}

export interface WorkloadContext {
  /** The database the pools talk to (from the inventory's libraries). Default PostgreSQL. */
  database?: Resolved<DatabaseEngine>;
  /** Processes found in code or config files (cluster.fork, PM2 instances); config wins over it. */
  instances?: Resolved<number>;
  /** One process per CPU plus `offset`, found in code (PM2 'max', os.cpus().length); counted with `cpus`. */
  instancesPerCpu?: { offset: number; provenance: Provenance };
}

export const WORKLOAD_DEFAULTS = {
  users: 1000,
  thinkTimeMs: 1800,
  requestMs: 200,
  instances: 1,
  cpus: 2,
  fileDescriptorLimit: 1024,
  memoryLimitMb: 512,
  clientTimeoutMs: 10000,
  databaseSpindles: 1,
  targetUtilization: 0.85,
} as const;

const DEFAULT_DETAIL: Record<string, string> = {
  users: '1,000 concurrent users (the problem statement)',
  thinkTimeMs: '1.8 s between a user’s requests, so one request every ~2 s with the response',
  requestMs: '200 ms end-to-end per request',
  instances: 'one process (no cluster, PM2 or replica count found)',
  cpus: 'assumed: 2 CPUs, used only where the code starts one process per CPU or leaves a pool sized per CPU (Prisma’s default connection_limit) (a small VM such as AWS m5.large; os.cpus() and os.availableParallelism() report the host’s CPUs, inside a container often many more): set workload.cpus to the machine’s count',
  fileDescriptorLimit: 'the common soft limit `ulimit -n` 1024 of a fresh login',
  memoryLimitMb: '512 MB per process: a common container memory limit (Heroku standard-1X, Cloud Run’s default 512 MiB); set workload.memoryLimitMb to yours',
  clientTimeoutMs: 'clients give up after 10 s (autocannon, many browsers’ fetch wrappers and proxies)',
  databaseSpindles: 'one effective spindle (HikariCP “About Pool Sizing”: 0 when the data is cached, more for several disks)',
  target: 'utilisation ≤ 0.85: above it waits grow steeply and their milliseconds stop being predictable',
};

/** The database server's own defaults: they are "library defaults" of the server software. */
export const DATABASE_DEFAULTS: Record<DatabaseEngine, { maxConnections: Resolved<number>; reserved: Resolved<number> }> = {
  postgresql: {
    maxConnections: { value: 100, provenance: { source: 'library-default', library: 'PostgreSQL', version: '9.6–17', detail: 'max_connections default 100' } },
    reserved: { value: 3, provenance: { source: 'library-default', library: 'PostgreSQL', version: '9.6–17', detail: 'superuser_reserved_connections default 3' } },
  },
  mysql: {
    maxConnections: { value: 151, provenance: { source: 'library-default', library: 'MySQL', version: '5.7–8.x', detail: 'max_connections default 151' } },
    reserved: { value: 0, provenance: { source: 'library-default', library: 'MySQL', version: '5.7–8.x', detail: 'no reserved slots counted (one extra connection beyond max_connections is kept for an administrator)' } },
  },
};

function defaulted<T>(value: T, key: string): Resolved<T> {
  return { value, provenance: { source: 'default', detail: DEFAULT_DETAIL[key] ?? 'default' } };
}

interface FieldRule {
  /** Smallest acceptable value; `integer` requires a whole number. */
  min: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

const FIELD_RULES: Record<ScalarKey, FieldRule> = {
  users: { min: 0, integer: true },
  thinkTimeMs: { min: 0 },
  requestMs: { min: 0, exclusiveMin: true },
  instances: { min: 1, integer: true },
  cpus: { min: 1, integer: true },
  databaseMaxConnections: { min: 1, integer: true },
  databaseReservedConnections: { min: 0, integer: true },
  databaseCores: { min: 1, integer: true },
  databaseSpindles: { min: 0 },
  fileDescriptorLimit: { min: 1, integer: true },
  memoryLimitMb: { min: 0, exclusiveMin: true },
  clientTimeoutMs: { min: 0, exclusiveMin: true },
};

function acceptable(key: ScalarKey, value: unknown): value is number {
  const rule = FIELD_RULES[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  return rule.exclusiveMin ? value > rule.min : value >= rule.min;
}

/**
 * Fills in every value the model needs. Given values win (with the provenance the caller names,
 * config by default), then what the context found in code, then defaults. An unusable value (a
 * negative user count, a fractional instance count…) is replaced by its default and reported.
 */
export function resolveWorkload(partial: WorkloadInput = {}, provenance: WorkloadProvenance = {}, context: WorkloadContext = {}): ResolvedWorkload {
  const problems: string[] = [];
  const given = (key: ScalarKey): Resolved<number> | undefined => {
    const value = partial[key];
    if (value === undefined) return undefined;
    if (!acceptable(key, value)) {
      problems.push(`workload.${key} = ${JSON.stringify(value)} is not usable (${describeRule(FIELD_RULES[key])}); the default is used instead`);
      return undefined;
    }
    return { value, provenance: provenance[key] ?? { source: 'config' } };
  };
  const database: Resolved<DatabaseEngine> = context.database ?? { value: 'postgresql', provenance: { source: 'default', detail: 'PostgreSQL (no MySQL-family driver found)' } };
  const dbDefaults = DATABASE_DEFAULTS[database.value];

  const requestMs = given('requestMs') ?? defaulted(WORKLOAD_DEFAULTS.requestMs, 'requestMs');
  const cpus = given('cpus') ?? defaulted(WORKLOAD_DEFAULTS.cpus, 'cpus');
  const routes: Record<string, RouteWorkload> = {};
  for (const [key, route] of Object.entries(partial.routes ?? {})) {
    const clean: RouteWorkload = {};
    for (const field of ['holdMs', 'requestMs', 'share'] as const) {
      const value = route[field];
      if (value === undefined) continue;
      const ok = typeof value === 'number' && Number.isFinite(value) && (field === 'share' ? value >= 0 && value <= 1 : value > 0);
      if (ok) clean[field] = value;
      else problems.push(`workload.routes["${key}"].${field} = ${JSON.stringify(value)} is not usable; ignored`);
    }
    if (route.userFacing !== undefined) {
      if (typeof route.userFacing === 'boolean') clean.userFacing = route.userFacing;
      else problems.push(`workload.routes["${key}"].userFacing = ${JSON.stringify(route.userFacing)} is not true or false; ignored`);
    }
    routes[key] = clean;
  }

  const givenInstances = given('instances');
  const instances = givenInstances ?? context.instances ?? perCpuInstances(context.instancesPerCpu, cpus) ?? defaulted(WORKLOAD_DEFAULTS.instances, 'instances');
  const fromCpus = context.instancesPerCpu !== undefined && givenInstances === undefined && context.instances === undefined;
  return {
    users: given('users') ?? defaulted(WORKLOAD_DEFAULTS.users, 'users'),
    thinkTimeMs: given('thinkTimeMs') ?? defaulted(WORKLOAD_DEFAULTS.thinkTimeMs, 'thinkTimeMs'),
    requestMs,
    routes,
    routesProvenance: partial.routes ? provenance.routes ?? { source: 'config' } : { source: 'default', detail: 'no per-route hold or request times: every route uses the workload’s requestMs' },
    instances,
    cpus,
    ...(fromCpus ? { instancesPerCpu: { offset: context.instancesPerCpu!.offset } } : {}),
    database,
    databaseMaxConnections: given('databaseMaxConnections') ?? dbDefaults.maxConnections,
    databaseReservedConnections: given('databaseReservedConnections') ?? dbDefaults.reserved,
    databaseCores: given('databaseCores'),
    databaseSpindles: given('databaseSpindles') ?? defaulted(WORKLOAD_DEFAULTS.databaseSpindles, 'databaseSpindles'),
    fileDescriptorLimit: given('fileDescriptorLimit') ?? defaulted(WORKLOAD_DEFAULTS.fileDescriptorLimit, 'fileDescriptorLimit'),
    memoryLimitMb: given('memoryLimitMb') ?? defaulted(WORKLOAD_DEFAULTS.memoryLimitMb, 'memoryLimitMb'),
    clientTimeoutMs: given('clientTimeoutMs') ?? defaulted(WORKLOAD_DEFAULTS.clientTimeoutMs, 'clientTimeoutMs'),
    target: resolveTarget(partial.target, provenance.target, problems),
    problems,
  };
}

/** Processes for code that starts one per CPU: max(1, cpus + offset), saying where both came from. */
function perCpuInstances(perCpu: WorkloadContext['instancesPerCpu'], cpus: Resolved<number>): Resolved<number> | undefined {
  if (!perCpu) return undefined;
  const value = Math.max(1, cpus.value + perCpu.offset);
  const from = perCpu.provenance;
  const cpuWords = `${cpus.value} ${cpus.value === 1 ? 'CPU' : 'CPUs'} from ${describeProvenance(cpus.provenance)}`;
  const detail = `${from.source === 'code' && from.detail ? from.detail : 'one process per CPU'}; ${cpuWords}`;
  return { value, provenance: from.source === 'code' ? { ...from, detail } : { source: 'default', detail } };
}

function resolveTarget(target: CapacityTarget | undefined, provenance: Provenance | undefined, problems: string[]): Resolved<CapacityTarget> {
  const fallback = defaulted<CapacityTarget>({ kind: 'utilization', max: WORKLOAD_DEFAULTS.targetUtilization }, 'target');
  if (!target) return fallback;
  const from = provenance ?? { source: 'config' as const };
  if (target.kind === 'utilization' && target.max > 0 && target.max < 1) return { value: { kind: 'utilization', max: target.max }, provenance: from };
  if (target.kind === 'wait') {
    const pOk = target.maxPWait === undefined || (target.maxPWait > 0 && target.maxPWait < 1);
    const wOk = target.maxMeanWaitMs === undefined || target.maxMeanWaitMs > 0;
    if (pOk && wOk && (target.maxPWait !== undefined || target.maxMeanWaitMs !== undefined)) {
      return { value: { kind: 'wait', maxPWait: target.maxPWait, maxMeanWaitMs: target.maxMeanWaitMs }, provenance: from };
    }
  }
  problems.push(`workload.target ${JSON.stringify(target)} is not usable (utilisation in (0, 1), or a wait target with maxPWait in (0, 1) and/or maxMeanWaitMs > 0); utilisation ≤ 0.85 is used`);
  return fallback;
}

function describeRule(rule: FieldRule): string {
  return `${rule.integer ? 'a whole number' : 'a number'} ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`;
}

/** "config", "default", "PostgreSQL 9.6–17 default", "code (src/server.ts:12)": for tables. */
export function describeProvenance(p: Provenance): string {
  switch (p.source) {
    case 'code':
      return `code${p.file ? ` (${p.file}${p.line ? `:${p.line}` : ''})` : ''}${p.detail ? `: ${p.detail}` : ''}`;
    case 'config':
      return `config${p.detail ? `: ${p.detail}` : ''}`;
    case 'default':
      return `default: ${p.detail}`;
    case 'library-default':
      return `${p.library} ${p.version} default: ${p.detail}`;
  }
}

export function describeTarget(t: CapacityTarget): string {
  if (t.kind === 'utilization') return `utilisation ≤ ${t.max}`;
  const parts: string[] = [];
  if (t.maxPWait !== undefined) parts.push(`P(wait) ≤ ${formatPercent(t.maxPWait)}`);
  if (t.maxMeanWaitMs !== undefined) parts.push(`mean wait ≤ ${t.maxMeanWaitMs} ms`);
  return parts.join(' and ');
}

function formatPercent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
