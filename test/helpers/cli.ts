// Runs the built CLI (dist/cli.js) as a real process and reads what it leaves behind. The
// assertions live in test/cli.test.ts; this file only spawns, snapshots and builds temp projects.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import type { JsonFileResult } from '../../server/src/cli/formatters/json';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_PATH = path.join(REPOSITORY_ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'cli');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node dist/cli.js …` in `cwd`, with no colour forcing or DEBUG from the caller's env. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): CliRun {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`node esbuild.mjs\` before the tests`);
  const env: Record<string, string | undefined> = { ...process.env, DEBUG: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env };
  const child = spawnSync(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function parseJsonReport(stdout: string): JsonFileResult[] {
  return JSON.parse(stdout) as JsonFileResult[];
}

export function parseSarifReport(stdout: string): Log {
  return JSON.parse(stdout) as Log;
}

/** File paths of a JSON report relative to `folder`, with forward slashes. */
export function reportedFiles(report: readonly JsonFileResult[], folder: string): string[] {
  return report.map((r) => path.relative(folder, r.filePath).split(path.sep).join('/'));
}

/** Every file under `folder` with its bytes and modification time, to prove a run changed nothing. */
export function snapshotFolder(folder: string): Record<string, { content: string; mtimeMs: number }> {
  const snapshot: Record<string, { content: string; mtimeMs: number }> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    snapshot[path.relative(folder, file)] = { content: fs.readFileSync(file).toString('base64'), mtimeMs: fs.statSync(file).mtimeMs };
  }
  return snapshot;
}

/**
 * A project in a fresh temp folder, for layouts git would not keep in the repository (a
 * node_modules folder, files a nested .gitignore excludes). Returns its real path.
 */
export function makeTempProject(files: Record<string, string | Uint8Array>): { folder: string; remove(): void } {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-cli-')));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { folder, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

export function readFixtureFile(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Bytes no text file holds: the engine must skip them, not parse them. */
export const BINARY_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

export function outputLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** True when the text holds an ANSI escape sequence (colour). */
export function hasAnsi(text: string): boolean {
  return text.includes('\u001b[');
}
