// The shape of a request-validation schema (zod, joi, yup) as far as it bounds arrays: which
// fields are objects, which are arrays, and whether an array has a maximum length (`.max(n)`,
// `.length(n)`). Rules ask it whether `schema.parse(req.body).items` can be any length; the
// summary keeps the shape of exported schemas so a schema from another file can be judged too.
// Anything the reader does not know (a `.transform`, a union, a refinement that may check a
// length) makes the shape unknown, and an unknown shape bounds nothing and flags nothing.
import { ts } from '@ts-morph/common';
import type { Binding } from './binder';
import type { Value } from './values';

/** Plain data (it travels in summaries): a field's shape, for arrays whether a maximum is set. */
export type SchemaShape =
  | { kind: 'object'; fields: Record<string, SchemaShape> }
  | { kind: 'array'; bounded: boolean }
  | { kind: 'other' };

export const VALIDATION_MODULES = new Set(['zod', 'joi', 'yup']);

/** What reading a schema needs: the binder's resolve and lookup (or a rule context's). */
export interface SchemaResolver {
  resolve(expr: ts.Expression): Value;
  lookup(name: string, from: ts.Node): Binding | undefined;
}

const OBJECT_FACTORIES = new Set(['object', 'strictObject', 'looseObject']);
const ARRAY_FACTORIES = new Set(['array']);
/** Modifiers that set an array's maximum length. */
const ARRAY_BOUNDS = new Set(['max', 'length']);
/** Modifiers that add fields to an object schema (zod extend, joi keys/append, yup shape). */
const OBJECT_EXTENDERS = new Set(['extend', 'keys', 'append', 'shape']);
/** Modifiers that leave the shape (and an array's bound) as it is. */
const NEUTRAL_MODIFIERS = new Set([
  'optional', 'nullable', 'nullish', 'default', 'describe', 'strict', 'strip', 'passthrough', 'nonstrict', 'partial',
  'deepPartial', 'required', 'min', 'nonempty', 'catch', 'brand', 'readonly', 'label', 'meta', 'unknown', 'options',
  'prefs', 'preferences', 'messages', 'message', 'items', 'of', 'element', 'ensure', 'defined', 'notRequired', 'nonNullable',
  'id', 'example', 'description', 'error', 'empty', 'allow', 'sparse', 'single', 'unique', 'compact', 'noUnknown',
  'stripUnknown', 'camelCase', 'presence', 'forbidden', 'exist', 'exists', 'valid',
]);
/** Refinements: on an array they may check its length; on an object only if they read a `.length`. */
const REFINEMENTS = new Set(['refine', 'superRefine', 'test', 'custom', 'check']);

const MAX_DEPTH = 12;

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  return expr;
}

/** The factory a library callee names: `z.object` / `Joi.object` / yup's `object` → 'object'. */
function libraryFactory(value: Value): { module: string; name: string } | undefined {
  if (value.kind !== 'library' || !VALIDATION_MODULES.has(value.module)) return undefined;
  const path = value.path[0] === 'z' || value.path[0] === 'default' ? value.path.slice(1) : value.path;
  return path.length === 1 ? { module: value.module, name: path[0]! } : undefined;
}

/** The shape of a schema expression, or undefined when it is not a schema we can read. */
export function schemaShape(input: ts.Expression, resolver: SchemaResolver, depth = 0): SchemaShape | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = strip(input);
  const next = depth + 1;
  if (ts.isIdentifier(expr)) {
    const binding = resolver.lookup(expr.text, expr);
    if (binding?.kind === 'var') {
      if (!binding.init || binding.destructure.length > 0 || binding.assignments.length > 0) return undefined;
      return schemaShape(binding.init, resolver, next);
    }
    if (binding?.kind === 'import') return importedShape(resolver.resolve(expr));
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expr)) return importedShape(resolver.resolve(expr));
  if (!ts.isCallExpression(expr)) return undefined;
  const factory = libraryFactory(resolver.resolve(expr.expression));
  if (factory) return factoryShape(factory.name, expr, resolver, next);
  if (!ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const modifier = expr.expression.name.text;
  const base = schemaShape(expr.expression.expression, resolver, next);
  if (!base) return undefined;
  if (ARRAY_BOUNDS.has(modifier)) return base.kind === 'array' ? { kind: 'array', bounded: true } : base;
  if (modifier === 'array') return { kind: 'array', bounded: false };
  if (NEUTRAL_MODIFIERS.has(modifier)) return base;
  if (REFINEMENTS.has(modifier)) {
    if (base.kind === 'array') return undefined;
    return expr.arguments.some((arg) => mentionsLength(arg)) ? undefined : base;
  }
  if (base.kind !== 'object') return undefined;
  if (OBJECT_EXTENDERS.has(modifier)) {
    const extra = expr.arguments[0] && ts.isObjectLiteralExpression(strip(expr.arguments[0])) ? fieldsOf(strip(expr.arguments[0]) as ts.ObjectLiteralExpression, resolver, next) : undefined;
    return extra ? { kind: 'object', fields: { ...base.fields, ...extra } } : undefined;
  }
  if (modifier === 'merge' || modifier === 'concat') {
    const other = expr.arguments[0] ? schemaShape(expr.arguments[0], resolver, next) : undefined;
    return other?.kind === 'object' ? { kind: 'object', fields: { ...base.fields, ...other.fields } } : undefined;
  }
  if (modifier === 'pick' || modifier === 'omit') {
    const keys = pickedKeys(expr.arguments[0]);
    if (!keys) return undefined;
    const fields = Object.fromEntries(Object.entries(base.fields).filter(([name]) => keys.includes(name) === (modifier === 'pick')));
    return { kind: 'object', fields };
  }
  return undefined;
}

/** A schema made in another file and imported here: its shape travels with the import. */
function importedShape(value: Value): SchemaShape | undefined {
  return value.kind === 'remote-instance' && value.path.length === 0 ? value.schema : undefined;
}

function factoryShape(name: string, call: ts.CallExpression, resolver: SchemaResolver, depth: number): SchemaShape {
  if (ARRAY_FACTORIES.has(name)) return { kind: 'array', bounded: false };
  if (OBJECT_FACTORIES.has(name)) {
    const arg = call.arguments[0] ? strip(call.arguments[0]) : undefined;
    if (!arg) return { kind: 'object', fields: {} };
    if (ts.isObjectLiteralExpression(arg)) return { kind: 'object', fields: fieldsOf(arg, resolver, depth) };
    const shape = schemaShape(arg, resolver, depth);
    return shape?.kind === 'object' ? shape : { kind: 'other' };
  }
  return { kind: 'other' };
}

function fieldsOf(object: ts.ObjectLiteralExpression, resolver: SchemaResolver, depth: number): Record<string, SchemaShape> {
  const fields: Record<string, SchemaShape> = {};
  for (const prop of object.properties) {
    const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
    if (name === undefined) continue;
    const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
    const shape = value ? schemaShape(value, resolver, depth + 1) : undefined;
    // A field we cannot read is not an array we know of.
    fields[name] = shape ?? { kind: 'other' };
  }
  return fields;
}

/** zod `.pick({ a: true })`, yup/joi-style `.pick(['a'])`. */
function pickedKeys(arg: ts.Expression | undefined): string[] | undefined {
  if (!arg) return undefined;
  const node = strip(arg);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '')).filter(Boolean);
  }
  if (ts.isArrayLiteralExpression(node) && node.elements.every((e) => ts.isStringLiteralLike(e))) return node.elements.map((e) => (e as ts.StringLiteral).text);
  return undefined;
}

function mentionsLength(node: ts.Node): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(child) && (child.name.text === 'length' || child.name.text === 'size')) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The shape at a property path (`['items']`), or undefined when the path leaves what is known. */
export function shapeAt(shape: SchemaShape, path: readonly string[]): SchemaShape | undefined {
  let current: SchemaShape | undefined = shape;
  for (const step of path) {
    if (current?.kind !== 'object') return undefined;
    current = current.fields[step];
  }
  return current;
}
