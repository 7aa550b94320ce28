// Recognises database reads that return rows — mongoose/mongodb find and aggregate, Prisma and
// Drizzle findMany, Sequelize findAll, TypeORM find/findBy/getMany, knex selects, raw SQL
// SELECTs — and whether a row limit bounds them. Shared by no-unbounded-query (which reports the
// read) and no-unbounded-fan-out (which asks whether an array came from one). Nothing here reports.
//
// Models usually live in another file. When that file exports the library instance itself
// (`module.exports = mongoose.model('User', schema)`, `export const prisma = new PrismaClient()`)
// the engine resolves the import to a remote instance of that library, and its type decides.
// Models it cannot follow (built by a helper, registered on a connection) stay project imports:
// for those the rule needs evidence of the library (the file
// imports it, or the project depends on it) AND the shape that library's models have (a
// PascalCase model, `prisma.<model>.findMany`, a repository from `getRepository` or
// `@InjectRepository`), AND for mongoose a query that is executed (awaited, returned, `.exec()`,
// `.lean()`, `.then()`): a query object kept in a variable may still get its limit later.
import { ts } from '@ts-morph/common';
import type { Value } from '../engine/values';
import { propertyNameText } from '../engine/binder';
import { compositeColumn, normaliseTable, topLevelSql, uniqueKeyFact } from '../engine/schema-keys';
import { enclosingClass, isInsideNode } from '../engine/ast';
import { ownCalls } from '../engine/pool-wrappers';
import { importsSqlLibrary, sqlWrappersOf } from '../engine/sql-wrappers';
import { addPropertyEdit, importedModules, nodeText, optionsShape, propertyValue, type OptionsShape } from './utils';
import type { ReportFix, RuleContext } from './types';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

export type ReadLibrary = 'mongoose' | 'mongodb' | 'prisma' | 'drizzle' | 'sequelize' | 'typeorm' | 'knex' | 'sql';
/**
 * 'clientOnly': limited only when the client sends a limit; 'clientChosen': a default applies, but
 * the client may ask for any page size (`Number(req.query.limit) || 20`, no cap).
 */
export type Bound = 'bounded' | 'unbounded' | 'clientOnly' | 'clientChosen';

export interface RowRead {
  library: ReadLibrary;
  /** The narrowest node naming the read: the method name, the knex table call, the SQL tag. */
  reportAt: ts.Node;
  /** How messages name it: "User.find()", "prisma.order.findMany()", "this SELECT on orders". */
  what: string;
  bound: Bound;
  /** The limit the client decides (for 'clientOnly' and 'clientChosen', and for `callerLimit`). */
  clientLimit?: ts.Node;
  /**
   * The limit is what the function's callers pass (`take: limit || 10` in `getFeed(offset, limit)`):
   * bounded as far as this file tells, and a finding only when some caller passes the client's
   * value uncapped (the engine asks the project's call sites).
   */
  callerLimit?: CallerLimit;
  /** How to add a limit, for messages: "`.limit(100)`". */
  hint: string;
  fix?: ReportFix;
  /**
   * The read returns at most one row if one of these project facts holds: an equality in its
   * filter is on a column the schema declares a primary or unique key (`unique-key:users.nickname`).
   */
  uniqueIf?: string[];
  /**
   * The read returns a bounded number of rows if one of these project facts holds: a knex read
   * whose filter the application's inserts into that table bound (`knex-bounded:favorite|article+user`,
   * see knexReadBounded in engine/schema-keys.ts), or a Prisma read of a child by a parent the
   * application only creates it with (`prisma-bounded:userrole|userid`, see prismaReadBounded).
   */
  boundedIf?: string[];
  /**
   * A DataLoader batch that filters by its keys on a column that is not a key (`author_id =
   * ANY($1)`): every row of every key in the batch. A LIMIT on the whole read would cut across
   * keys, so messages suggest a limit per key instead (and no fix is offered).
   */
  perKey?: string;
}

/**
 * A Prisma relation loaded with its parent (`include: { comments: true }`) without `take`: every
 * related row, if the relation is to-many — which only the schema says (`ifToMany`).
 */
export interface RelationRead {
  /** The relation's name in the `include`/`select`. */
  reportAt: ts.Node;
  /** How messages name it: "`include.comments` of `prisma.article.findUnique()`". */
  what: string;
  /** The relation from the read's model: `article.comments`, `article.author.followedBy`. */
  relation: string;
  hint: string;
  fix?: ReportFix;
  /** Holds when schema.prisma declares the relation a list (`comments Comment[]`). */
  ifToMany: string;
}

export interface QueryAnalyzer {
  /** The read `node` performs, when it is one we recognise and can judge. */
  analyze(node: ts.CallExpression | ts.TaggedTemplateExpression): RowRead | undefined;
  /** Relations a Prisma call loads with its rows and does not page (`include: { comments: true }`). */
  relationReads(node: ts.CallExpression): RelationRead[];
  /** An unbounded (or client-limited) read inside `node`, e.g. a variable's initializer. */
  unboundedReadIn(node: ts.Node): RowRead | undefined;
}

/** The page size fixes suggest. */
export const SUGGESTED_PAGE_SIZE = 100;

const MONGOOSE_MODULES = ['mongoose', '@nestjs/mongoose', '@typegoose/typegoose'];
const PRISMA_MODULES = ['@prisma/client'];
const DRIZZLE_MODULES = ['drizzle-orm'];
const SEQUELIZE_MODULES = ['sequelize', 'sequelize-typescript', '@sequelize/core', '@nestjs/sequelize'];
const TYPEORM_MODULES = ['typeorm', '@nestjs/typeorm'];
const KNEX_MODULES = ['knex', 'nestjs-knex', '@nestjsplus/knex'];
const MONGODB_MODULES = ['mongodb', 'mongoose', '@fastify/mongodb', 'fastify-mongodb'];
/** Dialects without `LIMIT`: no SQL fix is offered when the project uses one. */
const NO_LIMIT_DIALECTS = ['mssql', 'tedious', 'oracledb'];

/** Chained calls that stream rows instead of loading them: memory stays flat. */
const STREAMING = new Set(['cursor', 'stream', 'eachAsync', 'pipe', 'forEach', 'iterate']);
const KNEX_WRITES = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'increment', 'decrement', 'upsert', 'merge', 'onConflict', 'returning']);
const KNEX_ONE_ROW = new Set(['first', 'count', 'countDistinct', 'sum', 'sumDistinct', 'avg', 'avgDistinct', 'min', 'max']);
const KNEX_OPAQUE = new Set(['modify', 'clone', 'toSQL', 'toString', 'toQuery', 'paginate']);
const CONSUMERS = new Set(['then', 'catch', 'finally']);
const SQL_METHODS = new Set(['query', 'execute', 'raw', '$queryRawUnsafe', 'any', 'manyOrNone', 'many', 'unsafe', 'all']);
/** Prisma calls that return rows with the relations their `include`/`select` names. */
const PRISMA_RELATION_READS = new Set(['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'create', 'update', 'upsert', 'delete']);
/** Columns treated as a primary or unique key in an equality (`WHERE id = $1`). */
const UNIQUE_COLUMN = /^(id|_id|uuid|email|username|slug)$/i;

function isRequireCallee(expr: ts.Expression): boolean {
  return ts.isIdentifier(expr) && expr.text === 'require';
}

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

interface Link {
  name: string;
  call: ts.CallExpression;
  access: ts.PropertyAccessExpression;
}

/** Method calls applied to `call`'s result: from `find` in `User.find().sort().limit(5)`, [sort, limit]. */
function callsAfter(call: ts.CallExpression): { links: Link[]; outer: ts.Expression } {
  const links: Link[] = [];
  let node: ts.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      links.push({ name: parent.name.text, call: parent.parent, access: parent });
      node = parent.parent;
      continue;
    }
    return { links, outer: node };
  }
}

/** The method calls `call` is made of, innermost first, and what they start from. */
function callsBelow(call: ts.CallExpression): { links: Link[]; root: ts.Expression } {
  const links: Link[] = [];
  let node: ts.Expression = call;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    links.unshift({ name: node.expression.name.text, call: node, access: node.expression });
    node = node.expression.expression;
  }
  return { links, root: node };
}

/** The query runs: it is awaited, returned, an arrow's result, or an element of `Promise.all([…])`. */
function isExecuted(outer: ts.Expression): boolean {
  let node: ts.Node = outer;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent) || ts.isYieldExpression(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === node) return true;
  if (ts.isArrayLiteralExpression(parent) && ts.isCallExpression(parent.parent) && /^Promise\.(all|allSettled)$/.test(parent.parent.expression.getText())) return true;
  return false;
}

function isPascalCase(name: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(name) && /[a-z]/.test(name);
}

/** The last name in `db.User`, `this.userModel`, `User`. */
function finalName(expr: ts.Expression): string | undefined {
  const node = strip(expr);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

function hasDecorator(node: ts.Node, names: readonly string[]): ts.Decorator | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.find((d) => {
    const expr = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
    return name !== undefined && names.includes(name);
  });
}

/** The decorator (one of `decorators`) that injects `this.<field>`: on the field, or on the constructor parameter. */
function injectionDecorator(expr: ts.Expression, decorators: readonly string[]): ts.Decorator | undefined {
  const node = strip(expr);
  if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== SyntaxKind.ThisKeyword) return undefined;
  const cls = enclosingClass(node);
  if (!cls) return undefined;
  const field = node.name.text;
  for (const member of cls.members) {
    let target: ts.Node | undefined;
    if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === field) target = member;
    if (ts.isConstructorDeclaration(member)) target = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === field);
    const decorator = target ? hasDecorator(target, decorators) : undefined;
    if (decorator) return decorator;
  }
  return undefined;
}

/** `this.userModel` injected with `@InjectModel(…)` / `@InjectRepository(…)`: the decorator's module. */
function injectedFrom(expr: ts.Expression, decorators: readonly string[], context: RuleContext): string | undefined {
  const decorator = injectionDecorator(expr, decorators);
  if (!decorator) return undefined;
  const callee = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  const value = context.resolve(callee);
  return value.kind === 'library' ? value.module : 'unknown';
}

function stringValueOf(expr: ts.Expression): string | undefined {
  const node = strip(expr);
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

function stringArgument(call: ts.CallExpression): string | undefined {
  return call.arguments[0] ? stringValueOf(call.arguments[0]) : undefined;
}

/** `this.userModel` injected with `@InjectModel(User.name)` / `@InjectRepository(User)`: the entity's name. */
function injectedArgument(expr: ts.Expression, decorators: readonly string[]): string | undefined {
  const decorator = injectionDecorator(expr, decorators);
  if (!decorator || !ts.isCallExpression(decorator.expression)) return undefined;
  const arg = decorator.expression.arguments[0] ? strip(decorator.expression.arguments[0]) : undefined;
  if (!arg) return undefined;
  if (ts.isIdentifier(arg)) return arg.text;
  // `User.name`
  if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'name' && ts.isIdentifier(arg.expression)) return arg.expression.text;
  return stringValueOf(arg);
}

/** A library instance of one of `modules`, made in this file or imported from the project file that made it. */
function isInstanceOf(value: Value, modules: readonly string[]): value is Extract<Value, { kind: 'instance' | 'remote-instance' }> {
  return (value.kind === 'instance' || value.kind === 'remote-instance') && modules.includes(value.module);
}

/** Something we know is a library value (or an instance of one, here or in another project file). */
function isLibraryValue(value: Value): value is Extract<Value, { kind: 'instance' | 'remote-instance' | 'library' }> {
  return value.kind === 'instance' || value.kind === 'remote-instance' || value.kind === 'library';
}

function endsWith(path: readonly string[], tail: readonly string[]): boolean {
  return path.length >= tail.length && tail.every((p, i) => path[path.length - tail.length + i] === p);
}

// ---- limits --------------------------------------------------------------------------------------

/** `Number(x)`, `parseInt(x, 10)`, `+x`, `x as number` → x. */
function unwrapConversion(expr: ts.Expression): ts.Expression {
  let node = strip(expr);
  for (;;) {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['Number', 'parseInt', 'parseFloat', 'String'].includes(node.expression.text) && node.arguments[0]) {
      node = strip(node.arguments[0]);
    } else if (ts.isPrefixUnaryExpression(node) && node.operator === SyntaxKind.PlusToken) {
      node = strip(node.operand);
    } else {
      return node;
    }
  }
}

const CLIENT_SEGMENTS = new Set(['query', 'body', 'params', 'headers', 'searchParams']);
const CLIENT_DECORATORS = ['Query', 'Body', 'Param', 'Headers'];

/** A value the client sends: `req.query.limit`, `ctx.request.body.take`, a Nest `@Query('limit')` parameter. */
export function isClientValue(expr: ts.Expression, context: RuleContext, depth = 0): boolean {
  if (depth > 6) return false;
  const node = unwrapConversion(expr);
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0) return isClientValue(binding.init, context, depth + 1);
  }
  const value = context.resolve(node);
  if (value.kind !== 'parameter') return false;
  if (value.path.some((p) => CLIENT_SEGMENTS.has(p))) return true;
  return hasDecorator(value.node, CLIENT_DECORATORS) !== undefined;
}

function isNullishLiteral(expr: ts.Expression): boolean {
  const node = strip(expr);
  return node.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

/** What a helper's parameters stand for while its body is read for one call (`getPagination(page, size)`). */
type Arguments = ReadonlyMap<ts.ParameterDeclaration, ts.Expression>;
const NO_ARGUMENTS: Arguments = new Map();
const MATH_PASS_THROUGH = new Set(['max', 'floor', 'ceil', 'round', 'trunc', 'abs']);

const NEST_PIPES_KEEPING_VALUE = new Set(['ParseIntPipe', 'ParseFloatPipe']);

/**
 * `@Query('limit', new DefaultValuePipe(20), ParseIntPipe) limit`: 'clientChosen' with a
 * DefaultValuePipe, 'clientOnly' without, undefined when a pipe of the project's own may clamp it;
 * null when `node` is not such a parameter.
 */
function nestLimit(node: ts.Expression, context: RuleContext): 'clientOnly' | 'clientChosen' | undefined | null {
  if (!ts.isIdentifier(node)) return null;
  const value = context.resolve(node);
  if (value.kind !== 'parameter' || value.path.length > 0) return null;
  const decorator = hasDecorator(value.node, ['Query', 'Body', 'Param', 'Headers']);
  const call = decorator && ts.isCallExpression(decorator.expression) ? decorator.expression : undefined;
  const field = call?.arguments[0];
  if (!call || !field || !ts.isStringLiteralLike(field)) return null;
  let defaulted = false;
  for (const pipe of call.arguments.slice(1)) {
    const pipeClass = ts.isNewExpression(pipe) ? pipe.expression : pipe;
    const name = ts.isIdentifier(pipeClass) ? pipeClass.text : undefined;
    if (name === 'DefaultValuePipe') defaulted = true;
    else if (!name || !NEST_PIPES_KEEPING_VALUE.has(name)) return undefined;
  }
  return defaulted ? 'clientChosen' : 'clientOnly';
}

/** `@Query() query: ListDto`, then `query.limit`: a DTO class validates it (class-validator's `@Max`). */
function validatedDto(node: ts.Expression, context: RuleContext): boolean {
  const value = context.resolve(node);
  if (value.kind !== 'parameter' || !hasDecorator(value.node, ['Query', 'Body'])) return false;
  const type = value.node.type;
  return type !== undefined && ts.isTypeReferenceNode(type) && !/^(Record|Partial)$/.test(type.typeName.getText());
}

/** `if (limit > 100) …`, `limit <= MAX ? … : …`: the function compares the value, which caps it. */
function comparedIn(fn: ts.Node | undefined, name: string): boolean {
  if (!fn) return false;
  let found = false;
  const isName = (expr: ts.Expression): boolean => {
    const node = unwrapConversion(expr);
    return ts.isIdentifier(node) && node.text === name;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const relational = op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken;
      if (relational && (isName(node.left) || isName(node.right))) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/**
 * `const { limit } = getPagination(page, size)` with `getPagination` declared in this file: the
 * expression its returned object gives `property`, and the arguments its parameters stand for.
 */
function returnedProperty(init: ts.Expression, property: string, context: RuleContext): { expr: ts.Expression; args: Arguments } | undefined {
  const call = strip(init);
  if (!ts.isCallExpression(call) || call.arguments.some(ts.isSpreadElement)) return undefined;
  const callee = context.resolve(call.expression);
  if (callee.kind !== 'function') return undefined;
  const fn = callee.node as ts.FunctionLikeDeclaration;
  const body = fn.body;
  if (!body) return undefined;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(body)) returned.push(body);
  else {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  }
  if (returned.length !== 1) return undefined;
  const object = strip(returned[0]!);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  const expr = propertyValue(object, property);
  if (!expr) return undefined;
  const args = new Map<ts.ParameterDeclaration, ts.Expression>();
  fn.parameters.forEach((param, i) => {
    const arg = call.arguments[i];
    if (arg) args.set(param, arg);
  });
  return { expr, args };
}

/**
 * Whether the client decides a limit: 'clientOnly' when it applies only if the client sends one
 * (`req.query.limit`, `q.limit ? Number(q.limit) : undefined`), 'clientChosen' when a default
 * applies but nothing caps what the client asks for (`Number(req.query.limit) || 20`,
 * `size ? +size : 3`, also through a helper of this file that returns `{ limit, offset }`).
 * Undefined when the limit is the code's (a constant, `Math.min(n, MAX)`, a compared value).
 */
function clientLimit(expr: ts.Expression, context: RuleContext, args: Arguments = NO_ARGUMENTS, depth = 0): 'clientOnly' | 'clientChosen' | undefined {
  if (depth > 8) return undefined;
  const node = strip(expr);
  if (isNullishLiteral(node)) return undefined;
  const nest = nestLimit(node, context);
  if (nest !== null) return nest;
  const converted = unwrapConversion(node);
  if (converted !== node) return clientLimit(converted, context, args, depth + 1);
  if (ts.isConditionalExpression(node)) {
    // `n > MAX ? MAX : n` is the cap written out.
    const condition = strip(node.condition);
    if (ts.isBinaryExpression(condition) && [SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken].includes(condition.operatorToken.kind)) return undefined;
    const [a, b] = [node.whenTrue, node.whenFalse];
    if (isNullishLiteral(a) !== isNullishLiteral(b)) {
      if (clientLimit(isNullishLiteral(a) ? b : a, context, args, depth + 1)) return 'clientOnly';
      return clientLimit(node.condition, context, args, depth + 1) ? 'clientOnly' : undefined;
    }
    return clientLimit(a, context, args, depth + 1) || clientLimit(b, context, args, depth + 1) ? 'clientChosen' : undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `Number(req.query.limit) || 20`: the default applies only when the client sends nothing.
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
      // `dto.limit ?? 20` on a validated NestJS DTO: class-validator may cap it where we cannot see.
      if (validatedDto(unwrapConversion(node.left), context)) return undefined;
      return clientLimit(node.left, context, args, depth + 1) ? 'clientChosen' : undefined;
    }
    return undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Math' && !context.lookupBinding('Math', node)) {
    const method = node.expression.name.text;
    const kinds = node.arguments.map((a) => clientLimit(a, context, args, depth + 1));
    // Math.min(n, MAX) is the cap; it is the client's only when every argument is.
    if (method === 'min') return kinds.length > 0 && kinds.every((k) => k !== undefined) ? 'clientChosen' : undefined;
    if (MATH_PASS_THROUGH.has(method)) return kinds.some((k) => k !== undefined) ? 'clientChosen' : undefined;
    return undefined;
  }
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (binding?.kind === 'param') {
      const arg = args.get(binding.declaration as ts.ParameterDeclaration);
      if (arg) return comparedIn(context.enclosingFunction(node), node.text) ? undefined : clientLimit(arg, context, NO_ARGUMENTS, depth + 1);
    }
    if (binding?.kind === 'var' && binding.init && binding.assignments.length === 0) {
      if (comparedIn(context.enclosingFunction(binding.declaration), node.text)) return undefined;
      if (binding.destructure.length === 0) return clientLimit(binding.init, context, args, depth + 1);
      const viaHelper = binding.destructure.length === 1 ? returnedProperty(binding.init, binding.destructure[0]!, context) : undefined;
      if (viaHelper) return clientLimit(viaHelper.expr, context, viaHelper.args, depth + 1);
    }
  }
  return isClientValue(node, context) ? 'clientOnly' : undefined;
}

type LimitStatus =
  | { status: 'set' | 'absent' | 'hidden' }
  | { status: 'clientOnly' | 'clientChosen'; node: ts.Node }
  | { status: 'caller'; node: ts.Node; caller: CallerLimit };

/** How a limit's value is set: by the code, by the client (see clientLimit), or by the function's callers (see callerLimit). */
function limitValue(value: ts.Expression, context: RuleContext): LimitStatus {
  const client = clientLimit(value, context);
  if (client === 'clientChosen' && validatedAtRegistration(value, context)) return { status: 'set' };
  if (client) return { status: client, node: value };
  const caller = callerLimit(value, context);
  return caller ? { status: 'caller', node: value, caller } : { status: 'set' };
}

// ---- limits the callers pass in --------------------------------------------------------------

/**
 * A limit whose value the function's callers decide: `take: limit || 10` in `getFeed(offset,
 * limit)`, `.limit(query.limit)` in `list(query)`, `{ limit = 20 }` destructured. `index` is the
 * parameter's position and `property` the field read from it (an options object). `kind`:
 * 'clientChosen' when the function gives a default (`|| 10`, `limit = 10`), 'clientOnly' when it
 * uses the value as given or only when one is given (`...(limit && { take: limit })`).
 */
export interface CallerLimit {
  fn: ts.SignatureDeclaration;
  index: number;
  property?: string;
  kind: 'clientOnly' | 'clientChosen';
}

/** Fields of an options object that name a page size (`query.limit`, `opts.perPage`). */
const LIMIT_FIELDS = new Set(['limit', 'take', 'pageSize', 'page_size', 'perPage', 'per_page', 'size']);
/** Parameters that hold the request itself: what they carry is judged where it is read (isClientValue). */
const REQUEST_PARAMETER = /^(req|request|ctx|context)$/;

/** `limit > 100`, `Number(query.limit) <= MAX`, `limit = Math.min(limit, 100)` in `fn`: it caps the value. */
function boundedIn(fn: ts.Node, texts: readonly string[], sourceFile: ts.SourceFile): boolean {
  let found = false;
  const named = (expr: ts.Expression): boolean => texts.includes(nodeText(unwrapConversion(expr), sourceFile));
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const relational = op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken || op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken;
      if ((relational && (named(node.left) || named(node.right))) || (op === SyntaxKind.EqualsToken && named(node.left))) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/** The default a binding pattern gives `name` (`{ limit = 20 }`), if any. */
function patternDefault(name: ts.BindingName, local: string): ts.Expression | undefined {
  if (ts.isIdentifier(name)) return undefined;
  for (const element of name.elements) {
    if (!ts.isBindingElement(element)) continue;
    if (ts.isIdentifier(element.name) && element.name.text === local) return element.initializer;
    const inner = patternDefault(element.name, local);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * `limit`, `query.limit`, `{ limit }` taken from a parameter of the function: the value its
 * callers pass. Undefined for the request itself, decorated (NestJS) parameters, deeper paths, and
 * values the function compares or reassigns.
 */
function parameterLimit(node: ts.Expression, context: RuleContext): CallerLimit | undefined {
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return undefined;
  const value = context.resolve(node);
  if (value.kind !== 'parameter') return undefined;
  const param = value.node;
  const fn = param.parent;
  if (!ts.isFunctionLike(fn) || param.dotDotDotToken || ts.getDecorators(param)?.length) return undefined;
  if (ts.isIdentifier(param.name) && REQUEST_PARAMETER.test(param.name.text)) return undefined;
  const property = value.path[0];
  if (value.path.length > 1 || (property !== undefined && !LIMIT_FIELDS.has(property))) return undefined;
  const texts = [nodeText(node, context.sourceFile)];
  if (ts.isIdentifier(param.name)) texts.push(property === undefined ? param.name.text : `${param.name.text}.${property}`);
  if (boundedIn(fn, texts, context.sourceFile)) return undefined;
  if (ts.isIdentifier(node) && (context.lookupBinding(node.text, node)?.assignments.length ?? 0) > 0) return undefined;
  const defaulted = property === undefined ? param.initializer !== undefined : ts.isIdentifier(node) && patternDefault(param.name, node.text) !== undefined;
  return { fn, index: fn.parameters.indexOf(param), ...(property !== undefined ? { property } : {}), kind: defaulted ? 'clientChosen' : 'clientOnly' };
}

/**
 * Whether a limit is a value the function's callers pass in, followed the way clientLimit follows
 * the client's (locals, conversions, `|| 20`, `x ? Number(x) : undefined`, Math): see CallerLimit.
 * Undefined when the function caps it or sets it itself.
 */
function callerLimit(expr: ts.Expression, context: RuleContext, depth = 0): CallerLimit | undefined {
  if (depth > 8) return undefined;
  const node = strip(expr);
  if (isNullishLiteral(node)) return undefined;
  const converted = unwrapConversion(node);
  if (converted !== node) return callerLimit(converted, context, depth + 1);
  const withKind = (limit: CallerLimit | undefined, kind: CallerLimit['kind']): CallerLimit | undefined => (limit ? { ...limit, kind } : undefined);
  if (ts.isConditionalExpression(node)) {
    const condition = strip(node.condition);
    if (ts.isBinaryExpression(condition) && [SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken].includes(condition.operatorToken.kind)) return undefined;
    const [a, b] = [node.whenTrue, node.whenFalse];
    if (isNullishLiteral(a) !== isNullishLiteral(b)) return withKind(callerLimit(isNullishLiteral(a) ? b : a, context, depth + 1) ?? callerLimit(node.condition, context, depth + 1), 'clientOnly');
    return withKind(callerLimit(a, context, depth + 1) ?? callerLimit(b, context, depth + 1), 'clientChosen');
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    return op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken ? withKind(callerLimit(node.left, context, depth + 1), 'clientChosen') : undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Math' && !context.lookupBinding('Math', node)) {
    const method = node.expression.name.text;
    const limits = node.arguments.map((a) => callerLimit(a, context, depth + 1));
    // Math.min(limit, 100) is the cap.
    if (method === 'min') return limits.length > 0 && limits.every((l) => l !== undefined) ? limits[0] : undefined;
    return MATH_PASS_THROUGH.has(method) ? limits.find((l) => l !== undefined) : undefined;
  }
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (binding?.kind === 'var') {
      if (!binding.init || binding.assignments.length > 0) return undefined;
      const fn = context.enclosingFunction(binding.declaration);
      if (fn && boundedIn(fn, [node.text], context.sourceFile)) return undefined;
      if (binding.destructure.length === 0) return callerLimit(binding.init, context, depth + 1);
      // `const { limit = 20 } = query`
      const limit = binding.destructure.length === 1 ? parameterLimit(node, context) : undefined;
      const declared = binding.declaration;
      const defaulted = ts.isVariableDeclaration(declared) && patternDefault(declared.name, node.text) !== undefined;
      return limit && defaulted ? { ...limit, kind: 'clientChosen' } : limit;
    }
  }
  return parameterLimit(node, context);
}

/**
 * `router.get('/', query('limit').isInt({ max: 100 }), handler)`, `validate(schema)`: middleware
 * registered with the handler may cap a value the handler gives a default (precision first).
 */
function validatedAtRegistration(node: ts.Node, context: RuleContext): boolean {
  let outermost: ts.SignatureDeclaration | undefined;
  for (let fn = context.enclosingFunction(node); fn; fn = context.enclosingFunction(fn)) outermost = fn;
  const registration = outermost?.parent;
  if (!outermost || !registration || !ts.isCallExpression(registration)) return false;
  return registration.arguments.some((arg) => {
    if ((arg as ts.Node) === outermost || !ts.isCallExpression(arg)) return false;
    if (/valid|celebrate|schema/i.test(nodeText(arg.expression, context.sourceFile))) return true;
    let max = false;
    const visit = (child: ts.Node): void => {
      if (max) return;
      if (ts.isIdentifier(child) && /^max$/i.test(child.text)) max = true;
      else ts.forEachChild(child, visit);
    };
    visit(arg);
    return max;
  });
}

/** Whether an options object sets one of `names`, and how. */
function limitInOptions(shape: OptionsShape, names: readonly string[], context: RuleContext, depth = 0): LimitStatus {
  if (shape.kind === 'none') return { status: 'absent' };
  if (shape.kind === 'opaque' || depth > 4) return { status: 'hidden' };
  for (const name of names) {
    const value = propertyValue(shape.node, name);
    if (value) return limitValue(value, context);
    if (shape.node.properties.some((p) => !ts.isSpreadAssignment(p) && propertyNameText(p.name) === name)) return { status: 'set' };
  }
  for (const prop of shape.node.properties) {
    if (!ts.isSpreadAssignment(prop)) continue;
    const spread = strip(prop.expression);
    // `...(req.query.limit && { limit: Number(req.query.limit) })`
    if (ts.isBinaryExpression(spread) && spread.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && ts.isObjectLiteralExpression(strip(spread.right))) {
      const inner = limitInOptions(optionsShape(spread.right, context), names, context, depth + 1);
      if (inner.status === 'absent') continue;
      if (inner.status === 'set' && isClientValue(spread.left, context)) return { status: 'clientOnly', node: spread };
      const gated = callerGatedLimit(spread, spread.left, inner, context);
      if (gated) return gated;
      return inner;
    }
    // `...(limit ? { take: limit } : {})`
    if (ts.isConditionalExpression(spread)) {
      const a = limitInOptions(optionsShape(spread.whenTrue, context), names, context, depth + 1);
      const b = limitInOptions(optionsShape(spread.whenFalse, context), names, context, depth + 1);
      if (a.status === 'absent' && b.status === 'absent') continue;
      if ((a.status === 'absent' || b.status === 'absent') && isClientValue(spread.condition, context)) return { status: 'clientOnly', node: spread };
      const gated = a.status === 'absent' || b.status === 'absent' ? callerGatedLimit(spread, spread.condition, a.status === 'absent' ? b : a, context) : undefined;
      if (gated) return gated;
      return { status: 'hidden' };
    }
    const inner = optionsShape(spread, context);
    if (inner.kind !== 'object') return { status: 'hidden' };
    const nested = limitInOptions(inner, names, context, depth + 1);
    if (nested.status !== 'absent') return nested;
  }
  return { status: 'absent' };
}

/**
 * `...(query.limit && { take: Number(query.limit) })`, `...(limit ? { take: limit } : {})`: a
 * limit that applies only when the function's caller passes one.
 */
function callerGatedLimit(spread: ts.Expression, gate: ts.Expression, limit: LimitStatus, context: RuleContext): LimitStatus | undefined {
  if (limit.status !== 'set' && limit.status !== 'caller') return undefined;
  const caller = callerLimit(gate, context);
  return caller ? { status: 'caller', node: spread, caller: { ...caller, kind: 'clientOnly' } } : undefined;
}

/** A `.limit(n)` call's argument judged the same way. */
function limitCall(link: Link | undefined, context: RuleContext): LimitStatus {
  if (!link) return { status: 'absent' };
  const arg = link.call.arguments[0];
  return arg ? limitValue(arg, context) : { status: 'set' };
}

/**
 * The properties of a filter that are equalities (`{ nickname }`, `{ id: x }`, `{ id: { equals: x } }`,
 * and `{ in: ids }` / `{ $in: ids }`: as many rows as ids asked for, unless `lists` is false).
 * Not `{ $gt: … }` objects.
 */
function whereEqualities(where: ts.Expression | undefined, context: RuleContext, lists = true): string[] {
  const shape = optionsShape(where, context);
  if (shape.kind !== 'object') return [];
  const names: string[] = [];
  for (const prop of shape.node.properties) {
    const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
    if (!name || name.startsWith('$')) continue;
    if (ts.isShorthandPropertyAssignment(prop)) {
      names.push(name);
      continue;
    }
    if (!ts.isPropertyAssignment(prop)) continue;
    const value = strip(prop.initializer);
    if (!ts.isObjectLiteralExpression(value) && !ts.isArrayLiteralExpression(value)) names.push(name);
    else if (ts.isObjectLiteralExpression(value) && value.properties.some((p) => p.name !== undefined && ((lists && isListOperator(p.name)) || isEqualityOperator(p.name)))) names.push(name);
  }
  return names;
}

/** `in`, `$in`, Sequelize's `[Op.in]`: a filter by a list of values. */
function isListOperator(name: ts.PropertyName): boolean {
  if (ts.isComputedPropertyName(name)) return /(^|\.)in$/.test(name.expression.getText());
  const text = propertyNameText(name);
  return text === 'in' || text === '$in';
}

/** `equals`, `$eq`, `eq`, Sequelize's `[Op.eq]`. */
function isEqualityOperator(name: ts.PropertyName): boolean {
  if (ts.isComputedPropertyName(name)) return /(^|\.)eq$/.test(name.expression.getText());
  const text = propertyNameText(name);
  return text === 'equals' || text === '$eq' || text === 'eq';
}

/** `{ id: x }`, `{ _id: x }`, `{ id: { equals: x } }`: one row at most, whatever the schema says. */
function whereHasUniqueEquality(where: ts.Expression | undefined, context: RuleContext): boolean {
  return whereEqualities(where, context).some((name) => /^(id|_id|uuid)$/.test(name));
}

/**
 * The facts under which equalities on `columns` of `table` return one row: one of them is a key in
 * the schema, or several of them together are a composite key (`UNIQUE (user, follower)`).
 */
function keyFacts(table: string | undefined, columns: readonly string[]): { uniqueIf?: string[] } {
  const facts = [...new Set([...columns, ...compositeCandidates(columns)].map((c) => uniqueKeyFact(table, c)))];
  return facts.length > 0 ? { uniqueIf: facts } : {};
}

/** Every set of 2–4 of the columns, as schema-keys names a composite key (`follower+user`). */
function compositeCandidates(columns: readonly string[]): string[] {
  const distinct = [...new Set(columns.map((c) => c.toLowerCase()))].slice(0, 6);
  const out: string[] = [];
  const pick = (start: number, chosen: string[]): void => {
    if (chosen.length >= 2) out.push(compositeColumn(chosen));
    if (chosen.length === 4) return;
    for (let i = start; i < distinct.length; i++) pick(i + 1, [...chosen, distinct[i]!]);
  };
  pick(0, []);
  return out;
}

// ---- SQL -------------------------------------------------------------------------------------------

interface SqlText {
  text: string;
  /** The literal the text ends in, when the SQL is written right in the call (a fix can edit it). */
  tail?: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateTail | ts.TemplateHead;
}

/** The SQL an argument holds, with `${…}` and non-literal parts as `$X`. */
function sqlText(expr: ts.Expression | undefined, context: RuleContext, inline = true, depth = 0): SqlText | undefined {
  if (!expr || depth > 6) return undefined;
  const node = strip(expr);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { text: node.text, tail: inline ? node : undefined };
  if (ts.isTemplateExpression(node)) {
    const text = node.head.text + node.templateSpans.map((s) => '$X' + s.literal.text).join('');
    const last = node.templateSpans[node.templateSpans.length - 1]!.literal;
    return { text, tail: inline && ts.isTemplateTail(last) ? last : undefined };
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.PlusToken) {
    const left = sqlText(node.left, context, inline, depth + 1);
    const right = sqlText(node.right, context, inline, depth + 1);
    if (!left) return undefined; // the start decides whether it is a SELECT
    return { text: left.text + (right ? right.text : '$X'), tail: right?.tail };
  }
  if (ts.isIdentifier(node)) {
    const binding = context.lookupBinding(node.text, node);
    if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0 && binding.assignments.length === 0) {
      return sqlText(binding.init, context, false, depth + 1);
    }
    return undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    // pg `{ text, values }`, mysql2 `{ sql, values }`
    const text = propertyValue(node, 'text') ?? propertyValue(node, 'sql');
    return text ? sqlText(text, context, inline, depth + 1) : undefined;
  }
  return undefined;
}

/** What `knex('users')` names: a table, maybe aliased; never a statement (`rawQuery('select …')`). */
const TABLE_NAME = /^\s*[\w.$"`-]+(\s+as\s+[\w"`]+)?\s*$/i;
/** SQL text that reads rows. */
const SELECT_START = /^\s*\(*\s*(select|with)\b/i;
/** Constants that may hold SQL text (`const sql = …`), checked further by sqlText. */
const SQL_NAME = /sql|query|stmt|statement/i;

/** Cheap syntax: an argument that may be a SELECT written at the call (or a constant named like SQL). */
function mayBeSelect(arg: ts.Expression): boolean {
  const node = strip(arg);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return SELECT_START.test(node.text);
  if (ts.isTemplateExpression(node)) return SELECT_START.test(node.head.text);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.PlusToken) return mayBeSelect(node.left);
  return ts.isIdentifier(node) && SQL_NAME.test(node.text);
}

const AGGREGATE_ITEM = /^(coalesce\s*\(\s*)?(count|sum|avg|min|max|bool_and|bool_or|every|array_agg|json_agg|jsonb_agg|json_object_agg|string_agg|group_concat|exists)\s*\(/i;

interface SqlVerdict {
  bounded: boolean;
  /** ` LIMIT n` can be appended at the end. */
  appendable: boolean;
  table?: string;
  /** Columns of the FROM table compared by equality: one row if the schema makes one a key. */
  keyCandidates?: string[];
  /** Of those, the ones compared with a list (`= ANY($1)`, `IN (?)`): one row per list element at most. */
  listColumns?: string[];
}

/** Whether a SELECT returns a bounded number of rows; undefined when it is not a single read. */
export function analyzeSql(raw: string): SqlVerdict | undefined {
  const statements = raw.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  if (statements.length !== 1) return undefined;
  const sql = statements[0]!.replace(/^\(+/, '').trim();
  if (!/^(select|with)\b/i.test(sql)) return undefined;
  const top = topLevelSql(sql);
  if (/^with\b/i.test(sql) && /\b(insert|update|delete|merge)\b/i.test(sql)) return undefined;
  if (/\binto\b/i.test(top)) return undefined; // SELECT … INTO writes a table
  const select = /\bselect\b/i.exec(top);
  if (!select) return undefined;
  const from = /\bfrom\b/i.exec(top.slice(select.index));
  const fromIndex = from ? select.index + from.index : -1;
  const tableMatch = from ? /^\s*from\s+("?[\w.$]+"?)(?:\s+(?:as\s+)?(?!where\b|join\b|left\b|right\b|inner\b|outer\b|cross\b|full\b|group\b|order\b|limit\b|on\b)(\w+))?/i.exec(top.slice(fromIndex)) : null;
  const table = tableMatch?.[1]?.replace(/"/g, '');
  const alias = tableMatch?.[2];
  const appendable = !/\boffset\b/i.test(top) && !/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(top);
  const verdict = (bounded: boolean): SqlVerdict => ({ bounded, appendable, table });
  if (/\blimit\b/i.test(top) || /\bfetch\s+(first|next)\b/i.test(top) || /\bselect\s+(distinct\s+)?top\b/i.test(top) || /\brownum\b/i.test(top)) return verdict(true);
  if (fromIndex < 0) return verdict(true); // SELECT 1, SELECT now()
  // One row per group: how many groups there are is the data's business (often a handful).
  if (/\bgroup\s+by\b/i.test(top)) return undefined;
  const listStart = select.index + select[0].length;
  const items: string[] = [];
  let start = listStart;
  for (let i = listStart; i <= fromIndex; i++) {
    if (i === fromIndex || top[i] === ',') {
      items.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  const isAggregate = (item: string): boolean => AGGREGATE_ITEM.test(item.replace(/^distinct\s+/i, ''));
  if (items.length > 0 && items.every(isAggregate)) return verdict(true);
  const where = /\bwhere\b/i.exec(top);
  if (where) {
    const rest = top.slice(where.index + where[0].length);
    const end = /\b(group\s+by|order\s+by|limit|offset|having|union|for\s+update)\b/i.exec(rest);
    const clauseTop = rest.slice(0, end ? end.index : rest.length);
    const clause = sql.slice(where.index + where[0].length, where.index + where[0].length + clauseTop.length);
    // A page per key: `row_number() OVER (PARTITION BY author_id …) AS n` in a subquery, `WHERE n <= 5` outside.
    if (/\b(row_number|rank|dense_rank)\s*\(\s*\)\s*over\s*\(\s*partition\s+by\b/i.test(sql) && /\b\w+\s*<=?\s*(\d+|\$\d+|\$X|\?)/.test(clauseTop)) return verdict(true);
    if (!/\bor\b/i.test(clauseTop)) {
      // A lookup by a list (`id = ANY($1)`, `id IN (?)`) returns as many rows as the list has
      // elements only when the column is a key; `author_id = ANY($1)` returns every row of each.
      const hasJoin = /\bjoin\b/i.test(top);
      const equality = /(?:^|[\s(])(?:"?(\w+)"?\.)?"?(\w+)"?\s*(=|\bin\b)\s*(\$\d+|\$X|\?|:\w+|@\w+|'[^']*'|\d+|\(|any\s*\()/gi;
      const keyCandidates: string[] = [];
      const listColumns: string[] = [];
      for (let m = equality.exec(clause); m; m = equality.exec(clause)) {
        const [, qualifier, column, operator, operand] = m;
        // With a JOIN, `u.id = $1` may be the joined table's key: only the FROM table's own key bounds the rows.
        if (!(qualifier ? qualifier === table || qualifier === alias : !hasJoin)) continue;
        if (UNIQUE_COLUMN.test(column!)) return verdict(true);
        keyCandidates.push(column!);
        if (/^in$/i.test(operator!) || /^any/i.test(operand!)) listColumns.push(column!);
      }
      if (keyCandidates.length > 0) return { ...verdict(false), keyCandidates, ...(listColumns.length > 0 ? { listColumns } : {}) };
    }
  }
  return verdict(false);
}

// ---- the analyzer ------------------------------------------------------------------------------

export function createQueryAnalyzer(context: RuleContext): QueryAnalyzer {
  let imports: Set<string> | undefined;
  const evidence = new Map<string, boolean>();
  /** The file imports one of `modules`, or the project depends on one. */
  const uses = (modules: readonly string[]): boolean => {
    const key = modules.join(',');
    let found = evidence.get(key);
    if (found === undefined) {
      imports ??= importedModules(context.sourceFile);
      found = modules.some((m) => imports!.has(m) || context.packageVersion(m) !== undefined);
      evidence.set(key, found);
    }
    return found;
  };
  const sourceFile = context.sourceFile;
  const text = (node: ts.Node): string => nodeText(node, sourceFile);
  /** `this.orders`, `User`, `db.models.Order` as written, or its last name when long. */
  const receiverName = (expr: ts.Expression): string => {
    const written = text(expr);
    return written.length <= 30 && !written.includes('\n') ? written : (finalName(expr) ?? written.slice(0, 30));
  };
  const insertAfter = (node: ts.Node, newText: string, title: string): ReportFix => ({ title, edits: [{ start: node.getEnd(), end: node.getEnd(), newText }] });
  const optionFix = (call: ts.CallExpression, index: number, shape: OptionsShape, property: string): ReportFix | undefined => {
    const title = `Return at most ${SUGGESTED_PAGE_SIZE} rows (${property})`;
    if (shape.kind === 'object') return { title, edits: [addPropertyEdit(shape.node, property, sourceFile)] };
    if (shape.kind === 'none' && call.arguments.length === index) {
      const at = index === 0 ? call.arguments.pos : call.arguments[index - 1]!.getEnd();
      return { title, edits: [{ start: at, end: at, newText: `${index === 0 ? '' : ', '}{ ${property} }` }] };
    }
    return undefined;
  };
  const fromLimit = (limit: LimitStatus, base: Omit<RowRead, 'bound'>): RowRead | undefined => {
    if (limit.status === 'set') return { ...base, bound: 'bounded', fix: undefined };
    if (limit.status === 'hidden') return undefined;
    if (limit.status === 'clientOnly' || limit.status === 'clientChosen') return { ...base, bound: limit.status, clientLimit: limit.node, fix: undefined };
    if (limit.status === 'caller') return { ...base, bound: 'bounded', clientLimit: limit.node, callerLimit: limit.caller, fix: undefined };
    return { ...base, bound: 'unbounded' };
  };

  // ---- DataLoader batch functions ----
  let batchFunctions: Set<ts.Node> | undefined;
  /** Functions given to `new DataLoader(…)` in this file (inline, or by name). */
  const dataLoaderBatches = (): Set<ts.Node> => {
    if (batchFunctions) return batchFunctions;
    batchFunctions = new Set();
    imports ??= importedModules(sourceFile);
    if (!imports.has('dataloader')) return batchFunctions;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.arguments?.[0]) {
        const callee = context.resolve(node.expression);
        if (callee.kind === 'library' && callee.module === 'dataloader' && callee.path.length === 0) {
          const batch = context.resolve(node.arguments[0]);
          if (batch.kind === 'function') batchFunctions!.add(batch.node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return batchFunctions;
  };
  /**
   * The keys a DataLoader batch function receives (`keys`, `keys.map(Number)`, `[...keys]`): a read
   * filtered to them returns rows for this batch's keys only, like `WHERE id = ANY($1)`.
   */
  const isBatchKeys = (expr: ts.Expression, depth = 0): boolean => {
    if (depth > 4) return false;
    const node = strip(expr);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['map', 'filter', 'slice'].includes(node.expression.name.text)) return isBatchKeys(node.expression.expression, depth + 1);
    if (ts.isArrayLiteralExpression(node) && node.elements.length === 1 && ts.isSpreadElement(node.elements[0]!)) return isBatchKeys(node.elements[0]!.expression, depth + 1);
    if (ts.isIdentifier(node)) {
      const binding = context.lookupBinding(node.text, node);
      if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0 && binding.assignments.length === 0) return isBatchKeys(binding.init, depth + 1);
    }
    const value = context.resolve(node);
    if (value.kind !== 'parameter' || value.path.length !== 0) return false;
    const fn = value.node.parent;
    return ts.isFunctionLike(fn) && fn.parameters[0] === value.node && dataLoaderBatches().has(fn);
  };
  /**
   * The column a batch's keys filter (`{ authorId: { in: keys } }`, `{ author: { $in: keys } }`,
   * `{ id: In(keys) }`, `{ authorId: keys }` in Sequelize), when the read is in a DataLoader batch.
   */
  const batchKeyColumn = (where: ts.Expression | undefined): string | undefined => {
    if (dataLoaderBatches().size === 0) return undefined;
    const shape = optionsShape(where, context);
    if (shape.kind !== 'object') return undefined;
    for (const prop of shape.node.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const name = propertyNameText(prop.name);
      const value = strip(prop.initializer);
      let filtered = isBatchKeys(value);
      if (!filtered && ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'In' && value.arguments[0]) filtered = isBatchKeys(value.arguments[0]);
      // `{ in: keys }`, `{ $in: keys }`, `{ [Op.in]: keys }`
      if (!filtered && ts.isObjectLiteralExpression(value)) {
        filtered = value.properties.some((p) => ts.isPropertyAssignment(p) && isListOperator(p.name) && isBatchKeys(p.initializer));
      }
      if (filtered && name) return name;
    }
    return undefined;
  };
  /**
   * A batch read by its keys is bounded by them only on a key column (`id`, `slug`…; schema-declared
   * keys drop the finding through `uniqueIf`): `{ authorId: { in: keys } }` reads every book of
   * every author in the batch. Undefined when the read is not a batch lookup.
   */
  const batchLookup = (where: ts.Expression | undefined): { bounded: true } | { bounded: false; perKey: string } | undefined => {
    const column = batchKeyColumn(where);
    if (column === undefined) return undefined;
    return UNIQUE_COLUMN.test(column) ? { bounded: true } : { bounded: false, perKey: column };
  };
  /** What a batch lookup adds to an unbounded read: the column, and no LIMIT fix (it would cut across keys). */
  const perKeyOf = (where: ts.Expression | undefined): { perKey: string; fix: undefined } | Record<string, never> => {
    const lookup = batchLookup(where);
    return lookup && !lookup.bounded ? { perKey: lookup.perKey, fix: undefined } : {};
  };

  // ---- which table a model reads (for keys declared in the schema) ----
  /** `User.find`, `db.User.findAll`: the model's name; `this.userModel` injected with `@InjectModel(User.name)`: User. */
  const modelName = (receiver: ts.Expression): string | undefined => {
    const injected = injectedArgument(receiver, ['InjectModel']);
    if (injected) return injected;
    const name = finalName(receiver);
    return name !== undefined && isPascalCase(name) ? name : undefined;
  };
  /** `db.collection('users').find(…)`: the collection. */
  const collectionName = (receiver: ts.Expression, depth = 0): string | undefined => {
    const node = strip(receiver);
    if (ts.isIdentifier(node) && depth < 3) {
      const binding = context.lookupBinding(node.text, node);
      return binding?.kind === 'var' && binding.init && binding.destructure.length === 0 ? collectionName(binding.init, depth + 1) : undefined;
    }
    if (ts.isAwaitExpression(node)) return collectionName(node.expression, depth + 1);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'collection') return stringArgument(node);
    return undefined;
  };
  /** The entity of a TypeORM repository: `getRepository(User)`, `@InjectRepository(User)`. */
  const repositoryEntity = (receiver: ts.Expression): string | undefined => {
    const injected = injectedArgument(receiver, ['InjectRepository']);
    if (injected) return injected;
    let node = strip(receiver);
    if (ts.isIdentifier(node)) {
      const binding = context.lookupBinding(node.text, node);
      if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0) node = strip(binding.init);
    }
    if (!isRepositoryCall(node)) return undefined;
    const arg = (node as ts.CallExpression).arguments[0];
    return arg && ts.isIdentifier(strip(arg)) ? (strip(arg) as ts.Identifier).text : arg ? stringValueOf(arg) : undefined;
  };

  // ---- mongoose and the MongoDB driver ----
  const isMongooseModel = (receiver: ts.Expression): boolean => {
    const value = context.resolve(receiver);
    // A model made here, or exported by the file that made it (`module.exports = mongoose.model(…)`).
    if (value.kind === 'instance' || value.kind === 'remote-instance') {
      if (value.module === 'mongoose' && (endsWith(value.factory, ['model']) || endsWith(value.path, ['model', '()']))) return true;
      if (value.module === '@typegoose/typegoose' && endsWith(value.factory, ['getModelForClass'])) return true;
      return false;
    }
    if (value.kind === 'library') return value.module === 'mongoose' && value.path[0] === 'models' && value.path.length === 2;
    if (!uses(MONGOOSE_MODULES)) return false;
    const injected = injectedFrom(receiver, ['InjectModel'], context);
    if (injected) return injected === '@nestjs/mongoose';
    if (value.kind !== 'project') return false;
    const name = finalName(receiver);
    return name !== undefined && isPascalCase(name);
  };
  const isDriverCollection = (receiver: ts.Expression, depth = 0): boolean => {
    const node = strip(receiver);
    const value = context.resolve(node);
    if (isInstanceOf(value, ['mongodb']) && endsWith(value.path, ['collection', '()'])) return true;
    if (ts.isIdentifier(node) && depth < 3) {
      const binding = context.lookupBinding(node.text, node);
      if (binding?.kind === 'var' && binding.init && binding.destructure.length === 0) return isDriverCollection(binding.init, depth + 1);
    }
    if (ts.isAwaitExpression(node)) return isDriverCollection(node.expression, depth + 1);
    // `this.tweetCollection.find(…).toArray()`: a collection handed in from elsewhere (a constructor
    // argument, a plugin decoration), named as one, in a project that uses the driver.
    const name = finalName(node);
    if (name !== undefined && /(^c|C)ollection$/.test(name) && uses(MONGODB_MODULES)) return true;
    return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'collection' &&
      node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!) && uses(MONGODB_MODULES);
  };
  const mongoFind = (call: ts.CallExpression, access: ts.PropertyAccessExpression, library: 'mongoose' | 'mongodb'): RowRead | undefined => {
    const method = access.name.text;
    // `Plans.find((p) => p.active)`: an array, not a model.
    const first = call.arguments[0];
    if (first && (ts.isArrowFunction(strip(first)) || ts.isFunctionExpression(strip(first)) || context.resolve(first).kind === 'function')) return undefined;
    const { links, outer } = callsAfter(call);
    if (links.some((l) => STREAMING.has(l.name))) return undefined;
    if (links.some((l) => ['countDocuments', 'count', 'estimatedDocumentCount', 'distinct'].includes(l.name))) return undefined;
    // The driver's cursor loads rows only through toArray(); mongoose runs when executed.
    if (library === 'mongodb' ? !links.some((l) => l.name === 'toArray') : !(links.some((l) => ['exec', 'then', 'lean'].includes(l.name)) || isExecuted(outer))) return undefined;
    const named = library === 'mongoose' || !ts.isCallExpression(strip(access.expression));
    const owner = named ? `\`${receiverName(access.expression)}.${method}()\`` : `\`collection.${method}()\``;
    const base = { library, reportAt: access.name, what: owner, hint: `\`.limit(${SUGGESTED_PAGE_SIZE})\``, fix: insertAfter(call, `.limit(${SUGGESTED_PAGE_SIZE})`, `Return at most ${SUGGESTED_PAGE_SIZE} documents (.limit(${SUGGESTED_PAGE_SIZE}))`) } as const;
    const limitLink = links.find((l) => l.name === 'limit');
    if (limitLink) return fromLimit(limitCall(limitLink, context), base);
    if (method === 'find') {
      if (whereHasUniqueEquality(call.arguments[0], context) || batchLookup(call.arguments[0])?.bounded) return { ...base, bound: 'bounded', fix: undefined };
      // A filter we cannot read may be `{ _id: id }`.
      if (call.arguments[0] && optionsShape(call.arguments[0], context).kind === 'opaque') return undefined;
      const options = library === 'mongoose' ? call.arguments[2] : call.arguments[1];
      const keys = keyFacts(library === 'mongoose' ? modelName(access.expression) : collectionName(access.expression), whereEqualities(call.arguments[0], context));
      return fromLimit(limitInOptions(optionsShape(options, context), ['limit'], context), { ...base, ...keys, ...perKeyOf(call.arguments[0]) });
    }
    // aggregate: the pipeline decides.
    const pipeline = call.arguments[0] ? strip(call.arguments[0]) : undefined;
    const stages = pipeline && ts.isIdentifier(pipeline) ? context.resolve(pipeline) : undefined;
    const array = pipeline && ts.isArrayLiteralExpression(pipeline) ? pipeline : stages?.kind === 'expression' && ts.isArrayLiteralExpression(stages.node) ? stages.node : undefined;
    if (!array) return undefined;
    let grouped = false;
    for (const stage of array.elements) {
      if (!ts.isObjectLiteralExpression(stage)) return undefined;
      const name = stage.properties.length === 1 ? propertyNameText(stage.properties[0]!.name) : undefined;
      if (name === undefined) return undefined;
      if (name === '$limit') {
        const value = propertyValue(stage, '$limit');
        const limit = value ? limitValue(value, context) : { status: 'set' as const };
        return limit.status === 'clientOnly' || limit.status === 'clientChosen' ? { ...base, bound: limit.status, clientLimit: value, fix: undefined } : { ...base, bound: 'bounded', fix: undefined };
      }
      if (name === '$count' || name === '$sample') return { ...base, bound: 'bounded', fix: undefined };
      if (name === '$group') {
        const group = propertyValue(stage, '$group');
        const id = group && ts.isObjectLiteralExpression(strip(group)) ? propertyValue(strip(group) as ts.ObjectLiteralExpression, '_id') : undefined;
        if (id && id.kind === SyntaxKind.NullKeyword) return { ...base, bound: 'bounded', fix: undefined };
        grouped = true;
      }
      if (name === '$match' && whereHasUniqueEquality(propertyValue(stage, '$match'), context)) return { ...base, bound: 'bounded', fix: undefined };
    }
    // One document per group, like SQL GROUP BY: not judged.
    return grouped ? undefined : { ...base, bound: 'unbounded' };
  };
  // ---- Prisma and Drizzle ----
  const prismaOrDrizzle = (access: ts.PropertyAccessExpression): 'prisma' | 'drizzle' | undefined => {
    const delegate = strip(access.expression);
    if (!ts.isPropertyAccessExpression(delegate)) return undefined;
    const client = strip(delegate.expression);
    if (ts.isPropertyAccessExpression(client) && client.name.text === 'query' && uses(DRIZZLE_MODULES)) return 'drizzle';
    const value = context.resolve(client);
    if (isInstanceOf(value, PRISMA_MODULES) && endsWith(value.factory, ['PrismaClient'])) return 'prisma';
    if (isLibraryValue(value)) return undefined;
    const model = delegate.name.text;
    if (!/^[a-z]/.test(model) || !uses(PRISMA_MODULES)) return undefined;
    const isClient = ts.isIdentifier(client) || (ts.isPropertyAccessExpression(client) && (client.expression.kind === SyntaxKind.ThisKeyword || ts.isIdentifier(client.expression)));
    return isClient ? 'prisma' : undefined;
  };
  const findMany = (call: ts.CallExpression, access: ts.PropertyAccessExpression, library: 'prisma' | 'drizzle'): RowRead | undefined => {
    const option = library === 'prisma' ? 'take' : 'limit';
    const shape = optionsShape(call.arguments[0], context);
    const base = {
      library,
      reportAt: access.name,
      what: `\`${text(access.expression)}.findMany()\``,
      hint: `\`${option}: ${SUGGESTED_PAGE_SIZE}\``,
      fix: optionFix(call, 0, shape, `${option}: ${SUGGESTED_PAGE_SIZE}`),
    };
    let keys = {};
    if (shape.kind === 'object') {
      const where = propertyValue(shape.node, 'where');
      if (library === 'prisma' && (whereHasUniqueEquality(where, context) || batchLookup(where)?.bounded)) return { ...base, bound: 'bounded' };
      if (library === 'drizzle' && where && /\beq\(\s*[\w.]+\.id\s*,/.test(text(where))) return { ...base, bound: 'bounded' };
      // `prisma.user.findMany({ where: { email } })`: the delegate names the model.
      if (library === 'prisma') {
        const model = (strip(access.expression) as ts.PropertyAccessExpression).name.text;
        const per = perKeyOf(where);
        // A child's rows for one parent, when the application only creates them with that parent (see prismaReadBounded).
        const fixed = whereEqualities(where, context, false);
        const boundedIf = fixed.length > 0 && !per.perKey ? { boundedIf: [`prisma-bounded:${normaliseTable(model)}|${[...new Set(fixed.map((e) => e.toLowerCase()))].sort().join('+')}`] } : {};
        keys = { ...keyFacts(model, whereEqualities(where, context)), ...per, ...boundedIf };
      }
    }
    return fromLimit(limitInOptions(shape, [option], context), { ...base, ...keys });
  };

  // ---- Sequelize ----
  const isSequelizeModel = (receiver: ts.Expression): boolean => {
    const value = context.resolve(receiver);
    if (value.kind === 'object') return false;
    if (value.kind === 'instance' || value.kind === 'remote-instance') return SEQUELIZE_MODULES.includes(value.module) && (endsWith(value.path, ['define', '()']) || value.path[value.path.length - 2] === 'models');
    if (value.kind === 'class') {
      const declaresOwn = value.node.members.some((m) => ['findAll', 'findAndCountAll'].includes(propertyNameText(m.name) ?? ''));
      return !declaresOwn && (value.node.heritageClauses ?? []).some((h) => h.token === SyntaxKind.ExtendsKeyword) && uses(SEQUELIZE_MODULES);
    }
    if (value.kind === 'library' || !uses(SEQUELIZE_MODULES)) return false;
    const injected = injectedFrom(receiver, ['InjectModel'], context);
    if (injected) return injected === '@nestjs/sequelize';
    const name = finalName(receiver);
    return name !== undefined && (isPascalCase(name) || /Model$/.test(name));
  };
  const findAll = (call: ts.CallExpression, access: ts.PropertyAccessExpression): RowRead | undefined => {
    const shape = optionsShape(call.arguments[0], context);
    const base = {
      library: 'sequelize' as const,
      reportAt: access.name,
      what: `\`${receiverName(access.expression)}.${access.name.text}()\``,
      hint: `\`limit: ${SUGGESTED_PAGE_SIZE}\``,
      fix: optionFix(call, 0, shape, `limit: ${SUGGESTED_PAGE_SIZE}`),
    };
    const where = shape.kind === 'object' ? propertyValue(shape.node, 'where') : undefined;
    if (where && (whereHasUniqueEquality(where, context) || batchLookup(where)?.bounded)) return { ...base, bound: 'bounded' };
    const keys = shape.kind === 'object' ? { ...keyFacts(modelName(access.expression), whereEqualities(where, context)), ...perKeyOf(where) } : {};
    return fromLimit(limitInOptions(shape, ['limit'], context), { ...base, ...keys });
  };

  // ---- TypeORM ----
  const isRepositoryCall = (expr: ts.Expression): boolean => {
    const node = strip(expr);
    if (!ts.isCallExpression(node)) return false;
    const callee = node.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return ['getRepository', 'getTreeRepository', 'getMongoRepository', 'getCustomRepository'].includes(name);
  };
  const isTypeormRepository = (receiver: ts.Expression): boolean => {
    const value = context.resolve(receiver);
    if (isInstanceOf(value, ['typeorm']) && (endsWith(value.path, ['getRepository', '()']) || endsWith(value.path, ['getTreeRepository', '()']) || (value.path.length === 0 && endsWith(value.factory, ['getRepository'])))) return true;
    if (value.kind === 'class') {
      return (value.node.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === 'BaseEntity')) && uses(TYPEORM_MODULES);
    }
    if (!uses(TYPEORM_MODULES)) return false;
    const node = strip(receiver);
    if (isRepositoryCall(node)) return true;
    if (ts.isIdentifier(node)) {
      const binding = context.lookupBinding(node.text, node);
      if (binding?.kind === 'var' && binding.init && isRepositoryCall(binding.init)) return true;
    }
    return injectedFrom(receiver, ['InjectRepository'], context) === '@nestjs/typeorm';
  };
  const typeormFind = (call: ts.CallExpression, access: ts.PropertyAccessExpression): RowRead | undefined => {
    const method = access.name.text;
    const byWhere = method === 'findBy' || method === 'findAndCountBy';
    const shape = optionsShape(call.arguments[0], context);
    const base = {
      library: 'typeorm' as const,
      reportAt: access.name,
      what: `\`${receiverName(access.expression)}.${method}()\``,
      hint: byWhere ? `\`find({ where, take: ${SUGGESTED_PAGE_SIZE} })\`` : `\`take: ${SUGGESTED_PAGE_SIZE}\``,
      fix: byWhere ? undefined : optionFix(call, 0, shape, `take: ${SUGGESTED_PAGE_SIZE}`),
    };
    const entity = repositoryEntity(access.expression);
    if (byWhere) {
      if (shape.kind !== 'object') return undefined;
      return whereHasUniqueEquality(call.arguments[0], context) || batchLookup(call.arguments[0])?.bounded
        ? { ...base, bound: 'bounded' }
        : { ...base, bound: 'unbounded', ...keyFacts(entity, whereEqualities(call.arguments[0], context)), ...perKeyOf(call.arguments[0]) };
    }
    const where = shape.kind === 'object' ? propertyValue(shape.node, 'where') : undefined;
    if (where && (whereHasUniqueEquality(where, context) || batchLookup(where)?.bounded)) return { ...base, bound: 'bounded' };
    const keys = shape.kind === 'object' ? { ...keyFacts(entity, whereEqualities(where, context)), ...perKeyOf(where) } : {};
    return fromLimit(limitInOptions(shape, ['take', 'limit'], context), { ...base, ...keys });
  };
  const queryBuilderRead = (call: ts.CallExpression, access: ts.PropertyAccessExpression): RowRead | undefined => {
    const below = callsBelow(call);
    let links = below.links;
    // Built in a variable and finished later: `const qb = repo.createQueryBuilder('a'); …; qb.getMany()`.
    const kept = ts.isIdentifier(below.root) ? keptQueryBuilder(below.root, call) : undefined;
    if (kept === 'hidden') return undefined;
    if (kept) links = [...kept.links, ...links];
    if (!links.some((l) => l.name === 'createQueryBuilder') || !uses(TYPEORM_MODULES)) return undefined;
    const raw = access.name.text === 'getRawMany';
    const method = raw ? 'limit' : 'take';
    const base = {
      library: 'typeorm' as const,
      reportAt: access.name,
      what: `The query builder's \`${access.name.text}()\``,
      hint: `\`.${method}(${SUGGESTED_PAGE_SIZE})\``,
      fix: insertAfter(access.expression, `.${method}(${SUGGESTED_PAGE_SIZE})`, `Return at most ${SUGGESTED_PAGE_SIZE} rows (.${method}(${SUGGESTED_PAGE_SIZE}))`),
    };
    if (links.some((l) => l.name === 'whereInIds')) return { ...base, bound: 'bounded' };
    for (const link of links) {
      if ((link.name === 'where' || link.name === 'andWhere') && link.call.arguments[0] && ts.isStringLiteralLike(link.call.arguments[0])) {
        if (/^\s*(\w+\.)?(id|uuid)\s*=\s*:\w+\s*$/i.test(link.call.arguments[0].text)) return { ...base, bound: 'bounded' };
      }
    }
    if (kept?.conditionalLimit) return { ...base, bound: 'clientOnly', clientLimit: kept.conditionalLimit, fix: undefined };
    return fromLimit(limitCall(links.find((l) => l.name === 'take' || l.name === 'limit'), context), base);
  };

  /**
   * A query builder kept in a variable: the links of its initializer and of every `qb.x(…)` call
   * made on it before `finish`, in the same function. 'hidden' when anything else touches it (it is
   * passed to a helper, returned, reassigned): a limit may be added where we cannot see.
   * `conditionalLimit`: every `take`/`limit` on it sits inside an `if` that tests the value it passes
   * (`if ('limit' in query) qb.limit(query.limit)`), so a caller that sends none gets every row.
   */
  const keptQueryBuilder = (id: ts.Identifier, finish: ts.CallExpression): { links: Link[]; conditionalLimit?: ts.Node } | 'hidden' | undefined => {
    const binding = context.lookupBinding(id.text, id);
    if (binding?.kind !== 'var' || !binding.init || binding.destructure.length > 0 || binding.assignments.length > 0) return undefined;
    let init = strip(binding.init);
    if (ts.isAwaitExpression(init)) init = strip(init.expression);
    if (!ts.isCallExpression(init)) return undefined;
    const initLinks = callsBelow(init).links;
    if (!initLinks.some((l) => l.name === 'createQueryBuilder')) return undefined;
    const fn = context.enclosingFunction(finish);
    if (!fn || context.enclosingFunction(binding.declaration) !== fn) return 'hidden';
    const links: Link[] = [...initLinks];
    const limits: { link: Link; guard: ts.IfStatement | undefined }[] = [];
    let hidden = false;
    const visit = (node: ts.Node): void => {
      if (hidden) return;
      if (ts.isIdentifier(node) && node.text === id.text && node !== id && context.lookupBinding(node.text, node) === binding) {
        const parent = node.parent;
        const isDeclaration = ts.isVariableDeclaration(parent) && parent.name === node;
        const method = ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
        if (isDeclaration) return;
        if (!method) {
          hidden = true;
          return;
        }
        const link: Link = { name: parent.name.text, call: parent.parent as ts.CallExpression, access: parent };
        if (link.call.pos >= finish.pos && link.call !== finish && !isInsideNode(link.call, finish)) return;
        links.push(link, ...callsAfterLink(link));
        for (const l of [link, ...callsAfterLink(link)]) {
          if (l.name === 'take' || l.name === 'limit') limits.push({ link: l, guard: guardingIf(l.call, fn) });
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn);
    if (hidden) return 'hidden';
    if (limits.length > 0 && limits.every((l) => l.guard && guardTestsLimitSource(l.guard, l.link))) {
      return { links: links.filter((l) => l.name !== 'take' && l.name !== 'limit'), conditionalLimit: limits[0]!.link.call.arguments[0] ?? limits[0]!.link.call };
    }
    return { links };
  };
  /** `qb.where(…).limit(5)` as a statement: the links after `qb`. */
  const callsAfterLink = (link: Link): Link[] => callsAfter(link.call).links;
  /** The innermost `if` between `node` and its function, if any. */
  const guardingIf = (node: ts.Node, fn: ts.Node): ts.IfStatement | undefined => {
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (ts.isIfStatement(current) && !isInsideNode(node, current.expression)) return current;
      if (ts.isConditionalExpression(current) || (ts.isBinaryExpression(current) && current.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken)) return undefined;
    }
    return undefined;
  };
  /** The `if` tests the input its limit reads: `if ('limit' in query) qb.limit(query.limit)`, `if (q.take) qb.take(q.take)`. */
  const guardTestsLimitSource = (guard: ts.IfStatement, link: Link): boolean => {
    const arg = link.call.arguments[0];
    if (!arg) return false;
    const source = unwrapConversion(arg);
    if (!ts.isPropertyAccessExpression(source) && !ts.isElementAccessExpression(source)) return isClientValue(guard.expression, context);
    const owner = nodeText(source.expression, sourceFile);
    const key = ts.isPropertyAccessExpression(source) ? source.name.text : ts.isStringLiteralLike(source.argumentExpression) ? source.argumentExpression.text : undefined;
    const condition = strip(guard.expression);
    // `'limit' in query`
    if (ts.isBinaryExpression(condition) && condition.operatorToken.kind === SyntaxKind.InKeyword) {
      return ts.isStringLiteralLike(condition.left) && condition.left.text === key && nodeText(condition.right, sourceFile) === owner;
    }
    // `query.limit`, `query.limit !== undefined`
    const tested = ts.isBinaryExpression(condition) ? strip(condition.left) : condition;
    return nodeText(tested, sourceFile) === nodeText(source, sourceFile) || isClientValue(guard.expression, context);
  };

  // ---- knex ----
  const isKnexInstance = (expr: ts.Expression): boolean => {
    const value = context.resolve(expr);
    if (isInstanceOf(value, ['knex']) && value.path.length === 0) return true;
    if (isLibraryValue(value) || value.kind === 'function' || value.kind === 'class' || value.kind === 'object') return false;
    if (!uses(KNEX_MODULES)) return false;
    const node = strip(expr);
    if (ts.isIdentifier(node)) return value.kind === 'project' || /^(knex|db|database|pg|sql|qb|trx)$/i.test(node.text);
    return ts.isPropertyAccessExpression(node) && node.expression.kind === SyntaxKind.ThisKeyword && /^(knex|db|database|connection)$/i.test(node.name.text);
  };
  /** `ctx.app.db`, `fastify.knex`: a knex instance the project attached to its app (see engine/decorations.ts). */
  const isAttachedKnex = (access: ts.PropertyAccessExpression): boolean => {
    const value = context.resolve(access);
    return value.kind === 'remote-instance' && value.module === 'knex' && value.path.length === 0;
  };
  const knexRead = (call: ts.CallExpression): RowRead | undefined => {
    if (callsAfter(call).links.length > 0) return undefined; // judged from the outermost call
    const below = callsBelow(call);
    let links = below.links;
    let base: ts.Expression | undefined;
    const root = below.root;
    // Cheap syntax first: `require('x')` and every other `f('literal')` would otherwise be resolved.
    if (ts.isCallExpression(root) && !ts.isPropertyAccessExpression(root.expression) && root.arguments[0] && ts.isStringLiteralLike(root.arguments[0]) && TABLE_NAME.test(root.arguments[0].text) && !isRequireCallee(root.expression) && isKnexInstance(root.expression)) {
      base = root; // knex('users')…
    } else if (root.kind === SyntaxKind.ThisKeyword && links[0] && /^(knex|db|connection)$/i.test(links[0].name) && links[0].call.arguments[0] && ts.isStringLiteralLike(links[0].call.arguments[0]) && uses(KNEX_MODULES)) {
      base = links[0].call; // this.knex('users')…
      links = links.slice(1);
    } else if (links[0] && ['select', 'from', 'table', 'distinct', 'column'].includes(links[0].name) && isKnexInstance(root)) {
      base = root; // knex.select('*').from('users')…
    } else if (links[0] && links[0].call.arguments[0] && ts.isStringLiteralLike(links[0].call.arguments[0]) && isAttachedKnex(links[0].access)) {
      base = links[0].call; // ctx.app.db('users')…, fastify.knex('users')…: knex attached to the app
      links = links.slice(1);
    }
    if (!base) return undefined;
    const names = links.map((l) => l.name);
    if (names.some((n) => KNEX_WRITES.has(n) || STREAMING.has(n) || KNEX_OPAQUE.has(n))) return undefined;
    const consumed = names.some((n) => CONSUMERS.has(n)) || isExecuted(call);
    if (!consumed) return undefined;
    const lastBuilder = [...links].reverse().find((l) => !CONSUMERS.has(l.name))?.call ?? base;
    const reportAt = ts.isCallExpression(base) ? base : links[0]!.access;
    const result = {
      library: 'knex' as const,
      reportAt,
      what: ts.isCallExpression(base) ? `\`${text(base)}\`` : `\`${text(base)}.${links[0]!.name}()\``,
      hint: `\`.limit(${SUGGESTED_PAGE_SIZE})\``,
      fix: insertAfter(lastBuilder, `.limit(${SUGGESTED_PAGE_SIZE})`, `Return at most ${SUGGESTED_PAGE_SIZE} rows (.limit(${SUGGESTED_PAGE_SIZE}))`),
    };
    if (names.includes('groupBy')) return undefined;
    if (names.some((n) => KNEX_ONE_ROW.has(n))) return { ...result, bound: 'bounded' };
    const equalities: string[] = [];
    let perKey: string | undefined;
    for (const link of links) {
      if (!['where', 'andWhere', 'whereIn'].includes(link.name)) continue;
      const [first, second, third] = link.call.arguments;
      // `.whereIn('author_id', keys)` in a batch: one row per key only on a key column.
      if (link.name === 'whereIn' && second && first && ts.isStringLiteralLike(first) && isBatchKeys(second) && !UNIQUE_COLUMN.test(first.text.split('.').pop()!)) perKey = first.text.split('.').pop()!;
      const lookup = first && link.name !== 'whereIn' ? batchLookup(first) : undefined;
      if (lookup?.bounded) return { ...result, bound: 'bounded' };
      if (lookup) perKey = lookup.perKey;
      if (first && ts.isStringLiteralLike(first) && (second && (!third || (ts.isStringLiteralLike(second) && second.text === '=')))) {
        if (UNIQUE_COLUMN.test(first.text.split('.').pop()!)) return { ...result, bound: 'bounded' };
        equalities.push(first.text.split('.').pop()!);
      }
      if (first && link.name !== 'whereIn') {
        if (whereHasUniqueEquality(first, context)) return { ...result, bound: 'bounded' };
        equalities.push(...whereEqualities(first, context));
      }
    }
    // `knex('users')`, `knex.select(…).from('users')`: the table the query reads.
    const tableArg = ts.isCallExpression(base) ? base.arguments[0] : links.find((l) => l.name === 'from' || l.name === 'table')?.call.arguments[0];
    const table = tableArg && ts.isStringLiteralLike(tableArg) ? tableArg.text.split(/\s+as\s+|\s+/i)[0] : undefined;
    const boundedIf = table !== undefined && equalities.length > 0 && !perKey ? { boundedIf: [`knex-bounded:${normaliseTable(table)}|${[...new Set(equalities.map((e) => e.toLowerCase()))].sort().join('+')}`] } : {};
    return fromLimit(limitCall(links.find((l) => l.name === 'limit'), context), { ...result, ...keyFacts(table, equalities), ...boundedIf, ...(perKey ? { perKey, fix: undefined } : {}) });
  };

  // ---- raw SQL ----
  /** Some value (or element of a values array) is a DataLoader batch's keys. */
  const valuesPassBatchKeys = (values: readonly ts.Expression[]): boolean => {
    if (dataLoaderBatches().size === 0) return false;
    return values.some((value) => {
      const node = strip(value);
      if (ts.isArrayLiteralExpression(node)) return node.elements.some((e) => !ts.isSpreadElement(e) && isBatchKeys(e));
      return isBatchKeys(node);
    });
  };
  const noLimitDialect = (): boolean => NO_LIMIT_DIALECTS.some((m) => uses([m]));
  /**
   * `sql` reads rows, bounded or not. `passesBatchKeys`: the query's values include a DataLoader
   * batch's keys, so a list lookup on a column that is not a key reads every row of each key.
   */
  const sqlRead = (sql: SqlText | undefined, reportAt: ts.Node, library: 'sql', passesBatchKeys = false): RowRead | undefined => {
    if (!sql) return undefined;
    const verdict = analyzeSql(sql.text);
    if (!verdict) return undefined;
    const perKey = passesBatchKeys && !verdict.bounded ? verdict.listColumns?.[0] : undefined;
    const what = verdict.table && verdict.table !== '$X' ? `This SELECT on \`${verdict.table}\`` : 'This SELECT';
    let fix: ReportFix | undefined;
    if (!verdict.bounded && !perKey && verdict.appendable && sql.tail && !noLimitDialect()) {
      const tail = sql.tail;
      const literalText = tail.text;
      const trimmed = literalText.replace(/[\s;]+$/, '');
      // Offsets of the literal's content: after its opening quote/backtick/`}`.
      const contentStart = tail.getStart(sourceFile) + 1;
      const rawText = sourceFile.text.slice(contentStart, tail.getEnd() - (ts.isTemplateHead(tail) ? 2 : 1));
      if (rawText === literalText) {
        const at = contentStart + trimmed.length;
        fix = { title: `Return at most ${SUGGESTED_PAGE_SIZE} rows (LIMIT ${SUGGESTED_PAGE_SIZE})`, edits: [{ start: at, end: at, newText: ` LIMIT ${SUGGESTED_PAGE_SIZE}` }] };
      }
    }
    // `FROM ${table}`: a table the query does not name.
    const table = verdict.table && !verdict.table.includes('$') ? verdict.table : undefined;
    return { library, reportAt, what, bound: verdict.bounded ? 'bounded' : 'unbounded', hint: `\` LIMIT ${SUGGESTED_PAGE_SIZE}\``, fix, ...keyFacts(table, verdict.keyCandidates ?? []), ...(perKey ? { perKey } : {}) };
  };
  const sqlCall = (call: ts.CallExpression, access: ts.PropertyAccessExpression): RowRead | undefined => {
    const method = access.name.text;
    if (method === 'all') {
      // better-sqlite3: db.prepare(sql).all(); sqlite3: db.all(sql, cb)
      const receiver = strip(access.expression);
      if (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === 'prepare') {
        return sqlRead(sqlText(receiver.arguments[0], context), access.name, 'sql', valuesPassBatchKeys(call.arguments));
      }
    }
    // `pool.query(sql, [keys])`, `pool.query({ text, values: [keys] })`.
    const first = call.arguments[0] && strip(call.arguments[0]);
    const values = first && ts.isObjectLiteralExpression(first) ? propertyValue(first, 'values') : call.arguments[1];
    return sqlRead(sqlText(call.arguments[0], context), access.name, 'sql', values !== undefined && valuesPassBatchKeys([values]));
  };
  // ---- raw SQL through the project's own query helpers (see engine/sql-wrappers.ts) ----
  const wrapperParams = new Map<ts.Node, readonly number[]>();
  /** The parameters of a function of this file that reach a raw query's SQL text (its own, or through project helpers). */
  const localSqlParams = (fn: ts.SignatureDeclaration): readonly number[] => {
    let params = wrapperParams.get(fn);
    if (params) return params;
    const lookup = (name: string, from: ts.Node) => context.lookupBinding(name, from);
    const fileUsesSql = (): boolean => importsSqlLibrary((imports ??= importedModules(sourceFile)));
    const found = sqlWrappersOf(fn, ownCalls(fn), (e) => context.resolve(e), lookup, fileUsesSql, ownCalls);
    params = [...new Set(found.filter((w) => !w.via || context.projectSqlParams(w.via.value).includes(w.via.arg)).map((w) => w.param))];
    wrapperParams.set(fn, params);
    return params;
  };
  /**
   * `rawQuery(\`select … from pageview where website_id = $1\`, [id])`: a call to a project helper
   * whose parameter at that position is the SQL of a raw query. Cheap syntax first: only calls with
   * an argument that reads as a SELECT (or a constant named like SQL) resolve their callee.
   */
  const wrapperRead = (call: ts.CallExpression): RowRead | undefined => {
    let candidates: number[] | undefined;
    call.arguments.forEach((arg, index) => {
      if (mayBeSelect(arg)) (candidates ??= []).push(index);
    });
    if (!candidates) return undefined;
    const texts = new Map<number, SqlText>();
    for (const index of candidates) {
      const sql = sqlText(call.arguments[index], context);
      if (sql && SELECT_START.test(sql.text)) texts.set(index, sql);
    }
    if (texts.size === 0) return undefined;
    const callee = strip(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!name || isRequireCallee(callee)) return undefined;
    const value = context.resolve(callee);
    let params: readonly number[] = [];
    if (value.kind === 'project') params = context.projectSqlParams(value);
    else if (value.kind === 'function') params = localSqlParams(value.node);
    else if (value.kind === 'object' && value.path.length === 1) {
      const method = value.classNode.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && propertyNameText(m.name) === value.path[0]);
      if (method) params = localSqlParams(method);
    }
    for (const [index, sql] of texts) {
      if (!params.includes(index)) continue;
      return sqlRead(sql, name, 'sql', valuesPassBatchKeys(call.arguments.slice(index + 1)));
    }
    return undefined;
  };

  const taggedRead = (tagged: ts.TaggedTemplateExpression): RowRead | undefined => {
    const tag = strip(tagged.tag);
    const value = context.resolve(tag);
    const isPrisma = ts.isPropertyAccessExpression(tag) && tag.name.text === '$queryRaw';
    const isPostgresJs = isInstanceOf(value, ['postgres']) && value.factory.length === 0 && value.path.length === 0;
    const isVercel = value.kind === 'library' && value.module === '@vercel/postgres' && value.path.join('.') === 'sql';
    if (!isPrisma && !isPostgresJs && !isVercel) return undefined;
    const spans = ts.isTemplateExpression(tagged.template) ? tagged.template.templateSpans.map((span) => span.expression) : [];
    return sqlRead(sqlText(tagged.template, context), ts.isPropertyAccessExpression(tag) ? tag.name : tag, 'sql', valuesPassBatchKeys(spans));
  };

  const analyze = (node: ts.CallExpression | ts.TaggedTemplateExpression): RowRead | undefined => {
    if (ts.isTaggedTemplateExpression(node)) return taggedRead(node);
    const callee = node.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      switch (method) {
        case 'find':
        case 'aggregate':
          if (isMongooseModel(callee.expression)) return mongoFind(node, callee, 'mongoose');
          if (isDriverCollection(callee.expression)) return mongoFind(node, callee, 'mongodb');
          if (method === 'find' && isTypeormRepository(callee.expression)) return typeormFind(node, callee);
          return undefined;
        case 'findMany': {
          const library = prismaOrDrizzle(callee);
          return library ? findMany(node, callee, library) : undefined;
        }
        case 'findAll':
        case 'findAndCountAll':
          return isSequelizeModel(callee.expression) ? findAll(node, callee) : undefined;
        case 'findBy':
        case 'findAndCount':
        case 'findAndCountBy':
          return isTypeormRepository(callee.expression) ? typeormFind(node, callee) : undefined;
        case 'getMany':
        case 'getRawMany':
        case 'getManyAndCount':
          return queryBuilderRead(node, callee);
      }
      if (SQL_METHODS.has(method)) {
        const read = sqlCall(node, callee);
        if (read) return read;
      }
    }
    return wrapperRead(node) ?? knexRead(node);
  };

  // ---- Prisma relations loaded with the rows ----
  const relationReads = (call: ts.CallExpression): RelationRead[] => {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !PRISMA_RELATION_READS.has(callee.name.text)) return [];
    const delegate = strip(callee.expression);
    if (!ts.isPropertyAccessExpression(delegate) || prismaOrDrizzle(callee) !== 'prisma') return [];
    const args = optionsShape(call.arguments[0], context);
    if (args.kind !== 'object') return [];
    const found: RelationRead[] = [];
    const owner = `\`${text(callee.expression)}.${callee.name.text}()\``;
    // A row `create` makes has only the related rows this call connects or creates (from its own
    // `data`); relations of those (`author: { select: { followers: true } }`) hold whatever exists.
    const fresh = callee.name.text === 'create';
    const walk = (selection: ts.Expression | undefined, path: string[], written: string, depth: number): void => {
      const shape = optionsShape(selection, context);
      if (shape.kind !== 'object' || depth > 4) return;
      for (const prop of shape.node.properties) {
        const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
        // `_count` counts in the database; a spread or computed key hides what it loads.
        if (!name || name === '_count' || !prop.name) continue;
        const value = ts.isPropertyAssignment(prop) ? strip(prop.initializer) : undefined;
        if (!value) continue;
        const relation = [...path, name];
        const judged = !(fresh && depth === 0);
        const base = { reportAt: prop.name, what: `\`${written}.${name}\` of ${owner}`, relation: relation.join('.'), hint: `\`${name}: { take: ${SUGGESTED_PAGE_SIZE} }\``, ifToMany: `prisma-to-many:${relation.join('.')}` };
        if (value.kind === SyntaxKind.TrueKeyword) {
          if (judged) found.push({ ...base, fix: { title: `Load at most ${SUGGESTED_PAGE_SIZE} ${name} (take: ${SUGGESTED_PAGE_SIZE})`, edits: [{ start: value.getStart(sourceFile), end: value.getEnd(), newText: `{ take: ${SUGGESTED_PAGE_SIZE} }` }] } });
          continue;
        }
        const nested = optionsShape(value, context);
        if (nested.kind !== 'object') continue;
        const limit = limitInOptions(nested, ['take'], context);
        // `pinnedBy: { where: { id: userId } }`: at most the one row the key names.
        if (judged && limit.status === 'absent' && !whereHasUniqueEquality(propertyValue(nested.node, 'where'), context)) {
          found.push({ ...base, fix: value === nested.node ? { title: `Load at most ${SUGGESTED_PAGE_SIZE} ${name} (take: ${SUGGESTED_PAGE_SIZE})`, edits: [addPropertyEdit(nested.node, `take: ${SUGGESTED_PAGE_SIZE}`, sourceFile)] } : undefined });
        }
        for (const key of ['include', 'select']) walk(propertyValue(nested.node, key), relation, `${written}.${name}.${key}`, depth + 1);
      }
    };
    const model = delegate.name.text;
    for (const key of ['include', 'select']) walk(propertyValue(args.node, key), [model], key, 0);
    return found;
  };

  const unboundedReadIn = (root: ts.Node): RowRead | undefined => {
    let found: RowRead | undefined;
    const visit = (node: ts.Node): void => {
      if (found || ts.isFunctionLike(node)) return;
      if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
        const read = analyze(node);
        if (read && read.bound !== 'bounded') {
          found = read;
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
    return found;
  };

  return { analyze, relationReads, unboundedReadIn };
}
