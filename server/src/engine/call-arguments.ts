// What a call passes, argument by argument, for the call sites the summary keeps (see CallSite):
// the keys of an object literal, request data, a constant, or something else. The callee's file
// asks about them across files ("does any caller pass request data here?", "do the callers'
// options set a timeout?"), so the classification is coarse, stable and cheap.
//
// Request data is recognised the way handlers conventionally name it: `req`/`request` (Express,
// Fastify, Node, Next.js), Koa's `ctx`, a handler's destructured first parameter, NestJS
// parameter decorators, and the query of `new URL(req.url, base)`. A value passed on under
// another name is not followed (precision first). A request value keeps the field it came from
// (`body`, `query`…) and whether the caller caps it (compares it or its length, clamps it in a
// ternary, registers the handler behind a validator, or hands a NestJS parameter through a pipe of
// its own), so rules can ask for the client's own, unchecked data. A callee may read one property
// of what it is given (`query.limit`): the request value also keeps the properties the caller
// compares or assigns, and an object literal the keys that hold uncapped request data.
import { ts } from '@ts-morph/common';
import { propertyNameText, type Binder } from './binder';
import type { ArgumentFact } from './summary';
import { VALIDATION_MODULES } from './validation-schemas';
import type { Value } from './values';

const { SyntaxKind, canHaveDecorators, getDecorators, isArrayLiteralExpression, isBinaryExpression, isCallExpression, isConditionalExpression, isElementAccessExpression, isFunctionLike, isIdentifier, isNewExpression, isNumericLiteral, isObjectBindingPattern, isObjectLiteralExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSourceFile, isSpreadAssignment, isStringLiteral, isStringLiteralLike, isTemplateExpression, isTypeReferenceNode } = ts;

const REQUEST_NAMES = new Set(['req', 'request']);
const CONTEXT_NAMES = new Set(['ctx', 'context']);
/** Fields of a request whose values the client chooses or that differ per user and session. */
const REQUEST_FIELDS = new Set([
  'query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'user', 'session', 'sessionID', 'ip', 'ips',
  'hostname', 'url', 'originalUrl', 'path', 'auth', 'file', 'files', 'state', 'get', 'header', 'param', 'json', 'formData', 'nextUrl',
]);
/** NestJS parameter decorators and the request field each one hands over ('' for the whole request). */
const NEST_INPUT_DECORATORS = new Map([
  ['Query', 'query'], ['Param', 'params'], ['Body', 'body'], ['Headers', 'headers'], ['Req', ''], ['Request', ''],
  ['Session', 'session'], ['Ip', 'ip'], ['HostParam', 'hostname'], ['UploadedFile', 'file'], ['UploadedFiles', 'files'],
]);
/** Middleware that validates a route's input before its handler runs (`validate(schema)`, `celebrate({…})`). */
const VALIDATOR_MIDDLEWARE = /valid|celebrate|schema|sanitiz/i;
/** Calls that pass their input through (`String(id)`, `encodeURIComponent(q)`). */
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'BigInt']);
/** Methods whose result is their receiver's value, reshaped (`q.trim()`, `id.toString()`). */
const PASS_THROUGH_METHODS = new Set(['toString', 'trim', 'toLowerCase', 'toUpperCase', 'slice', 'substring', 'normalize', 'padStart', 'padEnd', 'replace', 'replaceAll', 'split', 'join', 'at']);

function strip(expr: ts.Expression): ts.Expression {
  // Kind checks rather than `ts.isX`: every `ts.X` is a getter call, and this runs per argument of every call.
  for (;;) {
    switch (expr.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.AwaitExpression:
        expr = (expr as ts.ParenthesizedExpression).expression;
        continue;
      default:
        return expr;
    }
  }
}

/** What a call passes, by position; a spread argument hides what lands where. */
export function callArguments(call: ts.CallExpression, binder: Binder): ArgumentFact[] {
  return call.arguments.map((a): ArgumentFact => (a.kind === SyntaxKind.SpreadElement ? { kind: 'other' } : argumentFact(a, binder)));
}

export function argumentFact(arg: ts.Expression, binder: Binder): ArgumentFact {
  const expr = strip(arg);
  const object = objectLiteralOf(expr, binder);
  if (object) {
    const fact = objectFact(object);
    const requestKeys = uncappedRequestKeys(object, binder);
    return requestKeys.length > 0 && fact.kind === 'object' ? { ...fact, requestKeys } : fact;
  }
  if (isConstant(expr)) return { kind: 'literal' };
  const field = requestField(expr, binder, 0);
  if (field !== undefined && !checkedAgainstList(expr)) {
    if (capped(expr, binder)) return { kind: 'request', field, capped: true };
    const boundedFields = fieldsBoundedBy(expr);
    return boundedFields.length > 0 ? { kind: 'request', field, boundedFields } : { kind: 'request', field };
  }
  return { kind: 'other' };
}

/** `{ limit: Number(req.query.limit) || 20, tag }`: the keys whose values are the client's, uncapped, and where they come from. */
function uncappedRequestKeys(object: ts.ObjectLiteralExpression, binder: Binder): { key: string; field: string }[] {
  const keys: { key: string; field: string }[] = [];
  for (const prop of object.properties) {
    const key = isShorthandPropertyAssignment(prop) || isPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
    if (key === undefined) continue;
    const value = isShorthandPropertyAssignment(prop) ? prop.name : (prop as ts.PropertyAssignment).initializer;
    const field = requestField(value, binder, 0);
    if (field !== undefined && !checkedAgainstList(value) && !capped(value, binder)) keys.push({ key, field });
  }
  return keys;
}

/**
 * What a calling function does with values, gathered in one walk of it and kept per function: the
 * texts it checks against a list, the texts it compares (or whose `.length` it compares), and the
 * declarations and compared/assigned expressions fieldsBoundedBy reads. Every argument of every
 * call asks about its function, so walking the function once per argument would cost a walk per
 * call site.
 */
interface FunctionFacts {
  listChecked: Set<string>;
  compared: Set<string>;
  declarations: ts.VariableDeclaration[];
  boundedSides: ts.Expression[];
}

const functionFactsCache = new WeakMap<ts.Node, FunctionFacts>();
/** Methods that check a value against a list (`KINDS.includes(kind)`, `allowed.has(x)`). */
const LIST_CHECKS = new Set(['includes', 'has', 'indexOf']);

function functionFacts(fn: ts.Node): FunctionFacts {
  let facts = functionFactsCache.get(fn);
  if (facts) return facts;
  const sourceFile = fn.getSourceFile();
  const textOf = (expr: ts.Expression): string => strip(expr).getText(sourceFile);
  facts = { listChecked: new Set(), compared: new Set(), declarations: [], boundedSides: [] };
  const found = facts;
  const forEachChild = ts.forEachChild;
  const visit = (node: ts.Node): void => {
    const kind = node.kind;
    if (kind === SyntaxKind.CallExpression && (node as ts.CallExpression).expression.kind === SyntaxKind.PropertyAccessExpression &&
      LIST_CHECKS.has(((node as ts.CallExpression).expression as ts.PropertyAccessExpression).name.text) && (node as ts.CallExpression).arguments[0]) {
      found.listChecked.add(textOf((node as ts.CallExpression).arguments[0]!));
    } else if (kind === SyntaxKind.SwitchStatement) {
      found.listChecked.add(textOf((node as ts.SwitchStatement).expression));
    } else if (kind === SyntaxKind.VariableDeclaration && (node as ts.VariableDeclaration).initializer) {
      found.declarations.push(node as ts.VariableDeclaration);
    } else if (kind === SyntaxKind.BinaryExpression) {
      const binary = node as ts.BinaryExpression;
      const op = binary.operatorToken.kind;
      if (op === SyntaxKind.InKeyword) found.listChecked.add(textOf(binary.left));
      if (isRelational(op)) {
        for (const side of [binary.left, binary.right]) {
          // `ids.length > 100` compares `ids`.
          const operand = strip(side);
          const isLength = isPropertyAccessExpression(operand) && operand.name.text === 'length';
          found.compared.add(isLength ? textOf(operand.expression) : operand.getText(sourceFile));
          found.boundedSides.push(side);
        }
      } else if (op === SyntaxKind.EqualsToken) {
        found.boundedSides.push(binary.left);
      }
    }
    forEachChild(node, visit);
  };
  forEachChild(fn, visit);
  functionFactsCache.set(fn, found);
  return found;
}

/**
 * `if (Number(req.query.limit) > 100) return …; list(req.query)`, `req.query.limit = Math.min(…)`:
 * the properties of the passed value that the calling function compares or assigns before
 * passing it on (the callee may read just one of them).
 */
function fieldsBoundedBy(arg: ts.Expression): string[] {
  const fn = enclosingFunctionOf(arg);
  if (!fn) return [];
  const sourceFile = arg.getSourceFile();
  const text = strip(arg).getText(sourceFile);
  const fields = new Set<string>();
  const propertyOf = (expr: ts.Expression): string | undefined => {
    let node = unwrapNumber(strip(expr));
    if (isPropertyAccessExpression(node) && node.name.text === 'length') node = strip(node.expression);
    if (isPropertyAccessExpression(node) && strip(node.expression).getText(sourceFile) === text) return node.name.text;
    if (isElementAccessExpression(node) && isStringLiteralLike(node.argumentExpression) && strip(node.expression).getText(sourceFile) === text) return node.argumentExpression.text;
    return undefined;
  };
  const facts = functionFacts(fn);
  // `const { limit } = req.query`, `const limit = Number(req.query.limit)`: locals that hold a property.
  const locals = new Map<string, string>();
  for (const node of facts.declarations) {
    const init = strip(node.initializer!);
    if (isObjectBindingPattern(node.name) && init.getText(sourceFile) === text) {
      for (const element of node.name.elements) {
        const key = element.propertyName ?? element.name;
        if (isIdentifier(element.name) && (isIdentifier(key) || isStringLiteral(key))) locals.set(element.name.text, key.text);
      }
    } else if (isIdentifier(node.name)) {
      const name = propertyOf(init);
      if (name !== undefined) locals.set(node.name.text, name);
    }
  }
  const boundedName = (expr: ts.Expression): string | undefined => {
    const node = unwrapNumber(strip(expr));
    return propertyOf(node) ?? (isIdentifier(node) ? locals.get(node.text) : undefined);
  };
  for (const side of facts.boundedSides) {
    const name = boundedName(side);
    if (name !== undefined) fields.add(name);
  }
  return [...fields].sort();
}

function isRelational(op: ts.SyntaxKind): boolean {
  return op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken;
}

/** `Number(x)`, `parseInt(x, 10)`, `+x` → x: a comparison on the converted value compares x. */
function unwrapNumber(expr: ts.Expression): ts.Expression {
  let node = expr;
  for (;;) {
    if (isCallExpression(node) && isIdentifier(node.expression) && ['Number', 'parseInt', 'parseFloat'].includes(node.expression.text) && node.arguments[0]) node = strip(node.arguments[0]);
    else if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.PlusToken) node = strip(node.operand);
    else return node;
  }
}

function enclosingFunctionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !isFunctionLike(fn) && !isSourceFile(fn)) fn = fn.parent;
  return fn && isFunctionLike(fn) ? fn : undefined;
}

/**
 * The caller bounds what it passes: it compares the value or its length (`if (ids.length > 100)
 * return …`, `n > MAX`), or the handler it sits in is registered behind validation middleware
 * (`router.post('/tags', validate(schema), async (req, res) => …)`).
 */
function capped(arg: ts.Expression, binder: Binder): boolean {
  // `@Body() dto: TagPhotosDto` then `dto.photoIds`: class-validator may cap it (`@ArrayMaxSize`) where this file cannot see.
  const value = binder.resolve(unwrapNumber(strip(arg)));
  if (value.kind === 'parameter' && getDecorators(value.node)?.length && value.node.type && isTypeReferenceNode(value.node.type) && !/^(Record|Partial|Array)$/.test(value.node.type.typeName.getText())) return true;
  if (value.kind === 'parameter' && pipedThroughOwnPipe(value.node)) return true;
  // `size > 50 ? 50 : size`: the clamp written out.
  const stripped = strip(arg);
  if (isConditionalExpression(stripped)) {
    const condition = strip(stripped.condition);
    if (isBinaryExpression(condition) && isRelational(condition.operatorToken.kind)) return true;
  }
  let fn: ts.Node | undefined = arg.parent;
  while (fn && !isFunctionLike(fn) && !isSourceFile(fn)) fn = fn.parent;
  if (!fn || isSourceFile(fn)) return false;
  const sourceFile = arg.getSourceFile();
  const text = strip(arg).getText(sourceFile);
  const compared = functionFacts(fn).compared.has(text);
  if (compared) return true;
  const registration = fn.parent;
  if (!isCallExpression(registration) || !registration.arguments.includes(fn as ts.Expression)) return false;
  const validates = (other: ts.Expression): boolean => {
    // `router.get(path, [query('limit').isInt({ max: 100 })], handler)`
    if (isArrayLiteralExpression(other)) return other.elements.some(validates);
    if (!isCallExpression(other)) return false;
    if (VALIDATOR_MIDDLEWARE.test(other.expression.getText(sourceFile))) return true;
    // express-validator chains: `query('limit').isInt({ max: 100 })` (not a rate limiter's `max`).
    if (!/rate|limit|slow/i.test(rootName(other)) && setsMaximum(other)) return true;
    return other.arguments.some((a) => {
      const value = binder.resolve(a);
      return (value.kind === 'instance' || value.kind === 'remote-instance') && VALIDATION_MODULES.has(value.module);
    });
  };
  return registration.arguments.some((other) => other !== fn && validates(other));
}

/** The function a chain starts from: `query` for `query('limit').isInt(…)`, `rateLimit` for `rateLimit({ max })`. */
function rootName(call: ts.CallExpression): string {
  let node: ts.Expression = call;
  while (isCallExpression(node) || isPropertyAccessExpression(node)) node = node.expression;
  return isIdentifier(node) ? node.text : '';
}

/** A `max` anywhere in a middleware call (`isInt({ max: 100 })`, `.max(100)`). */
function setsMaximum(call: ts.CallExpression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (isIdentifier(node) && /^max$/i.test(node.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(call);
  return found;
}

/** NestJS pipes that convert or default a value and let any size through. */
const NEST_PIPES_KEEPING_SIZE = new Set(['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseArrayPipe', 'ParseUUIDPipe', 'DefaultValuePipe']);

/** `@Query('limit', new LimitPipe(100)) limit`: a pipe of the project's own may clamp or reject it. */
function pipedThroughOwnPipe(param: ts.ParameterDeclaration): boolean {
  return (getDecorators(param) ?? []).some((d) => {
    const call = d.expression;
    if (!isCallExpression(call) || !isIdentifier(call.expression) || !NEST_INPUT_DECORATORS.has(call.expression.text)) return false;
    return call.arguments.slice(1).some((pipe) => {
      const pipeClass = isNewExpression(pipe) ? pipe.expression : pipe;
      return !isIdentifier(pipeClass) || !NEST_PIPES_KEEPING_SIZE.has(pipeClass.text);
    });
  });
}

/**
 * `if (!KINDS.includes(kind)) return …; track(kind)`: the caller lets only listed values through,
 * so what it passes is one of a fixed set, not the client's free choice. Any such check on the
 * same text in the calling function counts (precision first).
 */
function checkedAgainstList(arg: ts.Expression): boolean {
  let fn: ts.Node | undefined = arg.parent;
  while (fn && !isFunctionLike(fn) && !isSourceFile(fn)) fn = fn.parent;
  if (!fn) return false;
  return functionFacts(fn).listChecked.has(strip(arg).getText(arg.getSourceFile()));
}

/** An object literal written here or held by a local variable. */
function objectLiteralOf(expr: ts.Expression, binder: Binder): ts.ObjectLiteralExpression | undefined {
  if (isObjectLiteralExpression(expr)) return expr;
  if (!isIdentifier(expr)) return undefined;
  const value = binder.resolve(expr);
  return value.kind === 'expression' && isObjectLiteralExpression(value.node) ? value.node : undefined;
}

export function objectFact(object: ts.ObjectLiteralExpression): ArgumentFact {
  const keys: string[] = [];
  let open = false;
  for (const prop of object.properties) {
    if (isSpreadAssignment(prop)) {
      open = true;
      continue;
    }
    const name = isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
    if (name === undefined) open = true;
    else keys.push(name);
  }
  return { kind: 'object', keys: keys.sort(), open };
}

function isConstant(expr: ts.Expression): boolean {
  return (
    isStringLiteralLike(expr) || isNumericLiteral(expr) || expr.kind === SyntaxKind.TrueKeyword ||
    expr.kind === SyntaxKind.FalseKeyword || expr.kind === SyntaxKind.NullKeyword
  );
}

/** The request field a value comes from (`body`, `query`…; '' for the request as a whole), or undefined. */
function requestField(expr: ts.Expression, binder: Binder, depth: number): string | undefined {
  if (depth > 6) return undefined;
  const node = strip(expr);
  const next = depth + 1;
  if (isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      const field = requestField(span.expression, binder, next);
      if (field !== undefined) return field;
    }
    return undefined;
  }
  if (isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.PlusToken) {
      return requestField(node.left, binder, next) ?? requestField(node.right, binder, next);
    }
    return undefined;
  }
  if (isConditionalExpression(node)) return requestField(node.whenTrue, binder, next) ?? requestField(node.whenFalse, binder, next);
  if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.PlusToken) return requestField(node.operand, binder, next);
  if (isCallExpression(node)) {
    const callee = node.expression;
    if (isIdentifier(callee) && PASS_THROUGH_FUNCTIONS.has(callee.text) && !binder.lookup(callee.text, callee)) {
      return node.arguments[0] !== undefined ? requestField(node.arguments[0], binder, next) : undefined;
    }
    if (isPropertyAccessExpression(callee) && PASS_THROUGH_METHODS.has(callee.name.text)) return requestField(callee.expression, binder, next);
  }
  // `const minutes = Number(req.body.minutes)`: a local's initializer, when nothing reassigns it.
  if (isIdentifier(node)) {
    const binding = binder.lookup(node.text, node);
    if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0 && binding.assignments.length === 0) return requestField(binding.init, binder, next);
  }
  const value = binder.resolve(node);
  if (value.kind === 'parameter') return requestParameterField(value);
  // `new URL(req.url, base).searchParams.getAll('id')`: the query string of the request.
  if (value.kind === 'instance' && value.module === 'global' && value.factory.join('.') === 'URL' && value.path[0] === 'searchParams') {
    const source = value.creation.arguments?.[0];
    const url = source ? binder.resolve(strip(source)) : undefined;
    return url?.kind === 'parameter' && requestParameterField(url) === 'url' ? 'query' : undefined;
  }
  // A local holding a template or a concatenation: `const key = \`count:${req.query.q}\``.
  if (value.kind === 'expression' && value.node !== node) return requestField(value.node, binder, next);
  return undefined;
}

/** `req.query.q` → 'query', `ctx.params.id` → 'params', `({ body }, res) => body.x` → 'body', `@Query('q') q` → 'query'. */
function requestParameterField(value: Extract<Value, { kind: 'parameter' }>): string | undefined {
  const param = value.node;
  const path = value.path;
  for (const d of canHaveDecorators(param) ? (getDecorators(param) ?? []) : []) {
    const call = d.expression;
    const callee = isCallExpression(call) ? call.expression : call;
    const field = isIdentifier(callee) ? NEST_INPUT_DECORATORS.get(callee.text) : undefined;
    if (field === undefined) continue;
    // `@Req() req` then `req.body.ids`: the path names the field.
    if (field === '') return path.length > 0 && REQUEST_FIELDS.has(path[0]!) ? path[0]! : '';
    return field;
  }
  if (!isIdentifier(param.name)) {
    const fn = param.parent;
    const firstOfSeveral = isFunctionLike(fn) && fn.parameters[0] === param && fn.parameters.length >= 2;
    return firstOfSeveral && path.length > 0 && REQUEST_FIELDS.has(path[0]!) ? path[0]! : undefined;
  }
  const name = param.name.text;
  if (REQUEST_NAMES.has(name)) return path.length > 0 && REQUEST_FIELDS.has(path[0]!) ? path[0]! : undefined;
  if (CONTEXT_NAMES.has(name)) {
    const rest = path[0] === 'request' || path[0] === 'req' ? path.slice(1) : path;
    return rest.length > 0 && REQUEST_FIELDS.has(rest[0]!) && !(path[0] !== 'request' && rest[0] === 'body') ? rest[0]! : undefined;
  }
  return undefined;
}
