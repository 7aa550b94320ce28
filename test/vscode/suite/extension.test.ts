// The extension in a real VS Code extension host, on a temp copy of examples/express-pg: what a
// user sees through the API (diagnostics, code actions, settings, concurrency-lint.json, status,
// commands). Expectations come from the example's `// expect: <rule-id>` and `// ok:` markers
// (test/vscode/markers.ts); findings of rules the example never marks are not compared.
// Each test leaves the workspace as it found it. Every wait polls with a deadline.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  activateExtension,
  codeActions,
  coveredRules,
  expectMarkers,
  FIX_ALL_KIND,
  fileUri,
  findingKeys,
  findings,
  markedFiles,
  markerKeys,
  okLines,
  openDocument,
  restore,
  ruleIdOf,
  ruleIds,
  setSetting,
  setText,
  SOURCE,
  waitFor,
  waitForFindings,
  type ExtensionApi,
} from './helpers';

const POOL_FILE = 'src/db.js';
const POOL_RULE = 'require-pool-acquire-timeout';
const SESSION_FILE = 'src/app.js';
const SESSION_RULE = 'no-memory-session-store';
const USERS_FILE = 'src/routes/users.js';
const SYNC_RULE = 'no-sync-in-request-path';
const CONFIG_FILE = 'concurrency-lint.json';

/** The markers of a file as `rule-id@line`, read from disk. */
async function expectedKeys(relativePath: string): Promise<string[]> {
  const bytes = await vscode.workspace.fs.readFile(fileUri(relativePath));
  return markerKeys(expectMarkers(new TextDecoder().decode(bytes)));
}

describe('Concurrency Lint in a VS Code extension host', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Analyse Workspace reports the marked lines of files that were never opened', async () => {
    const files = markedFiles();
    assert.ok(files.length >= 5, `expected the example's marked files, found ${files.join(', ')}`);
    await vscode.commands.executeCommand('concurrencyLint.lintWorkspace');
    for (const file of files) {
      await waitForFindings(fileUri(file), await expectedKeys(file));
    }
  });

  it('reports each rule the example marks on its `// expect:` lines, with rule id, docs link and a narrow range, and nothing on `// ok:` lines', async () => {
    const seen = new Set<string>();
    for (const file of markedFiles()) {
      const document = await openDocument(file);
      const text = document.getText();
      const diagnostics = await waitForFindings(document.uri, markerKeys(expectMarkers(text)));
      const quiet = new Set(okLines(text));
      for (const diagnostic of diagnostics) {
        const ruleId = ruleIdOf(diagnostic)!;
        const where = `${file}:${diagnostic.range.start.line + 1} ${ruleId}`;
        seen.add(ruleId);
        assert.equal(diagnostic.source, SOURCE, where);
        assert.ok(!quiet.has(diagnostic.range.start.line), `${where} is on an \`// ok:\` line`);
        const target = (diagnostic.code as { target?: vscode.Uri }).target;
        assert.match(String(target), new RegExp(`/docs/rules/${ruleId}\\.md$`), `${where}: docs link`);
        // Narrow: the callee or option on one line (`Pool`, `axios.post`), never the statement.
        assert.equal(diagnostic.range.start.line, diagnostic.range.end.line, `${where}: one line`);
        assert.match(document.getText(diagnostic.range), /^[\w$.]+$/, `${where}: range text`);
        assert.ok(diagnostic.message.length > 20, `${where}: a message that explains`);
      }
    }
    const rules = ruleIds();
    assert.deepEqual([...coveredRules()].filter((r) => !rules.includes(r)), [], 'markers name rules that do not exist');
    assert.deepEqual([...seen].sort(), [...coveredRules()].sort(), 'every rule the example marks is reported');
    assert.ok(seen.size >= 5, `the example should show several rules; it shows ${[...seen].join(', ')}`);
    const notShown = rules.filter((r) => !seen.has(r));
    if (notShown.length > 0) console.log(`      rules the example does not show (not compared): ${notShown.join(', ')}`);
  });

  it('offers a fix, "disable for this line" and the documentation for each finding', async () => {
    let fixes = 0;
    for (const file of markedFiles()) {
      const document = await openDocument(file);
      for (const diagnostic of await waitForFindings(document.uri, await expectedKeys(file))) {
        const ruleId = ruleIdOf(diagnostic)!;
        // The light bulb's quick fixes (other providers add refactorings when no kind is asked for).
        let actions: vscode.CodeAction[] = [];
        await waitFor(`the actions of ${file}:${diagnostic.range.start.line + 1} ${ruleId}`, async () => {
          actions = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
          return actions.some((a) => a.title === `Disable ${ruleId} for this line`);
        }, 10_000).catch(() => undefined); // the assertions below say what is missing
        const titles = actions.map((a) => a.title);
        const where = `${file}:${diagnostic.range.start.line + 1}: ${titles.join(' | ')}`;
        assert.ok(titles.includes(`Disable ${ruleId} for this line`), where);
        assert.ok(titles.includes(`Show documentation for ${ruleId}`), where);
        // Our fixes are suggestions (they change runtime behaviour): offered, never preferred.
        const ruleFixes = actions.filter((a) => a.edit && !/^(Disable|Fix all|Show documentation) /.test(a.title));
        for (const fix of ruleFixes) assert.ok(!fix.isPreferred, `${where}: "${fix.title}" is preferred`);
        fixes += ruleFixes.length;
      }
    }
    assert.ok(fixes >= 4, `expected quick fixes for several findings, got ${fixes}`);
  });

  it('applying a quick fix edits the document and its diagnostic goes away', async () => {
    const document = await openDocument(POOL_FILE);
    const original = document.getText();
    try {
      const [finding] = (await waitForFindings(document.uri, await expectedKeys(POOL_FILE))).filter((d) => ruleIdOf(d) === POOL_RULE);
      assert.ok(finding);
      const actions = await codeActions(document.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /connectionTimeoutMillis/.test(a.title));
      assert.ok(fix?.edit, `a connectionTimeoutMillis fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.getText(), /connectionTimeoutMillis:\s*5_?000/);
      await waitForFindings(document.uri, (await expectedKeys(POOL_FILE)).filter((k) => !k.startsWith(`${POOL_RULE}@`)));
    } finally {
      await restore(document, original);
    }
    await waitForFindings(document.uri, await expectedKeys(POOL_FILE));
  });

  it('source.fixAll.concurrencyLint applies only safe fixes: none today, so fix-on-save changes nothing while suggestions exist', async () => {
    const document = await openDocument(POOL_FILE);
    const original = document.getText();
    const finding = (await waitForFindings(document.uri, await expectedKeys(POOL_FILE))).find((d) => ruleIdOf(d) === POOL_RULE);
    assert.ok(finding);
    const suggestions = (await codeActions(document.uri, finding.range, vscode.CodeActionKind.QuickFix.value)).filter(
      (a) => a.edit && !a.title.startsWith('Disable '),
    );
    assert.ok(suggestions.length > 0, 'the pool finding has a suggested fix');
    assert.ok(suggestions.every((a) => !a.isPreferred), 'suggestions are never preferred (preferred = safe)');
    const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
    const fixAll = (await codeActions(document.uri, fullRange, FIX_ALL_KIND)).filter((a) => a.kind?.value === FIX_ALL_KIND);
    assert.deepEqual(fixAll.map((a) => a.title), [], 'no fix-all action without safe fixes');

    // Fix on save, as a user configures it.
    await vscode.workspace
      .getConfiguration('editor')
      .update('codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await vscode.window.showTextDocument(document);
      const edited = original + '\n// touched by the fix-on-save test\n';
      await setText(document, edited);
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor('the file to be saved', () => !document.isDirty, 20_000);
      assert.equal(editor.document.getText(), edited, 'fix on save changed the file');
      await waitForFindings(document.uri, await expectedKeys(POOL_FILE));
    } finally {
      await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await restore(document, original);
    }
  });

  it('turning a rule off (or the extension off) in settings removes its diagnostics without a restart', async () => {
    const document = await openDocument(SESSION_FILE);
    const expected = await expectedKeys(SESSION_FILE);
    assert.ok(expected.some((k) => k.startsWith(`${SESSION_RULE}@`)));
    await waitForFindings(document.uri, expected);
    try {
      await setSetting('rules', { [SESSION_RULE]: 'off' });
      await waitForFindings(document.uri, expected.filter((k) => !k.startsWith(`${SESSION_RULE}@`)));
      await setSetting('rules', { [SESSION_RULE]: 'error' });
      await waitFor('the finding as an error', () => findings(document.uri).some((d) => ruleIdOf(d) === SESSION_RULE && d.severity === vscode.DiagnosticSeverity.Error));
      await setSetting('enable', false);
      await waitForFindings(document.uri, []);
    } finally {
      await setSetting('rules', undefined);
      await setSetting('enable', undefined);
    }
    await waitForFindings(document.uri, expected);
  });

  it('editing a file updates its diagnostics', async () => {
    const document = await openDocument(USERS_FILE);
    const original = document.getText();
    const expected = await expectedKeys(USERS_FILE);
    await waitForFindings(document.uri, expected);
    const hashLine = expected.find((k) => k.startsWith(`${SYNC_RULE}@`));
    assert.ok(hashLine, `a ${SYNC_RULE} marker in ${USERS_FILE}`);
    try {
      await setText(document, original.replace('bcrypt.hashSync(password, SALT_ROUNDS)', 'await bcrypt.hash(password, SALT_ROUNDS)'));
      await waitForFindings(document.uri, expected.filter((k) => k !== hashLine));

      // A new blocking call inside the login handler, on the line after `const user = rows[0];`.
      const lines = document.getText().split('\n');
      const at = lines.findIndex((l) => l.includes('const user = rows[0];'));
      assert.ok(at >= 0);
      lines.splice(at + 1, 0, '    if (user && !bcrypt.compareSync(password, user.password_hash)) return res.status(401).end();');
      await setText(document, lines.join('\n'));
      const shifted = expected.filter((k) => k !== hashLine).map((k) => {
        const [rule, line] = k.split('@');
        return Number(line) > at ? `${rule}@${Number(line) + 1}` : k;
      });
      await waitForFindings(document.uri, [...shifted, `${SYNC_RULE}@${at + 1}`]);
    } finally {
      await restore(document, original);
    }
    await waitForFindings(document.uri, expected);
  });

  it('a broken concurrency-lint.json is reported in the file and the status item; fixing it recovers', async () => {
    const app = await openDocument(SESSION_FILE);
    const appExpected = await expectedKeys(SESSION_FILE);
    await waitForFindings(app.uri, appExpected);
    const configUri = fileUri(CONFIG_FILE);
    await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode('{\n  "rules": { "no-such-rule": "error" }\n}\n'));
    try {
      const config = await vscode.workspace.openTextDocument(configUri);
      await vscode.window.showTextDocument(config);
      const [problem] = await waitFor('a diagnostic in concurrency-lint.json', () => {
        const ours = vscode.languages.getDiagnostics(configUri).filter((d) => d.source === SOURCE);
        return ours.length > 0 && ours;
      });
      assert.match(problem!.message, /no-such-rule/);
      assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(problem!.range.start.line, 1);
      await waitFor('the status item to show the config error', () => api.status().state === 'warning' && /no-such-rule/.test(api.status().tooltip));
      // Linting goes on with the defaults meanwhile.
      await waitForFindings(app.uri, appExpected);

      // Fixed in the editor and saved: the file's diagnostic goes, the config applies.
      await setText(config, `{\n  "rules": { "${SESSION_RULE}": "off" }\n}\n`);
      await waitFor('no diagnostic in the fixed config', () => vscode.languages.getDiagnostics(configUri).filter((d) => d.source === SOURCE).length === 0);
      await config.save();
      await waitForFindings(app.uri, appExpected.filter((k) => !k.startsWith(`${SESSION_RULE}@`)));
      await waitFor('the status item to recover', () => api.status().state !== 'warning' && api.status().state !== 'error');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(configUri);
    }
    await waitForFindings(app.uri, appExpected);
  });

  it('Estimate Concurrency Capacity opens its report beside the editor', async () => {
    const isReport = (tab: vscode.Tab): boolean =>
      tab.input instanceof vscode.TabInputWebview && /concurrencyLint\.capacity/.test(tab.input.viewType);
    const reportTab = (): vscode.Tab | undefined => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(isReport);
    await vscode.commands.executeCommand('concurrencyLint.estimateCapacity', fileUri(POOL_FILE));
    const tab = await waitFor('the capacity report tab', reportTab);
    assert.match(tab.label, /Capacity/);
    await vscode.window.tabGroups.close(tab);
  });

  it('the status item counts the findings; Restart Server brings the diagnostics back', async () => {
    const document = await openDocument(POOL_FILE);
    const expected = await expectedKeys(POOL_FILE);
    await waitForFindings(document.uri, expected);
    const total = (): number =>
      vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === SOURCE && ruleIdOf(d)).length, 0);
    await waitFor(`the status item to count ${total()} findings`, () => api.status().state === 'findings' && api.status().text.includes(String(total())));

    await vscode.commands.executeCommand('concurrencyLint.restartServer');
    await waitForFindings(document.uri, expected);
    assert.deepEqual(findingKeys(document.uri).sort(), [...expected].sort());
  });
});
