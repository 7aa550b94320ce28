// The bundled example backend (what `npm run demo` lints): every finding sits on a line marked
// `// expect: <rule-id>[, <rule-id>]`, every marked rule is found there, and no `// ok:` look-alike
// is reported.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintProject } from './helpers/rule-fixtures';
import { expectMarkers, okLines } from './vscode/markers';

const example = path.join(__dirname, '..', 'examples', 'express-pg');
const results = lintProject(example);
const key = (file: string, line: number, ruleId: string) => `${path.relative(example, file)}:${line} ${ruleId}`;

test('the example reports exactly its marked lines', () => {
  const actual = results.flatMap((r) => r.findings.map((f) => key(f.file, f.line, f.ruleId))).sort();
  const expected = results.flatMap((r) => expectMarkers(fs.readFileSync(r.file, 'utf8')).map((m) => key(r.file, m.line + 1, m.ruleId))).sort();
  assert.deepEqual(actual, expected);
});

test('the look-alikes marked `// ok:` are not reported', () => {
  for (const result of results) {
    const ok = new Set(okLines(fs.readFileSync(result.file, 'utf8')).map((l) => l + 1));
    assert.deepEqual(result.findings.filter((f) => ok.has(f.line)).map((f) => key(f.file, f.line, f.ruleId)), []);
  }
});

test('the example shows at least the five foundation rules, and no file fails to analyse', () => {
  const rules = new Set(results.flatMap((r) => r.findings.map((f) => f.ruleId)));
  for (const id of ['no-client-per-request', 'require-outbound-timeout', 'require-pool-acquire-timeout', 'no-memory-session-store', 'no-sync-in-request-path']) {
    assert.ok(rules.has(id), `the example shows ${id}`);
  }
  assert.deepEqual(results.flatMap((r) => r.problems), []);
});
