// How a package maps non-relative imports to its own files: tsconfig/jsconfig `baseUrl` and
// `paths` (following relative `extends`). Read as JSON with comments; never executed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';

interface PathPattern {
  prefix: string;
  suffix: string;
  wildcard: boolean;
  /** Absolute target patterns, `*` standing for what the wildcard matched. */
  targets: string[];
}

export interface ModuleConfig {
  baseUrl: string | undefined;
  patterns: PathPattern[];
  /** First path segment → whether it exists under baseUrl (asked once per segment). */
  segmentExists: Map<string, boolean>;
}

interface CompilerOptionsSubset {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

function readCompilerOptions(file: string, depth: number): { options: CompilerOptionsSubset; dir: string; pathsDir: string | undefined } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const json = parse(text, [], { allowTrailingComma: true }) as { extends?: unknown; compilerOptions?: CompilerOptionsSubset } | undefined;
  if (!json || typeof json !== 'object') return undefined;
  const dir = path.dirname(file);
  let inherited: ReturnType<typeof readCompilerOptions>;
  if (typeof json.extends === 'string' && json.extends.startsWith('.') && depth < 5) {
    const base = path.resolve(dir, json.extends);
    inherited = readCompilerOptions(base.endsWith('.json') ? base : `${base}.json`, depth + 1);
  }
  const own = json.compilerOptions ?? {};
  const options: CompilerOptionsSubset = { ...inherited?.options };
  // Relative settings are relative to the file that declares them.
  let baseUrl = inherited?.options.baseUrl;
  let pathsDir = inherited?.pathsDir;
  if (typeof own.baseUrl === 'string') baseUrl = path.resolve(dir, own.baseUrl);
  if (own.paths && typeof own.paths === 'object') {
    options.paths = own.paths;
    pathsDir = dir;
  }
  if (baseUrl) options.baseUrl = baseUrl;
  return { options, dir, pathsDir };
}

/**
 * `NODE_PATH=src node server.js` in a package.json script (often through cross-env): bare
 * specifiers (`require('controllers')`) also resolve under that folder, after node_modules — so
 * the package's declared dependencies are left to node_modules.
 */
function nodePathConfig(packageRoot: string): ModuleConfig | undefined {
  let json: { scripts?: Record<string, unknown>; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } | undefined;
  try {
    json = parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as typeof json;
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  for (const script of Object.values(json.scripts ?? {})) {
    if (typeof script !== 'string') continue;
    const match = /(?:^|[\s;&])NODE_PATH=(?:"([^"]+)"|'([^']+)'|([^\s;&]+))/.exec(script);
    const value = match?.[1] ?? match?.[2] ?? match?.[3];
    // The first entry of a `:`-separated list; `$NODE_PATH` and absolute paths are not the project's.
    const first = value?.split(':')[0];
    if (!first || first.includes('$') || path.isAbsolute(first)) continue;
    const segmentExists = new Map<string, boolean>();
    for (const name of [...Object.keys(json.dependencies ?? {}), ...Object.keys(json.devDependencies ?? {})]) segmentExists.set(name, false);
    return { baseUrl: path.resolve(packageRoot, first), patterns: [], segmentExists };
  }
  return undefined;
}

/** The module configuration of a package root (its tsconfig.json, else jsconfig.json, else NODE_PATH). */
export function loadModuleConfig(packageRoot: string): ModuleConfig {
  const read = readCompilerOptions(path.join(packageRoot, 'tsconfig.json'), 0) ?? readCompilerOptions(path.join(packageRoot, 'jsconfig.json'), 0);
  if (!read?.options.baseUrl && !read?.options.paths) {
    const fromNodePath = nodePathConfig(packageRoot);
    if (fromNodePath) return fromNodePath;
  }
  if (!read) return { baseUrl: undefined, patterns: [], segmentExists: new Map() };
  const { baseUrl, paths } = read.options;
  const patterns: PathPattern[] = [];
  const targetsBase = baseUrl ?? read.pathsDir ?? packageRoot;
  for (const [key, targets] of Object.entries(paths ?? {})) {
    if (!Array.isArray(targets)) continue;
    const star = key.indexOf('*');
    patterns.push({
      prefix: star === -1 ? key : key.slice(0, star),
      suffix: star === -1 ? '' : key.slice(star + 1),
      wildcard: star !== -1,
      targets: targets.filter((t) => typeof t === 'string').map((t) => path.resolve(targetsBase, t)),
    });
  }
  // Longest prefix first, as TypeScript matches.
  patterns.sort((a, b) => b.prefix.length - a.prefix.length);
  return { baseUrl, patterns, segmentExists: new Map() };
}

/** Absolute candidate paths (without extension probing) a non-relative specifier maps to. */
export function aliasCandidates(config: ModuleConfig, specifier: string): string[] {
  for (const pattern of config.patterns) {
    if (pattern.wildcard) {
      if (!specifier.startsWith(pattern.prefix) || !specifier.endsWith(pattern.suffix)) continue;
      if (specifier.length < pattern.prefix.length + pattern.suffix.length) continue;
      const matched = specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length);
      return pattern.targets.map((t) => t.replace('*', matched));
    }
    if (specifier === pattern.prefix) return pattern.targets;
  }
  return config.baseUrl ? [path.resolve(config.baseUrl, specifier)] : [];
}

/** Whether a specifier may name a file of the project rather than a package from node_modules. */
export function isAliasSpecifier(config: ModuleConfig, specifier: string): boolean {
  if (config.patterns.some((p) => (p.wildcard ? specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix) : specifier === p.prefix))) {
    return true;
  }
  if (!config.baseUrl) return false;
  // With baseUrl, `services/users` may be a project file: only if its first segment exists there.
  const first = specifier.split('/')[0]!;
  if (first.startsWith('@') || first === '') return false;
  let exists = config.segmentExists.get(first);
  if (exists === undefined) {
    exists = SOURCE_SUFFIXES.some((suffix) => fs.existsSync(path.join(config.baseUrl!, first + suffix)));
    config.segmentExists.set(first, exists);
  }
  return exists;
}

const SOURCE_SUFFIXES = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];
