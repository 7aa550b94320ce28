// Primary and unique keys the project declares, read as data and never executed: SQL files and SQL
// strings in migrations, Prisma schemas, knex schema builders, Sequelize models and migrations,
// TypeORM and sequelize-typescript entities, mongoose schemas (plain and NestJS). Each declaration
// names a column, the table it belongs to when the code says, and whether the column alone is a
// primary or unique key. The project turns them into facts (`uniqueKeyFacts`) that rules name in
// `unlessProjectFact`: no-unbounded-query drops a read whose WHERE has an equality on such a key.
//
// Tables are compared by a normalised name (lower case, no schema or quotes, singular), so the
// `users` table, the `User` model and the `users` collection are one. A column declared unique
// only as part of a composite key (`UNIQUE (room_id, nickname)`, `@@unique([a, b])`) is not a key
// on its own, and neither is a partial unique index (`CREATE UNIQUE INDEX … WHERE deleted_at IS NULL`);
// the composite key itself is declared as one column named by its columns (`nickname+room_id`,
// see compositeColumn; SQL, Prisma and knex declarations), so equalities on all of them bound a read.
//
// Prisma relations too: which relation fields are lists (`comments Comment[]`), and which of them the
// application adds to after the parent exists (prismaWriteFacts), so no-unbounded-query can tell an
// `include` of every comment from one of an order's lines made with the order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles } from './files';
import { ts } from '@ts-morph/common';
import { propertyNameText, type Binder } from './binder';
import { isInsideNode } from './ast';

const { SyntaxKind } = ts;

export interface ColumnDeclaration {
  /** Normalised table, model or collection name; undefined when the declaration does not say. */
  table?: string;
  /** Lower-case column name. */
  column: string;
  /** The column alone is a primary or unique key. */
  unique: boolean;
}

// ---- names -------------------------------------------------------------------------------------

function unquote(name: string): string {
  return name.replace(/["`[\]]/g, '');
}

/** `public."Users"` → `user`; `order_items` → `order_item`; `Categories` → `category`. */
export function normaliseTable(name: string): string {
  let base = unquote(name).split('.').pop()!.toLowerCase();
  if (base.endsWith('ies') && base.length > 4) base = base.slice(0, -3) + 'y';
  else if (/(sses|xes|ches|shes)$/.test(base)) base = base.slice(0, -2);
  else if (base.endsWith('s') && !base.endsWith('ss') && base.length > 3) base = base.slice(0, -1);
  return base;
}

export function normaliseColumn(name: string): string {
  return unquote(name).split('.').pop()!.toLowerCase();
}

/** A composite key as one column: its normalised columns, sorted, joined by `+` (`room_id+nickname` → `nickname+room_id`). */
export function compositeColumn(columns: readonly string[]): string {
  return [...new Set(columns.map(normaliseColumn))].sort().join('+');
}

/** The fact that `column` alone is a key of `table` (undefined: a table the query does not name). */
export function uniqueKeyFact(table: string | undefined, column: string): string {
  return `unique-key:${table === undefined ? '?' : normaliseTable(table)}.${normaliseColumn(column)}`;
}

/**
 * The facts the declarations establish: `unique-key:<table>.<column>` when some declaration makes
 * the column a key of that table, and `unique-key:?.<column>` (a query whose table is unknown)
 * only when every table that declares a column of that name declares it a key.
 */
export function uniqueKeyFacts(declarations: Iterable<ColumnDeclaration>): Set<string> {
  const facts = new Set<string>();
  // column → table → unique; declarations without a table each count as a table of their own.
  const byColumn = new Map<string, Map<string, boolean>>();
  let anonymous = 0;
  for (const d of declarations) {
    const table = d.table ?? `\0${anonymous++}`;
    let tables = byColumn.get(d.column);
    if (!tables) byColumn.set(d.column, (tables = new Map()));
    tables.set(table, (tables.get(table) ?? false) || d.unique);
    if (d.table !== undefined && d.unique) facts.add(`unique-key:${d.table}.${d.column}`);
  }
  for (const [column, tables] of byColumn) {
    if ([...tables.values()].every(Boolean)) facts.add(`unique-key:?.${column}`);
  }
  return facts;
}

// ---- SQL ---------------------------------------------------------------------------------------

/** Splits at top-level occurrences of `separator` (outside parentheses and quotes). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** The text inside the first top-level parentheses after `from`, and the rest after them. */
function parenthesised(text: string, from = 0): { inner: string; after: string } | undefined {
  const open = text.indexOf('(', from);
  if (open < 0) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return { inner: text.slice(open + 1, i), after: text.slice(i + 1) };
  }
  return undefined;
}

const IDENTIFIER = String.raw`(?:"[^"]+"|\`[^\`]+\`|\[[^\]]+\]|[\w$]+)(?:\.(?:"[^"]+"|\`[^\`]+\`|\[[^\]]+\]|[\w$]+))?`;

/** A single plain column in a key's column list (`(email)`, `("email" ASC)`); not `(a, b)` nor `(lower(email))`. */
function singleColumn(list: string): string | undefined {
  const columns = splitTopLevel(list, ',');
  if (columns.length !== 1) return undefined;
  const match = new RegExp(`^(${IDENTIFIER})(?:\\s+(?:asc|desc|\\w+_ops|collate\\s+\\S+))*\\s*$`, 'i').exec(columns[0]!);
  return match ? normaliseColumn(match[1]!) : undefined;
}

/** A key's column list as one column: itself, or the composite of several plain columns (`(room_id, nickname)`). */
function keyColumn(list: string): string | undefined {
  const columns = splitTopLevel(list, ',');
  if (columns.length === 1) return singleColumn(list);
  const names = columns.map(singleColumn);
  return names.every((n) => n !== undefined) ? compositeColumn(names as string[]) : undefined;
}

/**
 * SQL with string literals and what parentheses enclose blanked (the parentheses themselves and
 * every position kept), so keywords inside them are not read: `UNIQUE` in a CHECK's string, `LIMIT`
 * in a subquery. Double quotes name identifiers (`FROM "users"`) and stay.
 */
export function topLevelSql(sql: string): string {
  let depth = 0;
  let quote: string | undefined;
  let out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ' ';
      continue;
    }
    if (ch === "'") {
      quote = ch;
      out += ' ';
      continue;
    }
    if (ch === '(') {
      depth++;
      out += '(';
      continue;
    }
    if (ch === ')') {
      depth = Math.max(0, depth - 1);
      out += ')';
      continue;
    }
    out += depth > 0 ? ' ' : ch;
  }
  return out;
}

const TABLE_CONSTRAINT = /^(constraint\s+\S+\s+)?(primary\s+key|unique|key|index|fulltext|spatial|foreign\s+key|check|exclude|like|period)\b/i;

/** One item of a CREATE TABLE body or an ALTER TABLE ADD: a column definition or a table constraint. */
function tableItem(item: string, table: string, out: ColumnDeclaration[]): void {
  const constraint = TABLE_CONSTRAINT.exec(item);
  if (constraint) {
    const kind = constraint[2]!.toLowerCase().replace(/\s+/g, ' ');
    if (kind !== 'primary key' && kind !== 'unique') return;
    const list = parenthesised(item, constraint[0].length);
    const column = list ? keyColumn(list.inner) : undefined;
    if (column) out.push({ table, column, unique: true });
    return;
  }
  const match = new RegExp(`^(?:column\\s+)?(${IDENTIFIER})\\s+([\\s\\S]*)$`, 'i').exec(item);
  if (!match) return;
  const rest = topLevelSql(match[2]!);
  out.push({ table, column: normaliseColumn(match[1]!), unique: /\b(primary\s+key|unique)\b/i.test(rest) });
}

/** Column declarations in SQL DDL: CREATE TABLE, CREATE UNIQUE INDEX, ALTER TABLE … ADD. */
export function sqlDeclarations(sql: string): ColumnDeclaration[] {
  const out: ColumnDeclaration[] = [];
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const statement of splitTopLevel(text, ';')) {
    const create = new RegExp(`^create\\s+(?:or\\s+replace\\s+)?(?:(?:global|local)\\s+)?(?:temp\\s+|temporary\\s+|unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(${IDENTIFIER})\\s*\\(`, 'i').exec(statement);
    if (create) {
      const body = parenthesised(statement, create[0].length - 1);
      if (!body) continue;
      const table = normaliseTable(create[1]!);
      for (const item of splitTopLevel(body.inner, ',')) tableItem(item, table, out);
      continue;
    }
    const index = new RegExp(`^create\\s+unique\\s+index\\s+(?:concurrently\\s+)?(?:if\\s+not\\s+exists\\s+)?(?:${IDENTIFIER}\\s+)?on\\s+(?:only\\s+)?(${IDENTIFIER})\\s*(?:using\\s+\\w+\\s*)?\\(`, 'i').exec(statement);
    if (index) {
      const list = parenthesised(statement, index[0].length - 1);
      // A partial index (`WHERE deleted_at IS NULL`) leaves the column repeatable outside it.
      if (!list || /\bwhere\b/i.test(list.after)) continue;
      const column = keyColumn(list.inner);
      if (column) out.push({ table: normaliseTable(index[1]!), column, unique: true });
      continue;
    }
    const alter = new RegExp(`^alter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?(${IDENTIFIER})\\s+([\\s\\S]*)$`, 'i').exec(statement);
    if (alter) {
      const table = normaliseTable(alter[1]!);
      for (const action of splitTopLevel(alter[2]!, ',')) {
        const add = /^add\s+(?!constraint\b|primary\b|unique\b|key\b|index\b|foreign\b|check\b)(?:column\s+)?(?:if\s+not\s+exists\s+)?([\s\S]*)$/i.exec(action);
        if (add) {
          tableItem(add[1]!, table, out);
          continue;
        }
        const constraint = /^add\s+([\s\S]*)$/i.exec(action);
        if (!constraint) continue;
        // MySQL: `ADD UNIQUE [INDEX|KEY] [name] (col)`.
        const item = constraint[1]!.replace(/^(constraint\s+\S+\s+)?unique\s+(?:index|key)\s+(?:[\w$`"]+\s*)?(?=\()/i, '$1unique ');
        tableItem(item, table, out);
      }
    }
  }
  return out;
}

// ---- Prisma --------------------------------------------------------------------------------------

/** Fields of `model` (and `view`) blocks: `@id`, `@unique`, single-field `@@id`/`@@unique`, `@map`/`@@map`. */
export function prismaDeclarations(schema: string): ColumnDeclaration[] {
  const out: ColumnDeclaration[] = [];
  const text = schema.replace(/\/\/[^\n]*/g, '');
  const block = /\b(?:model|view)\s+(\w+)\s*\{([^}]*)\}/g;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const body = m[2]!;
    const mapped = /@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(body)?.[1];
    const tables = [...new Set([normaliseTable(m[1]!), ...(mapped ? [normaliseTable(mapped)] : [])])];
    const columnsOf = new Map<string, string[]>();
    const declared: { names: string[]; unique: boolean }[] = [];
    for (const line of body.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!field || line.trim().startsWith('@@')) continue;
      const [, name, , list, , attributes] = field;
      // Relation fields and lists are not columns.
      if (list || /@relation\b/.test(attributes!)) continue;
      const column = /@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(attributes!)?.[1];
      const names = [...new Set([normaliseColumn(name!), ...(column ? [normaliseColumn(column)] : [])])];
      columnsOf.set(name!, names);
      declared.push({ names, unique: /@(id|unique)\b/.test(attributes!) });
    }
    const blockKeys = /@@(id|unique)\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/g;
    for (let k = blockKeys.exec(body); k; k = blockKeys.exec(body)) {
      const fields = k[2]!.split(',').map((f) => f.trim().replace(/\(.*$/, '')).filter(Boolean);
      if (fields.length > 1) declared.push({ names: [compositeColumn(fields.map((f) => columnsOf.get(f)?.[0] ?? f))], unique: true });
      if (fields.length !== 1) continue;
      declared.push({ names: columnsOf.get(fields[0]!) ?? [normaliseColumn(fields[0]!)], unique: true });
    }
    for (const table of tables) for (const d of declared) for (const column of d.names) out.push({ table, column, unique: d.unique });
  }
  return out;
}

/** A relation field of a Prisma model: `posts Post[]` (to-many) or `author User` (to-one). */
export interface PrismaRelation {
  /** Normalised model name (see normaliseTable). */
  model: string;
  /** Lower-case field name. */
  field: string;
  /** Normalised name of the related model. */
  target: string;
  list: boolean;
  /** The foreign-key columns this side holds (`@relation(fields: [userID], …)`), lower case. */
  fields?: string[];
}

/** Relation fields of `model` blocks: fields whose type is another model of the schema (scalar lists and enums are not). */
export function prismaRelations(schema: string): PrismaRelation[] {
  const text = schema.replace(/\/\/[^\n]*/g, '');
  const block = /\bmodel\s+(\w+)\s*\{([^}]*)\}/g;
  const models = new Map<string, string>();
  for (let m = block.exec(text); m; m = block.exec(text)) models.set(m[1]!, m[2]!);
  const out: PrismaRelation[] = [];
  for (const [model, body] of models) {
    for (const line of body.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?(\s|$)/.exec(line);
      if (!field || !models.has(field[2]!)) continue;
      const fields = /@relation\([^)]*\bfields\s*:\s*\[([^\]]*)\]/.exec(line)?.[1]?.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
      out.push({ model: normaliseTable(model), field: field[1]!.toLowerCase(), target: normaliseTable(field[2]!), list: field[3] !== undefined, ...(fields?.length ? { fields } : {}) });
    }
  }
  return out;
}

/**
 * Whether a `prisma-to-many:<model>.<field>.<field>…` fact holds: following the relations from the
 * model (the delegate, `prisma.article`), the last field is a list of another model, and the project
 * adds to it after the parent row exists (`hasFact` answers the code facts of prismaWriteFacts): it
 * creates the related model's rows on their own (`prisma.comment.create`) or connects them in an
 * update (`followedBy: { connect }`). Rows only ever made with their parent (`order.create({ data:
 * { lines: { create } } })`) are as many as that one request made, not a number that grows.
 */
export function prismaToManyHolds(relations: readonly PrismaRelation[], fact: string, hasFact: (fact: string) => boolean): boolean {
  const [model, ...fields] = fact.slice('prisma-to-many:'.length).split('.');
  if (!model || fields.length === 0) return false;
  let current = normaliseTable(model);
  for (let i = 0; i < fields.length; i++) {
    const relation = relations.find((r) => r.model === current && r.field === fields[i]!.toLowerCase());
    if (!relation) return false;
    if (i === fields.length - 1) {
      if (!relation.list) return false;
      if (hasFact(`prisma-creates:${relation.target}`) || hasFact(`prisma-appends:${relation.model}.${relation.field}`)) return true;
      // The other side of a many-to-many (`user.update({ data: { favorites: { connect } } })`).
      return relations.some((back) => back.model === relation.target && back.target === relation.model && back.list && hasFact(`prisma-appends:${back.model}.${back.field}`));
    }
    current = relation.target;
  }
  return false;
}

const PRISMA_CREATES = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);
const PRISMA_UPDATES = new Set(['update', 'updateMany', 'upsert']);
const NESTED_ADDS = new Set(['create', 'createMany', 'connect', 'connectOrCreate', 'upsert', 'set']);

/**
 * Prisma writes that add related rows after their parent exists, as project facts:
 * `prisma-creates:<model>` for `x.<model>.create({ data })` (rows made on their own), and
 * `prisma-appends:<model>.<field>` for `x.<model>.update({ data: { <field>: { connect: { id } } } })`,
 * one row at a time (a relation rewritten from a list the request sends is as long as that list).
 * The `data` object and nested-write keys are Prisma's own syntax, which is what keeps other
 * libraries' `create()` out.
 */
export function prismaWriteFacts(calls: readonly ts.CallExpression[], binder: Binder): string[] {
  const facts = new Set<string>();
  for (const call of calls) {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isPropertyAccessExpression(callee.expression)) continue;
    const method = callee.name.text;
    if (!PRISMA_CREATES.has(method) && !PRISMA_UPDATES.has(method)) continue;
    const model = callee.expression.name.text;
    if (!/^[a-z]/.test(model)) continue;
    const args = objectLiteral(call.arguments[0], binder);
    const dataKey = method === 'upsert' ? ['create', 'update'] : ['data'];
    const datas = args ? dataKey.map((k) => objectLiteral(property(args, k), binder)).filter((d): d is ts.ObjectLiteralExpression => d !== undefined) : [];
    if (datas.length === 0) {
      // `createMany({ data: [ … ] })`, `createMany({ data: rows })`, `update({ data: req.body })`.
      // Prisma's `data` key is what keeps other libraries' `create({ email })` out.
      if (args && dataKey.some((k) => property(args, k) !== undefined)) for (const fact of prismaRowFacts(call, method, normaliseTable(model), args, binder)) facts.add(fact);
      continue;
    }
    if (PRISMA_CREATES.has(method)) facts.add(`prisma-creates:${normaliseTable(model)}`);
    for (const fact of prismaRowFacts(call, method, normaliseTable(model), args!, binder)) facts.add(fact);
    if (!PRISMA_UPDATES.has(method)) continue;
    const updates = method === 'upsert' ? [objectLiteral(property(args!, 'update'), binder)].filter((d): d is ts.ObjectLiteralExpression => d !== undefined) : datas;
    for (const data of updates) {
      for (const prop of data.properties) {
        const field = propertyNameText(prop.name);
        const nested = ts.isPropertyAssignment(prop) ? objectLiteral(prop.initializer, binder) : undefined;
        // One row per request (`connect: { id: userId }`) accumulates; a list the request sends
        // (`set: tags.map(…)`, `connectOrCreate: tagList`) replaces the relation with that list.
        const addsOne = nested?.properties.some((p) => ts.isPropertyAssignment(p) && NESTED_ADDS.has(propertyNameText(p.name) ?? '') && objectLiteral(p.initializer, binder) !== undefined);
        if (field && addsOne) facts.add(`prisma-appends:${normaliseTable(model)}.${field.toLowerCase()}`);
      }
    }
  }
  return [...facts];
}

/** Nested writes that make rows of the related model, and those that point existing rows at the parent. */
const NESTED_CREATES = new Set(['create', 'createMany', 'connectOrCreate', 'upsert']);
const NESTED_CONNECTS = new Set(['connect', 'set']);

/**
 * The row facts of one Prisma write, for prismaReadBounded:
 * - `prisma-create:<model>|<parent columns>` per create (an upsert's `create` included): the
 *   columns (or relation fields connected with `{ connect: { id } }`) that take the `.id` of a row
 *   made earlier in the same function (`const user = await tx.user.create(…)`; `userID: user.id`),
 *   lower case, sorted, joined by `+`; empty when none does, or the rows cannot be read;
 * - `prisma-update:<model>|<fields>` per update: the fields its data writes (`*` when unreadable),
 *   since moving a row to another parent (`userID: other.id`) adds to that parent's rows;
 * - `prisma-nested-create:<model>.<field>[.<field>…]` and `prisma-nested-connect:…` for nested
 *   writes, whose related model only the schema names.
 */
function prismaRowFacts(call: ts.CallExpression, method: string, model: string, args: ts.ObjectLiteralExpression, binder: Binder): string[] {
  const out: string[] = [];
  const fn = enclosingFunction(call);
  const nested = (data: ts.ObjectLiteralExpression, path: string, depth: number): void => {
    for (const prop of data.properties) {
      const field = ts.isPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
      const value = field !== undefined ? objectLiteral((prop as ts.PropertyAssignment).initializer, binder) : undefined;
      if (!value) continue;
      for (const inner of value.properties) {
        const key = ts.isPropertyAssignment(inner) || ts.isShorthandPropertyAssignment(inner) ? propertyNameText(inner.name) ?? '' : '';
        const at = `${path}.${field!.toLowerCase()}`;
        if (NESTED_CREATES.has(key)) {
          out.push(`prisma-nested-create:${at}`);
          // `create: { …, replies: { create } }`: rows two relations down.
          const rows = ts.isPropertyAssignment(inner) ? rowObjects(inner.initializer, binder) : undefined;
          if (rows && depth < 3) for (const row of rows) nested(row, at, depth + 1);
        } else if (NESTED_CONNECTS.has(key)) {
          out.push(`prisma-nested-connect:${at}`);
        }
      }
    }
  };
  if (PRISMA_CREATES.has(method)) {
    const rows = rowObjects(property(args, method === 'upsert' ? 'create' : 'data'), binder);
    let parents: string[] | undefined;
    for (const row of rows ?? []) {
      const own = parentColumns(row, call, fn, binder);
      parents = parents === undefined ? own : parents.filter((c) => own.includes(c));
    }
    out.push(`prisma-create:${model}|${rows && rows.length > 0 ? [...new Set(parents)].sort().join('+') : ''}`);
    for (const row of rows ?? []) nested(row, model, 1);
  }
  if (PRISMA_UPDATES.has(method)) {
    const data = objectLiteral(property(args, method === 'upsert' ? 'update' : 'data'), binder);
    const fields = data ? literalColumns(data) : undefined;
    out.push(`prisma-update:${model}|${fields ? [...new Set(fields)].sort().join('+') : '*'}`);
    if (data) nested(data, model, 1);
  }
  return out;
}

/** The row objects a Prisma `data` holds: one object, or a fixed array of them (`createMany`); undefined when not readable. */
function rowObjects(expr: ts.Expression | undefined, binder: Binder): ts.ObjectLiteralExpression[] | undefined {
  const object = objectLiteral(expr, binder);
  if (object) return [object];
  const node = valueNode(expr, binder);
  if (!node || !ts.isArrayLiteralExpression(node)) return undefined;
  const rows = node.elements.map((e) => objectLiteral(e, binder));
  return rows.every((r): r is ts.ObjectLiteralExpression => r !== undefined) ? rows : undefined;
}

/**
 * The properties of a row that take the id of a row made earlier in the same function:
 * `userID: user.id`, `userID: id` (`const { id } = await …create()`), `user: { connect: { id: user.id } }`.
 * A spread may overwrite any of them, so a row with one has none.
 */
function parentColumns(row: ts.ObjectLiteralExpression, call: ts.CallExpression, fn: ts.Node | undefined, binder: Binder): string[] {
  const out: string[] = [];
  for (const prop of row.properties) {
    if (ts.isSpreadAssignment(prop)) return [];
    const name = ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
    if (name === undefined || fn === undefined) continue;
    const value: ts.Expression = ts.isPropertyAssignment(prop) ? prop.initializer : (prop as ts.ShorthandPropertyAssignment).name;
    const connect = objectLiteral(value, binder);
    const idOf = connect ? objectLiteral(property(connect, 'connect'), binder) : undefined;
    const id = connect ? (idOf && idOf.properties.length === 1 ? property(idOf, 'id') : undefined) : value;
    if (id && isFreshParentId(id, call, fn, binder)) out.push(normaliseColumn(name));
  }
  return out;
}

/** `user.id` (or `id` destructured) where `user` is `const user = await x.<model>.create(…)` earlier in `fn`, never reassigned. */
function isFreshParentId(expr: ts.Expression, call: ts.CallExpression, fn: ts.Node, binder: Binder): boolean {
  const node = strip(expr);
  let holder: ts.Identifier | undefined;
  let viaDestructure = false;
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'id' && ts.isIdentifier(strip(node.expression))) holder = strip(node.expression) as ts.Identifier;
  else if (ts.isIdentifier(node)) (holder = node), (viaDestructure = true);
  if (!holder) return false;
  const binding = binder.lookup(holder.text, holder);
  if (!binding || binding.kind !== 'var') return false;
  if (viaDestructure ? binding.destructure.join('.') !== 'id' : binding.destructure.length > 0) return false;
  const at = call.getStart();
  if (binding.assignments.length === 0) {
    return binding.init !== undefined && enclosingFunction(binding.declaration) === fn && binding.declaration.getStart() < at && isPrismaCreate(binding.init, binder);
  }
  // `let user = await x.user.findFirst(…); if (!user) { user = await x.user.create(…); … user.id }`:
  // the create is the value when it runs before the call in a block around it, and no other
  // assignment comes between them (or after the call, inside a loop around it).
  if (viaDestructure) return false;
  const made = binding.assignments.filter((a) => a.getStart() < at && enclosingFunction(a) === fn).sort((a, b) => b.getStart() - a.getStart())[0];
  const statement = made?.parent && ts.isBinaryExpression(made.parent) && ts.isExpressionStatement(made.parent.parent) ? made.parent.parent : undefined;
  if (!made || !statement || !isPrismaCreate(made, binder) || !isInsideNode(call, statement.parent)) return false;
  const loops: ts.Node[] = [];
  for (let n: ts.Node | undefined = call.parent; n && n !== fn; n = n.parent) if (ts.isIterationStatement(n, false)) loops.push(n);
  return binding.assignments.every((a) => a === made || (a.getStart() > at && !loops.some((loop) => isInsideNode(a, loop))));
}

/** `await x.<model>.create({ … })`. Only `create` makes the row: `upsert`, `findFirst`… may return one other requests made. */
function isPrismaCreate(expr: ts.Expression, binder: Binder): boolean {
  let node = strip(expr);
  if (ts.isAwaitExpression(node)) node = strip(node.expression);
  if (!ts.isCallExpression(node)) return false;
  const callee = strip(node.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'create' && ts.isPropertyAccessExpression(strip(callee.expression)) && objectLiteral(node.arguments[0], binder) !== undefined;
}

/**
 * Whether a `prisma-bounded:<model>|<equality columns>` fact holds: the model's rows matching the
 * filter are only those one request made for a parent it had just created. It holds when the
 * application creates the model's rows (`prisma-create:` facts), every create sets a column the
 * filter fixes to the id of a row made before it in the same function (`register` creating a user,
 * then its one role with `userID: user.id`), no update moves rows by those columns, and no nested
 * write makes or connects the model's rows through a relation (which only the schema names:
 * without relations, any nested write may be one). Relation fields connected in a create count as
 * the foreign-key columns the schema gives them. Raw SQL inserts into the table
 * (`knex-insert:<table>|unknown`) make it unknown.
 */
export function prismaReadBounded(fact: string, facts: readonly string[], relations: readonly PrismaRelation[]): boolean {
  const [model, filter = ''] = fact.slice('prisma-bounded:'.length).split('|');
  if (!model) return false;
  const fixed = new Set(filter.split('+').filter(Boolean));
  if (fixed.size === 0 || facts.includes(`knex-insert:${model}|unknown`)) return false;
  const columnsOf = (field: string): string[] => relations.find((r) => r.model === model && r.field === field)?.fields ?? [field];
  const creates = facts.filter((f) => f.startsWith(`prisma-create:${model}|`)).map((f) => f.slice(`prisma-create:${model}|`.length).split('+').filter(Boolean));
  if (creates.length === 0) return false;
  const held = new Set<string>();
  for (const parents of creates) {
    const kept = parents.flatMap(columnsOf).filter((c) => fixed.has(c));
    if (kept.length === 0) return false;
    for (const c of kept) held.add(c);
  }
  for (const f of facts.filter((x) => x.startsWith(`prisma-update:${model}|`))) {
    const written = f.slice(`prisma-update:${model}|`.length).split('+').filter(Boolean);
    if (written.includes('*') || written.flatMap(columnsOf).some((c) => held.has(c))) return false;
  }
  for (const f of facts) {
    const connect = f.startsWith('prisma-nested-connect:');
    if (!connect && !f.startsWith('prisma-nested-create:')) continue;
    const [from, ...fields] = f.slice(f.indexOf(':') + 1).split('.');
    if (relations.length === 0) return false;
    let current = from!;
    let last: PrismaRelation | undefined;
    for (const field of fields) {
      last = relations.find((r) => r.model === current && r.field === field);
      if (!last) break;
      current = last.target;
    }
    if (!last || last.target !== model) continue;
    // A connect on the side that holds the key (`role: { connect }` on the child) moves nothing of the model.
    if (connect && last.fields) continue;
    return false;
  }
  return true;
}

// ---- schema files on disk ------------------------------------------------------------------------

const MAX_SCHEMA_FILE_BYTES = 1024 * 1024;

function isSchemaFileName(name: string): boolean {
  const ext = path.extname(name).toLowerCase();
  return ext === '.sql' || ext === '.prisma';
}

/**
 * `*.sql` and `*.prisma` files under a root, found by the same walk as source files (dependencies,
 * build output and .gitignored folders skipped), read once and kept until `clear()`. Their text is
 * parsed as data; nothing runs.
 */
/**
 * The `datasource` blocks of a `schema.prisma`: the provider (`postgresql`, `mysql`, `mongodb`…)
 * and the url as written (a literal, or `env("DATABASE_URL")`).
 */
export function prismaDatasources(text: string): { provider?: string; url?: string; env?: string }[] {
  const out: { provider?: string; url?: string; env?: string }[] = [];
  for (const block of text.matchAll(/datasource\s+\w+\s*\{([^}]*)\}/g)) {
    const body = block[1]!;
    const provider = /\bprovider\s*=\s*"([^"]+)"/.exec(body)?.[1];
    const url = /\burl\s*=\s*"([^"]+)"/.exec(body)?.[1];
    const env = /\burl\s*=\s*env\(\s*"([^"]+)"\s*\)/.exec(body)?.[1];
    out.push({ ...(provider ? { provider } : {}), ...(url ? { url } : {}), ...(env ? { env } : {}) });
  }
  return out;
}

export class SchemaFiles {
  private cached: ColumnDeclaration[] | undefined;
  private datasources: { provider?: string; url?: string; env?: string }[] = [];
  private cachedRelations: PrismaRelation[] = [];
  /** Bumped on clear(): facts derived from the files are recomputed. */
  generation = 0;

  constructor(private readonly root: string) {}

  clear(): void {
    this.cached = undefined;
    this.cachedRelations = [];
    this.generation++;
  }

  /** Relation fields of the `.prisma` files (read with the declarations). */
  prismaRelations(): PrismaRelation[] {
    this.declarations();
    return this.cachedRelations;
  }

  declarations(): ColumnDeclaration[] {
    if (this.cached) return this.cached;
    const out: ColumnDeclaration[] = [];
    const relations: PrismaRelation[] = [];
    const datasources: { provider?: string; url?: string; env?: string }[] = [];
    let files: string[] = [];
    try {
      files = collectFiles([this.root], { root: this.root, accept: isSchemaFileName });
    } catch {
      // A root that is gone declares nothing.
    }
    for (const file of files) {
      try {
        if (fs.statSync(file).size > MAX_SCHEMA_FILE_BYTES) continue;
        const text = fs.readFileSync(file, 'utf8');
        const isSql = file.toLowerCase().endsWith('.sql');
        out.push(...(isSql ? sqlDeclarations(text) : prismaDeclarations(text)));
        if (!isSql) {
          datasources.push(...prismaDatasources(text));
          relations.push(...prismaRelations(text));
        }
      } catch {
        // An unreadable schema file declares nothing.
      }
    }
    this.cached = out;
    this.datasources = datasources;
    this.cachedRelations = relations;
    return out;
  }

  /** The Prisma datasource of the project's `schema.prisma` files, when they declare exactly one. */
  prismaDatasource(): { provider?: string; url?: string; env?: string } | undefined {
    this.declarations();
    const distinct = new Set(this.datasources.map((d) => JSON.stringify(d)));
    return distinct.size === 1 ? this.datasources[0] : undefined;
  }
}

// ---- declarations in code --------------------------------------------------------------------------

const DDL = /^\s*(create\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(?:temp\s+|temporary\s+|unlogged\s+)?table|create\s+unique\s+index|alter\s+table)\b/im;
/** Calls that run SQL given in a variable (`const schema = \`CREATE TABLE …\`; await pool.query(schema)`). */
const SQL_RUNNERS = new Set(['query', 'exec', 'execute', 'raw', 'none', 'multi', 'run', 'any', 'unsafe', 'batch', 'sql']);
const KNEX_TABLE_METHODS = new Set(['createTable', 'createTableIfNotExists', 'table', 'alterTable']);
/** Knex table-builder methods whose first string argument is not a new column. */
const KNEX_NOT_COLUMNS = new Set([
  'unique', 'primary', 'index', 'foreign', 'dropColumn', 'dropColumns', 'dropUnique', 'dropIndex', 'dropPrimary', 'dropForeign',
  'renameColumn', 'comment', 'engine', 'charset', 'collate', 'inherits', 'setNullable', 'dropNullable', 'check', 'queryContext',
]);
const KNEX_AUTO_KEYS = new Set(['increments', 'bigIncrements']);

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

function stringValue(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const node = strip(expr);
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** The text of a string or template argument, `${…}` as a placeholder. */
function templateText(expr: ts.Expression): string | undefined {
  const node = strip(expr);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => 'x' + s.literal.text).join('');
  return undefined;
}

function stringList(expr: ts.Expression | undefined): string[] | undefined {
  if (!expr) return undefined;
  const node = strip(expr);
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (!ts.isArrayLiteralExpression(node)) return undefined;
  const items = node.elements.map((e) => stringValue(e));
  return items.every((i): i is string => i !== undefined) ? items : undefined;
}

function objectLiteral(expr: ts.Expression | undefined, binder: Binder): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const node = strip(expr);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const value = binder.resolve(node);
    if (value.kind === 'expression' && ts.isObjectLiteralExpression(value.node)) return value.node;
  }
  return undefined;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const prop of object.properties) {
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === name) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === name) return prop.name;
  }
  return undefined;
}

function isTrue(expr: ts.Expression | undefined): boolean {
  return expr !== undefined && strip(expr).kind === SyntaxKind.TrueKeyword;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = strip(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function decoratorsOf(node: ts.Node): { name: string; args: readonly ts.Expression[] }[] {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.flatMap((d) => {
    const expr = d.expression;
    const callee = ts.isCallExpression(expr) ? expr.expression : expr;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name ? [{ name, args: ts.isCallExpression(expr) ? expr.arguments : [] }] : [];
  });
}

/**
 * Sequelize / mongoose attribute maps: `{ email: { type, unique: true }, name: DataTypes.STRING }`.
 * `unique: 'name'` shared by several attributes is one composite key, not a key of each.
 */
function attributeDeclarations(attributes: ts.ObjectLiteralExpression, table: string | undefined, binder: Binder, out: ColumnDeclaration[]): void {
  const named = new Map<string, string[]>();
  // Several `primaryKey: true` attributes make one composite key.
  const primaries = attributes.properties.filter((p) => {
    const options = ts.isPropertyAssignment(p) ? objectLiteral(p.initializer, binder) : undefined;
    return options !== undefined && isTrue(property(options, 'primaryKey'));
  }).length;
  for (const prop of attributes.properties) {
    const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
    if (!name || (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop))) continue;
    const options = ts.isPropertyAssignment(prop) ? objectLiteral(prop.initializer, binder) : undefined;
    const field = options ? stringValue(property(options, 'field')) : undefined;
    const columns = [...new Set([normaliseColumn(name), ...(field ? [normaliseColumn(field)] : [])])];
    const unique = options ? property(options, 'unique') : undefined;
    const sharedName = stringValue(unique);
    if (sharedName !== undefined) {
      named.set(sharedName, [...(named.get(sharedName) ?? []), ...columns]);
      for (const column of columns) out.push({ table, column, unique: false });
      continue;
    }
    // node-pg-migrate: `id: 'id'` is a serial primary key.
    const shorthandKey = ts.isPropertyAssignment(prop) && stringValue(prop.initializer) === 'id';
    const isKey = shorthandKey || (options !== undefined && (isTrue(unique) || (unique !== undefined && ts.isObjectLiteralExpression(strip(unique))) || (primaries === 1 && isTrue(property(options, 'primaryKey')))));
    for (const column of columns) out.push({ table, column, unique: isKey });
  }
  for (const columns of named.values()) {
    if (new Set(columns).size === 1) out.push({ table, column: columns[0]!, unique: true });
  }
}

/** knex `createTable('users', (t) => { t.increments(); t.string('email').unique(); t.unique(['a', 'b']) })`. */
function knexTableDeclarations(table: string, builder: ts.ArrowFunction | ts.FunctionExpression, out: ColumnDeclaration[]): void {
  const param = builder.parameters[0];
  if (!param || !ts.isIdentifier(param.name)) return;
  const t = param.name.text;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === t) {
      const method = node.expression.name.text;
      const first = node.arguments[0];
      if (method === 'unique' || method === 'primary') {
        const columns = stringList(first);
        if (columns?.length === 1) out.push({ table, column: normaliseColumn(columns[0]!), unique: true });
        else if (columns && columns.length > 1) out.push({ table, column: compositeColumn(columns), unique: true });
      } else if (!KNEX_NOT_COLUMNS.has(method)) {
        const column = stringValue(first) ?? (KNEX_AUTO_KEYS.has(method) ? 'id' : undefined);
        if (column !== undefined) {
          // The chain after the column: `.notNullable().unique()`, `.primary()`.
          const chained: string[] = [];
          let current: ts.Node = node;
          while (ts.isPropertyAccessExpression(current.parent) && ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent) {
            const link = current.parent.parent;
            // `.unique({ indexName, predicate })` with a predicate is a partial index.
            if (!(current.parent.name.text === 'unique' && link.arguments.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => propertyNameText(p.name) === 'predicate')))) chained.push(current.parent.name.text);
            current = link;
          }
          const unique = KNEX_AUTO_KEYS.has(method) || chained.includes('unique') || chained.includes('primary');
          out.push({ table, column: normaliseColumn(column), unique });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  if (builder.body) visit(builder.body);
}

/** Entities: TypeORM `@Entity`, sequelize-typescript `@Table`, NestJS mongoose `@Schema`. */
function entityDeclarations(cls: ts.ClassLikeDeclaration, out: ColumnDeclaration[]): void {
  const decorators = decoratorsOf(cls);
  const entity = decorators.find((d) => d.name === 'Entity' || d.name === 'Table' || d.name === 'Schema' || d.name === 'ViewEntity');
  if (!entity) return;
  const firstArg = entity.args[0] ? strip(entity.args[0]) : undefined;
  const named = stringValue(firstArg) ?? (firstArg && ts.isObjectLiteralExpression(firstArg) ? (stringValue(property(firstArg, 'name')) ?? stringValue(property(firstArg, 'tableName')) ?? stringValue(property(firstArg, 'collection'))) : undefined);
  const tables = [...new Set([...(cls.name ? [normaliseTable(cls.name.text)] : []), ...(named ? [normaliseTable(named)] : [])])];
  const declared: { columns: string[]; unique: boolean }[] = [];
  const byProperty = new Map<string, string[]>();
  // Several primary columns make one composite key.
  const PRIMARY = ['PrimaryGeneratedColumn', 'PrimaryColumn', 'ObjectIdColumn', 'PrimaryKey'];
  const primaries = cls.members.filter((m) => ts.isPropertyDeclaration(m) && decoratorsOf(m).some((d) => PRIMARY.includes(d.name))).length;
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const name = propertyNameText(member.name);
    const own = decoratorsOf(member);
    if (!name || own.length === 0) continue;
    let unique = false;
    let column: string | undefined;
    let isColumn = false;
    for (const d of own) {
      const options = d.args.map((a) => strip(a)).find(ts.isObjectLiteralExpression);
      if (PRIMARY.includes(d.name) || d.name === 'Unique') {
        isColumn = true;
        if (d.name === 'Unique' || primaries === 1) unique = true;
      }
      if (['Column', 'Prop', 'PrimaryGeneratedColumn', 'PrimaryColumn', 'CreateDateColumn', 'UpdateDateColumn'].includes(d.name)) {
        isColumn = true;
        if (options && (isTrue(property(options, 'unique')) || (primaries <= 1 && (isTrue(property(options, 'primary')) || isTrue(property(options, 'primaryKey')))))) unique = true;
        column = (options && (stringValue(property(options, 'name')) ?? stringValue(property(options, 'field')))) ?? column;
      }
      if (d.name === 'Index' && options && isTrue(property(options, 'unique')) && !property(options, 'where')) unique = true;
    }
    if (!isColumn) continue;
    const columns = [...new Set([normaliseColumn(name), ...(column ? [normaliseColumn(column)] : [])])];
    byProperty.set(name, columns);
    declared.push({ columns, unique });
  }
  // Class-level `@Unique(['email'])`, `@Index(['email'], { unique: true })`.
  for (const d of decorators) {
    // `@Unique(['email'])`, `@Unique('uq_email', ['email'])`: the column list is the array argument.
    const array = d.args.map((a) => strip(a)).find(ts.isArrayLiteralExpression);
    const list = array ? stringList(array) : undefined;
    if (!list || list.length !== 1) continue;
    const options = d.args.map((a) => strip(a)).find(ts.isObjectLiteralExpression);
    const isKey = d.name === 'Unique' || (d.name === 'Index' && options !== undefined && isTrue(property(options, 'unique')) && !property(options, 'where'));
    if (isKey) declared.push({ columns: byProperty.get(list[0]!) ?? [normaliseColumn(list[0]!)], unique: true });
  }
  for (const table of tables) for (const d of declared) for (const column of d.columns) out.push({ table, column, unique: d.unique });
}

/** Column declarations a JS/TS file makes (migrations, models, entities, schemas, DDL strings). */
export function codeDeclarations(calls: readonly ts.CallExpression[], news: readonly ts.NewExpression[], classes: readonly ts.ClassLikeDeclaration[], binder: Binder): ColumnDeclaration[] {
  const out: ColumnDeclaration[] = [];
  for (const cls of classes) entityDeclarations(cls, out);

  // mongoose: which model each schema variable is registered as (`mongoose.model('User', userSchema)`).
  const modelOfSchema = new Map<ts.Node, string>();
  for (const call of calls) {
    if (calleeName(call) !== 'model') continue;
    const name = stringValue(call.arguments[0]);
    const schema = call.arguments[1] ? strip(call.arguments[1]) : undefined;
    if (!name || !schema) continue;
    const target = ts.isIdentifier(schema) ? binder.lookup(schema.text, schema)?.init : schema;
    if (target) modelOfSchema.set(strip(target), name);
  }
  for (const creation of news) {
    const callee = binder.resolve(creation.expression);
    // TypeORM migrations: `new Table({ name: 'users', columns: [{ name: 'email', isUnique: true }] })`,
    // `new TableIndex({ columnNames: ['email'], isUnique: true })` given to `createIndex('users', …)`.
    if (callee.kind === 'library' && callee.module === 'typeorm' && callee.path.join('.') === 'Table') {
      const options = objectLiteral(creation.arguments?.[0], binder);
      const table = options ? stringValue(property(options, 'name')) : undefined;
      const columns = options ? property(options, 'columns') : undefined;
      if (table === undefined || !columns || !ts.isArrayLiteralExpression(strip(columns))) continue;
      const list = (strip(columns) as ts.ArrayLiteralExpression).elements.map((e) => objectLiteral(e, binder)).filter((o): o is ts.ObjectLiteralExpression => o !== undefined);
      const primaries = list.filter((o) => isTrue(property(o, 'isPrimary'))).length;
      for (const column of list) {
        const name = stringValue(property(column, 'name'));
        if (name !== undefined) out.push({ table: normaliseTable(table), column: normaliseColumn(name), unique: isTrue(property(column, 'isUnique')) || (primaries === 1 && isTrue(property(column, 'isPrimary'))) });
      }
      continue;
    }
    if (callee.kind !== 'library' || callee.module !== 'mongoose' || callee.path.join('.') !== 'Schema') continue;
    const fields = objectLiteral(creation.arguments?.[0], binder);
    const model = modelOfSchema.get(creation);
    if (fields) attributeDeclarations(fields, model ? normaliseTable(model) : undefined, binder, out);
  }

  for (const call of calls) {
    const name = calleeName(call);
    const args = call.arguments;
    // DDL in a string: `pool.query('CREATE TABLE …')`, `knex.raw(…)`, `db.exec(schema)`.
    const first = args[0];
    if (first) {
      let text = templateText(first);
      if (text === undefined && name !== undefined && SQL_RUNNERS.has(name) && ts.isIdentifier(strip(first))) {
        const value = binder.resolve(strip(first));
        if (value.kind === 'expression') text = templateText(value.node);
      }
      if (text !== undefined && DDL.test(text)) out.push(...sqlDeclarations(text));
    }
    if (!name) continue;
    const table = stringValue(args[0]);
    // knex: `knex.schema.createTable('users', (t) => …)`.
    if (KNEX_TABLE_METHODS.has(name) && table !== undefined && args[1] && (ts.isArrowFunction(strip(args[1])) || ts.isFunctionExpression(strip(args[1])))) {
      knexTableDeclarations(normaliseTable(table), strip(args[1]) as ts.ArrowFunction | ts.FunctionExpression, out);
      continue;
    }
    // Sequelize: `sequelize.define('User', attributes, { tableName })`, `queryInterface.createTable('Users', attributes)`.
    if ((name === 'define' || name === 'createTable') && table !== undefined) {
      const attributes = objectLiteral(args[1], binder);
      const options = objectLiteral(args[2], binder);
      const tableName = options ? stringValue(property(options, 'tableName')) : undefined;
      if (attributes) for (const t of new Set([table, ...(tableName ? [tableName] : [])])) attributeDeclarations(attributes, normaliseTable(t), binder, out);
      continue;
    }
    // Sequelize: `User.init(attributes, { sequelize, tableName, modelName })`.
    if (name === 'init' && ts.isPropertyAccessExpression(strip(call.expression))) {
      const attributes = objectLiteral(args[0], binder);
      const options = objectLiteral(args[1], binder);
      if (!attributes || !options || !property(options, 'sequelize')) continue;
      const receiver = strip((strip(call.expression) as ts.PropertyAccessExpression).expression);
      const names = [ts.isIdentifier(receiver) ? receiver.text : undefined, stringValue(property(options, 'tableName')), stringValue(property(options, 'modelName'))];
      for (const t of new Set(names.filter((n): n is string => n !== undefined))) attributeDeclarations(attributes, normaliseTable(t), binder, out);
      continue;
    }
    // Sequelize migrations: `addIndex('Users', ['email'], { unique: true })`, `addConstraint('Users', { fields: ['email'], type: 'unique' })`,
    // `addColumn('Users', 'email', { unique: true })`; mongoose `schema.index({ email: 1 }, { unique: true })`.
    if ((name === 'addIndex' || name === 'createIndex') && table !== undefined) {
      const index = args[1] ? strip(args[1]) : undefined;
      if (index && ts.isNewExpression(index)) {
        const options = objectLiteral(index.arguments?.[0], binder);
        const columns = options ? stringList(property(options, 'columnNames')) : undefined;
        if (options && columns?.length === 1 && isTrue(property(options, 'isUnique')) && !property(options, 'where')) out.push({ table: normaliseTable(table), column: normaliseColumn(columns[0]!), unique: true });
        continue;
      }
      const options = objectLiteral(args[2], binder) ?? objectLiteral(args[1], binder);
      const fields = stringList(args[1]) ?? (options ? stringList(property(options, 'fields')) : undefined);
      if (fields?.length === 1 && options && isTrue(property(options, 'unique')) && !property(options, 'where')) out.push({ table: normaliseTable(table), column: normaliseColumn(fields[0]!), unique: true });
    } else if (name === 'addConstraint' && table !== undefined) {
      const options = objectLiteral(args[1], binder);
      const fields = options ? stringList(property(options, 'fields')) : undefined;
      const type = options ? stringValue(property(options, 'type'))?.toLowerCase() : undefined;
      if (fields?.length === 1 && (type === 'unique' || type === 'primary key')) out.push({ table: normaliseTable(table), column: normaliseColumn(fields[0]!), unique: true });
    } else if (name === 'addColumn' && table !== undefined) {
      const column = stringValue(args[1]);
      const options = objectLiteral(args[2], binder);
      if (column !== undefined) out.push({ table: normaliseTable(table), column: normaliseColumn(column), unique: options !== undefined && (isTrue(property(options, 'unique')) || isTrue(property(options, 'primaryKey'))) });
    } else if (name === 'index' && ts.isPropertyAccessExpression(strip(call.expression))) {
      const fields = objectLiteral(args[0], binder);
      const options = objectLiteral(args[1], binder);
      if (!fields || !options || fields.properties.length !== 1 || !isTrue(property(options, 'unique')) || property(options, 'partialFilterExpression')) continue;
      const receiver = strip((strip(call.expression) as ts.PropertyAccessExpression).expression);
      const init = ts.isIdentifier(receiver) ? binder.lookup(receiver.text, receiver)?.init : undefined;
      const schema = init ? strip(init) : undefined;
      if (!schema || !ts.isNewExpression(schema)) continue;
      const factory = binder.resolve(schema.expression);
      if (factory.kind !== 'library' || factory.module !== 'mongoose' || factory.path.join('.') !== 'Schema') continue;
      const column = propertyNameText(fields.properties[0]!.name);
      const model = modelOfSchema.get(schema);
      if (column) out.push({ table: model ? normaliseTable(model) : undefined, column: normaliseColumn(column), unique: true });
    }
  }
  return out;
}

// ---- knex writes ---------------------------------------------------------------------------------

/**
 * How the application adds rows to a table through knex, one fact per insert:
 * `knex-insert:<table>|one|<columns>` for an object (or a fixed array of objects) whose keys are
 * seen, `knex-insert:<table>|list|<columns>|<parent columns>` for an array built by mapping one
 * list (`insert(tags.map((t) => ({ tag: t.id, article: article.id })))`) in a function that first
 * clears the table's old rows (`del()`) or makes the parent row (an insert into another table),
 * and `knex-insert:<table>|unknown` for rows whose columns cannot be read (`insert(req.body)`,
 * `INSERT INTO` in SQL). Parent columns are those whose value is the same for every element of
 * the list (no reference to the callback's parameters). Columns are lower case, sorted, joined by `+`.
 * A list mapped in a function that does neither is counted as `one`: every request appends to it.
 */
export function knexInsertFacts(calls: readonly ts.CallExpression[], binder: Binder): string[] {
  const facts = new Set<string>();
  interface Write { table: string; call: ts.CallExpression; fn: ts.Node | undefined }
  const inserts: Write[] = [];
  const deletes: Write[] = [];
  for (const call of calls) {
    const first = call.arguments[0];
    // Raw SQL inserts into the table: rows whose columns we do not read.
    const text = first ? templateText(first) : undefined;
    const sqlInsert = text !== undefined ? /^\s*insert\s+(?:or\s+\w+\s+)?(?:ignore\s+)?into\s+([\w$."`[\]]+)/i.exec(text) : null;
    if (sqlInsert) facts.add(`knex-insert:${normaliseTable(sqlInsert[1]!)}|unknown`);
    const callee = strip(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const method = callee.name.text;
    if (method === 'batchInsert') {
      const table = stringValue(first);
      if (table !== undefined) facts.add(`knex-insert:${normaliseTable(table)}|unknown`);
      continue;
    }
    if (method !== 'insert' && method !== 'del' && method !== 'delete') continue;
    const table = knexChainTable(call);
    if (table === undefined) continue;
    (method === 'insert' ? inserts : deletes).push({ table, call, fn: enclosingFunction(call) });
  }
  for (const insert of inserts) {
    const rows = insertedRows(insert.call.arguments[0], binder);
    if (rows.kind === 'unknown') {
      facts.add(`knex-insert:${insert.table}|unknown`);
      continue;
    }
    const columns = rows.columns.join('+');
    if (rows.kind === 'list') {
      const at = insert.call.getStart();
      const replaces = insert.fn !== undefined && (
        deletes.some((d) => d.fn === insert.fn && d.table === insert.table && d.call.getStart() < at) ||
        inserts.some((i) => i.fn === insert.fn && i.table !== insert.table && i.call.getStart() < at));
      if (replaces) {
        facts.add(`knex-insert:${insert.table}|list|${columns}|${rows.parents.join('+')}`);
        continue;
      }
    }
    facts.add(`knex-insert:${insert.table}|one|${columns}`);
  }
  return [...facts];
}

/** Root calls that take a string but are not a knex table (`require('x')`, `db.collection('x')`). */
const NOT_KNEX_TABLE = new Set(['require', 'collection', 'model', 'getRepository', 'doc', 'ref', 'from']);

/** The table a knex write names: `db('t').insert(…)`, `ctx.app.db('t').where(…).del()`, `knex.insert(…).into('t')`. */
function knexChainTable(call: ts.CallExpression): string | undefined {
  // Up: `.into('t')`, `.table('t')` after the write.
  let up: ts.Node = call;
  while (ts.isPropertyAccessExpression(up.parent) && ts.isCallExpression(up.parent.parent) && up.parent.parent.expression === up.parent) {
    const name = up.parent.name.text;
    const table = stringValue(up.parent.parent.arguments[0]);
    if ((name === 'into' || name === 'table') && table !== undefined) return normaliseTable(table);
    up = up.parent.parent;
  }
  // Down the receivers to the root call.
  let expr: ts.Expression = strip((strip(call.expression) as ts.PropertyAccessExpression).expression);
  while (ts.isCallExpression(expr)) {
    const callee = strip(expr.expression);
    const table = stringValue(expr.arguments[0]);
    if (ts.isPropertyAccessExpression(callee)) {
      const inner = strip(callee.expression);
      if ((callee.name.text === 'into' || callee.name.text === 'table') && table !== undefined) return normaliseTable(table);
      if (!ts.isCallExpression(inner)) return table !== undefined && !NOT_KNEX_TABLE.has(callee.name.text) ? normaliseTable(table) : undefined;
      expr = inner;
      continue;
    }
    return ts.isIdentifier(callee) && table !== undefined && !NOT_KNEX_TABLE.has(callee.text) ? normaliseTable(table) : undefined;
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}

/** An expression's own node, or the expression a `const` identifier stands for. */
function valueNode(expr: ts.Expression | undefined, binder: Binder): ts.Expression | undefined {
  if (!expr) return undefined;
  const node = strip(expr);
  if (!ts.isIdentifier(node)) return node;
  // A variable given one value and never reassigned (`const relations = tags.map(…)`).
  const binding = binder.lookup(node.text, node);
  if (!binding?.init || binding.destructure.length > 0 || binding.assignments.length > 0) return undefined;
  return strip(binding.init);
}

/** The keys of an object literal without spreads or computed names, lower case. */
function literalColumns(object: ts.ObjectLiteralExpression): string[] | undefined {
  const out: string[] = [];
  for (const prop of object.properties) {
    const name = ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
    if (name === undefined) return undefined;
    out.push(normaliseColumn(name));
  }
  return out;
}

type InsertedRows = { kind: 'unknown' } | { kind: 'one'; columns: string[] } | { kind: 'list'; columns: string[]; parents: string[] };

/** What an `insert(arg)` writes: one object, a fixed array of objects, or a list mapped to objects. */
function insertedRows(arg: ts.Expression | undefined, binder: Binder): InsertedRows {
  const node = valueNode(arg, binder);
  if (!node) return { kind: 'unknown' };
  if (ts.isObjectLiteralExpression(node)) {
    const columns = literalColumns(node);
    return columns ? { kind: 'one', columns: [...new Set(columns)].sort() } : { kind: 'unknown' };
  }
  if (ts.isArrayLiteralExpression(node)) {
    const columns: string[] = [];
    for (const element of node.elements) {
      const object = valueNode(element, binder);
      const own = object && ts.isObjectLiteralExpression(object) ? literalColumns(object) : undefined;
      if (!own) return { kind: 'unknown' };
      columns.push(...own);
    }
    return columns.length > 0 ? { kind: 'one', columns: [...new Set(columns)].sort() } : { kind: 'unknown' };
  }
  // `list.map((t) => ({ tag: t.id, article: article.id }))`.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'map') {
    const callback = node.arguments[0] ? strip(node.arguments[0]) : undefined;
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return { kind: 'unknown' };
    let body: ts.Node | undefined = callback.body;
    if (ts.isBlock(body)) {
      const statements = body.statements;
      const last = statements[statements.length - 1];
      body = statements.length === 1 && last && ts.isReturnStatement(last) ? last.expression : undefined;
    }
    const object = body && ts.isExpression(body) ? strip(body) : undefined;
    if (!object || !ts.isObjectLiteralExpression(object)) return { kind: 'unknown' };
    const params = new Set<string>();
    const collect = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) params.add(name.text);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
    };
    for (const p of callback.parameters) collect(p.name);
    const columns: string[] = [];
    const parents: string[] = [];
    for (const prop of object.properties) {
      if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) return { kind: 'unknown' };
      const name = propertyNameText(prop.name);
      if (name === undefined) return { kind: 'unknown' };
      columns.push(normaliseColumn(name));
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
      let perElement = false;
      const visit = (n: ts.Node): void => {
        if (ts.isIdentifier(n) && params.has(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) perElement = true;
        // A call (`uuid()`, `Date.now()`) differs between elements too.
        if (ts.isCallExpression(n) || ts.isNewExpression(n)) perElement = true;
        if (!perElement) ts.forEachChild(n, visit);
      };
      visit(value);
      if (!perElement) parents.push(normaliseColumn(name));
    }
    return { kind: 'list', columns: [...new Set(columns)].sort(), parents: [...new Set(parents)].sort() };
  }
  return { kind: 'unknown' };
}

/**
 * Whether a `knex-bounded:<table>|<equality columns>` fact holds, given the application's
 * `knex-insert:` facts (knexInsertFacts) and which columns are keys of the table. It holds when the
 * table has inserts, all with columns we can read, and either
 * - every insert writes only columns the filter fixes, besides keys (`id: uuid()`): matching rows
 *   are copies of one insert, at most one per combination as the application uses it; or
 * - every insert is a list mapped from one request's list that replaces the parent's rows, and the
 *   filter fixes a parent column of each: the rows are as many as that one request sent.
 * A table without inserts in the application tells nothing, and the read is judged as before.
 */
export function knexReadBounded(fact: string, insertFacts: readonly string[], isKey: (table: string, column: string) => boolean): boolean {
  const [table, filter = ''] = fact.slice('knex-bounded:'.length).split('|');
  if (!table) return false;
  const fixed = new Set(filter.split('+').filter(Boolean));
  if (fixed.size === 0) return false;
  const inserts = insertFacts.filter((f) => f.startsWith(`knex-insert:${table}|`)).map((f) => f.slice(`knex-insert:${table}|`.length).split('|'));
  if (inserts.length === 0 || inserts.some(([kind]) => kind === 'unknown')) return false;
  const covered = inserts.every(([, columns = '']) => {
    const written = columns.split('+').filter((c) => c && !isKey(table, c));
    return written.length > 0 && written.every((c) => fixed.has(c));
  });
  if (covered) return true;
  return inserts.every(([kind, , parents = '']) => kind === 'list' && parents.split('+').some((p) => p && fixed.has(p) && !isKey(table, p)));
}
