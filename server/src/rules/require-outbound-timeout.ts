// require-outbound-timeout: an outbound HTTP call made while serving a request that can wait
// forever (fetch, axios, got, node-fetch, http.request, undici, superagent) because nothing bounds it.
import { ts } from '@ts-morph/common';
import { isLibrary, type Value } from '../engine/values';
import { LIBRARY_DEFAULTS, SUGGESTED_OUTBOUND_TIMEOUT_MS } from '../engine/library-defaults';
import { addPropertyEdit, formatNumber, mayHaveOption, nodeText, numericValue, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { RuleContext, RuleModule, ReportFix } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const AXIOS_BODYLESS = new Set(['get', 'delete', 'head', 'options']);
const AXIOS_WITH_BODY = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream']);
const FETCH_MODULES = ['node-fetch', 'cross-fetch', 'isomorphic-fetch'];
const TIMEOUT_OPTIONS = ['timeout', 'signal', 'cancelToken'];
/** undici: a signal bounds the whole call; its own timeouts (or a dispatcher that sets them) lower the 300 s defaults. */
const UNDICI_TIMEOUT_OPTIONS = ['signal', 'headersTimeout', 'bodyTimeout', 'dispatcher'];
const UNDICI_DISPATCHERS: Record<string, number> = { Pool: 1, Client: 1, BalancedPool: 1, Agent: 0 };
const SUPERAGENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']);
/** superagent chain calls that bound the request (`.timeout(ms)`) or may (a plugin from `.use()`). */
const SUPERAGENT_BOUNDS = new Set(['timeout', 'use']);

type Client = 'fetch' | 'axios' | 'got' | 'http' | 'undici' | 'superagent' | 'ky' | 'ofetch';

const KY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** ofetch's exports that send a request, and their `.raw` variant (same options). */
const OFETCH_CALLERS = new Set(['ofetch', '$fetch']);

interface OutboundCall {
  client: Client;
  label: string;
  /** The options argument, if the call shape has one; undefined index = none possible. */
  optionsIndex: number;
  /** For instances: the creation call whose options apply to every request through it. */
  instanceCreation?: ts.CallExpression | ts.NewExpression;
  /** Which argument of the creation holds those options (default 0). */
  instanceOptionsIndex?: number;
  /** `instance.defaults`, whose later assignments also apply. */
  instanceDefaults?: Value;
  /** http.get/request: the response callback sits where the options would go (`https.get(url, cb)`). */
  callbackAtOptions?: boolean;
  /** fetch from a package (`node-fetch`), which has none of Node's built-in fetch timeouts. */
  fetchPackage?: string;
}

/** A name that holds a URL by every convention we know (`url`, `targetUrl`, `endpoint`, `href`). */
const URL_NAME = /(url|uri|href|endpoint)$/i;

/** Names that hold a callback by convention (`https.get(url, resolve)` inside a Promise). */
const CALLBACK_NAME = /^(resolve|cb|callback|done|next|handler|on[A-Z]\w*|handle[A-Z]\w*)$/;

/** A function passed as an argument: written inline, declared in this file, or named like one. */
function isCallback(arg: ts.Expression | undefined, context: RuleContext): boolean {
  if (!arg) return false;
  if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return true;
  return ts.isIdentifier(arg) && (CALLBACK_NAME.test(arg.text) || context.resolve(arg).kind === 'function');
}

/** True when the expression is certainly a URL (string or URL object), never an options object. */
function isUrlLike(arg: ts.Expression, context: RuleContext): boolean {
  if (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg)) return true;
  if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === SyntaxKind.PlusToken) return isUrlLike(arg.left, context) || isUrlLike(arg.right, context);
  if (ts.isNewExpression(arg) && ts.isIdentifier(arg.expression) && arg.expression.text === 'URL') return true;
  const name = ts.isIdentifier(arg) ? arg.text : ts.isPropertyAccessExpression(arg) ? arg.name.text : undefined;
  if (name && URL_NAME.test(name)) return true;
  if (ts.isIdentifier(arg)) {
    const value = context.resolve(arg);
    if (value.kind === 'expression' && value.node !== arg) return isUrlLike(value.node, context);
  }
  return false;
}

function classify(call: ts.CallExpression, context: RuleContext): OutboundCall | undefined {
  const callee = context.resolve(call.expression);
  const fetchPackage = FETCH_MODULES.find((m) => isLibrary(callee, m));
  if (fetchPackage) return { client: 'fetch', label: 'fetch()', optionsIndex: 1, fetchPackage };
  if (isLibrary(callee, 'global', 'fetch') || isLibrary(callee, 'undici', 'fetch')) {
    return { client: 'fetch', label: 'fetch()', optionsIndex: 1 };
  }
  if (isLibrary(callee, 'undici', 'request')) return { client: 'undici', label: 'undici request()', optionsIndex: 1 };
  if (callee.kind === 'instance' && callee.module === 'undici' && callee.path.length === 1 && callee.path[0] === 'request') {
    const index = UNDICI_DISPATCHERS[callee.factory.join('.')];
    if (index === undefined) return undefined;
    return { client: 'undici', label: `undici ${callee.factory.join('.')} .request()`, optionsIndex: 0, instanceCreation: callee.creation, instanceOptionsIndex: index };
  }
  if (callee.kind === 'library' && callee.module === 'superagent') {
    const [method, ...rest] = callee.path;
    if (rest.length > 0) return undefined;
    if (method === undefined) return { client: 'superagent', label: 'superagent()', optionsIndex: -1 };
    if (SUPERAGENT_METHODS.has(method)) return { client: 'superagent', label: `superagent.${method}()`, optionsIndex: -1 };
    return undefined;
  }
  if (callee.kind === 'instance' && callee.module === 'superagent' && callee.factory.join('.') === 'agent') {
    const method = callee.path[callee.path.length - 1];
    // `superagent.agent().timeout(5000)`: every request through the agent is bounded.
    if (!method || !SUPERAGENT_METHODS.has(method) || callee.path.slice(0, -1).some((p) => SUPERAGENT_BOUNDS.has(p))) return undefined;
    return { client: 'superagent', label: `superagent agent .${method}()`, optionsIndex: -1, instanceCreation: callee.creation };
  }
  if (callee.kind === 'library' && callee.module === 'axios') {
    const [method, ...rest] = callee.path;
    if (method === undefined) return { client: 'axios', label: 'axios()', optionsIndex: call.arguments.length >= 2 || (call.arguments[0] && ts.isStringLiteralLike(call.arguments[0])) ? 1 : 0 };
    if (rest.length > 0) return undefined;
    if (AXIOS_BODYLESS.has(method)) return { client: 'axios', label: `axios.${method}()`, optionsIndex: 1 };
    if (AXIOS_WITH_BODY.has(method)) return { client: 'axios', label: `axios.${method}()`, optionsIndex: 2 };
    if (method === 'request') return { client: 'axios', label: 'axios.request()', optionsIndex: 0 };
    return undefined;
  }
  if (callee.kind === 'instance' && callee.module === 'axios' && callee.factory.join('.') === 'create') {
    const [method, ...rest] = callee.path;
    const base = { client: 'axios' as const, instanceCreation: callee.creation, instanceDefaults: { ...callee, path: ['defaults'] } };
    if (rest.length > 0) return undefined;
    if (method === undefined) return undefined;
    if (AXIOS_BODYLESS.has(method)) return { ...base, label: `axios instance .${method}()`, optionsIndex: 1 };
    if (AXIOS_WITH_BODY.has(method)) return { ...base, label: `axios instance .${method}()`, optionsIndex: 2 };
    if (method === 'request') return { ...base, label: 'axios instance .request()', optionsIndex: 0 };
    return undefined;
  }
  if (callee.kind === 'library' && callee.module === 'got') {
    const [method, ...rest] = callee.path;
    if (rest.length > 0) return undefined;
    if (method === undefined) return { client: 'got', label: 'got()', optionsIndex: 1 };
    if (GOT_METHODS.has(method)) return { client: 'got', label: `got.${method}()`, optionsIndex: 1 };
    return undefined;
  }
  if (callee.kind === 'instance' && callee.module === 'got' && callee.factory.join('.') === 'extend') {
    const [method, ...rest] = callee.path;
    if (rest.length > 0) return undefined;
    const base = { client: 'got' as const, instanceCreation: callee.creation };
    if (method === undefined) return { ...base, label: 'got instance', optionsIndex: 1 };
    if (GOT_METHODS.has(method)) return { ...base, label: `got instance .${method}()`, optionsIndex: 1 };
    return undefined;
  }
  if (callee.kind === 'library' && callee.module === 'ky') {
    const [method, ...rest] = callee.path;
    if (rest.length > 0) return undefined;
    if (method === undefined) return { client: 'ky', label: 'ky()', optionsIndex: 1 };
    if (KY_METHODS.has(method)) return { client: 'ky', label: `ky.${method}()`, optionsIndex: 1 };
    return undefined;
  }
  if (callee.kind === 'instance' && callee.module === 'ky' && (callee.factory.join('.') === 'create' || callee.factory.join('.') === 'extend')) {
    const [method, ...rest] = callee.path;
    if (rest.length > 0 || (method !== undefined && !KY_METHODS.has(method))) return undefined;
    return { client: 'ky', label: method ? `ky instance .${method}()` : 'ky instance', optionsIndex: 1, instanceCreation: callee.creation };
  }
  if (callee.kind === 'library' && callee.module === 'ofetch') {
    const [name, ...rest] = callee.path;
    if (!name || !OFETCH_CALLERS.has(name) || rest.length > 1 || (rest.length === 1 && rest[0] !== 'raw')) return undefined;
    return { client: 'ofetch', label: `${[name, ...rest].join('.')}()`, optionsIndex: 1 };
  }
  if (callee.kind === 'instance' && callee.module === 'ofetch' && ['ofetch.create', '$fetch.create', 'createFetch'].includes(callee.factory.join('.'))) {
    if (callee.path.length > 1 || (callee.path.length === 1 && callee.path[0] !== 'raw')) return undefined;
    return { client: 'ofetch', label: callee.path.length ? 'ofetch instance .raw()' : 'ofetch instance', optionsIndex: 1, instanceCreation: callee.creation };
  }
  if (callee.kind === 'library' && (callee.module === 'http' || callee.module === 'https') && callee.path.length === 1) {
    const method = callee.path[0];
    if (method !== 'request' && method !== 'get') return undefined;
    const [first, second] = call.arguments;
    const label = `${callee.module}.${method}()`;
    if (!first || optionsShape(first, context).kind === 'object') return { client: 'http', label, optionsIndex: 0 };
    // (url, options?, callback?): the options follow a URL. An unknown first argument followed by
    // a callback or nothing may itself be the options, so it is left alone (precision first).
    if (isUrlLike(first, context) || (second && !isCallback(second, context))) {
      return { client: 'http', label, optionsIndex: 1, callbackAtOptions: isCallback(second, context) };
    }
    return { client: 'http', label, optionsIndex: 0 };
  }
  return undefined;
}

/** `req.setTimeout(…)` or `req.on('timeout', …)` on the request object returned by http.request. */
function boundAfterwards(call: ts.CallExpression, context: RuleContext): boolean {
  // `http.get(url, cb).on('error', reject).setTimeout(5000)`: follow the chain of calls on the request.
  let receiver: ts.Expression = call;
  while (ts.isPropertyAccessExpression(receiver.parent) && receiver.parent.expression === receiver && ts.isCallExpression(receiver.parent.parent)) {
    const chained = receiver.parent.parent;
    if (isTimeoutBound(receiver.parent.name.text, chained)) return true;
    receiver = chained;
  }
  const parent = call.parent;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const name = parent.name.text;
  const fn = context.enclosingFunction(call);
  let bound = false;
  const visit = (node: ts.Node): void => {
    if (bound) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === name &&
      isTimeoutBound(node.expression.name.text, node)
    ) {
      bound = true;
    }
    ts.forEachChild(node, visit);
  };
  if (fn) ts.forEachChild(fn, visit);
  return bound;
}

/** `.setTimeout(…)` or `.on('timeout', …)`; any other listener (`.on('error')`) bounds nothing. */
function isTimeoutBound(method: string, call: ts.CallExpression): boolean {
  if (method === 'setTimeout') return true;
  const event = call.arguments[0];
  return method === 'on' && event !== undefined && ts.isStringLiteralLike(event) && event.text === 'timeout';
}

/** True when the options set a timeout; `timeout: 0` is the same as none for axios and http. */
function setsTimeout(shape: OptionsShape, context: RuleContext): boolean {
  if (!mayHaveOption(shape, TIMEOUT_OPTIONS, context)) return false;
  if (shape.kind === 'object') {
    const timeout = propertyValue(shape.node, 'timeout');
    const others = mayHaveOption(shape, ['signal', 'cancelToken'], context);
    if (timeout && numericValue(timeout) === 0 && !others) return false;
  }
  return true;
}

function addOptionFix(call: ts.CallExpression, outbound: OutboundCall, shape: OptionsShape, property: string, context: RuleContext): ReportFix | undefined {
  const sourceFile = context.sourceFile;
  const index = outbound.optionsIndex;
  const title = `Add '${property}'`;
  if (outbound.callbackAtOptions) {
    // `https.get(url, cb)` → `https.get(url, { … }, cb)`: Node accepts options between the two.
    const callback = call.arguments[index]!;
    const at = callback.getStart(sourceFile);
    return { title, edits: [{ start: at, end: at, newText: `{ ${property} }, ` }] };
  }
  if (shape.kind === 'object') {
    // `timeout: 0` is present but means "none": replace its value rather than add a duplicate key.
    const separator = property.indexOf(': ');
    const existing = propertyValue(shape.node, property.slice(0, separator));
    if (existing) return { title, edits: [{ start: existing.getStart(sourceFile), end: existing.getEnd(), newText: property.slice(separator + 2) }] };
    return { title, edits: [addPropertyEdit(shape.node, property, sourceFile)] };
  }
  if (shape.kind === 'opaque') return undefined;
  // No options argument yet: only when it would land right after the existing arguments.
  if (call.arguments.length !== index) return undefined;
  if (index === 0) {
    const open = call.arguments.pos;
    return { title, edits: [{ start: open, end: open, newText: `{ ${property} }` }] };
  }
  const last = call.arguments[index - 1]!;
  return { title, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }] };
}

/** `new Request(url, init)`, written inline or held in a local variable: its init may carry a signal. */
function requestInit(arg: ts.Expression | undefined, context: RuleContext): ts.Expression | undefined {
  let expr = arg;
  if (expr && ts.isIdentifier(expr)) {
    const binding = context.lookupBinding(expr.text, expr);
    expr = binding?.kind === 'var' && binding.destructure.length === 0 ? binding.init : undefined;
  }
  if (!expr || !ts.isNewExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== 'Request') return undefined;
  return expr.arguments?.[1] ?? ts.factory.createObjectLiteralExpression();
}

/** `superagent.get(url).set(…).timeout(5000)`, or `req.timeout(…)` later on the stored request or agent. */
function superagentBounded(call: ts.CallExpression, outbound: OutboundCall, context: RuleContext): boolean {
  let receiver: ts.Expression = call;
  while (ts.isPropertyAccessExpression(receiver.parent) && receiver.parent.expression === receiver && ts.isCallExpression(receiver.parent.parent)) {
    if (SUPERAGENT_BOUNDS.has(receiver.parent.name.text)) return true;
    receiver = receiver.parent.parent;
  }
  const names: string[] = [];
  const parent = call.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
  // The agent: `const agent = superagent.agent(); agent.timeout(5000);` anywhere in the file.
  const creationParent = outbound.instanceCreation?.parent;
  if (creationParent && ts.isVariableDeclaration(creationParent) && ts.isIdentifier(creationParent.name)) names.push(creationParent.name.text);
  if (names.length === 0) return false;
  let bound = false;
  const visit = (node: ts.Node): void => {
    if (bound) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && names.includes(node.expression.expression.text) && SUPERAGENT_BOUNDS.has(node.expression.name.text)) bound = true;
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return bound;
}

function check(call: ts.CallExpression, context: RuleContext): void {
  const outbound = classify(call, context);
  if (!outbound) return;
  if (outbound.client === 'superagent') return checkSuperagent(call, outbound, context);
  if (outbound.client === 'ky') return checkKy(call, outbound, context);
  const options: OptionsShape = outbound.callbackAtOptions ? { kind: 'none' } : optionsShape(call.arguments[outbound.optionsIndex], context);
  if (outbound.client === 'undici' ? mayHaveOption(options, UNDICI_TIMEOUT_OPTIONS, context) : setsTimeout(options, context)) return;
  if (outbound.client === 'fetch') {
    const init = requestInit(call.arguments[0], context);
    if (init && setsTimeout(optionsShape(init, context), context)) return;
  }
  if (outbound.instanceCreation) {
    const instanceOptions = optionsShape(outbound.instanceCreation.arguments?.[outbound.instanceOptionsIndex ?? 0], context);
    if (outbound.client === 'undici' ? mayHaveOption(instanceOptions, UNDICI_TIMEOUT_OPTIONS, context) : setsTimeout(instanceOptions, context)) return;
    // `api.defaults.timeout = 5000` after `const api = axios.create()`.
    if (outbound.instanceDefaults && context.assignmentsTo(outbound.instanceDefaults, 'timeout').length > 0) return;
  }
  if (outbound.client === 'http' && boundAfterwards(call, context)) return;

  const timeout = formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS).replace(/,/g, '_');
  let fix: ReportFix | undefined;
  if (outbound.client === 'axios' || outbound.client === 'got' || outbound.client === 'ofetch') {
    const property = outbound.client === 'got' ? `timeout: { request: ${timeout} }` : `timeout: ${timeout}`;
    fix = addOptionFix(call, outbound, options, property, context);
  } else {
    // fetch, and http.request too: its `timeout` option only emits 'timeout' on an idle socket and
    // never ends the request by itself, while a signal aborts it.
    fix = addOptionFix(call, outbound, options, `signal: AbortSignal.timeout(${timeout})`, context);
  }
  if (fix && fix.title.startsWith("Add 'signal")) fix.title = `Abort after ${formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS)} ms with AbortSignal.timeout`;
  else if (fix) fix.title = `Add a ${formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS)} ms timeout`;

  let messageId = outbound.client === 'fetch' ? (outbound.fetchPackage ? 'fetchPackage' : 'fetch') : outbound.client === 'http' ? 'http' : outbound.client === 'undici' ? 'undici' : 'noTimeout';
  // `Promise.race([call, timer])` stops waiting, but the call goes on: say so rather than "no deadline".
  if (racedAgainstTimer(call, context)) messageId = 'raced';
  context.report({
    node: call.expression,
    messageId,
    data: {
      call: outbound.label,
      package: outbound.fetchPackage ?? '',
      fetchHeaders: LIBRARY_DEFAULTS.fetchHeadersTimeoutMs.describe,
      suggested: formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS),
      suggestedCode: timeout,
      callee: nodeText(call.expression, context.sourceFile),
    },
    fixes: fix ? [fix] : [],
    unlessProjectFact: outbound.client === 'axios' && !outbound.instanceCreation ? 'axios.defaults.timeout' : undefined,
  });
}

/**
 * ky bounds every request by default (10 s, see library-defaults): only `timeout: false` (on the call,
 * or on the instance and not overridden by the call) with no signal leaves it unbounded.
 */
function checkKy(call: ts.CallExpression, outbound: OutboundCall, context: RuleContext): void {
  const callOptions = optionsShape(call.arguments[outbound.optionsIndex], context);
  if (mayHaveOption(callOptions, ['signal'], context)) return;
  const instanceOptions = outbound.instanceCreation ? optionsShape(outbound.instanceCreation.arguments?.[0], context) : ({ kind: 'none' } as OptionsShape);
  const timeoutIn = (shape: OptionsShape): ts.Expression | 'unknown' | undefined => {
    if (shape.kind === 'opaque' || (shape.kind === 'object' && shape.hasSpread)) return 'unknown';
    return shape.kind === 'object' ? propertyValue(shape.node, 'timeout') : undefined;
  };
  const own = timeoutIn(callOptions);
  const effective = own ?? timeoutIn(instanceOptions);
  if (effective === undefined || effective === 'unknown' || effective.kind !== SyntaxKind.FalseKeyword) return;
  if (own === undefined && mayHaveOption(instanceOptions, ['signal'], context)) return;
  const timeout = formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS).replace(/,/g, '_');
  context.report({
    node: own !== undefined ? effective : call.expression,
    messageId: 'kyTimeoutDisabled',
    data: { call: outbound.label, default: LIBRARY_DEFAULTS.kyTimeoutMs.describe, suggestedCode: timeout },
    fixes: own !== undefined ? [{ title: `Set a ${formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS)} ms timeout`, edits: [{ start: effective.getStart(context.sourceFile), end: effective.getEnd(), newText: timeout }] }] : [],
  });
}

/** The call's promise (directly or through a local) is an element of `Promise.race([…])`. */
function racedAgainstTimer(call: ts.CallExpression, context: RuleContext): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  let element: ts.Node = node;
  if (ts.isVariableDeclaration(node.parent) && node.parent.initializer === node && ts.isIdentifier(node.parent.name)) {
    const name = node.parent.name;
    const fn = context.enclosingFunction(call);
    let use: ts.Node | undefined;
    const visit = (child: ts.Node): void => {
      if (use) return;
      if (ts.isIdentifier(child) && child !== name && child.text === name.text && ts.isArrayLiteralExpression(child.parent)) use = child;
      ts.forEachChild(child, visit);
    };
    if (fn) visit(fn);
    if (!use) return false;
    element = use;
  }
  const list = element.parent;
  if (!list || !ts.isArrayLiteralExpression(list) || !ts.isCallExpression(list.parent)) return false;
  const race = context.resolve(list.parent.expression);
  if (race.kind !== 'library' || race.module !== 'global' || race.path.join('.') !== 'Promise.race') return false;
  // Another element is a timer: `new Promise((_, reject) => setTimeout(reject, ms))`, `timeout(ms)`, `sleep(ms)`.
  return list.elements.some((other) => {
    if (other === element) return false;
    let text = nodeText(other, context.sourceFile);
    if (ts.isIdentifier(other)) {
      const binding = context.lookupBinding(other.text, other);
      if (binding?.kind === 'var' && binding.init) text += ' ' + nodeText(binding.init, context.sourceFile);
    }
    return /setTimeout|timeout|timer|delay|sleep/i.test(text);
  });
}

function checkSuperagent(call: ts.CallExpression, outbound: OutboundCall, context: RuleContext): void {
  if (superagentBounded(call, outbound, context)) return;
  const timeout = formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS).replace(/,/g, '_');
  context.report({
    node: call.expression,
    messageId: 'superagent',
    data: { call: outbound.label, default: LIBRARY_DEFAULTS.superagentTimeout.describe, suggestedCode: timeout },
    fixes: [{ title: `Abort after ${formatNumber(SUGGESTED_OUTBOUND_TIMEOUT_MS)} ms (.timeout)`, edits: [{ start: call.getEnd(), end: call.getEnd(), newText: `.timeout(${timeout})` }] }],
  });
}

export const rule: RuleModule = {
  meta: {
    id: 'require-outbound-timeout',
    category: 'timeouts',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      fetch:
        '{{call}} has no deadline: Node\'s fetch waits up to {{fetchHeaders}} for response headers and has no total timeout, so a slow upstream holds this request, its socket and its memory while new requests keep arriving. Pass `signal: AbortSignal.timeout({{suggestedCode}})` (or an AbortController).',
      fetchPackage:
        '{{call}} from {{package}} has no deadline: the package sets no timeout on the socket (it has none of Node\'s built-in fetch limits), so a silent upstream holds this request, its socket and its memory while new requests keep arriving. Pass `signal: AbortSignal.timeout({{suggestedCode}})` (or an AbortController).',
      raced:
        '{{call}} is raced against a timer, which stops the wait but does not end the call: its socket, and the response the upstream may still send, stay open until the upstream answers, so under load the abandoned calls pile up. Pass `signal: AbortSignal.timeout({{suggestedCode}})` (or a timeout option) so the call itself ends.',
      noTimeout:
        '{{call}} has no timeout (the default is none), so a slow upstream holds this request and everything it holds (a pool connection, memory) while new requests keep arriving: at 1,000 concurrent users a 30 s stall piles up 1,000 waiting requests. Set `timeout` (e.g. {{suggested}} ms) here or on the instance.',
      http:
        '{{call}} has no timeout: Node sets none on outbound requests, so a silent upstream holds this request open forever. Pass `timeout` (a socket idle timeout) and `signal: AbortSignal.timeout(ms)` for a total deadline, or call `req.setTimeout()`.',
      undici:
        '{{call}} has no deadline: undici waits up to {{fetchHeaders}} for response headers and {{fetchHeaders}} between body chunks, with no total timeout, so a slow upstream holds this request, its socket and its memory while new requests keep arriving. Pass `signal: AbortSignal.timeout({{suggestedCode}})`, or lower headersTimeout and bodyTimeout.',
      kyTimeoutDisabled:
        '{{call}} runs with `timeout: false`, which turns off ky\'s default {{default}} deadline: a slow upstream now holds this request and everything it holds (a pool connection, memory) for as long as it likes, while new requests keep arriving. Keep a timeout (e.g. `timeout: {{suggestedCode}}`), or pass a `signal`.',
      superagent:
        '{{call}} has no timeout (superagent\'s default: {{default}}), so a slow upstream holds this request and everything it holds while new requests keep arriving: at 1,000 concurrent users a 30 s stall piles up 1,000 waiting requests. Chain `.timeout({{suggestedCode}})` (or `.timeout({ response, deadline })`).',
    },
    docs: {
      description: 'Reports outbound HTTP calls (fetch, axios, got, node-fetch, http.request, undici, superagent, ofetch) made while serving a request without a timeout or abort signal, and ky calls whose default timeout is turned off.',
      rationale: [
        "An outbound call without a deadline ties the fate of every request to the slowest upstream. Node's fetch and undici's `request` have no total timeout (only 300 s for headers and 300 s between body chunks); axios, got, superagent, ofetch (`ofetch`, `$fetch`), `http.request` and fetch packages such as node-fetch have none at all. ky is the exception: it aborts after 10 s by default, so only `timeout: false` is reported there.",
        'Under load this is how one slow dependency takes a service down: requests that wait on it keep their pool connections, sockets and memory, new requests keep arriving, and within seconds at 1,000 concurrent users every connection and file descriptor is held by a request that is waiting for nothing.',
        'A timeout turns the stall into a fast, visible error that a retry, a fallback or a circuit breaker can handle.',
        'Racing the call against a timer (`Promise.race([fetch(url), timeout(10_000)])`) stops the wait but not the call: its socket stays open until the upstream answers, so it is still reported, with a message that says so.',
        'Calls through an instance created with a timeout (`axios.create({ timeout })`, `got.extend({ timeout })`, `ofetch.create({ timeout })`, an undici `Pool` with `headersTimeout`/`bodyTimeout`, `superagent.agent().timeout(ms)`), superagent chains with `.timeout(ms)`, and projects that set `axios.defaults.timeout` are not reported.',
      ].join('\n\n'),
      bad: [
        "app.get('/weather', async (req, res) => {",
        "  const response = await fetch('https://api.example.com/weather');",
        '  res.json(await response.json());',
        '});',
      ].join('\n'),
      good: [
        "app.get('/weather', async (req, res) => {",
        "  const response = await fetch('https://api.example.com/weather', { signal: AbortSignal.timeout(5_000) });",
        '  res.json(await response.json());',
        '});',
      ].join('\n'),
      whenNotToUse:
        'Streaming proxies and long polls that are meant to stay open need a different bound (an idle timeout, a client disconnect handler); disable the rule for those lines. Calls in scripts, jobs started at boot and tests are not reported.',
    },
  },
  create(context) {
    return { CallExpression: (node) => check(node, context) };
  },
};
