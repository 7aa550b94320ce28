// no-module-state-per-request: a module-level Map/Set/object/array (or a field of a NestJS
// singleton) that the request path grows by one entry per user, session or request, and that
// nothing in the file ever shrinks: an in-memory session store or cache that leaks and is not
// shared between processes.
import { ts } from '@ts-morph/common';
import type { Binding } from '../engine/binder';
import { propertyNameText } from '../engine/binder';
import { REFERENCE_USERS } from '../engine/library-defaults';
import { formatNumber, nodeText } from './utils';
import type { RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

type CollectionKind = 'Map' | 'Set' | 'object' | 'array';

/** A long-lived collection: a module-level binding, or `this.<field>` of a singleton class. */
interface Collection {
  kind: CollectionKind;
  name: string;
  where: 'module' | 'singleton';
  binding?: Binding;
  cls?: ts.ClassLikeDeclaration;
  field?: string;
}

/** What one reference to the collection does to it. */
type Use = 'grow' | 'shrink' | 'read' | 'escape';

const GROW_METHODS: Record<CollectionKind, ReadonlySet<string>> = {
  Map: new Set(['set']),
  Set: new Set(['add']),
  array: new Set(['push', 'unshift']),
  object: new Set(),
};
const SHRINK_METHODS = new Set(['delete', 'clear', 'shift', 'pop', 'splice']);
/** Functions that only read the collection passed to them. */
const READING_CALLS = new Set(['JSON.stringify', 'Array.from', 'Object.keys', 'Object.values', 'Object.entries', 'Array.isArray']);
const COMPARISONS = new Set([
  SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken,
  SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken,
]);
const ASSIGNMENTS = new Set([SyntaxKind.EqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken]);
const COMPOUND_ASSIGNMENTS = new Set([SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken]);
/** NestJS decorators whose classes are singletons unless given another scope. */
const NEST_SINGLETON_DECORATORS = new Set(['Injectable', 'Controller', 'Resolver']);
/** A parameter whose bare value is per-user data: `userId`, `sessionId`, `token`, `ip`, `email`… */
const PER_USER_NAME = /(^|[a-z0-9_])(Id|Ids|Token|Sid|Session|User|Ip|Email|Account|Client|Customer|Tenant|Visitor|Device)$|^(id|ids|token|sid|session|sessionid|user|userid|uid|ip|email|account|client|clientid|customer|tenant|visitor|device|socket)$/;
/** Request-like roots and per-user segments of a property chain: `req.session.id`, `ctx.state.user`, `socket.id`. */
const REQUEST_ROOT = /^(req|request|ctx|context|socket|ws|client|conn|connection|event|evt|message|msg|job)$/i;
const PER_USER_SEGMENT = /^(id|_id|ip|ips|sid|session|sessionId|sessionID|user|userId|uid|email|token|headers|cookies|signedCookies|query|params|body|account|accountId|clientId|customerId|tenantId|deviceId)$/;
/** Request fields with a small fixed set of values: `req.method`, `req.route.path` (the pattern, not the URL). */
const FIXED_REQUEST_FIELD = /^(method|protocol|httpVersion|secure|route|routerPath|routeOptions|routeConfig|statusCode)$/;

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

/** `new Map()`, `new Set()`, `{}`, `[]`, `Object.create(null)`; WeakMap/WeakSet and library caches are not collections we track. */
function collectionKind(init: ts.Expression | undefined, context: RuleContext): CollectionKind | undefined {
  if (!init) return undefined;
  const expr = strip(init);
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && !context.lookupBinding(expr.expression.text, expr)) {
    if (expr.expression.text === 'Map') return 'Map';
    if (expr.expression.text === 'Set') return 'Set';
    return undefined;
  }
  if (ts.isObjectLiteralExpression(expr)) return 'object';
  if (ts.isArrayLiteralExpression(expr)) return 'array';
  if (ts.isCallExpression(expr) && nodeText(expr.expression, context.sourceFile) === 'Object.create' && expr.arguments[0]?.kind === SyntaxKind.NullKeyword) return 'object';
  return undefined;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** A NestJS provider or controller in the default (singleton) scope. */
function isSingletonClass(cls: ts.ClassLikeDeclaration): boolean {
  const decorators = ts.canHaveDecorators(cls) ? (ts.getDecorators(cls) ?? []) : [];
  return decorators.some((d) => {
    const expr = d.expression;
    if (!ts.isCallExpression(expr)) return false;
    const callee = expr.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (!NEST_SINGLETON_DECORATORS.has(name)) return false;
    // `@Injectable({ scope: Scope.REQUEST })`: one instance per request, not shared.
    return !expr.arguments.some((arg) => ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => propertyNameText(p.name) === 'scope'));
  });
}

/** The class whose instance `this` is at `node` (arrow functions keep it; plain functions do not). */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** The long-lived collection `receiver` names, if it is one. */
function collectionOf(receiver: ts.Expression, context: RuleContext): Collection | undefined {
  const expr = strip(receiver);
  if (ts.isIdentifier(expr)) {
    const binding = context.lookupBinding(expr.text, expr);
    if (!binding || binding.kind !== 'var' || !context.isModuleLevelBinding(binding) || binding.destructure.length > 0) return undefined;
    const declaration = binding.declaration;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
    const statement = declaration.parent?.parent;
    // Exported: another file may clear it, which this file cannot see.
    if (statement && ts.isVariableStatement(statement) && hasModifier(statement, SyntaxKind.ExportKeyword)) return undefined;
    const kind = collectionKind(declaration.initializer, context);
    return kind ? { kind, name: expr.text, where: 'module', binding } : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === SyntaxKind.ThisKeyword) {
    const cls = thisClass(expr);
    if (!cls || !isSingletonClass(cls)) return undefined;
    const field = expr.name.text;
    const declaration = cls.members.find(
      (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && propertyNameText(m.name) === field && !hasModifier(m, SyntaxKind.StaticKeyword),
    );
    const kind = collectionKind(declaration?.initializer, context);
    return kind ? { kind, name: `this.${field}`, where: 'singleton', cls, field } : undefined;
  }
  return undefined;
}

/** Every expression in the file that refers to the collection. */
function referencesOf(collection: Collection, context: RuleContext): ts.Expression[] {
  const found: ts.Expression[] = [];
  if (collection.binding) {
    const binding = collection.binding;
    const declarationName = (binding.declaration as ts.VariableDeclaration).name;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === binding.name && node !== declarationName) {
        if (!isPropertyName(node) && context.lookupBinding(node.text, node) === binding) found.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(context.sourceFile);
  } else if (collection.cls && collection.field) {
    const cls = collection.cls;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && node.name.text === collection.field && thisClass(node) === cls) {
        found.push(node);
      }
      ts.forEachChild(node, visit);
    };
    for (const member of cls.members) visit(member);
  }
  return found;
}

/** The expression a reference stands in, past parentheses and `!`/`as`. */
function outermost(ref: ts.Expression): ts.Expression {
  let node: ts.Expression = ref;
  while (
    (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) &&
    node.parent.expression === node
  ) {
    node = node.parent;
  }
  return node;
}

function isAssignmentTarget(node: ts.Expression, operators: ReadonlySet<ts.SyntaxKind>): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && operators.has(parent.operatorToken.kind);
}

function isIncrement(node: ts.Expression): boolean {
  const parent = node.parent;
  return (ts.isPostfixUnaryExpression(parent) || ts.isPrefixUnaryExpression(parent)) &&
    (parent.operator === SyntaxKind.PlusPlusToken || parent.operator === SyntaxKind.MinusMinusToken);
}

/** `map.size > MAX`, `MAX <= list.length`: a size check that bounds the collection. */
function isBoundCheck(sizeAccess: ts.Expression): boolean {
  const parent = sizeAccess.parent;
  if (!ts.isBinaryExpression(parent) || !COMPARISONS.has(parent.operatorToken.kind)) return false;
  const other = parent.left === sizeAccess ? parent.right : parent.left;
  // `if (cache.size === 0)` tests emptiness, not a cap.
  return !(ts.isNumericLiteral(other) && Number(other.text) <= 1);
}

function classifyUse(ref: ts.Expression, collection: Collection, context: RuleContext): Use {
  const node = outermost(ref);
  const parent = node.parent;
  if (isAssignmentTarget(node, ASSIGNMENTS)) return 'shrink'; // reset: `cache = new Map()`, `list = list.filter(…)`
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const name = parent.name.text;
    const call = parent.parent;
    if (ts.isCallExpression(call) && call.expression === parent) {
      if (SHRINK_METHODS.has(name)) return 'shrink';
      if (GROW_METHODS[collection.kind].has(name)) return 'grow';
      return 'read';
    }
    if (ts.isDeleteExpression(parent.parent)) return 'shrink';
    if (name === 'size' || name === 'length') {
      if (isAssignmentTarget(parent, ASSIGNMENTS)) return 'shrink'; // `queue.length = 0`
      if (isBoundCheck(parent)) return 'shrink';
    }
    return 'read';
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === node) {
    if (ts.isDeleteExpression(parent.parent)) return 'shrink';
    if (collection.kind === 'object' && (isAssignmentTarget(parent, ASSIGNMENTS) || isAssignmentTarget(parent, COMPOUND_ASSIGNMENTS) || isIncrement(parent))) return 'grow';
    return 'read';
  }
  if (ts.isForOfStatement(parent) && parent.expression === node) return 'read';
  if (ts.isForInStatement(parent) && parent.expression === node) return 'read';
  if (ts.isSpreadElement(parent) || ts.isTypeOfExpression(parent) || ts.isTemplateSpan(parent)) return 'read';
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === SyntaxKind.InKeyword) return 'read';
  if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
    const callee = nodeText(parent.expression, context.sourceFile);
    if (READING_CALLS.has(callee) || callee.startsWith('console.')) return 'read';
  }
  // Passed to a function, returned, stored elsewhere, exported: something we cannot see may clear it.
  return 'escape';
}

type Origin = 'dynamic' | 'fixed' | 'unknown';

/** Parameters whose value made a key 'unknown' only because their callers decide it. */
type OpenParameters = Set<ts.ParameterDeclaration>;

function combine(origins: Origin[]): Origin {
  if (origins.includes('dynamic')) return 'dynamic';
  if (origins.includes('unknown')) return 'unknown';
  return 'fixed';
}

/** Calls that return a fresh value every time: a new session id, a timestamp. */
function isFreshIdCall(call: ts.CallExpression, context: RuleContext): boolean {
  const value = context.resolve(call.expression);
  if (value.kind === 'library') {
    const name = value.path[value.path.length - 1];
    if (value.module === 'crypto' && (name === 'randomUUID' || name === 'randomBytes')) return true;
    if (value.module === 'uuid' && name !== undefined && /^v[1467]$/.test(name)) return true;
    if ((value.module === 'nanoid' && name === 'nanoid') || value.module === 'cuid' || value.module === 'ulid' || (value.module === '@paralleldrive/cuid2' && name === 'createId')) return true;
  }
  const text = nodeText(call.expression, context.sourceFile);
  const root = text.split('.')[0]!;
  return ['crypto.randomUUID', 'Date.now', 'Math.random', 'crypto.getRandomValues'].includes(text) && !context.lookupBinding(root, call);
}

/**
 * A fixed list to check a key against: an array or object literal, a `Set` of literals, an
 * import, or a module-level constant holding one of those (never the collection being grown).
 */
function isFixedList(expr: ts.Expression, context: RuleContext, collectionText: string, depth = 0): boolean {
  if (depth > 4) return false;
  const node = strip(expr);
  if (nodeText(node, context.sourceFile) === collectionText) return false;
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isPropertyAccessExpression(e));
  if (ts.isObjectLiteralExpression(node)) return node.properties.length > 0;
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Set') {
    const arg = node.arguments?.[0];
    return arg !== undefined && isFixedList(arg, context, collectionText, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (!binding || !context.isModuleLevelBinding(binding)) return false;
    if (binding.kind === 'import') return true;
    const declaration = binding.declaration;
    const isConst = ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return binding.kind === 'var' && isConst && binding.init !== undefined && binding.destructure.length === 0 && isFixedList(binding.init, context, collectionText, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node)) {
    let root: ts.Expression = node;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root)) return false;
    const binding = context.lookupBinding(root.text, root);
    return binding !== undefined && context.isModuleLevelBinding(binding) && (binding.kind === 'import' || binding.kind === 'var');
  }
  if (ts.isCallExpression(node) && ['Object.keys', 'Object.values', 'Object.freeze'].includes(nodeText(node.expression, context.sourceFile))) {
    const arg = node.arguments[0];
    return arg !== undefined && isFixedList(arg, context, collectionText, depth + 1);
  }
  return false;
}

/** `if (!PLANS.includes(plan)) return …` / `ALLOWED.has(kind)` / `kind in LIMITS` in the function: the key is one of a fixed set. */
function checkedAgainstFixedList(key: ts.Expression, collectionText: string, context: RuleContext): boolean {
  const fn = context.enclosingFunction(key);
  if (!fn) return false;
  const keyText = nodeText(key, context.sourceFile);
  const sameKey = (expr: ts.Expression | undefined): boolean => expr !== undefined && nodeText(strip(expr), context.sourceFile) === keyText;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['includes', 'has', 'indexOf'].includes(node.expression.name.text)) {
      if (sameKey(node.arguments[0]) && isFixedList(node.expression.expression, context, collectionText)) found = true;
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.InKeyword) {
      if (sameKey(node.left) && isFixedList(node.right, context, collectionText)) found = true;
    } else if (ts.isSwitchStatement(node) && sameKey(node.expression)) {
      // Every case a literal and the default leaves: only the listed values get through.
      const clauses = node.caseBlock.clauses;
      found = clauses.every((c) => !ts.isCaseClause(c) || ts.isStringLiteralLike(c.expression)) &&
        clauses.some((c) => ts.isDefaultClause(c) && c.statements.some((s) => ts.isReturnStatement(s) || ts.isThrowStatement(s)));
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isMethodDeclaration(parent) && parent.name === node) ||
    (ts.isPropertyDeclaration(parent) && parent.name === node);
}

const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'flatMap', 'reduce', 'some', 'every', 'find']);

/** The element parameter of `list.forEach((item) => …)`: as per-user as the list is. */
function elementOrigin(param: ts.ParameterDeclaration, context: RuleContext, depth: number, open?: OpenParameters): Origin | undefined {
  const fn = param.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== param) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression) || !ITERATING_METHODS.has(call.expression.name.text)) return undefined;
  const list = call.expression.expression;
  return isFixedList(list, context, '') ? 'fixed' : keyOrigin(list, context, depth + 1, open);
}

/** Where a parameter's value comes from, judged by the calls to its function in this file, or its name. */
function parameterOrigin(param: ts.ParameterDeclaration, name: string, context: RuleContext, depth: number, open?: OpenParameters): Origin {
  // `req`, `ctx`, `socket` themselves: whatever is read from them is the client's.
  if (REQUEST_ROOT.test(name)) return 'dynamic';
  const element = elementOrigin(param, context, depth, open);
  if (element) return element;
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  let fnName: ts.Identifier | undefined;
  if (ts.isFunctionDeclaration(fn) && fn.name) fnName = fn.name;
  else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) fnName = fn.parent.name;
  if (fnName && ts.isIdentifier(param.name)) {
    const binding = context.lookupBinding(fnName.text, fnName);
    const origins: Origin[] = [];
    let escapes = false;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === fnName!.text && node !== fnName && !isPropertyName(node) && context.lookupBinding(node.text, node) === binding) {
        const parent = node.parent;
        if (ts.isCallExpression(parent) && parent.expression === node) {
          const arg = parent.arguments[index];
          origins.push(arg ? keyOrigin(arg, context, depth + 1, open) : 'fixed');
        } else {
          escapes = true; // exported or passed around: called from elsewhere too
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(context.sourceFile);
    const isExported = hasModifier(fn, SyntaxKind.ExportKeyword) || (ts.isVariableDeclaration(fn.parent) && hasModifier(fn.parent.parent.parent, SyntaxKind.ExportKeyword));
    if (origins.length > 0 && !escapes && !isExported) return combine(origins);
    if (origins.includes('dynamic')) return 'dynamic';
  }
  if (PER_USER_NAME.test(name)) return 'dynamic';
  // What flows in is decided by callers this file may not see (another file calls the function):
  // the finding can still be kept when one of them passes request data (see CallerCondition).
  open?.add(param);
  return 'unknown';
}

/**
 * Whether a key differs per user, session or request ('dynamic'), is one of a fixed set
 * ('fixed'), or cannot be told ('unknown', never reported).
 */
function keyOrigin(expr: ts.Expression, context: RuleContext, depth = 0, open?: OpenParameters): Origin {
  if (depth > 8) return 'unknown';
  const node = strip(expr);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || node.kind === SyntaxKind.TrueKeyword || node.kind === SyntaxKind.FalseKeyword || node.kind === SyntaxKind.NullKeyword) {
    return 'fixed';
  }
  if (ts.isTemplateExpression(node)) return combine(node.templateSpans.map((s) => keyOrigin(s.expression, context, depth + 1, open)));
  if (ts.isAwaitExpression(node)) return keyOrigin(node.expression, context, depth + 1, open);
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    // `nextId++`: a new key on every call.
    if (node.operator === SyntaxKind.PlusPlusToken || node.operator === SyntaxKind.MinusMinusToken) return 'dynamic';
    return keyOrigin(node.operand, context, depth + 1, open);
  }
  if (ts.isBinaryExpression(node)) return combine([keyOrigin(node.left, context, depth + 1, open), keyOrigin(node.right, context, depth + 1, open)]);
  if (ts.isConditionalExpression(node)) return combine([keyOrigin(node.whenTrue, context, depth + 1, open), keyOrigin(node.whenFalse, context, depth + 1, open)]);
  if (ts.isCallExpression(node)) {
    if (isFreshIdCall(node, context)) return 'dynamic';
    const parts: Origin[] = node.arguments.map((a) => keyOrigin(a, context, depth + 1, open));
    if (ts.isPropertyAccessExpression(node.expression)) parts.push(keyOrigin(node.expression.expression, context, depth + 1, open));
    const origin = combine(parts);
    // `getKey()`: what it returns is unknown; `hash(userId)`, `userId.toString()`: follows its input.
    return origin === 'dynamic' ? 'dynamic' : 'unknown';
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const segments: string[] = [];
    let root: ts.Expression = node;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isNonNullExpression(root) || ts.isParenthesizedExpression(root)) {
      if (ts.isPropertyAccessExpression(root)) segments.unshift(root.name.text);
      else if (ts.isElementAccessExpression(root)) {
        if (ts.isStringLiteralLike(root.argumentExpression)) segments.unshift(root.argumentExpression.text);
        else if (keyOrigin(root.argumentExpression, context, depth + 1, open) === 'dynamic') return 'dynamic';
      }
      root = root.expression;
    }
    if (root.kind === SyntaxKind.ThisKeyword) return 'unknown';
    if (!ts.isIdentifier(root)) return keyOrigin(root, context, depth + 1, open);
    const binding = context.lookupBinding(root.text, root);
    if (!binding) return 'fixed'; // a global: `process.env.CACHE_KEY`
    if (context.isModuleLevelBinding(binding)) return binding.kind === 'var' || binding.kind === 'import' ? 'fixed' : 'unknown';
    if (segments.some((s) => FIXED_REQUEST_FIELD.test(s))) return 'fixed';
    if (binding.kind === 'param') {
      // `token.name` of a lexer is not a session token: a chain is judged by its root and segments only.
      const perUser = REQUEST_ROOT.test(root.text) || segments.some((s) => PER_USER_SEGMENT.test(s));
      if (perUser) return 'dynamic';
      const element = elementOrigin(binding.declaration as ts.ParameterDeclaration, context, depth, open);
      return element ?? 'unknown';
    }
    return identifierOrigin(root, binding, context, depth, open);
  }
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (!binding) return node.text === 'undefined' ? 'fixed' : 'unknown';
    return identifierOrigin(node, binding, context, depth, open);
  }
  return 'unknown';
}

function identifierOrigin(id: ts.Identifier, binding: Binding, context: RuleContext, depth: number, open?: OpenParameters): Origin {
  if (context.isModuleLevelBinding(binding)) return binding.kind === 'var' || binding.kind === 'import' ? 'fixed' : 'unknown';
  // `const { method } = req`: one of a handful of values.
  if (binding.destructure.some((s) => FIXED_REQUEST_FIELD.test(s))) return 'fixed';
  if (binding.kind === 'param') {
    const param = binding.declaration as ts.ParameterDeclaration;
    // Destructured request data: `({ params: { id } }) => …`.
    if (binding.destructure.length > 0) return binding.destructure.some((s) => PER_USER_SEGMENT.test(s)) || PER_USER_NAME.test(id.text) ? 'dynamic' : 'unknown';
    return parameterOrigin(param, id.text, context, depth, open);
  }
  if (binding.kind !== 'var') return 'unknown';
  const declaration = binding.declaration;
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    const loop = list?.parent;
    // `for (const plan of PLANS)`: one of a fixed list; `for (const id of req.body.ids)`: request data.
    if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === list) {
      return isFixedList(loop.expression, context, '') ? 'fixed' : keyOrigin(loop.expression, context, depth + 1, open);
    }
  }
  const sources = [binding.init, ...binding.assignments].filter((e): e is ts.Expression => e !== undefined);
  if (sources.length === 0) return 'unknown';
  return combine(sources.map((s) => keyOrigin(s, context, depth + 1, open)));
}

export const rule: RuleModule = {
  meta: {
    id: 'no-module-state-per-request',
    category: 'shared-state',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      growsPerUser:
        '`{{name}}` is a {{where}} {{kind}} that gains an entry for every distinct `{{key}}` and nothing in this file ever removes one (no delete/clear, no size cap, no expiry): {{users}} users leave {{users}} entries × their size, and it keeps growing until the process restarts or runs out of memory. Each process also holds its own copy, so behind a load balancer (cluster, PM2, several containers) a user\'s next request may land on a process that never saw the entry. Keep this state in a shared store with expiry (Redis with a TTL, the database), or bound it (lru-cache with max and ttl).',
      growsPerCallerKey:
        '`{{name}}` is a {{where}} {{kind}} that gains an entry for every distinct `{{key}}`, and callers fill {{params}} from request data; nothing in this file ever removes an entry (no delete/clear, no size cap, no expiry): {{users}} users leave {{users}} entries × their size, and it keeps growing until the process restarts or runs out of memory. Each process also holds its own copy, so behind a load balancer a user\'s next request may land on a process that never saw the entry. Keep this state in a shared store with expiry (Redis with a TTL, the database), or bound it (lru-cache with max and ttl).',
      growsPerRequest:
        '`{{name}}` is a {{where}} array that every request appends to and nothing in this file ever trims: {{users}} users × their requests, kept forever, until the process runs out of memory; and each process keeps its own part of it. Cap it (`if ({{name}}.length > 1000) {{name}}.shift()`), flush it periodically, or send the data where it belongs (a log, a queue, a metrics client).',
    },
    docs: {
      description:
        'Reports module-level `Map`/`Set`/object/array state (and fields of NestJS singleton providers) that request handlers grow per user, session or request while nothing ever removes entries.',
      rationale: [
        'A `Map` at module level lives as long as the process. When a request handler adds an entry keyed by the session, the user or the client (`sessions.set(sid, …)`, `hits[req.ip] = …`) and nothing ever deletes or caps it, every distinct visitor leaves an entry behind: 1,000 users × a 2 KB session object is 2 MB that never comes back, every bot and every expired session included, until the heap limit (about 2–4 GB by default) kills the process.',
        'It is also wrong as soon as there is more than one process. Cluster mode, PM2 or a second container each hold their own copy, so behind a load balancer a user who logged in on one process is unknown to the next one, rate limits are per process instead of per user, and every deploy empties the state.',
        'Keep per-user state in a shared store with expiry (Redis with a TTL, the database) or, for a process-local cache, use a bounded one (`lru-cache` with `max` and `ttl`).',
        'Not reported: collections that something removes from or caps anywhere in the file (`delete`, `clear`, `shift`, `splice`, a reset `x = new Map()`, a `size`/`length` check), keys from a fixed set (literals, constants, values checked against a fixed list), writes done only at startup, `WeakMap`/`WeakSet`, library caches, and collections exported or passed to other code (something else may clean them).',
      ].join('\n\n'),
      bad: [
        "const { randomUUID } = require('crypto');",
        '',
        'const sessions = new Map();',
        '',
        "app.post('/login', async (req, res) => {",
        '  const user = await users.verify(req.body.email, req.body.password);',
        '  const sid = randomUUID();',
        '  sessions.set(sid, { userId: user.id, createdAt: Date.now() });',
        "  res.cookie('sid', sid, { httpOnly: true }).sendStatus(204);",
        '});',
      ].join('\n'),
      good: [
        "const { randomUUID } = require('crypto');",
        '',
        "app.post('/login', async (req, res) => {",
        '  const user = await users.verify(req.body.email, req.body.password);',
        '  const sid = randomUUID();',
        '  // Shared by every process, and expires on its own.',
        "  await redis.set(`session:${sid}`, JSON.stringify({ userId: user.id }), 'EX', 60 * 60 * 24);",
        "  res.cookie('sid', sid, { httpOnly: true }).sendStatus(204);",
        '});',
      ].join('\n'),
      whenNotToUse:
        'A single-process tool with a known, small set of users can keep state in memory. If entries are removed by code in another file (the collection is exported), the rule already stays quiet; if they are removed in a way it cannot see, disable it for that line.',
    },
  },
  create(context) {
    const verdicts = new Map<string, boolean>();
    /** True when nothing in the file shrinks, caps, resets or hands out the collection. */
    const growsWithoutBound = (collection: Collection): boolean => {
      const id = collection.binding ? `b:${collection.binding.name}:${collection.binding.declaration.pos}` : `f:${collection.cls!.pos}:${collection.field}`;
      let verdict = verdicts.get(id);
      if (verdict === undefined) {
        const uses = referencesOf(collection, context).map((ref) => classifyUse(ref, collection, context));
        verdict = !uses.includes('shrink') && !uses.includes('escape');
        verdicts.set(id, verdict);
      }
      return verdict;
    };

    const check = (collection: Collection, receiver: ts.Expression, reportAt: ts.Node, key: ts.Expression | undefined): void => {
      if (context.isModuleLevel(reportAt) || !growsWithoutBound(collection)) return;
      const data = {
        name: collection.name,
        where: collection.where === 'module' ? 'module-level' : 'singleton-service',
        kind: collection.kind,
        users: formatNumber(REFERENCE_USERS),
      };
      if (collection.kind === 'array') {
        context.report({ node: reportAt, messageId: 'growsPerRequest', data });
        return;
      }
      if (!key) return;
      const open: OpenParameters = new Set();
      const origin = keyOrigin(key, context, 0, open);
      if (origin === 'fixed' || (origin === 'unknown' && open.size === 0)) return;
      if (checkedAgainstFixedList(strip(key), nodeText(strip(receiver), context.sourceFile), context)) return;
      const keyText = nodeText(strip(key), context.sourceFile);
      if (origin === 'dynamic') {
        context.report({ node: reportAt, messageId: 'growsPerUser', data: { ...data, key: keyText } });
        return;
      }
      // `remember(userId, v) { cache.set(userId, v) }` called with request data from another file:
      // kept only when some caller the project holds passes request data for the key's parameter.
      const fns = new Set([...open].map((param) => param.parent));
      if (origin !== 'unknown' || fns.size !== 1) return;
      const fn = [...fns][0]!;
      if (!ts.isFunctionLike(fn)) return;
      const indexes = [...open].map((param) => fn.parameters.indexOf(param));
      context.report({
        node: reportAt,
        messageId: 'growsPerCallerKey',
        data: { ...data, key: keyText, params: [...open].map((p) => `\`${p.name.getText(context.sourceFile)}\``).join(', ') },
        callers: [{ kind: 'passes-request', fn, indexes }],
      });
    };

    return {
      CallExpression: (call) => {
        const callee = call.expression;
        if (!ts.isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method !== 'set' && method !== 'add' && method !== 'push' && method !== 'unshift') return;
        const collection = collectionOf(callee.expression, context);
        if (collection && GROW_METHODS[collection.kind].has(method)) check(collection, callee.expression, callee, call.arguments[0]);
      },
      ElementAccessExpression: (access) => {
        const parent = access.parent;
        const writes =
          (ts.isBinaryExpression(parent) && parent.left === access && (ASSIGNMENTS.has(parent.operatorToken.kind) || COMPOUND_ASSIGNMENTS.has(parent.operatorToken.kind))) ||
          isIncrement(access);
        if (!writes) return;
        const collection = collectionOf(access.expression, context);
        if (collection?.kind === 'object') check(collection, access.expression, access, access.argumentExpression);
      },
    };
  },
};
