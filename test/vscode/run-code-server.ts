// Runs the extension tests (test/vscode/suite, bundled to dist/test/vscode/suite by
// scripts/e2e/build-tests.mjs) inside a real VS Code extension host without downloading VS Code:
// code-server with the smoke-test driver, the workbench opened in headless Chromium with the
// extensionDevelopmentPath/extensionTestsPath payload, on a temp copy of examples/express-pg. The
// workbench calls window.codeAutomationExit(code) when the suite's run() settles; we exit with it.
//
//   node --import tsx test/vscode/run-code-server.ts     (after `npm run build` and the installer)
//
// runIntegrationSuite() is also what test/vscode/e2e/integration.e2e.ts calls to report each test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { ConsoleMessage } from 'playwright-core';
import { CodeServer, copyExample, launchBrowser, REPO_ROOT, remoteUri, Sandbox, TEST_OUTPUT, waitFor } from './code-server';

/** Same as RESULT_PREFIX in suite/index.ts (not imported: that module needs `vscode` and mocha). */
const RESULT_PREFIX = '[concurrency-lint-test-result]';
const SUITE_INDEX = path.join(REPO_ROOT, 'dist', 'test', 'vscode', 'suite', 'index.js');
const SUITE_TIMEOUT_MS = 5 * 60_000;

export interface SuiteTestResult {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  duration?: number;
  error?: string;
}

export interface SuiteRun {
  exitCode: number;
  results: SuiteTestResult[];
  /** Everything the page logged (the extension host's console and mocha's spec output). */
  log: string;
}

export async function runIntegrationSuite(options: { example?: string; echo?: boolean } = {}): Promise<SuiteRun> {
  for (const file of [path.join(REPO_ROOT, 'dist', 'client.js'), path.join(REPO_ROOT, 'dist', 'server.js'), SUITE_INDEX]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build && node scripts/e2e/build-tests.mjs\``);
  }
  const sandbox = new Sandbox('integration');
  const lines: string[] = [];
  const results: SuiteTestResult[] = [];
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    const workspace = copyExample(sandbox, options.example ?? 'express-pg');
    server = await CodeServer.start({ sandbox, workspace, smokeTestDriver: true });
    browser = await launchBrowser(sandbox);
    const { page } = browser;

    let exitCode: number | undefined;
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    // In order: formatting a message awaits its arguments.
    let consoleQueue = Promise.resolve();
    page.on('console', (message) => {
      consoleQueue = consoleQueue.then(async () => {
        const text = await consoleText(message);
        const at = text.indexOf(RESULT_PREFIX);
        if (at >= 0) {
          results.push(JSON.parse(text.slice(at + RESULT_PREFIX.length)) as SuiteTestResult);
          return;
        }
        lines.push(text);
        if (options.echo) console.log(text);
      });
    });
    page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
      ['extensionTestsPath', remoteUri(server, SUITE_INDEX)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    try {
      await waitFor('the extension tests to finish (window.codeAutomationExit)', () => exitCode !== undefined, SUITE_TIMEOUT_MS, 250);
    } catch (e) {
      fs.mkdirSync(TEST_OUTPUT, { recursive: true });
      await page.screenshot({ path: path.join(TEST_OUTPUT, 'integration-timeout.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n--- page console ---\n${lines.join('\n')}\n--- code-server ---\n${server.log()}`);
    }
    await consoleQueue;
    return { exitCode: exitCode!, results, log: lines.join('\n') };
  } finally {
    await browser?.context.close().catch(() => undefined);
    await server?.stop();
    sandbox.dispose();
  }
}

/**
 * The text of a console message as the extension host wrote it. The workbench forwards the host's
 * console as `console.log('%c INFO', 'color: …', ...original arguments)`: drop that prefix and
 * apply the original format string (mocha's reporter uses `%s`/`%d`).
 */
async function consoleText(message: ConsoleMessage): Promise<string> {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
  if (values.length === 0) return message.text();
  if (typeof values[0] === 'string' && /^%c\s*(INFO|WARN|ERR|DEBUG|TRACE)\b/.test(values[0])) values.splice(0, 2);
  return values.length === 0 ? '' : format(...(values as [unknown, ...unknown[]]));
}

if (require.main === module) {
  runIntegrationSuite({ echo: true }).then(
    (run) => {
      const failed = run.results.filter((r) => r.state === 'failed').length;
      const passed = run.results.filter((r) => r.state === 'passed').length;
      console.log(`\nextension tests: ${passed} passed, ${failed} failed; exit code ${run.exitCode}`);
      process.exit(run.exitCode);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
