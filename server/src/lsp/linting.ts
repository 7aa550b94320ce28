// When and what diagnostics are published. Open documents are linted after a short pause in typing;
// since the request path crosses files, every lint re-lints all open documents of the same project
// (per-file analyses are cached, so that is cheap). Results are computed synchronously from the
// current buffers after the only await (settings), so a published result is never stale.
import type { CancellationToken, Connection, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../engine/types';
import { errorMessage, internalErrorDiagnostic, resultToDiagnostics } from './diagnostics';
import type { Settings, SettingsCache } from './settings';
import { pathToUri, uriToPath, yieldToEventLoop, type Project, type Workspace } from './workspace';

/** Pause after the last keystroke before linting a changed document. */
export const CHANGE_DEBOUNCE_MS = 200;
const WORKSPACE_SLICE_MS = 15;

export interface OpenSourceDocument {
  document: TextDocument;
  file: string;
  project: Project;
}

export interface LinterHost {
  /** The open JS/TS document for a URI, with its project; undefined for anything else. */
  sourceDocument(document: TextDocument): OpenSourceDocument | undefined;
  isOpen(file: string): boolean;
  /** After a project's open documents were linted (the capacity lenses refresh when its estimate changed). */
  projectLinted?(project: Project): void;
}

export class Linter {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per project, the latest lint run; an older run still waiting for settings gives way to it. */
  private readonly runs = new Map<Project, number>();
  /** What was last sent per URI, so re-linting unchanged documents sends nothing. */
  private readonly published = new Map<string, string>();
  /** Closed files whose diagnostics came from "Analyse Workspace"; kept up to date on disk changes. */
  private readonly workspaceFiles = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: SettingsCache,
    private readonly host: LinterHost,
  ) {}

  /** Lints the document's project after `delay` ms; a newer call for the same document restarts the wait. */
  schedule(document: TextDocument, delay = CHANGE_DEBOUNCE_MS): void {
    this.cancel(document.uri);
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        const open = this.host.sourceDocument(document);
        if (open) void this.lintProject(open.project);
      }, delay),
    );
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  openDocumentsOf(project: Project): OpenSourceDocument[] {
    return this.documents
      .all()
      .map((d) => this.host.sourceDocument(d))
      .filter((o): o is OpenSourceDocument => o !== undefined && o.project === project);
  }

  async lintAllOpen(): Promise<void> {
    await Promise.all(this.workspace.allProjects().map((p) => this.lintProject(p)));
  }

  /**
   * The editor settings that feed the analysis (not just the findings) are per project: those of
   * its folder. The engine re-analyses only when they change.
   */
  async applyAnalysisSettings(project: Project): Promise<void> {
    const { loadBalancerIdleTimeoutMs, workload } = await this.settings.get(project.uri);
    project.engine.setSettings(loadBalancerIdleTimeoutMs === undefined ? {} : { loadBalancerIdleTimeoutMs });
    project.engine.setWorkload(workload ?? {});
  }

  /** Brings the engine up to date with every open buffer of the project, then lints and publishes them. */
  async lintProject(project: Project): Promise<void> {
    const run = (this.runs.get(project) ?? 0) + 1;
    this.runs.set(project, run);
    const open = this.openDocumentsOf(project);
    const [settings] = await Promise.all([
      Promise.all(open.map((o) => this.settings.get(o.document.uri))),
      this.applyAnalysisSettings(project),
    ]);
    if (this.runs.get(project) !== run) return; // a newer run covers the same documents

    const toLint: Array<{ uri: string; file: string; document: TextDocument; settings: Settings }> = [];
    open.forEach((o, i) => {
      const document = this.documents.get(o.document.uri);
      if (!document) return; // closed meanwhile
      const documentSettings = settings[i]!;
      if (!documentSettings.enable || project.isIgnored(o.file)) {
        this.publish(document.uri, [], document.version);
        return;
      }
      try {
        project.engine.updateFile(o.file, document.getText());
        toLint.push({ uri: document.uri, file: o.file, document, settings: documentSettings });
      } catch (e) {
        this.connection.console.error(`Analysing ${o.file} failed: ${(e as Error).stack ?? String(e)}`);
        this.publish(document.uri, [internalErrorDiagnostic(e, document)], document.version);
      }
    });
    for (const { uri, file, document, settings: documentSettings } of toLint) {
      const diagnostics = this.diagnosticsFor(project, file, document, documentSettings);
      // Nothing above awaits, so this holds; it guards against that ever changing.
      if (this.documents.get(uri)?.version !== document.version) continue;
      this.publish(uri, diagnostics, document.version);
    }
    this.host.projectLinted?.(project);
  }

  /** The result for the document's current text with its settings (code actions need fresh offsets). */
  lintNow(open: OpenSourceDocument, settings: Settings): LintResult | undefined {
    const document = this.documents.get(open.document.uri) ?? open.document;
    if (!settings.enable || open.project.isIgnored(open.file)) return undefined;
    open.project.engine.updateFile(open.file, document.getText());
    return open.project.engine.lintFile(open.file, { rules: settings.rules });
  }

  private diagnosticsFor(project: Project, file: string, document: TextDocument | undefined, settings: Settings): Diagnostic[] {
    try {
      return resultToDiagnostics(project.engine.lintFile(file, { rules: settings.rules }), document);
    } catch (e) {
      this.connection.console.error(`Linting ${file} failed: ${(e as Error).stack ?? String(e)}`);
      return [internalErrorDiagnostic(e, document)];
    }
  }

  /** A document closed: its diagnostics go, unless "Analyse Workspace" reported on the file on disk. */
  closed(uri: string, project: Project | undefined): void {
    this.cancel(uri);
    this.settings.forget(uri);
    const file = uriToPath(uri);
    if (project && file && this.workspaceFiles.has(uri) && project.engine.hasFile(file)) {
      void this.lintClosedFiles(project, [file]);
    } else {
      this.publish(uri, []);
    }
  }

  /** Files changed or deleted on disk that "Analyse Workspace" reported on: refresh or clear them. */
  async diskChanged(project: Project, files: readonly string[]): Promise<void> {
    const reported = files.filter((f) => this.workspaceFiles.has(pathToUri(f)));
    const gone = reported.filter((f) => !project.engine.hasFile(f));
    for (const file of gone) {
      const uri = pathToUri(file);
      this.workspaceFiles.delete(uri);
      this.publish(uri, []);
    }
    await this.lintClosedFiles(project, reported.filter((f) => project.engine.hasFile(f)));
  }

  /** Re-lints the closed files of a project that "Analyse Workspace" reported on (config or settings changed). */
  async refreshReported(project: Project): Promise<void> {
    const files = [...this.workspaceFiles]
      .map((uri) => uriToPath(uri))
      .filter((f): f is string => f !== undefined && this.workspace.folderFor(f) === project);
    await this.diskChanged(project, files);
  }

  /**
   * Every file of every workspace folder, including closed ones (the "Analyse Workspace" command).
   * Cancelling stops between slices; what was published so far stays.
   */
  async lintWorkspace(progress: WorkDoneProgressReporter, token?: CancellationToken): Promise<void> {
    progress.begin('Concurrency Lint', 0, 'Loading files…', token !== undefined);
    try {
      for (const project of this.workspace.folderProjects()) await project.whenLoaded();
      await this.lintAllOpen();
      const work = this.workspace.folderProjects().map((project) => ({ project, files: project.engine.files() }));
      const total = work.reduce((n, w) => n + w.files.length, 0);
      let done = 0;
      for (const { project, files } of work) {
        if (token?.isCancellationRequested) return;
        await this.lintClosedFiles(
          project,
          files,
          (count) => {
            done += count;
            progress.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`);
          },
          token,
        );
      }
    } finally {
      progress.done();
    }
  }

  private async lintClosedFiles(
    project: Project,
    files: readonly string[],
    onProgress?: (count: number) => void,
    token?: CancellationToken,
  ): Promise<void> {
    const settings = await this.settings.get(project.uri);
    let sliceStart = Date.now();
    let sinceReport = 0;
    for (const file of files) {
      if (token?.isCancellationRequested) return;
      const uri = pathToUri(file);
      sinceReport++;
      if (this.host.isOpen(file)) continue; // open documents are linted from their buffers
      if (!project.engine.hasFile(file)) continue;
      this.workspaceFiles.add(uri);
      this.publish(uri, settings.enable ? this.diagnosticsFor(project, file, undefined, settings) : []);
      if (Date.now() - sliceStart >= WORKSPACE_SLICE_MS) {
        onProgress?.(sinceReport);
        sinceReport = 0;
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    onProgress?.(sinceReport);
  }

  /**
   * Sends diagnostics unless exactly these were last sent for this document version. An open
   * document gets one publication per version (clients may wait for it); a closed file with no
   * diagnostics and nothing published before is not announced at all.
   */
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    const key = JSON.stringify([version ?? null, diagnostics]);
    const previous = this.published.get(uri) ?? (version === undefined ? NOTHING_PUBLISHED : undefined);
    if (previous === key) return;
    if (version === undefined && diagnostics.length === 0) this.published.delete(uri);
    else this.published.set(uri, key);
    void this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((e: unknown) => {
      this.connection.console.error(`Publishing diagnostics for ${uri} failed: ${errorMessage(e)}`);
    });
  }
}

const NOTHING_PUBLISHED = JSON.stringify([null, []]);
