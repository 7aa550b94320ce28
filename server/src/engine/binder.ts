// Scopes and bindings of one file, filled during the engine's single tree walk, and the symbolic
// resolver that answers "what does this expression refer to?" (a library export, an instance made
// from one, a project import, a local function…) through imports, require, destructuring, aliases
// and re-assignments. Resolution is lazy and memoised; it never needs the type checker.
import { ts } from '@ts-morph/common';
import { normaliseModule, UNKNOWN, type Value } from './values';
import { isInsideNode } from './ast';
import { readsSettings, slotRead, slotValue, type DecorationAnswer, type DecorationSlot, type FrameworkHooks } from './decorations';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind, isArrowFunction, isBindingElement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isMethodDeclaration, isNamespaceImport, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isPrivateIdentifier, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike } = ts;

export type BindingKind = 'import' | 'var' | 'function' | 'class' | 'param';

export interface Binding {
  name: string;
  kind: BindingKind;
  declaration: ts.Node;
  /** For var: the initializer; for import: undefined. */
  init?: ts.Expression;
  /** Property names taken from the initializer by destructuring (`const { Pool } = pg` → ['Pool']). */
  destructure: string[];
  importSpecifier?: string;
  /** For import: the path within the module (['default'], ['Pool'], [] for a namespace). */
  importPath?: string[];
  /** Expressions later assigned to this binding (`x = require('pg')`, `pool ??= new Pool()`). */
  assignments: ts.Expression[];
  scope: Scope;
}

export interface Scope {
  node: ts.Node;
  parent: Scope | undefined;
  bindings: Map<string, Binding>;
  /** Function scopes (and the file) receive `var` declarations. */
  isFunctionScope: boolean;
}

/** Node kinds other than functions that open a scope. */
export function opensScope(node: ts.Node): boolean {
  switch (node.kind) {
    case SyntaxKind.Block:
    case SyntaxKind.ForStatement:
    case SyntaxKind.ForInStatement:
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.CatchClause:
    case SyntaxKind.CaseBlock:
    case SyntaxKind.ModuleBlock:
      return true;
    default:
      return false;
  }
}

/** Globals we give meaning to when no binding shadows them. */
const KNOWN_GLOBALS = new Set([
  'fetch', 'process', 'Buffer', 'JSON', 'Promise', 'AbortSignal', 'AbortController', 'Atomics', 'global',
  'globalThis', 'setTimeout', 'setInterval', 'setImmediate', 'Array', 'ArrayBuffer', 'Map', 'Set', 'URL',
]);

const MAX_DEPTH = 24;

function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

export class Binder {
  readonly scopes = new Map<ts.Node, Scope>();
  readonly root: Scope;
  /** Every `a = b` / `a ??= b` / `a ||= b` assignment in the file, for property-assignment queries. */
  readonly assignments: ts.BinaryExpression[] = [];
  private readonly bindingValues = new Map<Binding, Value>();
  private readonly nodeValues = new Map<ts.Node, Value>();
  private readonly resolving = new Set<Binding>();
  /** Relative specifiers plus any that the project maps to its own files (tsconfig paths). */
  private readonly isProjectSpecifier: (specifier: string) => boolean;

  constructor(
    readonly sourceFile: ts.SourceFile,
    isProjectSpecifier?: (specifier: string) => boolean,
    /** Asks the project index what a project import is, when it is a library instance made there. */
    private readonly remoteInstance?: (specifier: string, path: string[]) => Value | undefined,
    /** Asks the project index what a framework slot holds (`fastify.decorate('db', …)` in some file). */
    private readonly decoration?: (slot: DecorationSlot, name: string) => DecorationAnswer | undefined,
  ) {
    this.root = { node: sourceFile, parent: undefined, bindings: new Map(), isFunctionScope: true };
    this.scopes.set(sourceFile, this.root);
    this.isProjectSpecifier = isProjectSpecifier ?? isRelativeSpecifier;
  }

  /**
   * Facts the summary pass finds (which parameters are Fastify instances, which functions Fastify
   * calls with the instance as `this`); set before the rules run, followed by `forgetResolutions()`.
   */
  frameworkHooks: FrameworkHooks = {};

  /** Drops memoised answers: facts they depended on (frameworkHooks) have changed. */
  forgetResolutions(): void {
    this.nodeValues.clear();
    this.bindingValues.clear();
  }

  /** `base.name` when it reads a framework slot the project fills: what the slot holds. */
  private slotMember(base: Value, name: string): Value | undefined {
    if (!this.decoration) return undefined;
    const slot = slotRead(base, name, this.frameworkHooks);
    if (!slot) return undefined;
    const answer = this.decoration(slot, name);
    return answer ? slotValue(slot, name, answer) : undefined;
  }

  /** A project value, or the library instance it names in another file. */
  private projectValue(specifier: string, path: string[]): Value {
    return this.remoteInstance?.(specifier, path) ?? { kind: 'project', specifier, path };
  }

  // ---- filled by the walk -------------------------------------------------------------------

  openScope(node: ts.Node, parent: Scope): Scope {
    const scope: Scope = { node, parent, bindings: new Map(), isFunctionScope: ts.isFunctionLike(node) };
    this.scopes.set(node, scope);
    return scope;
  }

  declare(scope: Scope, name: string, kind: BindingKind, declaration: ts.Node, extra: Partial<Binding> = {}): void {
    scope.bindings.set(name, { name, kind, declaration, destructure: [], assignments: [], scope, ...extra });
  }

  /** Declares the names of a binding pattern (`{ Pool, Client: C }`, `[a, b]`) with their property paths. */
  declarePattern(
    scope: Scope,
    name: ts.BindingName,
    kind: BindingKind,
    declaration: ts.Node,
    init: ts.Expression | undefined,
    path: string[] = [],
  ): void {
    if (isIdentifier(name)) {
      this.declare(scope, name.text, kind, declaration, { init, destructure: path });
      return;
    }
    if (isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) continue;
        const key = element.propertyName ?? element.name;
        const keyText = isIdentifier(key) || isStringLiteral(key) ? key.text : undefined;
        if (keyText === undefined) continue;
        this.declarePattern(scope, element.name, kind, declaration, init, [...path, keyText]);
      }
      return;
    }
    // Array patterns: positions carry no library meaning we track.
    for (const element of name.elements) {
      if (isBindingElement(element)) this.declarePattern(scope, element.name, kind, declaration, undefined, []);
    }
  }

  declareImport(scope: Scope, node: ts.ImportDeclaration): void {
    if (!isStringLiteral(node.moduleSpecifier) || !node.importClause) return;
    const specifier = node.moduleSpecifier.text;
    const clause = node.importClause;
    if (clause.name) this.declare(scope, clause.name.text, 'import', node, { importSpecifier: specifier, importPath: ['default'] });
    const named = clause.namedBindings;
    if (!named) return;
    if (isNamespaceImport(named)) {
      this.declare(scope, named.name.text, 'import', node, { importSpecifier: specifier, importPath: [] });
    } else {
      for (const element of named.elements) {
        const imported = (element.propertyName ?? element.name).text;
        this.declare(scope, element.name.text, 'import', node, { importSpecifier: specifier, importPath: [imported] });
      }
    }
  }

  recordAssignment(node: ts.BinaryExpression): void {
    this.assignments.push(node);
  }

  /** After the walk, when every declaration is known: attach `x = …` assignments to their bindings. */
  linkAssignments(): void {
    for (const node of this.assignments) {
      if (isIdentifier(node.left)) this.lookup(node.left.text, node)?.assignments.push(node.right);
    }
  }

  // ---- queries --------------------------------------------------------------------------------

  scopeOf(node: ts.Node): Scope {
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      const scope = this.scopes.get(current);
      if (scope) return scope;
    }
    return this.root;
  }

  lookup(name: string, from: ts.Node): Binding | undefined {
    for (let scope: Scope | undefined = this.scopeOf(from); scope; scope = scope.parent) {
      const binding = scope.bindings.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  isModuleLevelBinding(binding: Binding): boolean {
    return binding.scope === this.root;
  }

  moduleValue(specifier: string, path: string[]): Value {
    if (this.isProjectSpecifier(specifier)) return this.projectValue(specifier, path);
    // CommonJS interop: a default import of a CommonJS library is the module object itself.
    const rest = path[0] === 'default' ? path.slice(1) : path;
    return { kind: 'library', module: normaliseModule(specifier), path: rest };
  }

  /** Every rule and the summary ask about the same callees: answer each node once. */
  resolve(expr: ts.Expression, depth = 0): Value {
    const cached = this.nodeValues.get(expr);
    if (cached) return cached;
    const value = this.compute(expr, depth);
    // Values cut short by the depth limit are not final answers.
    if (depth === 0) this.nodeValues.set(expr, value);
    return value;
  }

  private compute(expr: ts.Expression, depth: number): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (expr.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.AwaitExpression:
        return this.resolve((expr as ts.ParenthesizedExpression).expression, next);
      case SyntaxKind.Identifier:
        return this.resolveIdentifier(expr as ts.Identifier, next);
      case SyntaxKind.PropertyAccessExpression: {
        const access = expr as ts.PropertyAccessExpression;
        if (access.expression.kind === SyntaxKind.ThisKeyword) return this.resolveThisMember(access, next);
        return this.member(this.resolve(access.expression, next), access.name.text, next);
      }
      case SyntaxKind.ElementAccessExpression: {
        const access = expr as ts.ElementAccessExpression;
        const key = access.argumentExpression;
        if (isStringLiteralLike(key)) return this.member(this.resolve(access.expression, next), key.text, next);
        return UNKNOWN;
      }
      case SyntaxKind.CallExpression:
        return this.resolveCall(expr as ts.CallExpression, next);
      case SyntaxKind.NewExpression: {
        const creation = expr as ts.NewExpression;
        return this.construct(this.resolve(creation.expression, next), creation);
      }
      case SyntaxKind.BinaryExpression: {
        const binary = expr as ts.BinaryExpression;
        const op = binary.operatorToken.kind;
        if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
          const left = this.resolve(binary.left, next);
          return left.kind === 'unknown' || isNullish(left) ? this.resolve(binary.right, next) : left;
        }
        if (op === SyntaxKind.EqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) {
          return this.resolve(binary.right, next);
        }
        if (op === SyntaxKind.CommaToken) return this.resolve(binary.right, next);
        return { kind: 'expression', node: expr };
      }
      case SyntaxKind.ConditionalExpression: {
        const cond = expr as ts.ConditionalExpression;
        const whenTrue = this.resolve(cond.whenTrue, next);
        return whenTrue.kind === 'unknown' || isNullish(whenTrue) ? this.resolve(cond.whenFalse, next) : whenTrue;
      }
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ArrowFunction:
        return { kind: 'function', node: expr as ts.FunctionExpression };
      case SyntaxKind.ClassExpression:
        return { kind: 'class', node: expr as ts.ClassExpression };
      default:
        return { kind: 'expression', node: expr };
    }
  }

  /**
   * `this.http` inside a class: the field's initializer (`http = axios.create(…)`) or what the
   * constructor assigns (`this.http = axios.create(…)`), when that is the only assignment.
   */
  private resolveThisMember(access: ts.PropertyAccessExpression, depth: number): Value {
    let cls: ts.Node | undefined = access.parent;
    while (cls && !ts.isClassLike(cls)) {
      // A Fastify handler or hook written as a function is called with the instance as `this`.
      if (ts.isFunctionLike(cls) && !isArrowFunction(cls) && this.frameworkHooks.fastifyThis?.(cls)) {
        const answer = this.decoration?.('fastify', access.name.text);
        return answer ? slotValue('fastify', access.name.text, answer) : UNKNOWN;
      }
      // `this` in a plain function is not the class instance.
      if (isFunctionDeclaration(cls) || isFunctionExpression(cls)) return UNKNOWN;
      cls = cls.parent;
    }
    if (!cls || !ts.isClassLike(cls)) return UNKNOWN;
    const name = access.name.text;
    const assigned: ts.Expression[] = [];
    for (const member of cls.members) {
      if (isPropertyDeclaration(member) && propertyNameText(member.name) === name && member.initializer) assigned.push(member.initializer);
    }
    for (const assignment of this.thisAssignments().get(name) ?? []) {
      if (isInsideNode(assignment, cls)) assigned.push(assignment.right);
    }
    return assigned.length === 1 ? this.resolve(assigned[0]!, depth) : UNKNOWN;
  }

  /** `this.x = …` assignments by property name, gathered once per file. */
  private thisAssignmentsByName: Map<string, ts.BinaryExpression[]> | undefined;
  private thisAssignments(): Map<string, ts.BinaryExpression[]> {
    if (!this.thisAssignmentsByName) {
      this.thisAssignmentsByName = new Map();
      for (const assignment of this.assignments) {
        const left = assignment.left;
        if (!isPropertyAccessExpression(left) || left.expression.kind !== SyntaxKind.ThisKeyword) continue;
        const list = this.thisAssignmentsByName.get(left.name.text) ?? [];
        list.push(assignment);
        this.thisAssignmentsByName.set(left.name.text, list);
      }
    }
    return this.thisAssignmentsByName;
  }

  private resolveIdentifier(id: ts.Identifier, depth: number): Value {
    const binding = this.lookup(id.text, id);
    if (!binding) {
      if (id.text === 'undefined') return { kind: 'expression', node: id };
      return KNOWN_GLOBALS.has(id.text) ? { kind: 'library', module: 'global', path: [id.text] } : UNKNOWN;
    }
    return this.resolveBinding(binding, depth);
  }

  resolveBinding(binding: Binding, depth = 0): Value {
    const cached = this.bindingValues.get(binding);
    if (cached) return cached;
    if (this.resolving.has(binding)) return UNKNOWN;
    this.resolving.add(binding);
    let value: Value;
    try {
      value = this.computeBinding(binding, depth);
    } finally {
      this.resolving.delete(binding);
    }
    this.bindingValues.set(binding, value);
    return value;
  }

  private computeBinding(binding: Binding, depth: number): Value {
    switch (binding.kind) {
      case 'import':
        return this.moduleValue(binding.importSpecifier!, binding.importPath!);
      case 'function':
        return { kind: 'function', node: binding.declaration as ts.FunctionDeclaration };
      case 'class':
        return { kind: 'class', node: binding.declaration as ts.ClassDeclaration };
      case 'param':
        return { kind: 'parameter', node: binding.declaration as ts.ParameterDeclaration, name: binding.name, path: binding.destructure };
      case 'var': {
        let value: Value = binding.init ? this.resolve(binding.init, depth) : UNKNOWN;
        // `let pool = null; … pool = new Pool()`: the later assignment says what it holds.
        if ((value.kind === 'unknown' || isNullish(value)) && binding.assignments.length > 0) {
          for (const assigned of binding.assignments) {
            const candidate = this.resolve(assigned, depth);
            if (candidate.kind !== 'unknown' && !isNullish(candidate)) {
              value = candidate;
              break;
            }
          }
        }
        for (const key of binding.destructure) value = this.member(value, key, depth);
        return value;
      }
    }
  }

  private resolveCall(call: ts.CallExpression, depth: number): Value {
    const callee = call.expression;
    const firstArg = call.arguments[0];
    if (callee.kind === SyntaxKind.ImportKeyword) {
      return firstArg && isStringLiteralLike(firstArg) ? this.moduleValue(firstArg.text, []) : UNKNOWN;
    }
    if (isIdentifier(callee) && callee.text === 'require' && !this.lookup('require', callee)) {
      return firstArg && isStringLiteralLike(firstArg) ? this.moduleValue(firstArg.text, []) : UNKNOWN;
    }
    const target = this.resolve(callee, depth);
    // `req.app.get('db')` after `app.set('db', pool)`.
    if (this.decoration && call.arguments.length === 1 && firstArg && isStringLiteralLike(firstArg) && readsSettings(target)) {
      const answer = this.decoration('setting', firstArg.text);
      if (answer) return slotValue('setting', firstArg.text, answer);
    }
    switch (target.kind) {
      case 'library':
        return { kind: 'instance', module: target.module, factory: target.path, path: [], creation: call };
      case 'project':
        return this.projectValue(target.specifier, [...target.path, '()']);
      case 'instance':
      case 'remote-instance':
      case 'object':
      case 'parameter':
      case 'decoration':
        return { ...target, path: [...target.path, '()'] };
      case 'function':
        return this.returnValue(target.node, depth);
      default:
        return UNKNOWN;
    }
  }

  private construct(target: Value, creation: ts.NewExpression): Value {
    switch (target.kind) {
      case 'library':
        return { kind: 'instance', module: target.module, factory: target.path, path: [], creation };
      case 'class':
        return { kind: 'object', classNode: target.node, path: [] };
      case 'project':
        return { ...target, path: [...target.path, 'new()'] };
      default:
        return UNKNOWN;
    }
  }

  member(base: Value, name: string, depth = 0): Value {
    switch (base.kind) {
      case 'library':
        // `require('pg').default` is the module itself under CommonJS interop.
        if (name === 'default' && base.path.length === 0) return base;
        return { ...base, path: [...base.path, name] };
      case 'project':
        return this.projectValue(base.specifier, [...base.path, name]);
      case 'instance':
      case 'remote-instance':
      case 'parameter':
        return this.slotMember(base, name) ?? { ...base, path: [...base.path, name] };
      case 'object':
      case 'decoration':
        return { ...base, path: [...base.path, name] };
      case 'expression': {
        const node = base.node;
        if (isObjectLiteralExpression(node)) {
          for (const prop of node.properties) {
            if (propertyNameText(prop.name) !== name) continue;
            if (isPropertyAssignment(prop)) return this.resolve(prop.initializer, depth + 1);
            if (isShorthandPropertyAssignment(prop)) return this.resolve(prop.name, depth + 1);
            if (isMethodDeclaration(prop)) return { kind: 'function', node: prop };
          }
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** What a local function returns, when every `return` agrees (lazy singletons: `getPool()`). */
  private returnValue(fn: ts.SignatureDeclaration, depth: number): Value {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return UNKNOWN;
    if (body.kind !== SyntaxKind.Block) return this.resolve(body as ts.Expression, depth + 1);
    let result: Value = UNKNOWN;
    for (const returned of this.returnedExpressions(body as ts.Block)) {
      const value = this.resolve(returned, depth + 1);
      if (!isNullish(value)) result = value;
      if (result.kind !== 'unknown') break;
    }
    return result;
  }

  /** The expressions a body's own `return`s give, in source order; gathered once per body (calls to the same local function are resolved many times). */
  private readonly returnsByBody = new Map<ts.Block, ts.Expression[]>();
  private returnedExpressions(body: ts.Block): ts.Expression[] {
    let found = this.returnsByBody.get(body);
    if (found) return found;
    const list: ts.Expression[] = [];
    const { isFunctionLike, isClassLike, forEachChild } = ts;
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node) || isClassLike(node)) return;
      if (node.kind === SyntaxKind.ReturnStatement && (node as ts.ReturnStatement).expression) list.push((node as ts.ReturnStatement).expression!);
      forEachChild(node, visit);
    };
    forEachChild(body, visit);
    found = list;
    this.returnsByBody.set(body, found);
    return found;
  }
}

export function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name) || isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function isNullish(value: Value): boolean {
  if (value.kind !== 'expression') return false;
  const node = value.node;
  return node.kind === SyntaxKind.NullKeyword || (isIdentifier(node) && node.text === 'undefined');
}
