// What the memory and event-loop rules about request bodies and request input share: which
// expression is the incoming request (Express/Node `req`, Koa `ctx.req`, Fastify `request.raw`,
// a Web `Request`), which value a client chose (query, params, body, headers, NestJS `@Query()`…),
// and byte sizes as configuration writes them ('50mb', 10 * 1024 * 1024, Infinity).
// Requests are recognised by the conventional parameter names every framework's docs use; a value
// passed on under another name is not followed (precision first).
import { ts } from '@ts-morph/common';
import type { Value } from '../engine/values';
import type { RuleContext } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

/** Parameter names that hold the incoming request (Express, Fastify, Node http, Next.js). */
const REQUEST_NAMES = new Set(['req', 'request', 'incomingRequest', 'httpRequest']);
/** Koa's and similar frameworks' context parameter. */
const CONTEXT_NAMES = new Set(['ctx', 'context']);
/** Hono's context parameter (`c.req.query('n')`). */
const HONO_NAMES = new Set(['c']);

/** Request fields whose values are strings chosen by the client. */
const STRING_FIELDS = new Set(['query', 'params', 'headers', 'cookies', 'signedCookies']);
/** Request methods that return a string chosen by the client (`req.get('X-Size')`, Hono `c.req.query('n')`). */
const STRING_METHODS = new Set(['get', 'header', 'param', 'query']);

const NEST_INPUT_DECORATORS = new Set(['Query', 'Param', 'Body', 'Headers']);
const NEST_NUMERIC_PIPES = new Set(['ParseIntPipe', 'ParseFloatPipe']);
const NEST_PASS_THROUGH_PIPES = new Set(['DefaultValuePipe', ...NEST_NUMERIC_PIPES]);

export type InputKind = 'string' | 'any';

export interface RequestInput {
  /** 'string' for query/params/headers (they coerce but are never numbers), 'any' for parsed bodies. */
  kind: InputKind;
}

function isFirstOfSeveralParameters(param: ts.ParameterDeclaration): boolean {
  const fn = param.parent;
  return ts.isFunctionLike(fn) && fn.parameters[0] === param && fn.parameters.length >= 2;
}

/**
 * The path taken on the request object by a parameter value: `req.query.n` → ['query', 'n'],
 * `ctx.request.body.x` → ['body', 'x'], `({ query }, res) => query.n` → ['query', 'n'].
 * Undefined when the parameter is not a request by convention.
 */
export function requestPath(value: Value): string[] | undefined {
  if (value.kind !== 'parameter') return undefined;
  const declared = value.node.name;
  if (!ts.isIdentifier(declared)) {
    // `({ query, body }, res) => …`: destructured from a handler's first parameter.
    const head = value.path[0];
    if (head === 'request') return value.path.slice(1);
    if (head !== undefined && (STRING_FIELDS.has(head) || head === 'body') && isFirstOfSeveralParameters(value.node)) return value.path;
    return undefined;
  }
  const name = declared.text;
  if (REQUEST_NAMES.has(name)) return value.path;
  if (CONTEXT_NAMES.has(name)) {
    if (value.path[0] === 'request') return value.path.slice(1);
    // `ctx.body` is Koa's response body, not input; `ctx.req` is the raw Node request.
    if (value.path[0] === 'body') return undefined;
    if (value.path[0] === 'req') return ['raw', ...value.path.slice(1)];
    return value.path;
  }
  if (HONO_NAMES.has(name) && value.path[0] === 'req') return value.path.slice(1);
  return undefined;
}

/** Classifies a path on the request object as client input. */
function inputFromPath(path: readonly string[]): RequestInput | undefined {
  if (path.length < 2 || path[path.length - 1] === 'length') return undefined;
  const [head, second] = path;
  if (head === 'body') return { kind: 'any' };
  if (head === 'json' && second === '()') return path.length >= 3 ? { kind: 'any' } : undefined;
  if (STRING_METHODS.has(head!) && second === '()' && path.length === 2) return { kind: 'string' };
  if (head === 'headers' && second === 'get' && path[2] === '()') return { kind: 'string' };
  if (head === 'formData' && second === '()' && path[2] === 'get' && path[3] === '()') return { kind: 'string' };
  if (head === 'nextUrl' && second === 'searchParams' && path[2] === 'get' && path[3] === '()') return { kind: 'string' };
  if (STRING_FIELDS.has(head!) && second !== '()') return { kind: 'string' };
  return undefined;
}

/** `new URL(req.url)` / `url.parse(req.url, true)`: the creation's first argument is the request URL. */
function parsesRequestUrl(creation: ts.CallExpression | ts.NewExpression, context: RuleContext): boolean {
  const first = creation.arguments?.[0];
  if (!first) return false;
  const path = requestPath(context.resolve(first));
  return path !== undefined && path.length === 1 && path[0] === 'url';
}

function decoratorCall(decorator: ts.Decorator): ts.CallExpression | undefined {
  return ts.isCallExpression(decorator.expression) ? decorator.expression : undefined;
}

/** A NestJS `@Query('n')`, `@Param('id', ParseIntPipe)`, `@Body() body: {…}` parameter, followed by `path`. */
function nestInput(param: ts.ParameterDeclaration, path: readonly string[], context: RuleContext): RequestInput | undefined {
  if (path[path.length - 1] === 'length') return undefined;
  for (const decorator of ts.getDecorators(param) ?? []) {
    const call = decoratorCall(decorator);
    if (!call) continue;
    const callee = context.resolve(call.expression);
    if (callee.kind !== 'library' || callee.module !== '@nestjs/common' || callee.path.length !== 1 || !NEST_INPUT_DECORATORS.has(callee.path[0]!)) continue;
    const kind: InputKind = callee.path[0] === 'Body' ? 'any' : 'string';
    const [field, ...pipes] = call.arguments;
    let numeric = false;
    for (const pipe of field && !ts.isStringLiteralLike(field) ? call.arguments : pipes) {
      const pipeClass = ts.isNewExpression(pipe) ? pipe.expression : pipe;
      const pipeName = ts.isIdentifier(pipeClass) ? pipeClass.text : undefined;
      // A pipe of the project's own may clamp or reject: precision first.
      if (!pipeName || !NEST_PASS_THROUGH_PIPES.has(pipeName)) return undefined;
      if (NEST_NUMERIC_PIPES.has(pipeName)) numeric = true;
    }
    const resultKind: InputKind = numeric ? 'any' : kind;
    if (field && ts.isStringLiteralLike(field)) return { kind: resultKind };
    // `@Query() q`: a DTO class is validated by class-validator rules we cannot see; an inline
    // type or none at all is taken as the raw query object.
    const type = param.type;
    const validated = type !== undefined && ts.isTypeReferenceNode(type) && !/^(Record|Partial)$/.test(type.typeName.getText());
    if (validated || path.length === 0) return undefined;
    return { kind: resultKind };
  }
  return undefined;
}

/** `new URL(req.url, base).searchParams.getAll('id')`: every value of a query parameter, as many as the client sends. */
export function requestUrlList(value: Value, context: RuleContext): boolean {
  return value.kind === 'instance' && value.module === 'global' && value.factory.join('.') === 'URL' && value.path.join('.') === 'searchParams.getAll.()' && parsesRequestUrl(value.creation, context);
}

/** True when the expression holds a value the client chose (query, params, headers, body fields). */
export function requestInput(expr: ts.Expression, context: RuleContext): RequestInput | undefined {
  const value = context.resolve(expr);
  if (value.kind === 'parameter') {
    const nest = ts.getDecorators(value.node) ? nestInput(value.node, value.path, context) : undefined;
    if (nest) return nest;
    const path = requestPath(value);
    return path ? inputFromPath(path) : undefined;
  }
  if (value.kind === 'instance') {
    const search = value.module === 'global' && value.factory.join('.') === 'URL' && value.path.join('.') === 'searchParams.get.()';
    const legacy = value.module === 'url' && value.factory.join('.') === 'parse' && value.path[0] === 'query' && value.path.length === 2;
    if ((search || legacy) && parsesRequestUrl(value.creation, context)) return { kind: 'string' };
  }
  return undefined;
}

/** The incoming request as a Node stream: `req`, `request` (Node/Express/Next pages), `ctx.req`, `request.raw`. */
export function isIncomingStream(expr: ts.Expression, context: RuleContext): boolean {
  const value = context.resolve(expr);
  if (value.kind !== 'parameter' || !ts.isIdentifier(value.node.name)) return false;
  const name = value.node.name.text;
  if (REQUEST_NAMES.has(name)) return value.path.length === 0 || (value.path.length === 1 && value.path[0] === 'raw');
  if (CONTEXT_NAMES.has(name)) return value.path.length === 1 && value.path[0] === 'req';
  return false;
}

const NEXT_ROUTE_EXPORTS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * A Web `Request` (Next.js App Router, Remix, Hono's `c.req.raw`): a parameter typed `Request` /
 * `NextRequest`, or the first parameter of a function exported under an HTTP method name.
 */
export function isWebRequest(expr: ts.Expression, context: RuleContext): boolean {
  const value = context.resolve(expr);
  if (value.kind !== 'parameter' || value.path.length !== 0 || !ts.isIdentifier(value.node.name)) return false;
  const type = value.node.type;
  if (type && ts.isTypeReferenceNode(type)) {
    const typeName = type.typeName.getText();
    return typeName === 'Request' || typeName === 'NextRequest';
  }
  if (type || !REQUEST_NAMES.has(value.node.name.text)) return false;
  const fn = value.node.parent;
  if (!ts.isFunctionLike(fn) || fn.parameters[0] !== value.node) return false;
  const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  return name !== undefined && NEXT_ROUTE_EXPORTS.has(name);
}

// ---- constants and byte sizes ---------------------------------------------------------------------

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

/** A number written as a constant: `5_000`, `-1`, `10 * 1024 * 1024`, `2 ** 20`, `Infinity`, or a local const holding one. */
export function constantNumber(input: ts.Expression | undefined, context: RuleContext, depth = 0): number | undefined {
  if (!input || depth > 8) return undefined;
  const expr = unwrap(input);
  if (ts.isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(expr)) {
    const operand = constantNumber(expr.operand, context, depth + 1);
    if (operand === undefined) return undefined;
    if (expr.operator === SyntaxKind.MinusToken) return -operand;
    if (expr.operator === SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (ts.isBinaryExpression(expr)) {
    const left = constantNumber(expr.left, context, depth + 1);
    const right = constantNumber(expr.right, context, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (expr.operatorToken.kind) {
      case SyntaxKind.AsteriskToken:
        return left * right;
      case SyntaxKind.PlusToken:
        return left + right;
      case SyntaxKind.MinusToken:
        return left - right;
      case SyntaxKind.SlashToken:
        return left / right;
      case SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      default:
        return undefined;
    }
  }
  if (ts.isIdentifier(expr)) {
    const binding = context.lookupBinding(expr.text, expr);
    if (!binding) return expr.text === 'Infinity' ? Infinity : undefined;
    // Only `const x = <constant>`: a `let` may be reassigned on some path.
    const declaration = binding.declaration;
    const isConst = ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst || binding.destructure.length > 0 || !binding.init) return undefined;
    return constantNumber(binding.init, context, depth + 1);
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'Number' && !context.lookupBinding('Number', expr)) {
    if (expr.name.text === 'POSITIVE_INFINITY') return Infinity;
    if (expr.name.text === 'MAX_SAFE_INTEGER' || expr.name.text === 'MAX_VALUE') return Number.MAX_SAFE_INTEGER;
  }
  return undefined;
}

/** A byte size as the `bytes` package reads it (body-parser, koa, Next.js): '50mb', '1.5 GB', a number of bytes. */
export function byteSize(input: ts.Expression | undefined, context: RuleContext, depth = 0): number | undefined {
  if (!input || depth > 8) return undefined;
  const expr = unwrap(input);
  if (ts.isStringLiteralLike(expr)) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(expr.text);
    if (!match) return undefined;
    return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!);
  }
  if (ts.isIdentifier(expr)) {
    const binding = context.lookupBinding(expr.text, expr);
    const declaration = binding?.declaration;
    if (binding && declaration && ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0 && binding.init && binding.destructure.length === 0) {
      return byteSize(binding.init, context, depth + 1);
    }
  }
  return constantNumber(expr, context, depth + 1);
}

/** 52428800 → "50 MB", Infinity → "no limit". */
export function describeBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'no limit';
  const units: [string, number][] = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const amount = bytes / size;
      return `${Number.isInteger(amount) || amount >= 10 ? Math.round(amount) : amount.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** The name of a called function or method: `a.b.c()` → 'c', `f()` → 'f'. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Every node of `root`'s subtree (functions nested in it included) that satisfies `test`. */
export function findAll<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** True when some node in `root`'s subtree satisfies `test`. */
export function some(root: ts.Node, test: (node: ts.Node) => boolean): boolean {
  let hit = false;
  const visit = (node: ts.Node): void => {
    if (hit) return;
    if (test(node)) {
      hit = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return hit;
}

export function isRelationalComparison(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const op = node.operatorToken.kind;
  return op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken;
}

// ---- bodies read by hand ------------------------------------------------------------------------------

/** The function a listener argument refers to: written inline or declared in this file. */
export function listenerFunction(arg: ts.Expression | undefined, context: RuleContext): ts.SignatureDeclaration | undefined {
  if (!arg) return undefined;
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return arg;
  const value = context.resolve(arg);
  return value.kind === 'function' ? value.node : undefined;
}

export function firstParameterName(fn: ts.SignatureDeclaration): string | undefined {
  const first = fn.parameters[0];
  return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
}

/** `chunk` used as data, not only as `chunk.length` (counting bytes is not buffering them). */
function usesAsData(node: ts.Node, name: string): boolean {
  return some(node, (child) => {
    if (!ts.isIdentifier(child) || child.text !== name) return false;
    const parent = child.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child && (parent.name.text === 'length' || parent.name.text === 'byteLength')) return false;
    return !(ts.isPropertyAccessExpression(parent) && parent.name === child);
  });
}

function isNamed(expr: ts.Expression, name: string | undefined): boolean {
  return name === undefined || (ts.isIdentifier(expr) && expr.text === name);
}

/**
 * True when `body` keeps what arrives in `chunk` (in the variable `into`, when given):
 * `data += chunk`, `chunks.push(chunk)`, `buf = Buffer.concat([buf, chunk])`.
 */
export function accumulates(body: ts.Node, chunk: string, into?: string): boolean {
  return some(body, (node) => {
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === SyntaxKind.PlusEqualsToken) return usesAsData(node.right, chunk) && isNamed(node.left, into);
      const right = node.right;
      const appends =
        (ts.isBinaryExpression(right) && right.operatorToken.kind === SyntaxKind.PlusToken) ||
        (ts.isCallExpression(right) && ts.isPropertyAccessExpression(right.expression) && right.expression.name.text === 'concat');
      if (op === SyntaxKind.EqualsToken && appends) return usesAsData(right, chunk) && isNamed(node.left, into);
      return false;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (method === 'push' || method === 'unshift' || (method === 'concat' && into === undefined)) {
        return node.arguments.some((a) => usesAsData(a, chunk)) && isNamed(node.expression.expression, into);
      }
    }
    return false;
  });
}

/** A size check: any comparison, or stopping the stream (`req.destroy()`), inside the accumulating code. */
export function checksSize(body: ts.Node): boolean {
  return some(body, (node) => {
    if (isRelationalComparison(node)) return true;
    return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(destroy|abort|pause|unpipe)$/.test(node.expression.name.text);
  });
}

/** The handler compares the Content-Length header before reading (`if (+req.headers['content-length'] > MAX)`). */
export function checksContentLength(fn: ts.Node | undefined): boolean {
  if (!fn) return false;
  return some(fn, (node) => ts.isStringLiteralLike(node) && node.text.toLowerCase() === 'content-length') && some(fn, isRelationalComparison);
}

/**
 * True when `name` collects the incoming request body with no size check inside `scope`:
 * `req.on('data', c => name += c)` or `for await (const c of req) name.push(c)`.
 */
export function collectsUnboundedBody(scope: ts.Node, name: string, context: RuleContext): boolean {
  if (checksContentLength(scope)) return false;
  return some(scope, (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(on|addListener|prependListener)$/.test(node.expression.name.text)) {
      const [event, listener] = node.arguments;
      if (!event || !ts.isStringLiteralLike(event) || event.text !== 'data' || !isIncomingStream(node.expression.expression, context)) return false;
      const fn = listenerFunction(listener, context);
      const chunk = fn && firstParameterName(fn);
      const body = fn && (fn as ts.FunctionLikeDeclaration).body;
      return !!(chunk && body && accumulates(body, chunk, name) && !checksSize(body));
    }
    if (ts.isForOfStatement(node) && node.awaitModifier && isIncomingStream(node.expression, context) && ts.isVariableDeclarationList(node.initializer)) {
      const declared = node.initializer.declarations[0]?.name;
      return !!(declared && ts.isIdentifier(declared) && accumulates(node.statement, declared.text, name) && !checksSize(node.statement));
    }
    return false;
  });
}

/**
 * Code that runs once per process (or once per cache key) although it sits in a request handler:
 * inside `if (!loaded) { …; loaded = true }` / `if (!cache.has(key)) { cache.set(key, …) }` on
 * module-level state that the branch itself fills in, inside a `listenerCount` check, or the value
 * of `cached ??= …` / `cached ||= …` on a module-level variable.
 */
export function runsOnce(node: ts.Node, context: RuleContext): boolean {
  const moduleVariable = (child: ts.Node): string | undefined => {
    if (!ts.isIdentifier(child)) return undefined;
    const binding = context.lookupBinding(child.text, child);
    return binding !== undefined && binding.kind === 'var' && context.isModuleLevelBinding(binding) ? child.text : undefined;
  };
  const rootName = (expr: ts.Expression): string | undefined => {
    let root = expr;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
    return moduleVariable(root);
  };
  /** The branch fills in one of `names`: `name = …`, `name.x = …`, `name.set(…)`, `name.add(…)`. */
  const fills = (branch: ts.Node, names: Set<string>): boolean =>
    some(branch, (child) => {
      if (ts.isBinaryExpression(child) && child.operatorToken.kind >= SyntaxKind.FirstAssignment && child.operatorToken.kind <= SyntaxKind.LastAssignment) {
        const name = rootName(child.left);
        return name !== undefined && names.has(name);
      }
      if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression) && /^(set|add)$/.test(child.expression.name.text)) {
        const name = rootName(child.expression.expression);
        return name !== undefined && names.has(name);
      }
      return false;
    });
  for (let current: ts.Node = node; current.parent && !ts.isFunctionLike(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current) {
      if (some(parent.expression, (child) => ts.isPropertyAccessExpression(child) && child.name.text === 'listenerCount')) return true;
      const names = new Set<string>();
      some(parent.expression, (child) => {
        const name = moduleVariable(child);
        if (name) names.add(name);
        return false;
      });
      if (names.size > 0 && fills(current, names)) return true;
    }
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const op = parent.operatorToken.kind;
      if ((op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) && rootName(parent.left) !== undefined) return true;
    }
  }
  return false;
}
