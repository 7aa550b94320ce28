// `concurrency-lint capacity [paths] [workload flags] [--format text|md|json]`: loads the project
// like the lint command, then prints the capacity estimate. The workload flags are one layer over
// concurrency-lint.json's `workload` (provenance "command line"); `--format json` prints the
// estimate object unchanged: the CI contract (schemaVersion 1).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Engine } from '../engine/engine';
import { renderMarkdown, renderText, routeKey, type CapacityEstimate, type RouteWorkload, type WorkloadInput } from '../capacity';
import { CliError, openProject, writeOutput, type CliIO } from './run';
import { EXIT_OK, EXIT_USAGE } from './results';
import { TOOL_NAME } from './tool-info';

export const CAPACITY_FORMATS = ['text', 'md', 'json'] as const;
export type CapacityFormat = (typeof CAPACITY_FORMATS)[number];

export const CAPACITY_USAGE = `Usage: concurrency-lint capacity [options] [paths...]

Estimates how many concurrent users the service holds, which pool gives out first, how long
requests wait for it and what to change. Workload flags override the "workload" section of
concurrency-lint.json; every value the report uses says where it came from.

Workload:
      --users <n>                      Concurrent users (default 1000)
      --think-time-ms <ms>             Pause between one user's requests (default 1800)
      --request-ms <ms>                End-to-end time of a request without queueing (default 200)
      --hold-ms <ms>                   How long each use of a pool holds a connection, on every route
      --instances <n>                  Processes serving traffic (default 1, or what the code says)
      --cpus <n>                       CPUs per machine, for code that starts a process per CPU (assumed 2)
      --database-max-connections <n>   The database's max_connections (PostgreSQL 100, MySQL 151)
      --database-cores <n>             Database cores, for the supply-side check
      --file-descriptor-limit <n>      ulimit -n of each process (default 1024)
      --memory-limit-mb <mb>           Memory one process may use, MB (default 512)
      --client-timeout-ms <ms>         How long users' clients wait before giving up (default 10000)

Options:
  -f, --format <name>        text (default), md (Markdown with every derivation) or json (the estimate)
  -c, --config <file>        Configuration file (default: concurrency-lint.json in the current folder)
  -o, --output-file <file>   Write the report to this file instead of standard output
  -h, --help                 Show this help

Exit codes: 0 the estimate was printed, 2 bad arguments, a broken configuration or a missing path.
`;

/** Flag → workload field, with what the model accepts (the same bounds as resolveWorkload). */
const WORKLOAD_FLAGS = {
  users: { field: 'users', integer: true, min: 0, exclusive: false },
  'think-time-ms': { field: 'thinkTimeMs', integer: false, min: 0, exclusive: false },
  'request-ms': { field: 'requestMs', integer: false, min: 0, exclusive: true },
  'hold-ms': { field: 'holdMs', integer: false, min: 0, exclusive: true },
  instances: { field: 'instances', integer: true, min: 1, exclusive: false },
  cpus: { field: 'cpus', integer: true, min: 1, exclusive: false },
  'database-max-connections': { field: 'databaseMaxConnections', integer: true, min: 1, exclusive: false },
  'database-cores': { field: 'databaseCores', integer: true, min: 1, exclusive: false },
  'file-descriptor-limit': { field: 'fileDescriptorLimit', integer: true, min: 1, exclusive: false },
  'memory-limit-mb': { field: 'memoryLimitMb', integer: false, min: 0, exclusive: true },
  'client-timeout-ms': { field: 'clientTimeoutMs', integer: false, min: 0, exclusive: true },
} as const;

type WorkloadFlag = keyof typeof WORKLOAD_FLAGS;

const OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  ...Object.fromEntries(Object.keys(WORKLOAD_FLAGS).map((name) => [name, { type: 'string' }])),
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  'output-file': { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
};

export interface CapacityOptions {
  paths: string[];
  format: CapacityFormat;
  config: string | undefined;
  outputFile: string | undefined;
  help: boolean;
  /** The flags' workload values (holdMs is applied to every route once the routes are known). */
  workload: Omit<WorkloadInput, 'routes'>;
  holdMs: number | undefined;
}

export type ParsedCapacityArgs = { ok: true; options: CapacityOptions } | { ok: false; message: string };

/** A decimal number as people type it (`1000`, `1_000`, `2.5`, `1e3`); not hex, octal or binary. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `--users -5` is a negative number, not a missing value followed by an option: join it to its flag
 * (`--users=-5`) so the range check answers instead of parseArgs' "needs a value".
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg.startsWith('--') && arg.slice(2) in WORKLOAD_FLAGS && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export function parseCapacityArgs(argv: readonly string[]): ParsedCapacityArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const error = e as Error & { code?: string };
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? /--[\w-]+/.exec(error.message)?.[0];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { ok: false, message: `unknown option '${option ?? error.message}' for capacity` };
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--[\w-]+/.exec(error.message)?.[0] ?? option;
      const dash = /ambiguous/.test(error.message) ? ` (write ${name}=VALUE for a value starting with '-')` : '';
      return { ok: false, message: `option '${name}' needs a value${dash}` };
    }
    return { ok: false, message: error.message.split(/\.\s/)[0] ?? error.message };
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const format = (values['format'] as string | undefined) ?? 'text';
  if (!(CAPACITY_FORMATS as readonly string[]).includes(format)) {
    return { ok: false, message: `unknown format "${format}" for capacity (expected ${CAPACITY_FORMATS.join(', ')})` };
  }
  for (const name of ['config', 'output-file'] as const) {
    if (values[name] === '') return { ok: false, message: `option '--${name}' needs a value` };
  }
  const workload: Record<string, number> = {};
  let holdMs: number | undefined;
  for (const [flag, rule] of Object.entries(WORKLOAD_FLAGS) as [WorkloadFlag, (typeof WORKLOAD_FLAGS)[WorkloadFlag]][]) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const text = String(raw).trim();
    const digits = text.replace(/_/g, '');
    const value = DECIMAL.test(digits) ? Number(digits) : NaN;
    const ok = Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) && (rule.exclusive ? value > rule.min : value >= rule.min);
    if (!ok) {
      const kind = rule.integer ? 'a whole number' : 'a number';
      return { ok: false, message: `--${flag} expects ${kind} ${rule.exclusive ? 'above' : 'of at least'} ${rule.min}, got "${raw}"` };
    }
    if (rule.field === 'holdMs') holdMs = value;
    else workload[rule.field] = value;
  }
  return {
    ok: true,
    options: {
      paths: parsed.positionals,
      format: format as CapacityFormat,
      config: values['config'] as string | undefined,
      outputFile: values['output-file'] as string | undefined,
      help: values['help'] === true,
      workload,
      holdMs,
    },
  };
}

/** The subcommand's entry: parse, load, estimate, write. */
export function runCapacity(argv: readonly string[], io: CliIO): number {
  const parsed = parseCapacityArgs(argv);
  if (!parsed.ok) {
    io.writeStderr(`${TOOL_NAME}: ${parsed.message}\nRun "${TOOL_NAME} capacity --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (parsed.options.help) {
    io.writeStdout(CAPACITY_USAGE);
    return EXIT_OK;
  }
  try {
    const estimate = estimateFor(parsed.options, io);
    writeOutput(formatEstimate(estimate, parsed.options.format), parsed.options.outputFile, io);
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.writeStderr(`${TOOL_NAME}: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

export function formatEstimate(estimate: CapacityEstimate, format: CapacityFormat): string {
  if (format === 'json') return `${JSON.stringify(estimate, null, 2)}\n`;
  if (format === 'md') return renderMarkdown(estimate);
  return renderText(estimate);
}

function estimateFor(options: CapacityOptions, io: CliIO): CapacityEstimate {
  // Capacity is a property of the whole service: each path's package is loaded, not just the path.
  const { engine } = openProject(options.paths, options.config, io, 'estimate');
  const input: WorkloadInput = { ...options.workload };
  if (options.holdMs !== undefined) input.routes = holdOnEveryRoute(engine, options.holdMs);
  return engine.estimateCapacity([{ input, provenance: { source: 'config', detail: 'command line' } }]);
}

/**
 * The model has no global hold time, only per-route ones: --hold-ms becomes `holdMs` on every route
 * found, keeping what concurrency-lint.json says about each route's request time and share.
 */
function holdOnEveryRoute(engine: Engine, holdMs: number): Record<string, RouteWorkload> {
  const configured = engine.getConfig().workload.routes ?? {};
  const routes: Record<string, RouteWorkload> = {};
  for (const route of engine.inventory().routes) {
    const key = routeKey(route);
    routes[key] = { ...configured[key], holdMs };
  }
  return routes;
}

