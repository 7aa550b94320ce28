// The rule contract. A rule is pure: it reads syntax nodes and the engine's facts through its
// context and reports findings with offsets and proposed edits. No I/O, no settings, no globals.
import type { ts } from '@ts-morph/common';
import type { AnalysisSettings, CallerCondition, Category, Severity, TextEdit } from '../engine/types';
import type { Value } from '../engine/values';
import type { Binding } from '../engine/binder';
import type { ResolvedVersion } from '../engine/package-versions';
import type { Inventory } from '../engine/inventory';
import type { ProjectPoolEffect } from '../engine/project';
import type { CapacityEstimate } from '../capacity';
import type { DataShape } from '../engine/data-shapes';

export type FixKind = 'safe' | 'suggestion' | 'none';

/** Where a rule's findings count: only code reached from a request handler, or any application code. */
export type RuleScope = 'request-path' | 'application';

export interface RuleDocs {
  /** One sentence: what the rule reports. */
  description: string;
  /** Why it matters under concurrent load, with numbers where we have them (markdown). */
  rationale: string;
  /** Code the rule reports (one finding per example). */
  bad: string;
  /** The corrected code (no findings). */
  good: string;
  /** When the rule does not apply (markdown). */
  whenNotToUse: string;
}

export interface RuleMeta {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  scope: RuleScope;
  /** Rules never need the type checker; kept explicit so that stays a decision. */
  requiresTypeInfo: false;
  fixKind: FixKind;
  messages: Record<string, string>;
  docs: RuleDocs;
  /**
   * New rules start in the nursery: opt-in (off unless configured) until their precision is proven
   * on real projects. The engine is to skip them unless the config or settings enable them.
   */
  nursery?: true;
}

export interface ReportFix {
  title: string;
  edits: TextEdit[];
}

export interface ReportDescriptor {
  /** The narrowest node that names the problem: the callee or the option. */
  node: ts.Node;
  messageId: string;
  /** Values for `{{name}}` placeholders in the message. */
  data?: Record<string, string | number>;
  fixes?: ReportFix[];
  /**
   * Drop the finding when any project file establishes this fact (e.g. 'axios.defaults.timeout'),
   * or one of these facts (a list is alternatives: 'unique-key:users.nickname', 'unique-key:users.room').
   */
  unlessProjectFact?: string | readonly string[];
  /**
   * Keep the finding only when the project establishes this fact, or one of these: facts the
   * schema files decide (`prisma-to-many:article.comments`, the relation is a list).
   */
  ifProjectFact?: string | readonly string[];
  /** Overrides `meta.scope` for this finding (a rule about both middleware setup and handler code). */
  scope?: RuleScope;
  /**
   * Keep the finding only when the callers of a function (across the project) pass what these
   * conditions describe: options handed in through a parameter, a key that is a parameter.
   */
  callers?: CallerCondition<ts.SignatureDeclaration>[];
  /**
   * Keep the finding only when calling one of these (resolved callees: a function of this file, a
   * project import, a method of a local class) does I/O as far as the project's summaries tell:
   * it queries a database, calls out over HTTP, or calls code that does. Other values are ignored.
   */
  ifCallsIo?: readonly Value[];
}

/**
 * A fact for the capacity estimate's memory check, not a finding: what one request may hold in
 * memory while in flight (a body parser's limit, an upload kept in memory, a body read by hand).
 */
export interface AllocationNote {
  /** Where it is configured or happens. */
  node: ts.Node;
  /** What buffers, for the report: "express.json()", "multer (memory storage), per file". */
  what: string;
  /** Bytes one request may hold; null when nothing bounds it. */
  bytes: number | null;
  /** Where the number comes from: the code, the library's default, or a value the code does not show (default assumed). */
  basis: 'code' | 'library-default' | 'unknown';
  /** The number in words with its source: "limit '1mb'", "body-parser default 100kb". */
  detail: string;
  /** 'request-path': counts only where a request handler reaches it (a body read by hand). Default 'application'. */
  scope?: RuleScope;
}

export interface RuleContext {
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  /** Deployment facts from config/settings (load balancer idle timeout…), with defaults filled in. */
  readonly settings: AnalysisSettings;
  /** What an expression refers to: a library export, an instance made from one, a project function… */
  resolve(expr: ts.Expression): Value;
  /** True when `node` sits outside every function (module top level). */
  isModuleLevel(node: ts.Node): boolean;
  /** The innermost function-like node containing `node`, if any. */
  enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined;
  /** Every expression assigned to the same binding/property, e.g. `axios.defaults.timeout = 5000`. */
  assignmentsTo(target: Value, property: string): ts.Expression[];
  /** The binding a name refers to at `from`, if it is declared in this file. */
  lookupBinding(name: string, from: ts.Node): Binding | undefined;
  /** True when the binding is declared at module level (shared by every request). */
  isModuleLevelBinding(binding: Binding): boolean;
  /** What is known of the class an expression names (a DTO type), declared here or in another project file. */
  classFacts(expr: ts.Expression): ClassFacts | undefined;
  /**
   * The plain data an expression holds (an object of strings, numbers and objects, a string we can
   * partly read), read as data: written in this file, or imported from a project file that exports
   * it (a config module: `config.mongoose.options`). Undefined when it is not plain data we can see.
   */
  dataOf(expr: ts.Expression): DataShape | undefined;
  /** The installed version of a package for this file (node_modules, lockfile, package.json range). */
  packageVersion(name: string): ResolvedVersion | undefined;
  /** The Node.js version the project targets (.nvmrc, engines.node). */
  nodeVersion(): ResolvedVersion | undefined;
  /**
   * For a function imported from another project file: what calling it does to a driver pool (it
   * waits for a connection, returns a checked-out client, calls a parameter while holding one),
   * wrappers of wrappers followed. Empty for anything else.
   */
  projectPoolEffects(value: Value): readonly ProjectPoolEffect[];
  /**
   * For a function imported from another project file: the indexes of its parameters that reach
   * the SQL text of a raw query unchanged (`rawQuery(sql, params)`), wrappers of wrappers followed.
   */
  projectSqlParams(value: Value): readonly number[];
  report(descriptor: ReportDescriptor): void;
  /** Records what one request may hold in memory, for the capacity estimate (whatever the rule's severity). */
  noteAllocation(note: AllocationNote): void;
}

/** Facts about a class that rules judge request input by. */
export interface ClassFacts {
  /** Properties capped by class-validator's `@ArrayMaxSize(n)`. */
  arrayMaxSize: string[];
}

export type NodeVisitor<N extends ts.Node = ts.Node> = (node: N, context: RuleContext) => void;

/** The node kinds rules may subscribe to (named as in `ts.SyntaxKind`), with their node types. */
export interface VisitableNodes {
  CallExpression: ts.CallExpression;
  NewExpression: ts.NewExpression;
  BinaryExpression: ts.BinaryExpression;
  PropertyAccessExpression: ts.PropertyAccessExpression;
  ElementAccessExpression: ts.ElementAccessExpression;
  VariableDeclaration: ts.VariableDeclaration;
  ObjectLiteralExpression: ts.ObjectLiteralExpression;
  PropertyAssignment: ts.PropertyAssignment;
  ForStatement: ts.ForStatement;
  ForOfStatement: ts.ForOfStatement;
  ForInStatement: ts.ForInStatement;
  WhileStatement: ts.WhileStatement;
  AwaitExpression: ts.AwaitExpression;
  TemplateExpression: ts.TemplateExpression;
  NoSubstitutionTemplateLiteral: ts.NoSubstitutionTemplateLiteral;
  StringLiteral: ts.StringLiteral;
  TaggedTemplateExpression: ts.TaggedTemplateExpression;
  ClassDeclaration: ts.ClassDeclaration;
  MethodDeclaration: ts.MethodDeclaration;
  FunctionDeclaration: ts.FunctionDeclaration;
  ArrowFunction: ts.ArrowFunction;
  FunctionExpression: ts.FunctionExpression;
  Decorator: ts.Decorator;
  ReturnStatement: ts.ReturnStatement;
  ExpressionStatement: ts.ExpressionStatement;
  Identifier: ts.Identifier;
}

/** Visitors by node kind; the engine's single walk collects the kinds some rule asked for. */
export type RuleVisitors = { [K in keyof VisitableNodes]?: NodeVisitor<VisitableNodes[K]> };

/**
 * What a project rule sees: facts about the whole workspace rather than one file's syntax — the
 * resources and routes the engine found, and the capacity estimate at the configured workload.
 */
export interface ProjectRuleContext {
  readonly root: string;
  readonly inventory: Inventory;
  readonly estimate: CapacityEstimate;
}

/** A finding of a project rule: in a file, at offsets the inventory gave. */
export interface ProjectReport {
  file: string;
  start: number;
  end: number;
  messageId: string;
  data?: Record<string, string | number>;
  fixes?: ReportFix[];
}

export interface RuleModule {
  meta: RuleMeta;
  /** Per-file rules: visitors by node kind for the engine's single walk. */
  create?(context: RuleContext): RuleVisitors;
  /** Project rules: run over the workspace's inventory and capacity estimate, not over one file. */
  checkProject?(context: ProjectRuleContext): ProjectReport[];
}
