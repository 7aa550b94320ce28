// The capacity estimate over LSP, as an editor drives it: the built server over stdio on a temp
// copy of test/fixtures/lsp/capacity (a pool of 10, one route holding a connection per request).
// The `concurrencyLint/estimateCapacity` request, the code lens above the pool, the hover with the
// arithmetic, the `concurrencyLint.workload` setting, and the summary for clients without the report.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver/node';
import type { EstimateCapacityResult } from '../server/src/lsp/protocol';
import { LspTestClient } from './helpers/lsp-client';

const FIXTURE = ['capacity'];
/** `const pool = new Pool({ max: 10 });` in src/db.js: line 3 (0-based), `Pool` at 17–21. */
const POOL_RANGE = { start: { line: 3, character: 17 }, end: { line: 3, character: 21 } };

test('concurrencyLint/estimateCapacity answers the estimate, its Markdown and the folder', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const result = await lsp.request<EstimateCapacityResult>('concurrencyLint/estimateCapacity', { uri: lsp.uri('src/app.js') });

  assert.equal(result.folderUri.replace(/\/$/, ''), lsp.uri('.').replace(/\/$/, ''));
  assert.equal(result.estimate.schemaVersion, 1);
  const pool = result.estimate.resources.find((r) => r.file === 'src/db.js');
  assert.deepEqual(
    { size: pool?.size, line: pool?.line, usersSupported: pool?.usersSupported, recommendedSize: pool?.recommendedSize, status: pool?.status },
    { size: 10, line: 4, usersSupported: 85, recommendedSize: 118, status: 'saturated' },
  );
  assert.equal(result.estimate.bottleneck?.resourceId, pool?.id);
  assert.match(result.markdown, /^# Concurrency capacity\n/);
});

test('the request’s workload overrides the defaults and says it came from the report form', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const result = await lsp.request<EstimateCapacityResult>('concurrencyLint/estimateCapacity', { folder: lsp.uri('.'), workload: { users: 50, thinkTimeMs: 'slow' } });

  assert.equal(result.estimate.workload.users.value, 50);
  assert.equal(result.estimate.workload.users.source, 'config: report form');
  assert.equal(result.estimate.workload.thinkTimeMs.value, 1800, 'a value of the wrong type is dropped');
  assert.equal(result.estimate.resources[0]?.status, 'ok');

  // The form's database cores and file descriptor limit reach the supply-side and descriptor checks.
  const checked = await lsp.request<EstimateCapacityResult>('concurrencyLint/estimateCapacity', { folder: lsp.uri('.'), workload: { databaseCores: 4, fileDescriptorLimit: 4096 } });
  assert.deepEqual([checked.estimate.workload.databaseCores?.value, checked.estimate.workload.databaseCores?.source, checked.estimate.checks.supply?.efficientConnections], [4, 'config: report form', 9]);
  assert.deepEqual([checked.estimate.checks.fileDescriptors.limit, checked.estimate.checks.fileDescriptors.fits], [4096, true]);
});

test('a code lens above the pool gives its size, the users it supports and the size the workload needs', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const db = await lsp.open('src/db.js');
  const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: db.uri } });

  assert.deepEqual(
    lenses.map((l) => ({ range: l.range, title: l.command?.title, command: l.command?.command, arguments: l.command?.arguments })),
    [{ range: POOL_RANGE, title: 'max 10 · ≈ 85 users at this workload · needs ≥ 118 for 1,000 users', command: 'concurrencyLint.estimateCapacity', arguments: [db.uri] }],
  );
  const app = await lsp.open('src/app.js');
  assert.deepEqual(await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: app.uri } }), [], 'no lens in a file without resources');
});

test('hovering the pool’s callee shows the arithmetic; elsewhere there is no hover', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const db = await lsp.open('src/db.js');
  const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: db.uri }, position: { line: 3, character: 19 } });

  assert.ok(hover, 'a hover on `Pool`');
  assert.deepEqual(hover.range, POOL_RANGE);
  const value = (hover.contents as MarkupContent).value;
  assert.equal((hover.contents as MarkupContent).kind, 'markdown');
  assert.match(value, /is the bottleneck/);
  assert.match(value, /\*\*Users supported at utilisation ≤ 0\.85\*\* = \*\*85 users\*\*/);
  assert.match(value, /`U_max = n · ⌊u · c · \(Z \+ R\) \/ D⌋`/);
  assert.match(value, /- c = 10 units — code/);
  assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri: db.uri }, position: { line: 5, character: 3 } }), null);
});

test('hovering the pool’s size option (`max: 10`, name or value) shows the same arithmetic', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const db = await lsp.open('src/db.js');
  const at = (character: number) => lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: db.uri }, position: { line: 3, character } });
  const onPool = await at(19);

  for (const character of [25, 30]) {
    const hover = await at(character);
    assert.ok(hover, `a hover at ${character}`);
    assert.deepEqual(hover.range, { start: { line: 3, character: 24 }, end: { line: 3, character: 31 } }, 'the whole `max: 10`');
    assert.equal((hover.contents as MarkupContent).value, (onPool!.contents as MarkupContent).value);
  }
  assert.equal(await at(33), null, 'past the options');
});

test('the concurrencyLint.workload setting moves the lens; codeLens.enable: false and enable: false remove it', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE, settings: { workload: { users: 50 } } });
  const db = await lsp.open('src/db.js');
  const lens = async () => (await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: db.uri } })).map((l) => l.command?.title);

  assert.deepEqual(await lens(), ['max 10 · ≈ 85 users at this workload · enough for 50 users']);
  await lsp.changeSettings({ workload: { users: 2000, instances: 2 } });
  assert.deepEqual(await lens(), ['max 10 · ≈ 170 users at this workload · needs ≥ 118 for 2,000 users']);
  await lsp.changeSettings({ workload: { users: 2000, instances: 2 }, codeLens: { enable: false } });
  assert.deepEqual(await lens(), []);
  await lsp.changeSettings({ workload: { users: 2000, instances: 2 } });
  assert.deepEqual(await lens(), ['max 10 · ≈ 170 users at this workload · needs ≥ 118 for 2,000 users']);
  await lsp.changeSettings({ enable: false });
  assert.deepEqual(await lens(), []);
});

test('a client without the report gets the bottleneck sentence when it runs the lens command', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: FIXTURE });
  const db = await lsp.open('src/db.js');
  await lsp.executeCommand('concurrencyLint.estimateCapacity', [db.uri]);

  const message = await lsp.waitFor('the summary message', () => lsp.messages.find((m) => /bottleneck/.test(m.message)));
  assert.match(message.message, /^The pg pool at src\/db\.js:4 \(size 10\) is the bottleneck: it supports ≈ 85 users/);
});
