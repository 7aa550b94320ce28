// no-input-sized-allocation: memory allocated (Buffer.alloc, new Array(n), 'x'.repeat(n),
// ArrayBuffer, typed arrays, Array.from({ length: n }), crypto.randomBytes) or a timer armed
// (setTimeout(fn, n)) with a size the client chose (query, params, headers, body), with no bound
// in sight. Values are followed through local variables and numeric conversions; a comparison, a
// Math.min clamp, a validator call or an unknown function on the way counts as a bound.
import { ts } from '@ts-morph/common';
import { REFERENCE_USERS } from '../engine/library-defaults';
import { formatNumber, functionName, nodeText } from './utils';
import { isRelationalComparison, requestInput, some, type InputKind } from './request-data';
import type { RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

/** What flows into a sink: how the client's value arrives and the names it passed through. */
interface Taint {
  /** 'numeric' after a conversion (Number(), parseInt, +x, arithmetic); 'string' raw; 'any' from a parsed body. */
  kind: 'numeric' | InputKind;
  /** The request expression it came from, as written (`req.query.size`). */
  source: string;
  /** Local variables it passed through (a comparison on any of them is a bound). */
  names: string[];
  /**
   * The value is a parameter of `fn` (at `index`): request input only if a caller passes it (in
   * this file or another); the engine keeps the finding when one does (CallerCondition).
   */
  viaParameter?: { fn: ts.SignatureDeclaration; index: number };
}

/** Request fields whose values the client chooses, for a size passed in by a caller. */
const CLIENT_FIELDS = ['query', 'params', 'body', 'headers', 'cookies'];

const MAX_DEPTH = 12;
const NUMERIC_CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat']);
const MATH_PASS_THROUGH = new Set(['floor', 'ceil', 'round', 'trunc', 'abs', 'max']);
const STRING_PASS_THROUGH = new Set(['toString', 'trim', 'valueOf']);
const TYPED_ARRAYS = new Set([
  'ArrayBuffer', 'SharedArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Uint16Array', 'Int16Array',
  'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);
const BUFFER_ALLOCATORS = new Set(['alloc', 'allocUnsafe', 'allocUnsafeSlow']);
const STRING_GROWERS = new Set(['repeat', 'padStart', 'padEnd']);
/** Calls that check a value against a schema or clamp it (zod, joi, yup, class-validator, our own). */
const VALIDATOR_NAME = /^(validate\w*|safeParse|parse|assert\w*|clamp|check\w*|sanitize\w*)$/;

function isGlobal(name: string, node: ts.Node, context: RuleContext): boolean {
  return context.lookupBinding(name, node) === undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isAwaitExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isTypeAssertionExpression(expr)
  ) {
    expr = expr.expression;
  }
  return expr;
}

function withKind(taint: Taint | undefined, kind: Taint['kind']): Taint | undefined {
  return taint ? { ...taint, kind } : undefined;
}

function taintOfCall(call: ts.CallExpression, context: RuleContext, depth: number): Taint | undefined {
  const callee = call.expression;
  const first = call.arguments[0];
  if (ts.isIdentifier(callee) && isGlobal(callee.text, callee, context)) {
    if (NUMERIC_CONVERSIONS.has(callee.text)) return first ? withKind(taintOf(first, context, depth), 'numeric') : undefined;
    if (callee.text === 'String') return first ? withKind(taintOf(first, context, depth), 'string') : undefined;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const owner = callee.expression;
    const method = callee.name.text;
    if (ts.isIdentifier(owner) && isGlobal(owner.text, owner, context)) {
      if (owner.text === 'Number' && (method === 'parseInt' || method === 'parseFloat')) return first ? withKind(taintOf(first, context, depth), 'numeric') : undefined;
      if (owner.text === 'Math') {
        const taints = call.arguments.map((a) => taintOf(a, context, depth));
        // Math.min(n, MAX) is the clamp; it stays unbounded only if every argument is the client's.
        if (method === 'min') return taints.every((t) => t !== undefined) ? withKind(taints[0], 'numeric') : undefined;
        if (MATH_PASS_THROUGH.has(method)) return withKind(taints.find((t) => t !== undefined), 'numeric');
        return undefined;
      }
    }
    if (STRING_PASS_THROUGH.has(method) && call.arguments.length === 0) {
      const inner = taintOf(owner, context, depth);
      if (inner) return inner;
    }
  }
  // `req.get('X-Size')`, `searchParams.get('n')`, `c.req.query('n')`.
  const input = requestInput(call, context);
  return input ? { kind: input.kind, source: nodeText(call, context.sourceFile), names: [] } : undefined;
}

function taintOfBinary(expr: ts.BinaryExpression, context: RuleContext, depth: number): Taint | undefined {
  switch (expr.operatorToken.kind) {
    case SyntaxKind.AsteriskToken:
    case SyntaxKind.AsteriskAsteriskToken:
    case SyntaxKind.MinusToken:
    case SyntaxKind.BarToken:
    case SyntaxKind.LessThanLessThanToken:
      return withKind(taintOf(expr.left, context, depth) ?? taintOf(expr.right, context, depth), 'numeric');
    case SyntaxKind.SlashToken:
      return withKind(taintOf(expr.left, context, depth), 'numeric');
    case SyntaxKind.PlusToken:
      return taintOf(expr.left, context, depth) ?? taintOf(expr.right, context, depth);
    // `req.query.n || 10`: the default only applies when the client sent nothing.
    case SyntaxKind.BarBarToken:
    case SyntaxKind.QuestionQuestionToken:
      return taintOf(expr.left, context, depth);
    case SyntaxKind.CommaToken:
      return taintOf(expr.right, context, depth);
    default:
      return undefined;
  }
}

function taintOfIdentifier(id: ts.Identifier, context: RuleContext, depth: number): Taint | undefined {
  const binding = context.lookupBinding(id.text, id);
  if (!binding) return undefined;
  if (binding.kind === 'var' && binding.destructure.length === 0 && binding.init) {
    const inner = taintOf(binding.init, context, depth);
    if (!inner) return undefined;
    // `let n = Number(req.query.n); … n = Math.min(n, 100)`: a reassignment that bounds wins.
    if (binding.assignments.some((assigned) => !taintOf(assigned, context, depth))) return undefined;
    return { ...inner, names: [...inner.names, id.text] };
  }
  const input = requestInput(id, context);
  if (input) return { kind: input.kind, source: id.text, names: [id.text] };
  // `function scheduleReminder(userId, todo, minutes)`: what flows in is the callers' business.
  const value = context.resolve(id);
  if (binding.kind === 'param' && value.kind === 'parameter' && !value.node.dotDotDotToken && ts.isFunctionLike(value.node.parent)) {
    const fn = value.node.parent;
    return { kind: 'string', source: id.text, names: [id.text], viaParameter: { fn, index: fn.parameters.indexOf(value.node) } };
  }
  return undefined;
}

/** Follows an expression back to request input, through locals, conversions and arithmetic. */
function taintOf(input: ts.Expression, context: RuleContext, depth = 0): Taint | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const next = depth + 1;
  const expr = unwrap(input);
  if (ts.isIdentifier(expr)) return taintOfIdentifier(expr, context, next);
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
    const found = requestInput(expr, context);
    return found ? { kind: found.kind, source: nodeText(expr, context.sourceFile), names: [] } : undefined;
  }
  if (ts.isCallExpression(expr)) return taintOfCall(expr, context, next);
  if (ts.isPrefixUnaryExpression(expr)) {
    const op = expr.operator;
    if (op === SyntaxKind.PlusToken || op === SyntaxKind.MinusToken || op === SyntaxKind.TildeToken) return withKind(taintOf(expr.operand, context, next), 'numeric');
    return undefined;
  }
  if (ts.isBinaryExpression(expr)) return taintOfBinary(expr, context, next);
  if (ts.isConditionalExpression(expr)) {
    // `n > MAX ? MAX : n` is the clamp written out.
    if (isRelationalComparison(unwrap(expr.condition))) return undefined;
    return taintOf(expr.whenTrue, context, next) ?? taintOf(expr.whenFalse, context, next);
  }
  return undefined;
}

/** Text of `node` mentions one of `names` as an identifier, or the source expression. */
function mentions(node: ts.Node, taint: Taint, context: RuleContext): boolean {
  if (nodeText(node, context.sourceFile).includes(taint.source)) return true;
  return some(node, (child) => ts.isIdentifier(child) && taint.names.includes(child.text));
}

/**
 * A bound somewhere in the functions around the sink: a comparison on the value (`if (n > MAX)`),
 * a validator given it (`schema.parse(req.query)`), or validation middleware with a `max` next to
 * the handler in its route registration.
 */
function isBounded(sink: ts.Node, taint: Taint, context: RuleContext): boolean {
  const sourceRoot = taint.source.split(/[.[(]/)[0]!;
  let outermost: ts.SignatureDeclaration | undefined;
  for (let fn = context.enclosingFunction(sink); fn; fn = context.enclosingFunction(fn)) {
    outermost = fn;
    const bounded = some(fn, (node) => {
      if (isRelationalComparison(node)) return mentions(node, taint, context);
      if (ts.isCallExpression(node)) {
        const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : undefined;
        if (!name || !VALIDATOR_NAME.test(name) || name === 'parse' && nodeText(node.expression, context.sourceFile) === 'JSON.parse') return false;
        return node.arguments.some((arg) => mentions(arg, taint, context) || nodeText(arg, context.sourceFile) === sourceRoot);
      }
      return false;
    });
    if (bounded) return true;
  }
  // `router.get('/x', query('size').isInt({ max: 1000 }), handler)` (express-validator, celebrate…).
  const registration = outermost?.parent;
  if (outermost && registration && ts.isCallExpression(registration)) {
    return registration.arguments.some(
      (arg) => arg !== outermost && ts.isCallExpression(arg) && some(arg, (node) => ts.isIdentifier(node) && node.text === 'max'),
    );
  }
  return false;
}

interface Sink {
  /** The node reported: the callee. */
  node: ts.Node;
  label: string;
  size: ts.Expression | undefined;
  /** Raw strings from the query cannot size this one (Buffer.alloc('10') throws, new Array('10') is ['10']). */
  needsNumber: boolean;
  timer?: boolean;
}

function sinkOfCall(call: ts.CallExpression, context: RuleContext): Sink | undefined {
  const callee = call.expression;
  const value = context.resolve(callee);
  const args = call.arguments;
  if (value.kind === 'library') {
    const path = value.path.join('.');
    if ((value.module === 'global' && /^Buffer\.(alloc|allocUnsafe|allocUnsafeSlow)$/.test(path)) || (value.module === 'buffer' && value.path[0] === 'Buffer' && BUFFER_ALLOCATORS.has(value.path[1] ?? ''))) {
      return { node: callee, label: `Buffer.${value.path[value.path.length - 1]}()`, size: args[0], needsNumber: true };
    }
    if (value.module === 'crypto' && path === 'randomBytes') return { node: callee, label: 'crypto.randomBytes()', size: args[0], needsNumber: true };
    if ((value.module === 'global' || value.module === 'timers') && (path === 'setTimeout' || path === 'setInterval')) {
      return { node: callee, label: `${path}()`, size: args[1], needsNumber: false, timer: true };
    }
    if (value.module === 'timers/promises' && (path === 'setTimeout' || path === 'setInterval')) {
      return { node: callee, label: `${path}()`, size: args[0], needsNumber: false, timer: true };
    }
    if (value.module === 'global' && path === 'Array' && args.length === 1) return { node: callee, label: 'Array()', size: args[0], needsNumber: true };
    if (value.module === 'global' && path === 'Array.from') {
      const first = args[0] && unwrap(args[0]);
      if (!first || !ts.isObjectLiteralExpression(first)) return undefined;
      const length = first.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'length');
      return length && ts.isPropertyAssignment(length) ? { node: callee, label: 'Array.from({ length })', size: length.initializer, needsNumber: false } : undefined;
    }
    return undefined;
  }
  // `'-'.repeat(n)`, `id.padStart(width, '0')`: methods of strings (lodash's `_.repeat(str, n)` resolves to the library).
  if (value.kind === 'unknown' || value.kind === 'parameter' || value.kind === 'expression') {
    if (ts.isPropertyAccessExpression(callee) && STRING_GROWERS.has(callee.name.text) && args.length >= 1) {
      return { node: callee, label: `.${callee.name.text}()`, size: args[0], needsNumber: false };
    }
  }
  return undefined;
}

function sinkOfNew(creation: ts.NewExpression, context: RuleContext): Sink | undefined {
  const callee = creation.expression;
  const args = creation.arguments ?? [];
  if (!ts.isIdentifier(callee) || !isGlobal(callee.text, callee, context) || args.length !== 1) return undefined;
  if (callee.text === 'Array') return { node: callee, label: 'new Array()', size: args[0], needsNumber: true };
  if (TYPED_ARRAYS.has(callee.text)) return { node: callee, label: `new ${callee.text}()`, size: args[0], needsNumber: false };
  return undefined;
}

function check(sink: Sink | undefined, context: RuleContext): void {
  if (!sink?.size) return;
  const taint = taintOf(sink.size, context);
  if (!taint) return;
  const via = taint.viaParameter;
  // A parameter used as is: a caller's query string cannot size a Buffer (it throws), a parsed body can.
  if (sink.needsNumber && taint.kind === 'string' && !via) return;
  if (isBounded(sink.node, taint, context)) return;
  if (via) {
    context.report({
      node: sink.node,
      messageId: sink.timer ? 'timerFromCaller' : 'allocationFromCaller',
      data: { call: sink.label, source: taint.source, fn: functionName(via.fn, context.sourceFile), users: formatNumber(REFERENCE_USERS) },
      callers: [{ kind: 'passes-request', fn: via.fn, indexes: [via.index], fields: sink.needsNumber && taint.kind === 'string' ? ['body'] : CLIENT_FIELDS, uncapped: true }],
    });
    return;
  }
  context.report({
    node: sink.node,
    messageId: sink.timer ? 'timerFromInput' : 'allocationFromInput',
    data: { call: sink.label, source: taint.source, users: formatNumber(REFERENCE_USERS) },
  });
}

export const rule: RuleModule = {
  meta: {
    id: 'no-input-sized-allocation',
    category: 'memory',
    defaultSeverity: 'error',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      allocationFromCaller:
        '{{call}} is sized by `{{source}}`, which a caller of `{{fn}}` passes from the request with no upper bound: one request asking for 2 GB stops the process for everyone (or crashes it), and {{users}} requests asking for 10 MB each need 10 GB. Reject or clamp the size where the request is read, or here (`Math.min(n, MAX)`).',
      timerFromCaller:
        '{{call}} takes its delay from `{{source}}`, which a caller of `{{fn}}` passes from the request with no upper bound: the timer keeps its callback and everything it references alive for as long as the client asks, so {{users}} clients asking for 24 days hold {{users}} timers and what they reference for 24 days. Clamp the delay to a small maximum where the request is read, or here.',
      allocationFromInput:
        '{{call}} is sized by request input (`{{source}}`) with no upper bound: one request asking for 2 GB stops the process for everyone (or crashes it), and {{users}} requests asking for 10 MB each need 10 GB. Reject or clamp the size first, e.g. `Math.min(n, MAX)` or `if (n > MAX) return res.status(400)…`.',
      timerFromInput:
        '{{call}} takes its delay from request input (`{{source}}`) with no upper bound: the timer keeps its callback and everything it references (the request, the response, their buffers) alive for as long as the client asks, so {{users}} clients asking for an hour hold {{users}} requests in memory for an hour. Clamp the delay to a small maximum.',
    },
    docs: {
      description:
        'Reports memory allocated (`Buffer.alloc`, `new Array(n)`, `repeat`, `ArrayBuffer` and typed arrays, `Array.from({ length })`, `crypto.randomBytes`) and timers armed with a size or delay taken from the request without an upper bound.',
      rationale: [
        'Allocation sized by the client is a lever anyone can pull: `Buffer.alloc(Number(req.query.size))` with `size=2000000000` allocates 2 GB in one request, stalling the event loop while it zero-fills and usually ending in an out-of-memory crash that takes every other user\'s request with it. Even honest traffic multiplies: 1,000 concurrent users asking for 10 MB each need 10 GB.',
        'A delay taken from the request (`setTimeout(done, req.query.wait)`) keeps the request, its response and everything the callback references in memory for as long as the client asks.',
        'The rule follows the value through local variables, destructuring and numeric conversions (`Number`, `parseInt`, `+x`, arithmetic), and into the functions it is passed to: `setTimeout(fire, Number(minutes) * 60_000)` in `scheduleReminder(userId, todo, minutes)` is reported when some caller in the project, in this file or another, passes `minutes` from the request (`scheduleReminder(user.id, todo, ctx.request.body.remind_in_minutes)`) without comparing it first; callers that pass constants or their own values keep it quiet. It accepts a bound it can see: `Math.min(n, MAX)`, a comparison on the value anywhere in the handler (`if (n > MAX) return …`), a validator call given the input (`schema.parse(req.query)`), or validation middleware with a `max` in the route registration. Passing the value through any other function counts as a bound, so helpers that clamp are trusted.',
        'CodeQL\'s `js/resource-exhaustion` query covers the same ground with full taint tracking; this rule catches the common shapes while you type.',
      ].join('\n\n'),
      bad: [
        "app.get('/padding', (req, res) => {",
        '  const size = Number(req.query.size);',
        '  res.send(Buffer.alloc(size));',
        '});',
      ].join('\n'),
      good: [
        'const MAX_PADDING = 64 * 1024;',
        '',
        "app.get('/padding', (req, res) => {",
        '  const size = Math.min(Number(req.query.size) || 0, MAX_PADDING);',
        '  res.send(Buffer.alloc(size));',
        '});',
      ].join('\n'),
      whenNotToUse:
        'Sizes that come from trusted callers (an internal admin API behind authentication) may not need a bound; disable the rule for that line. Only values read from the request by its usual names (`req`, `request`, `ctx`, NestJS `@Query()`/`@Param()`/`@Body()` fields) are followed, directly or one call deep into a function they are passed to; a value that passes through a second function on the way is not.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => check(sinkOfCall(call, context), context),
      NewExpression: (creation) => check(sinkOfNew(creation, context), context),
    };
  },
};
