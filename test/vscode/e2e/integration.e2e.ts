// The extension tests (test/vscode/suite) in a code-server extension host, reported to the node
// test runner one subtest per mocha test. Needs `npm run build`, scripts/e2e/build-tests.mjs and
// scripts/e2e/install-code-server.sh; `npm run test:e2e` does all of it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runIntegrationSuite } from '../run-code-server';

test('extension tests in a VS Code extension host (code-server)', async (t) => {
  const run = await runIntegrationSuite();
  assert.ok(run.results.length > 0, `the suite reported no test (exit code ${run.exitCode}):\n${run.log}`);
  for (const result of run.results) {
    await t.test(result.title, (sub) => {
      if (result.state === 'skipped') sub.skip();
      if (result.state === 'failed') throw new Error(result.error ?? 'failed');
    });
  }
  if (run.exitCode !== 0) t.diagnostic(run.log);
  assert.equal(run.exitCode, 0, 'window.codeAutomationExit reported a failure');
});
