// What a call passes, argument by argument, for the call sites the summary keeps (see CallSite):
// the keys of an object literal, request data, a constant, or something else. The callee's file
// asks about them across files ("does any caller pass request data here?", "do the callers'
// options set a timeout?"), so the classification is coarse, stable and cheap.
//
// Request data is recognised the way handlers conventionally name it: `req`/`request` (Express,
// Fastify, Node, Next.js), Koa's `ctx`, a handler's destructured first parameter, and NestJS
// parameter decorators. A value passed on under another name is not followed (precision first).
import { ts } from '@ts-morph/common';
import { propertyNameText, type Binder } from './binder';
import type { ArgumentFact } from './summary';
import type { Value } from './values';

const { SyntaxKind } = ts;

const REQUEST_NAMES = new Set(['req', 'request']);
const CONTEXT_NAMES = new Set(['ctx', 'context']);
/** Fields of a request whose values the client chooses or that differ per user and session. */
const REQUEST_FIELDS = new Set([
  'query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'user', 'session', 'sessionID', 'ip', 'ips',
  'hostname', 'url', 'originalUrl', 'path', 'auth', 'file', 'files', 'state', 'get', 'header', 'param', 'json', 'formData', 'nextUrl',
]);
const NEST_INPUT_DECORATORS = new Set(['Query', 'Param', 'Body', 'Headers', 'Req', 'Request', 'Session', 'Ip', 'HostParam']);
/** Calls that pass their input through (`String(id)`, `encodeURIComponent(q)`). */
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'BigInt']);
/** Methods whose result is their receiver's value, reshaped (`q.trim()`, `id.toString()`). */
const PASS_THROUGH_METHODS = new Set(['toString', 'trim', 'toLowerCase', 'toUpperCase', 'slice', 'substring', 'normalize', 'padStart', 'padEnd', 'replace', 'replaceAll', 'split', 'join', 'at']);

function strip(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) ||
    ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isAwaitExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

export function argumentFact(arg: ts.Expression, binder: Binder): ArgumentFact {
  const expr = strip(arg);
  const object = objectLiteralOf(expr, binder);
  if (object) return objectFact(object);
  if (isConstant(expr)) return { kind: 'literal' };
  if (isRequestDerived(expr, binder, 0) && !checkedAgainstList(expr)) return { kind: 'request' };
  return { kind: 'other' };
}

/**
 * `if (!KINDS.includes(kind)) return …; track(kind)`: the caller lets only listed values through,
 * so what it passes is one of a fixed set, not the client's free choice. Any such check on the
 * same text in the calling function counts (precision first).
 */
function checkedAgainstList(arg: ts.Expression): boolean {
  let fn: ts.Node | undefined = arg.parent;
  while (fn && !ts.isFunctionLike(fn) && !ts.isSourceFile(fn)) fn = fn.parent;
  if (!fn) return false;
  const sourceFile = arg.getSourceFile();
  const text = strip(arg).getText(sourceFile);
  const same = (expr: ts.Expression | undefined): boolean => expr !== undefined && strip(expr).getText(sourceFile) === text;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['includes', 'has', 'indexOf'].includes(node.expression.name.text) && same(node.arguments[0])) found = true;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.InKeyword && same(node.left)) found = true;
    else if (ts.isSwitchStatement(node) && same(node.expression)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** An object literal written here or held by a local variable. */
function objectLiteralOf(expr: ts.Expression, binder: Binder): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(expr)) return expr;
  if (!ts.isIdentifier(expr)) return undefined;
  const value = binder.resolve(expr);
  return value.kind === 'expression' && ts.isObjectLiteralExpression(value.node) ? value.node : undefined;
}

export function objectFact(object: ts.ObjectLiteralExpression): ArgumentFact {
  const keys: string[] = [];
  let open = false;
  for (const prop of object.properties) {
    if (ts.isSpreadAssignment(prop)) {
      open = true;
      continue;
    }
    const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
    if (name === undefined) open = true;
    else keys.push(name);
  }
  return { kind: 'object', keys: keys.sort(), open };
}

function isConstant(expr: ts.Expression): boolean {
  return (
    ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr) || expr.kind === SyntaxKind.TrueKeyword ||
    expr.kind === SyntaxKind.FalseKeyword || expr.kind === SyntaxKind.NullKeyword
  );
}

function isRequestDerived(expr: ts.Expression, binder: Binder, depth: number): boolean {
  if (depth > 6) return false;
  const node = strip(expr);
  const next = depth + 1;
  if (ts.isTemplateExpression(node)) return node.templateSpans.some((span) => isRequestDerived(span.expression, binder, next));
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.PlusToken) {
      return isRequestDerived(node.left, binder, next) || isRequestDerived(node.right, binder, next);
    }
    return false;
  }
  if (ts.isConditionalExpression(node)) return isRequestDerived(node.whenTrue, binder, next) || isRequestDerived(node.whenFalse, binder, next);
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (ts.isIdentifier(callee) && PASS_THROUGH_FUNCTIONS.has(callee.text) && !binder.lookup(callee.text, callee)) {
      return node.arguments[0] !== undefined && isRequestDerived(node.arguments[0], binder, next);
    }
    if (ts.isPropertyAccessExpression(callee) && PASS_THROUGH_METHODS.has(callee.name.text)) return isRequestDerived(callee.expression, binder, next);
  }
  const value = binder.resolve(node);
  if (value.kind === 'parameter') return isRequestParameter(value);
  // A local holding a template or a concatenation: `const key = \`count:${req.query.q}\``.
  if (value.kind === 'expression' && value.node !== node) return isRequestDerived(value.node, binder, next);
  return false;
}

/** `req.query.q`, `ctx.params.id`, `({ body }, res) => body.x`, `@Query('q') q`. */
function isRequestParameter(value: Extract<Value, { kind: 'parameter' }>): boolean {
  const param = value.node;
  const decorated = (ts.canHaveDecorators(param) ? (ts.getDecorators(param) ?? []) : []).some((d) => {
    const call = d.expression;
    const callee = ts.isCallExpression(call) ? call.expression : call;
    return ts.isIdentifier(callee) && NEST_INPUT_DECORATORS.has(callee.text);
  });
  if (decorated) return true;
  const path = value.path;
  if (!ts.isIdentifier(param.name)) {
    const fn = param.parent;
    const firstOfSeveral = ts.isFunctionLike(fn) && fn.parameters[0] === param && fn.parameters.length >= 2;
    return firstOfSeveral && path.length > 0 && REQUEST_FIELDS.has(path[0]!);
  }
  const name = param.name.text;
  if (REQUEST_NAMES.has(name)) return path.length > 0 && REQUEST_FIELDS.has(path[0]!);
  if (CONTEXT_NAMES.has(name)) {
    const rest = path[0] === 'request' || path[0] === 'req' ? path.slice(1) : path;
    return rest.length > 0 && REQUEST_FIELDS.has(rest[0]!) && !(path[0] !== 'request' && rest[0] === 'body');
  }
  return false;
}
