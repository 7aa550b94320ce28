// Which version of a package a file's project actually installs, so rules can key library
// defaults on it: node_modules/<pkg>/package.json nearest to the file, else the lockfile
// (package-lock.json, yarn.lock, pnpm-lock.yaml), else the range declared in package.json.
// Also the Node.js version the project targets (engines.node, .nvmrc, .node-version).
// Files are read as data, never executed; every answer is cached until `clear()`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

export type VersionSource = 'node_modules' | 'package-lock.json' | 'yarn.lock' | 'pnpm-lock.yaml' | 'package.json' | '.nvmrc' | '.node-version' | 'engines.node' | 'setting';

export interface ResolvedVersion {
  /** A concrete version (`8.11.3`), or the lowest version a declared range allows. */
  version: string;
  /** The declared range, when that is all we know. */
  range?: string;
  source: VersionSource;
  /** Where it was read. */
  file: string;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The lowest version a range allows (`^8.2.0` → 8.2.0); undefined for tags, URLs, workspaces. */
export function lowestVersion(range: string): string | undefined {
  try {
    return semver.minVersion(range)?.version;
  } catch {
    return undefined;
  }
}

export class PackageVersions {
  /** Lookups stop at `root` (the workspace): versions installed above it belong to something else. */
  constructor(private readonly root?: string) {}

  private readonly cache = new Map<string, ResolvedVersion | null>();
  private readonly lockfiles = new Map<string, unknown>();
  /** Parsed JSON files (manifests), including the ones that are missing: every rule asks again. */
  private readonly jsonFiles = new Map<string, unknown>();

  clear(): void {
    this.cache.clear();
    this.lockfiles.clear();
    this.jsonFiles.clear();
  }

  private json(file: string): unknown {
    if (!this.jsonFiles.has(file)) this.jsonFiles.set(file, readJson(file));
    return this.jsonFiles.get(file);
  }

  /** The version of `name` installed for code in `fromDir`. */
  versionOf(name: string, fromDir: string): ResolvedVersion | undefined {
    const key = `${fromDir}\0${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.lookup(name, fromDir);
    this.cache.set(key, found ?? null);
    return found;
  }

  /** The Node.js version the project runs on: .nvmrc / .node-version, else engines.node. */
  nodeVersion(fromDir: string): ResolvedVersion | undefined {
    const key = `${fromDir}\0<node>`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: ResolvedVersion | undefined;
    for (const dir of ancestors(fromDir, this.root)) {
      for (const [fileName, source] of [['.nvmrc', '.nvmrc'], ['.node-version', '.node-version']] as const) {
        const text = readText(path.join(dir, fileName))?.trim().replace(/^v/, '');
        const version = text ? (semver.valid(semver.coerce(text)) ?? undefined) : undefined;
        if (version) {
          found = { version, source, file: path.join(dir, fileName) };
          break;
        }
      }
      if (found) break;
      const manifest = this.json(path.join(dir, 'package.json')) as { engines?: { node?: unknown } } | undefined;
      const range = manifest?.engines?.node;
      if (typeof range === 'string') {
        const version = lowestVersion(range);
        if (version) {
          found = { version, range, source: 'engines.node', file: path.join(dir, 'package.json') };
          break;
        }
      }
    }
    this.cache.set(key, found ?? null);
    return found;
  }

  private lookup(name: string, fromDir: string): ResolvedVersion | undefined {
    let declared: ResolvedVersion | undefined;
    for (const dir of ancestors(fromDir, this.root)) {
      const installed = path.join(dir, 'node_modules', name, 'package.json');
      const manifest = this.json(installed) as { version?: unknown } | undefined;
      if (typeof manifest?.version === 'string') return { version: manifest.version, source: 'node_modules', file: installed };
      const locked = this.fromLockfiles(name, dir);
      if (locked) return locked;
      if (!declared) {
        const own = this.json(path.join(dir, 'package.json')) as Record<string, Record<string, unknown> | undefined> | undefined;
        for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          const range = own?.[field]?.[name];
          const version = typeof range === 'string' ? lowestVersion(range) : undefined;
          if (typeof range === 'string' && version) {
            declared = { version, range, source: 'package.json', file: path.join(dir, 'package.json') };
            break;
          }
        }
      }
    }
    return declared;
  }

  private fromLockfiles(name: string, dir: string): ResolvedVersion | undefined {
    const npmLock = path.join(dir, 'package-lock.json');
    const npm = this.lockfile(npmLock, () => readJson(npmLock)) as
      | { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> }
      | undefined;
    const npmVersion = npm?.packages?.[`node_modules/${name}`]?.version ?? npm?.dependencies?.[name]?.version;
    if (npmVersion) return { version: npmVersion, source: 'package-lock.json', file: npmLock };

    const yarnLock = path.join(dir, 'yarn.lock');
    const yarn = this.lockfile(yarnLock, () => readText(yarnLock)) as string | undefined;
    if (yarn) {
      // `"pg@^8.0.0", pg@^8.11.0:\n  version "8.11.3"` (v1) or `"pg@npm:^8": … version: 8.11.3` (berry).
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const match = new RegExp(`^"?${escaped}@[^\\n]*:\\n(?:[ \\t]+[^\\n]*\\n)*?[ \\t]+version:? "?([^"\\n]+)"?`, 'm').exec(yarn);
      if (match) return { version: match[1]!, source: 'yarn.lock', file: yarnLock };
    }

    const pnpmLock = path.join(dir, 'pnpm-lock.yaml');
    const pnpm = this.lockfile(pnpmLock, () => readText(pnpmLock)) as string | undefined;
    if (pnpm) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      // `/pg@8.11.3:` (v6+) or `/pg/8.11.3:` (v5) package keys.
      const match = new RegExp(`^\\s+'?/?${escaped}[@/](\\d+\\.\\d+\\.\\d+[^:('\\s]*)`, 'm').exec(pnpm);
      if (match) return { version: match[1]!, source: 'pnpm-lock.yaml', file: pnpmLock };
    }
    return undefined;
  }

  private lockfile(file: string, read: () => unknown): unknown {
    if (!this.lockfiles.has(file)) this.lockfiles.set(file, fs.existsSync(file) ? read() : undefined);
    return this.lockfiles.get(file);
  }
}

/** `dir` and its parents, stopping after `root` (when inside it) or a repository root (.git). */
function* ancestors(dir: string, root?: string): Generator<string> {
  const inside = root !== undefined && !path.relative(root, dir).startsWith('..');
  let current = dir;
  for (;;) {
    yield current;
    if (inside && current === root) return;
    if (isRepositoryRoot(current)) return;
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

const repositoryRoots = new Map<string, boolean>();
function isRepositoryRoot(dir: string): boolean {
  let answer = repositoryRoots.get(dir);
  if (answer === undefined) {
    answer = fs.existsSync(path.join(dir, '.git'));
    repositoryRoots.set(dir, answer);
  }
  return answer;
}
