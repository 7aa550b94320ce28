// Meta-tests: the registry, the rule files, the generated docs pages and the fixture folders must
// agree. Adding a rule without its docs or fixtures, or renaming one halfway, fails here.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { rules } from '../server/src/rules/registry';
import { DOCS_FOLDER, INDEX_FILE, renderIndex, renderRulePage } from '../scripts/docs-render';
import { fixtureCoverageTable } from '../scripts/fixture-coverage';
import {
  RULE_DOCS_FOLDER,
  docPageNames,
  fixtureFiles,
  lintExample,
  mentionsAsString,
  readTextOrUndefined,
  reportedMessageIds,
  ruleFileIds,
  ruleSourceFile,
} from './helpers/meta';

const CATEGORIES = ['pooling', 'timeouts', 'shared-state', 'memory', 'event-loop'];
const SEVERITIES = ['error', 'warning', 'info'];
const FIX_KINDS = ['safe', 'suggestion', 'none'];
const SCOPES = ['request-path', 'application'];
const RULE_ID = /^(no|require)-[a-z0-9]+(-[a-z0-9]+)*$/;
/** Ids allowed to break the `no-…`/`require-…` convention, each with the reason. */
const NAMING_EXCEPTIONS: Record<string, string> = {
  'pool-size-for-workload': 'a relation between the code and the workload, named by the capacity feature',
  'pool-within-database-limit': 'a relation between the fleet and the database, named by the capacity feature',
};
const REGENERATE = 'run `npm run docs`';

const metas = rules.map((r) => r.meta);
const ids = metas.map((m) => m.id);

describe('registry', () => {
  it('lists at least one rule, each id once', () => {
    assert.ok(ids.length > 0, 'the registry is empty');
    assert.deepEqual([...new Set(ids)], ids, 'duplicate rule ids');
  });

  it('lists every rule file in server/src/rules', () => {
    assert.deepEqual(ruleFileIds(), [...ids].sort());
  });

  it('has a docs index equal to the generated one', () => {
    assert.equal(readTextOrUndefined(path.join(RULE_DOCS_FOLDER, INDEX_FILE)), renderIndex(metas, fixtureCoverageTable(metas)), REGENERATE);
  });

  it('is listed whole in the README', () => {
    const readme = readTextOrUndefined(path.join(__dirname, '..', 'README.md')) ?? '';
    assert.deepEqual(ids.filter((id) => !readme.includes(`(docs/rules/${id}.md)`)), [], 'rules missing from README.md');
  });

  it('has no docs page without a rule', () => {
    const expected = [INDEX_FILE, ...ids.map((id) => `${id}.md`)].sort();
    assert.deepEqual(docPageNames(), expected, `pages in ${DOCS_FOLDER} and rules differ; ${REGENERATE}`);
  });
});

for (const meta of metas) {
  describe(meta.id, () => {
    const source = readTextOrUndefined(ruleSourceFile(meta.id));

    it('lives in server/src/rules/<id>.ts', () => {
      assert.ok(source !== undefined, `missing ${ruleSourceFile(meta.id)}`);
    });

    it('has a kebab-case id starting with no- or require-', () => {
      assert.ok(RULE_ID.test(meta.id) || meta.id in NAMING_EXCEPTIONS, meta.id);
    });

    it('has a known category, severity, fix kind and scope', () => {
      assert.ok(CATEGORIES.includes(meta.category), `category ${meta.category}`);
      assert.ok(SEVERITIES.includes(meta.defaultSeverity), `severity ${meta.defaultSeverity}`);
      assert.ok(FIX_KINDS.includes(meta.fixKind), `fixKind ${meta.fixKind}`);
      assert.ok(SCOPES.includes(meta.scope), `scope ${meta.scope}`);
    });

    it('documents what, why, bad, good and when not to use it', () => {
      for (const [field, text] of Object.entries(meta.docs)) assert.ok(text.trim().length > 0, `docs.${field} is empty`);
    });

    it('reports only the message ids it declares, and declares none it never reports', () => {
      const declared = Object.keys(meta.messages).sort();
      assert.ok(declared.length > 0, 'no messages');
      for (const id of reportedMessageIds(source ?? '')) assert.ok(declared.includes(id), `reports undeclared messageId "${id}"`);
      for (const id of declared) assert.ok(mentionsAsString(source ?? '', id), `message "${id}" is never reported`);
    });

    it('has a docs page equal to the generated one', () => {
      const page = readTextOrUndefined(path.join(RULE_DOCS_FOLDER, `${meta.id}.md`));
      assert.ok(page !== undefined, `missing ${DOCS_FOLDER}/${meta.id}.md; ${REGENERATE}`);
      assert.equal(page, renderRulePage(meta), REGENERATE);
    });

    it('has non-empty valid and invalid fixture folders', () => {
      assert.ok(fixtureFiles(meta.id, 'invalid').length > 0, `no files in test/fixtures/rules/${meta.id}/invalid`);
      assert.ok(fixtureFiles(meta.id, 'valid').length > 0, `no files in test/fixtures/rules/${meta.id}/valid`);
    });

    it('is reported on its bad docs example with declared messages, and not on its good one', () => {
      const bad = lintExample(meta.docs.bad).filter((f) => f.ruleId === meta.id);
      assert.ok(bad.length > 0, 'the bad example is not reported');
      for (const finding of bad) assert.ok(finding.messageId in meta.messages, `undeclared messageId "${finding.messageId}"`);
      assert.deepEqual(lintExample(meta.docs.good).filter((f) => f.ruleId === meta.id), [], 'the good example is reported');
    });
  });
}
