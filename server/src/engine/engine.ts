// The engine's front door for the CLI and the language server: holds every project file's compact
// analysis (never its syntax tree), the cross-file index that decides the request path, and the
// config; lints one file or all of them. Knows nothing of LSP or terminals.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, formatMessage, type FileAnalysis } from './analyzer';
import { lineColumn } from './ast';
import { ProjectIndex, type ProjectPoolEffect } from './project';

/**
 * The questions an analysis may ask about other files: a library instance an import names, a
 * wrapper's pool effects, the facts of an imported class (DTO caps), what a framework slot holds
 * (`fastify.decorate('db', …)` somewhere; asked as specifier = slot, steps = [name]), the plain
 * data a config module exports, and whether some finding depends on what the callers of a
 * function pass (asked as specifier = the callee's SymRef as JSON, steps = []).
 */
type CrossFileQuestion = 'remote-instance' | 'pool-effects' | 'sql-params' | 'remote-class' | 'decoration' | 'remote-data' | 'callers-asked';
import { applyDirectives } from './directives';
import { emptyConfig, type LintConfig } from './config';
import { ruleById, rules } from '../rules/registry';
import { docsUrl } from './docs-url';
import { PackageVersions } from './package-versions';
import { knexReadBounded, prismaReadBounded, prismaToManyHolds, SchemaFiles, uniqueKeyFact, uniqueKeyFacts } from './schema-keys';
import { buildInventory, type Inventory } from './inventory';
import { typeormCliDataSources, type CliDataSource } from './package-scripts';
import { runEstimate, type WorkloadLayer } from './capacity-bridge';
import type { CapacityEstimate, WorkloadInput } from '../capacity';
import type { ClassFacts, ProjectReport, RuleModule } from '../rules/types';
import { aliasCandidates, isAliasSpecifier, loadModuleConfig, type ModuleConfig } from './module-config';
import type { Value } from './values';
import type { DecorationAnswer, DecorationSlot } from './decorations';
import type { DataShape } from './data-shapes';
import type { SymRef } from './summary';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings, type CallerCondition, type Finding, type LintResult, type FileProblem, type Severity, type SeveritySetting, type TextEdit } from './types';

/** Files larger than this are reported and skipped: generated bundles, not hand-written handlers. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface EngineOptions {
  /** The workspace root: relative paths (roles such as tests/scripts, Next.js routes) are taken from it. */
  root: string;
  config?: LintConfig;
  /** Editor settings over the config's `settings`. */
  settings?: Partial<AnalysisSettings>;
}

export interface LintOverrides {
  /** Severity per rule id, applied over the config (e.g. editor settings). */
  rules?: Record<string, SeveritySetting>;
}

interface FileEntry {
  text: string | undefined;
  analysis: FileAnalysis | undefined;
  problem: FileProblem | undefined;
  /** Files whose exports this analysis relied on, with their export fingerprints at the time. */
  consulted: Map<string, string>;
  /** The cross-file questions the analysis asked (what kind, specifier + path) and the answers it got. */
  queries: Map<string, { question: CrossFileQuestion; specifier: string; steps: string[]; answer: string }>;
}

/** A finding as the front ends see it: where, what, how severe, its docs and its fixes. */
function toFinding(
  rule: RuleModule,
  severity: Severity,
  file: string,
  at: Pick<Finding, 'messageId' | 'message' | 'start' | 'end' | 'line' | 'column' | 'endLine' | 'endColumn'>,
  fixes: readonly { title: string; edits: TextEdit[] }[],
): Finding {
  return {
    ruleId: rule.meta.id,
    messageId: at.messageId,
    message: at.message,
    severity,
    category: rule.meta.category,
    docsUrl: docsUrl(rule.meta.id),
    file,
    start: at.start,
    end: at.end,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    fixes: fixes.map((f) => ({ ...f, safe: rule.meta.fixKind === 'safe' })),
  };
}

export class Engine {
  readonly root: string;
  private config: LintConfig;
  private readonly entries = new Map<string, FileEntry>();
  private readonly index = new ProjectIndex((specifier, fromFile) => aliasCandidates(this.moduleConfigOf(fromFile), specifier));
  private readonly packageRoots = new Map<string, string>();
  /** Per package root: the data sources its package.json scripts hand to the TypeORM CLI. */
  private readonly packageScripts = new Map<string, CliDataSource[]>();
  private readonly moduleConfigs = new Map<string, ModuleConfig>();
  private readonly versions: PackageVersions;
  private workloadOverride: WorkloadInput = {};
  private refreshedAtVersion = -1;
  private inventoryCache: { version: string; value: Inventory } | undefined;
  private estimateCache: { key: string; value: CapacityEstimate } | undefined;
  private readonly schemaFiles: SchemaFiles;
  private uniqueKeyCache: { key: string; facts: Set<string> } | undefined;
  private knexInsertCache: { key: string; facts: string[]; verdicts: Map<string, boolean> } | undefined;
  private prismaWriteCache: { key: string; facts: string[]; verdicts: Map<string, boolean> } | undefined;
  private projectReportCache: { estimate: CapacityEstimate; byFile: Map<string, { rule: RuleModule; report: ProjectReport }[]> } | undefined;

  private settingsOverride: Partial<AnalysisSettings>;

  constructor(options: EngineOptions) {
    this.root = path.resolve(options.root);
    this.config = options.config ?? emptyConfig();
    this.settingsOverride = options.settings ?? {};
    this.versions = new PackageVersions(this.root);
    this.schemaFiles = new SchemaFiles(this.root);
  }

  /** The settings rules see: editor settings over the config's, over the defaults. */
  get settings(): AnalysisSettings {
    return { ...DEFAULT_ANALYSIS_SETTINGS, ...this.config.settings, ...this.settingsOverride };
  }

  setConfig(config: LintConfig): void {
    const before = JSON.stringify(this.settings);
    this.config = config;
    if (JSON.stringify(this.settings) !== before) this.reanalyseAll();
  }

  /** Editor settings that feed the rules; analyses are redone only when they change. */
  setSettings(settings: Partial<AnalysisSettings>): void {
    const before = JSON.stringify(this.settings);
    this.settingsOverride = settings;
    if (JSON.stringify(this.settings) !== before) this.reanalyseAll();
  }

  getConfig(): LintConfig {
    return this.config;
  }

  files(): string[] {
    return [...this.entries.keys()].sort();
  }

  hasFile(file: string): boolean {
    return this.entries.has(path.resolve(file));
  }

  /** Adds or replaces a file's text (from disk or an editor buffer); re-analyses only if it changed. */
  updateFile(file: string, text: string): void {
    const abs = path.resolve(file);
    const existing = this.entries.get(abs);
    if (existing && existing.text === text && existing.analysis) return;
    if (text.length > MAX_FILE_BYTES) {
      this.setProblem(abs, 'too-large', `skipped: ${Math.round(text.length / 1024)} KB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for analysis`);
      return;
    }
    if (text.includes('\u0000')) {
      this.setProblem(abs, 'binary', 'skipped: the file looks binary (it contains NUL bytes)');
      return;
    }
    const packageRoot = this.packageRootOf(abs);
    const relativePath = path.relative(packageRoot, abs).split(path.sep).join('/');
    const moduleConfig = this.moduleConfigOf(abs);
    const isProjectSpecifier = (specifier: string): boolean =>
      specifier.startsWith('.') || specifier.startsWith('/') || isAliasSpecifier(moduleConfig, specifier);
    const dir = path.dirname(abs);
    const consulted = new Set<string>();
    const queries: FileEntry['queries'] = new Map();
    // One analysis asks the same question many times (every `orders.find…` asks what `orders` is),
    // and the index does not change while it runs: each is answered once (answers are read-only).
    const answers = new Map<string, unknown>();
    const ask = (question: CrossFileQuestion, specifier: string, steps: string[]): unknown => {
      const key = `${question}\0${specifier}\0${steps.join('.')}`;
      if (answers.has(key)) return answers.get(key);
      const answer = this.answer(question, specifier, steps, abs, consulted);
      answers.set(key, answer);
      queries.set(key, { question, specifier, steps, answer: JSON.stringify(answer ?? null) });
      return answer;
    };
    const remoteInstance = (specifier: string, steps: string[]): Value | undefined => {
      const answer = ask('remote-instance', specifier, steps) as ReturnType<ProjectIndex['remoteInstance']>;
      return answer ? { kind: 'remote-instance', ...answer } : undefined;
    };
    const poolEffects = (specifier: string, steps: string[]): ProjectPoolEffect[] => ask('pool-effects', specifier, steps) as ProjectPoolEffect[];
    const sqlParams = (specifier: string, steps: string[]): number[] => ask('sql-params', specifier, steps) as number[];
    const remoteClass = (specifier: string, steps: string[]): ClassFacts | undefined => ask('remote-class', specifier, steps) as ClassFacts | undefined;
    const decoration = (slot: DecorationSlot, name: string): DecorationAnswer | undefined => ask('decoration', slot, [name]) as DecorationAnswer | undefined;
    const remoteData = (specifier: string, steps: string[]): DataShape | undefined => ask('remote-data', specifier, steps) as DataShape | undefined;
    const callersAsked = (callee: SymRef): boolean => ask('callers-asked', JSON.stringify(callee), []) as boolean;
    const analysis = analyzeFile(
      abs,
      text,
      {
        relativePath,
        isProjectSpecifier,
        packageVersion: (name) => this.versions.versionOf(name, dir),
        nodeVersion: () => this.versions.nodeVersion(dir),
        settings: this.settings,
        remoteInstance,
        poolEffects,
        sqlParams,
        remoteClass,
        decoration,
        remoteData,
        callersAsked,
      },
      rules,
    );
    const fingerprints = new Map([...consulted].map((key) => [key, this.fingerprintOf(key)]));
    this.entries.set(abs, { text, analysis, problem: undefined, consulted: fingerprints, queries });
    this.index.set(analysis.summary);
  }

  /**
   * After package.json, a lockfile, node_modules or a tsconfig changed: forget what was read from
   * them and analyse every file again (versions and aliases feed the per-file analyses).
   */
  invalidatePackageInfo(): void {
    this.versions.clear();
    this.schemaFiles.clear();
    this.moduleConfigs.clear();
    this.packageRoots.clear();
    this.packageScripts.clear();
    this.reanalyseAll();
  }

  private reanalyseAll(): void {
    for (const [file, entry] of this.entries) {
      if (entry.text === undefined) continue;
      entry.analysis = undefined;
      this.updateFile(file, entry.text);
    }
  }

  /** The project index's answer to a cross-file question an analysis asks. */
  private answer(question: 'remote-instance', specifier: string, steps: string[], file: string, consulted: Set<string>): ReturnType<ProjectIndex['remoteInstance']>;
  private answer(question: 'pool-effects', specifier: string, steps: string[], file: string, consulted: Set<string>): ProjectPoolEffect[];
  private answer(question: 'sql-params', specifier: string, steps: string[], file: string, consulted: Set<string>): number[];
  private answer(question: 'remote-class', specifier: string, steps: string[], file: string, consulted: Set<string>): ClassFacts | undefined;
  private answer(question: 'decoration', specifier: string, steps: string[], file: string, consulted: Set<string>): DecorationAnswer | undefined;
  private answer(question: 'remote-data', specifier: string, steps: string[], file: string, consulted: Set<string>): DataShape | undefined;
  private answer(question: 'callers-asked', specifier: string, steps: string[], file: string, consulted: Set<string>): boolean;
  private answer(question: CrossFileQuestion, specifier: string, steps: string[], file: string, consulted: Set<string>): unknown;
  private answer(question: CrossFileQuestion, specifier: string, steps: string[], file: string, consulted: Set<string>): unknown {
    switch (question) {
      case 'remote-instance':
        return this.index.remoteInstance(specifier, steps, file, consulted);
      case 'pool-effects':
        return this.index.poolEffects(specifier, steps, file, consulted);
      case 'sql-params':
        return this.index.sqlParams(specifier, steps, file, consulted);
      case 'remote-class':
        return this.index.remoteClass(specifier, steps, file, consulted);
      case 'decoration':
        return this.index.decoration(specifier as DecorationSlot, steps[0]!, file, consulted);
      case 'remote-data':
        return this.index.remoteData(specifier, steps, file, consulted);
      case 'callers-asked':
        return this.index.callersAsked(JSON.parse(specifier) as SymRef, file, consulted);
    }
  }

  private fingerprintOf(key: string): string {
    if (key.startsWith('#')) return this.index.slotFingerprint(key);
    if (!key.startsWith('?')) return this.index.exportFingerprint(key);
    const [dir, specifier] = key.slice(1).split('\0') as [string, string];
    return this.index.resolveModule(specifier, path.join(dir, '_')) ?? 'unresolved';
  }

  /**
   * Re-analyses files whose analysis relied on another file's exports that have changed since
   * (or on an import that now resolves): a pool exported from db.js is only known once db.js is.
   * A changed export only costs a re-parse when one of the file's cross-file questions now gets a
   * different answer (most imports name functions, which stay what they were). Repeats while
   * re-analyses change exports further down a chain.
   */
  private refreshStale(): void {
    // Nothing changed in the project since the last check: nothing can have gone stale.
    if (this.refreshedAtVersion === this.index.version) return;
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const [file, entry] of this.entries) {
        if (!entry.analysis || entry.text === undefined || entry.consulted.size === 0) continue;
        const moved = [...entry.consulted].filter(([key, fingerprint]) => this.fingerprintOf(key) !== fingerprint);
        if (moved.length === 0) continue;
        const consulted = new Set<string>(entry.consulted.keys());
        const answersChanged = [...entry.queries.values()].some(
          (q) => JSON.stringify(this.answer(q.question, q.specifier, q.steps, file, consulted) ?? null) !== q.answer,
        );
        if (!answersChanged) {
          for (const key of consulted) entry.consulted.set(key, this.fingerprintOf(key));
          continue;
        }
        entry.analysis = undefined;
        this.updateFile(file, entry.text);
        changed = true;
      }
      if (!changed) break;
    }
    this.refreshedAtVersion = this.index.version;
  }

  /** Reads a file from disk; unreadable, binary and huge files become problems, never exceptions. */
  loadFile(file: string): void {
    const abs = path.resolve(file);
    let buffer: Buffer;
    try {
      const stat = fs.statSync(abs);
      if (stat.size > MAX_FILE_BYTES) {
        this.setProblem(abs, 'too-large', `skipped: ${Math.round(stat.size / 1024)} KB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for analysis`);
        return;
      }
      buffer = fs.readFileSync(abs);
    } catch (e) {
      this.setProblem(abs, 'read-error', `cannot read: ${(e as Error).message}`);
      return;
    }
    if (buffer.includes(0)) {
      this.setProblem(abs, 'binary', 'skipped: the file looks binary (it contains NUL bytes)');
      return;
    }
    this.updateFile(abs, buffer.toString('utf8'));
  }

  removeFile(file: string): void {
    const abs = path.resolve(file);
    this.entries.delete(abs);
    this.index.delete(abs);
  }

  /**
   * The folder roles and framework conventions are read from: the nearest folder with a
   * package.json between the file and the engine root (a monorepo package, an example app).
   */
  private packageRootOf(file: string): string {
    const dir = path.dirname(file);
    const cached = this.packageRoots.get(dir);
    if (cached) return cached;
    let result = this.root;
    const inside = !path.relative(this.root, dir).startsWith('..');
    for (let current = dir; inside; current = path.dirname(current)) {
      if (fs.existsSync(path.join(current, 'package.json'))) {
        result = current;
        break;
      }
      if (current === this.root || path.dirname(current) === current) break;
    }
    if (!inside) result = dir;
    this.packageRoots.set(dir, result);
    return result;
  }

  /** The tsconfig/jsconfig module settings of the file's package (paths aliases, baseUrl). */
  private moduleConfigOf(file: string): ModuleConfig {
    const root = this.packageRootOf(file);
    let config = this.moduleConfigs.get(root);
    if (!config) {
      config = loadModuleConfig(root);
      this.moduleConfigs.set(root, config);
    }
    return config;
  }

  private setProblem(abs: string, kind: FileProblem['kind'], message: string): void {
    this.entries.set(abs, { text: undefined, analysis: undefined, problem: { file: abs, kind, message }, consulted: new Map(), queries: new Map() });
    this.index.delete(abs);
  }

  /** Findings for one file, with the request path taken from every file the engine holds. */
  lintFile(file: string, overrides: LintOverrides = {}): LintResult {
    this.refreshStale();
    const abs = path.resolve(file);
    const entry = this.entries.get(abs);
    if (!entry) return { file: abs, findings: [], problems: [{ file: abs, kind: 'read-error', message: 'not loaded' }] };
    if (!entry.analysis) return { file: abs, findings: [], problems: entry.problem ? [entry.problem] : [] };
    const { analysis } = entry;
    const reachable = this.index.reachableFunctions(abs);
    const findings: Finding[] = [];
    for (const candidate of analysis.candidates) {
      const rule = ruleById.get(candidate.ruleId);
      if (!rule) continue;
      const severity = this.severityOf(rule, overrides);
      if (severity === 'off') continue;
      if ((candidate.scope ?? rule.meta.scope) === 'request-path') {
        if (candidate.functionId === undefined || !reachable.has(candidate.functionId)) continue;
      } else if (analysis.role !== 'application') {
        continue;
      }
      if (candidate.unlessProjectFact && this.projectEstablishes(candidate.unlessProjectFact)) continue;
      if (candidate.ifProjectFact && !this.projectEstablishes(candidate.ifProjectFact)) continue;
      if (candidate.callers && !candidate.callers.every((condition) => this.callersSatisfy(abs, condition))) continue;
      if (candidate.ifCallsIo && !candidate.ifCallsIo.some((ref) => this.index.performsIo(ref, abs))) continue;
      findings.push(toFinding(rule, severity, abs, candidate, candidate.fixes));
    }
    if (analysis.role === 'application') {
      for (const { rule, report } of this.projectReports().get(abs) ?? []) {
        const severity = this.severityOf(rule, overrides);
        if (severity === 'off') continue;
        const from = lineColumn(entry.text!, report.start);
        const to = lineColumn(entry.text!, report.end);
        const message = formatMessage(rule.meta.messages[report.messageId] ?? report.messageId, report.data);
        const position = { start: report.start, end: report.end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
        findings.push(toFinding(rule, severity, abs, { messageId: report.messageId, message, ...position }, report.fixes ?? []));
      }
    }
    return { file: abs, findings: applyDirectives(findings, analysis.directives), problems: analysis.problems };
  }

  /** True when some project file (code, or a schema file) establishes the fact, or one of the alternatives. */
  private projectEstablishes(fact: string | readonly string[]): boolean {
    const facts = typeof fact === 'string' ? [fact] : fact;
    return facts.some((f) => {
      if (f.startsWith('unique-key:')) return this.uniqueKeys().has(f);
      if (f.startsWith('prisma-to-many:')) return prismaToManyHolds(this.schemaFiles.prismaRelations(), f, (code) => this.index.hasFact(code));
      if (f.startsWith('knex-bounded:')) return this.knexBounded(f);
      if (f.startsWith('prisma-bounded:')) return this.prismaBounded(f);
      return this.index.hasFact(f);
    });
  }

  /** Whether the application's knex inserts into a table bound a read of it (see knexReadBounded); once per project version. */
  private knexBounded(fact: string): boolean {
    const key = `${this.index.version}|${this.schemaFiles.generation}`;
    if (this.knexInsertCache?.key !== key) this.knexInsertCache = { key, facts: this.index.factsWithPrefix('knex-insert:'), verdicts: new Map() };
    const cache = this.knexInsertCache;
    let verdict = cache.verdicts.get(fact);
    if (verdict === undefined) {
      const keys = this.uniqueKeys();
      verdict = knexReadBounded(fact, cache.facts, (table, column) => /^(id|_id|uuid)$/.test(column) || keys.has(uniqueKeyFact(table, column)));
      cache.verdicts.set(fact, verdict);
    }
    return verdict;
  }

  /** Whether the application's Prisma writes of a model bound a read of it (see prismaReadBounded); once per project version. */
  private prismaBounded(fact: string): boolean {
    const key = `${this.index.version}|${this.schemaFiles.generation}`;
    if (this.prismaWriteCache?.key !== key) {
      const facts = ['prisma-create:', 'prisma-update:', 'prisma-nested-', 'knex-insert:'].flatMap((prefix) => this.index.factsWithPrefix(prefix));
      this.prismaWriteCache = { key, facts, verdicts: new Map() };
    }
    const cache = this.prismaWriteCache;
    let verdict = cache.verdicts.get(fact);
    if (verdict === undefined) {
      verdict = prismaReadBounded(fact, cache.facts, this.schemaFiles.prismaRelations());
      cache.verdicts.set(fact, verdict);
    }
    return verdict;
  }

  /** Unique-key facts from every schema declaration, in code and in .sql/.prisma files; once per project version. */
  private uniqueKeys(): Set<string> {
    const key = `${this.index.version}|${this.schemaFiles.generation}`;
    if (this.uniqueKeyCache?.key !== key) {
      this.uniqueKeyCache = { key, facts: uniqueKeyFacts([...this.index.columnDeclarations(), ...this.schemaFiles.declarations()]) };
    }
    return this.uniqueKeyCache.facts;
  }

  /** After a .sql or .prisma file changed: read the schema files again at the next lint. */
  invalidateSchemaFiles(): void {
    this.schemaFiles.clear();
  }

  /** Whether the callers of a function, as the project's call sites tell, satisfy a finding's condition. */
  private callersSatisfy(file: string, condition: CallerCondition): boolean {
    // Tests call helpers with made-up arguments; they are not the callers that run in production.
    const sites = this.index.callSitesOf(file, condition.fn).filter((s) => s.role !== 'test');
    if (condition.kind === 'passes-request') {
      const { fields, uncapped, property } = condition;
      return sites.some(({ site }) => !site.spread && condition.indexes.some((i) => {
        const arg = site.args?.[i];
        // `listArticles({ limit: req.query.limit })`: the property the function reads holds request data.
        if (arg?.kind === 'object' && property !== undefined) return arg.requestKeys?.some((k) => k.key === property && (!fields || fields.includes(k.field))) ?? false;
        if (arg?.kind !== 'request') return false;
        if (fields && !fields.includes(arg.field)) return false;
        if (uncapped && property !== undefined && arg.boundedFields?.includes(property)) return false;
        return !(uncapped && arg.capped);
      }));
    }
    const lacks = (keys: readonly string[]): boolean => !keys.some((k) => condition.keys.includes(k));
    return sites.length > 0 && sites.every(({ site }) => {
      // No facts (the site was analysed before its callee asked; refreshStale redoes it): unknown, not a caller that lacks the keys.
      if (site.spread || !site.args) return false;
      const arg = site.args[condition.index];
      if (!arg) return condition.defaultKeys !== undefined && lacks(condition.defaultKeys);
      return arg.kind === 'object' && !arg.open && lacks(arg.keys);
    });
  }

  /** Editor settings over the config file over the default; nursery rules are off unless configured. */
  private severityOf(rule: RuleModule, overrides: LintOverrides): SeveritySetting {
    const configured = overrides.rules?.[rule.meta.id] ?? this.config.rules[rule.meta.id];
    if (configured) return configured;
    return rule.meta.nursery ? 'off' : rule.meta.defaultSeverity;
  }

  /** Resources and routes for the capacity estimate, with effective settings for installed versions. */
  inventory(): Inventory {
    this.refreshStale();
    const version = `${this.index.version}|${this.schemaFiles.generation}`;
    if (this.inventoryCache?.version !== version) {
      this.inventoryCache = {
        version,
        value: buildInventory(this.index.inventory(this.cliDataSources()), (pkg, file) => this.versions.versionOf(pkg, path.dirname(file)), this.schemaFiles.prismaDatasource()),
      };
    }
    return this.inventoryCache.value;
  }

  /** The files package.json scripts hand to the TypeORM CLI, over every package holding a file (read once per package). */
  private cliDataSources(): CliDataSource[] {
    const roots = new Set([...this.entries.keys()].map((file) => this.packageRootOf(file)));
    const found: CliDataSource[] = [];
    for (const root of roots) {
      let sources = this.packageScripts.get(root);
      if (!sources) {
        sources = typeormCliDataSources(root);
        this.packageScripts.set(root, sources);
      }
      found.push(...sources);
    }
    return found;
  }

  /** Workload values from editor settings, over the config file's `workload`. */
  setWorkload(input: WorkloadInput): void {
    this.workloadOverride = input;
  }

  /**
   * The capacity estimate at the configured workload (config file, then editor settings), with
   * `extra` layers on top (command-line flags, the report's form). Cached until code or workload change.
   */
  estimateCapacity(extra: WorkloadLayer[] = []): CapacityEstimate {
    const layers: WorkloadLayer[] = [
      { input: this.config.workload, provenance: { source: 'config', detail: 'concurrency-lint.json' } },
      { input: this.workloadOverride, provenance: { source: 'config', detail: 'editor settings' } },
      ...extra,
    ];
    const key = `${this.index.version}|${this.schemaFiles.generation}|${JSON.stringify(layers)}`;
    if (this.estimateCache?.key !== key) this.estimateCache = { key, value: runEstimate(this.inventory(), this.root, layers) };
    return this.estimateCache.value;
  }

  /** Findings of project rules (capacity, fleet budget), by file; recomputed when the project changes. */
  private projectReports(): Map<string, { rule: RuleModule; report: ProjectReport }[]> {
    let estimate: CapacityEstimate;
    try {
      estimate = this.estimateCapacity();
    } catch {
      // An estimate that cannot be computed loses the project rules' findings, never the file's.
      return new Map();
    }
    if (this.projectReportCache?.estimate === estimate) return this.projectReportCache.byFile;
    const byFile = new Map<string, { rule: RuleModule; report: ProjectReport }[]>();
    for (const rule of rules) {
      if (!rule.checkProject) continue;
      try {
        for (const report of rule.checkProject({ root: this.root, inventory: this.inventory(), estimate })) {
          const list = byFile.get(report.file) ?? [];
          list.push({ rule, report });
          byFile.set(report.file, list);
        }
      } catch {
        // A failing project rule loses its findings; per-file rules still report.
      }
    }
    this.projectReportCache = { estimate, byFile };
    return byFile;
  }

  lintAll(overrides: LintOverrides = {}): LintResult[] {
    return this.files().map((f) => this.lintFile(f, overrides));
  }
}
