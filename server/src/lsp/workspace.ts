// The projects the server lints: one Engine per workspace folder (files loaded from disk in the
// background, a slice at a time so requests keep being served), plus one per folder of a file
// opened outside every workspace folder, plus one for untitled buffers. Maps URIs to file paths.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Engine } from '../engine/engine';
import { CONFIG_FILE_NAME, emptyConfig, loadConfigForRoot, type ConfigError } from '../engine/config';
import { collectFiles, isSourceFile } from '../engine/files';
import { ruleIds } from '../rules/registry';

/** How long one slice of background loading may hold the event loop before yielding. */
const LOAD_SLICE_MS = 15;

/** Untitled buffers have no path; they get a made-up one under a folder that is never read. */
const UNTITLED_ROOT = path.join(os.tmpdir(), 'concurrency-lint-untitled');

const UNTITLED_EXTENSIONS: Record<string, string> = {
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

/** The file path the engine knows a document by, or undefined for schemes we do not lint. */
export function uriToPath(uri: string, languageId?: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  }
  if (uri.startsWith('untitled:')) {
    const extension = (languageId && UNTITLED_EXTENSIONS[languageId]) ?? '.ts';
    const name = decodeURIComponent(uri.slice('untitled:'.length)).replace(/[^\w.-]+/g, '_') || 'untitled';
    return path.join(UNTITLED_ROOT, isSourceFile(name) ? name : name + extension);
  }
  return undefined;
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

export function isConfigFile(file: string): boolean {
  return path.basename(file) === CONFIG_FILE_NAME;
}

/**
 * Files the engine reads installed package versions, the Node.js version and import aliases from:
 * package.json (also those in node_modules), lockfiles, .nvmrc, tsconfig/jsconfig (and variants
 * such as tsconfig.base.json that others extend).
 */
const PACKAGE_INFO_FILE = /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|\.nvmrc|[tj]sconfig(\..+)?\.json)$/;

/** Schema files the engine reads primary and unique keys from, as data (engine/schema-keys.ts). */
export function isSchemaFile(file: string): boolean {
  return /\.(sql|prisma)$/i.test(file) && !file.split(/[\\/]/).includes('node_modules');
}

export function isPackageInfoFile(file: string): boolean {
  return PACKAGE_INFO_FILE.test(path.basename(file));
}

export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface ProjectHost {
  /** Open documents' buffers are the truth: background loading must not overwrite them. */
  isOpen(file: string): boolean;
  log(message: string): void;
  /** After every (re)load of a project's concurrency-lint.json, successful or not. */
  configLoaded(project: Project): void;
}

export type ProjectKind = 'folder' | 'loose' | 'untitled';

export class Project {
  readonly engine: Engine;
  /** The error of the last attempt to load concurrency-lint.json; the default config is in use meanwhile. */
  configError: ConfigError | undefined;
  private ignorePatterns: string[] = [];
  private generation = 0;
  private scanning: Promise<void> = Promise.resolve();
  private readonly ignoredCache = new Map<string, boolean>();

  constructor(
    readonly root: string,
    readonly kind: ProjectKind,
    private readonly host: ProjectHost,
  ) {
    this.engine = new Engine({ root });
  }

  get uri(): string {
    return pathToUri(this.root);
  }

  /** Reads `<root>/concurrency-lint.json`; on error the engine keeps linting with the default config. */
  loadConfig(): ConfigError | undefined {
    this.ignoredCache.clear();
    if (this.kind === 'untitled') return undefined;
    const result = loadConfigForRoot(this.root, ruleIds);
    if (result.ok) {
      this.engine.setConfig(result.config);
      this.ignorePatterns = result.config.ignorePatterns;
      this.configError = undefined;
    } else {
      this.engine.setConfig(emptyConfig());
      this.ignorePatterns = [];
      this.configError = result.error;
    }
    this.host.configLoaded(this);
    return this.configError;
  }

  /**
   * Loads every source file of a workspace folder from disk, a slice at a time, and drops files
   * that are gone or now ignored. A newer scan supersedes a running one.
   */
  scan(): Promise<void> {
    if (this.kind !== 'folder') return Promise.resolve();
    const generation = ++this.generation;
    this.scanning = this.runScan(generation);
    return this.scanning;
  }

  /** Resolves once no scan is running (a scan started meanwhile is waited for too). */
  async whenLoaded(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.scanning) {
      seen = this.scanning;
      await seen;
    }
  }

  private async runScan(generation: number): Promise<void> {
    let files: string[];
    try {
      files = collectFiles([this.root], { root: this.root, ignorePatterns: this.ignorePatterns });
    } catch (e) {
      this.host.log(`Listing the files of ${this.root} failed: ${(e as Error).message}`);
      return;
    }
    const wanted = new Set(files);
    for (const file of this.engine.files()) {
      if (!wanted.has(file) && !this.host.isOpen(file)) this.engine.removeFile(file);
    }
    let sliceStart = Date.now();
    for (const file of files) {
      if (generation !== this.generation) return;
      if (!this.host.isOpen(file)) {
        try {
          this.engine.loadFile(file);
        } catch (e) {
          this.host.log(`Loading ${file} failed: ${(e as Error).stack ?? String(e)}`);
        }
      }
      if (Date.now() - sliceStart >= LOAD_SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
  }

  /**
   * Whether an open file should be linted: a folder's ignorePatterns and node_modules apply to
   * open files too, as ESLint does in the editor.
   */
  isIgnored(file: string): boolean {
    if (this.kind !== 'folder') return false;
    let ignored = this.ignoredCache.get(file);
    if (ignored === undefined) {
      const segments = path.relative(this.root, file).split(path.sep);
      ignored = segments.includes('node_modules');
      if (!ignored && this.ignorePatterns.length > 0) {
        try {
          ignored = collectFiles([file], { root: this.root, ignorePatterns: this.ignorePatterns }).length === 0;
        } catch {
          ignored = false; // not on disk (deleted while open): lint the buffer
        }
      }
      this.ignoredCache.set(file, ignored);
    }
    return ignored;
  }
}

export class Workspace {
  /** Workspace folders, deepest root first so the first match is the longest prefix. */
  private folders: Project[] = [];
  /** Projects for files outside every folder, keyed by their directory. */
  private readonly loose = new Map<string, Project>();
  private untitled: Project | undefined;

  constructor(private readonly host: ProjectHost) {}

  addFolder(root: string): Project {
    const resolved = path.resolve(root);
    const existing = this.folders.find((p) => p.root === resolved);
    if (existing) return existing;
    const project = new Project(resolved, 'folder', this.host);
    this.folders = [...this.folders, project].sort((a, b) => b.root.length - a.root.length);
    return project;
  }

  removeFolder(root: string): Project | undefined {
    const resolved = path.resolve(root);
    const project = this.folders.find((p) => p.root === resolved);
    this.folders = this.folders.filter((p) => p !== project);
    return project;
  }

  folderProjects(): readonly Project[] {
    return this.folders;
  }

  allProjects(): Project[] {
    return [...this.folders, ...this.loose.values(), ...(this.untitled ? [this.untitled] : [])];
  }

  /** The folder project with the longest root containing `file`, if any. */
  folderFor(file: string): Project | undefined {
    return this.folders.find((p) => isInside(p.root, file));
  }

  /** The project a file belongs to, creating a loose (or untitled) one when no folder holds it. */
  projectFor(file: string): Project {
    const folder = this.folderFor(file);
    if (folder) return folder;
    if (isInside(UNTITLED_ROOT, file)) {
      this.untitled ??= new Project(UNTITLED_ROOT, 'untitled', this.host);
      return this.untitled;
    }
    const dir = path.dirname(file);
    let project = this.loose.get(dir);
    if (!project) {
      project = new Project(dir, 'loose', this.host);
      this.loose.set(dir, project);
      project.loadConfig();
    }
    return project;
  }

  /**
   * A document closed: its unsaved buffer is no longer the truth. A folder's source file goes back
   * to its text on disk; loose and untitled files leave their engine.
   */
  release(file: string, project: Project): void {
    if (project.kind === 'folder') {
      if (fs.existsSync(file) && isSourceFile(file) && !project.isIgnored(file)) project.engine.loadFile(file);
      else project.engine.removeFile(file);
      return;
    }
    project.engine.removeFile(file);
    if (project.engine.files().length > 0) return;
    if (project.kind === 'untitled') this.untitled = undefined;
    else this.loose.delete(project.root);
  }
}
