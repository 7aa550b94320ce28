// Rule fixtures: every rule flags exactly the annotated lines of its `invalid` project, nothing in
// its `valid` project (look-alikes), and its first fix turns each file into the `.fixed` text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { rules } from '../server/src/rules/registry';
import { applyEdits, asExpectation, expectationsIn, fixtureDirs, lintProject, relative } from './helpers/rule-fixtures';

for (const { meta } of rules) {
  const dirs = fixtureDirs(meta.id);

  test(`${meta.id}: flags every annotated line of its invalid fixtures, and nothing else`, () => {
    const expected = expectationsIn(dirs.invalid).filter((e) => e.ruleId === meta.id);
    assert.ok(expected.length > 0, 'the invalid fixtures must expect at least one finding');
    const findings = lintProject(dirs.invalid).flatMap((r) => r.findings).filter((f) => f.ruleId === meta.id);
    const actual = findings.map((f) => relative(asExpectation(f, false)));
    const wanted = expected.map((e) => relative({ ...e, messageId: undefined }));
    assert.deepEqual(actual.sort(), wanted.sort());
    const withIds = expected.filter((e) => e.messageId);
    for (const e of withIds) {
      const match = findings.find((f) => f.file === e.file && f.line === e.line && f.column === e.column);
      assert.equal(match?.messageId, e.messageId, relative(e));
    }
  });

  test(`${meta.id}: reports none of the look-alikes in its valid fixtures`, () => {
    const findings = lintProject(dirs.valid).flatMap((r) => r.findings).filter((f) => f.ruleId === meta.id);
    assert.deepEqual(findings.map((f) => relative(asExpectation(f, false))), []);
  });

  test(`${meta.id}: fixes produce the expected text`, () => {
    const results = lintProject(dirs.invalid);
    let checked = 0;
    for (const result of results) {
      const fixedFile = `${result.file}.fixed`;
      if (!fs.existsSync(fixedFile)) continue;
      const edits = result.findings.filter((f) => f.ruleId === meta.id && f.fixes.length > 0).flatMap((f) => f.fixes[0]!.edits);
      const actual = applyEdits(fs.readFileSync(result.file, 'utf8'), edits);
      assert.equal(actual, fs.readFileSync(fixedFile, 'utf8'), fixedFile);
      checked++;
    }
    if (meta.fixKind !== 'none') assert.ok(checked > 0, 'a rule with fixes needs at least one .fixed fixture');
  });

  test(`${meta.id}: every problem in its fixtures is a finding, not a crash`, () => {
    for (const dir of [dirs.invalid, dirs.valid]) {
      const problems = lintProject(dir).flatMap((r) => r.problems);
      assert.deepEqual(problems, []);
    }
  });
}
