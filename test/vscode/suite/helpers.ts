// What the extension tests share: the workspace (a temp copy of examples/express-pg), expectations
// read from the example's `// expect: <rule-id>` and `// ok:` markers, our diagnostics, settings
// written and restored, and polling. Runs inside the VS Code extension host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  coveredRules as coveredRulesUnder,
  expectMarkers,
  markedFiles as markedFilesUnder,
  markerKeys,
  okLines,
  type Marker,
} from '../markers';
import { waitFor } from '../wait';

export { expectMarkers, markerKeys, okLines, waitFor, type Marker };

export const EXTENSION_ID = 'concurrency-lint.concurrency-lint';
export const SOURCE = 'concurrency-lint';
export const FIX_ALL_KIND = 'source.fixAll.concurrencyLint';

/** What the extension's activate() returns (client/src/extension.ts). */
export interface ExtensionApi {
  status(): { text: string; tooltip: string; state: string };
}

export async function activateExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (a copy of examples/express-pg)');
  return folder.uri.fsPath;
}

export function fileUri(relativePath: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relativePath));
}

/** Rule ids, from the extension's generated docs/rules/<id>.md pages (one per registered rule). */
export function ruleIds(): string[] {
  const docs = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'docs', 'rules');
  return fs
    .readdirSync(docs)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -'.md'.length))
    .sort();
}

/** Source files of the workspace (relative paths) that hold at least one marker. */
export function markedFiles(): string[] {
  return markedFilesUnder(workspaceRoot());
}

let covered: Set<string> | undefined;

/** The rules the example marks somewhere; findings of other rules are not compared. */
export function coveredRules(): Set<string> {
  return (covered ??= coveredRulesUnder(workspaceRoot()));
}

/**
 * Our diagnostics for a file, sorted by position: rule findings only (not file problems), and only
 * of the rules the example covers.
 */
export function findings(uri: vscode.Uri): vscode.Diagnostic[] {
  const rules = coveredRules();
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && rules.has(ruleIdOf(d) ?? ''))
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null && typeof code.value === 'string') return code.value;
  return undefined;
}

/** `rule-id@line` for each finding: the shape compared with the markers. */
export function findingKeys(uri: vscode.Uri): string[] {
  return findings(uri).map((d) => `${ruleIdOf(d)}@${d.range.start.line}`);
}

/** Waits until the file's findings are exactly `expected` (as `rule-id@line`). */
export async function waitForFindings(uri: vscode.Uri, expected: readonly string[], timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify([...expected].sort());
  try {
    await waitFor(`findings ${want} in ${vscode.workspace.asRelativePath(uri)}`, () => JSON.stringify(findingKeys(uri).sort()) === want, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; found ${JSON.stringify(findingKeys(uri))}`);
  }
  return findings(uri);
}

export async function openDocument(relativePath: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(fileUri(relativePath));
}

/** Replaces the whole text of a document in the editor buffer (not saved). */
export async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${document.uri.fsPath}`);
}

/** Puts a document back to `text` and saves it, so the next test starts from the file on disk. */
export async function restore(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() !== text) await setText(document, text);
  if (document.isDirty) await document.save();
}

/**
 * The code actions VS Code collects for a range. A request the workbench cancels (the document's
 * diagnostics or code lenses changed meanwhile) is asked again, as a user would press Ctrl+. again.
 */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await waitFor(`code actions at ${vscode.workspace.asRelativePath(uri)}:${range.start.line + 1}`, async () => {
    try {
      return await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        kind,
      ) ?? [];
    } catch (e) {
      if ((e as Error).name === 'Canceled' || (e as Error).message === 'Canceled') return undefined;
      throw e;
    }
  }, 10_000);
  return actions.filter((a): a is vscode.CodeAction => !(typeof (a as vscode.Command).command === 'string'));
}

/** Updates a `concurrencyLint.*` setting in the workspace (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('concurrencyLint').update(key, value, vscode.ConfigurationTarget.Workspace);
}
