// What an expression refers to, as far as a single file can tell without the type checker.
// Rules ask "is this pg's Pool?" through these values, never by matching identifier names.
import type { ts } from '@ts-morph/common';
import type { SchemaShape } from './validation-schemas';
import type { DecorationSlot } from './decorations';

export type Creation = ts.CallExpression | ts.NewExpression;

export type Value =
  | { kind: 'unknown' }
  /** A library export or a property of one: `pg.Pool` is { module: 'pg', path: ['Pool'] }. */
  | { kind: 'library'; module: string; path: string[] }
  /**
   * What calling or constructing a library export produced, then `path` accessed on it:
   * `new Pool().query` is { module: 'pg', factory: ['Pool'], path: ['query'] }.
   * A call on the way is recorded as '()' in the path.
   */
  | { kind: 'instance'; module: string; factory: string[]; path: string[]; creation: Creation }
  /**
   * A library instance created in another project file and imported here (`const { pool } =
   * require('./db')`): its module and factory are known, its options are not (they are in the
   * other file). Rules that only need the type accept it; rules that read options skip it.
   * A validation schema carries its shape (`schema`), read where it was made.
   */
  | {
      kind: 'remote-instance';
      module: string;
      factory: string[];
      path: string[];
      file: string;
      resourceId?: number;
      /** A DataLoader made there: the function its `load()` runs. */
      batch?: { file: string; id: number };
      /** An app or router made there (its id in that file's `routers`). */
      router?: { file: string; id: number };
      schema?: SchemaShape;
    }
  /** Something imported from a file of the project (resolved across files by the project index). */
  | { kind: 'project'; specifier: string; path: string[] }
  | { kind: 'function'; node: ts.SignatureDeclaration }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  /** `new LocalClass()` then `path`. */
  | { kind: 'object'; classNode: ts.ClassLikeDeclaration; path: string[] }
  /**
   * Code a project file attached to the framework instance (`fastify.decorate('tasks', repo)`, an
   * Apollo data source…), read here through the instance, then `path`: the project index follows it
   * (see decorations.ts). Only made when the project holds such a slot; a pool in it is a remote-instance.
   */
  | { kind: 'decoration'; slot: DecorationSlot; name: string; path: string[] }
  /** A parameter of a function, then `path` (what flows in is unknown). */
  | { kind: 'parameter'; node: ts.ParameterDeclaration; name: string; path: string[] }
  /** Any other expression, for rules that want to look at it (object literals, numbers…). */
  | { kind: 'expression'; node: ts.Expression };

export const UNKNOWN: Value = { kind: 'unknown' };

/** Normalises `node:fs` to `fs`; keeps subpaths such as `fs/promises`. */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

function pathEquals(actual: readonly string[], expected: readonly string[]): boolean {
  return actual.length === expected.length && actual.every((p, i) => p === expected[i]);
}

/** `isLibrary(v, 'pg', 'Pool')`: v is pg's `Pool` export. `modules` may list alternatives. */
export function isLibrary(value: Value, modules: string | readonly string[], ...path: string[]): boolean {
  if (value.kind !== 'library') return false;
  const list = typeof modules === 'string' ? [modules] : modules;
  return list.includes(value.module) && pathEquals(value.path, path);
}

export function isInstance(
  value: Value,
  modules: string | readonly string[],
  factory: readonly string[],
  path: readonly string[] = [],
): value is Extract<Value, { kind: 'instance' }> {
  if (value.kind !== 'instance') return false;
  const list = typeof modules === 'string' ? [modules] : modules;
  return list.includes(value.module) && pathEquals(value.factory, factory) && pathEquals(value.path, path);
}

/** Like isInstance, but also accepts an instance created in another project file. */
export function isInstanceAnywhere(
  value: Value,
  modules: string | readonly string[],
  factory: readonly string[],
  path: readonly string[] = [],
): value is Extract<Value, { kind: 'instance' | 'remote-instance' }> {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return false;
  const list = typeof modules === 'string' ? [modules] : modules;
  return list.includes(value.module) && pathEquals(value.factory, factory) && pathEquals(value.path, path);
}

export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'library':
      return [value.module, ...value.path].join('.');
    case 'instance':
      return `(${[value.module, ...value.factory].join('.')} instance)${value.path.map((p) => (p === '()' ? p : '.' + p)).join('')}`;
    case 'project':
      return `${value.specifier}:${value.path.join('.')}`;
    case 'remote-instance':
      return `(${[value.module, ...value.factory].join('.')} instance from ${value.file})${value.path.map((p) => (p === '()' ? p : '.' + p)).join('')}`;
    default:
      return value.kind;
  }
}
