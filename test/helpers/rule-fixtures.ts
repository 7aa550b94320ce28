// Reads rule fixtures: small projects under test/fixtures/rules/<rule-id>/{invalid,valid}/ whose
// expected findings are written under the offending line as `//   ^^^^ rule-id[:messageId]`.
// `<file>.fixed` beside a fixture holds the text expected after applying each finding's first fix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { collectFiles } from '../../server/src/engine/files';
import { loadConfigForRoot } from '../../server/src/engine/config';
import { ruleIds, rules } from '../../server/src/rules/registry';
import type { Finding, LintResult, Severity, TextEdit } from '../../server/src/engine/types';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

export interface Expectation {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  ruleId: string;
  messageId?: string;
}

const ANNOTATION = /^\s*\/\/\s*(\^+)\s+([a-z0-9-]+)(?::(\w+))?\s*$/;

export function parseExpectations(file: string, text: string): Expectation[] {
  const lines = text.split('\n');
  const result: Expectation[] = [];
  let target = 0;
  lines.forEach((lineText, index) => {
    const match = ANNOTATION.exec(lineText);
    if (!match) {
      target = index + 1;
      return;
    }
    const column = lineText.indexOf('^') + 1;
    result.push({ file, line: target, column, endColumn: column + match[1]!.length, ruleId: match[2]!, messageId: match[3] });
  });
  return result;
}

/** Lints a fixture folder as its own project (its own root, so its tests/ and scripts/ count as such). */
export function lintProject(dir: string): LintResult[] {
  // A fixture project may carry its own concurrency-lint.json (workload, settings).
  const loaded = loadConfigForRoot(dir, ruleIds);
  if (!loaded.ok) throw new Error(`${loaded.error.file}:${loaded.error.line}:${loaded.error.column}: ${loaded.error.message}`);
  // Nursery rules are opt-in for users; fixtures test them, so they are switched on here.
  const config = { ...loaded.config, rules: { ...nurseryOn(), ...loaded.config.rules } };
  const engine = new Engine({ root: dir, config });
  for (const file of collectFiles([dir], { root: dir })) engine.loadFile(file);
  return engine.lintAll();
}

/** Every nursery rule at its default severity. */
export function nurseryOn(): Record<string, Severity> {
  return Object.fromEntries(rules.filter((r) => r.meta.nursery).map((r) => [r.meta.id, r.meta.defaultSeverity]));
}

export function expectationsIn(dir: string): Expectation[] {
  return collectFiles([dir], { root: dir }).flatMap((file) => parseExpectations(file, fs.readFileSync(file, 'utf8')));
}

export function asExpectation(finding: Finding, withMessageId: boolean): Expectation {
  return {
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endColumn: finding.line === finding.endLine ? finding.endColumn : -1,
    ruleId: finding.ruleId,
    ...(withMessageId ? { messageId: finding.messageId } : {}),
  };
}

export function relative(expectation: Expectation): string {
  const e = expectation;
  return `${path.relative(FIXTURES, e.file)}:${e.line}:${e.column}-${e.endColumn} ${e.ruleId}${e.messageId ? ':' + e.messageId : ''}`;
}

/** Applies non-overlapping edits (later ones first so offsets stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let result = text;
  let lastStart = Infinity;
  for (const edit of sorted) {
    if (edit.end > lastStart) continue;
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    lastStart = edit.start;
  }
  return result;
}

export function fixtureDirs(ruleId: string): { invalid: string; valid: string } {
  return { invalid: path.join(FIXTURES, ruleId, 'invalid'), valid: path.join(FIXTURES, ruleId, 'valid') };
}
