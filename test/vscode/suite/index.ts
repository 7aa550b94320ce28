// The extension tests' entry point, with the contract of @vscode/test-electron: VS Code loads this
// module in the extension host (extensionTestsPath) and calls run(); the promise settles when
// mocha is done and rejects when a test failed. Besides mocha's spec output, each test's outcome
// is logged as one `RESULT_PREFIX {json}` line, which run-code-server.ts reads from the page
// console to report every test to the node test runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_PREFIX = '[concurrency-lint-test-result]';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // CONCURRENCY_LINT_TEST_GREP narrows the run to matching tests (handy while debugging one test).
  if (process.env.CONCURRENCY_LINT_TEST_GREP) mocha.grep(process.env.CONCURRENCY_LINT_TEST_GREP);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} of the extension tests failed`));
      else resolve();
    });
    const report = (state: string, test: Mocha.Runnable, error?: Error): void => {
      const title = test.titlePath().join(' › ');
      console.log(`${RESULT_PREFIX} ${JSON.stringify({ title, state, duration: test.duration, error: error?.stack ?? error?.message })}`);
    };
    runner.on('pass', (test) => report('passed', test));
    runner.on('fail', (test, error: Error) => report('failed', test, error));
    runner.on('pending', (test) => report('skipped', test));
  });
}
