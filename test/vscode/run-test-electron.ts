// Runs the extension tests (test/vscode/suite) with @vscode/test-electron, the usual way on a
// machine that can download VS Code (`npm run test:vscode`; VSCODE_VERSION picks a version, default
// stable). Same suite, same temp copy of examples/express-pg as the code-server launcher
// (run-code-server.ts), which CI uses because these machines cannot download VS Code.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyExample, REPO_ROOT, Sandbox, TEST_OUTPUT } from './code-server';

async function main(): Promise<void> {
  const sandbox = new Sandbox('test-electron');
  try {
    const workspace = copyExample(sandbox, 'express-pg');
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: path.join(TEST_OUTPUT, 'vscode-test'),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'dist', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { CONCURRENCY_LINT_TEST_GREP: process.env.CONCURRENCY_LINT_TEST_GREP ?? '' },
    });
  } finally {
    sandbox.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
