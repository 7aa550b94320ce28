// Turns argv into CLI options, or into a one-line usage error. No I/O here.
import { parseArgs } from 'node:util';
import { FORMAT_NAMES, isFormatName, type FormatName } from './formatters';

export interface CliOptions {
  /** Files and folders to lint, as typed (relative to the cwd); defaults to the cwd. */
  paths: string[];
  format: FormatName;
  /** Undefined: any number of warnings passes. */
  maxWarnings: number | undefined;
  config: string | undefined;
  outputFile: string | undefined;
  /** False with --no-color; the environment (NO_COLOR, a TTY) is decided by the caller. */
  color: boolean;
  help: boolean;
  version: boolean;
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; message: string };

export const USAGE = `Usage: concurrency-lint [options] [paths...]
       concurrency-lint capacity [workload options] [paths...]   (see capacity --help)

Finds the code that makes a Node.js backend fall over under concurrent load.
Paths are files or folders; the default is the current folder.

Options:
  -f, --format <name>        Output format: stylish (default), json or sarif
      --max-warnings <n>     Exit with code 1 when there are more than n warnings
  -c, --config <file>        Configuration file (default: concurrency-lint.json in the current folder)
  -o, --output-file <file>   Write the report to this file instead of standard output
      --no-color             Do not colour the output (NO_COLOR=1 does the same)
  -h, --help                 Show this help
  -v, --version              Print the version

Exit codes: 0 no errors, 1 errors found or too many warnings,
2 bad arguments, a broken configuration, a missing path or an internal error.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'output-file': { type: 'string', short: 'o' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** parseArgs' messages are long and capitalised; ours fit the `concurrency-lint: …` line. */
function describeParseError(error: Error & { code?: string }): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(error.message)?.[1];
    return `unknown option '${option ?? error.message}'`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[\w-]+/.exec(error.message)?.[0];
    if (option && / argument missing/.test(error.message)) return `option '${option}' needs a value`;
    if (option && /ambiguous/.test(error.message)) return `option '${option}' needs a value (write ${option}=VALUE for a value starting with '-')`;
  }
  const first = error.message.split(/\.\s/)[0] ?? error.message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return { ok: false, message: describeParseError(e as Error) };
  }
  const { values, positionals } = parsed;

  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) {
    return { ok: false, message: `unknown format "${format}" (expected ${FORMAT_NAMES.join(', ')})` };
  }

  let maxWarnings: number | undefined;
  const rawMax = values['max-warnings'];
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax)) return { ok: false, message: `--max-warnings expects a whole number of 0 or more, got "${rawMax}"` };
    maxWarnings = Number(rawMax);
  }

  for (const [name, value] of [['--config', values.config], ['--output-file', values['output-file']]] as const) {
    if (value === '') return { ok: false, message: `option '${name}' needs a value` };
  }

  return {
    ok: true,
    options: {
      paths: positionals,
      format,
      maxWarnings,
      config: values.config,
      outputFile: values['output-file'],
      color: !values['no-color'],
      help: values.help ?? false,
      version: values.version ?? false,
    },
  };
}
