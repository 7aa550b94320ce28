// The language server over stdio, as an editor drives it: a real `node dist/server.js --stdio`
// process, a temp copy of test/fixtures/lsp, and JSON-RPC. Protocol plumbing is in
// test/helpers/lsp-client.ts; expected ranges are the `^^^ rule-id` marks inside the fixtures.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  applyEdits,
  copyFixturesForTest,
  editsFor,
  expectedDiagnostics,
  fileProblems,
  isCodeAction,
  LspTestClient,
  messageText,
  ruleDiagnostics,
} from './helpers/lsp-client';

const RULE = 'no-client-per-request';
const DOCS_URL = /\/docs\/rules\/no-client-per-request\.md$/;
const FIX_ALL = 'source.fixAll.concurrencyLint';
const ERROR = 1; // MessageType.Error

test('didOpen publishes the per-request pg Client with rule id, docs link and range; the module-level Pool is not reported', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');

  const diagnostics = await lsp.diagnosticsFor(app);

  assert.deepEqual(ruleDiagnostics(diagnostics), expectedDiagnostics(app.text));
  const [finding] = diagnostics;
  assert.equal(finding?.source, 'concurrency-lint');
  assert.match(finding?.codeDescription?.href ?? '', DOCS_URL);
});

test('"Disable for this line" inserts an indented directive above, and applying it clears the diagnostic', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');
  const [finding] = (await lsp.diagnosticsFor(app)).filter((d) => d.code === RULE);
  assert.ok(finding, `expected a ${RULE} diagnostic`);

  const actions = ((await lsp.codeActions(app, finding.range, [finding])) ?? []).filter(isCodeAction);
  const disable = actions.find((a) => a.title === `Disable ${RULE} for this line`);
  assert.ok(disable, `actions were: ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(disable.kind, 'quickfix');
  const fixed = applyEdits(app.text, editsFor(disable.edit, app.uri));
  assert.match(fixed, /\n {2}\/\/ concurrency-lint-disable-next-line no-client-per-request\n {2}const client = new Client\(\{ statement_timeout: 5000 \}\);/);

  await lsp.change(app, fixed);
  assert.deepEqual(ruleDiagnostics(await lsp.diagnosticsFor(app)), []);
});

test('"Disable for this line" appends the rule id to a directive already above the line, before its reason', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');
  await lsp.diagnosticsFor(app);
  await lsp.change(app, app.text.replace('  const client = new Client({ statement_timeout: 5000 });', '  // concurrency-lint-disable-next-line require-outbound-timeout -- reviewed\n  const client = new Client({ statement_timeout: 5000 });'));
  const [finding] = (await lsp.diagnosticsFor(app)).filter((d) => d.code === RULE);
  assert.ok(finding, `expected a ${RULE} diagnostic`);

  const actions = ((await lsp.codeActions(app, finding.range, [finding])) ?? []).filter(isCodeAction);
  const disable = actions.find((a) => a.title === `Disable ${RULE} for this line`);
  const fixed = applyEdits(app.text, editsFor(disable?.edit, app.uri));
  assert.ok(fixed.includes('\n  // concurrency-lint-disable-next-line require-outbound-timeout, no-client-per-request -- reviewed\n  const client'), fixed);
});

test('the documentation action runs concurrencyLint.showDocumentation, which the server opens externally', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');
  const [finding] = (await lsp.diagnosticsFor(app)).filter((d) => d.code === RULE);
  assert.ok(finding, `expected a ${RULE} diagnostic`);

  const actions = ((await lsp.codeActions(app, finding.range, [finding], ['quickfix'])) ?? []).filter(isCodeAction);
  assert.ok(actions.every((a) => a.kind === 'quickfix'), 'only quickfix actions when only quickfix is asked for');
  const docs = actions.find((a) => a.title === `Show documentation for ${RULE}`);
  assert.equal(docs?.command?.command, 'concurrencyLint.showDocumentation');
  const url = docs?.command?.arguments?.[0] as string;
  assert.match(url, DOCS_URL);

  await lsp.executeCommand('concurrencyLint.showDocumentation', [url]);
  const shown = await lsp.waitFor('window/showDocument', () => lsp.shownDocuments[0]);
  assert.deepEqual(shown, { uri: url, external: true });
});

test('a syntax error gives one file problem and the server still answers for another file', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');
  await lsp.diagnosticsFor(app);

  await lsp.change(app, `${app.text}\nconst = ;\n`);
  const diagnostics = await lsp.diagnosticsFor(app);
  const problems = fileProblems(diagnostics);
  assert.equal(problems.length, 1, JSON.stringify(diagnostics));
  assert.equal(problems[0]?.source, 'concurrency-lint');
  assert.deepEqual(problems[0]?.data, { kind: 'problem', problem: 'parse-error' });

  const health = await lsp.open('src/health.js');
  assert.deepEqual(await lsp.diagnosticsFor(health), []);
  assert.deepEqual(await lsp.codeActions(app, problems[0]!.range, problems), []);
});

test('binary and huge files become one file problem each, without crashing the server', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const binary = await lsp.open('src/logo.js', fs.readFileSync(lsp.file('src/logo.js'), 'latin1'));
  const huge = await lsp.open('src/generated.js', 'module.exports = 1;\n'.repeat(150_000));

  assert.deepEqual((await lsp.diagnosticsFor(binary)).map((d) => d.data), [{ kind: 'problem', problem: 'binary' }]);
  assert.deepEqual((await lsp.diagnosticsFor(huge)).map((d) => d.data), [{ kind: 'problem', problem: 'too-large' }]);
  const health = await lsp.open('src/health.js');
  assert.deepEqual(await lsp.diagnosticsFor(health), []);
  assert.ok(lsp.isRunning);
});

test('a broken concurrency-lint.json is shown once as an error with its position; linting goes on with the defaults; fixing it recovers', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg', 'broken-config'] });

  const message = await lsp.waitFor('an error message', () => lsp.messages.find((m) => m.type === ERROR));
  assert.match(message.message, /concurrency-lint\.json:3:5 unknown rule "no-such-rule"/);

  const app = await lsp.open('src/app.js');
  assert.deepEqual(ruleDiagnostics(await lsp.diagnosticsFor(app)), expectedDiagnostics(app.text));

  const config = await lsp.open('concurrency-lint.json');
  const [configDiagnostic] = await lsp.diagnosticsFor(config);
  assert.deepEqual(configDiagnostic?.range.start, { line: 2, character: 4 });
  assert.match(messageText(configDiagnostic), /unknown rule "no-such-rule"/);

  fs.writeFileSync(lsp.file('concurrency-lint.json'), JSON.stringify({ rules: { [RULE]: 'warn' } }));
  await lsp.filesChanged([{ uri: config.uri, type: 2 /* Changed */ }]);
  await lsp.waitFor('status ok', () => (lsp.statuses.at(-1)?.state === 'ok' ? true : undefined));
  const warnings = await lsp.diagnosticsUntil(app.uri, 'severity from the fixed config', (d) => d.some((x) => x.code === RULE && x.severity === 2));
  assert.equal(warnings.length, 1);
  assert.equal(lsp.messages.filter((m) => m.type === ERROR).length, 1, 'the error is shown once');
});

test('workspace/configuration rules override: "off" removes the diagnostic, enable: false removes everything', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const app = await lsp.open('src/app.js');
  assert.notDeepEqual(ruleDiagnostics(await lsp.diagnosticsFor(app)), []);

  await lsp.changeSettings({ rules: { [RULE]: 'off' } });
  await lsp.diagnosticsUntil(app.uri, `no ${RULE}`, (d) => !d.some((x) => x.code === RULE));

  await lsp.changeSettings({ rules: { [RULE]: 'info' } });
  await lsp.diagnosticsUntil(app.uri, `${RULE} as information`, (d) => d.some((x) => x.code === RULE && x.severity === 3));

  await lsp.changeSettings({ enable: false });
  await lsp.diagnosticsUntil(app.uri, 'nothing', (d) => d.length === 0);
});

test('source.fixAll.concurrencyLint applies only safe fixes: the pool hoist (a suggestion) is offered as a quick fix only', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const reports = await lsp.open('src/reports.js');
  const diagnostics = await lsp.diagnosticsFor(reports);
  assert.deepEqual(ruleDiagnostics(diagnostics), expectedDiagnostics(reports.text));

  const quickFixes = ((await lsp.codeActions(reports, diagnostics[0]!.range, diagnostics)) ?? []).filter(isCodeAction);
  const hoist = quickFixes.find((a) => a.edit && !a.title.startsWith('Disable'));
  assert.ok(hoist, `expected the hoist suggestion among: ${quickFixes.map((a) => a.title).join(', ')}`);
  assert.notEqual(hoist.isPreferred, true, 'a suggestion is never the preferred fix');

  const safeEdits = quickFixes.filter((a) => a.isPreferred).flatMap((a) => editsFor(a.edit, reports.uri));
  for (const only of [[FIX_ALL], ['source.fixAll']]) {
    const fixAll = ((await lsp.codeActions(reports, diagnostics[0]!.range, [], only)) ?? []).filter(isCodeAction);
    assert.ok(fixAll.every((a) => a.kind === FIX_ALL));
    for (const edit of fixAll.flatMap((a) => editsFor(a.edit, reports.uri))) assert.ok(safeEdits.some((e) => isDeepStrictEqual(e, edit)), `unsafe edit in fixAll: ${JSON.stringify(edit)}`);
    const text = fixAll.reduce((current, action) => applyEdits(current, editsFor(action.edit, reports.uri)), reports.text);
    assert.ok(text.includes(`router.get('/reports', async (req, res) => {\n  const reportsPool = new Pool(`), 'the pool stays in the handler');
  }
});

test('a file outside every workspace folder is linted on its own', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const elsewhere = copyFixturesForTest(t, ['express-pg']);
  const outside = await lsp.open(path.join(elsewhere, 'src', 'app.js'));

  assert.deepEqual(ruleDiagnostics(await lsp.diagnosticsFor(outside)), expectedDiagnostics(outside.text));
});

test('concurrencyLint.lintWorkspace publishes diagnostics for files that are not open, with progress', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });

  await lsp.executeCommand('concurrencyLint.lintWorkspace');

  const reportsText = fs.readFileSync(lsp.file('src/reports.js'), 'utf8');
  const diagnostics = await lsp.diagnosticsUntil(lsp.uri('src/reports.js'), 'a finding', (d) => d.length > 0);
  assert.deepEqual(ruleDiagnostics(diagnostics), expectedDiagnostics(reportsText));
  const kinds = lsp.progress.map((p) => (p as { value: { kind: string } }).value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
});

test('a changed .sql schema file is read again: a column made UNIQUE there turns its lookup into a one-row read', async (t) => {
  const lsp = await LspTestClient.start(t, { fixtures: ['express-pg'] });
  const schema = lsp.file('db/members.sql');
  fs.mkdirSync(path.dirname(schema), { recursive: true });
  fs.writeFileSync(schema, 'CREATE TABLE members (id serial PRIMARY KEY, nickname text);\n');
  const route = await lsp.open(
    'src/members.js',
    [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      'const pool = new Pool({ max: 10, connectionTimeoutMillis: 5000 });',
      'const router = express.Router();',
      "router.get('/members/:nickname', async (req, res) => {",
      "  const { rows } = await pool.query('SELECT * FROM members WHERE nickname = $1', [req.params.nickname]);",
      '  res.json(rows[0]);',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
  );
  const unbounded = (d: readonly { code?: string | number }[]) => d.filter((x) => x.code === 'no-unbounded-query').length;
  assert.equal(unbounded(await lsp.diagnosticsFor(route)), 1);

  fs.writeFileSync(schema, 'CREATE TABLE members (id serial PRIMARY KEY, nickname text UNIQUE);\n');
  await lsp.filesChanged([{ uri: lsp.uri('db/members.sql'), type: 2 /* Changed */ }]);
  await lsp.diagnosticsUntil(route.uri, 'the lookup by a unique nickname no longer reported', (d) => unbounded(d) === 0);
});
