// Fixture coverage: every rule's invalid fixtures cover Express, Fastify, Koa, NestJS, Next.js
// (pages/api and route files) and plain http, in JavaScript and TypeScript, CommonJS and ESM, with
// a cross-file case and a look-alike, unless test/fixtures/rules/coverage.json says why not.
// What the fixtures cover is derived from them by scripts/fixture-coverage.ts (`tsx
// scripts/fixture-coverage.ts <rule-id>` shows which file gives each cell).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { rules } from '../server/src/rules/registry';
import { coverageGaps, readCoveragePolicy, ruleCoverage, staleExemptions } from '../scripts/fixture-coverage';

const policy = readCoveragePolicy();
const ids = rules.map((r) => r.meta.id);

describe('fixture coverage policy', () => {
  it('names only rules of the registry', () => {
    assert.deepEqual([...policy.rules.keys()].filter((id) => !ids.includes(id)), []);
  });
});

for (const id of ids) {
  describe(`${id} fixtures`, () => {
    const coverage = ruleCoverage(id);

    it('cover every framework, language and module format the rule applies to, a cross-file case and a look-alike', () => {
      // A gap: add an invalid fixture there, or an exemption with its reason to coverage.json.
      assert.deepEqual(coverageGaps(coverage, policy), []);
    });

    it('need every exemption they have, and each says why', () => {
      assert.deepEqual(staleExemptions(coverage, policy), []);
    });
  });
}
