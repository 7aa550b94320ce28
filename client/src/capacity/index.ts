// The "Concurrency Lint: Estimate Concurrency Capacity" command: from the palette (the active
// editor's project, else a workspace folder), from a capacity code lens (its document), or from the
// explorer (a folder or file). extension.ts registers it with one call and lists CAPACITY_CLIENT_COMMANDS
// in initializationOptions.clientCommands, so the server leaves the command to this client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CapacityReportPanel, type ReportTarget } from './panel';

/** Same string as Commands.estimateCapacity in server/src/lsp/protocol.ts. */
export const ESTIMATE_CAPACITY_COMMAND = 'concurrencyLint.estimateCapacity';

/** Commands this client handles itself; the server must not register them too. */
export const CAPACITY_CLIENT_COMMANDS: readonly string[] = [ESTIMATE_CAPACITY_COMMAND];

export function registerCapacityReport(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ESTIMATE_CAPACITY_COMMAND, async (arg?: unknown) => {
      const target = await chooseTarget(arg);
      if (!target) {
        void vscode.window.showWarningMessage('Concurrency Lint: open a folder to estimate its concurrency capacity.');
        return;
      }
      await CapacityReportPanel.show(client, target);
    }),
  );
}

async function chooseTarget(arg: unknown): Promise<ReportTarget | undefined> {
  if (typeof arg === 'string') return { uri: arg };
  if (arg instanceof vscode.Uri) {
    const folder = vscode.workspace.getWorkspaceFolder(arg);
    if (folder && folder.uri.toString() === arg.toString()) return { folder: arg.toString() };
    return { uri: arg.toString() };
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && vscode.workspace.getWorkspaceFolder(active)) return { uri: active.toString() };
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  if (folders.length === 1) return { folder: folders[0]!.uri.toString() };
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose concurrency capacity to estimate' });
  return picked ? { folder: picked.uri.toString() } : undefined;
}
