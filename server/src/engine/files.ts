// Finds the files to analyse under the given paths: JS/TS sources, skipping node_modules, build
// output, and whatever .gitignore files and the config's ignorePatterns exclude.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache']);

export function isSourceFile(file: string): boolean {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

interface IgnoreLayer {
  dir: string;
  ig: Ignore;
}

function readGitignore(dir: string): Ignore | undefined {
  const file = path.join(dir, '.gitignore');
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function ignoredBy(layers: IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const { dir, ig } of layers) {
    const rel = path.relative(dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

export interface CollectOptions {
  /** The folder ignorePatterns are relative to (the config's folder). */
  root: string;
  /** Which file names a folder walk keeps (default: JavaScript and TypeScript sources). */
  accept?: (fileName: string) => boolean;
  ignorePatterns?: string[];
}

/**
 * Expands files and directories into the source files to analyse, sorted. A file named explicitly
 * is kept even if .gitignore would skip it (as ESLint does); ignorePatterns always apply.
 */
export function collectFiles(paths: string[], options: CollectOptions): string[] {
  const result = new Set<string>();
  const accept = options.accept ?? isSourceFile;
  const configIgnore = ignore().add(options.ignorePatterns ?? []);
  const root = path.resolve(options.root);
  const byConfig = (abs: string, isDir: boolean): boolean => {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return false;
    return configIgnore.ignores(isDir ? rel + '/' : rel);
  };

  const walk = (dir: string, layers: IgnoreLayer[]): void => {
    const own = readGitignore(dir);
    const here = own ? [...layers, { dir, ig: own }] : layers;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
        if (ignoredBy(here, abs, true) || byConfig(abs, true)) continue;
        walk(abs, here);
      } else if (entry.isFile() && accept(entry.name)) {
        if (ignoredBy(here, abs, false) || byConfig(abs, false)) continue;
        result.add(abs);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new Error(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) {
      walk(abs, gitignoreLayersAbove(abs));
    } else if (!byConfig(abs, false)) {
      result.add(abs);
    }
  }
  return [...result].sort();
}

/** .gitignore files in the parent folders of `dir`, up to the repository root. */
function gitignoreLayersAbove(dir: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let current = path.dirname(dir);
  for (;;) {
    const ig = readGitignore(current);
    if (ig) layers.unshift({ dir: current, ig });
    if (fs.existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return layers;
}
