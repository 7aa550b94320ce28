// Plain data a file exports — config modules (`module.exports = { mongoose: { url, options: {…} } }`)
// — read as data, never run: objects of strings, numbers, booleans and nested objects, with how much
// of each string can be read. Kept in the summary, so a rule in another file can judge options it
// imports from there (`mongoose.connect(config.mongoose.url, config.mongoose.options)`).
import { ts } from '@ts-morph/common';
import { propertyNameText, type Binder } from './binder';

const { SyntaxKind } = ts;

export type DataShape =
  /** `open`: spreads, computed keys or too many properties hide some keys. */
  | { kind: 'object'; props: Record<string, DataShape>; open: boolean }
  /**
   * `text`: the parts we can read, joined. `source`: 'literal' when that is the whole string, 'env'
   * when the rest comes from the environment (`process.env.X`, a schema-validated copy of it),
   * 'unknown' when some of it comes from elsewhere.
   */
  | { kind: 'string'; text: string; source: 'literal' | 'env' | 'unknown' }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'other' };

const OTHER: DataShape = { kind: 'other' };
const MAX_DEPTH = 6;
const MAX_PROPS = 64;
const MAX_TEXT = 500;
const MAX_VALUES = 400;

function strip(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

function isProcessEnv(expr: ts.Expression, binder: Binder): boolean {
  const value = binder.resolve(expr);
  return value.kind === 'library' && value.module === 'global' && value.path[0] === 'process' && value.path[1] === 'env' && value.path.length === 2;
}

/**
 * A value read from the environment: `process.env.X`, or a property of an object made from it
 * (`const { value: env } = schema.validate(process.env)`, `cleanEnv(process.env, …)`, `z.object(…).parse(process.env)`).
 */
function fromEnvironment(expr: ts.Expression, binder: Binder, depth = 0): boolean {
  const node = strip(expr);
  if (depth > 4) return false;
  const value = binder.resolve(node);
  if (value.kind === 'library' && value.module === 'global' && value.path[0] === 'process' && value.path[1] === 'env' && value.path.length === 3) return true;
  let owner: ts.Expression | undefined;
  if (ts.isPropertyAccessExpression(node)) owner = node.expression;
  else if (ts.isElementAccessExpression(node)) owner = node.expression;
  if (!owner) return false;
  owner = strip(owner);
  if (!ts.isIdentifier(owner)) return fromEnvironment(owner, binder, depth + 1);
  const binding = binder.lookup(owner.text, owner);
  const init = binding?.kind === 'var' && binding.assignments.length === 0 ? binding.init : undefined;
  if (!init) return false;
  const made = strip(init);
  return ts.isCallExpression(made) && made.arguments.some((arg) => isProcessEnv(arg, binder));
}

/** The data an expression holds, as far as this file shows it (at most ~400 values: config, not tables). */
export function dataShape(expr: ts.Expression | undefined, binder: Binder): DataShape {
  return shapeOf(expr, binder, 0, { left: MAX_VALUES });
}

function shapeOf(expr: ts.Expression | undefined, binder: Binder, depth: number, budget: { left: number }): DataShape {
  if (!expr || depth > MAX_DEPTH || --budget.left < 0) return OTHER;
  const node = strip(expr);
  switch (node.kind) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: 'string', text: (node as ts.StringLiteral).text.slice(0, MAX_TEXT), source: 'literal' };
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', value: Number((node as ts.NumericLiteral).text.replace(/_/g, '')) };
    case SyntaxKind.TrueKeyword:
      return { kind: 'boolean', value: true };
    case SyntaxKind.FalseKeyword:
      return { kind: 'boolean', value: false };
    case SyntaxKind.PrefixUnaryExpression: {
      const unary = node as ts.PrefixUnaryExpression;
      return unary.operator === SyntaxKind.MinusToken && ts.isNumericLiteral(unary.operand) ? { kind: 'number', value: -Number(unary.operand.text.replace(/_/g, '')) } : OTHER;
    }
    case SyntaxKind.TemplateExpression: {
      const template = node as ts.TemplateExpression;
      const parts: DataShape[] = [{ kind: 'string', text: template.head.text, source: 'literal' }];
      for (const span of template.templateSpans) parts.push(stringPart(span.expression, binder, depth, budget), { kind: 'string', text: span.literal.text, source: 'literal' });
      return joinStrings(parts);
    }
    case SyntaxKind.BinaryExpression: {
      const binary = node as ts.BinaryExpression;
      const op = binary.operatorToken.kind;
      if (op === SyntaxKind.PlusToken) {
        const left = shapeOf(binary.left, binder, depth + 1, budget);
        const right = shapeOf(binary.right, binder, depth + 1, budget);
        // A sum of numbers is a number we do not compute; a string on either side makes it a string.
        if (left.kind !== 'string' && right.kind !== 'string') return OTHER;
        return joinStrings([stringPart(binary.left, binder, depth, budget, left), stringPart(binary.right, binder, depth, budget, right)]);
      }
      if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
        // `process.env.URL || 'mongodb://localhost/app'`: either one, so only what both are.
        return either(shapeOf(binary.left, binder, depth + 1, budget), shapeOf(binary.right, binder, depth + 1, budget));
      }
      return OTHER;
    }
    case SyntaxKind.ConditionalExpression: {
      const cond = node as ts.ConditionalExpression;
      return either(shapeOf(cond.whenTrue, binder, depth + 1, budget), shapeOf(cond.whenFalse, binder, depth + 1, budget));
    }
    case SyntaxKind.ObjectLiteralExpression: {
      const object = node as ts.ObjectLiteralExpression;
      const props: Record<string, DataShape> = {};
      let open = object.properties.length > MAX_PROPS;
      for (const prop of object.properties.slice(0, MAX_PROPS)) {
        if (ts.isSpreadAssignment(prop)) {
          const spread = shapeOf(prop.expression, binder, depth + 1, budget);
          if (spread.kind === 'object') {
            Object.assign(props, spread.props);
            open ||= spread.open;
          } else open = true;
          continue;
        }
        const name = ts.isShorthandPropertyAssignment(prop) ? prop.name.text : propertyNameText(prop.name);
        if (name === undefined) {
          open = true;
          continue;
        }
        if (ts.isPropertyAssignment(prop)) props[name] = shapeOf(prop.initializer, binder, depth + 1, budget);
        else if (ts.isShorthandPropertyAssignment(prop)) props[name] = shapeOf(prop.name, binder, depth + 1, budget);
        else props[name] = OTHER;
      }
      return { kind: 'object', props, open };
    }
    case SyntaxKind.Identifier:
    case SyntaxKind.PropertyAccessExpression:
    case SyntaxKind.ElementAccessExpression: {
      if (fromEnvironment(node, binder)) return { kind: 'string', text: '', source: 'env' };
      const value = binder.resolve(node);
      // A constant or an object literal of this file, through names and properties.
      if (value.kind === 'expression' && value.node !== node) return shapeOf(value.node, binder, depth + 1, budget);
      return OTHER;
    }
    default:
      return OTHER;
  }
}

/** A part of a concatenation: what we can read of it, or an unknown stretch. */
function stringPart(expr: ts.Expression, binder: Binder, depth: number, budget: { left: number }, known?: DataShape): DataShape {
  const shape = known ?? shapeOf(expr, binder, depth + 1, budget);
  if (shape.kind === 'string') return shape;
  // A number in a URL (`:${port}`) holds no option names.
  if (shape.kind === 'number' || shape.kind === 'boolean') return { kind: 'string', text: String(shape.value), source: 'literal' };
  return { kind: 'string', text: '', source: 'unknown' };
}

function joinStrings(parts: DataShape[]): DataShape {
  let text = '';
  let source: 'literal' | 'env' | 'unknown' = 'literal';
  for (const part of parts) {
    if (part.kind !== 'string') return OTHER;
    text += part.text;
    if (part.source === 'unknown') source = 'unknown';
    else if (part.source === 'env' && source === 'literal') source = 'env';
  }
  return { kind: 'string', text: text.slice(0, MAX_TEXT), source };
}

/** One of two values: strings combine (their texts joined, so a setting in either is seen); anything else must agree. */
function either(a: DataShape, b: DataShape): DataShape {
  if (a.kind === 'string' && b.kind === 'string') return joinStrings([a, { kind: 'string', text: ' ', source: 'literal' }, b]);
  return JSON.stringify(a) === JSON.stringify(b) ? a : OTHER;
}

/** `data` at `path` (object properties), or undefined when the path leaves what is known. */
export function dataAt(data: DataShape | undefined, path: readonly string[]): DataShape | undefined {
  let current = data;
  for (const step of path) {
    if (current?.kind !== 'object') return undefined;
    current = current.props[step];
  }
  return current;
}
