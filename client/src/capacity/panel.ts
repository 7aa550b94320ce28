// The capacity report's webview panel: asks the server for the estimate
// (`concurrencyLint/estimateCapacity`), renders it with report-html.ts, and answers the page's
// messages: open a file at a line, estimate again with the form's workload, reset, export or save
// the Markdown. One panel at a time; it follows the folder it was last opened for.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ESTIMATE_CAPACITY_REQUEST, FORM_FIELDS, type EstimateCapacityParams, type EstimateCapacityResult, type ReportMessage, type WorkloadOverrides } from './contract';
import { escapeHtml, renderReportBody, renderReportHtml } from './report-html';

/** What the report is about: a document (its project) or a workspace folder. */
export type ReportTarget = { uri: string } | { folder: string };

const SOURCE_LANGUAGES = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
const SERVER_WAIT_MS = 30_000;

export class CapacityReportPanel implements vscode.Disposable {
  private static current: CapacityReportPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private overrides: WorkloadOverrides = {};
  private result: EstimateCapacityResult | undefined;
  private generation = 0;
  private requestSeq = 0;
  private saveTimer: NodeJS.Timeout | undefined;

  /** Opens the report for `target`, or points the open one at it and estimates again. */
  static async show(client: LanguageClient, target: ReportTarget): Promise<void> {
    const existing = CapacityReportPanel.current;
    if (existing) {
      if (JSON.stringify(existing.target) !== JSON.stringify(target)) {
        existing.target = target;
        existing.overrides = {};
      }
      existing.panel.reveal(undefined, true);
      await existing.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel('concurrencyLint.capacity', 'Concurrency Capacity', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      // Nothing is loaded from disk or the network: styles, script and charts are inline.
      localResourceRoots: [],
    });
    const report = new CapacityReportPanel(panel, client, target);
    CapacityReportPanel.current = report;
    await report.refresh();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private target: ReportTarget,
  ) {
    panel.webview.html = this.placeholder('Estimating…');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: ReportMessage) => void this.handle(message)),
      // Saved code changes the estimate (a pool's size, a route that holds a connection).
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (!SOURCE_LANGUAGES.has(document.languageId)) return;
        if (this.saveTimer) clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => void this.refresh(), 300);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('concurrencyLint.workload')) void this.refresh();
      }),
    );
  }

  dispose(): void {
    if (CapacityReportPanel.current === this) CapacityReportPanel.current = undefined;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  /** Asks the server again with the current overrides and shows the answer (the newest request wins). */
  private async refresh(): Promise<void> {
    const seq = ++this.requestSeq;
    try {
      await waitUntilRunning(this.client);
      const params: EstimateCapacityParams = { ...this.target, ...(Object.keys(this.overrides).length ? { workload: this.overrides } : {}) };
      const result = await this.client.sendRequest<EstimateCapacityResult>(ESTIMATE_CAPACITY_REQUEST, params);
      if (seq !== this.requestSeq) return;
      this.result = result;
      this.render(result);
    } catch (error) {
      if (seq !== this.requestSeq) return;
      const message = `The estimate failed: ${error instanceof Error ? error.message : String(error)}`;
      if (this.result) void this.panel.webview.postMessage({ type: 'error', message });
      else this.panel.webview.html = this.placeholder(message);
    }
  }

  private render(result: EstimateCapacityResult): void {
    const folderName = path.basename(vscode.Uri.parse(result.folderUri).fsPath);
    this.panel.title = `Concurrency Capacity: ${folderName}`;
    this.generation++;
    if (this.generation === 1 || !this.panel.visible) {
      this.panel.webview.html = renderReportHtml(result.estimate, { nonce: nonce(), cspSource: this.panel.webview.cspSource, generation: this.generation });
    } else {
      // In place: keeps the scroll position and the open <details>.
      void this.panel.webview.postMessage({ type: 'update', body: renderReportBody(result.estimate), generation: this.generation });
    }
  }

  private async handle(message: ReportMessage): Promise<void> {
    switch (message.type) {
      case 'open':
        await this.openFile(message.file, message.line);
        return;
      case 'estimate':
        this.overrides = { ...this.overrides, ...cleanOverrides(message.workload) };
        await this.refresh();
        return;
      case 'reset':
        this.overrides = {};
        await this.refresh();
        return;
      case 'refresh':
        await this.refresh();
        return;
      case 'export': {
        if (!this.result) return;
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: this.result.markdown });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active });
        return;
      }
      case 'save': {
        if (!this.result) return;
        const folder = vscode.Uri.parse(this.result.folderUri);
        const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, 'capacity-report.md'), filters: { Markdown: ['md'] }, saveLabel: 'Save Report' });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, Buffer.from(this.result.markdown, 'utf8'));
        void vscode.window.showInformationMessage(`Saved the capacity report to ${vscode.workspace.asRelativePath(target)}.`);
        return;
      }
    }
  }

  /** A link in the report: a path relative to the project root, and a 1-based line. */
  private async openFile(file: string, line: number): Promise<void> {
    if (!this.result || typeof file !== 'string') return;
    const relative = path.posix.normalize(file);
    if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return;
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(this.result.folderUri), relative);
    const position = new vscode.Position(Math.max(0, (Number.isFinite(line) ? line : 1) - 1), 0);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
  }

  private placeholder(text: string): string {
    const n = nonce();
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${n}'"><style nonce="${n}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:16px}</style></head><body><p>${escapeHtml(text)}</p></body></html>`;
  }
}

/** Only the form's fields, as finite numbers. */
function cleanOverrides(raw: unknown): WorkloadOverrides {
  const result: WorkloadOverrides = {};
  if (typeof raw !== 'object' || raw === null) return result;
  for (const field of FORM_FIELDS) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'number' && Number.isFinite(value)) result[field] = value;
  }
  return result;
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

/** The command may run while the server is still starting: wait for it (polling its state). */
async function waitUntilRunning(client: LanguageClient): Promise<void> {
  const started = Date.now();
  while (client.state !== State.Running) {
    const waited = Date.now() - started;
    // Stopped for a moment happens during a restart; for longer, the server is down.
    if (client.state === State.Stopped && waited > 2000) throw new Error('the Concurrency Lint server is not running');
    if (waited > SERVER_WAIT_MS) throw new Error('the Concurrency Lint server did not start');
    await new Promise<void>((resolve) => {
      const listener = client.onDidChangeState(() => {
        listener.dispose();
        resolve();
      });
      setTimeout(() => {
        listener.dispose();
        resolve();
      }, 500);
    });
  }
}
