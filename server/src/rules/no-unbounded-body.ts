// no-unbounded-body: request bodies and uploads held in memory (or spooled to disk) with no size
// limit, or with one so large that the concurrent requests in flight cannot all fit: body parsers
// configured far above their defaults, multer / express-fileupload / formidable without a file
// size limit, and bodies buffered by hand (`req.on('data')`, raw-body, stream/consumers,
// `request.formData()`, axios downloads with maxContentLength -1) with no size check.
import { ts } from '@ts-morph/common';
import { isInstance, isLibrary, type Value } from '../engine/values';
import { LARGE_BODY_LIMIT_BYTES, LIBRARY_DEFAULTS, REFERENCE_USERS, describeVersion, versionedDefault } from '../engine/library-defaults';
import { addPropertyEdit, findProperty, formatNumber, mayHaveOption, nodeText, optionsShape, propertyValue, type OptionsShape } from './utils';
import {
  accumulates,
  byteSize,
  checksContentLength,
  checksSize,
  constantNumber,
  describeBytes,
  firstParameterName,
  isIncomingStream,
  isWebRequest,
  listenerFunction,
} from './request-data';
import type { ReportFix, RuleContext, RuleModule } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

const LARGE = LARGE_BODY_LIMIT_BYTES;
const LARGE_TEXT = describeBytes(LARGE);
const SUGGESTED_LIMIT_STRING = `'${LARGE / 1024 / 1024}mb'`;
const SUGGESTED_LIMIT_NUMBER = `${LARGE / 1024 / 1024} * 1024 * 1024`;

const BODY_PARSER_KINDS = new Set(['json', 'urlencoded', 'text', 'raw']);
const MULTER_MODULES = ['multer', '@koa/multer', 'koa-multer', 'fastify-multer'];
const FORMIDABLE_FACTORIES = [[], ['formidable'], ['IncomingForm'], ['Formidable']];
const KOA_BODYPARSER_LIMITS = ['jsonLimit', 'formLimit', 'textLimit', 'xmlLimit'];
const KOA_BODY_LIMITS = ['jsonLimit', 'formLimit', 'textLimit'];
const FASTIFY_ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head', 'route', 'addContentTypeParser']);
const DATA_LISTENERS = new Set(['on', 'addListener', 'once', 'prependListener']);
const WEB_BODY_READERS = new Set(['formData', 'arrayBuffer', 'blob']);
/** Readers of a Web Request's body as a string or parsed JSON: what route handlers usually call. */
const WEB_TEXT_READERS = new Set(['text', 'json']);
const STREAM_CONSUMERS = new Set(['text', 'json', 'buffer', 'arrayBuffer', 'blob']);
const AXIOS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'request', 'head', 'options']);

/** What the concurrent requests in flight hold at `bytes` each, for the message. */
function atConcurrency(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'nothing bounds what the requests in flight hold';
  return `${formatNumber(REFERENCE_USERS)} concurrent requests at that size hold ${describeBytes(bytes * REFERENCE_USERS)}`;
}

/** "up to 500 MB" or "of any size", for the message. */
function limitPhrase(bytes: number): string {
  return Number.isFinite(bytes) && bytes >= 0 ? `up to ${describeBytes(bytes)}` : 'of any size';
}

function isLarge(bytes: number | undefined): bytes is number {
  return bytes !== undefined && (bytes < 0 || bytes > LARGE);
}

/** Replaces a too-large limit with the threshold, keeping the way it was written (string or number). */
function lowerLimitFix(property: ts.ObjectLiteralElementLike, value: ts.Expression, context: RuleContext): ReportFix {
  const sourceFile = context.sourceFile;
  let inner = value;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner)) inner = inner.expression;
  const newText = ts.isStringLiteralLike(inner) ? SUGGESTED_LIMIT_STRING : SUGGESTED_LIMIT_NUMBER;
  const title = `Lower the limit to ${LARGE_TEXT}`;
  // `{ limit }` shorthand: the name stays, the value is spelled out.
  if (ts.isShorthandPropertyAssignment(property)) {
    return { title, edits: [{ start: property.getStart(sourceFile), end: property.getEnd(), newText: `${property.name.text}: ${newText}` }] };
  }
  return { title, edits: [{ start: value.getStart(sourceFile), end: value.getEnd(), newText }] };
}

/** Reports `name: <value>` in `object` when its value is a known size above the threshold (or unlimited). */
function checkLimitProperty(object: ts.ObjectLiteralExpression, name: string, parser: string, defaultText: string, context: RuleContext): void {
  const property = findProperty(object, name);
  const value = propertyValue(object, name);
  if (!property || !value) return;
  const bytes = byteSize(value, context);
  if (!isLarge(bytes)) return;
  context.report({
    node: property,
    messageId: 'largeLimit',
    data: { parser, limit: limitPhrase(bytes), default: defaultText, total: atConcurrency(bytes), large: LARGE_TEXT },
    fixes: [lowerLimitFix(property, value, context)],
  });
}

function objectOptions(arg: ts.Expression | undefined, context: RuleContext): ts.ObjectLiteralExpression | undefined {
  const shape = optionsShape(arg, context);
  return shape.kind === 'object' ? shape.node : undefined;
}

// ---- what one request may hold, for the capacity estimate ----------------------------------------------

interface LimitSpec {
  /** The option (`limit`, `jsonLimit`, `bodyLimit`…). */
  name: string;
  /** The library's default, bytes. */
  bytes: number;
  describe: string;
}

/**
 * Notes the largest body a parser holds per request: the limit the code sets, else the library's
 * default; options the code does not show (a spread, a variable) assume the default and say so.
 * A parser with several limits (JSON, form, text) holds at most the largest.
 */
function noteParserLimits(node: ts.Node, what: string, library: string, shape: OptionsShape, limits: readonly LimitSpec[], context: RuleContext): void {
  let best: { bytes: number | null; basis: 'code' | 'library-default' | 'unknown'; detail: string } | undefined;
  for (const limit of limits) {
    const value = shape.kind === 'object' ? propertyValue(shape.node, limit.name) : undefined;
    const hidden = shape.kind === 'opaque' || (shape.kind === 'object' && shape.hasSpread && !value);
    let entry: NonNullable<typeof best>;
    if (value) {
      const bytes = byteSize(value, context);
      entry =
        bytes === undefined
          ? { bytes: limit.bytes, basis: 'unknown', detail: `${limit.name} from a value the code does not show; the ${library} default ${limit.describe} is assumed` }
          : { bytes: bytes < 0 || !Number.isFinite(bytes) ? null : bytes, basis: 'code', detail: `${limit.name}: ${nodeText(value, context.sourceFile)}` };
    } else if (hidden) {
      entry = { bytes: limit.bytes, basis: 'unknown', detail: `options the code does not show; the ${library} default ${limit.name} ${limit.describe} is assumed` };
    } else {
      entry = { bytes: limit.bytes, basis: 'library-default', detail: `${library} default ${limit.name} ${limit.describe}` };
    }
    if (!best || entry.bytes === null || (best.bytes !== null && entry.bytes > best.bytes)) best = entry;
    if (best.bytes === null) break;
  }
  if (best) context.noteAllocation({ node, what, ...best });
}

const BODY_PARSER_LIMITS: LimitSpec[] = [{ name: 'limit', bytes: LIBRARY_DEFAULTS.bodyParserLimit.value, describe: LIBRARY_DEFAULTS.bodyParserLimit.describe }];
const KOA_BODYPARSER_LIMIT_SPECS: LimitSpec[] = KOA_BODYPARSER_LIMITS.map((name) =>
  name === 'formLimit'
    ? { name, bytes: LIBRARY_DEFAULTS.koaBodyparserFormLimit.value, describe: LIBRARY_DEFAULTS.koaBodyparserFormLimit.describe }
    : { name, bytes: LIBRARY_DEFAULTS.koaBodyparserJsonLimit.value, describe: LIBRARY_DEFAULTS.koaBodyparserJsonLimit.describe },
);
const KOA_BODY_LIMIT_SPECS: LimitSpec[] = KOA_BODY_LIMITS.map((name) =>
  name === 'jsonLimit'
    ? { name, bytes: LIBRARY_DEFAULTS.koaBodyJsonLimit.value, describe: LIBRARY_DEFAULTS.koaBodyJsonLimit.describe }
    : { name, bytes: LIBRARY_DEFAULTS.koaBodyparserFormLimit.value, describe: LIBRARY_DEFAULTS.koaBodyparserFormLimit.describe },
);
const FASTIFY_LIMITS: LimitSpec[] = [{ name: 'bodyLimit', bytes: LIBRARY_DEFAULTS.fastifyBodyLimit.value, describe: LIBRARY_DEFAULTS.fastifyBodyLimit.describe }];

/** A body nothing bounds, read while serving a request. */
function noteUnbounded(node: ts.Node, what: string, context: RuleContext): void {
  context.noteAllocation({ node, what, bytes: null, basis: 'code', detail: 'no size limit', scope: 'request-path' });
}

// ---- body parsers -----------------------------------------------------------------------------------

function checkBodyParser(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  const expressKind = callee.kind === 'library' && callee.module === 'express' && callee.path.length === 1 && BODY_PARSER_KINDS.has(callee.path[0]!);
  const bodyParserKind =
    callee.kind === 'library' && callee.module === 'body-parser' && (callee.path.length === 0 || (callee.path.length === 1 && BODY_PARSER_KINDS.has(callee.path[0]!)));
  if (expressKind || bodyParserKind) {
    const options = objectOptions(call.arguments[0], context);
    const label = `${nodeText(call.expression, context.sourceFile)}()`;
    noteParserLimits(call.expression, label, 'body-parser', optionsShape(call.arguments[0], context), BODY_PARSER_LIMITS, context);
    if (options) checkLimitProperty(options, 'limit', label, LIBRARY_DEFAULTS.bodyParserLimit.describe, context);
    return true;
  }
  if (isLibrary(callee, 'koa-bodyparser') || isLibrary(callee, '@koa/bodyparser', 'bodyParser') || isLibrary(callee, '@koa/bodyparser')) {
    const options = objectOptions(call.arguments[0], context);
    noteParserLimits(call.expression, 'koa-bodyparser', 'koa-bodyparser', optionsShape(call.arguments[0], context), KOA_BODYPARSER_LIMIT_SPECS, context);
    if (!options) return true;
    for (const name of KOA_BODYPARSER_LIMITS) {
      const fallback = name === 'formLimit' ? LIBRARY_DEFAULTS.koaBodyparserFormLimit.describe : LIBRARY_DEFAULTS.koaBodyparserJsonLimit.describe;
      checkLimitProperty(options, name, `koa-bodyparser ${name}`, fallback, context);
    }
    return true;
  }
  if (isLibrary(callee, 'koa-body') || isLibrary(callee, 'koa-body', 'koaBody')) {
    const options = objectOptions(call.arguments[0], context);
    noteParserLimits(call.expression, 'koa-body', 'koa-body', optionsShape(call.arguments[0], context), KOA_BODY_LIMIT_SPECS, context);
    if (!options) return true;
    for (const name of KOA_BODY_LIMITS) {
      const fallback = name === 'jsonLimit' ? LIBRARY_DEFAULTS.koaBodyJsonLimit.describe : LIBRARY_DEFAULTS.koaBodyparserFormLimit.describe;
      checkLimitProperty(options, name, `koa-body ${name}`, fallback, context);
    }
    // `multipart: true` hands uploads to formidable with the options under `formidable`.
    const multipart = propertyValue(options, 'multipart');
    if (multipart && multipart.kind === SyntaxKind.TrueKeyword) {
      const formidableOptions = propertyValue(options, 'formidable');
      const shape: OptionsShape = formidableOptions ? optionsShape(formidableOptions, context) : { kind: 'none' };
      checkFormidableOptions(shape, findProperty(options, 'multipart')!, 'koa-body (formidable)', context);
    }
    return true;
  }
  return false;
}

/** `fastify({ bodyLimit })`, `app.post(url, { bodyLimit }, h)`, `app.route({ bodyLimit })`, Nest `app.useBodyParser('json', { limit })`. */
function checkFrameworkLimits(call: ts.CallExpression, callee: Value, context: RuleContext): void {
  const fastifyDefault = LIBRARY_DEFAULTS.fastifyBodyLimit.describe;
  if (isLibrary(callee, 'fastify') || isLibrary(callee, 'fastify', 'fastify')) {
    const options = objectOptions(call.arguments[0], context);
    noteParserLimits(call.expression, 'Fastify body parser', 'fastify', optionsShape(call.arguments[0], context), FASTIFY_LIMITS, context);
    if (options) checkLimitProperty(options, 'bodyLimit', 'Fastify bodyLimit', fastifyDefault, context);
    return;
  }
  if (isLibrary(callee, '@nestjs/core', 'NestFactory', 'create')) {
    noteNestParsers(call, context);
    return;
  }
  if (!ts.isPropertyAccessExpression(call.expression)) return;
  const method = call.expression.name.text;
  if (FASTIFY_ROUTE_METHODS.has(method)) {
    // `bodyLimit` in a route's options is Fastify's own key; no other router reads it.
    for (const arg of call.arguments) {
      if (!ts.isObjectLiteralExpression(arg)) continue;
      checkLimitProperty(arg, 'bodyLimit', 'Fastify route bodyLimit', fastifyDefault, context);
      // A route's own limit adds to what the server's default allows; without one the server's applies.
      if (propertyValue(arg, 'bodyLimit')) noteParserLimits(arg, 'Fastify route bodyLimit', 'fastify', { kind: 'object', node: arg, hasSpread: false }, FASTIFY_LIMITS, context);
    }
    return;
  }
  if (method === 'useBodyParser') {
    const options = objectOptions(call.arguments[1], context);
    noteParserLimits(call.expression, 'NestJS useBodyParser()', 'body-parser', optionsShape(call.arguments[1], context), BODY_PARSER_LIMITS, context);
    if (options) checkLimitProperty(options, 'limit', 'NestJS useBodyParser()', LIBRARY_DEFAULTS.bodyParserLimit.describe, context);
  }
}

/** `NestFactory.create(AppModule)`: Nest registers JSON and urlencoded parsers with the platform's default limit, unless `bodyParser: false`. */
function noteNestParsers(call: ts.CallExpression, context: RuleContext): void {
  let fastify = false;
  for (const arg of call.arguments.slice(1)) {
    const value = ts.isNewExpression(arg) ? context.resolve(arg.expression) : context.resolve(arg);
    if ((value.kind === 'library' || value.kind === 'instance') && value.module === '@nestjs/platform-fastify') fastify = true;
    const options = objectOptions(arg, context);
    const bodyParser = options && propertyValue(options, 'bodyParser');
    if (bodyParser && bodyParser.kind === SyntaxKind.FalseKeyword) return;
  }
  if (fastify) context.noteAllocation({ node: call.expression, what: 'NestJS (Fastify) body parser', bytes: FASTIFY_LIMITS[0]!.bytes, basis: 'library-default', detail: `fastify default bodyLimit ${FASTIFY_LIMITS[0]!.describe}` });
  else context.noteAllocation({ node: call.expression, what: 'NestJS body parser (express.json/urlencoded)', bytes: BODY_PARSER_LIMITS[0]!.bytes, basis: 'library-default', detail: `body-parser default limit ${BODY_PARSER_LIMITS[0]!.describe}` });
}

/** `export const config = { api: { bodyParser: { sizeLimit: '500mb' } } }` in a Next.js API route. */
function checkNextConfig(declaration: ts.VariableDeclaration, context: RuleContext): void {
  if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'config' || !declaration.initializer) return;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !(ts.getModifiers(statement) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword)) return;
  const config = objectOptions(declaration.initializer, context);
  const api = config && objectOptions(propertyValue(config, 'api'), context);
  const bodyParser = api && objectOptions(propertyValue(api, 'bodyParser'), context);
  if (bodyParser) {
    checkLimitProperty(bodyParser, 'sizeLimit', 'Next.js API route bodyParser', LIBRARY_DEFAULTS.nextApiBodySizeLimit.describe, context);
    const limits: LimitSpec[] = [{ name: 'sizeLimit', bytes: LIBRARY_DEFAULTS.nextApiBodySizeLimit.value, describe: LIBRARY_DEFAULTS.nextApiBodySizeLimit.describe }];
    noteParserLimits(declaration.name, 'Next.js API route bodyParser', 'Next.js', { kind: 'object', node: bodyParser, hasSpread: bodyParser.properties.some(ts.isSpreadAssignment) }, limits, context);
  }
}

// ---- uploads ------------------------------------------------------------------------------------------

type Storage = 'memory' | 'disk' | 'unknown';

function multerStorage(options: OptionsShape, context: RuleContext): Storage {
  if (options.kind === 'none') return 'memory';
  if (options.kind === 'opaque') return 'unknown';
  if (options.hasSpread) return 'unknown';
  if (findProperty(options.node, 'dest')) return 'disk';
  const storage = propertyValue(options.node, 'storage');
  if (!storage) return 'memory';
  const value = context.resolve(storage);
  if (MULTER_MODULES.some((m) => isInstance(value, m, ['memoryStorage']))) return 'memory';
  if (MULTER_MODULES.some((m) => isInstance(value, m, ['diskStorage']))) return 'disk';
  return 'unknown';
}

/** Adds `limits: { fileSize }` to the options (or the options themselves to a bare call). */
function addFileSizeFix(call: ts.CallExpression, options: OptionsShape, context: RuleContext): ReportFix | undefined {
  const property = `fileSize: ${SUGGESTED_LIMIT_NUMBER}`;
  const title = `Limit uploads to ${LARGE_TEXT} (limits.fileSize)`;
  const sourceFile = context.sourceFile;
  if (options.kind === 'none') {
    if (call.arguments.length !== 0) return undefined;
    const at = call.arguments.pos;
    return { title, edits: [{ start: at, end: at, newText: `{ limits: { ${property} } }` }] };
  }
  if (options.kind !== 'object') return undefined;
  const limits = propertyValue(options.node, 'limits');
  if (!limits) return { title, edits: [addPropertyEdit(options.node, `limits: { ${property} }`, sourceFile)] };
  const limitsObject = objectOptions(limits, context);
  return limitsObject && !limitsObject.properties.some(ts.isSpreadAssignment) ? { title, edits: [addPropertyEdit(limitsObject, property, sourceFile)] } : undefined;
}

/** An upload kept in memory holds `fileSize` per file (times `limits.files` when set); no `fileSize`: nothing bounds it. */
function noteUploadInMemory(call: ts.CallExpression, library: string, fileSize: ts.Expression | undefined, limits: OptionsShape, context: RuleContext): void {
  const what = `${library} (files in memory)`;
  const bytes = fileSize ? byteSize(fileSize, context) : undefined;
  if (!fileSize) {
    context.noteAllocation({ node: call.expression, what, bytes: null, basis: 'library-default', detail: `no limits.fileSize: ${library}'s default is unlimited` });
    return;
  }
  if (bytes === undefined) {
    context.noteAllocation({ node: call.expression, what, bytes: null, basis: 'unknown', detail: 'limits.fileSize from a value the code does not show' });
    return;
  }
  if (bytes < 0 || !Number.isFinite(bytes)) {
    context.noteAllocation({ node: call.expression, what, bytes: null, basis: 'code', detail: `limits.fileSize: ${nodeText(fileSize, context.sourceFile)}` });
    return;
  }
  const files = limits.kind === 'object' ? propertyValue(limits.node, 'files') : undefined;
  const count = files ? constantNumber(files, context) : undefined;
  if (count !== undefined && Number.isFinite(count) && count >= 1) {
    context.noteAllocation({ node: call.expression, what, bytes: bytes * count, basis: 'code', detail: `limits.fileSize ${describeBytes(bytes)} × limits.files ${count}` });
  } else {
    context.noteAllocation({ node: call.expression, what: `${what}, per file`, bytes, basis: 'code', detail: `limits.fileSize ${describeBytes(bytes)} per file (no limits.files: a request with several files holds several times this)` });
  }
}

/** multer(), @koa/multer, fastify-multer and express-fileupload: `limits.fileSize`, and where files go. */
function checkUploadMiddleware(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  const isMulter = MULTER_MODULES.some((m) => isLibrary(callee, m));
  const isFileUpload = isLibrary(callee, 'express-fileupload');
  if (!isMulter && !isFileUpload) return false;
  const options = optionsShape(call.arguments[0], context);
  if (options.kind === 'opaque') return true;
  let storage: Storage;
  if (isMulter) storage = multerStorage(options, context);
  else {
    const tempFiles = options.kind === 'object' ? propertyValue(options.node, 'useTempFiles') : undefined;
    storage = options.kind === 'object' && options.hasSpread ? 'unknown' : tempFiles?.kind === SyntaxKind.TrueKeyword ? 'disk' : tempFiles ? 'unknown' : 'memory';
  }
  if (storage === 'unknown') return true;
  const library = isMulter ? 'multer' : 'express-fileupload';
  const limits = options.kind === 'object' ? propertyValue(options.node, 'limits') : undefined;
  const limitsShape = optionsShape(limits, context);
  if (limitsShape.kind === 'opaque' || (limitsShape.kind === 'object' && limitsShape.hasSpread)) return true;
  const fileSize = limitsShape.kind === 'object' ? propertyValue(limitsShape.node, 'fileSize') : undefined;
  if (storage === 'memory') noteUploadInMemory(call, library, fileSize, limitsShape, context);
  if (!fileSize) {
    context.report({
      node: call.expression,
      messageId: storage === 'memory' ? 'uploadInMemory' : 'uploadNoFileSize',
      data: { library, where: isMulter ? 'no `dest` or `storage`, or memoryStorage()' : '`useTempFiles` is not set', users: formatNumber(REFERENCE_USERS), large: LARGE_TEXT },
      fixes: [addFileSizeFix(call, options, context)].filter((f): f is ReportFix => f !== undefined),
    });
    return true;
  }
  const bytes = byteSize(fileSize, context);
  // On disk a large, deliberate limit is the application's call (video uploads); in memory it is not.
  if (bytes === undefined || !(storage === 'memory' ? isLarge(bytes) : !Number.isFinite(bytes))) return true;
  const property = findProperty((limitsShape as { node: ts.ObjectLiteralExpression }).node, 'fileSize')!;
  context.report({
    node: property,
    messageId: storage === 'memory' ? 'largeLimit' : 'uploadNoFileSize',
    data: {
      parser: `${library} limits.fileSize (files held in memory)`,
      limit: limitPhrase(bytes),
      default: 'unlimited',
      total: atConcurrency(bytes),
      large: LARGE_TEXT,
      library,
      users: formatNumber(REFERENCE_USERS),
    },
    fixes: [lowerLimitFix(property, fileSize, context)],
  });
  return true;
}

/** formidable options without `maxFileSize` (or with Infinity), wherever they come from. */
function checkFormidableOptions(options: OptionsShape, reportAt: ts.Node, label: string, context: RuleContext, instance?: Value): void {
  if (options.kind === 'opaque' || (options.kind === 'object' && options.hasSpread)) return;
  const maxFileSize = options.kind === 'object' ? propertyValue(options.node, 'maxFileSize') : undefined;
  if (maxFileSize) {
    const bytes = byteSize(maxFileSize, context);
    if (bytes === undefined || Number.isFinite(bytes)) return;
  } else if (instance && context.assignmentsTo(instance, 'maxFileSize').length > 0) {
    // formidable 1.x style: `const form = new IncomingForm(); form.maxFileSize = 5 * 1024 * 1024`.
    return;
  }
  const fallback = versionedDefault('formidableMaxFileSize', context.packageVersion('formidable'));
  const finite = !maxFileSize && Number.isFinite(fallback.value as number);
  const perFile = finite ? `up to ${fallback.describe}` : 'of any size';
  context.report({
    node: maxFileSize ? findProperty((options as { node: ts.ObjectLiteralExpression }).node, 'maxFileSize')! : reportAt,
    messageId: 'formidableNoMaxFileSize',
    data: {
      library: label,
      perFile,
      version: describeVersion(fallback),
      total: finite ? describeBytes((fallback.value as number) * REFERENCE_USERS) : 'an unbounded amount',
      users: formatNumber(REFERENCE_USERS),
    },
  });
}

function checkFormidable(creation: ts.CallExpression | ts.NewExpression, callee: Value, context: RuleContext): boolean {
  if (callee.kind !== 'library' || callee.module !== 'formidable') return false;
  if (!FORMIDABLE_FACTORIES.some((f) => f.join('.') === callee.path.join('.'))) return false;
  const parent = creation.parent;
  const instance = ts.isVariableDeclaration(parent) && parent.initializer === creation && ts.isIdentifier(parent.name) ? context.resolve(parent.name) : undefined;
  checkFormidableOptions(optionsShape(creation.arguments?.[0], context), creation.expression, 'formidable', context, instance);
  return true;
}

// ---- bodies buffered by hand ------------------------------------------------------------------------

/** `req.on('data', chunk => body += chunk)` with no size check. */
function checkDataListener(call: ts.CallExpression, context: RuleContext): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !DATA_LISTENERS.has(callee.name.text)) return;
  const [event, listener] = call.arguments;
  if (!event || !ts.isStringLiteralLike(event) || event.text !== 'data') return;
  if (!isIncomingStream(callee.expression, context)) return;
  const fn = listenerFunction(listener, context);
  const chunk = fn && firstParameterName(fn);
  const body = fn && (fn as ts.FunctionLikeDeclaration).body;
  if (!fn || !chunk || !body || !accumulates(body, chunk)) return;
  if (checksSize(body) || checksContentLength(context.enclosingFunction(call))) return;
  context.report({ node: callee, messageId: 'manualBuffering', data: { stream: nodeText(callee.expression, context.sourceFile), users: formatNumber(REFERENCE_USERS) }, scope: 'request-path' });
  noteUnbounded(callee, `body collected from ${nodeText(callee.expression, context.sourceFile)}.on('data')`, context);
}

/** `for await (const chunk of req) chunks.push(chunk)` with no size check. */
function checkForAwait(loop: ts.ForOfStatement, context: RuleContext): void {
  if (!loop.awaitModifier || !isIncomingStream(loop.expression, context)) return;
  const initializer = loop.initializer;
  if (!ts.isVariableDeclarationList(initializer)) return;
  const declared = initializer.declarations[0]?.name;
  if (!declared || !ts.isIdentifier(declared) || !accumulates(loop.statement, declared.text)) return;
  if (checksSize(loop.statement) || checksContentLength(context.enclosingFunction(loop))) return;
  context.report({ node: loop.expression, messageId: 'manualBuffering', data: { stream: nodeText(loop.expression, context.sourceFile), users: formatNumber(REFERENCE_USERS) }, scope: 'request-path' });
  noteUnbounded(loop.expression, `body collected with for await over ${nodeText(loop.expression, context.sourceFile)}`, context);
}

/** raw-body without `limit`; stream/consumers `text(req)`, `json(req)`… which never have one. */
function checkStreamReaders(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  if (isLibrary(callee, 'raw-body')) {
    const [stream, options] = call.arguments;
    if (!stream || !isIncomingStream(stream, context)) return true;
    const shape = optionsShape(options, context);
    // `getRawBody(req, 'utf8')`: the second argument may be just the encoding.
    const encodingOnly = options !== undefined && (ts.isStringLiteralLike(options) || (shape.kind === 'object' && !mayHaveOption(shape, ['limit'], context)));
    if (shape.kind === 'opaque' && !encodingOnly) return true;
    if (shape.kind === 'object' && mayHaveOption(shape, ['limit'], context)) {
      const limit = propertyValue(shape.node, 'limit');
      const bytes = limit ? byteSize(limit, context) : undefined;
      if (!(bytes !== undefined && !Number.isFinite(bytes))) {
        if (bytes !== undefined && bytes >= 0) context.noteAllocation({ node: call.expression, what: 'raw-body', bytes, basis: 'code', detail: `limit: ${nodeText(limit!, context.sourceFile)}`, scope: 'request-path' });
        return true;
      }
    }
    context.report({ node: call.expression, messageId: 'readerNoLimit', data: { reader: 'raw-body', users: formatNumber(REFERENCE_USERS), large: LARGE_TEXT }, scope: 'request-path' });
    noteUnbounded(call.expression, 'raw-body without a limit', context);
    return true;
  }
  if (callee.kind === 'library' && callee.module === 'stream/consumers' && callee.path.length === 1 && STREAM_CONSUMERS.has(callee.path[0]!)) {
    const stream = call.arguments[0];
    if (!stream || !isIncomingStream(stream, context) || checksContentLength(context.enclosingFunction(call))) return true;
    context.report({ node: call.expression, messageId: 'readerNoLimit', data: { reader: `stream/consumers ${callee.path[0]}()`, users: formatNumber(REFERENCE_USERS), large: LARGE_TEXT }, scope: 'request-path' });
    noteUnbounded(call.expression, `stream/consumers ${callee.path[0]}()`, context);
    return true;
  }
  return false;
}

/**
 * `await request.formData()` / `arrayBuffer()` / `blob()` / `text()` / `json()` on a Web Request
 * (Next.js App Router route handlers have no body limit at all) with no Content-Length check.
 */
function checkWebRequestBody(call: ts.CallExpression, context: RuleContext): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || call.arguments.length > 0) return;
  const method = callee.name.text;
  const text = WEB_TEXT_READERS.has(method);
  if (!text && !WEB_BODY_READERS.has(method)) return;
  if (!isWebRequest(callee.expression, context) || checksContentLength(context.enclosingFunction(call))) return;
  const what = `${nodeText(callee, context.sourceFile)}()`;
  context.report({
    node: callee,
    messageId: text ? 'webTextNoLimit' : 'webBodyNoLimit',
    data: {
      call: what,
      users: formatNumber(REFERENCE_USERS),
      large: LARGE_TEXT,
      pages: LIBRARY_DEFAULTS.nextApiBodySizeLimit.describe,
      actions: LIBRARY_DEFAULTS.nextServerActionsBodySizeLimit.describe,
      raw: method === 'text' ? ' (also when the raw text is needed, as for a webhook signature: the check comes before the read)' : '',
    },
    scope: 'request-path',
  });
  noteUnbounded(callee, what, context);
}

function isAxiosCall(callee: Value): boolean {
  if (callee.kind === 'library' && callee.module === 'axios') return callee.path.length === 0 || (callee.path.length === 1 && AXIOS_METHODS.has(callee.path[0]!));
  // An instance from `axios.create()`, here or exported by the file that makes it: the per-call
  // option judged below overrides whatever the instance's defaults say.
  if ((callee.kind === 'instance' || callee.kind === 'remote-instance') && callee.module === 'axios' && callee.factory.join('.') === 'create') {
    return callee.path.length === 1 && AXIOS_METHODS.has(callee.path[0]!);
  }
  return false;
}

/**
 * `axios.get(url, { maxContentLength: -1 })` while serving a request: the whole download is
 * buffered. Only calls the engine finds on the request path count (`scope: 'request-path'`): the
 * same download in a nightly job buffers one file, not one per user.
 */
function checkAxiosDownload(call: ts.CallExpression, callee: Value, context: RuleContext): boolean {
  if (!isAxiosCall(callee)) return false;
  for (const arg of call.arguments) {
    const options = objectOptions(arg, context);
    if (!options) continue;
    const responseType = propertyValue(options, 'responseType');
    // A streamed response is piped on, not buffered: the limit does not apply to it.
    if (responseType && (!ts.isStringLiteralLike(responseType) || responseType.text === 'stream')) continue;
    // Only the response limit: `maxBodyLength` caps the request body axios sends, which the
    // application already holds; unlimited, it buffers nothing more.
    for (const name of ['maxContentLength']) {
      const value = propertyValue(options, name);
      const bytes = value ? constantNumber(value, context) : undefined;
      if (bytes === undefined || (bytes !== -1 && Number.isFinite(bytes))) continue;
      context.report({
        node: findProperty(options, name)!,
        messageId: 'unboundedDownload',
        data: { option: name, users: formatNumber(REFERENCE_USERS), large: LARGE_TEXT },
        scope: 'request-path',
      });
      noteUnbounded(findProperty(options, name)!, `an axios download buffered in memory (${name} unlimited)`, context);
    }
  }
  return true;
}

export const rule: RuleModule = {
  meta: {
    id: 'no-unbounded-body',
    category: 'memory',
    defaultSeverity: 'warning',
    // Parsers are configured once at startup (module level), so the rule looks at all application
    // code; its findings on bodies buffered by hand and axios downloads say `scope: 'request-path'`
    // and are kept only where a request handler reaches them.
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      largeLimit:
        '{{parser}} accepts bodies {{limit}} (default {{default}}). The whole body is held in memory until the handler runs, so {{total}}: a few hundred slow uploads exhaust the heap and crash the process for everyone. Keep in-memory limits at or below {{large}} per route and stream larger uploads to disk or object storage.',
      uploadInMemory:
        '{{library}} keeps uploaded files in memory ({{where}}) and has no `limits.fileSize`: one upload can be as large as the client wants, and {{users}} concurrent uploads of a 100 MB video need 100 GB. Set `limits: { fileSize }` (≤ {{large}} in memory) or store files on disk / object storage.',
      uploadNoFileSize:
        '{{library}} has no `limits.fileSize` (the default is unlimited): every upload is written to disk at whatever size the client sends, so {{users}} concurrent uploads can fill the temp volume and take the instance down. Set `limits: { fileSize }` to the largest file the route accepts.',
      formidableNoMaxFileSize:
        '{{library}} sets no usable `maxFileSize`, so each file may be {{perFile}} ({{version}}): {{users}} concurrent uploads can write {{total}} of temporary files, while their fields (up to 20 MB each) are held in memory. Set `maxFileSize` (and `maxTotalFileSize` on formidable 3) to what the route needs.',
      manualBuffering:
        'The request body is collected from `{{stream}}` with no size limit: a client can send gigabytes and every byte stays in memory until the request ends, so {{users}} concurrent uploads decide how much memory the process needs. Count the bytes and destroy the request past a limit, or use a body parser with a `limit`.',
      readerNoLimit:
        '{{reader}} reads the whole request body into memory with no size limit: {{users}} concurrent clients can each send as much as they like. Pass a `limit` (≤ {{large}}), or check Content-Length first.',
      webBodyNoLimit:
        '{{call}} buffers the whole request body with no size limit (Web Requests in Next.js App Router route handlers have none): {{users}} concurrent uploads are all held in memory at once. Reject requests whose Content-Length exceeds what the route needs (≤ {{large}}) before reading the body, or stream it to storage.',
      webTextNoLimit:
        '{{call}} reads the whole request body into memory with no size limit: App Router route handlers have none (pages/api routes stop at {{pages}}, server actions at {{actions}}), so one client can send gigabytes and {{users}} concurrent requests hold all of it at once. Reject a Content-Length above what the route needs (≤ {{large}}, usually far less) with 413 before reading{{raw}}.',
      unboundedDownload:
        '`{{option}}` is unlimited while serving a request: axios buffers the whole response in memory (it does not stream unless `responseType: \'stream\'`), so {{users}} concurrent requests proxying large files hold all of them at once. Set a limit (≤ {{large}}) or stream the download with `responseType: \'stream\'`.',
    },
    docs: {
      description:
        'Reports request bodies and uploads with no size limit or a very large one: body parsers configured above 10 MB, multer / express-fileupload / formidable without a file size limit, and bodies buffered by hand without a size check.',
      rationale: [
        'A body parser holds the whole body in memory until the handler runs. Memory needed = concurrent requests × body size: at 1,000 concurrent users, a 10 MB limit already allows 10 GB in flight, several times what a typical container has. The rule therefore reports in-memory limits above 10 MB (and `Infinity`), and leaves smaller ones to the application: the defaults (`express.json()` 100kb, koa-bodyparser 1mb, Fastify 1 MiB, Next.js API routes 1mb) are fine and never reported.',
        "Uploads are where limits go missing: multer keeps files in memory unless it is given `dest` or a `storage`, and its `limits.fileSize` defaults to unlimited (its README warns about running out of memory); express-fileupload keeps files in RAM unless `useTempFiles: true`. formidable writes files to disk but accepts 200 MB per file by default (no limit at all before 1.1).",
        'Bodies read by hand (`req.on(\'data\', c => body += c)`, `for await (const chunk of req)`, raw-body without `limit`, `stream/consumers`) have no limit at all unless the code counts bytes. Next.js App Router route handlers (`app/**/route.ts`) have no body limit either, and no option to set one: `await request.json()`, `text()`, `formData()`, `arrayBuffer()` and `blob()` read whatever the client sends, where pages/api routes stop at 1mb and server actions at 1 MB. They are reported unless the handler compares the Content-Length header first (a webhook that needs the raw text for its signature check can still check the length before reading). Likewise `maxContentLength: -1` on an axios download made while serving a request buffers whatever the upstream sends. These are reported where a request handler reaches them, across files (a helper in services/ called from a route counts; the same download in a nightly job does not).',
      ].join('\n\n'),
      bad: [
        "const express = require('express');",
        '',
        'const app = express();',
        "app.use(express.json({ limit: '500mb' }));",
      ].join('\n'),
      good: [
        "const express = require('express');",
        '',
        'const app = express();',
        "app.use(express.json({ limit: '1mb' }));",
      ].join('\n'),
      whenNotToUse:
        'Internal services that accept large payloads from a few trusted callers can keep a high limit: disable the rule for that line and note the expected concurrency. Disk-backed uploads with a deliberate large `fileSize` are not reported. Bodies read by hand are recognised on the request parameter by its usual names (`req`, `request`, `ctx.req`), and reported only in code a request handler reaches; tests and scripts are not reported. Route handlers deployed where the platform caps request bodies (Vercel Functions accept at most 4.5 MB; a proxy with nginx `client_max_body_size`) are bounded there: disable the rule for those lines.',
    },
  },
  create(context) {
    return {
      CallExpression: (call) => {
        const callee = context.resolve(call.expression);
        if (checkBodyParser(call, callee, context)) return;
        if (checkUploadMiddleware(call, callee, context)) return;
        if (checkFormidable(call, callee, context)) return;
        if (checkStreamReaders(call, callee, context)) return;
        if (checkAxiosDownload(call, callee, context)) return;
        checkFrameworkLimits(call, callee, context);
        checkDataListener(call, context);
        checkWebRequestBody(call, context);
      },
      NewExpression: (creation) => {
        checkFormidable(creation, context.resolve(creation.expression), context);
      },
      ForOfStatement: (loop) => checkForAwait(loop, context),
      VariableDeclaration: (declaration) => checkNextConfig(declaration, context),
    };
  },
};
