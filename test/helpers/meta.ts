// Reads what the meta test compares against the registry: rule source files, generated docs pages,
// fixture folders, and the findings a rule's documented examples produce.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from '@ts-morph/common';
import { emptyConfig } from '../../server/src/engine/config';
import { nurseryOn } from './rule-fixtures';
import { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/types';
import { DOCS_FOLDER, dedent } from '../../scripts/docs-render';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
export const RULES_FOLDER = path.join(REPOSITORY_ROOT, 'server', 'src', 'rules');
export const RULE_DOCS_FOLDER = path.join(REPOSITORY_ROOT, DOCS_FOLDER);
export const RULE_FIXTURES_FOLDER = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'rules');

export function ruleSourceFile(id: string): string {
  return path.join(RULES_FOLDER, `${id}.ts`);
}

/** Rule files (those that export `rule`), as ids. Helpers such as utils.ts are not rules. */
export function ruleFileIds(): string[] {
  return fs
    .readdirSync(RULES_FOLDER)
    .filter((name) => name.endsWith('.ts') && /^export const rule\b/m.test(fs.readFileSync(path.join(RULES_FOLDER, name), 'utf8')))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
}

export function readTextOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  } catch {
    return undefined;
  }
}

export function docPageNames(): string[] {
  if (!fs.existsSync(RULE_DOCS_FOLDER)) return [];
  return fs.readdirSync(RULE_DOCS_FOLDER).filter((name) => name.endsWith('.md')).sort();
}

/** Files (at any depth) in a rule's fixture subfolder, e.g. `invalid`; empty when it is missing. */
export function fixtureFiles(id: string, kind: 'valid' | 'invalid'): string[] {
  const folder = path.join(RULE_FIXTURES_FOLDER, id, kind);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

/**
 * Message ids the rule's code reports: the string values of every `messageId: …` property, through
 * conditionals (`messageId: kind === 'pool' ? 'poolPerRequest' : 'connectionPerRequest'` gives both).
 */
export function reportedMessageIds(source: string): string[] {
  const ids = new Set<string>();
  const values = (expr: ts.Expression): void => {
    if (ts.isStringLiteralLike(expr)) ids.add(expr.text);
    else if (ts.isConditionalExpression(expr)) [expr.whenTrue, expr.whenFalse].forEach(values);
    else if (ts.isParenthesizedExpression(expr)) values(expr.expression);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'messageId') values(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('rule.ts', source, ts.ScriptTarget.Latest, true));
  return [...ids].sort();
}

/** True when the source names `id` as a quoted string somewhere, i.e. can report it. */
export function mentionsAsString(source: string, id: string): boolean {
  return new RegExp(`['"\`]${id.replace(/[-]/g, '\\-')}['"\`]`).test(source);
}

/** The findings a documented example gets from the whole engine, as application code at src/example.ts. */
export function lintExample(code: string): Finding[] {
  const root = path.join(os.tmpdir(), 'concurrency-lint-doc-example');
  const engine = new Engine({ root, config: { ...emptyConfig(), rules: nurseryOn() } });
  const file = path.join(root, 'src', 'example.ts');
  engine.updateFile(file, dedent(code));
  return engine.lintFile(file).findings;
}
