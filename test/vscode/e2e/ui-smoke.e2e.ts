// The packaged extension as a person meets it: concurrency-lint.vsix installed into code-server
// with --install-extension, the example opened in headless Chromium, then the keyboard: open
// src/db.js, see the squiggle and the Problems entry with our rule id, Ctrl+. on the finding,
// apply the quick fix, see the status item, run Analyse Workspace from the command palette.
// Screenshots of each step go to
// .test-output/ui-smoke/ (git-ignored) as artifacts. Needs `npm run package` first.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CodeServer, copyExample, launchBrowser, REPO_ROOT, Sandbox, TEST_OUTPUT, waitFor } from '../code-server';

const VSIX = path.join(REPO_ROOT, 'concurrency-lint.vsix');
const SHOTS = path.join(TEST_OUTPUT, 'ui-smoke');
const RULE = 'require-pool-acquire-timeout';
const FIX_TITLE = /connectionTimeoutMillis/;
const TIMEOUT = 30_000;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Waits until `locator` has a first match and returns it. */
async function visible(locator: Locator, description: string): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: TIMEOUT }).catch((e: Error) => {
    throw new Error(`${description} did not appear: ${e.message.split('\n')[0]}`);
  });
  return locator.first();
}

test('the packaged .vsix in code-server: squiggle, Problems entry, quick fix from the keyboard, status item', async (t) => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\``);
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const sandbox = new Sandbox('ui-smoke');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  t.after(async () => {
    await browser?.context.close().catch(() => undefined);
    await server?.stop();
    sandbox.dispose();
  });

  const workspace = copyExample(sandbox, 'express-pg');
  server = await CodeServer.start({
    sandbox,
    workspace,
    vsix: VSIX,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.lightbulb.enabled': 'on' },
  });
  const installed = fs.readdirSync(sandbox.path('extensions'));
  assert.ok(installed.some((d) => d.startsWith('concurrency-lint.concurrency-lint-')), `installed: ${installed.join(', ')}`);

  browser = await launchBrowser(sandbox);
  const { page } = browser;
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await visible(page.locator('.monaco-workbench'), 'the workbench');
    await visible(page.locator('.explorer-folders-view .monaco-list-row'), 'the explorer');

    // Open src/db.js with Quick Open, as a user would.
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+P');
    const quickOpen = await visible(page.locator('.quick-input-widget input'), 'Quick Open');
    await quickOpen.fill('src/db.js');
    await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'db.js' }), 'db.js in Quick Open');
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .view-lines');
    await visible(editor.filter({ hasText: 'new Pool' }), 'src/db.js in the editor');

    // The squiggle under `Pool`, from the installed extension's server.
    await visible(page.locator('.editor-instance').locator('.squiggly-warning, .squiggly-error'), 'a squiggle');
    const status = await visible(page.locator('.statusbar-item', { hasText: 'Concurrency Lint' }), 'the status item');
    await waitFor('the status item to count findings', async () => /Concurrency Lint: \d+/.test((await status.innerText()).trim()), TIMEOUT);
    await shot(page, '1-squiggle-and-status');

    // The Problems panel lists the finding with our rule id.
    await page.keyboard.press('Control+Shift+M');
    await visible(page.locator('.markers-panel .monaco-list-row', { hasText: RULE }), `a Problems entry for ${RULE}`);
    await shot(page, '2-problems-panel');

    // Back in the editor: cursor on the finding (line 4, `Pool`), Ctrl+. opens the light bulb menu.
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await (await visible(page.locator('.quick-input-widget input'), 'Go to Line')).fill(':4:18');
    await page.keyboard.press('Enter');
    await visible(page.locator('.statusbar-item', { hasText: 'Ln 4, Col 18' }), 'the cursor on line 4, column 18');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
    // The light bulb shows once the code actions at the cursor are known; then Ctrl+. once (a
    // second Ctrl+. while the menu opens would act on it).
    await visible(page.locator('.editor-instance .lightBulbWidget'), 'the light bulb');
    await page.keyboard.press('Control+.');
    const menu = await visible(page.locator('.action-widget:not(.action-list-submenu-panel)'), 'the quick fix menu');
    await visible(menu.locator('.monaco-list-row', { hasText: FIX_TITLE }), 'our fix in the quick fix menu');
    await visible(menu.locator('.monaco-list-row', { hasText: `Disable ${RULE} for this line` }), '"Disable for this line"');
    await shot(page, '3-quick-fix-menu');

    // Choose the fix with the arrow keys and Enter.
    for (let i = 0; i < 15; i++) {
      const focused = menu.locator('.monaco-list-row.focused');
      if (FIX_TITLE.test(await focused.innerText().catch(() => ''))) break;
      await page.keyboard.press('ArrowDown');
    }
    assert.match(await menu.locator('.monaco-list-row.focused').innerText(), FIX_TITLE);
    await page.keyboard.press('Enter');

    await visible(editor.filter({ hasText: 'connectionTimeoutMillis' }), 'the fixed text in the editor');
    await waitFor(
      `the Problems entry for ${RULE} to go`,
      async () => (await page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).count()) === 0,
      TIMEOUT,
    );
    await shot(page, '4-fix-applied');

    // "Analyse Workspace" from the command palette: findings of files never opened join the Problems panel.
    await page.keyboard.press('F1');
    await (await visible(page.locator('.quick-input-widget input'), 'the command palette')).fill('>Concurrency Lint: Analyse Workspace');
    await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: 'Analyse Workspace' }), 'the command in the palette');
    await page.keyboard.press('Enter');
    await visible(page.locator('.markers-panel .monaco-list-row', { hasText: 'no-client-per-request' }), 'findings of closed files in Problems');
    await waitFor('the status item to count them', async () => /Concurrency Lint: [1-9]\d*/.test(await status.innerText()), TIMEOUT);
    await shot(page, '5-analyse-workspace');
  } catch (e) {
    await shot(page, 'failure').catch(() => undefined);
    throw e;
  }
});
