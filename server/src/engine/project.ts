// The cross-file index: every file's summary, our own module resolution over the files we hold
// (relative paths, extensions, index files), and the request path: every function reachable from
// a request handler through calls, callbacks and nesting, across files. Recomputed lazily after a
// change; it touches summaries only, never syntax trees.
import * as path from 'node:path';
import type { AllocationInfo, CallSite, FileSummary, OrmUseRef, ResourceInfo, ResourceUse, Root, RouteInfo, RouterRef, SymRef, WorkerInfo } from './summary';
import { databaseKind, targetOfText } from './resources';
import type { FileRole } from './roles';
import type { SchemaShape } from './validation-schemas';
import type { UseKind } from './resources';
import type { PoolEffectKind } from './pool-wrappers';
import type { ColumnDeclaration } from './schema-keys';
import type { DecorationAnswer, DecorationSlot } from './decorations';
import { dataAt, type DataShape } from './data-shapes';
import type { CliDataSource } from './package-scripts';

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript ESM imports name the emitted file: './db.js' is './db.ts' on disk. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

interface CodeLocation {
  file: string;
  id: number;
}

/** Maps a non-relative specifier imported by `fromFile` to candidate project paths (tsconfig paths). */
export type AliasResolver = (specifier: string, fromFile: string) => string[];

export class ProjectIndex {
  constructor(private readonly aliases: AliasResolver = () => []) {}

  private readonly summaries = new Map<string, FileSummary>();
  private readonly exportFingerprints = new WeakMap<FileSummary, string>();
  private reachable: Map<string, Set<number>> | undefined;
  private callers: Map<string, IndexedCallSite[]> | undefined;
  private readonly moduleCache = new Map<string, string | null>();

  /** Bumped whenever some summary changed: project-level results cached against it go stale. */
  version = 0;

  /**
   * What a project import denotes when it is a library instance made in the imported file (or a
   * file it re-exports from): its module, factory and the path left to apply. `consulted` collects
   * the files looked at (or `?dir\0specifier` for imports that resolve to nothing yet), so the
   * engine can re-analyse the importer when they change.
   */
  remoteInstance(
    specifier: string,
    steps: string[],
    fromFile: string,
    consulted: Set<string>,
    depth = 0,
  ): { module: string; factory: string[]; path: string[]; file: string; resourceId?: number; batch?: { file: string; id: number }; router?: { file: string; id: number }; schema?: SchemaShape } | undefined {
    if (depth > 8) return undefined;
    const file = this.consultModule(specifier, fromFile, consulted);
    if (!file) return undefined;
    const summary = this.summaries.get(file)!;
    let rest = steps;
    let current: { ref: SymRef; file: string } | undefined;
    if (rest.length === 0 || rest[0] === '()' || rest[0] === 'new()') {
      const whole = summary.exports['default'];
      current = whole ? { ref: whole, file } : undefined;
    } else {
      current = this.exportOf(summary, rest[0]!, depth + 1);
      rest = rest.slice(1);
      if (!current && steps[0] === 'default' && steps.length > 1) {
        current = this.exportOf(summary, steps[1]!, depth + 1);
        rest = steps.slice(2);
      }
    }
    while (current) {
      const { ref } = current;
      if (ref.kind === 'lib-instance') {
        return {
          module: ref.module,
          factory: ref.factory,
          path: rest,
          file: current.file,
          ...(ref.batch !== undefined ? { batch: { file: current.file, id: ref.batch } } : {}),
          ...(ref.router !== undefined ? { router: { file: current.file, id: ref.router } } : {}),
          ...(ref.schema ? { schema: ref.schema } : {}),
        };
      }
      if (ref.kind === 'resource') {
        const info = this.summaries.get(current.file)?.resources.find((r) => r.id === ref.id);
        return info ? { module: info.module, factory: info.factory, path: rest, file: current.file, resourceId: info.id } : undefined;
      }
      if (ref.kind === 'project') return this.remoteInstance(ref.specifier, [...ref.path, ...rest], current.file, consulted, depth + 1);
      // `getRedisInstance()`: a function that gives one resource of its file.
      if (ref.kind === 'fn' && rest[0] === '()') {
        const owner = ref.file ?? current.file;
        const returns = this.summaries.get(owner)?.functions.find((f) => f.id === ref.id)?.returnsResource;
        current = returns !== undefined ? { ref: { kind: 'resource', id: returns }, file: owner } : undefined;
        rest = rest.slice(1);
        continue;
      }
      if (ref.kind !== 'object' || rest.length === 0) return undefined;
      const member: SymRef | undefined = ref.members[rest[0]!];
      current = member ? { ref: member, file: current.file } : undefined;
      rest = rest.slice(1);
    }
    return undefined;
  }

  /**
   * What a project import denotes when it is a class (a DTO): the facts its file recorded about it.
   * `consulted` collects the files looked at, as for remoteInstance.
   */
  remoteClass(specifier: string, steps: string[], fromFile: string, consulted: Set<string>): { file: string; arrayMaxSize: string[] } | undefined {
    const file = this.consultModule(specifier, fromFile, consulted);
    if (!file) return undefined;
    const target = this.followProjectPath(specifier, steps, fromFile, 0);
    if (!target || target.ref.kind !== 'class') return undefined;
    consulted.add(target.file);
    const id = target.ref.id;
    const info = this.summaries.get(target.file)?.classes.find((c) => c.id === id);
    return info ? { file: target.file, arrayMaxSize: info.arrayMaxSize ?? [] } : undefined;
  }

  /** Changes when what a file exports changes (not when a function body does). */
  exportFingerprint(file: string): string {
    const summary = this.summaries.get(file);
    if (!summary) return 'missing';
    let fingerprint = this.exportFingerprints.get(summary);
    if (fingerprint === undefined) {
      fingerprint = JSON.stringify([summary.exports, summary.starExports, summary.resources.map((r) => [r.id, r.module, r.factory]), summary.poolEffects, summary.sqlWrappers ?? [], summary.classes.map((c) => c.arrayMaxSize ?? []), summary.data, summary.callerQuestions ?? []]);
      this.exportFingerprints.set(summary, fingerprint);
    }
    return fingerprint;
  }

  set(summary: FileSummary): void {
    const previous = this.summaries.get(summary.file);
    this.summaries.set(summary.file, summary);
    this.indexDecorations(summary.file, previous, summary);
    // Most edits leave the summary equal, and then nothing is recomputed. Compared as data, not
    // serialised: no string per edit, none kept per file, and the first difference ends it.
    if (previous && sameData(previous, summary)) return;
    this.version++;
    this.reachable = undefined;
    this.callers = undefined;
    if (!previous) this.moduleCache.clear();
  }

  delete(file: string): void {
    this.indexDecorations(file, this.summaries.get(file), undefined);
    if (this.summaries.delete(file)) {
      this.version++;
      this.reachable = undefined;
      this.callers = undefined;
      this.moduleCache.clear();
    }
  }

  /** Plugin routes by file, switched on by a registration somewhere (see FileSummary.pluginRoutes); per version. */
  private pluginRootsCache: { version: number; byFile: Map<string, Root[]> } | undefined;

  /** A file's request handlers: its own roots, and the routes of its functions some file registers as Fastify plugins. */
  rootsOf(summary: FileSummary): readonly Root[] {
    if (this.pluginRootsCache?.version !== this.version) this.pluginRootsCache = { version: this.version, byFile: this.registeredPluginRoots() };
    const extra = this.pluginRootsCache.byFile.get(summary.file);
    return extra ? [...summary.roots, ...extra] : summary.roots;
  }

  /** Follows `register()` calls from application files into the plugin functions they name, and the plugins those register. */
  private registeredPluginRoots(): Map<string, Root[]> {
    const byFile = new Map<string, Root[]>();
    const seen = new Set<string>();
    const queue: { ref: SymRef; file: string }[] = [];
    for (const summary of this.summaries.values()) {
      if (summary.role !== 'application') continue;
      for (const ref of summary.plugins ?? []) queue.push({ ref, file: summary.file });
    }
    while (queue.length > 0) {
      const { ref, file } = queue.pop()!;
      for (const location of this.resolveRef(ref, file)) {
        const key = `${location.file}#${location.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = this.summaries.get(location.file);
        const entry = target?.role === 'application' ? target.pluginRoutes?.find((p) => p.fn === location.id) : undefined;
        if (!entry) continue;
        const list = byFile.get(location.file) ?? [];
        list.push(...entry.roots);
        byFile.set(location.file, list);
        for (const registered of entry.registers) queue.push({ ref: registered, file: location.file });
      }
    }
    return byFile;
  }

  // ---- framework slots (decorations.ts) ------------------------------------------------------------

  /** Slot (`fastify\0tasks`) → the files that fill it and what they put there. Kept current by set/delete. */
  private readonly decorationIndex = new Map<string, Map<string, SymRef[]>>();

  private indexDecorations(file: string, before: FileSummary | undefined, after: FileSummary | undefined): void {
    for (const d of before?.decorations ?? []) {
      const key = `${d.slot}\0${d.name}`;
      const files = this.decorationIndex.get(key);
      files?.delete(file);
      if (files?.size === 0) this.decorationIndex.delete(key);
    }
    for (const d of after?.decorations ?? []) {
      const key = `${d.slot}\0${d.name}`;
      let files = this.decorationIndex.get(key);
      if (!files) this.decorationIndex.set(key, (files = new Map()));
      const refs = files.get(file) ?? [];
      refs.push(d.value);
      files.set(file, refs);
    }
  }

  private slotEntries(slot: DecorationSlot, name: string): { file: string; ref: SymRef }[] {
    const files = this.decorationIndex.get(`${slot}\0${name}`);
    if (!files) return [];
    return [...files].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([file, refs]) => refs.map((ref) => ({ file, ref })));
  }

  /** Changes when what some file puts in the slot changes (a `#slot\0name` consulted key). */
  slotFingerprint(key: string): string {
    const [slot, name] = key.slice(1).split('\0') as [DecorationSlot, string];
    return JSON.stringify(this.slotEntries(slot, name));
  }

  /**
   * What a framework slot holds, for the binder: the library instance every file that fills it puts
   * there (a pool, made there or imported there), else code to follow (a repository object, a class
   * instance). Undefined when no file fills it. `consulted` gets the slot's key (and the files a
   * pool was followed into), so the reader is analysed again when that changes.
   */
  decoration(slot: DecorationSlot, name: string, fromFile: string, consulted: Set<string>): DecorationAnswer | undefined {
    consulted.add(`#${slot}\0${name}`);
    const entries = this.slotEntries(slot, name);
    if (entries.length === 0) return undefined;
    const instances: Extract<DecorationAnswer, { kind: 'instance' }>[] = [];
    for (const { file, ref } of entries) {
      const instance = this.instanceOf(ref, file, consulted);
      if (!instance) return { kind: 'code' };
      instances.push(instance);
    }
    const first = instances[0]!;
    // Different pools in one slot (two apps in one repository): only the type is common.
    const same = instances.every((i) => i.module === first.module && i.factory.join('.') === first.factory.join('.'));
    if (!same) return { kind: 'code' };
    const oneResource = instances.every((i) => i.file === first.file && i.resourceId === first.resourceId);
    return oneResource ? first : { kind: 'instance', module: first.module, factory: first.factory, file: first.file };
  }

  private instanceOf(ref: SymRef, file: string, consulted: Set<string>): Extract<DecorationAnswer, { kind: 'instance' }> | undefined {
    if (ref.kind === 'lib-instance') return { kind: 'instance', module: ref.module, factory: ref.factory, file };
    if (ref.kind === 'resource') {
      const owner = ref.file ?? file;
      const info = this.summaries.get(owner)?.resources.find((r) => r.id === ref.id);
      return info ? { kind: 'instance', module: info.module, factory: info.factory, file: owner, resourceId: info.id } : undefined;
    }
    if (ref.kind === 'project') {
      const remote = this.remoteInstance(ref.specifier, ref.path, file, consulted);
      return remote && remote.path.length === 0 ? { kind: 'instance', module: remote.module, factory: remote.factory, file: remote.file, ...(remote.resourceId !== undefined ? { resourceId: remote.resourceId } : {}) } : undefined;
    }
    return undefined;
  }

  /** The code a slot read reaches: what each filling file put there, with `path` applied. */
  private resolveDecoration(ref: Extract<SymRef, { kind: 'decoration' }>, depth: number): CodeLocation[] {
    this.consulting?.add(`#${ref.slot}\0${ref.name}`);
    const out: CodeLocation[] = [];
    for (const entry of this.slotEntries(ref.slot, ref.name)) {
      const target = this.applyPath(entry.ref, entry.file, ref.path, depth + 1);
      if (target) out.push(...this.resolveRef(target.ref, target.file, depth + 1));
    }
    return out;
  }

  /** `steps` (members, '()', 'new()') applied to a reference, across files. */
  private applyPath(ref: SymRef, file: string, steps: readonly string[], depth: number): { ref: SymRef; file: string } | undefined {
    let current = { ref, file };
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (current.ref.kind === 'project') return this.followProjectPath(current.ref.specifier, [...current.ref.path, ...steps.slice(i)], current.file, depth + 1);
      if (current.ref.kind === 'decoration') return { ref: { ...current.ref, path: [...current.ref.path, ...steps.slice(i)] }, file: current.file };
      const next = applyStep(current.ref, step);
      if (!next) return undefined;
      current = { ref: next, file: current.file };
    }
    return current;
  }

  // ---- plain data (data-shapes.ts) ---------------------------------------------------------------

  /**
   * What a project import is when it is plain data the other file exports (a config object), with
   * `steps` applied: `require('./config').mongoose.options`. `consulted` as for remoteInstance.
   */
  remoteData(specifier: string, steps: string[], fromFile: string, consulted: Set<string>, depth = 0): DataShape | undefined {
    if (depth > 8) return undefined;
    const file = this.consultModule(specifier, fromFile, consulted);
    if (!file) return undefined;
    const summary = this.summaries.get(file)!;
    const [first = 'default', ...rest] = steps;
    const own = summary.data[first] ?? (first !== 'default' ? dataAt(summary.data['default'], [first]) : undefined);
    if (own) return dataAt(own, rest);
    // `import config from './config'` of a file with only named exports is its namespace.
    if (first === 'default' && rest.length > 0 && summary.data[rest[0]!]) return dataAt(summary.data[rest[0]!], rest.slice(1));
    const reexport = summary.exports[first];
    if (reexport?.kind === 'project') return this.remoteData(reexport.specifier, [...reexport.path, ...rest], file, consulted, depth + 1);
    for (const star of summary.starExports) {
      const found = this.remoteData(star, steps, file, consulted, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** True when any file establishes the fact (e.g. sets `axios.defaults.timeout`). */
  hasFact(fact: string): boolean {
    return this.allFacts().has(fact);
  }

  /** Every fact some file establishes that starts with `prefix` (`knex-insert:`). */
  factsWithPrefix(prefix: string): string[] {
    return [...this.allFacts()].filter((f) => f.startsWith(prefix));
  }

  private allFacts(): Set<string> {
    // Asked once per candidate finding: gather the facts once per project version.
    if (this.facts?.version !== this.version) {
      const all = new Set<string>();
      for (const summary of this.summaries.values()) for (const f of summary.facts) all.add(f);
      this.facts = { version: this.version, all };
    }
    return this.facts.all;
  }

  private facts: { version: number; all: Set<string> } | undefined;

  /** Every column declaration of every file (schemas in migrations, models, entities). */
  columnDeclarations(): ColumnDeclaration[] {
    const all: ColumnDeclaration[] = [];
    for (const summary of this.summaries.values()) all.push(...summary.columns);
    return all;
  }

  get(file: string): FileSummary | undefined {
    return this.summaries.get(file);
  }

  /** Ids of the functions of `file` that run while serving a request. */
  reachableFunctions(file: string): ReadonlySet<number> {
    this.reachable ??= this.computeReachable();
    return this.reachable.get(file) ?? EMPTY;
  }

  /** Every call site in the project that calls function `id` of `file`, with what it passes. */
  callSitesOf(file: string, id: number): readonly IndexedCallSite[] {
    if (!this.callers) {
      const callers = new Map<string, IndexedCallSite[]>();
      for (const summary of this.summaries.values()) {
        for (const site of summary.calls) {
          for (const location of this.resolveRef(site.to, summary.file)) {
            const key = `${location.file}#${location.id}`;
            const list = callers.get(key) ?? [];
            list.push({ file: summary.file, role: summary.role, site });
            callers.set(key, list);
          }
        }
      }
      this.callers = callers;
    }
    return this.callers.get(`${file}#${id}`) ?? [];
  }

  resolveModule(specifier: string, fromFile: string): string | undefined {
    const key = path.dirname(fromFile) + '\0' + specifier;
    let resolved: string | undefined;
    const cached = this.moduleCache.get(key);
    if (cached !== undefined) {
      resolved = cached ?? undefined;
    } else {
      resolved = this.resolveUncached(specifier, fromFile);
      this.moduleCache.set(key, resolved ?? null);
    }
    if (this.consulting) {
      if (resolved) this.consulting.add(resolved);
      else if (specifier.startsWith('.')) this.consulting.add(`?${path.dirname(fromFile)}\0${specifier}`);
    }
    return resolved;
  }

  /** While answering a cross-file question for the engine: every file (or unresolved import) looked at. */
  private consulting: Set<string> | undefined;

  /**
   * What calling a project function does to a driver pool (pool-wrappers.ts), with wrappers of
   * wrappers followed (`users.findByEmail` → `db.query` → `pool.query`): each effect names the pool
   * by the file that makes it and its resource id there. `consulted` collects the files looked at,
   * as for remoteInstance, so the engine re-analyses the caller when one of them changes.
   */
  poolEffects(specifier: string, steps: string[], fromFile: string, consulted: Set<string>): ProjectPoolEffect[] {
    const outer = this.consulting;
    this.consulting = consulted;
    try {
      return this.poolEffectsOfRef({ kind: 'project', specifier, path: steps }, fromFile, 0, new Set());
    } finally {
      this.consulting = outer;
    }
  }

  /**
   * Whether some finding depends on what the callers of the code `ref` names pass (the callee's
   * summary lists it in `callerQuestions`): only then does the calling file work out its argument
   * facts. `consulted` collects the files looked at, as for poolEffects.
   */
  callersAsked(ref: SymRef, fromFile: string, consulted: Set<string>): boolean {
    const outer = this.consulting;
    this.consulting = consulted;
    try {
      let asked = false;
      for (const location of this.resolveRef(ref, fromFile)) {
        consulted.add(location.file);
        if (this.summaries.get(location.file)?.callerQuestions?.includes(location.id)) asked = true;
      }
      return asked;
    } finally {
      this.consulting = outer;
    }
  }

  /**
   * The parameters of a project function that reach the SQL text of a raw query unchanged
   * (sql-wrappers.ts), wrappers of wrappers followed (`getMetrics` → `rawQuery(sql)` →
   * `prisma.$queryRawUnsafe(sql)`). `consulted` as for poolEffects.
   */
  sqlParams(specifier: string, steps: string[], fromFile: string, consulted: Set<string>): number[] {
    const outer = this.consulting;
    this.consulting = consulted;
    try {
      return this.sqlParamsOfRef({ kind: 'project', specifier, path: steps }, fromFile, 0, new Set());
    } finally {
      this.consulting = outer;
    }
  }

  private sqlParamsOfRef(ref: SymRef, file: string, depth: number, seen: Set<string>): number[] {
    if (depth > 4) return [];
    const result = new Set<number>();
    for (const location of this.resolveRef(ref, file)) {
      const key = `${location.file}#${location.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.consulting?.add(location.file);
      for (const wrapper of this.summaries.get(location.file)?.sqlWrappers ?? []) {
        if (wrapper.fn !== location.id || result.has(wrapper.param)) continue;
        if (!wrapper.via) result.add(wrapper.param);
        else if (this.sqlParamsOfRef(wrapper.via, location.file, depth + 1, seen).includes(wrapper.arg ?? -1)) result.add(wrapper.param);
      }
    }
    return [...result].sort((a, b) => a - b);
  }

  private poolEffectsOfRef(ref: SymRef, file: string, depth: number, seen: Set<string>): ProjectPoolEffect[] {
    if (depth > 4) return [];
    const result: ProjectPoolEffect[] = [];
    for (const location of this.resolveRef(ref, file)) {
      const key = `${location.file}#${location.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const summary = this.summaries.get(location.file);
      for (const effect of summary?.poolEffects ?? []) {
        if (effect.fn !== location.id) continue;
        if (effect.target.kind === 'project') {
          for (const inner of this.poolEffectsOfRef(effect.target, location.file, depth + 1, seen)) {
            if (inner.kind === effect.kind) result.push(inner);
          }
          continue;
        }
        const resource = this.resolveResource(effect.target, location.file, 0);
        const info = resource ? this.summaries.get(resource.file)?.resources.find((r) => r.id === resource.id) : undefined;
        if (resource) this.consulting?.add(resource.file);
        if (!resource || !info) continue;
        result.push({
          kind: effect.kind,
          pool: { file: resource.file, id: resource.id, module: info.module, factory: info.factory },
          file: location.file,
          call: effect.call,
          ...(effect.param !== undefined ? { param: effect.param } : {}),
        });
      }
    }
    return result;
  }

  /**
   * Whether calling the code `ref` names (from `file`) does I/O as far as the summaries tell: it
   * queries a pool or an ORM, checks a connection out, calls out over HTTP, or calls code that does
   * (wrappers of wrappers, callbacks written inside it), at any depth. Asked at lint time for
   * findings that depend on it (`ifCallsIo`), so it is always the current answer.
   */
  performsIo(ref: SymRef, file: string): boolean {
    const io = this.ioLocations();
    return this.resolveRef(ref, file).some((location) => io.has(`${location.file}#${location.id}`));
  }

  /**
   * The functions that do I/O, once per project version: those that use a resource or a pool
   * themselves, then, backwards along calls and nesting, every function that reaches one. Computed
   * as a whole so the answer never depends on which function was asked about first.
   */
  private ioLocations(): ReadonlySet<string> {
    if (this.ioCache?.version === this.version) return this.ioCache.locations;
    const io = new Set<string>();
    const callers = new Map<string, string[]>();
    const link = (callee: CodeLocation, caller: string): void => {
      const key = `${callee.file}#${callee.id}`;
      const list = callers.get(key);
      if (list) list.push(caller);
      else callers.set(key, [caller]);
    };
    const children = this.childFunctions();
    for (const summary of this.summaries.values()) {
      const file = summary.file;
      for (const effect of summary.poolEffects) io.add(`${file}#${effect.fn}`);
      for (const use of summary.uses) {
        if (use.orm?.unlessCode && this.resolveRef(use.orm.unlessCode, file).length > 0) continue;
        if (this.typedNotResource(use, file)) continue;
        io.add(`${file}#${use.from}`);
      }
      for (const edge of summary.edges) for (const callee of this.resolveRef(edge.to, file)) link(callee, `${file}#${edge.from}`);
      for (const [parent, kids] of children.get(file) ?? []) for (const kid of kids) link({ file, id: kid }, `${file}#${parent}`);
    }
    const queue = [...io];
    while (queue.length > 0) {
      for (const caller of callers.get(queue.pop()!) ?? []) {
        if (io.has(caller)) continue;
        io.add(caller);
        queue.push(caller);
      }
    }
    this.ioCache = { version: this.version, locations: io };
    return io;
  }

  private ioCache: { version: number; locations: Set<string> } | undefined;

  private resolveUncached(specifier: string, fromFile: string): string | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return this.probe(path.resolve(path.dirname(fromFile), specifier));
    for (const candidate of this.aliases(specifier, fromFile)) {
      const found = this.probe(candidate);
      if (found) return found;
    }
    return undefined;
  }

  /** A path as written, with its emitted extension mapped to source, an extension added, or /index. */
  private probe(base: string): string | undefined {
    if (this.summaries.has(base)) return base;
    const ext = path.extname(base);
    for (const sourceExt of EMITTED_TO_SOURCE[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + sourceExt;
      if (this.summaries.has(candidate)) return candidate;
    }
    for (const candidateExt of RESOLVE_EXTENSIONS) {
      if (this.summaries.has(base + candidateExt)) return base + candidateExt;
    }
    for (const candidateExt of RESOLVE_EXTENSIONS) {
      const candidate = path.join(base, 'index' + candidateExt);
      if (this.summaries.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** The function(s) a reference denotes; empty when it leaves the project or cannot be followed. */
  resolveRef(ref: SymRef, file: string, depth = 0): CodeLocation[] {
    if (depth > 16) return [];
    switch (ref.kind) {
      case 'fn':
        return [{ file: ref.file ?? file, id: ref.id }];
      case 'method': {
        const cls = this.resolveClass(ref.cls, file, depth + 1);
        if (!cls) return [];
        const summary = this.summaries.get(cls.file);
        const info = summary?.classes.find((c) => c.id === cls.id);
        const id = info?.methods[ref.name];
        return id === undefined ? [] : [{ file: cls.file, id }];
      }
      case 'project': {
        const target = this.followProjectPath(ref.specifier, ref.path, file, depth + 1);
        return target ? this.resolveRef(target.ref, target.file, depth + 1) : [];
      }
      case 'decoration':
        return this.resolveDecoration(ref, depth);
      default:
        return [];
    }
  }

  /** A root's functions: a handler, or every function of a map of handlers (GraphQL resolvers). */
  private resolveRoot(ref: SymRef, file: string, depth = 0): CodeLocation[] {
    if (depth > 6) return [];
    if (ref.kind === 'object') return Object.values(ref.members).flatMap((member) => this.resolveRoot(member, file, depth + 1));
    if (ref.kind === 'project') {
      const target = this.followProjectPath(ref.specifier, ref.path, file, depth + 1);
      return target ? this.resolveRoot(target.ref, target.file, depth + 1) : [];
    }
    return this.resolveRef(ref, file);
  }

  private resolveClass(ref: SymRef, file: string, depth: number): CodeLocation | undefined {
    if (depth > 16) return undefined;
    if (ref.kind === 'class') return { file, id: ref.id };
    if (ref.kind === 'instance') return this.resolveClass(ref.cls, file, depth + 1);
    if (ref.kind === 'project') {
      const target = this.followProjectPath(ref.specifier, ref.path, file, depth + 1);
      return target ? this.resolveClass(target.ref, target.file, depth + 1) : undefined;
    }
    return undefined;
  }

  /**
   * The file an import names, recorded in `consulted` (or, for a relative import that resolves to
   * nothing yet, `?dir\0specifier`) so the engine re-analyses the importer when it changes.
   */
  private consultModule(specifier: string, fromFile: string, consulted: Set<string>): string | undefined {
    const file = this.resolveModule(specifier, fromFile);
    if (!file) {
      if (specifier.startsWith('.')) consulted.add(`?${path.dirname(fromFile)}\0${specifier}`);
      return undefined;
    }
    consulted.add(file);
    return file;
  }

  /** Applies an import path (`['default', 'findUser']`, `['UsersService', 'new()', 'find']`) to a module's exports. */
  private followProjectPath(specifier: string, steps: string[], fromFile: string, depth: number): { ref: SymRef; file: string } | undefined {
    const file = this.resolveModule(specifier, fromFile);
    if (!file) return undefined;
    const summary = this.summaries.get(file)!;
    if (steps.length === 0) {
      const whole = summary.exports['default'];
      return whole ? { ref: whole, file } : undefined;
    }
    let [first, ...rest] = steps as [string, ...string[]];
    // `const Service = require('./service'); new Service().list()`: the call or construction
    // applies to what the module exports as a whole (`module.exports = class …`).
    if (first === '()' || first === 'new()') [first, rest] = ['default', steps];
    let ref = this.exportOf(summary, first, depth);
    // CommonJS interop: `import svc from './svc'` of a file with only named exports is its namespace.
    if (!ref && first === 'default' && rest.length > 0) {
      [first, ...rest] = rest as [string, ...string[]];
      ref = this.exportOf(summary, first, depth);
    }
    if (!ref) return undefined;
    // `import Ticket from './ticket.model'; Ticket.findOpen()` where the file hangs functions on
    // its default-exported function: the summary lists them as that file's named exports.
    if (first === 'default' && ref.ref.kind === 'fn' && rest.length > 0 && rest[0] !== '()' && rest[0] !== 'new()') {
      const member = this.exportOf(summary, rest[0]!, depth);
      if (member) [ref, rest] = [member, rest.slice(1)];
    }
    let current: { ref: SymRef; file: string } = { ref: ref.ref, file: ref.file };
    for (const step of rest) {
      const next = applyStep(current.ref, step);
      if (!next) {
        if (current.ref.kind === 'project') {
          return this.followProjectPath(current.ref.specifier, [...current.ref.path, step], current.file, depth + 1);
        }
        return undefined;
      }
      current = { ref: next, file: current.file };
    }
    return current;
  }

  private exportOf(summary: FileSummary, name: string, depth: number): { ref: SymRef; file: string } | undefined {
    const own = summary.exports[name];
    if (own) {
      if (own.kind === 'project') {
        return this.followProjectPath(own.specifier, own.path, summary.file, depth + 1) ?? undefined;
      }
      return { ref: own, file: summary.file };
    }
    const whole = summary.exports['default'];
    if (whole?.kind === 'object' && whole.members[name]) return { ref: whole.members[name]!, file: summary.file };
    // `module.exports = new OrdersController()`: `require('./orders').list` is a method.
    if (whole?.kind === 'instance') return { ref: { kind: 'method', cls: whole.cls, name }, file: summary.file };
    if (depth > 12) return undefined;
    for (const specifier of summary.starExports) {
      const file = this.resolveModule(specifier, summary.file);
      const target = file ? this.summaries.get(file) : undefined;
      const found = target ? this.exportOf(target, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** Every resource the project creates, and per request handler the resources it uses and how often. */
  inventory(cliDataSources: readonly CliDataSource[] = []): { resources: IndexedResource[]; routes: IndexedRoute[]; workers: IndexedWorker[]; allocations: IndexedAllocation[] } {
    const workers: IndexedWorker[] = [];
    for (const summary of this.summaries.values()) for (const worker of summary.workers) workers.push({ file: summary.file, ...worker });
    // Parsers configured in application code count; bodies read by hand only where a handler reaches them.
    const allocations: IndexedAllocation[] = [];
    for (const summary of this.summaries.values()) {
      if (summary.role !== 'application') continue;
      for (const info of summary.allocations) {
        if (info.scope === 'request-path' && (info.functionId === undefined || !this.reachableFunctions(summary.file).has(info.functionId))) continue;
        allocations.push({ file: summary.file, ...info });
      }
    }
    const resources: IndexedResource[] = [];
    for (const summary of this.summaries.values()) {
      if (summary.role !== 'application') continue;
      for (const info of summary.resources) {
        // Made in a function a handler reaches: a client per request. In a function run at startup
        // (`connectDB()`), once per process like a module-level one.
        const perRequest = !info.moduleLevel && (info.functionId === undefined || this.reachableFunctions(summary.file).has(info.functionId));
        resources.push({ file: summary.file, info, perRequest, ...this.resolvedSettings(summary.file, info) });
      }
    }
    // A Prisma client on a pool the code made (`new PrismaPg(pool)`) is that pool: its uses count
    // there and the client is not a second pool. Kept when the pool it names is not one we hold.
    resources.push(...this.knexCliPools());
    const sharedWith = new Map<string, { file: string; id: number }>();
    for (const resource of resources) {
      const ref = resource.info.sharesPoolOf;
      const target = ref ? this.resolveResource(ref, resource.file, 0) : undefined;
      if (target && resources.some((r) => r.file === target.file && r.info.id === target.id && !r.info.sharesPoolOf)) sharedWith.set(`${resource.file}#${resource.info.id}`, target);
    }
    const ormPoolOf = this.ormPoolResolver(resources);
    const poolOf = (target: { file: string; id: number } | undefined): { file: string; id: number } | undefined => (target ? (sharedWith.get(`${target.file}#${target.id}`) ?? target) : undefined);
    const ormPool = (orm: OrmUseRef, file: string) => poolOf(ormPoolOf(orm, file));
    const children = this.childFunctions();
    const memo = new Map<string, Map<string, RouteUse>>();
    const usesOf = (location: CodeLocation, visiting: Set<string>): Map<string, RouteUse> => {
      const key = `${location.file}#${location.id}`;
      const cached = memo.get(key);
      if (cached) return cached;
      const total = new Map<string, RouteUse>();
      if (visiting.has(key)) return total;
      visiting.add(key);
      const add = (use: RouteUse, times = 1): void => {
        const useKey = `${use.resourceFile}#${use.resourceId}#${use.kind}#${use.upstream ?? ''}`;
        const existing = total.get(useKey);
        if (existing) existing.count += use.count * times;
        else total.set(useKey, { ...use, count: use.count * times });
      };
      const summary = this.summaries.get(location.file);
      for (const use of summary?.uses ?? []) {
        if (use.from !== location.id) continue;
        if (use.resource?.kind === 'upstream') {
          add({ resourceFile: '', resourceId: -1, upstream: use.resource.host, kind: use.kind, count: 1 });
          continue;
        }
        if (this.typedNotResource(use, location.file)) continue;
        const resource = poolOf(use.resource ? this.resolveResource(use.resource, location.file, 0) : undefined) ?? (use.orm ? ormPool(use.orm, location.file) : undefined);
        if (resource) add({ resourceFile: resource.file, resourceId: resource.id, kind: use.kind, count: 1 });
      }
      const callees: CodeLocation[] = [];
      for (const edge of summary?.edges ?? []) if (edge.from === location.id) callees.push(...this.resolveRef(edge.to, location.file));
      for (const child of children.get(location.file)?.get(location.id) ?? []) callees.push({ file: location.file, id: child });
      for (const callee of callees) for (const use of usesOf(callee, visiting).values()) add(use);
      visiting.delete(key);
      memo.set(key, total);
      return total;
    };
    const fullPath = this.routePaths();
    // Middleware and handler registered together (`router.post('/', auth, create)`) are one route.
    const routesByKey = new Map<string, { route: IndexedRoute; uses: Map<string, RouteUse> }>();
    for (const summary of this.summaries.values()) {
      if (summary.role !== 'application') continue;
      for (const root of this.rootsOf(summary)) {
        const locations = this.resolveRoot(root.target, summary.file);
        if (locations.length === 0) continue;
        const routeKey = `${summary.file}#${root.route?.line}#${root.route?.method}#${root.route?.path}`;
        let entry = routesByKey.get(routeKey);
        if (!entry) {
          const route = root.route ? { ...root.route, path: fullPath(summary.file, root.route, root.framework) } : undefined;
          entry = { route: { file: summary.file, framework: root.framework, route, handlerLine: root.route?.line, uses: [] }, uses: new Map() };
          routesByKey.set(routeKey, entry);
        }
        const uses = entry.uses;
        for (const location of locations) {
          const starts = root.factory ? (children.get(location.file)?.get(location.id) ?? []).map((id) => ({ file: location.file, id })) : [location];
          for (const start of starts) {
            for (const [key, use] of usesOf(start, new Set())) {
              const existing = uses.get(key);
              if (existing) existing.count += use.count;
              else uses.set(key, { ...use });
            }
          }
        }
      }
    }
    const routes = [...routesByKey.values()].map(({ route, uses }) => ({ ...route, uses: [...uses.values()] }));
    this.markMigrationPools(resources, routes, cliDataSources);
    return { resources: resources.filter((r) => !sharedWith.has(`${r.file}#${r.info.id}`)), routes, workers, allocations };
  }

  /**
   * The pool the knex CLI opens from a knexfile to run migrations: the file makes no pool itself
   * (the CLI does, in a process of its own), so it is read as data — the `production` environment
   * when the file has one, else its only configuration — and counts once, like a TypeORM CLI data source.
   */
  private knexCliPools(): IndexedResource[] {
    const pools: IndexedResource[] = [];
    for (const summary of this.summaries.values()) {
      if (!/^knexfile\.[cm]?[jt]s$/.test(path.basename(summary.file))) continue;
      const whole = summary.data['default'];
      if (whole?.kind !== 'object') continue;
      const environments = Object.entries(whole.props).filter(([, v]) => v.kind === 'object' && 'client' in v.props);
      const config = 'client' in whole.props ? whole : (whole.props['production'] ?? (environments.length === 1 ? environments[0]![1] : undefined));
      if (config?.kind !== 'object') continue;
      const env = 'client' in whole.props ? '' : whole.props['production'] ? ' (its production environment)' : ` (its ${environments[0]![0]} environment)`;
      const client = config.props['client'];
      const connection = config.props['connection'];
      const pool = config.props['pool'];
      const max = pool?.kind === 'object' ? pool.props['max'] : undefined;
      const kind = client?.kind === 'string' && client.source === 'literal' ? (databaseKind(client.text) ?? 'other') : undefined;
      const target = connection?.kind === 'string' && connection.source === 'literal' ? targetOfText(connection.text) : undefined;
      const info: ResourceInfo = {
        id: -1,
        kind: 'db-pool',
        library: 'knex',
        module: 'knex',
        factory: [],
        name: undefined,
        line: 1,
        column: 1,
        moduleLevel: true,
        ...(kind || target ? { database: { ...(kind ? { kind } : {}), ...(target ? { target } : {}) } } : {}),
        size: max?.kind === 'number' ? max.value : max ? 'unknown' : undefined,
        fixedSize: undefined,
        acquireTimeoutMs: undefined,
        defaultSizeKey: 'knexPoolMax',
        defaultSizePackage: 'knex',
        defaultAcquireTimeoutMs: undefined,
        calleeStart: 0,
        calleeEnd: 0,
        sizeEdit: undefined,
      };
      pools.push({ file: summary.file, info, perRequest: false, migration: `the knex CLI's configuration${env}: migrations run in a process of their own`, ...(info.database ? { database: info.database } : {}) });
    }
    return pools;
  }

  /**
   * TypeORM data sources only the CLI opens (`typeorm -d src/data-source.ts` runs migrations in a
   * process of its own): no route reaches the pool, and a package.json script hands its file to the
   * CLI, or no application file imports it and it registers no routes. A migration run counts once
   * in the fleet budget, not per serving process.
   */
  private markMigrationPools(resources: IndexedResource[], routes: IndexedRoute[], cliDataSources: readonly CliDataSource[]): void {
    const candidates = resources.filter((r) => r.info.library === 'typeorm' && r.info.factory.includes('DataSource') && !r.info.module.startsWith('@nestjs/') && !r.perRequest);
    if (candidates.length === 0) return;
    const used = new Set(routes.flatMap((route) => route.uses.map((u) => `${u.resourceFile}#${u.resourceId}`)));
    let imported: Set<string> | undefined;
    const importedFiles = (): Set<string> => {
      if (imported) return imported;
      imported = new Set();
      for (const summary of this.summaries.values()) {
        if (summary.role !== 'application') continue;
        for (const specifier of summary.imports ?? []) {
          const file = this.resolveModule(specifier, summary.file);
          if (file && file !== summary.file) imported.add(file);
        }
      }
      return imported;
    };
    for (const resource of candidates) {
      if (used.has(`${resource.file}#${resource.info.id}`)) continue;
      const script = cliDataSources.find((d) => d.file === resource.file || d.file.replace(/\.[cm]?[jt]s$/, '') === resource.file.replace(/\.[cm]?[jt]s$/, ''));
      const summary = this.summaries.get(resource.file);
      const serves = (summary?.roots.length ?? 0) > 0 || (summary?.pluginRoutes?.length ?? 0) > 0;
      if (script) resource.migration = `package.json script ${script.script}`;
      else if (!serves && !importedFiles().has(resource.file)) resource.migration = `no application file imports ${path.basename(resource.file)} and no route reaches its pool: the TypeORM CLI's data source`;
    }
  }

  /**
   * A route's path with the prefixes of what it is mounted under (`app.use('/admin', adminRouter)`,
   * koa-router `prefix`, Fastify `register(plugin, { prefix })`, NestJS `setGlobalPrefix`), followed
   * across files. The registered path stays when a mount is not found or several disagree.
   */
  private routePaths(): (file: string, route: RouteInfo, framework: string) => string {
    type Mount = { parent?: string; prefix: string };
    const mountsOf = new Map<string, Mount[]>();
    const routerInfo = new Map<string, { root: boolean; prefix?: string }>();
    const keyOf = (ref: RouterRef, file: string): string => (ref.kind === 'router' ? `${ref.file ?? file}#r${ref.id}` : `${file}#f${ref.fn}`);
    const nestPrefixes = new Set<string>();
    let nestExclude: string[] = [];
    for (const summary of this.summaries.values()) {
      if (summary.role !== 'application') continue;
      for (const router of summary.routers ?? []) routerInfo.set(`${summary.file}#r${router.id}`, router);
      if (summary.nestGlobalPrefix) {
        nestPrefixes.add(summary.nestGlobalPrefix.prefix);
        nestExclude = summary.nestGlobalPrefix.exclude;
      }
      for (const mount of summary.mounts ?? []) {
        const children: string[] = [];
        if (mount.child.kind !== 'ref') children.push(keyOf(mount.child, summary.file));
        else if (mount.child.ref.kind === 'project') {
          const target = this.followProjectPath(mount.child.ref.specifier, mount.child.ref.path, summary.file, 0);
          if (target?.ref.kind === 'lib-instance' && target.ref.router !== undefined) children.push(`${target.file}#r${target.ref.router}`);
          else if (target) for (const location of this.resolveRef(target.ref, target.file)) children.push(`${location.file}#f${location.id}`);
        }
        for (const child of children) {
          const list = mountsOf.get(child) ?? [];
          list.push({ ...(mount.parent ? { parent: keyOf(mount.parent, summary.file) } : {}), prefix: mount.prefix });
          mountsOf.set(child, list);
        }
      }
    }
    const memo = new Map<string, string[] | undefined>();
    /** The full prefixes of an app, router or plugin; undefined when where it is mounted is unknown. */
    const prefixesOf = (key: string, depth: number): string[] | undefined => {
      if (memo.has(key)) return memo.get(key);
      if (depth > 12) return undefined;
      memo.set(key, undefined);
      const info = routerInfo.get(key);
      const own = info?.prefix ?? '';
      const mounts = mountsOf.get(key) ?? [];
      let result: string[] | undefined;
      if (mounts.length === 0) result = info?.root || own ? [own] : undefined;
      else {
        // An unmounted parent (`module.exports = (app) => { app.use('/api', router) }`) is taken as the root app.
        result = [...new Set(mounts.flatMap((m) => (m.parent ? (prefixesOf(m.parent, depth + 1) ?? ['']) : ['']).map((p) => joinPaths(p, m.prefix, own))))];
      }
      memo.set(key, result);
      return result;
    };
    const nestPrefix = nestPrefixes.size === 1 ? [...nestPrefixes][0]! : undefined;
    return (file, route, framework) => {
      if (framework === 'nestjs') {
        const bare = route.path.replace(/^\/+/, '');
        return nestPrefix !== undefined && !nestExclude.some((e) => e.replace(/^\/+/, '') === bare) ? joinPaths(nestPrefix, route.path) : route.path;
      }
      if (!route.on) return route.path;
      const prefixes = prefixesOf(keyOf(route.on, file), 0);
      if (!prefixes || prefixes.length !== 1 || prefixes[0] === '') return route.path;
      return route.path === '*' ? joinPaths(prefixes[0]!, '*') : joinPaths(prefixes[0]!, route.path);
    };
  }

  /**
   * The pool an ORM call runs on (see orm-uses.ts): the project's one per-process pool of the ORMs
   * the call may belong to; a NestJS-injected repository prefers the pools Nest modules make
   * (`TypeOrmModule.forRoot…`) over a `DataSource` kept for the migration CLI. None when the call
   * is project code after all (`UsersService.create`), or when several pools could serve it.
   */
  private ormPoolResolver(resources: IndexedResource[]): (orm: OrmUseRef, file: string) => { file: string; id: number } | undefined {
    const cache = new Map<string, { file: string; id: number } | undefined>();
    return (orm, file) => {
      if (orm.unlessCode && this.isProjectCode(orm.unlessCode, file)) return undefined;
      const key = `${orm.libraries.join(',')}|${orm.injected ? 1 : 0}`;
      if (cache.has(key)) return cache.get(key);
      let candidates = resources.filter((r) => !r.perRequest && !r.migration && orm.libraries.includes(r.info.library));
      if (orm.injected && candidates.some((r) => r.info.module.startsWith('@nestjs/'))) candidates = candidates.filter((r) => r.info.module.startsWith('@nestjs/'));
      // Alternatives for one variable (`if (…) sequelize = new Sequelize(url) else sequelize = new Sequelize(db, user, pw)`) are one pool.
      candidates = candidates.filter((r, i) => !candidates.slice(0, i).some((o) => isAlternative(o, r)));
      const chosen = candidates.length === 1 ? { file: candidates[0]!.file, id: candidates[0]!.info.id } : undefined;
      cache.set(key, chosen);
      return chosen;
    };
  }

  /** A project function or method, also a static method of a class a CommonJS module exports whole. */
  private isProjectCode(ref: SymRef, file: string): boolean {
    if (this.resolveRef(ref, file).length > 0) return true;
    return ref.kind === 'project' && ref.path[0] !== 'default' && this.resolveRef({ ...ref, path: ['default', ...ref.path] }, file).length > 0;
  }

  /**
   * Settings a resource's file takes from another file: a size or database option read from a
   * config module (`max: dbConfig.pool.max` where db.config.js says `max: 5`).
   */
  private resolvedSettings(file: string, info: ResourceInfo): Pick<IndexedResource, 'size' | 'acquireTimeout' | 'database'> {
    const literal = (ref: SymRef | undefined): { value: number | string; file: string; line: number } | undefined => {
      if (!ref || ref.kind !== 'project') return undefined;
      const target = this.followProjectPath(ref.specifier, ref.path, file, 0);
      return target?.ref.kind === 'literal' ? { value: target.ref.value, file: target.file, line: target.ref.line } : undefined;
    };
    const out: Pick<IndexedResource, 'size' | 'acquireTimeout' | 'database'> = {};
    const size = literal(info.sizeRef);
    if (size && typeof size.value === 'number') out.size = { value: size.value, file: size.file, line: size.line };
    const timeout = literal(info.acquireTimeoutRef);
    if (timeout && typeof timeout.value === 'number') out.acquireTimeout = { value: timeout.value, file: timeout.file, line: timeout.line };
    const db = info.database;
    if (db) {
      const kind = db.kind ?? (() => {
        const found = literal(db.kindRef);
        return typeof found?.value === 'string' ? (databaseKind(found.value) ?? 'other') : undefined;
      })();
      const target = db.target ?? (() => {
        const found = literal(db.targetRef);
        return typeof found?.value === 'string' ? targetOfText(found.value) : undefined;
      })();
      out.database = { ...(kind ? { kind } : {}), ...(target ? { target } : {}) };
    }
    return out;
  }

  private resolveResource(ref: SymRef, file: string, depth: number): { file: string; id: number } | undefined {
    if (depth > 16) return undefined;
    if (ref.kind === 'resource') return { file: ref.file ?? file, id: ref.id };
    if (ref.kind === 'project') {
      const target = this.followProjectPath(ref.specifier, ref.path, file, depth + 1);
      return target ? this.resolveResource(target.ref, target.file, depth + 1) : undefined;
    }
    // A class that is itself the resource (`class PrismaService extends PrismaClient`), or its instance.
    if (ref.kind === 'class' || ref.kind === 'instance') {
      const cls = this.resolveClass(ref, file, depth + 1);
      const info = cls ? this.summaries.get(cls.file)?.resources.find((r) => r.classId === cls.id) : undefined;
      return cls && info ? { file: cls.file, id: info.id } : undefined;
    }
    return undefined;
  }

  /**
   * A use whose field is declared with a class of another file (OrmUseRef.typed) that is project
   * code but no resource: it runs on no pool of ours. A class we do not hold leaves the ORM guess.
   */
  private typedNotResource(use: ResourceUse, file: string): boolean {
    return use.orm?.typed === true && use.resource !== undefined && this.resolveResource(use.resource, file, 0) === undefined && this.resolveClass(use.resource, file, 0) !== undefined;
  }

  private childFunctions(): Map<string, Map<number, number[]>> {
    const children = new Map<string, Map<number, number[]>>();
    for (const summary of this.summaries.values()) {
      const kids = new Map<number, number[]>();
      for (const fn of summary.functions) {
        if (fn.parent === undefined) continue;
        const list = kids.get(fn.parent) ?? [];
        list.push(fn.id);
        kids.set(fn.parent, list);
      }
      children.set(summary.file, kids);
    }
    return children;
  }

  private computeReachable(): Map<string, Set<number>> {
    const reachable = new Map<string, Set<number>>();
    const children = this.childFunctions();
    const edgesFrom = new Map<string, Map<number, SymRef[]>>();
    for (const summary of this.summaries.values()) {
      const out = new Map<number, SymRef[]>();
      for (const edge of summary.edges) {
        const list = out.get(edge.from) ?? [];
        list.push(edge.to);
        out.set(edge.from, list);
      }
      edgesFrom.set(summary.file, out);
    }

    const queue: CodeLocation[] = [];
    const mark = (location: CodeLocation): void => {
      let set = reachable.get(location.file);
      if (!set) reachable.set(location.file, (set = new Set()));
      if (set.has(location.id)) return;
      set.add(location.id);
      queue.push(location);
    };
    for (const summary of this.summaries.values()) {
      for (const root of this.rootsOf(summary)) {
        for (const location of this.resolveRoot(root.target, summary.file)) {
          if (root.factory) {
            // What the factory builds serves requests; its own body runs once, at startup.
            for (const child of children.get(location.file)?.get(location.id) ?? []) mark({ file: location.file, id: child });
          } else {
            mark(location);
          }
        }
      }
    }
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const child of children.get(current.file)?.get(current.id) ?? []) mark({ file: current.file, id: child });
      for (const target of edgesFrom.get(current.file)?.get(current.id) ?? []) {
        for (const location of this.resolveRef(target, current.file)) mark(location);
      }
    }
    return reachable;
  }
}

const EMPTY: ReadonlySet<number> = new Set();

/** A pool effect of a project function (see pool-wrappers.ts), with the pool found across files. */
export interface ProjectPoolEffect {
  kind: PoolEffectKind;
  /** The pool: the file that makes it, its resource id there, and the library export that made it. */
  pool: { file: string; id: number; module: string; factory: string[] };
  /** Where the pool is used, and how, for messages (`pool.query()` in db/index.js). */
  file: string;
  call: string;
  param?: number;
}

export interface IndexedResource {
  file: string;
  info: ResourceInfo;
  /** Created inside a function a request handler reaches: a client per request, not capacity a process holds. */
  perRequest: boolean;
  /** Set (with why) for a TypeORM data source only the CLI opens for migrations: one process, not one per instance. */
  migration?: string;
  /** The size, when the code reads it from another file's literal (`max: dbConfig.pool.max`). */
  size?: { value: number; file: string; line: number };
  /** The acquire timeout, likewise (`connectionTimeoutMillis: config.db.timeout`). */
  acquireTimeout?: { value: number; file: string; line: number };
  /** The database engine and server, with references into other files resolved. */
  database?: { kind?: string; target?: string };
}

export interface IndexedCallSite {
  file: string;
  role: FileRole;
  site: CallSite;
}

export interface IndexedWorker extends WorkerInfo {
  file: string;
}

export interface IndexedAllocation extends AllocationInfo {
  file: string;
}

export interface RouteUse {
  resourceFile: string;
  resourceId: number;
  /** For outbound HTTP calls: the upstream host (resourceFile is '' and resourceId -1). */
  upstream?: string;
  kind: UseKind;
  /** Call sites reached per request (loops count once). */
  count: number;
}

export interface IndexedRoute {
  file: string;
  framework: string;
  route: RouteInfo | undefined;
  handlerLine: number | undefined;
  uses: RouteUse[];
}

function applyStep(ref: SymRef, step: string): SymRef | undefined {
  switch (ref.kind) {
    case 'object':
      return ref.members[step];
    case 'class':
      return step === 'new()' ? { kind: 'instance', cls: ref } : { kind: 'method', cls: ref, name: step };
    case 'instance':
      return step === '()' ? undefined : { kind: 'method', cls: ref.cls, name: step };
    default:
      return undefined;
  }
}

/** `/api` + `/tutorials/` + `/:id` → `/api/tutorials/:id`; '' parts drop out; `/` alone stays. */
function joinPaths(...parts: string[]): string {
  const joined = parts
    .map((p) => p.trim().replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

/** Two module-level resources one variable holds in different branches (only one is ever made). */
export function isAlternative(a: IndexedResource, b: IndexedResource): boolean {
  return a.file === b.file && a.info.name !== undefined && a.info.name === b.info.name && a.info.library === b.info.library && a.info.moduleLevel && b.info.moduleLevel;
}

/**
 * Equality of plain data as JSON.stringify would judge it (a key holding undefined counts as
 * absent), key order aside. Where JSON would blur a difference (NaN, undefined in an array), this
 * says "different", which only costs a recomputation.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    count++;
    if (!sameData(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}
