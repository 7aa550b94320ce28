// One CLI run: options → root and config → files → engine → report and exit code. Everything the
// outside world provides (cwd, env, streams) comes in through CliIO, so tests can run it in-process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../engine/engine';
import { loadConfigFile, loadConfigForRoot, type LintConfig } from '../engine/config';
import { collectFiles } from '../engine/files';
import type { LintResult } from '../engine/types';
import { rules, ruleIds } from '../rules/registry';
import { USAGE, parseCliArgs, type CliOptions } from './args';
import { formatters } from './formatters';
import type { FormatContext } from './formatters/types';
import { displayPath, isInside } from './formatters/paths';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, inReadingOrder, sumTotals, tooManyWarnings } from './results';
import { TOOL_NAME, TOOL_VERSION } from './tool-info';
import { runCapacity } from './capacity';

export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

/** A failure the user can fix (bad path, broken config): one line on stderr, exit code 2. */
export class CliError extends Error {}

export function runCli(argv: readonly string[], io: CliIO): number {
  // A subcommand; a folder named "capacity" is linted as ./capacity.
  if (argv[0] === 'capacity') return runCapacity(argv.slice(1), io);
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.writeStderr(`${TOOL_NAME}: ${parsed.message}\nRun "${TOOL_NAME} --help" for usage.\n`);
    return EXIT_USAGE;
  }
  const { options } = parsed;
  if (options.help) {
    io.writeStdout(USAGE);
    return EXIT_OK;
  }
  if (options.version) {
    io.writeStdout(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  try {
    return lint(options, io);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.writeStderr(`${TOOL_NAME}: ${e.message}\n`);
    return EXIT_USAGE;
  }
}

/** What both commands start from: the paths, the root and config, and an engine holding the project. */
export interface OpenedProject {
  engine: Engine;
  /** The source files under the given paths (what the command reports on). */
  files: string[];
}

/**
 * Resolves the paths and the config, then loads every file under the paths plus the rest of each
 * path's package as context: whether code is on a request path, and what a pool serves, depends on
 * other files. Bad paths and broken configs become CliErrors.
 */
export function openProject(pathArgs: readonly string[], configArg: string | undefined, io: CliIO, verb: string): OpenedProject {
  const typed = pathArgs.length > 0 ? [...pathArgs] : ['.'];
  const paths = typed.map((p) => path.resolve(io.cwd, p));
  typed.forEach((p, i) => {
    if (!fs.existsSync(paths[i]!)) throw new CliError(`no such file or directory: ${p}`);
  });
  const configFile = configArg === undefined ? undefined : path.resolve(io.cwd, configArg);
  const root = configFile ? path.dirname(configFile) : chooseRoot(io.cwd, paths);
  const config = loadConfig(configFile, root, io.cwd);
  let files: string[];
  let context: string[];
  try {
    files = collectFiles(paths, { root, ignorePatterns: config.ignorePatterns });
    context = collectFiles(packageRoots(paths, root), { root, ignorePatterns: config.ignorePatterns });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (files.length === 0) io.writeStderr(`${TOOL_NAME}: no JavaScript or TypeScript files to ${verb} in ${typed.join(', ')}\n`);
  const engine = new Engine({ root, config });
  for (const file of new Set([...files, ...context])) engine.loadFile(file);
  return { engine, files };
}

function lint(options: CliOptions, io: CliIO): number {
  const { engine, files } = openProject(options.paths, options.config, io, 'lint');
  const results = inReadingOrder(files.map((file) => engine.lintFile(file)));

  writeReport(results, options, io);
  const totals = sumTotals(results);
  if (tooManyWarnings(totals, options.maxWarnings)) {
    io.writeStderr(`${TOOL_NAME}: too many warnings (${totals.findingWarningCount} found, maximum: ${options.maxWarnings})\n`);
  }
  return exitCodeFor(totals, options.maxWarnings);
}

/**
 * For each path, the nearest folder with a package.json at or above it, up to `root`. Without
 * one, the path's own folder: the cwd above it is no package (it may be a home folder or /tmp),
 * and pools or workers found there belong to other projects.
 */
export function packageRoots(paths: string[], root: string): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    const start = fs.statSync(p).isDirectory() ? p : path.dirname(p);
    let current = start;
    for (;;) {
      if (fs.existsSync(path.join(current, 'package.json'))) break;
      if (current === root || !isInside(root, current)) {
        current = start;
        break;
      }
      current = path.dirname(current);
    }
    found.add(current);
  }
  return [...found];
}

/**
 * The engine's root decides file roles (tests/, scripts/) and where concurrency-lint.json is read.
 * It is the cwd, unless a path lies outside it: then the deepest folder holding every path.
 */
export function chooseRoot(cwd: string, paths: string[]): string {
  if (paths.every((p) => p === cwd || isInside(cwd, p))) return cwd;
  const folders = paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  let common = folders[0]!;
  while (!folders.every((f) => f === common || isInside(common, f))) {
    const parent = path.dirname(common);
    if (parent === common) break;
    common = parent;
  }
  return common;
}

export function loadConfig(configFile: string | undefined, root: string, cwd: string): LintConfig {
  if (configFile && !fs.existsSync(configFile)) {
    throw new CliError(`no such configuration file: ${displayPath(cwd, configFile)}`);
  }
  const loaded = configFile ? loadConfigFile(configFile, ruleIds) : loadConfigForRoot(root, ruleIds);
  if (!loaded.ok) {
    const { file, line, column, message } = loaded.error;
    throw new CliError(`${displayPath(cwd, file)}:${line}:${column}: ${message}`);
  }
  return loaded.config;
}

function writeReport(results: LintResult[], options: CliOptions, io: CliIO): void {
  const noColorEnv = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const context: FormatContext = {
    cwd: io.cwd,
    color: options.color && !noColorEnv && io.stdoutIsTTY && options.outputFile === undefined,
    rules: rules.map((r) => r.meta),
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    readSource: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  writeOutput(formatters[options.format](results, context), options.outputFile, io);
}

/** A report to stdout, or to `--output-file` (its folder made if needed); an unwritable file is a CLI error. */
export function writeOutput(report: string, outputFile: string | undefined, io: CliIO): void {
  if (outputFile === undefined) {
    if (report) io.writeStdout(report);
    return;
  }
  const target = path.resolve(io.cwd, outputFile);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, report);
  } catch (e) {
    throw new CliError(`cannot write ${outputFile}: ${(e as Error).message}`);
  }
}
