// require-server-timeouts: HTTP servers that let a client take forever to send its request
// (requestTimeout or headersTimeout disabled, Fastify's requestTimeout default of 0, Node 14.11–17
// where requestTimeout defaulted to 0), and keep-alive timeouts at or below the load balancer's.
//
// An Express/Koa app is often made in app.js and started in server.js (`require('./app').listen()`):
// the imported app is a remote instance, and since `listen()` creates the server right here, every
// setting that can bound it is in this file too, so it is judged like a local one. Other servers
// made in another file may get their timeouts there, so explicit zeros on them are not judged.
import { ts } from '@ts-morph/common';
import type { Value } from '../engine/values';
import { propertyNameText } from '../engine/binder';
import { LIBRARY_DEFAULTS, SUGGESTED_SERVER_REQUEST_TIMEOUT_MS, describeVersion, versionedDefault } from '../engine/library-defaults';
import { addPropertyEdit, formatNumber, functionName, indentationAt, numericValue, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const SUGGESTED = formatNumber(SUGGESTED_SERVER_REQUEST_TIMEOUT_MS);
const SUGGESTED_CODE = SUGGESTED.replace(/,/g, '_');
const SERVER_PROPERTIES = new Set(['requestTimeout', 'headersTimeout', 'timeout', 'keepAliveTimeout']);
const HTTP_MODULES = new Set(['http', 'https', 'http2']);

type ServerKind = 'http' | 'app' | 'fastify' | 'nest';

/** `undefined` = not set; a number = a literal; 'unknown' = set to something we cannot read. */
type Setting = number | 'unknown' | undefined;

interface ServerSettings {
  requestTimeout: Setting;
  headersTimeout: Setting;
  /** server.timeout / server.setTimeout(n) / Fastify connectionTimeout: the socket idle timeout. */
  idleTimeout: Setting;
}

/**
 * Which server an expression denotes, keyed by the code that creates it. `remote`: the server (or
 * the app it is listening for) was made in another file, which may set its timeouts.
 */
function serverOf(value: Value): { key: string; kind: ServerKind; remote: boolean } | undefined {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return undefined;
  const { module } = value;
  const factory = value.factory.join('.');
  const path = value.path.join('.');
  const remote = value.kind === 'remote-instance';
  const at = value.kind === 'instance' ? String(value.creation.pos) : `remote@${value.file}#${value.resourceId ?? factory}`;
  // `app.listen()` creates the server here, even for an app made in another file.
  if ((module === 'express' || module === 'koa') && factory === '' && path === 'listen.()') return { key: `${at}:app`, kind: 'app', remote: false };
  if (HTTP_MODULES.has(module) && (factory === 'createServer' || factory === 'createSecureServer') && path === '') return { key: `${at}:http`, kind: 'http', remote };
  if (module === 'fastify' && (factory === '' || factory === 'fastify') && path === 'server') return { key: `${at}:fastify`, kind: 'fastify', remote };
  if (module === '@nestjs/core' && factory === 'NestFactory.create' && (path === 'getHttpServer.()' || path === 'listen.()')) return { key: `${at}:nest`, kind: 'nest', remote };
  return undefined;
}

function settingOf(expr: ts.Expression | undefined): Setting {
  if (!expr) return undefined;
  const value = numericValue(expr);
  return value === undefined ? 'unknown' : value;
}

/** Set to something other than 0 (or something we cannot read). */
function bounds(setting: Setting): boolean {
  return setting !== undefined && setting !== 0;
}

/** Every server setting this file makes after construction, by server. */
function collectSettings(context: RuleContext): Map<string, ServerSettings> {
  const settings = new Map<string, ServerSettings>();
  const entry = (key: string): ServerSettings => {
    let found = settings.get(key);
    if (!found) settings.set(key, (found = { requestTimeout: undefined, headersTimeout: undefined, idleTimeout: undefined }));
    return found;
  };
  const merge = (current: Setting, next: Setting): Setting => (bounds(next) ? next : current ?? next);
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && SERVER_PROPERTIES.has(node.left.name.text)) {
      const server = serverOf(context.resolve(node.left.expression));
      if (server) {
        const found = entry(server.key);
        const value = settingOf(node.right);
        const name = node.left.name.text;
        if (name === 'requestTimeout') found.requestTimeout = merge(found.requestTimeout, value);
        else if (name === 'headersTimeout') found.headersTimeout = merge(found.headersTimeout, value);
        else if (name === 'timeout') found.idleTimeout = merge(found.idleTimeout, value);
      }
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'setTimeout') {
      const server = serverOf(context.resolve(node.expression.expression));
      const first = node.arguments[0];
      // `server.setTimeout(cb)` alone keeps the default; only a number (or unknown value) sets it.
      if (server && first && !ts.isArrowFunction(first) && !ts.isFunctionExpression(first)) {
        const found = entry(server.key);
        found.idleTimeout = merge(found.idleTimeout, settingOf(first));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return settings;
}

// ---- edits ----------------------------------------------------------------------------------------

function replaceValue(node: ts.Expression, newText: string, title: string, context: RuleContext): ReportFix {
  return { title, edits: [{ start: node.getStart(context.sourceFile), end: node.getEnd(), newText }] };
}

/** `const server = http.createServer(…);` → add `server.requestTimeout = …;` after it. */
function assignAfterDeclaration(creation: ts.Node, property: string, context: RuleContext): ReportFix | undefined {
  let node: ts.Node = creation;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement)) return undefined;
  const indent = indentationAt(context.sourceFile.text, statement.getStart(context.sourceFile));
  const at = statement.getEnd();
  return { title: `Set ${property} to ${SUGGESTED} ms`, edits: [{ start: at, end: at, newText: `\n${indent}${declaration.name.text}.${property} = ${SUGGESTED_CODE};` }] };
}

// ---- the rule -------------------------------------------------------------------------------------

function loadBalancerFacts(context: RuleContext): { lb: string; suggested: number } {
  const lb = context.settings.loadBalancerIdleTimeoutMs;
  return { lb: formatNumber(lb), suggested: lb + 5000 };
}

function checkKeepAlive(value: ts.Expression | undefined, context: RuleContext): void {
  if (!value) return;
  const ms = numericValue(value);
  const { lb, suggested } = loadBalancerFacts(context);
  if (ms === undefined || ms <= 0 || ms > context.settings.loadBalancerIdleTimeoutMs) return;
  context.report({
    node: value,
    messageId: 'keepAliveBelowLoadBalancer',
    data: { value: formatNumber(ms), lb, suggested: formatNumber(suggested), nodeDefault: versionedDefault('nodeKeepAliveTimeoutMs', context.nodeVersion()).describe },
    fixes: [replaceValue(value, formatNumber(suggested).replace(/,/g, '_'), `Keep connections open longer than the load balancer (${formatNumber(suggested)} ms)`, context)],
  });
}

function reportDisabledRequestTimeout(value: ts.Expression, context: RuleContext): void {
  context.report({
    node: value,
    messageId: 'requestTimeoutDisabled',
    data: { suggested: SUGGESTED },
    fixes: [replaceValue(value, SUGGESTED_CODE, `Set requestTimeout to ${SUGGESTED} ms`, context)],
  });
}

function reportDisabledHeadersTimeout(value: ts.Expression, context: RuleContext): void {
  context.report({
    node: value,
    messageId: 'headersTimeoutDisabled',
    data: { suggested: SUGGESTED },
    fixes: [],
  });
}

/** What Node gives a server's requestTimeout by default on the project's Node version. */
function nodeRequestDefault(context: RuleContext): ReturnType<typeof versionedDefault> {
  return versionedDefault('nodeRequestTimeoutMs', context.nodeVersion());
}

/** Node 14.11–17: requestTimeout exists and defaults to 0 (the brief window the brief calls unsafe). */
function isUnsafeNodeDefault(context: RuleContext): boolean {
  const answer = nodeRequestDefault(context);
  return !answer.assumed && answer.value === 0 && (answer as { range?: string }).range === '>=14.11 <18';
}

export const rule: RuleModule = {
  meta: {
    id: 'require-server-timeouts',
    category: 'timeouts',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      requestTimeoutDisabled:
        'requestTimeout 0 removes the deadline for receiving a whole request: a client that sends its body a byte at a time holds a socket, its buffers and a slot in the server forever, and a few hundred such clients (slow uploads, or a slow-POST attack) exhaust the process. Node has defaulted to 300 s since v18; set a non-zero value (e.g. {{suggested}} ms).',
      headersTimeoutDisabled:
        'headersTimeout 0 with no requestTimeout removes every deadline for receiving request headers: a client can send them one line at a time forever (Slowloris) and hold a socket each. Keep a headersTimeout, or set requestTimeout (e.g. {{suggested}} ms), which covers the headers too.',
      idleTimeoutDisabled:
        'This disables the socket idle timeout, the only server timeout {{version}} sets by default ({{default}}): idle and stalled connections are never closed, and each holds a socket and its memory. Keep a timeout, or set requestTimeout instead.',
      unsafeNodeDefault:
        'This server runs on {{version}}, where requestTimeout defaults to {{default}}: nothing bounds how long a client may take to send its request, so slow clients (or a Slowloris attack) hold sockets and memory with no deadline. Set requestTimeout (e.g. {{suggested}} ms), or move to Node 18+, where it defaults to 300 s.',
      fastifyNoRequestTimeout:
        'Fastify sets the server\'s requestTimeout to {{default}} unless you pass one, so nothing bounds how long a client may take to send its request body: slow clients hold sockets and memory with no deadline (only the headers stay bounded by Node\'s headersTimeout). Set requestTimeout (e.g. {{suggested}} ms), as Fastify\'s docs recommend when no reverse proxy buffers requests.',
      fastifyCallersNoRequestTimeout:
        'Fastify gets its options from the callers of `{{fn}}`, and none of them sets requestTimeout (or connectionTimeout): Fastify then sets the server\'s requestTimeout to {{default}}, so nothing bounds how long a client may take to send its request body, and slow clients hold sockets and memory with no deadline. Set requestTimeout (e.g. {{suggested}} ms) here or where `{{fn}}` is called.',
      keepAliveBelowLoadBalancer:
        'Hint: keepAliveTimeout {{value}} ms is at or below the load balancer\'s idle timeout ({{lb}} ms): the server closes idle keep-alive connections the load balancer still considers open, and the requests it sends on them fail with intermittent 502s. Set it above the load balancer\'s (e.g. {{suggested}} ms). (Node\'s own default is {{nodeDefault}}, also below; only explicit values are reported.)',
    },
    docs: {
      description:
        'Reports HTTP servers (http/https `createServer`, Express/Koa `app.listen` on a local or imported app, Fastify, NestJS) whose request or header timeouts are disabled or default to none, and keep-alive timeouts set at or below the load balancer\'s idle timeout.',
      rationale: [
        'A server timeout is what stops a slow or malicious client from holding a socket forever. Node 18+ bounds a whole request at 300 s (`requestTimeout`) and its headers at 60 s (`headersTimeout`); Node 14.11–17 had `requestTimeout` 0, and Fastify still sets it to 0 unless told otherwise. With no deadline, a few hundred clients that send one byte every few seconds (slow uploads over bad networks, or a Slowloris-style attack) hold a socket, buffers and a file descriptor each until the process runs out (Linux: often 1,024 descriptors by default).',
        'Equivalent settings are accepted: `requestTimeout` covers the headers, and a socket idle timeout (`server.setTimeout(n)`, `server.timeout = n`, Fastify `connectionTimeout`) also ends stalled connections.',
        'Options handed in by a caller (`function buildApp(opts) { return Fastify(opts) }`, or `Fastify({ ...opts, logger })`) are judged by the callers the project holds: reported only when every one of them outside tests passes an object literal without `requestTimeout`/`connectionTimeout` (or nothing). A caller that passes options built elsewhere keeps it quiet.',
        'Keep-alive behind a load balancer: when the server\'s `keepAliveTimeout` is at or below the load balancer\'s idle timeout (AWS ALB: 60 s, configurable as `loadBalancerIdleTimeoutMs`), the server closes connections the balancer is about to reuse and users see intermittent 502s. Only explicit values are reported: Node\'s default of 5 s is below every common load balancer, and flagging every server for it would cry wolf; set `keepAliveTimeout` (and `headersTimeout` above it) explicitly if you run behind one.',
      ].join('\n\n'),
      bad: [
        "const http = require('http');",
        '',
        'const server = http.createServer(app);',
        'server.requestTimeout = 0;',
        'server.listen(3000);',
      ].join('\n'),
      good: [
        "const http = require('http');",
        '',
        'const server = http.createServer(app);',
        'server.requestTimeout = 120_000;',
        'server.listen(3000);',
      ].join('\n'),
      whenNotToUse:
        'A server that only ever sits behind a proxy which buffers whole requests (nginx with `proxy_request_buffering on`) is protected by the proxy; disable the rule for it. Long uploads need a requestTimeout long enough for them, not none.',
    },
  },
  create(context) {
    let settings: Map<string, ServerSettings> | undefined;
    const settingsOf = (key: string): ServerSettings => {
      settings ??= collectSettings(context);
      return settings.get(key) ?? { requestTimeout: undefined, headersTimeout: undefined, idleTimeout: undefined };
    };

    /** Options given at construction (http.createServer(options, …), fastify(options)). */
    const checkOptions = (shape: OptionsShape, key: string, kind: ServerKind, creation: ts.CallExpression | ts.NewExpression): void => {
      const after = settingsOf(key);
      if (shape.kind === 'opaque') return;
      const option = (name: string): ts.Expression | undefined => (shape.kind === 'object' ? propertyValue(shape.node, name) : undefined);
      const requestTimeout = option('requestTimeout');
      const idle = kind === 'fastify' ? settingOf(option('connectionTimeout')) : undefined;
      const idleBound = bounds(after.idleTimeout) || bounds(idle);
      const requestBound = bounds(after.requestTimeout) || bounds(settingOf(requestTimeout));
      if (requestTimeout && numericValue(requestTimeout) === 0 && !idleBound && !bounds(after.requestTimeout)) reportDisabledRequestTimeout(requestTimeout, context);
      const headersTimeout = option('headersTimeout') ?? (kind === 'fastify' && shape.kind === 'object' ? propertyValue(optionsShapeOf(option('http')), 'headersTimeout') : undefined);
      // requestTimeout covers the headers too: only a server with no request deadline at all is exposed.
      const requestDefaultsToZero = kind === 'fastify' || nodeRequestDefault(context).value === 0;
      const noRequestDeadline = !requestBound && (requestTimeout ? numericValue(requestTimeout) === 0 : requestDefaultsToZero);
      if (headersTimeout && numericValue(headersTimeout) === 0 && noRequestDeadline && !idleBound) reportDisabledHeadersTimeout(headersTimeout, context);
      checkKeepAlive(option('keepAliveTimeout'), context);

      if (kind === 'fastify') {
        if (requestTimeout || idleBound || requestBound || option('serverFactory')) return;
        if (shape.kind === 'object' && shape.hasSpread) return;
        const fastifyVersion = context.packageVersion('fastify');
        if (fastifyVersion && /^[0-3]\./.test(fastifyVersion.version)) return;
        const edit = shape.kind === 'object' ? addPropertyEdit(shape.node, `requestTimeout: ${SUGGESTED_CODE}`, context.sourceFile) : creation.arguments && creation.arguments.length === 0 ? { start: creation.arguments.pos, end: creation.arguments.pos, newText: `{ requestTimeout: ${SUGGESTED_CODE} }` } : undefined;
        context.report({
          node: creation.expression,
          messageId: 'fastifyNoRequestTimeout',
          data: { default: LIBRARY_DEFAULTS.fastifyRequestTimeoutMs.describe, suggested: SUGGESTED },
          fixes: edit ? [{ title: `Set requestTimeout to ${SUGGESTED} ms`, edits: [edit] }] : [],
        });
        return;
      }
      if (requestBound || idleBound || !isUnsafeNodeDefault(context)) return;
      reportUnsafeDefault(creation, creation.expression);
    };

    /**
     * `function buildApp(opts) { return Fastify(opts) }`: the options are whatever the callers of
     * `buildApp` pass. Reported only when every caller the project holds (tests aside) passes an
     * object literal without a deadline; a caller passing anything else keeps it quiet.
     */
    const checkOptionsFromCallers = (fromCallers: ParameterOptions, key: string, creation: ts.CallExpression): void => {
      const after = settingsOf(key);
      if (bounds(after.requestTimeout) || bounds(after.idleTimeout)) return;
      const own = fromCallers.own;
      if (own && FASTIFY_DEADLINE_OPTIONS.some((name) => propertyValue(own, name) !== undefined)) return;
      const fastifyVersion = context.packageVersion('fastify');
      if (fastifyVersion && /^[0-3]\./.test(fastifyVersion.version)) return;
      context.report({
        node: creation.expression,
        messageId: 'fastifyCallersNoRequestTimeout',
        data: { fn: fromCallers.name, default: LIBRARY_DEFAULTS.fastifyRequestTimeoutMs.describe, suggested: SUGGESTED },
        callers: fromCallers.parameters.map(({ fn, index, defaultKeys }) => ({ kind: 'object-lacks', fn, index, keys: [...FASTIFY_DEADLINE_OPTIONS], defaultKeys })),
      });
    };

    const optionsShapeOf = (expr: ts.Expression | undefined): ts.ObjectLiteralExpression => {
      const shape = optionsShape(expr, context);
      return shape.kind === 'object' ? shape.node : ts.factory.createObjectLiteralExpression();
    };

    const reportUnsafeDefault = (creation: ts.Node, node: ts.Node): void => {
      const answer = nodeRequestDefault(context);
      const fix = assignAfterDeclaration(creation, 'requestTimeout', context);
      context.report({
        node,
        messageId: 'unsafeNodeDefault',
        data: { version: describeVersion(answer), default: answer.describe, suggested: SUGGESTED },
        fixes: fix ? [fix] : [],
      });
    };

    return {
      CallExpression: (call) => {
        const callee = context.resolve(call.expression);
        if (callee.kind === 'library' && HTTP_MODULES.has(callee.module) && callee.path.length === 1 && (callee.path[0] === 'createServer' || callee.path[0] === 'createSecureServer')) {
          const server = serverOf(context.resolve(call));
          if (!server) return;
          const first = call.arguments[0];
          // createServer(options?, handler?): an object literal is the options; a function, an app
          // or an import from the project is the handler; anything else may be either (not checked).
          const firstShape: OptionsShape = first ? optionsShape(first, context) : { kind: 'none' };
          const firstIsOptions = firstShape.kind === 'object';
          if (first && !firstIsOptions) {
            const value = context.resolve(first);
            const isHandler = ts.isArrowFunction(first) || ts.isFunctionExpression(first) || ['function', 'instance', 'remote-instance', 'library', 'project', 'object'].includes(value.kind);
            if (!isHandler) return;
          }
          checkOptions(firstIsOptions ? firstShape : { kind: 'none' }, server.key, 'http', call);
          return;
        }
        if ((callee.kind === 'instance' || callee.kind === 'remote-instance') && callee.path.length === 1 && callee.path[0] === 'listen') {
          const server = serverOf(context.resolve(call));
          if (!server || (server.kind !== 'app' && server.kind !== 'nest')) return;
          // A Nest app made in another file may use a FastifyAdapter there: not judged.
          if (server.kind === 'nest' && (callee.kind !== 'instance' || usesFastifyAdapter(callee.creation, context))) return;
          const after = settingsOf(server.key);
          if (bounds(after.requestTimeout) || bounds(after.idleTimeout) || !isUnsafeNodeDefault(context)) return;
          reportUnsafeDefault(call, call.expression);
          return;
        }
        if (callee.kind === 'library' && callee.module === 'fastify' && (callee.path.length === 0 || (callee.path.length === 1 && callee.path[0] === 'fastify'))) {
          const key = `${call.pos}:fastify`;
          const fromCallers = optionsFromCallers(call.arguments[0], context);
          if (fromCallers) checkOptionsFromCallers(fromCallers, key, call);
          else checkOptions(optionsShape(call.arguments[0], context), key, 'fastify', call);
          return;
        }
        // server.setTimeout(0) on Node < 13, where it turns off the 120 s default.
        if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'setTimeout' && numericValue(call.arguments[0]) === 0 && serverOf(context.resolve(call.expression.expression))?.remote === false) {
          reportIdleDisabled(call.arguments[0]!);
        }
      },
      NewExpression: (creation) => {
        const callee = context.resolve(creation.expression);
        if (callee.kind === 'library' && callee.module === '@nestjs/platform-fastify' && callee.path.join('.') === 'FastifyAdapter') {
          checkOptions(optionsShape(creation.arguments?.[0], context), `${creation.pos}:fastify-adapter`, 'fastify', creation);
        }
      },
      BinaryExpression: (node) => {
        if (node.operatorToken.kind !== SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(node.left)) return;
        const name = node.left.name.text;
        if (!SERVER_PROPERTIES.has(name)) return;
        const server = serverOf(context.resolve(node.left.expression));
        if (!server) return;
        const after = settingsOf(server.key);
        const value = node.right;
        if (name === 'keepAliveTimeout') return checkKeepAlive(value, context);
        // A server made in another file may get a deadline there that makes this zero harmless.
        if (numericValue(value) !== 0 || server.remote) return;
        if (name === 'requestTimeout' && !bounds(after.idleTimeout)) reportDisabledRequestTimeout(value, context);
        else if (name === 'headersTimeout' && !bounds(after.requestTimeout) && !bounds(after.idleTimeout) && nodeRequestDefault(context).value === 0) reportDisabledHeadersTimeout(value, context);
        else if (name === 'timeout') reportIdleDisabled(value);
      },
    };

    function reportIdleDisabled(value: ts.Expression): void {
      const answer = versionedDefault('nodeServerTimeoutMs', context.nodeVersion());
      // Since Node 13 the idle timeout is already 0 by default: setting it to 0 changes nothing.
      if (answer.assumed || Number(answer.value) === 0) return;
      context.report({
        node: value,
        messageId: 'idleTimeoutDisabled',
        data: { version: describeVersion(answer), default: answer.describe },
        fixes: [],
      });
    }
  },
};

/** Fastify options that bound how long a client may take (or hand the server to code we cannot see). */
const FASTIFY_DEADLINE_OPTIONS = ['requestTimeout', 'connectionTimeout', 'serverFactory'] as const;

interface ParameterOptions {
  /** The name of the function whose callers supply the options, for the message. */
  name: string;
  /** The literal written here around the spread parameters (`{ ...opts, logger }`), if any. */
  own: ts.ObjectLiteralExpression | undefined;
  parameters: { fn: ts.SignatureDeclaration; index: number; defaultKeys: string[] | undefined }[];
}

/**
 * Options that come from a parameter of the enclosing function: the parameter itself
 * (`Fastify(opts)`), or a literal whose spreads are all parameters (`Fastify({ ...opts, logger })`),
 * directly or through a local variable. Undefined for anything else.
 */
function optionsFromCallers(arg: ts.Expression | undefined, context: RuleContext): ParameterOptions | undefined {
  if (!arg) return undefined;
  const parameterOf = (expr: ts.Expression): ParameterOptions['parameters'][number] | undefined => {
    const value = context.resolve(expr);
    if (value.kind !== 'parameter' || value.path.length > 0 || !ts.isIdentifier(value.node.name) || value.node.dotDotDotToken) return undefined;
    const fn = value.node.parent;
    if (!ts.isFunctionLike(fn)) return undefined;
    // A caller that passes nothing gets the default (none: Fastify's own defaults).
    const initializer = value.node.initializer;
    const defaultKeys = !initializer
      ? []
      : ts.isObjectLiteralExpression(initializer) && !initializer.properties.some((p) => ts.isSpreadAssignment(p))
        ? initializer.properties.map((p) => propertyNameText(p.name)).filter((n): n is string => n !== undefined)
        : undefined;
    return { fn, index: fn.parameters.indexOf(value.node), defaultKeys };
  };
  const direct = parameterOf(arg);
  if (direct) return { name: functionName(direct.fn, context.sourceFile, 'its function'), own: undefined, parameters: [direct] };
  const shape = optionsShape(arg, context);
  if (shape.kind !== 'object' || !shape.hasSpread) return undefined;
  const parameters: ParameterOptions['parameters'] = [];
  for (const prop of shape.node.properties) {
    if (!ts.isSpreadAssignment(prop)) continue;
    const parameter = parameterOf(prop.expression);
    if (!parameter) return undefined;
    parameters.push(parameter);
  }
  return { name: functionName(parameters[0]!.fn, context.sourceFile, 'its function'), own: shape.node, parameters };
}

/** `NestFactory.create(AppModule, new FastifyAdapter(…))`: the Fastify check covers it. */
function usesFastifyAdapter(creation: ts.NewExpression | ts.CallExpression, context: RuleContext): boolean {
  return (creation.arguments ?? []).some((arg) => {
    const value = context.resolve(arg);
    return value.kind === 'instance' && value.module === '@nestjs/platform-fastify';
  });
}
