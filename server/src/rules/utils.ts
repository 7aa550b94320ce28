// Small syntax helpers rules share: reading options objects and building text edits.
import * as path from 'node:path';
import { ts } from '@ts-morph/common';
import { propertyNameText } from '../engine/binder';
import type { TextEdit } from '../engine/types';
import type { RuleContext } from './types';

export { importedModules } from '../engine/ast';

// Read once: every `ts.X` on the compiler module is a getter call, too slow for the hot walk.
const { SyntaxKind } = ts;

/** What we know about an options argument: an object literal we can read, or something opaque. */
export type OptionsShape =
  | { kind: 'none' }
  | { kind: 'object'; node: ts.ObjectLiteralExpression; hasSpread: boolean }
  /** An expression we cannot see into (a variable from elsewhere, a call): assume it may hold anything. */
  | { kind: 'opaque'; node: ts.Expression };

/** Follows an argument to the object literal it holds, through local variables. */
export function optionsShape(arg: ts.Expression | undefined, context: RuleContext): OptionsShape {
  if (!arg) return { kind: 'none' };
  let expr = arg;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  if (ts.isObjectLiteralExpression(expr)) {
    return { kind: 'object', node: expr, hasSpread: expr.properties.some((p) => ts.isSpreadAssignment(p)) };
  }
  if (ts.isIdentifier(expr)) {
    const value = context.resolve(expr);
    if (value.kind === 'expression' && ts.isObjectLiteralExpression(value.node)) return optionsShape(value.node, context);
  }
  return { kind: 'opaque', node: expr };
}

export function findProperty(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((p) => !ts.isSpreadAssignment(p) && propertyNameText(p.name) === name);
}

/** True when the options may set one of `names` (present, or hidden behind a spread/opaque value). */
export function mayHaveOption(shape: OptionsShape, names: readonly string[], context: RuleContext): boolean {
  if (shape.kind === 'none') return false;
  if (shape.kind === 'opaque') return true;
  if (names.some((n) => findProperty(shape.node, n))) return true;
  for (const prop of shape.node.properties) {
    if (!ts.isSpreadAssignment(prop)) continue;
    const inner = optionsShape(prop.expression, context);
    if (inner.kind !== 'object' || mayHaveOption(inner, names, context)) return true;
  }
  return false;
}

/** The initializer of `name` in an object literal, if written as `name: value` or `name`. */
export function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const prop = findProperty(object, name);
  if (!prop) return undefined;
  if (ts.isPropertyAssignment(prop)) return prop.initializer;
  if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
  return undefined;
}

/** A numeric literal's value (`0`, `5_000`, `-1`), or undefined. */
export function numericValue(expr: ts.Expression | undefined): number | undefined {
  if (!expr) return undefined;
  if (ts.isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === SyntaxKind.MinusToken && ts.isNumericLiteral(expr.operand)) {
    return -Number(expr.operand.text.replace(/_/g, ''));
  }
  return undefined;
}

/** The indentation of the line `pos` is on. */
export function indentationAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart));
  return match ? match[0] : '';
}

/**
 * An edit that adds `name: value` to an object literal, keeping its layout: on a new line when
 * the literal is multi-line, inline otherwise.
 */
export function addPropertyEdit(object: ts.ObjectLiteralExpression, property: string, sourceFile: ts.SourceFile): TextEdit {
  const text = sourceFile.text;
  const props = object.properties;
  const open = object.getStart(sourceFile);
  const close = object.getEnd() - 1;
  if (props.length === 0) return { start: open + 1, end: close, newText: ` ${property} ` };
  const last = props[props.length - 1]!;
  const multiline = text.slice(open, close).includes('\n');
  const afterLast = last.getEnd();
  const hasTrailingComma = props.hasTrailingComma;
  if (multiline) {
    const indent = indentationAt(text, last.getStart(sourceFile));
    const insertAt = hasTrailingComma ? text.indexOf(',', afterLast) + 1 : afterLast;
    return { start: insertAt, end: insertAt, newText: `${hasTrailingComma ? '' : ','}\n${indent}${property}${hasTrailingComma ? ',' : ''}` };
  }
  return { start: afterLast, end: afterLast, newText: `, ${property}` };
}

/** Text of a node as written. */
export function nodeText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());
}

/** "10" → "10", 1000 → "1,000". */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** Where a new module-level line goes: right after the leading imports and requires (0 when there are none). */
export function afterImports(sourceFile: ts.SourceFile): number {
  let position = 0;
  for (const statement of sourceFile.statements) {
    const isImport =
      ts.isImportDeclaration(statement) ||
      ts.isImportEqualsDeclaration(statement) ||
      (ts.isVariableStatement(statement) &&
        statement.declarationList.declarations.some((d) => d.initializer !== undefined && /\brequire\s*\(/.test(nodeText(d.initializer, sourceFile))));
    if (!isImport) break;
    position = statement.getEnd();
  }
  return position;
}

/** True when the file is an ES module (`.mjs`/`.mts`, or `import`/`export` syntax in `.js`/`.ts`). */
export function isEsModule(sourceFile: ts.SourceFile): boolean {
  const name = sourceFile.fileName.toLowerCase();
  if (name.endsWith('.mjs') || name.endsWith('.mts')) return true;
  if (name.endsWith('.cjs') || name.endsWith('.cts')) return false;
  return sourceFile.statements.some(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isExportDeclaration(s) ||
      ts.isExportAssignment(s) ||
      (ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword)),
  );
}


/**
 * How messages name another project file (where a remote instance was made): relative to the
 * file being linted, with forward slashes (`../lib/db.js`).
 */
export function relativeFileName(file: string, sourceFile: ts.SourceFile): string {
  const relative = path.relative(path.dirname(sourceFile.fileName), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** How messages name a function: `getFeed` for `function getFeed(…)`, `const getFeed = (…) => …`, a method's name. */
export function functionName(fn: ts.SignatureDeclaration, sourceFile: ts.SourceFile, fallback = 'this function'): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return nodeText(fn.name, sourceFile);
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === fn) return nodeText(parent.name, sourceFile);
  return fallback;
}
