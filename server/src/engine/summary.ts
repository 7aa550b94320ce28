// The compact per-file facts the cross-file index keeps instead of syntax trees: functions and
// how they nest, what each function calls, which functions are request handlers, what the file
// exports. Function and class ids number them in walk order within their file.

import type { FileRole } from './roles';

/** A reference to code, in a form that survives after the syntax tree is dropped. */
export type SymRef =
  | { kind: 'fn'; id: number }
  | { kind: 'class'; id: number }
  /** An object made by `new` of a class. */
  | { kind: 'instance'; cls: SymRef }
  /** An object literal (`module.exports = { a, b }`). */
  | { kind: 'object'; members: Record<string, SymRef> }
  /** A method of a class (or of an instance of it). */
  | { kind: 'method'; cls: SymRef; name: string }
  /** Something in another project file: `path` applied to that file's exports ('()' calls, 'new()' constructs). */
  | { kind: 'project'; specifier: string; path: string[] };

export interface FunctionInfo {
  id: number;
  /** The function this one is written inside; reaching the parent reaches it (callbacks, closures). */
  parent: number | undefined;
  name: string | undefined;
}

export interface ClassInfo {
  id: number;
  name: string | undefined;
  methods: Record<string, number>;
  /** Field name → the class it holds (constructor parameter properties and typed fields). */
  fields: Record<string, SymRef>;
}

export interface Edge {
  from: number;
  to: SymRef;
}

export interface Root {
  target: SymRef;
  /** A factory (`app.use(makeMiddleware())`): what it returns handles requests, not its own body. */
  factory: boolean;
  framework: string;
}

export interface FileSummary {
  file: string;
  role: FileRole;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  edges: Edge[];
  roots: Root[];
  exports: Record<string, SymRef>;
  starExports: string[];
  /** Project-wide facts this file establishes, e.g. 'axios.defaults.timeout'. */
  facts: string[];
}
