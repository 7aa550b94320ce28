// The capacity report webview's HTML (client/src/capacity/report-html.ts) rendered in headless
// Chromium under its own Content-Security-Policy, with a stand-in for VS Code's webview API that
// records the messages the page posts. Estimates are real: the engine on examples/express-pg, and
// the model on a hand-written inventory with a pool of each status. Screenshots go to .test-output/.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { estimateCapacity, workloadFor, type CapacityEstimate } from '../server/src/capacity';
import { Engine } from '../server/src/engine/engine';
import { collectFiles } from '../server/src/engine/files';
import { FORM_FIELDS, type ReportEstimate } from '../client/src/capacity/contract';
import { renderReportBody, renderReportHtml } from '../client/src/capacity/report-html';
import { inventory, pgPool, route } from './helpers/capacity-inventory';
import { launchChromium, screenshotPath } from './helpers/chromium';

const EXAMPLE = path.resolve(__dirname, '..', 'examples', 'express-pg');
const NONCE = 'dGVzdC1ub25jZQ==';
const REPORT_URL = 'https://webview.test/report.html';
/** A few of VS Code's Dark Modern colours, as the webview receives them. */
const DARK_THEME = {
  '--vscode-editor-background': '#1f1f1f', '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b', '--vscode-textLink-foreground': '#4daafc', '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
  '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-textCodeBlock-background': '#2b2b2b', '--vscode-badge-foreground': '#ffffff',
};

/** The engine's estimate of a folder; typed as the client's contract, so drift fails the type-check. */
function estimateFolder(root: string, users?: number): ReportEstimate {
  const engine = new Engine({ root });
  for (const file of collectFiles([root], { root, ignorePatterns: [] })) engine.loadFile(file);
  const estimate: CapacityEstimate = engine.estimateCapacity(users === undefined ? [] : [{ input: { users }, provenance: { source: 'config', detail: 'report form' } }]);
  return estimate;
}

/** Three pools (ok, warning, saturated), an unbounded agent and a Redis client. */
function mixedEstimate(): ReportEstimate {
  const inv = inventory(
    [
      pgPool({ id: 'orders-db', file: 'src/db/orders.js', line: 5, size: 10 }),
      pgPool({ id: 'reports-db', file: 'src/db/reports.js', line: 8, size: 25, holds: 'query', sizeSource: { source: 'code', file: 'src/db/reports.js', line: 8 } }),
      pgPool({ id: 'audit-db', file: 'src/db/audit.js', line: 3, size: 200, holds: 'query', sizeSource: { source: 'code', file: 'src/db/audit.js', line: 3 } }),
      { id: 'payments', kind: 'http-agent', library: 'undici', file: 'src/lib/payments.js', line: 12, size: null, sizeSource: { source: 'library-default', library: 'undici', version: '6', detail: 'connections unlimited' }, holds: 'query', usesPerRequest: 1 },
      { id: 'cache', kind: 'redis', library: 'ioredis', file: 'src/cache.js', line: 4, size: 1, sizeSource: { source: 'code' }, holds: 'query', usesPerRequest: 1, multiplexed: true },
    ],
    [
      route('POST', '/orders', [{ resourceId: 'orders-db', count: 1, holdsAcrossRequest: true }, { resourceId: 'payments', count: 1, holdsAcrossRequest: false }]),
      route('GET', '/reports', [{ resourceId: 'reports-db', count: 2, holdsAcrossRequest: false }], 20),
      route('GET', '/audit', [{ resourceId: 'audit-db', count: 1, holdsAcrossRequest: false }], 30),
    ],
  );
  return estimateCapacity(inv, workloadFor(inv, { users: 1000, routes: { 'GET /reports': { holdMs: 23 }, 'GET /audit': { holdMs: 20 } } }));
}

/** A page with the report loaded, recording posted messages and CSP or script errors. */
async function openReport(t: Parameters<typeof launchChromium>[0], estimate: ReportEstimate): Promise<{ page: Page; errors: string[] } | undefined> {
  const browser = await launchChromium(t);
  if (!browser) return undefined;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // The stand-in for VS Code's webview API (a string: this project type-checks without the DOM lib).
  await page.addInitScript({
    content: 'window.messages = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.messages.push(m), getState: () => window.state, setState: (s) => { window.state = s; } });',
  });
  // Served from a made-up origin (never the network): init scripts run on navigation, not on setContent.
  const html = renderReportHtml(estimate, { nonce: NONCE, cspSource: '' });
  await page.route(REPORT_URL, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(REPORT_URL, { waitUntil: 'load' });
  return { page, errors };
}

const messages = (page: Page) => page.evaluate<unknown[]>('window.messages');
const names = (els: unknown[]) => els.map((e) => (e as { name?: string; value?: string; getAttribute(n: string): string | null }).name);
const values = (els: unknown[]) => els.map((e) => (e as { value: string }).value);

test('the example backend’s report: bottleneck first, a row and a bar per resource, the curve, the form', async (t) => {
  const estimate = estimateFolder(EXAMPLE);
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;

  assert.equal(await page.locator('main > *').first().textContent(), 'Concurrency capacity');
  assert.equal(await page.locator('#bottleneck').textContent(), estimate.bottleneck?.sentence);
  assert.match((await page.locator('#bottleneck').textContent()) ?? '', /^The pg pool at src\/db\.js:4 .* is the bottleneck/);

  const rows = page.locator('#resources tr.resource');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-resource-id'))), estimate.resources.map((r) => r.id));
  assert.deepEqual(await rows.locator('a.code-link').allTextContents(), estimate.resources.map((r) => `${r.file}:${r.line}`));
  assert.deepEqual(await rows.locator('.badge').allTextContents(), estimate.resources.map((r) => r.status));
  const limit = estimate.resources.find((r) => r.id === estimate.bottleneck?.resourceId)!;
  assert.equal(await page.locator('tr.resource.is-bottleneck td').nth(3).innerText(), `≈ ${limit.usersSupported}\nneeds ≥ ${limit.recommendedSize} for 1,000`);
  assert.match((await page.locator('tr.is-bottleneck td:nth-child(4) .num').first().getAttribute('title')) ?? '', new RegExp(`U_max = n · ⌊u · c · \\(Z \\+ R\\) / D⌋ = ${limit.usersSupported} users`));
  assert.ok((await page.locator('tr.derivation-row details').count()) >= 1, 'each resource’s derivations expand');

  assert.equal(await page.locator('#users-chart g.bar-row').count(), estimate.resources.length);
  assert.equal(await page.locator('#users-chart rect.bar').count(), estimate.resources.filter((r) => r.usersSupported !== null).length);
  assert.equal(await page.locator('#users-chart .target-line').count(), 1);
  const curve = page.locator(`svg.curve-chart[data-resource-id="${limit.id}"]`);
  assert.equal(await curve.count(), 1);
  assert.equal((await curve.locator('polyline.line-response').getAttribute('points'))?.trim().split(/\s+/).length, limit.curve.length);
  assert.equal(await curve.locator('circle.point').count(), limit.curve.length);

  // The example's GET /health is a probe: listed with its reason, not given a share of the users.
  const excluded = estimate.routes!.filter((r) => !r.userFacing);
  assert.deepEqual(await page.locator('#excluded-routes li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-route'))), excluded.map((r) => r.key));
  assert.deepEqual(excluded.map((r) => r.key), ['GET /health']);
  assert.match((await page.locator('#excluded-routes li').first().textContent()) ?? '', /^GET \/health \(src\/app\.js:21\): probe a health\/readiness\/metrics probe/);

  // Memory: the idle connections plus what the requests in flight may hold (express.json()'s 100 KB), against the limit.
  assert.match((await page.locator('#memory-check').textContent()) ?? '', /^Memory per process: ≈ 70 MB idle; \d+ requests in flight × up to 100 KB \(express\.json\(\) at src\/app\.js:11: body-parser default limit 100kb\): ≤ \d+ MB of 512 MB \(fits\)/);

  const inputs = page.locator('#workload-form input');
  assert.deepEqual(await inputs.evaluateAll(names), [...FORM_FIELDS]);
  assert.equal(await page.locator('#w-users').inputValue(), '1000');
  // The newer workload fields: CPUs (assumed 2, saying so) and the memory limit (512 MB by default).
  assert.equal(await page.locator('#w-cpus').inputValue(), '2');
  assert.match((await page.locator('#w-cpus ~ .source').textContent()) ?? '', /^default: assumed: 2 CPUs/);
  assert.equal(await page.locator('#w-memoryLimitMb').inputValue(), '512');
  assert.match((await page.locator('label[for="w-memoryLimitMb"]').textContent()) ?? '', /^Memory limit \(MB\)$/);
  assert.equal(await page.locator('#workload-form button[type="submit"]').textContent(), 'Estimate');

  await page.screenshot({ path: screenshotPath('capacity-report-example.png'), fullPage: true });
  await page.locator('tr.derivation-row summary').first().click();
  assert.equal(await page.locator('tr.derivation-row details[open] .derivation').first().isVisible(), true);
  await page.locator('#resources-section').screenshot({ path: screenshotPath('capacity-report-derivations.png') });
  assert.deepEqual(errors, [], 'no CSP violations or script errors');
});

test('links, the form and the buttons post messages; an update swaps the report in place', async (t) => {
  const estimate = estimateFolder(EXAMPLE);
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;

  await page.locator('tr.is-bottleneck a.code-link').click();
  await page.locator('#w-users').fill('2000');
  await page.locator('#w-thinkTimeMs').fill('5000');
  await page.locator('#w-cpus').fill('8');
  await page.locator('#w-memoryLimitMb').fill('1024');
  await page.locator('#workload-form button[type="submit"]').click();
  await page.locator('button[data-action="export"]').click();
  await page.locator('button[data-action="reset"]').click();
  assert.deepEqual(await messages(page), [
    { type: 'open', file: 'src/db.js', line: 4 },
    { type: 'estimate', workload: { users: 2000, thinkTimeMs: 5000, cpus: 8, memoryLimitMb: 1024 } },
    { type: 'export' },
    { type: 'reset' },
  ]);

  // DB cores start empty (no default) and are sent once filled; the file descriptor limit has its default.
  assert.deepEqual([await page.locator('#w-databaseCores').inputValue(), await page.locator('#w-databaseCores').getAttribute('required')], ['', null]);
  assert.match((await page.locator('#w-databaseCores ~ .source').textContent()) ?? '', /^not set/);
  assert.equal(await page.locator('#w-fileDescriptorLimit').inputValue(), '1024');
  await page.locator('#w-databaseCores').fill('4');
  await page.locator('#w-fileDescriptorLimit').fill('4096');
  await page.locator('#workload-form button[type="submit"]').click();
  assert.deepEqual((await messages(page)).at(-1), { type: 'estimate', workload: { users: 2000, thinkTimeMs: 5000, cpus: 8, databaseCores: 4, fileDescriptorLimit: 4096, memoryLimitMb: 1024 } });
  await page.locator('#w-databaseCores').fill('');
  await page.locator('#w-fileDescriptorLimit').fill('1024');
  await page.locator('#w-users').fill('-5');
  await page.locator('#workload-form button[type="submit"]').click();
  assert.equal((await messages(page)).length, 5, 'an invalid value is not submitted');
  await page.locator('#w-users').fill('2000');
  await page.locator('#w-cpus').fill('1.5');
  await page.locator('#workload-form button[type="submit"]').click();
  assert.equal((await messages(page)).length, 5, 'a fractional CPU count is not submitted');

  const smaller = estimateFolder(EXAMPLE, 20);
  await page.evaluate(`window.postMessage({ type: 'update', body: ${JSON.stringify(renderReportBody(smaller))}, generation: 2 }, '*')`);
  await page.waitForFunction(`document.querySelector('#w-users')?.getAttribute('value') === '20'`);
  assert.equal(await page.locator('#bottleneck').textContent(), smaller.bottleneck?.sentence ?? 'No pool on the request path limits the number of users in the model (see the notes for what it does not cover).');
  assert.match((await page.locator('#workload .source').first().textContent()) ?? '', /^config: report form$/);
  assert.deepEqual(errors, []);
});

test('several resources: one bar each in its status colour, non-limiting ones labelled, a curve per pool', async (t) => {
  const estimate = mixedEstimate();
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;

  assert.deepEqual(estimate.resources.map((r) => [r.id, r.status, r.usersSupported !== null]), [
    ['orders-db', 'saturated', true],
    ['reports-db', 'warning', true],
    ['audit-db', 'ok', true],
    ['payments', 'ok', false],
    ['cache', 'ok', false],
  ]);
  assert.deepEqual(await page.locator('#users-chart rect.bar').evaluateAll((bars) => bars.map((b) => [b.getAttribute('data-resource-id'), b.getAttribute('class')])), [
    ['orders-db', 'bar status-saturated'],
    ['reports-db', 'bar status-warning'],
    ['audit-db', 'bar status-ok'],
  ]);
  assert.equal(await page.locator('#users-chart text.bar-none').count(), 2);
  assert.deepEqual(await page.locator('#curve-resource option').evaluateAll(values), ['orders-db', 'reports-db', 'audit-db']);
  assert.deepEqual(await page.locator('.curve:not([hidden])').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-curve-for'))), ['orders-db']);
  await page.locator('#curve-resource').selectOption('reports-db');
  assert.deepEqual(await page.locator('.curve:not([hidden])').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-curve-for'))), ['reports-db']);
  await page.locator('#curve-resource').selectOption('orders-db');

  await page.screenshot({ path: screenshotPath('capacity-report-mixed.png'), fullPage: true });
  // The theme's colours come in as CSS variables, as VS Code sets them on the webview's <html>.
  await page.evaluate(`Object.entries(${JSON.stringify(DARK_THEME)}).forEach(([k, v]) => document.documentElement.style.setProperty(k, v))`);
  await page.screenshot({ path: screenshotPath('capacity-report-mixed-dark.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

/** Eight pools deep in long folders, from a tenth to ten times the target; the first collapses near its bar. */
function eightPoolsEstimate(): ReportEstimate {
  const sizes = [5, 10, 20, 40, 80, 150, 300, 600];
  const pools = sizes.map((size, i) => pgPool({ id: `pool-${i}`, file: `src/services/very-long-directory-name/module-${i}/database-connection.js`, line: 5 + i, size, holds: 'query', sizeSource: { source: 'code', file: 'src/x.js', line: 1 } }));
  const routes = sizes.map((_, i) => route('GET', `/r${i}`, [{ resourceId: `pool-${i}`, count: 1, holdsAcrossRequest: false }], 10 + i));
  const inv = inventory(pools, routes);
  const holds = Object.fromEntries(sizes.map((_, i) => [`GET /r${i}`, { holdMs: 20 + 10 * i }]));
  return estimateCapacity(inv, workloadFor(inv, { users: 1000, routes: holds }));
}

/** Pairs of the users chart's labels and markers whose boxes overlap, and those running past its right edge. */
const USERS_CHART_CLASHES = `(() => {
  const svg = document.querySelector('#users-chart');
  const width = svg.viewBox.baseVal.width;
  const items = [...svg.querySelectorAll('text.bar-label, text.bar-value, text.bar-none, path.collapse-marker')].map((el) => {
    const b = el.getBBox();
    return { name: el.getAttribute('class') + ' ' + (el.closest('[data-resource-id]')?.getAttribute('data-resource-id') ?? el.getAttribute('data-resource-id')), x1: b.x, x2: b.x + b.width, y1: b.y, y2: b.y + b.height };
  });
  const clashes = [];
  items.forEach((a, i) => items.slice(i + 1).forEach((b) => {
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) clashes.push(a.name + ' × ' + b.name);
  }));
  items.filter((a) => a.x1 < 0 || a.x2 > width).forEach((a) => clashes.push(a.name + ' outside the chart'));
  return clashes;
})()`;

test('eight pools with long paths: each bar label names its kind, nothing overlaps or runs off the chart', async (t) => {
  const estimate = eightPoolsEstimate();
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;

  const labels = await page.locator('#users-chart text.bar-label').evaluateAll((els) => els.map((el) => el.childNodes[1]?.textContent ?? ''));
  assert.equal(labels.length, 8);
  assert.deepEqual(labels.map((l) => [l.startsWith('pg pool · …'), l.length <= 36]), labels.map(() => [true, true]), labels.join('\n'));
  assert.deepEqual(labels.slice(0, 2), ['pg pool · …/database-connection.js:5', 'pg pool · …/database-connection.js:6']);
  // The full place stays in the label's tooltip.
  assert.equal(await page.locator('#users-chart text.bar-label title').first().textContent(), 'pg pool · src/services/very-long-directory-name/module-0/database-connection.js:5');
  assert.deepEqual(await page.evaluate<string[]>(USERS_CHART_CLASHES), []);
  await page.locator('#users-section').screenshot({ path: screenshotPath('capacity-report-eight-pools.png') });
  assert.deepEqual(errors, []);
});

test('a collapse marker right after a short bar pushes the value past it; a huge value widens the chart', async (t) => {
  const inv = inventory([pgPool({ id: 'db', size: 5 })], [route('POST', '/orders', [{ resourceId: 'db', count: 1, holdsAcrossRequest: true }])]);
  for (const users of [1000, 100_000]) {
    const estimate: ReportEstimate = estimateCapacity(inv, workloadFor(inv, { users }));
    const opened = await openReport(t, estimate);
    if (!opened) return;
    assert.deepEqual(await opened.page.evaluate<string[]>(USERS_CHART_CLASHES), [], `${users} users`);
    assert.deepEqual(opened.errors, []);
  }
  const roomy = estimateCapacity(inv, workloadFor(inv, { users: 1000, thinkTimeMs: 100_000_000 }));
  const opened = await openReport(t, roomy);
  if (!opened) return;
  assert.match((await opened.page.locator('#users-chart text.bar-value').textContent()) ?? '', /^≈ [\d,]{9,} →$/);
  assert.deepEqual(await opened.page.evaluate<string[]>(USERS_CHART_CLASHES), []);
});

test('the curve chart: both axes labelled, ticks alike, and a workload far past the collapse marked at the edge', async (t) => {
  const estimate = estimateFolder(EXAMPLE, 100_000);
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;
  const limit = estimate.resources.find((r) => r.id === estimate.bottleneck?.resourceId)!;
  const curve = page.locator(`svg.curve-chart[data-resource-id="${limit.id}"]`);

  assert.deepEqual(await curve.locator('text.axis-label').allTextContents(), ['concurrent users', 'time per request']);
  // The axis ends a few times past the collapse (295 users), not at 2 × 100,000 where the knee would be a pixel wide.
  const xTicks = (await curve.locator('text.tick[text-anchor]').allTextContents()).filter((t) => !/s$/.test(t));
  assert.ok(Number(xTicks.at(-1)!.replace(/,/g, '')) <= 3 * limit.collapseUsers! * 1.5, xTicks.join(' '));
  assert.equal(await curve.locator('line.workload-line').count(), 0);
  // Node's global agent is a "node global agent", not a "node global agent agent".
  assert.deepEqual(await page.locator('#resources tr.resource td:first-child').allTextContents(), ['pg pool bottleneck', 'ioredis client', 'node global agent']);
  assert.equal(await curve.locator('text.workload-off-chart').evaluate((el) => el.lastChild?.textContent), 'workload 100,000 →');
  await page.locator('#curve-section').screenshot({ path: screenshotPath('capacity-report-curve-far-workload.png') });

  // One user: the y ticks share their decimals (0.0 s, 0.5 s, 1.0 s…), not "0.50 s" beside "1 s".
  const one = await openReport(t, estimateFolder(EXAMPLE, 1));
  if (!one) return;
  const yTicks = (await one.page.locator('svg.curve-chart text.tick').allTextContents()).filter((t) => / (m?s)$/.test(t));
  assert.deepEqual(new Set(yTicks.map((t) => /\.(\d+)/.exec(t)?.[1]?.length ?? 0)).size, 1, yTicks.join(' '));
  assert.match(await one.page.locator('#users-chart text.target-label').textContent() ?? '', /^target 1 user$/);
  assert.deepEqual([...errors, ...one.errors], []);
});

test('a PostgreSQL and a MySQL pool: one database-connections row per database, each against its own limit', async (t) => {
  const inv = inventory(
    [
      pgPool({ id: 'orders-db', file: 'src/db/orders.js', line: 5, size: 60, holds: 'query', database: 'postgresql', sizeSource: { source: 'code', file: 'src/db/orders.js', line: 5 } }),
      { ...pgPool({ id: 'catalogue-db', file: 'src/db/catalogue.js', line: 4, size: 100, holds: 'query', sizeSource: { source: 'code', file: 'src/db/catalogue.js', line: 4 } }), library: 'mysql2', database: 'mysql' },
    ],
    [route('GET', '/orders', [{ resourceId: 'orders-db', count: 1, holdsAcrossRequest: false }]), route('GET', '/catalogue', [{ resourceId: 'catalogue-db', count: 1, holdsAcrossRequest: false }])],
  );
  const estimate: ReportEstimate = estimateCapacity(inv, workloadFor(inv, { users: 100 }));
  const opened = await openReport(t, estimate);
  if (!opened) return;
  const { page, errors } = opened;
  assert.deepEqual(await page.locator('#checks li.fleet-budget').allTextContents(), [
    'Database connections (PostgreSQL): 60 of 97 (fits); with the recommended sizes 60 (fits).',
    'Database connections (MySQL): 100 of 151 (fits); with the recommended sizes 100 (fits).',
  ]);
  assert.match((await page.locator('#checks li.fleet-budget .num').nth(1).getAttribute('title')) ?? '', /MySQL/);
  // The supply side per database too: each database's demand, its cores unknown here.
  assert.deepEqual(await page.locator('#checks li.supply').allTextContents(), [
    'Database supply (PostgreSQL): the workload keeps 10 busy connections; cores unknown (set workload.databaseCores to compare with cores × 2 + spindles).',
    'Database supply (MySQL): the workload keeps 10 busy connections; cores unknown (set workload.databaseCores to compare with cores × 2 + spindles).',
  ]);
  assert.deepEqual(errors, []);
});
