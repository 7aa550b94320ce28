// no-unbounded-fan-out: `Promise.all` (allSettled/any/race) over one I/O call per element of an
// array whose length the client or the data decides (`req.body.items`, an unbounded query result),
// so one request can start thousands of concurrent calls; and the sequential form, a loop (`for …
// of`, an indexed `for`, `for await`, an async `reduce` chain) that awaits I/O once per element of
// a client's array, so one request's duration and round trips grow with the array it sends.
import { ts } from '@ts-morph/common';
import type { Binding } from '../engine/binder';
import type { Value } from '../engine/values';
import { LIBRARY_DEFAULTS, REFERENCE_USERS, versionedDefault } from '../engine/library-defaults';
import { createQueryAnalyzer, type QueryAnalyzer, type RowRead } from './queries';
import { schemaShape, shapeAt, VALIDATION_MODULES } from '../engine/validation-schemas';
import { afterImports, formatNumber, functionName, indentationAt, isEsModule, nodeText, numericValue, propertyValue } from './utils';
import { constantNumber, requestUrlList } from './request-data';
import { ormCall, TRANSACTION_CALLBACK_METHODS } from '../engine/orm-uses';
import { RESOURCE_FACTORIES, SESSION_HOLDS_NO_CONNECTION, useKind } from '../engine/resources';
import { isOutboundCall } from '../engine/summary-extract';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
/** Concurrency when no pool tells us better: the default size of pg and mysql2 pools. */
const DEFAULT_CONCURRENCY = LIBRARY_DEFAULTS.pgPoolMax.value;
const INLINE_HELPER = 'mapWithConcurrency';
/** Request data: `req.body.items`, `ctx.request.body`, `request.query.ids`, uploaded files. */
const REQUEST_SEGMENTS = new Set(['body', 'query', 'files']);
/** Names a handler gives the request (Express, Fastify, Koa `ctx`, Hono `c`, Next.js). */
const REQUEST_PARAM = /^(req|request)$/;
const FIRST_REQUEST_PARAM = /^(ctx|context|c|r)$/;
const REQUEST_DECORATORS = ['Body', 'Query', 'UploadedFiles'];
/** Pure callbacks: nothing they call does I/O. */
const PURE_CALLEES = /^(Math|JSON|Object|Array|Number|String|Boolean|Date|parseInt|parseFloat|structuredClone|Promise\.resolve)\b/;
/** Checking a value against a schema (yup, joi, zod, ajv…) is CPU work behind a promise, not I/O. */
const VALIDATION_METHODS = new Set(['validate', 'validateAsync', 'validateSync', 'isValid', 'parseAsync', 'safeParseAsync', 'parse', 'safeParse']);
const VALIDATION_LIBRARIES = new Set(['yup', 'joi', '@hapi/joi', 'zod', 'ajv', 'superstruct', 'valibot', '@sinclair/typebox']);

function isSchemaValidation(call: ts.CallExpression, context: RuleContext): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !VALIDATION_METHODS.has(callee.name.text)) return false;
  // `ctx.app.schemas.tag.validate(t)`, `userSchema.validateAsync(u)`: the receiver is named a schema…
  if (/schema/i.test(nodeText(callee.expression, context.sourceFile))) return true;
  // …or is made by a validation library (`yup.object(…)`, `z.array(…)`).
  const receiver = context.resolve(callee.expression);
  return (receiver.kind === 'library' || receiver.kind === 'instance' || receiver.kind === 'remote-instance') && VALIDATION_LIBRARIES.has(receiver.module);
}

interface FanOut {
  combinator: ts.CallExpression;
  method: string;
  source: ts.Expression;
  /** The mapping callback (`items.map(cb)`), absent for loops that push promises. */
  callback?: ts.Expression;
  /** The `items.map(cb)` call, when written right inside `Promise.all(…)` (the fixable form). */
  mapCall?: ts.CallExpression;
  /** What each element runs, for the I/O test and the pool size. */
  work: ts.Node;
}

interface Origin {
  kind: 'request' | 'query' | 'caller';
  read?: RowRead;
  /** For 'caller': the function whose parameter holds the array, and its position. */
  fn?: ts.SignatureDeclaration;
  index?: number;
}

/** Request fields whose arrays the client sizes: what a caller must pass for a 'caller' origin to count. */
const CLIENT_ARRAY_FIELDS = ['body', 'query', 'files'];

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isAwaitExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === SyntaxKind.AsyncKeyword);
}

function localBinding(expr: ts.Expression, context: RuleContext): Binding | undefined {
  const node = strip(expr);
  if (!ts.isIdentifier(node)) return undefined;
  const binding = context.lookupBinding(node.text, node);
  return binding && binding.kind === 'var' ? binding : undefined;
}

/** `X.map(cb)` or `Array.from(X, cb)`. */
function mapParts(expr: ts.Expression, context: RuleContext): { source: ts.Expression; callback: ts.Expression; call: ts.CallExpression } | undefined {
  const node = strip(expr);
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'map' && node.arguments[0]) {
    return { source: callee.expression, callback: node.arguments[0], call: node };
  }
  if (nodeText(callee, context.sourceFile) === 'Array.from' && node.arguments.length === 2) {
    return { source: node.arguments[0]!, callback: node.arguments[1]!, call: node };
  }
  return undefined;
}

/** `const jobs = []; for (const x of S) jobs.push(save(x)); await Promise.all(jobs)`. */
function loopFilling(binding: Binding, combinator: ts.CallExpression, context: RuleContext): { source: ts.Expression; work: ts.Node } | undefined {
  const fn = context.enclosingFunction(combinator);
  if (!fn) return undefined;
  let found: { source: ts.Expression; work: ts.Node } | undefined;
  const pushes = (node: ts.Node): ts.Expression | undefined => {
    let pushed: ts.Expression | undefined;
    const visit = (child: ts.Node): void => {
      if (pushed) return;
      if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression) && child.expression.name.text === 'push' && ts.isIdentifier(child.expression.expression) &&
        context.lookupBinding(child.expression.expression.text, child) === binding && child.arguments[0]) {
        pushed = child.arguments[0];
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return pushed;
  };
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= combinator.pos) return;
    if (ts.isForOfStatement(node)) {
      const pushed = pushes(node.statement);
      if (pushed) found = { source: node.expression, work: pushed };
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'forEach' && node.arguments[0]) {
      const pushed = pushes(node.arguments[0]);
      if (pushed) found = { source: node.expression.expression, work: pushed };
    }
    if (!found) ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

function fanOutOf(combinator: ts.CallExpression, method: string, context: RuleContext): FanOut | undefined {
  const arg = combinator.arguments[0];
  if (!arg) return undefined;
  const direct = mapParts(arg, context);
  if (direct) return { combinator, method, source: direct.source, callback: direct.callback, mapCall: direct.call, work: direct.callback };
  const binding = localBinding(arg, context);
  if (!binding || context.isModuleLevelBinding(binding) || !binding.init || binding.destructure.length > 0) return undefined;
  const viaVariable = mapParts(binding.init, context);
  if (viaVariable) return { combinator, method, source: viaVariable.source, callback: viaVariable.callback, work: viaVariable.callback };
  const init = strip(binding.init);
  if (ts.isArrayLiteralExpression(init) && init.elements.length === 0) {
    const loop = loopFilling(binding, combinator, context);
    if (loop) return { combinator, method, source: loop.source, work: loop.work };
  }
  return undefined;
}

/** The function a callback runs: written inline, or a local function it names. */
function callbackBody(callback: ts.Node, context: RuleContext): ts.Node | undefined {
  if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) return callback;
  if (ts.isIdentifier(callback) || ts.isPropertyAccessExpression(callback)) {
    const value = context.resolve(callback);
    if (value.kind === 'function') return value.node;
    return undefined;
  }
  return callback;
}

/** Whether each element does I/O: an awaited call, or a call whose promise it returns. */
/** `ids.map((id) => limit(() => …))` with `limit = pLimit(n)`: the limiter already bounds it. */
function throughLimiter(work: ts.Node, context: RuleContext): boolean {
  const body = callbackBody(work, context);
  if (!body || !ts.isFunctionLike(body)) return false;
  const fnBody = (body as ts.FunctionLikeDeclaration).body;
  const result = fnBody && !ts.isBlock(fnBody) ? fnBody : undefined;
  const call = result && ts.isCallExpression(result) ? result : undefined;
  if (!call) return false;
  const callee = context.resolve(call.expression);
  return (callee.kind === 'instance' || callee.kind === 'remote-instance') && ['p-limit', 'p-throttle', 'limit-concurrency'].includes(callee.module) && callee.path.length === 0;
}

function doesIo(work: ts.Node, context: RuleContext): boolean {
  if (throughLimiter(work, context)) return false;
  const body = callbackBody(work, context);
  // A function from another file or a library: `Promise.all(ids.map(fetchUser))` is there to await it.
  if (!body) return true;
  const isFunction = ts.isFunctionLike(body);
  if (isFunction && isAsync(body)) {
    let awaits = false;
    const visit = (node: ts.Node): void => {
      if (awaits || (node !== body && ts.isFunctionLike(node))) return;
      if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) awaits = true;
      ts.forEachChild(node, visit);
    };
    visit(body);
    if (awaits) return true;
  }
  // The value each element produces: the arrow's expression, the returned expressions, or the pushed one.
  const results: ts.Expression[] = [];
  if (isFunction) {
    const fnBody = (body as ts.FunctionLikeDeclaration).body;
    if (fnBody && !ts.isBlock(fnBody)) results.push(fnBody);
    else if (fnBody) {
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node)) return;
        if (ts.isReturnStatement(node) && node.expression) results.push(node.expression);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(fnBody, visit);
    }
  } else if (ts.isExpression(body)) {
    results.push(body);
  }
  return results.some((r) => {
    const node = strip(r);
    if (ts.isNewExpression(node)) return nodeText(node.expression, context.sourceFile) === 'Promise';
    return ts.isCallExpression(node) && !PURE_CALLEES.test(nodeText(node.expression, context.sourceFile)) && !isSchemaValidation(node, context);
  });
}

/**
 * The array as the message names it: `.map()` keeps the length, so `tags.map(toRow).map(save)`
 * is about `tags`; line breaks inside the expression would break the message into pieces.
 */
function sourceText(source: ts.Expression, context: RuleContext): string {
  let node = strip(source);
  for (let parts = mapParts(node, context); parts && parts.call.expression.kind === SyntaxKind.PropertyAccessExpression; parts = mapParts(node, context)) {
    node = strip(parts.source);
  }
  return nodeText(node, context.sourceFile).replace(/\s+/g, ' ');
}

function valuesEqual(a: Value, b: Value): boolean {
  if (a.kind === 'parameter' && b.kind === 'parameter') return a.node === b.node && a.path.join('.') === b.path.join('.');
  return false;
}

/** `if (items.length > 100) return …` (or `<=` the other way) before the fan-out: a checked maximum. */
function lengthCheckedBefore(source: ts.Expression, combinator: ts.Node, context: RuleContext): boolean {
  const fn = context.enclosingFunction(combinator);
  if (!fn) return false;
  const sourceText = nodeText(strip(source), context.sourceFile);
  const sourceValue = context.resolve(source);
  let checked = false;
  const visit = (node: ts.Node): void => {
    if (checked || node.pos >= combinator.pos) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'length' && ts.isBinaryExpression(node.parent)) {
      const op = node.parent.operatorToken.kind;
      const isCap = node.parent.left === node
        ? op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken
        : op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken || op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken;
      const other = node.parent.left === node ? node.parent.right : node.parent.left;
      const trivial = numericValue(other) !== undefined && numericValue(other)! <= 0;
      if (isCap && !trivial && (nodeText(strip(node.expression), context.sourceFile) === sourceText || valuesEqual(context.resolve(node.expression), sourceValue))) checked = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return checked;
}

/** Calls that return the validated input, and the property the result wraps it in. */
const PARSE_METHODS: Record<string, { unwrap?: string; modules?: readonly string[] }> = {
  parse: {},
  parseAsync: {},
  safeParse: { unwrap: 'data' },
  safeParseAsync: { unwrap: 'data' },
  spa: { unwrap: 'data' },
  validate: {},
  validateAsync: {},
  validateSync: {},
  cast: {},
};

/**
 * `schema.parse(req.body).items`, `const { items } = await schema.parseAsync(request.body)`,
 * `schema.safeParse(req.body).data.items`, `Joi.attempt(req.body, schema).items`: the array a
 * validation schema (zod, joi, yup) let through. 'request' when the schema sets no maximum for
 * it and the input is the request; null when a schema decided (bounded, or one we cannot read);
 * undefined when `expr` is not a validated value at all.
 */
function validatedOrigin(expr: ts.Expression, path: readonly string[], analyzer: QueryAnalyzer, context: RuleContext, depth: number): Origin | null | undefined {
  if (depth > 6) return undefined;
  let node = strip(expr);
  const segments: string[] = [];
  while (ts.isPropertyAccessExpression(node)) {
    segments.unshift(node.name.text);
    node = strip(node.expression);
  }
  const fullPath = [...segments, ...path];
  if (ts.isIdentifier(node)) {
    // `const parsed = schema.safeParse(req.body); … parsed.data.items`.
    const binding = localBinding(node, context);
    if (!binding?.init || binding.assignments.length > 0) return undefined;
    return validatedOrigin(binding.init, [...binding.destructure, ...fullPath], analyzer, context, depth + 1);
  }
  if (!ts.isCallExpression(node)) return undefined;
  let schema: ts.Expression | undefined;
  let input: ts.Expression | undefined;
  let unwrap: string | undefined;
  const callee = node.expression;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const calleeValue = context.resolve(callee);
  if (calleeValue.kind === 'library' && calleeValue.module === 'joi' && (calleeValue.path.join('.') === 'attempt' || calleeValue.path.join('.') === 'assert')) {
    [input, schema] = node.arguments;
  } else if (method && Object.hasOwn(PARSE_METHODS, method) && ts.isPropertyAccessExpression(callee)) {
    schema = callee.expression;
    input = node.arguments[0];
    unwrap = PARSE_METHODS[method]!.unwrap;
  }
  if (!schema || !input) return undefined;
  const schemaValue = context.resolve(schema);
  if ((schemaValue.kind !== 'instance' && schemaValue.kind !== 'remote-instance') || !VALIDATION_MODULES.has(schemaValue.module)) return undefined;
  // Joi's `validate` answers `{ value, error }`; yup's resolves to the value itself.
  if (method === 'validate' && schemaValue.module === 'joi') unwrap = 'value';
  const shape = schemaShape(schema, { resolve: (e) => context.resolve(e), lookup: (name, from) => context.lookupBinding(name, from) });
  if (!shape) return null;
  let rest = fullPath;
  if (unwrap) {
    if (rest[0] !== unwrap) return null;
    rest = rest.slice(1);
  }
  const at = shapeAt(shape, rest);
  if (at?.kind !== 'array' || at.bounded) return null;
  return originOf(input, analyzer, context, depth + 1)?.kind === 'request' ? { kind: 'request' } : null;
}

/**
 * `@Body() dto: CreateOrderDto` then `dto.items`: class-validator's `@ArrayMaxSize(n)` on the DTO's
 * `items` caps it (the DTO may be declared in another file).
 */
function dtoCapsArray(param: ts.ParameterDeclaration, path: readonly string[], context: RuleContext): boolean {
  const type = param.type;
  const field = path[0];
  if (!field || !type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  return context.classFacts(type.typeName)?.arrayMaxSize.includes(field) ?? false;
}

/**
 * `req.body.ids` that a schema capping `ids` has checked: a validator middleware registered with
 * the handler (`router.post('/archive', validate(bulkBody), async (req, res) => …)`), or a
 * validation of `req.body` in the handler itself (`const { error } = schema.validate(req.body)`,
 * then `req.body.ids`). Only a cap counts; a schema without one (or one the rule cannot read)
 * leaves `req.body` what it was.
 */
function cappedByValidation(param: ts.ParameterDeclaration, bodyPath: readonly string[], context: RuleContext): boolean {
  if (bodyPath.length === 0) return false;
  const resolver = { resolve: (e: ts.Expression) => context.resolve(e), lookup: (name: string, from: ts.Node) => context.lookupBinding(name, from) };
  const caps = (schema: ts.Expression, path: readonly string[]): boolean => {
    const shape = schemaShape(schema, resolver);
    const at = shape ? shapeAt(shape, path) : undefined;
    return at?.kind === 'array' && at.bounded;
  };
  const handler = param.parent;
  const registration = handler.parent;
  if (ts.isCallExpression(registration) && registration.arguments.includes(handler as ts.Expression)) {
    const byMiddleware = registration.arguments.some((arg) => ts.isCallExpression(arg) && (arg as ts.Node) !== handler && arg.arguments.some((schema) => caps(schema, bodyPath)));
    if (byMiddleware) return true;
  }
  // `schema.validate(req.body)` / `schema.parse(req.body)` in the handler: the same body, checked.
  let checked = false;
  const visit = (node: ts.Node): void => {
    if (checked) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && Object.hasOwn(PARSE_METHODS, node.expression.name.text) && node.arguments[0]) {
      const input = context.resolve(node.arguments[0]);
      if (input.kind === 'parameter' && input.node === param) {
        const inputPath = input.path[0] === 'request' || input.path[0] === 'req' ? input.path.slice(1) : input.path;
        const fullPath = ['body', ...bodyPath];
        const prefix = inputPath.every((step, i) => fullPath[i] === step);
        if (inputPath[0] === 'body' && prefix && caps(node.expression.expression, fullPath.slice(inputPath.length))) checked = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  const body = (handler as ts.FunctionLikeDeclaration).body;
  if (body) visit(body);
  return checked;
}

/**
 * `router.post(path, upload.array('files', 10), handler)`: multer rejects a request with more files
 * than `maxCount`, so `req.files` holds at most that many (`.fields([{ name, maxCount }, …])` the
 * same for every field). `.array(name)` without a count, and `.any()`, accept any number.
 */
function filesCappedByMulter(param: ts.ParameterDeclaration, context: RuleContext): boolean {
  const handler = param.parent;
  const registration = handler.parent;
  if (!ts.isCallExpression(registration) || !registration.arguments.includes(handler as ts.Expression)) return false;
  return registration.arguments.some((arg) => {
    if (!ts.isCallExpression(arg) || !ts.isPropertyAccessExpression(arg.expression)) return false;
    const receiver = context.resolve(arg.expression.expression);
    if ((receiver.kind !== 'instance' && receiver.kind !== 'remote-instance') || receiver.module !== 'multer') return false;
    const method = arg.expression.name.text;
    if (method === 'array') return (constantNumber(arg.arguments[1], context) ?? Infinity) < Infinity;
    if (method !== 'fields') return false;
    const list = arg.arguments[0] && strip(arg.arguments[0]);
    return !!list && ts.isArrayLiteralExpression(list) && list.elements.length > 0 &&
      list.elements.every((field) => ts.isObjectLiteralExpression(field) && (constantNumber(propertyValue(field, 'maxCount'), context) ?? Infinity) < Infinity);
  });
}

/**
 * An array a function receives from its callers (`async function tagPhotos(ids) { … ids.map(…) }`):
 * unbounded when some caller, in this file or another, passes the client's array unchecked
 * (`tagPhotos(req.body.photoIds)`). The engine decides from the project's call sites.
 */
function parameterOrigin(param: ts.ParameterDeclaration, context: RuleContext): Origin | undefined {
  const fn = param.parent;
  if (!ts.isFunctionLike(fn) || param.dotDotDotToken) return undefined;
  // `ids = ids.slice(0, 50)`: the function bounds what it was given.
  if (ts.isIdentifier(param.name) && (context.lookupBinding(param.name.text, param.name)?.assignments.length ?? 0) > 0) return undefined;
  return { kind: 'caller', fn, index: fn.parameters.indexOf(param) };
}

/** Where the array comes from, when that makes it unbounded. */
function originOf(source: ts.Expression, analyzer: QueryAnalyzer, context: RuleContext, depth = 0): Origin | undefined {
  if (depth > 4) return undefined;
  const node = strip(source);
  const value = context.resolve(node);
  if (value.kind === 'parameter') {
    // `.slice(0, 10)` anywhere on the way bounds it.
    if (value.path.includes('slice')) return undefined;
    const decorated = ts.getDecorators(value.node)?.some((d) => {
      const expr = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
      return ts.isIdentifier(expr) && REQUEST_DECORATORS.includes(expr.text);
    });
    if (decorated) return dtoCapsArray(value.node, value.path, context) ? undefined : { kind: 'request' };
    // The handler's request: `req`/`request` anywhere, `ctx`/`c` or a destructured `{ body }` first.
    const param = value.node;
    const isFirst = ts.isFunctionLike(param.parent) && param.parent.parameters[0] === param;
    const looksLikeRequest = ts.isIdentifier(param.name)
      ? REQUEST_PARAM.test(param.name.text) || (isFirst && FIRST_REQUEST_PARAM.test(param.name.text))
      : isFirst && ts.isObjectBindingPattern(param.name);
    if (!looksLikeRequest) return parameterOrigin(param, context);
    const path = value.path[0] === 'request' || value.path[0] === 'req' ? value.path.slice(1) : value.path;
    const fromBody = REQUEST_SEGMENTS.has(path[0] ?? '');
    const fromJson = (path[0] === 'json' || path[0] === 'formData') && path[1] === '()';
    // Next.js `request.nextUrl.searchParams.getAll('id')`.
    const fromSearch = path.join('.') === 'nextUrl.searchParams.getAll.()';
    if (path[0] === 'body' && cappedByValidation(param, path.slice(1), context)) return undefined;
    if (path[0] === 'files' && filesCappedByMulter(param, context)) return undefined;
    if (fromBody || fromJson || fromSearch) return { kind: 'request' };
    // `async function archive({ photoIds })`: destructured, but not a request field; its callers decide.
    return ts.isObjectBindingPattern(param.name) ? parameterOrigin(param, context) : undefined;
  }
  // `new URL(req.url, base).searchParams.getAll('id')` in a plain `http` handler.
  if (requestUrlList(value, context)) return { kind: 'request' };
  // `(tags ?? []).map(…)`: the fallback is empty, the array is the left side.
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === SyntaxKind.BarBarToken)) {
    return originOf(node.left, analyzer, context, depth + 1);
  }
  // What a validation schema let through: unbounded only when the schema sets no maximum.
  const validated = validatedOrigin(node, [], analyzer, context, depth);
  if (validated !== undefined) return validated ?? undefined;
  // `(await User.find()).map(…)`, `rows.map(…)` from `const { rows } = await pool.query(…)`.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'slice') return undefined;
  let root: ts.Expression = node;
  while (ts.isPropertyAccessExpression(root)) root = strip(root.expression);
  if (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression) && ['filter', 'flat', 'flatMap', 'concat'].includes(root.expression.name.text)) {
    return originOf(root.expression.expression, analyzer, context, depth + 1);
  }
  const binding = localBinding(root, context);
  const init = binding?.init;
  if (binding && init) {
    if (binding.assignments.length > 0) return undefined;
    const inner = strip(init);
    const map = mapParts(inner, context);
    if (map) return originOf(map.source, analyzer, context, depth + 1);
    if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'slice') return undefined;
    const read = analyzer.unboundedReadIn(init);
    return read ? { kind: 'query', read } : undefined;
  }
  const read = analyzer.unboundedReadIn(node);
  return read ? { kind: 'query', read } : undefined;
}

/** The pool behind the calls each element makes, and its size. */
function poolSizeIn(work: ts.Node, context: RuleContext): { size: number; label: string } | undefined {
  const body = callbackBody(work, context) ?? work;
  let found: { size: number; label: string } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = context.resolve(node.expression);
      if (callee.kind === 'instance') found = poolSize(callee);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function poolSize(callee: Extract<Value, { kind: 'instance' }>): { size: number; label: string } | undefined {
  const options = callee.creation.arguments?.[0];
  const literal = options && ts.isObjectLiteralExpression(strip(options)) ? (strip(options) as ts.ObjectLiteralExpression) : undefined;
  const read = (name: string, fallback: number): number => {
    const value = literal ? numericValue(propertyValue(literal, name)) : undefined;
    return value && value > 0 ? value : fallback;
  };
  if ((callee.module === 'pg' && callee.factory.join('.') === 'Pool') || (callee.module === 'pg-pool' && callee.factory.length === 0)) {
    return { size: read('max', LIBRARY_DEFAULTS.pgPoolMax.value), label: 'pg pool' };
  }
  if (['mysql', 'mysql2', 'mysql2/promise'].includes(callee.module) && callee.factory.join('.') === 'createPool') {
    return { size: read('connectionLimit', LIBRARY_DEFAULTS.mysql2ConnectionLimit.value), label: 'mysql2 pool' };
  }
  return undefined;
}

// ---- sequential per-element I/O -----------------------------------------------------------------

/** Modules whose instances talk to a database or Redis: a method call on one that holds a unit is a round trip. */
const DATA_MODULES = new Map<string, 'query' | 'redis'>(
  RESOURCE_FACTORIES.filter((f) => f.kind === 'db-pool' || f.kind === 'db-connection' || f.kind === 'redis').flatMap((f) => f.modules.map((m) => [m, f.kind === 'redis' ? 'redis' : 'query'] as const)),
);

type IoKind = 'query' | 'redis' | 'http';

/** What a loop awaits per element: I/O it can name, project code the engine judges, and whether a connection is held meanwhile. */
interface LoopIo {
  direct?: IoKind;
  /** Project functions it awaits: I/O when the project's summaries say they do (`ifCallsIo`). */
  via: { value: Value; name: string }[];
  held: boolean;
}

/** The call an awaited expression makes: `await f(x)`, `await f(x).then(…)`. */
function awaitedCall(expr: ts.Expression): ts.CallExpression | undefined {
  let node = strip(expr);
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CONSUMERS.has(node.expression.name.text)) node = strip(node.expression.expression);
  return ts.isCallExpression(node) ? node : undefined;
}
const CONSUMERS = new Set(['then', 'catch', 'finally']);

/** How one awaited call does I/O, as far as this file tells. */
function classifyCall(call: ts.CallExpression, analyzer: QueryAnalyzer, context: RuleContext): { kind: IoKind; held: boolean } | { via: Value } | undefined {
  const callee = context.resolve(call.expression);
  if (callee.kind === 'library' && isOutboundCall(callee)) return { kind: 'http', held: false };
  if ((callee.kind === 'instance' || callee.kind === 'remote-instance') && DATA_MODULES.has(callee.module)) {
    const kind = useKind(callee.path);
    // A MongoDB session or transaction holds no pool connection between operations.
    const holds = !SESSION_HOLDS_NO_CONNECTION.has(callee.module);
    // `(await pool.connect()).query(…)`, `tx.query(…)`: on a connection checked out before.
    const held = holds && callee.path.some((step, i) => callee.path[i + 1] === '()' && (useKind([step]) === 'checkout' || useKind([step]) === 'transaction'));
    if (kind === 'query') return { kind: DATA_MODULES.get(callee.module)!, held };
    if (kind) return { kind: 'query', held: holds };
  }
  const orm = ormCall(call, { resolve: (e) => context.resolve(e), lookup: (name, from) => context.lookupBinding(name, from) });
  if (orm?.kind === 'held') return { kind: 'query', held: true };
  if (orm?.kind === 'use') return { kind: 'query', held: orm.use !== 'query' };
  if (analyzer.analyze(call)) return { kind: 'query', held: false };
  if (callee.kind === 'project') {
    // A pool wrapper the engine knows (`db.query` → `pool.query`), or a query on a client a wrapper checked out (`(await db.getClient()).query`).
    const effects = context.projectPoolEffects(callee);
    if (effects.some((e) => e.kind === 'acquires')) return { kind: 'query', held: false };
    if (effects.some((e) => e.kind === 'holds-while-calling')) return { kind: 'query', held: true };
    const firstCall = callee.path.indexOf('()');
    if (firstCall > 0 && context.projectPoolEffects({ ...callee, path: callee.path.slice(0, firstCall) }).some((e) => e.kind === 'returns-checkout')) return { kind: 'query', held: true };
  }
  if (callee.kind === 'project' || callee.kind === 'function' || callee.kind === 'decoration' || (callee.kind === 'object' && callee.path.length === 1)) return { via: callee };
  return undefined;
}

/** The awaits of I/O in a loop's body, one per element (functions written inside it run elsewhere, or not in turn). */
function loopIo(body: ts.Node, analyzer: QueryAnalyzer, context: RuleContext): LoopIo | undefined {
  const found: LoopIo = { via: [], held: false };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const call = awaitedCall(node.expression);
      const io = call ? classifyCall(call, analyzer, context) : undefined;
      if (io && 'via' in io) found.via.push({ value: io.via, name: nodeText(call!.expression, context.sourceFile) });
      else if (io) {
        found.direct ??= io.kind;
        if (io.held) found.held = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found.direct || found.via.length > 0 ? found : undefined;
}

/** The loop runs inside a transaction's callback (`prisma.$transaction(async (tx) => { for … })`): one connection held throughout. */
function insideHoldingCallback(node: ts.Node, context: RuleContext): boolean {
  for (let fn = context.enclosingFunction(node); fn; fn = context.enclosingFunction(fn)) {
    const parent = fn.parent;
    if (!parent || !ts.isCallExpression(parent) || !ts.isPropertyAccessExpression(parent.expression) || !TRANSACTION_CALLBACK_METHODS.has(parent.expression.name.text)) continue;
    // `session.withTransaction(…)` (MongoDB, mongoose) holds no pool connection.
    const receiver = context.resolve(parent.expression.expression);
    if ((receiver.kind === 'instance' || receiver.kind === 'remote-instance') && SESSION_HOLDS_NO_CONNECTION.has(receiver.module)) continue;
    return true;
  }
  return false;
}

/** `for (let i = 0; i < items.length; i++)`: the array the index walks. */
function indexedSource(loop: ts.ForStatement): ts.Expression | undefined {
  const condition = loop.condition && strip(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  const op = condition.operatorToken.kind;
  const length = op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken ? condition.right : op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken ? condition.left : undefined;
  const bound = length && strip(length);
  return bound && ts.isPropertyAccessExpression(bound) && bound.name.text === 'length' ? bound.expression : undefined;
}

/** `items.reduce(async (previous, item) => { await previous; await save(item); }, Promise.resolve())`: a chain, one element after another. */
function reduceChain(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callback = call.arguments[0];
  if (!callback || call.arguments.length < 2 || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !isAsync(callback)) return undefined;
  const previous = callback.parameters[0]?.name;
  if (!previous || !ts.isIdentifier(previous) || callback.parameters.length < 2) return undefined;
  let chained = false;
  const visit = (node: ts.Node): void => {
    if (chained || (node !== callback && ts.isFunctionLike(node))) return;
    if (ts.isAwaitExpression(node) && ts.isIdentifier(strip(node.expression)) && (strip(node.expression) as ts.Identifier).text === previous.text) chained = true;
    else ts.forEachChild(node, visit);
  };
  visit(callback);
  return chained ? callback : undefined;
}

function hasAwait(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** How messages name each kind of round trip, what one costs, and how to batch it. */
const IO_WORDS: Record<IoKind, { what: string; cost: string; batch: string }> = {
  query: { what: 'a database query', cost: 'at ~1–5 ms a round trip, 10,000 elements keep this request running 10–50 s', batch: 'one batched query (`WHERE id = ANY($1)` / `IN (…)`, `createMany`/`insertMany`)' },
  redis: { what: 'a Redis command', cost: 'at ~0.5–1 ms a round trip, 10,000 elements keep this request running 5–10 s', batch: 'one multi-key command or a pipeline (`MGET`, `SADD key a b c`, `redis.pipeline()`)' },
  http: { what: 'an outbound HTTP call', cost: 'at ~50 ms a call, 10,000 elements keep this request running ~8 minutes', batch: 'one call to a batch endpoint' },
};

/**
 * One loop over `source` whose `body` runs once per element, in turn: reported when the client
 * sizes the array (directly, or through a caller of this function) and each turn awaits I/O.
 */
function checkSequential(loop: ts.Node, label: string, source: ts.Expression, body: ts.Node, reportAt: ts.Node, context: RuleContext, analyzer: () => QueryAnalyzer): void {
  if (!hasAwait(body)) return;
  const origin = originOf(source, analyzer(), context);
  if (!origin || origin.kind === 'query' || lengthCheckedBefore(source, loop, context)) return;
  const io = loopIo(body, analyzer(), context);
  if (!io) return;
  const held = io.held || insideHoldingCallback(loop, context);
  const fnName = origin.fn ? functionName(origin.fn, context.sourceFile) : undefined;
  context.report({
    node: reportAt,
    messageId: origin.kind === 'caller' ? 'sequentialFromCaller' : 'sequentialFromRequest',
    data: {
      loop: label,
      source: sourceText(source, context),
      fn: fnName ?? 'this function',
      what: io.direct ? IO_WORDS[io.direct].what : `\`${io.via[0]!.name}()\`, which does I/O,`,
      cost: IO_WORDS[io.direct ?? 'query'].cost,
      batch: IO_WORDS[io.direct ?? 'query'].batch,
      held: held ? ', and all that time it holds one pool connection (a transaction or a checked-out client) that other requests wait for' : ', holding its socket and memory meanwhile',
    },
    // Only project code to go by: kept when the project's summaries say one of those calls does I/O.
    ifCallsIo: io.direct ? undefined : io.via.map((v) => v.value),
    callers: origin.kind === 'caller' ? [{ kind: 'passes-request', fn: origin.fn!, indexes: [origin.index!], fields: CLIENT_ARRAY_FIELDS, uncapped: true }] : undefined,
  });
}

// ---- fixes ---------------------------------------------------------------------------------------

/** The local name of a default import/require of `module` in this file, if any. */
function importedName(module: string, context: RuleContext): string | undefined {
  for (const statement of context.sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === module) {
      const name = statement.importClause?.name?.text;
      if (name) return name;
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const init = strip(d.initializer);
        if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && ts.isStringLiteralLike(init.arguments[0]) && init.arguments[0].text === module) {
          return d.name.text;
        }
      }
    }
  }
  return undefined;
}

/** An import of `module` as `name` after the file's imports, or nothing when it is already there. */
function importEdit(module: string, name: string, context: RuleContext): { start: number; end: number; newText: string } {
  const at = afterImports(context.sourceFile);
  const line = isEsModule(context.sourceFile) ? `import ${name} from '${module}';` : `const ${name} = require('${module}');`;
  return { start: at, end: at, newText: at === 0 ? `${line}\n` : `\n${line}` };
}

/** The package a fix may use: installed, and loadable from this file (ESM-only versions need `import`). */
function usablePackage(name: 'p-map' | 'p-limit', context: RuleContext): boolean {
  const version = context.packageVersion(name);
  if (!version) return false;
  if (isEsModule(context.sourceFile)) return true;
  return versionedDefault(name === 'p-map' ? 'pMapEsmOnly' : 'pLimitEsmOnly', version).value === false;
}

function isFree(name: string, at: ts.Node, context: RuleContext): boolean {
  return context.lookupBinding(name, at) === undefined;
}

function helperText(typescript: boolean): string {
  if (typescript) {
    return [
      '',
      '',
      '/** Runs `task` over `items` with at most `limit` running at once; resolves with the results in order. */',
      `async function ${INLINE_HELPER}<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {`,
      '  const results: R[] = new Array(items.length);',
      '  let next = 0;',
      '  const worker = async (): Promise<void> => {',
      '    while (next < items.length) {',
      '      const index = next++;',
      '      results[index] = await task(items[index]!, index);',
      '    }',
      '  };',
      '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));',
      '  return results;',
      '}',
      '',
    ].join('\n');
  }
  return [
    '',
    '',
    '/** Runs `task` over `items` with at most `limit` running at once; resolves with the results in order. */',
    `async function ${INLINE_HELPER}(items, limit, task) {`,
    '  const results = new Array(items.length);',
    '  let next = 0;',
    '  const worker = async () => {',
    '    while (next < items.length) {',
    '      const index = next++;',
    '      results[index] = await task(items[index], index);',
    '    }',
    '  };',
    '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));',
    '  return results;',
    '}',
    '',
  ].join('\n');
}

function concurrencyFix(fanOut: FanOut, limit: number, context: RuleContext): ReportFix | undefined {
  const { combinator, mapCall, callback, source, method } = fanOut;
  if (!mapCall || !callback) return undefined;
  const sourceFile = context.sourceFile;
  const text = (node: ts.Node): string => nodeText(node, sourceFile);
  const replaceCall = (newText: string) => ({ start: combinator.getStart(sourceFile), end: combinator.getEnd(), newText });

  if (method === 'all' && usablePackage('p-map', context)) {
    const existing = importedName('p-map', context);
    const name = existing ?? 'pMap';
    if (existing || isFree(name, combinator, context)) {
      const edits = [replaceCall(`${name}(${text(source)}, ${text(callback)}, { concurrency: ${limit} })`)];
      if (!existing) edits.push(importEdit('p-map', name, context));
      return { title: `Run at most ${limit} at a time (p-map)`, edits };
    }
  }
  if (usablePackage('p-limit', context)) {
    const existing = importedName('p-limit', context);
    const factory = existing ?? 'pLimit';
    const limiter = ['limit', 'limitConcurrency'].find((n) => isFree(n, combinator, context));
    const statement = enclosingStatement(combinator);
    if ((existing || isFree(factory, combinator, context)) && limiter && statement) {
      let wrapped: string;
      if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) {
        const params = callback.parameters.map((p) => text(p)).join(', ');
        wrapped = `(${params}) => ${limiter}(${isAsync(callback) ? 'async ' : ''}() => ${text(callback.body)})`;
      } else {
        wrapped = `(item, index) => ${limiter}(() => ${text(callback)}(item, index))`;
      }
      const at = statement.getStart(sourceFile);
      const edits = [
        { start: callback.getStart(sourceFile), end: callback.getEnd(), newText: wrapped },
        { start: at, end: at, newText: `const ${limiter} = ${factory}(${limit});\n${indentationAt(sourceFile.text, at)}` },
      ];
      if (!existing) edits.push(importEdit('p-limit', factory, context));
      return { title: `Run at most ${limit} at a time (p-limit)`, edits };
    }
  }
  if (method !== 'all') return undefined;
  const existingHelper = context.lookupBinding(INLINE_HELPER, sourceFile);
  if (existingHelper && existingHelper.kind !== 'function') return undefined;
  const edits = [replaceCall(`${INLINE_HELPER}(${text(source)}, ${limit}, ${text(callback)})`)];
  if (!existingHelper) {
    const end = sourceFile.text.replace(/\s+$/, '').length;
    edits.push({ start: end, end: sourceFile.text.length, newText: helperText(/\.[cm]?tsx?$/i.test(sourceFile.fileName)) });
  }
  return { title: `Run at most ${limit} at a time (a small inline limiter)`, edits };
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isStatement(current) && (ts.isBlock(current.parent) || ts.isSourceFile(current.parent) || ts.isCaseClause(current.parent))) return current;
    if (ts.isFunctionLike(current)) return undefined;
  }
  return undefined;
}

export const rule: RuleModule = {
  meta: {
    id: 'no-unbounded-fan-out',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      fromRequest:
        '`Promise.{{method}}` starts one call per element of `{{source}}` all at once, and the client decides how many elements there are: one request with 10,000 items opens 10,000 concurrent {{target}}, and {{users}} concurrent users multiply that. Reject arrays over a maximum (`if ({{source}}.length > 100) …`) or run the calls {{limit}} at a time{{limitNote}}.',
      fromCaller:
        '`Promise.{{method}}` starts one call per element of `{{source}}` all at once, and a caller of `{{fn}}` passes it an array straight from the request: the client decides how many calls start, so one request with 10,000 items opens 10,000 concurrent {{target}}, and {{users}} concurrent users multiply that. Reject arrays over a maximum where the request is read, or run the calls {{limit}} at a time{{limitNote}}.',
      sequentialFromRequest:
        '{{loop}} over `{{source}}` awaits {{what}} once per element, one after another, and the client decides how many elements there are: {{cost}}{{held}}. Reject arrays over a maximum in validation (`.max(100)`, `if ({{source}}.length > 100) …`), or do the work in {{batch}}.',
      sequentialFromCaller:
        '{{loop}} over `{{source}}` awaits {{what}} once per element, one after another, and a caller of `{{fn}}` passes it an array straight from the request: {{cost}}{{held}}. Reject arrays over a maximum where the request is read, or do the work in {{batch}}.',
      fromQuery:
        '`Promise.{{method}}` starts one call per row of `{{source}}` all at once, and those rows come from {{query}}, which has no limit: as the table grows this request starts thousands of concurrent {{target}}. Limit the query and run the calls {{limit}} at a time{{limitNote}}.',
    },
    docs: {
      description:
        'Reports `Promise.all`/`allSettled`/`any`/`race` over one I/O call per element of an array from the request (`req.body.items`, or a validated array with no maximum) or from an unbounded query result, and loops that await one I/O call per element of such a request array in turn.',
      rationale: [
        '`Promise.all(items.map(save))` starts every call at once. With an array the client controls, one request can start 10,000 database queries or HTTP calls in the same tick: the pool (pg and mysql2 hold 10 connections by default) queues the other 9,990 with their closures and buffers in memory, every other user\'s queries wait behind them, and the downstream service sees a burst it may not survive. At 1,000 concurrent users the numbers multiply.',
        'An array read from the database without a limit has the same problem, later: it is small in the first week and grows with the table.',
        'The sequential form trades the burst for time: `for (const id of req.body.linkIds) await getPermission(id)` makes one round trip per element, one after another. At ~1–5 ms a database round trip, 10,000 ids keep one request running 10–50 s (an outbound HTTP call at ~50 ms: about 8 minutes), holding its socket and memory; inside a transaction or on a checked-out client it also holds one of the pool\'s connections (10 by default in pg and mysql2) the whole time, so a handful of such requests stall every other user. `for … of`, indexed `for (let i = 0; i < ids.length; i++)`, `for await` and async `reduce` chains are reported when the loop awaits a database or ORM call, a Redis command, an outbound HTTP call, or project code (here or in another file) that the project\'s summaries show doing one of those. Cap the array in validation, or do the work in one batched call: `WHERE id = ANY($1)` / `IN (…)`, `createMany`/`insertMany`, `MGET` or a Redis pipeline. No fix is offered: a batched rewrite changes behaviour (one failure fails the batch).',
        'Run the calls with a concurrency limit instead (`p-map` with `{ concurrency }`, `p-limit`, or a small inline limiter), sized to the pool the calls use, and reject requests whose arrays exceed a maximum.',
        'Validation does not bound an array unless it sets a maximum: `schema.parse(req.body).items` is reported when the zod, joi or yup schema (in this file or imported) declares `items` as an array with no `.max(n)`/`.length(n)`, and a NestJS `@Body()` DTO field is reported unless class-validator\'s `@ArrayMaxSize(n)` caps it. A schema that caps the array also bounds `req.body.<array>` when a validator middleware registered with the handler applies it (`router.post(path, validate(schema), handler)`) or the handler validates `req.body` with it first.',
        'A helper that receives the array as a parameter (`async function tagPhotos(ids) { await Promise.all(ids.map(…)) }`) is reported when some caller in the project passes it the client\'s array unchecked (`tagPhotos(req.body.photoIds)`, in this file or another); callers that pass constants, query results, server-side data (`req.user.teamIds`), an array whose length they compare first, an array behind validation middleware, or a field of a NestJS DTO (which class-validator may cap) keep it quiet. The query of `new URL(req.url, base).searchParams.getAll(\'id\')` in a plain `http` server and Next.js `request.nextUrl.searchParams.getAll(\'id\')` are request arrays too.',
        'Not reported: fixed literal lists, arrays cut to a constant (`.slice(0, 10)`), arrays whose length is checked earlier in the function (`if (items.length > 100) return …`), arrays a schema caps (`z.array(x).max(50)`, `Joi.array().max(50)`, `yup.array().max(50)`, `@ArrayMaxSize(50)`) or reshapes in ways the rule cannot read (`.transform`, a refinement), and maps of pure CPU work. Loops are not reported over rows of a query (no-unbounded-query judges its limit), over `Object.keys(…)`, or when what they await is no I/O (a delay, a schema check, a project function that only computes).',
      ].join('\n\n'),
      bad: [
        "import { Pool } from 'pg';",
        '',
        'const pool = new Pool({ max: 10 });',
        '',
        "app.post('/orders/bulk', async (req, res) => {",
        '  const saved = await Promise.all(req.body.orders.map((order) => orders.create(order)));',
        '  res.status(201).json(saved);',
        '});',
        '',
        "app.post('/orders/cancel', async (req, res) => {",
        '  for (const id of req.body.orderIds) {',
        "    await pool.query('UPDATE orders SET status = $1 WHERE id = $2', ['cancelled', id]);",
        '  }',
        '  res.status(204).end();',
        '});',
      ].join('\n'),
      good: [
        "import { Pool } from 'pg';",
        '',
        'const pool = new Pool({ max: 10 });',
        '',
        "app.post('/orders/bulk', async (req, res) => {",
        '  const { orders: input } = req.body;',
        '  if (!Array.isArray(input) || input.length > 100) return res.status(413).end();',
        '  const saved = await Promise.all(input.map((order) => orders.create(order)));',
        '  res.status(201).json(saved);',
        '});',
        '',
        "app.post('/orders/cancel', async (req, res) => {",
        '  // One round trip for the whole array.',
        "  await pool.query('UPDATE orders SET status = $1 WHERE id = ANY($2)', ['cancelled', req.body.orderIds]);",
        '  res.status(204).end();',
        '});',
      ].join('\n'),
      whenNotToUse:
        'When the array is validated where the rule cannot see it (a schema with a maximum length applied by app-wide middleware or a framework plugin, then `req.body.items`), or the calls are pure CPU work behind a promise, disable the rule for that line.',
    },
  },
  create(context) {
    let analyzer: QueryAnalyzer | undefined;
    const queries = (): QueryAnalyzer => (analyzer ??= createQueryAnalyzer(context));
    return {
      ForOfStatement: (loop) => {
        checkSequential(loop, loop.awaitModifier ? '`for await`' : '`for … of`', loop.expression, loop.statement, loop.expression, context, queries);
      },
      ForStatement: (loop) => {
        const source = indexedSource(loop);
        if (source) checkSequential(loop, 'This `for` loop', source, loop.statement, source, context, queries);
      },
      CallExpression: (call) => {
        const callee = call.expression;
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'reduce') {
          const chain = reduceChain(call);
          if (chain?.body) checkSequential(call, 'This async `reduce` chain', callee.expression, chain.body, callee.name, context, queries);
          return;
        }
        if (!ts.isPropertyAccessExpression(callee) || !PROMISE_COMBINATORS.has(callee.name.text)) return;
        const value = context.resolve(callee);
        if (value.kind !== 'library' || value.module !== 'global' || value.path[0] !== 'Promise' || value.path.length !== 2) return;
        const fanOut = fanOutOf(call, callee.name.text, context);
        if (!fanOut || !doesIo(fanOut.work, context)) return;
        analyzer ??= createQueryAnalyzer(context);
        const origin = originOf(fanOut.source, analyzer, context);
        if (!origin || lengthCheckedBefore(fanOut.source, call, context)) return;
        const pool = poolSizeIn(fanOut.work, context);
        const limit = pool?.size ?? DEFAULT_CONCURRENCY;
        const fix = concurrencyFix(fanOut, limit, context);
        const messageId = origin.kind === 'request' ? 'fromRequest' : origin.kind === 'caller' ? 'fromCaller' : 'fromQuery';
        const fnName = origin.fn ? functionName(origin.fn, context.sourceFile) : undefined;
        context.report({
          node: callee,
          messageId,
          data: {
            method: fanOut.method,
            fn: fnName ?? 'this function',
            source: sourceText(fanOut.source, context),
            users: formatNumber(REFERENCE_USERS),
            target: pool ? `queries against a ${pool.label} of ${pool.size} connections (the rest wait in its queue, holding memory)` : 'calls',
            limit,
            limitNote: pool ? ', the pool\'s size' : ` (${DEFAULT_CONCURRENCY}, the default pg and mysql2 pool size, is a safe start)`,
            // "The SELECT on `x`" reads mid-sentence as "the SELECT on `x`".
            query: origin.read ? origin.read.what.replace(/^(The|This) /, (w) => w.toLowerCase()) : 'a query',
          },
          fixes: fix ? [fix] : [],
          // Rows of a lookup by a key the schema declares: one row, nothing to fan out over.
          unlessProjectFact: origin.kind === 'query' ? origin.read?.uniqueIf : undefined,
          // Kept only when some caller passes the client's array, unchecked, for that parameter.
          callers: origin.kind === 'caller' ? [{ kind: 'passes-request', fn: origin.fn!, indexes: [origin.index!], fields: CLIENT_ARRAY_FIELDS, uncapped: true }] : undefined,
        });
      },
    };
  },
};
