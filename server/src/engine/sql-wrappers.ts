// Which parameter of a function is the SQL text of a raw query it runs: the project's own query
// helpers (`rawQuery(sql, params)` → `prisma.$queryRawUnsafe(sql, ...params)`, `export const sql =
// (text, values) => pool.query(text, values)`, a `Db` class's `select(text)`, `knex.raw`, mysql2
// `execute`, a helper that logs the time around it), so a rule can read the SQL written at the
// helper's call site. Only a parameter handed on unchanged counts (renamed, put in `{ text }`,
// placeholders rewritten): a helper that appends a LIMIT, or builds the SQL itself, is not a
// pass-through and its callers' SQL is not judged. A helper that passes its parameter on to
// another project helper is recorded with that call (`via`), which the project index follows.
import { ts } from '@ts-morph/common';
import type { Binding } from './binder';
import type { Value } from './values';
import { isInsideNode } from './ast';

/** The function hands its parameter `param` to a raw query (or, `via`, to argument `arg` of a project function that may). */
export interface LocalSqlWrapper {
  param: number;
  via?: { value: Extract<Value, { kind: 'project' }>; arg: number };
}

/** Modules whose clients run SQL text. */
const SQL_MODULES = new Set([
  'pg', 'pg-pool', 'mysql', 'mysql2', 'mysql2/promise', 'mariadb', '@prisma/client', 'knex', 'sequelize', '@sequelize/core', 'sequelize-typescript',
  'better-sqlite3', 'sqlite3', 'sqlite', 'pg-promise', 'postgres', '@neondatabase/serverless', 'mssql', 'oracledb', 'slonik',
]);
/**
 * Methods whose first argument is SQL text that returns every row: node-postgres/mysql `query`,
 * mysql2 `execute`, knex `raw`, Prisma `$queryRawUnsafe`, postgres.js `unsafe`, pg-promise
 * `any`/`manyOrNone`/`many`, sqlite3 `all`. Prisma's `$queryRaw` takes a template, not a string.
 */
const RAW_SQL_METHODS = new Set(['query', 'execute', 'raw', '$queryRawUnsafe', 'unsafe', 'any', 'manyOrNone', 'many', 'all']);
/** String methods that keep the statement what it was (placeholders rewritten, whitespace trimmed). */
const KEEPS_STATEMENT = new Set(['replace', 'replaceAll', 'trim', 'trimEnd', 'trimStart']);

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isAwaitExpression(expr)) expr = expr.expression;
  return expr;
}

/**
 * The index of `fn`'s parameter that `expr` is, unchanged: the parameter itself (never reassigned),
 * a constant of `fn` holding it, `cond ? p : p.replace(/\$\d+/g, '?')`, `{ text: p, values }`.
 */
export function passedParameter(expr: ts.Expression | undefined, fn: ts.SignatureDeclaration, lookup: (name: string, from: ts.Node) => Binding | undefined, depth = 0): number | undefined {
  if (!expr || depth > 4) return undefined;
  const node = strip(expr);
  if (ts.isIdentifier(node)) {
    const binding = lookup(node.text, node);
    if (!binding || binding.assignments.length > 0 || binding.destructure.length > 0) return undefined;
    if (binding.kind === 'param') {
      const index = fn.parameters.findIndex((p) => p === binding.declaration || p.name === binding.declaration);
      return index >= 0 && !fn.parameters[index]!.dotDotDotToken ? index : undefined;
    }
    if (binding.kind === 'var' && binding.init && isInsideNode(binding.declaration, fn)) return passedParameter(binding.init, fn, lookup, depth + 1);
    return undefined;
  }
  if (ts.isConditionalExpression(node)) {
    const a = passedParameter(node.whenTrue, fn, lookup, depth + 1);
    return a !== undefined && a === passedParameter(node.whenFalse, fn, lookup, depth + 1) ? a : undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && KEEPS_STATEMENT.has(node.expression.name.text)) {
    // `query.replace(/\$[0-9]+/g, '?')` keeps the statement; `sql.replace(';', ' LIMIT 100;')` does not.
    if (node.arguments.some((a) => /\blimit\b|\bfetch\b|\btop\b/i.test(a.getText()))) return undefined;
    return passedParameter(node.expression.expression, fn, lookup, depth + 1);
  }
  if (ts.isObjectLiteralExpression(node)) {
    // pg `{ text, values }`, mysql2 `{ sql, values }`
    for (const prop of node.properties) {
      const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
      if (name !== 'text' && name !== 'sql') continue;
      if (ts.isShorthandPropertyAssignment(prop)) return passedParameter(prop.name, fn, lookup, depth + 1);
      if (ts.isPropertyAssignment(prop)) return passedParameter(prop.initializer, fn, lookup, depth + 1);
    }
  }
  return undefined;
}

/**
 * The SQL argument of a raw query call, and the receiver it runs on: `recv.query(sql, …)`,
 * `recv.$queryRawUnsafe.apply(recv, [sql, …])`, `recv.query.call(recv, sql)`, and better-sqlite3's
 * `recv.prepare(sql).all(…)` (`.get()` steps one row and is not a read of every row).
 */
function rawSqlArgument(call: ts.CallExpression): { sql: ts.Expression | undefined; receiver: ts.Expression; method: string } | undefined {
  const callee = strip(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if ((name === 'apply' || name === 'call') && ts.isPropertyAccessExpression(strip(callee.expression))) {
    const inner = strip(callee.expression) as ts.PropertyAccessExpression;
    if (!RAW_SQL_METHODS.has(inner.name.text)) return undefined;
    let sql: ts.Expression | undefined;
    if (name === 'call') sql = call.arguments[1];
    else {
      const list = call.arguments[1] && strip(call.arguments[1]);
      if (list && ts.isArrayLiteralExpression(list) && list.elements[0] && !ts.isSpreadElement(list.elements[0])) sql = list.elements[0];
    }
    return { sql, receiver: inner.expression, method: inner.name.text };
  }
  if (name === 'prepare') {
    const parent = call.parent;
    if (!ts.isPropertyAccessExpression(parent) || parent.expression !== call || parent.name.text !== 'all') return undefined;
    return { sql: call.arguments[0], receiver: callee.expression, method: 'prepare' };
  }
  if (!RAW_SQL_METHODS.has(name)) return undefined;
  return { sql: call.arguments[0], receiver: callee.expression, method: name };
}

/** The receiver is a SQL client: a library instance, or (`this.pool`, a parameter) in a file that imports a SQL library. */
function isSqlReceiver(receiver: ts.Expression, resolve: (expr: ts.Expression) => Value, fileUsesSql: () => boolean): boolean {
  const value = resolve(receiver);
  // `global.prisma || new PrismaClient()` (the dev-server singleton) resolves to the global.
  if (value.kind === 'library' && (value.module === 'global' || value.module === 'globalThis')) return fileUsesSql();
  if (value.kind === 'instance' || value.kind === 'remote-instance' || value.kind === 'library') return SQL_MODULES.has(value.module);
  // `this.pool`, a parameter, `global.prisma || new PrismaClient()`: the file's imports decide.
  if (value.kind === 'parameter' || value.kind === 'unknown' || value.kind === 'expression') return fileUsesSql();
  return false;
}

/** Whether `modules` (a file's imports) include a SQL library. */
export function importsSqlLibrary(modules: ReadonlySet<string>): boolean {
  for (const m of modules) if (SQL_MODULES.has(m)) return true;
  return false;
}

/**
 * The parameters of `fn` that reach the SQL text of a raw query unchanged. Functions of the same
 * file are followed here, `depth` levels deep; project imports are returned as `via` for the
 * project index to follow. Cheap syntax first: only calls with an argument that is one of `fn`'s
 * parameters (or a constant of it) are looked at.
 */
export function sqlWrappersOf(
  fn: ts.SignatureDeclaration,
  calls: readonly ts.CallExpression[],
  resolve: (expr: ts.Expression) => Value,
  lookup: (name: string, from: ts.Node) => Binding | undefined,
  fileUsesSql: () => boolean,
  callsOf: (fn: ts.SignatureDeclaration) => readonly ts.CallExpression[],
  depth = 0,
  seen = new Set<ts.Node>(),
): LocalSqlWrapper[] {
  if (fn.parameters.length === 0 || calls.length === 0 || depth > 3 || seen.has(fn)) return [];
  seen.add(fn);
  const names = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  if (names.size === 0) return [];
  const found: LocalSqlWrapper[] = [];
  const add = (entry: LocalSqlWrapper): void => {
    if (!found.some((f) => f.param === entry.param && f.via?.arg === entry.via?.arg && f.via?.value.specifier === entry.via?.value.specifier && f.via?.value.path.join('.') === entry.via?.value.path.join('.'))) found.push(entry);
  };
  for (const call of calls) {
    if (call.arguments.length === 0) continue;
    const raw = rawSqlArgument(call);
    if (raw) {
      const param = passedParameter(raw.sql, fn, lookup);
      if (param !== undefined && isSqlReceiver(raw.receiver, resolve, fileUsesSql)) {
        add({ param });
        continue;
      }
    }
    // A call to another wrapper: which of our parameters it receives where. Cheap syntax first
    // (this runs for every call of every function): only an argument named like one of them.
    const passed = call.arguments.map((a) => {
      const node = strip(a);
      return ts.isIdentifier(node) && names.has(node.text) ? passedParameter(node, fn, lookup) : undefined;
    });
    if (passed.every((p) => p === undefined)) continue;
    const callee = resolve(call.expression);
    if (callee.kind === 'project' && callee.path[callee.path.length - 1] !== 'new()') {
      passed.forEach((param, arg) => {
        if (param !== undefined) add({ param, via: { value: callee, arg } });
      });
    } else if (callee.kind === 'function' && callee.node !== fn) {
      for (const inner of sqlWrappersOf(callee.node, callsOf(callee.node), resolve, lookup, fileUsesSql, callsOf, depth + 1, seen)) {
        const param = inner.via ? undefined : passed[inner.param];
        if (param !== undefined) add({ param });
        else if (inner.via && passed[inner.param] !== undefined) add({ param: passed[inner.param]!, via: inner.via });
      }
    }
  }
  return found;
}

