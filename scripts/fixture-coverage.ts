// Which frameworks, languages and module formats each rule's fixtures exercise, derived from the
// fixture files themselves (imports, requires, Next.js file conventions), never from the engine,
// so a framework the engine misses shows up as a failing fixture rather than as a hidden gap.
// Used by the meta test (every rule covers every framework it applies to, or the exemption file
// says why not), by scripts/generate-docs.ts (the coverage table in docs/rules/README.md), and
// run directly it prints the matrix:
//
//   tsx scripts/fixture-coverage.ts            the matrix of every rule
//   tsx scripts/fixture-coverage.ts <rule-id>  one rule, with the file behind each cell
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '@ts-morph/common';
import { collectFiles } from '../server/src/engine/files';
import { aliasCandidates, loadModuleConfig, type ModuleConfig } from '../server/src/engine/module-config';
import { fileRole, nextJsHandlerExports, type FileRole } from '../server/src/engine/roles';
import type { RuleMeta } from '../server/src/rules/types';
import { byCategoryThenId } from './docs-render';
import { parseExpectations } from '../test/helpers/rule-fixtures';

export const FIXTURES_FOLDER = path.join(__dirname, '..', 'test', 'fixtures', 'rules');
/** What the fixtures must cover, and each rule's reasoned exemptions: data, read by the meta test. */
export const POLICY_FILE = path.join(FIXTURES_FOLDER, 'coverage.json');

/** The frameworks issue #3 asks every applicable rule to be tested in; Next.js counts once per router. */
export const FRAMEWORKS = ['express', 'fastify', 'koa', 'nestjs', 'next-pages', 'next-app', 'http'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const LANGUAGES = ['js', 'ts'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The module syntax a file is written in (TypeScript `import` counts as ESM, whatever it compiles to). */
export const FORMATS = ['cjs', 'esm'] as const;
export type Format = (typeof FORMATS)[number];

/** Imports that make a file an app, router or plugin of that framework: it registers handlers. */
const FRAMEWORK_MODULES: readonly [RegExp, Framework][] = [
  [/^@nestjs\//, 'nestjs'],
  [/^(express|express-promise-router)$/, 'express'],
  [/^(fastify|fastify-plugin)$/, 'fastify'],
  [/^(koa|koa-router|@koa\/router)$/, 'koa'],
];
/** Imports of a framework's middleware and plugins (express-session, @fastify/session, koa-bodyparser): that framework's code, not a handler. */
const FRAMEWORK_PLUGIN_MODULES: readonly [RegExp, Framework][] = [
  [/^express-/, 'express'],
  [/^(@fastify\/|fastify-)/, 'fastify'],
  [/^(@koa\/|koa-)/, 'koa'],
];
const HTTP_MODULE = /^(node:)?(http|https|http2)$/;
/** A plain `http` app serves requests itself; importing `http` for an Agent or a client call does not count. */
const HTTP_SERVER_CALL = /\b(createServer|createSecureServer)\s*\(/;
/** NestJS classes whose methods are handlers; a NestJS service is reached from them. */
const NEST_HANDLER_CLASS = /@(Controller|Resolver|WebSocketGateway)\s*\(|implements\s+[\w\s,]*\b(CanActivate|NestInterceptor|NestMiddleware)\b/;

export interface FixtureFile {
  file: string;
  /** Path relative to the rule's fixture folder, with forward slashes. */
  relative: string;
  language: Language;
  format: Format | undefined;
  role: FileRole;
  /** Frameworks the file itself names (imports, Next.js file conventions). */
  own: Framework[];
  /** True when the file registers handlers itself (a route file, a NestJS controller, a Next.js route). */
  handlerFile: boolean;
  /** Frameworks of the handler files that import this file, directly or through other files. */
  inherited: Framework[];
  /** Frameworks of the handler files this file imports (a bootstrap file listening on an app made elsewhere). */
  appsImported: Framework[];
  /** Project files this one imports. */
  imports: string[];
}

export interface Cell {
  language: Language;
  format: Format;
  /** The fixture file that gives this cell (the first, in path order). */
  example: string;
}

export interface RuleCoverage {
  ruleId: string;
  /** Framework → the language/format pairs its invalid fixtures cover. */
  frameworks: Map<Framework, Cell[]>;
  languages: Language[];
  formats: Format[];
  /** Expected findings in files that name no framework and are imported by none (a lone lib/db.js). */
  frameworkless: string[];
  /** An expected finding in a helper module that a handler in another file reaches. */
  crossFile: string[];
  /** A look-alike in a helper module imported from a handler file (called at startup, bounded, …). */
  crossFileLookAlike: string[];
  /** A look-alike in a script or test file (same call, not serving requests). */
  scriptOrTestLookAlike: string[];
}

/** A language and module format, as the policy file writes it: `js-cjs`, `ts-esm`. */
export type CellKey = `${Language}-${Format}`;

export interface RuleExemptions {
  /** Framework (or `*` for all) → why the rule does not apply there. */
  frameworks: Partial<Record<Framework | '*', string>>;
  /** `express:js-esm` → why that one combination is not tested. */
  cells: Record<string, string>;
  languages: Partial<Record<Language, string>>;
  formats: Partial<Record<Format, string>>;
  crossFile?: string;
}

export interface CoveragePolicy {
  /** Framework → the language/format pairs its apps are written in: each applicable rule covers them all. */
  cells: Record<Framework, CellKey[]>;
  rules: Map<string, RuleExemptions>;
}

function languageOf(file: string): Language {
  return /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
}

function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!)
  );
}

/** Module specifiers and module syntax of one file, from its syntax tree. */
function scanModuleSyntax(file: string, text: string): { specifiers: string[]; esm: boolean; cjs: boolean } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  let esm = false;
  let cjs = false;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
      esm = true;
    } else if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
      esm = true;
    } else if (ts.isExportAssignment(node)) {
      if (node.isExportEquals) cjs = true;
      else esm = true;
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) specifiers.push(expression.text);
      cjs = true;
    } else if (isRequireCall(node)) {
      specifiers.push((node.arguments[0] as ts.StringLiteral).text);
      cjs = true;
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      specifiers.push(node.arguments[0].text);
    } else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ((node.expression.text === 'module' && node.name.text === 'exports') || node.expression.text === 'exports')
    ) {
      cjs = true;
    } else if (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      esm = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { specifiers, esm, cjs };
}

function formatOf(file: string, syntax: { esm: boolean; cjs: boolean }): Format | undefined {
  if (/\.m[jt]s$/.test(file)) return 'esm';
  if (/\.c[jt]s$/.test(file)) return 'cjs';
  if (syntax.esm) return 'esm';
  if (syntax.cjs) return 'cjs';
  return undefined;
}

/** The nearest folder with a package.json between the file and the fixture root (as the engine reads roles). */
function packageRootOf(file: string, root: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === root || path.dirname(dir) === dir) return root;
  }
}

const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs'];

/** Resolves a project import as the engine does: relative paths, emitted `.js` naming `.ts`, tsconfig paths. */
function resolveImport(specifier: string, from: string, files: ReadonlySet<string>, moduleConfig: ModuleConfig): string | undefined {
  const bases = specifier.startsWith('.') ? [path.resolve(path.dirname(from), specifier)] : aliasCandidates(moduleConfig, specifier);
  for (const base of bases) {
    const stripped = base.replace(/\.(m|c)?js$/, '');
    for (const candidate of [base, stripped]) {
      for (const suffix of RESOLVE_SUFFIXES) if (files.has(candidate + suffix)) return candidate + suffix;
    }
  }
  return undefined;
}

/** Reads every source file of a fixture folder (a small project) with its frameworks and module facts. */
export function readFixtureProject(dir: string): FixtureFile[] {
  if (!fs.existsSync(dir)) return [];
  const paths = collectFiles([dir], { root: dir });
  const known = new Set(paths);
  const moduleConfigs = new Map<string, ModuleConfig>();
  const files: FixtureFile[] = paths.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const syntax = scanModuleSyntax(file, text);
    const packageRoot = packageRootOf(file, dir);
    let moduleConfig = moduleConfigs.get(packageRoot);
    if (!moduleConfig) moduleConfigs.set(packageRoot, (moduleConfig = loadModuleConfig(packageRoot)));
    const relativeToPackage = path.relative(packageRoot, file).split(path.sep).join('/');
    const own = new Set<Framework>();
    let registersHandlers = false;
    for (const specifier of syntax.specifiers) {
      const core = FRAMEWORK_MODULES.find(([pattern]) => pattern.test(specifier));
      const plugin = FRAMEWORK_PLUGIN_MODULES.find(([pattern]) => pattern.test(specifier));
      if (core) own.add(core[1]);
      else if (plugin) own.add(plugin[1]);
      if (core && core[1] !== 'nestjs') registersHandlers = true;
      if (HTTP_MODULE.test(specifier) && HTTP_SERVER_CALL.test(text)) {
        own.add('http');
        registersHandlers = true;
      }
    }
    // A NestJS app runs on Express or Fastify underneath; its files are NestJS code. An Express or
    // Koa app handed to `http.createServer(app)` is that framework's app, not a plain http handler.
    if (own.has('nestjs')) {
      for (const other of [...own]) if (other !== 'nestjs') own.delete(other);
      registersHandlers = NEST_HANDLER_CLASS.test(text);
    }
    if (own.size > 1) own.delete('http');
    const nextExports = nextJsHandlerExports(relativeToPackage);
    if (nextExports.includes('default') && /(^|\/)pages\/api\//.test(relativeToPackage)) own.add('next-pages');
    else if (nextExports.includes('GET')) own.add('next-app');
    if (own.has('next-pages') || own.has('next-app')) registersHandlers = true;
    const handlerFile = registersHandlers;
    const imports = syntax.specifiers
      .map((specifier) => resolveImport(specifier, file, known, moduleConfig!))
      .filter((target): target is string => target !== undefined && target !== file);
    return {
      file,
      relative: path.relative(dir, file).split(path.sep).join('/'),
      language: languageOf(file),
      format: formatOf(file, syntax),
      role: fileRole(relativeToPackage),
      own: FRAMEWORKS.filter((f) => own.has(f)),
      handlerFile,
      inherited: [],
      appsImported: [],
      imports: [...new Set(imports)],
    };
  });
  // Frameworks flow from handler files down their imports: a service imported by an Express route
  // file runs inside Express handlers. Only application files start the flow (tests import code too).
  const byFile = new Map(files.map((f) => [f.file, f]));
  for (const start of files) {
    if (!start.handlerFile || start.role !== 'application') continue;
    const seen = new Set<string>([start.file]);
    const queue = [...start.imports];
    while (queue.length > 0) {
      const next = byFile.get(queue.pop()!);
      if (!next || seen.has(next.file)) continue;
      seen.add(next.file);
      for (const framework of start.own) if (!next.inherited.includes(framework)) next.inherited.push(framework);
      queue.push(...next.imports);
    }
  }
  for (const f of files) {
    f.inherited = FRAMEWORKS.filter((fw) => f.inherited.includes(fw));
    const apps = f.imports.map((target) => byFile.get(target)).filter((target) => target?.handlerFile);
    f.appsImported = FRAMEWORKS.filter((fw) => apps.some((app) => app!.own.includes(fw)));
  }
  return files;
}

/**
 * The frameworks a file's code runs under: its own when it registers handlers, else those of the
 * handler files that import it, or of the app it imports (`const app = require('./app'); app.listen()`).
 */
export function frameworksOf(file: FixtureFile): Framework[] {
  if (file.handlerFile) return file.own;
  return FRAMEWORKS.filter((f) => file.own.includes(f) || file.inherited.includes(f) || file.appsImported.includes(f));
}

/** Code in one module that a framework reaches through another: a helper under a handler, a bootstrap file over an app. */
export function isCrossFile(file: FixtureFile): boolean {
  return !file.handlerFile && (file.inherited.length > 0 || file.appsImported.length > 0);
}

export function ruleCoverage(ruleId: string, fixturesFolder = FIXTURES_FOLDER): RuleCoverage {
  const invalid = readFixtureProject(path.join(fixturesFolder, ruleId, 'invalid'));
  const valid = readFixtureProject(path.join(fixturesFolder, ruleId, 'valid'));
  const coverage: RuleCoverage = {
    ruleId,
    frameworks: new Map(),
    languages: [],
    formats: [],
    frameworkless: [],
    crossFile: [],
    crossFileLookAlike: [],
    scriptOrTestLookAlike: [],
  };
  for (const file of invalid) {
    const expected = parseExpectations(file.file, fs.readFileSync(file.file, 'utf8')).filter((e) => e.ruleId === ruleId);
    if (expected.length === 0) continue;
    if (!coverage.languages.includes(file.language)) coverage.languages.push(file.language);
    if (file.format && !coverage.formats.includes(file.format)) coverage.formats.push(file.format);
    const frameworks = frameworksOf(file);
    if (frameworks.length === 0) coverage.frameworkless.push(file.relative);
    if (isCrossFile(file)) coverage.crossFile.push(file.relative);
    for (const framework of frameworks) {
      const cells = coverage.frameworks.get(framework) ?? [];
      const format = file.format ?? 'esm';
      if (!cells.some((c) => c.language === file.language && c.format === format)) cells.push({ language: file.language, format, example: file.relative });
      coverage.frameworks.set(framework, cells);
    }
  }
  for (const file of valid) {
    if (file.role !== 'application') coverage.scriptOrTestLookAlike.push(file.relative);
    else if (isCrossFile(file)) coverage.crossFileLookAlike.push(file.relative);
  }
  coverage.languages = LANGUAGES.filter((l) => coverage.languages.includes(l));
  coverage.formats = FORMATS.filter((f) => coverage.formats.includes(f));
  return coverage;
}

interface PolicyFileShape {
  cells?: Record<string, string[]>;
  rules?: Record<string, { frameworks?: Record<string, string>; cells?: Record<string, string>; languages?: Record<string, string>; formats?: Record<string, string>; crossFile?: string }>;
}

/** Reads test/fixtures/rules/coverage.json. */
export function readCoveragePolicy(file = POLICY_FILE): CoveragePolicy {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as PolicyFileShape;
  const cells = Object.fromEntries(FRAMEWORKS.map((f) => [f, (json.cells?.[f] ?? []) as CellKey[]])) as Record<Framework, CellKey[]>;
  const rules = new Map<string, RuleExemptions>();
  for (const [ruleId, entry] of Object.entries(json.rules ?? {})) {
    rules.set(ruleId, {
      frameworks: entry.frameworks ?? {},
      cells: entry.cells ?? {},
      languages: entry.languages ?? {},
      formats: entry.formats ?? {},
      ...(entry.crossFile !== undefined ? { crossFile: entry.crossFile } : {}),
    });
  }
  return { cells, rules };
}

function hasReason(reason: string | undefined): boolean {
  return (reason?.trim().length ?? 0) > 0;
}

function frameworkExempt(exemptions: RuleExemptions | undefined, framework: Framework): string | undefined {
  const reason = exemptions?.frameworks[framework] ?? exemptions?.frameworks['*'];
  return hasReason(reason) ? reason : undefined;
}

function covers(coverage: RuleCoverage, framework: Framework, cell: CellKey): boolean {
  return (coverage.frameworks.get(framework) ?? []).some((c) => `${c.language}-${c.format}` === cell);
}

/**
 * What a rule's invalid fixtures still lack, in words (`koa`, `express js-esm`, `language ts`,
 * `a cross-file case`, `a look-alike`): every framework with every language/format pair the policy
 * lists, both languages, both module formats, a finding in a helper reached from another module,
 * and a valid look-alike, minus what the policy file exempts with a reason. Empty when complete.
 */
export function coverageGaps(coverage: RuleCoverage, policy: CoveragePolicy): string[] {
  const exemptions = policy.rules.get(coverage.ruleId);
  const gaps: string[] = [];
  for (const framework of FRAMEWORKS) {
    if (frameworkExempt(exemptions, framework)) continue;
    if (!coverage.frameworks.has(framework)) {
      gaps.push(framework);
      continue;
    }
    for (const cell of policy.cells[framework]) {
      if (!covers(coverage, framework, cell) && !hasReason(exemptions?.cells[`${framework}:${cell}`])) gaps.push(`${framework} ${cell}`);
    }
  }
  for (const language of LANGUAGES) if (!coverage.languages.includes(language) && !hasReason(exemptions?.languages[language])) gaps.push(`language ${language}`);
  for (const format of FORMATS) if (!coverage.formats.includes(format) && !hasReason(exemptions?.formats[format])) gaps.push(`format ${format}`);
  if (coverage.crossFile.length === 0 && !hasReason(exemptions?.crossFile)) gaps.push('a cross-file case');
  if (coverage.crossFileLookAlike.length === 0 && coverage.scriptOrTestLookAlike.length === 0) gaps.push('a look-alike');
  return gaps;
}

/** Exemptions without a reason, for things the fixtures cover after all, or naming what does not exist. */
export function staleExemptions(coverage: RuleCoverage, policy: CoveragePolicy): string[] {
  const exemptions = policy.rules.get(coverage.ruleId);
  if (!exemptions) return [];
  const stale: string[] = [];
  const check = (what: string, reason: string | undefined, known: boolean, covered: boolean): void => {
    if (!known) stale.push(`unknown ${what}`);
    else if (!hasReason(reason)) stale.push(`${what} has no reason`);
    else if (covered) stale.push(`${what} is covered by the fixtures`);
  };
  for (const [key, reason] of Object.entries(exemptions.frameworks)) {
    check(`framework ${key}`, reason, key === '*' || (FRAMEWORKS as readonly string[]).includes(key), key !== '*' && coverage.frameworks.has(key as Framework));
  }
  for (const [key, reason] of Object.entries(exemptions.cells)) {
    const [framework, cell] = key.split(':') as [Framework, CellKey];
    check(`cell ${key}`, reason, policy.cells[framework]?.includes(cell) ?? false, covers(coverage, framework, cell));
  }
  for (const [key, reason] of Object.entries(exemptions.languages)) check(`language ${key}`, reason, (LANGUAGES as readonly string[]).includes(key), coverage.languages.includes(key as Language));
  for (const [key, reason] of Object.entries(exemptions.formats)) check(`format ${key}`, reason, (FORMATS as readonly string[]).includes(key), coverage.formats.includes(key as Format));
  if (exemptions.crossFile !== undefined) check('cross-file', exemptions.crossFile, true, coverage.crossFile.length > 0);
  return stale;
}

// ---- rendering ------------------------------------------------------------------------------------

const FRAMEWORK_TITLES: Record<Framework, string> = {
  express: 'Express',
  fastify: 'Fastify',
  koa: 'Koa',
  nestjs: 'NestJS',
  'next-pages': 'Next.js pages/api',
  'next-app': 'Next.js route.ts',
  http: 'node:http',
};

function cellText(cells: readonly Cell[] | undefined, exempt: string | undefined): string {
  // Exempt stays `n/a` even when some fixture happens to touch the framework: the table changes
  // only when what a rule is held to changes.
  if (exempt) return 'n/a';
  if (!cells || cells.length === 0) return 'missing';
  return LANGUAGES.flatMap((l) => FORMATS.filter((f) => cells.some((c) => c.language === l && c.format === f)).map((f) => `${l}·${f}`)).join(' ');
}

/**
 * The coverage table as markdown: one row per rule, a column per framework (`js·cjs ts·esm` = the
 * language/format pairs flagged there; `n/a` = exempted), then cross-file cases and look-alikes.
 */
export function renderCoverageTable(metas: readonly RuleMeta[], coverages: ReadonlyMap<string, RuleCoverage>, policy: CoveragePolicy): string {
  const header = ['Rule', ...FRAMEWORKS.map((f) => FRAMEWORK_TITLES[f]), 'Cross-file', 'Look-alikes'];
  const rows = metas.map((meta) => {
    const coverage = coverages.get(meta.id);
    const exempt = policy.rules.get(meta.id);
    const lookAlikes = [
      (coverage?.crossFileLookAlike.length ?? 0) > 0 ? 'helper' : '',
      (coverage?.scriptOrTestLookAlike.length ?? 0) > 0 ? 'script/test' : '',
    ].filter(Boolean);
    return [
      `[${meta.id}](${meta.id}.md)`,
      ...FRAMEWORKS.map((f) => cellText(coverage?.frameworks.get(f), frameworkExempt(exempt, f))),
      (coverage?.crossFile.length ?? 0) > 0 ? 'yes' : exempt?.crossFile ? 'n/a' : 'missing',
      lookAlikes.join(', ') || '—',
    ];
  });
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The coverage table of docs/rules/README.md, from the fixtures and the policy file as they are now. */
export function fixtureCoverageTable(metas: readonly RuleMeta[]): string {
  const ordered = [...metas].sort(byCategoryThenId);
  return renderCoverageTable(ordered, new Map(ordered.map((m) => [m.id, ruleCoverage(m.id)])), readCoveragePolicy());
}

function printRule(coverage: RuleCoverage, policy: CoveragePolicy): string {
  const exemptions = policy.rules.get(coverage.ruleId);
  const lines = [`${coverage.ruleId}`];
  for (const framework of FRAMEWORKS) {
    const cells = coverage.frameworks.get(framework) ?? [];
    const exempt = frameworkExempt(exemptions, framework);
    const shown = cells.map((c) => `${c.language}·${c.format} (${c.example})`).join(', ');
    lines.push(`  ${framework.padEnd(11)} ${shown || (exempt ? `n/a: ${exempt}` : 'MISSING')}`);
  }
  lines.push(`  languages   ${coverage.languages.join(' ')}   formats ${coverage.formats.join(' ')}`);
  lines.push(`  cross-file  ${coverage.crossFile.join(', ') || (exemptions?.crossFile ? `n/a: ${exemptions.crossFile}` : 'MISSING')}`);
  if (coverage.frameworkless.length > 0) lines.push(`  no framework ${coverage.frameworkless.join(', ')}`);
  lines.push(`  look-alikes helper: ${coverage.crossFileLookAlike.join(', ') || '-'}; script/test: ${coverage.scriptOrTestLookAlike.join(', ') || '-'}`);
  const gaps = coverageGaps(coverage, policy);
  if (gaps.length > 0) lines.push(`  MISSING     ${gaps.join(', ')}`);
  return lines.join('\n');
}

if (require.main === module) {
  // Loaded here, not at the top: the docs renderer imports this module and has the metadata already.
  const { rules } = require('../server/src/rules/registry') as typeof import('../server/src/rules/registry');
  const only = process.argv[2];
  const policy = readCoveragePolicy();
  const metas = rules.map((r) => r.meta).filter((m) => !only || m.id === only);
  if (metas.length === 0) {
    process.stderr.write(`unknown rule ${only}\n`);
    process.exit(2);
  }
  if (only) {
    process.stdout.write(printRule(ruleCoverage(only), policy) + '\n');
  } else {
    const coverages = new Map(metas.map((m) => [m.id, ruleCoverage(m.id)]));
    process.stdout.write(renderCoverageTable(metas, coverages, policy) + '\n');
    for (const meta of metas) {
      const gaps = coverageGaps(coverages.get(meta.id)!, policy);
      if (gaps.length > 0) process.stdout.write(`${meta.id}: missing ${gaps.join(', ')}\n`);
    }
  }
}
