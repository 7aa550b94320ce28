// Analyses one file: parses it, walks the tree once (scopes, declarations and the nodes rules
// subscribed to), then derives the file's summary for the cross-file index and runs the rules.
// The result holds no syntax tree: only the summary and candidate findings, each tagged with the
// function it sits in so the project can later decide whether that function is in the request path.
import { ts } from '@ts-morph/common';
import { Binder, opensScope, type Scope } from './binder';
import { enclosingFunction } from './ast';
import { scanDirectives, type Directive } from './directives';
import { fileRole, type FileRole } from './roles';
import { cappedArrayProperties, extractSummary } from './summary-extract';
import { callArguments } from './call-arguments';
import type { AllocationInfo, FileSummary, SymRef } from './summary';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings, type CallerCondition, type FileProblem, type TextEdit } from './types';
import type { AllocationNote, ClassFacts, RuleContext, RuleModule, RuleScope, RuleVisitors, ReportDescriptor } from '../rules/types';
import type { Value } from './values';
import type { ResolvedVersion } from './package-versions';
import type { ProjectPoolEffect } from './project';
import type { DecorationAnswer, DecorationSlot } from './decorations';
import { dataShape, type DataShape } from './data-shapes';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind, forEachChild, isFunctionLike } = ts;

// No JSDoc (no rule reads it) and no parent pointers from the parser: the walk below sets them as
// it goes, which saves the parser's own extra pass over the tree (about half the parse time).
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

export interface Candidate {
  ruleId: string;
  messageId: string;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: { title: string; edits: TextEdit[] }[];
  /** Dropped when some project file establishes this fact (e.g. 'axios.defaults.timeout'). */
  unlessProjectFact?: string | readonly string[];
  /** Kept only when some project fact among these holds (a relation schema.prisma declares a list). */
  ifProjectFact?: string | readonly string[];
  /** When set, overrides the rule's scope for this finding. */
  scope?: RuleScope;
  /** Kept only when the callers the project holds satisfy every condition (see CallerCondition). */
  callers?: CallerCondition[];
  /** Kept only when calling one of these does I/O, as the project index tells (see ReportDescriptor.ifCallsIo). */
  ifCallsIo?: SymRef[];
  /** Id of the innermost function containing the finding; undefined at module level. */
  functionId: number | undefined;
}

export interface FileAnalysis {
  file: string;
  role: FileRole;
  summary: FileSummary;
  candidates: Candidate[];
  directives: Directive[];
  problems: FileProblem[];
}

/** Syntax kinds whose nodes the walk collects for the summary and rules. */
export interface CollectedNodes {
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  returns: ts.ReturnStatement[];
  functions: ts.SignatureDeclaration[];
  classes: ts.ClassLikeDeclaration[];
  /** Nodes of the kinds rules subscribed to, in walk order. */
  byKind: Map<number, ts.Node[]>;
  /** Function-like node → its id (walk order). */
  functionIds: Map<ts.Node, number>;
  classIds: Map<ts.Node, number>;
}

function scriptKind(file: string): ts.ScriptKind {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  // The JS kind parses JSX too (TypeScript's language variant for JS is JSX).
  return ts.ScriptKind.JS;
}

export interface AnalyzeOptions {
  /** Path relative to the file's package root, with forward slashes (roles, Next.js conventions). */
  relativePath: string;
  isProjectSpecifier?: (specifier: string) => boolean;
  /** Installed package versions for this file (the engine reads them; rules stay pure). */
  packageVersion?: (name: string) => ResolvedVersion | undefined;
  nodeVersion?: () => ResolvedVersion | undefined;
  settings?: AnalysisSettings;
  /** Library instances imported from other project files (answered by the project index). */
  remoteInstance?: (specifier: string, path: string[]) => Value | undefined;
  /** What calling a project function does to a driver pool (answered by the project index). */
  poolEffects?: (specifier: string, path: string[]) => ProjectPoolEffect[];
  /** Which parameters of a project function are the SQL text of a raw query it runs (answered by the project index). */
  sqlParams?: (specifier: string, path: string[]) => number[];
  /** Facts about a class imported from another project file (answered by the project index). */
  remoteClass?: (specifier: string, path: string[]) => ClassFacts | undefined;
  /** What a framework slot holds (`fastify.decorate('db', …)` in some file; answered by the project index). */
  decoration?: (slot: DecorationSlot, name: string) => DecorationAnswer | undefined;
  /** Plain data another project file exports (a config object; answered by the project index). */
  remoteData?: (specifier: string, path: string[]) => DataShape | undefined;
  /**
   * Whether some finding depends on the callers of the code a call names, in another file
   * (answered by the project index; see CallSite.args). Without it, every call site gets its facts.
   */
  callersAsked?: (callee: SymRef) => boolean;
}

export function analyzeFile(file: string, text: string, options: AnalyzeOptions, rules: readonly RuleModule[]): FileAnalysis {
  const sourceFile = ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKind(file));
  const role = fileRole(options.relativePath);
  const problems: FileProblem[] = [];
  const parseDiagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const binder = new Binder(sourceFile, options.isProjectSpecifier, options.remoteInstance, options.decoration);
  const numbering: FunctionNumbering = { ids: new Map(), classIds: new Map() };
  const prepared = prepareRules(sourceFile, text, binder, rules, numbering, options);
  const nodes = walk(sourceFile, binder, prepared.kinds);
  numbering.ids = nodes.functionIds;
  numbering.classIds = nodes.classIds;
  binder.linkAssignments();
  const { summary, callNodes } = extractSummary(sourceFile, binder, nodes, {
    role,
    relativePath: options.relativePath,
    hasPackage: (name) => options.packageVersion?.(name) !== undefined,
    isProjectSpecifier: options.isProjectSpecifier,
  });

  if (parseDiagnostics.length > 0) {
    const first = parseDiagnostics[0]!;
    const pos = sourceFile.getLineAndCharacterOfPosition(first.start);
    problems.push({
      file,
      kind: 'parse-error',
      message: `Parsing error: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`,
      line: pos.line + 1,
      column: pos.character + 1,
    });
    // Rules on a broken tree report nonsense; the file's summary still serves the index.
    addCallArguments(summary, callNodes, binder, new Set(), options.callersAsked);
    return { file, role, summary, candidates: [], directives: [], problems };
  }

  const allocations: AllocationInfo[] = [];
  const candidates = runRules(prepared, nodes, problems, allocations);
  // Rules note allocations while they run; they belong to the summary (the capacity estimate reads
  // summaries, and a changed note must invalidate project results like any other fact).
  summary.allocations = allocations;
  const asked = new Set<number>();
  for (const candidate of candidates) for (const condition of candidate.callers ?? []) if (condition.fn >= 0) asked.add(condition.fn);
  if (asked.size > 0) summary.callerQuestions = [...asked].sort((a, b) => a - b);
  addCallArguments(summary, callNodes, binder, asked, options.callersAsked);
  return { file, role, summary, candidates, directives: scanDirectives(text), problems };
}

/**
 * Argument facts for the call sites whose callee some finding asks about: this file's functions
 * in `asked`, others as the project index answers (a recorded question, so this file is analysed
 * again when a callee starts or stops asking). Lazy because a fact costs binder lookups and a walk
 * of the calling function, and almost none are read (see CallSite.args).
 */
function addCallArguments(summary: FileSummary, callNodes: readonly ts.CallExpression[], binder: Binder, asked: ReadonlySet<number>, callersAsked: AnalyzeOptions['callersAsked']): void {
  const localMethod = (ref: Extract<SymRef, { kind: 'method' }>): number | undefined => {
    if (ref.cls.kind !== 'class') return undefined;
    const id = ref.cls.id;
    return summary.classes.find((c) => c.id === id)?.methods[ref.name];
  };
  const isAsked = (to: SymRef): boolean => {
    if (to.kind === 'fn' && to.file === undefined) return asked.has(to.id);
    // A class of this file: its methods are numbered in this summary (the index still holds the previous one).
    if (to.kind === 'method' && to.cls.kind === 'class') {
      const id = localMethod(to);
      return id !== undefined && asked.has(id);
    }
    // The engine answers each cross-file question once per analysis.
    return callersAsked ? callersAsked(to) : true;
  };
  summary.calls.forEach((site, i) => {
    if (isAsked(site.to)) site.args = callArguments(callNodes[i]!, binder);
  });
}

/** Parent pointers for a subtree the walk does not descend into. */
function setParentsBelow(node: ts.Node): void {
  forEachChild(node, (child) => {
    (child as { parent: ts.Node }).parent = node;
    setParentsBelow(child);
  });
}

/**
 * The single walk: parent pointers, scopes and declarations for the binder, and the nodes rules
 * and summary need. Everything after the walk may rely on `node.parent`.
 */
function walk(sourceFile: ts.SourceFile, binder: Binder, subscribed: ReadonlySet<number>): CollectedNodes {
  const nodes: CollectedNodes = { calls: [], news: [], returns: [], functions: [], classes: [], byKind: new Map(), functionIds: new Map(), classIds: new Map() };
  for (const kind of subscribed) nodes.byKind.set(kind, []);
  // One closure for the whole walk (not one per node): the current scope is walk state.
  let scope: Scope = binder.root;
  let parent: ts.Node = sourceFile;
  const visit = (node: ts.Node): void => {
    (node as { parent: ts.Node }).parent = parent;
    if (subscribed.has(node.kind)) nodes.byKind.get(node.kind)!.push(node);
    switch (node.kind) {
      case SyntaxKind.CallExpression:
        nodes.calls.push(node as ts.CallExpression);
        break;
      case SyntaxKind.NewExpression:
        nodes.news.push(node as ts.NewExpression);
        break;
      case SyntaxKind.ReturnStatement:
        nodes.returns.push(node as ts.ReturnStatement);
        break;
      case SyntaxKind.ImportDeclaration:
        setParentsBelow(node);
        binder.declareImport(scope, node as ts.ImportDeclaration);
        return;
      case SyntaxKind.ImportEqualsDeclaration: {
        const decl = node as ts.ImportEqualsDeclaration;
        setParentsBelow(node);
        if (ts.isExternalModuleReference(decl.moduleReference) && ts.isStringLiteral(decl.moduleReference.expression)) {
          binder.declare(scope, decl.name.text, 'import', decl, { importSpecifier: decl.moduleReference.expression.text, importPath: [] });
        }
        return;
      }
      case SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        const isVar = decl.parent && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.BlockScoped) === 0;
        let target = scope;
        if (isVar) while (!target.isFunctionScope && target.parent) target = target.parent;
        binder.declarePattern(target, decl.name, 'var', decl, decl.initializer);
        break;
      }
      case SyntaxKind.FunctionDeclaration: {
        const decl = node as ts.FunctionDeclaration;
        if (decl.name) binder.declare(scope, decl.name.text, 'function', decl);
        break;
      }
      case SyntaxKind.ClassDeclaration: {
        const decl = node as ts.ClassDeclaration;
        if (decl.name) binder.declare(scope, decl.name.text, 'class', decl);
        nodes.classIds.set(decl, nodes.classes.length);
        nodes.classes.push(decl);
        break;
      }
      case SyntaxKind.ClassExpression:
        nodes.classIds.set(node, nodes.classes.length);
        nodes.classes.push(node as ts.ClassExpression);
        break;
      case SyntaxKind.Parameter: {
        const param = node as ts.ParameterDeclaration;
        binder.declarePattern(scope, param.name, 'param', param, undefined);
        break;
      }
      case SyntaxKind.BinaryExpression: {
        const op = (node as ts.BinaryExpression).operatorToken.kind;
        if (op === SyntaxKind.EqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) {
          binder.recordAssignment(node as ts.BinaryExpression);
        }
        break;
      }
      case SyntaxKind.CatchClause: {
        const clause = node as ts.CatchClause;
        const outer = scope;
        const outerParent = parent;
        parent = clause;
        scope = binder.openScope(clause, scope);
        if (clause.variableDeclaration) {
          (clause.variableDeclaration as { parent: ts.Node }).parent = clause;
          setParentsBelow(clause.variableDeclaration);
          binder.declarePattern(scope, clause.variableDeclaration.name, 'param', clause.variableDeclaration, undefined);
        }
        visit(clause.block);
        scope = outer;
        parent = outerParent;
        return;
      }
    }
    const isFunction = isFunctionLike(node);
    if (isFunction) {
      nodes.functionIds.set(node, nodes.functions.length);
      nodes.functions.push(node);
    }
    // Parameters and the function's body share the function's scope.
    const outer = scope;
    const outerParent = parent;
    if (isFunction || opensScope(node)) scope = binder.openScope(node, scope);
    parent = node;
    forEachChild(node, visit);
    scope = outer;
    parent = outerParent;
  };
  forEachChild(sourceFile, visit);
  return nodes;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

interface PreparedRule {
  rule: RuleModule;
  visitors: RuleVisitors;
  found: Candidate[];
  notes: AllocationInfo[];
  context: RuleContext;
}

/** Set once the walk has numbered the functions; reports made by visitors read it. */
interface FunctionNumbering {
  ids: ReadonlyMap<ts.Node, number>;
  classIds: ReadonlyMap<ts.Node, number>;
}

/** Code a resolved value names, as the summaries refer to it: a function or class method of this file, a project import. */
function codeRef(value: Value, numbering: FunctionNumbering): SymRef[] {
  if (value.kind === 'project') return [{ kind: 'project', specifier: value.specifier, path: value.path }];
  if (value.kind === 'decoration') return [{ kind: 'decoration', slot: value.slot, name: value.name, path: value.path }];
  if (value.kind === 'function') {
    const id = numbering.ids.get(value.node);
    return id === undefined ? [] : [{ kind: 'fn', id }];
  }
  if (value.kind === 'object' && value.path.length === 1) {
    const id = numbering.classIds.get(value.classNode);
    return id === undefined ? [] : [{ kind: 'method', cls: { kind: 'class', id }, name: value.path[0]! }];
  }
  return [];
}

interface PreparedRules {
  rules: PreparedRule[];
  /** SyntaxKinds some rule visits. */
  kinds: Set<number>;
  failures: { rule: RuleModule; error: unknown }[];
}

/** Creates each rule's visitors before the walk, so the walk knows which node kinds to collect. */
function prepareRules(
  sourceFile: ts.SourceFile,
  text: string,
  binder: Binder,
  rules: readonly RuleModule[],
  numbering: FunctionNumbering,
  options: AnalyzeOptions,
): PreparedRules {
  const prepared: PreparedRules = { rules: [], kinds: new Set(), failures: [] };
  for (const rule of rules) {
    if (!rule.create) continue;
    const found: Candidate[] = [];
    const notes: AllocationInfo[] = [];
    const context: RuleContext = {
      sourceFile,
      text,
      settings: options.settings ?? DEFAULT_ANALYSIS_SETTINGS,
      resolve: (expr) => binder.resolve(expr),
      isModuleLevel: (node) => enclosingFunction(node) === undefined,
      enclosingFunction,
      assignmentsTo: (target, property) => assignmentsTo(binder, target, property),
      lookupBinding: (name, from) => binder.lookup(name, from),
      isModuleLevelBinding: (binding) => binder.isModuleLevelBinding(binding),
      classFacts: (expr) => classFacts(expr, binder, options.remoteClass),
      dataOf: (expr) => {
        const value = binder.resolve(expr);
        if (value.kind === 'project') return options.remoteData?.(value.specifier, value.path);
        const shape = dataShape(expr, binder);
        return shape.kind === 'other' ? undefined : shape;
      },
      packageVersion: (name) => options.packageVersion?.(name),
      nodeVersion: () => options.nodeVersion?.(),
      projectPoolEffects: (value) => (value.kind === 'project' ? (options.poolEffects?.(value.specifier, value.path) ?? []) : []),
      projectSqlParams: (value) => (value.kind === 'project' ? (options.sqlParams?.(value.specifier, value.path) ?? []) : []),
      noteAllocation: (note: AllocationNote) => {
        const fn = enclosingFunction(note.node);
        notes.push({
          what: note.what,
          bytes: note.bytes === null || Number.isFinite(note.bytes) ? note.bytes : null,
          basis: note.basis,
          detail: note.detail,
          line: sourceFile.getLineAndCharacterOfPosition(note.node.getStart(sourceFile)).line + 1,
          scope: note.scope === 'request-path' ? 'request-path' : 'application',
          functionId: fn ? numbering.ids.get(fn) : undefined,
        });
      },
      report: (descriptor: ReportDescriptor) => {
        const template = rule.meta.messages[descriptor.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${descriptor.messageId}`);
        const start = descriptor.node.getStart(sourceFile);
        const end = descriptor.node.getEnd();
        const from = sourceFile.getLineAndCharacterOfPosition(start);
        const to = sourceFile.getLineAndCharacterOfPosition(end);
        const fn = enclosingFunction(descriptor.node);
        found.push({
          ruleId: rule.meta.id,
          messageId: descriptor.messageId,
          message: formatMessage(template, descriptor.data),
          start,
          end,
          line: from.line + 1,
          column: from.character + 1,
          endLine: to.line + 1,
          endColumn: to.character + 1,
          fixes: descriptor.fixes ?? [],
          functionId: fn ? numbering.ids.get(fn) : undefined,
          unlessProjectFact: descriptor.unlessProjectFact,
          ...(descriptor.ifProjectFact ? { ifProjectFact: descriptor.ifProjectFact } : {}),
          scope: descriptor.scope,
          ...(descriptor.callers ? { callers: descriptor.callers.map((c) => ({ ...c, fn: numbering.ids.get(c.fn) ?? -1 })) } : {}),
          ...(descriptor.ifCallsIo ? { ifCallsIo: descriptor.ifCallsIo.flatMap((value) => codeRef(value, numbering)) } : {}),
        });
      },
    };
    try {
      const visitors = rule.create!(context);
      for (const name of Object.keys(visitors)) {
        const kind = (SyntaxKind as unknown as Record<string, number>)[name];
        if (kind === undefined) throw new Error(`rule ${rule.meta.id} visits unknown node kind ${name}`);
        prepared.kinds.add(kind);
      }
      prepared.rules.push({ rule, visitors, found, notes, context });
    } catch (error) {
      prepared.failures.push({ rule, error });
    }
  }
  return prepared;
}

function runRules(prepared: PreparedRules, nodes: CollectedNodes, problems: FileProblem[], allocations: AllocationInfo[]): Candidate[] {
  const candidates: Candidate[] = [];
  const file = prepared.rules[0]?.context.sourceFile.fileName ?? '';
  for (const { rule, error } of prepared.failures) {
    problems.push({ file, kind: 'rule-error', message: `rule ${rule.meta.id} failed: ${(error as Error).message}` });
  }
  for (const entry of prepared.rules) {
    try {
      for (const [name, visitor] of Object.entries(entry.visitors) as [string, (node: ts.Node, context: RuleContext) => void][]) {
        const kind = (SyntaxKind as unknown as Record<string, number>)[name]!;
        for (const node of nodes.byKind.get(kind) ?? []) visitor(node, entry.context);
      }
      candidates.push(...entry.found);
      allocations.push(...entry.notes);
    } catch (error) {
      // A rule that throws loses its findings for this file; the others still report.
      problems.push({ file, kind: 'rule-error', message: `rule ${entry.rule.meta.id} failed: ${(error as Error).message}` });
    }
  }
  return candidates;
}

/** A class named here (`dto: CreateOrderDto`): read from its declaration, or asked of its file. */
function classFacts(expr: ts.Expression, binder: Binder, remoteClass: AnalyzeOptions['remoteClass']): ClassFacts | undefined {
  const value = binder.resolve(expr);
  if (value.kind === 'class') return { arrayMaxSize: cappedArrayProperties(value.node, binder) };
  if (value.kind === 'project') return remoteClass?.(value.specifier, value.path);
  return undefined;
}

function sameValue(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'library' && b.kind === 'library') return a.module === b.module && a.path.join('.') === b.path.join('.');
  if (a.kind === 'instance' && b.kind === 'instance') return a.creation === b.creation && a.path.join('.') === b.path.join('.');
  return false;
}

function assignmentsTo(binder: Binder, target: Value, property: string): ts.Expression[] {
  const result: ts.Expression[] = [];
  for (const assignment of binder.assignments) {
    const left = assignment.left;
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== property) continue;
    if (sameValue(binder.resolve(left.expression), target)) result.push(assignment.right);
  }
  return result;
}
