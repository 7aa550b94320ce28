// The server's behaviour once initialized: which documents are linted by which project, and what
// happens on edits, saves, closes, disk changes, setting and folder changes, code action and
// command requests. server.ts wires these to the connection; the work itself is in linting.ts,
// code-actions.ts, config-file.ts and workspace.ts.
import * as path from 'node:path';
import {
  FileChangeType,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type ExecuteCommandParams,
  type FileEvent,
  type TextDocuments,
  type WorkDoneProgressReporter,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isSourceFile } from '../engine/files';
import { CapacityFeatures } from './capacity';
import { computeCodeActions } from './code-actions';
import { ConfigReporter } from './config-file';
import { errorMessage } from './diagnostics';
import { Linter, type OpenSourceDocument } from './linting';
import { Commands } from './protocol';
import type { SettingsCache } from './settings';
import { StatusReporter } from './status';
import { isConfigFile, isPackageInfoFile, isInside, isSchemaFile, uriToPath, Workspace, type Project } from './workspace';

export interface SessionOptions {
  /** The client applies versioned `documentChanges` in workspace edits. */
  useDocumentChanges: boolean;
  /** The client answers window/showDocument. */
  canShowDocument: boolean;
  /** The client answers workspace/codeLens/refresh. */
  canRefreshCodeLenses?: boolean;
}

export class Session {
  readonly workspace: Workspace;
  /** The capacity request, code lenses and hovers (capacity.ts). */
  readonly capacity: CapacityFeatures;
  private readonly linter: Linter;
  private readonly config: ConfigReporter;
  private readonly status: StatusReporter;
  /** Open JS/TS documents by URI, with the file path and project they are linted as. */
  private readonly openSources = new Map<string, OpenSourceDocument>();
  private readonly openFiles = new Set<string>();
  /** Folders whose first load (config, files, settings) is still running. */
  private readonly loading = new Map<Project, Promise<void>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    private readonly options: SessionOptions,
  ) {
    this.status = new StatusReporter(connection);
    this.config = new ConfigReporter(connection, options.canShowDocument, this.status);
    this.workspace = new Workspace({
      isOpen: (file) => this.openFiles.has(file),
      log: (message) => connection.console.error(message),
      configLoaded: (project) => this.config.projectConfigLoaded(project, this.workspace.allProjects()),
    });
    this.linter = new Linter(connection, documents, this.workspace, settings, {
      sourceDocument: (document) => this.sourceDocument(document),
      isOpen: (file) => this.openFiles.has(file),
      projectLinted: (project) => this.capacity.projectLinted(project),
    });
    this.capacity = new CapacityFeatures(connection, {
      workspace: this.workspace,
      documents,
      settings,
      sourceDocument: (document) => this.sourceDocument(document),
      prepare: (project) => this.prepareForCapacity(project),
    }, { canRefreshCodeLenses: options.canRefreshCodeLenses === true });
  }

  /** A project as the estimate should see it: loaded, with its folder's settings and the open buffers. */
  private async prepareForCapacity(project: Project): Promise<void> {
    await this.loading.get(project);
    await project.whenLoaded();
    await this.linter.applyAnalysisSettings(project);
    for (const open of this.linter.openDocumentsOf(project)) {
      if (!project.isIgnored(open.file)) project.engine.updateFile(open.file, open.document.getText());
    }
  }

  // ---- workspace folders ----------------------------------------------------------------------

  addFolders(folders: readonly WorkspaceFolder[]): void {
    for (const folder of folders) {
      const root = uriToPath(folder.uri);
      if (!root) continue;
      const project = this.workspace.addFolder(root);
      const loading = this.loadProject(project);
      this.loading.set(project, loading);
      void loading.finally(() => {
        if (this.loading.get(project) === loading) this.loading.delete(project);
      });
    }
    this.retrackOpenDocuments();
  }

  removeFolders(folders: readonly WorkspaceFolder[]): void {
    for (const folder of folders) {
      const root = uriToPath(folder.uri);
      const project = root ? this.workspace.removeFolder(root) : undefined;
      if (project) this.config.forgetProject(project, this.workspace.allProjects());
    }
    this.retrackOpenDocuments();
  }

  /** Config first (its ignorePatterns decide the files), then every file, then the open documents again. */
  private async loadProject(project: Project): Promise<void> {
    await this.status.analysing(async () => {
      project.loadConfig();
      await this.linter.applyAnalysisSettings(project);
      await project.scan();
      await this.linter.lintProject(project);
    });
  }

  /** After folders change, open documents may belong to another project. */
  private retrackOpenDocuments(): void {
    for (const [uri, open] of [...this.openSources]) {
      const project = this.workspace.projectFor(open.file);
      if (project === open.project) continue;
      this.workspace.release(open.file, open.project);
      this.openSources.set(uri, { ...open, project });
    }
    void this.linter.lintAllOpen();
  }

  // ---- documents --------------------------------------------------------------------------------

  /** The open document as a lintable source file, or undefined (config files, other languages). */
  private sourceDocument(document: TextDocument): OpenSourceDocument | undefined {
    const known = this.openSources.get(document.uri);
    if (known) return { ...known, document };
    const file = uriToPath(document.uri, document.languageId);
    if (!file || isConfigFile(file) || !isSourceFile(file)) return undefined;
    const open = { document, file, project: this.workspace.projectFor(file) };
    this.openSources.set(document.uri, open);
    this.openFiles.add(file);
    return open;
  }

  /** didOpen and didChange (TextDocuments reports an open as the first change). */
  contentChanged(document: TextDocument): void {
    const file = uriToPath(document.uri, document.languageId);
    if (file && isConfigFile(file)) {
      this.config.validateDocument(document, file);
      return;
    }
    const firstTime = !this.openSources.has(document.uri);
    if (!this.sourceDocument(document)) return;
    this.linter.schedule(document, firstTime ? 0 : undefined);
  }

  closed(document: TextDocument): void {
    const open = this.openSources.get(document.uri);
    if (!open) {
      this.config.clearDocument(document.uri);
      return;
    }
    this.openSources.delete(document.uri);
    this.openFiles.delete(open.file);
    this.workspace.release(open.file, open.project);
    this.linter.closed(document.uri, open.project);
    void this.linter.lintProject(open.project);
  }

  /** A saved concurrency-lint.json is reloaded even when the client does not watch files. */
  saved(document: TextDocument): void {
    const file = uriToPath(document.uri);
    if (file && isConfigFile(file)) this.reloadConfigAt(path.dirname(file));
  }

  // ---- disk, settings --------------------------------------------------------------------------

  watchedFilesChanged(changes: readonly FileEvent[]): void {
    const rescan = new Set<Project>();
    const changedFiles = new Map<Project, string[]>();
    const packageInfoChanged = new Set<Project>();
    const schemaChanged = new Set<Project>();
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      if (isConfigFile(file)) {
        this.reloadConfigAt(path.dirname(file));
        continue;
      }
      if (isPackageInfoFile(file)) {
        // A project reads package.json, lockfiles, tsconfig… from its root up and from node_modules.
        const dir = path.dirname(file);
        for (const project of this.workspace.allProjects()) {
          if (isInside(project.root, file) || isInside(dir, project.root)) packageInfoChanged.add(project);
        }
        continue;
      }
      if (isSchemaFile(file)) {
        // Keys declared in .sql/.prisma files decide which reads return one row: re-read, re-lint.
        for (const project of this.workspace.allProjects()) {
          if (isInside(project.root, file)) schemaChanged.add(project);
        }
        continue;
      }
      if (!isSourceFile(file) || this.openFiles.has(file)) continue; // open buffers win over disk
      const project = this.workspace.folderFor(file);
      if (!project) continue;
      if (change.type === FileChangeType.Created) {
        // A scan decides with .gitignore and ignorePatterns whether a new file belongs to the project.
        rescan.add(project);
      } else if (change.type === FileChangeType.Changed) {
        if (project.engine.hasFile(file)) project.engine.loadFile(file);
        else rescan.add(project);
      } else {
        project.engine.removeFile(file);
      }
      changedFiles.set(project, [...(changedFiles.get(project) ?? []), file]);
    }
    for (const project of packageInfoChanged) project.engine.invalidatePackageInfo();
    for (const project of schemaChanged) project.engine.invalidateSchemaFiles();
    for (const project of new Set([...rescan, ...changedFiles.keys(), ...packageInfoChanged, ...schemaChanged])) {
      void (async () => {
        if (rescan.has(project)) await project.scan();
        await this.linter.lintProject(project);
        await this.linter.diskChanged(project, changedFiles.get(project) ?? []);
        if (packageInfoChanged.has(project) || schemaChanged.has(project)) await this.linter.refreshReported(project);
      })();
    }
  }

  private reloadConfigAt(dir: string): void {
    for (const project of this.workspace.allProjects()) {
      if (project.root !== path.resolve(dir)) continue;
      void (async () => {
        project.loadConfig();
        await project.scan(); // ignorePatterns may have changed
        await this.linter.lintProject(project);
        await this.linter.refreshReported(project);
      })();
    }
  }

  async configurationChanged(pushedSettings: unknown): Promise<void> {
    this.settings.changed(pushedSettings);
    for (const project of this.workspace.allProjects()) await this.linter.applyAnalysisSettings(project);
    await this.linter.lintAllOpen();
    for (const project of this.workspace.folderProjects()) await this.linter.refreshReported(project);
  }

  // ---- requests ---------------------------------------------------------------------------------

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    const open = document && this.sourceDocument(document);
    if (!document || !open) return [];
    const settings = await this.settings.get(document.uri);
    if (!settings.enable) return [];
    const current = this.documents.get(document.uri) ?? document;
    return computeCodeActions({
      document: current,
      diagnostics: params.context.diagnostics,
      only: params.context.only,
      currentFindings: () => {
        try {
          return this.linter.lintNow({ ...open, document: current }, settings)?.findings ?? [];
        } catch (e) {
          this.connection.console.error(`Linting ${open.file} for code actions failed: ${(e as Error).stack ?? String(e)}`);
          return [];
        }
      },
      useDocumentChanges: this.options.useDocumentChanges,
    });
  }

  async executeCommand(params: ExecuteCommandParams, workDone: WorkDoneProgressReporter, token?: CancellationToken): Promise<void> {
    switch (params.command) {
      case Commands.showDocumentation: {
        const url: unknown = params.arguments?.[0];
        if (typeof url !== 'string') throw new Error(`${Commands.showDocumentation} expects a URL argument`);
        const result = await this.connection.window.showDocument({ uri: url, external: true });
        if (!result.success) this.connection.console.warn(`The client could not open ${url}`);
        return;
      }
      case Commands.lintWorkspace: {
        // A token in the request means the client already made a progress; otherwise ask for one.
        const progress = params.workDoneToken !== undefined ? workDone : await this.createProgress();
        await this.status.analysing(() => this.linter.lintWorkspace(progress, token));
        return;
      }
      case Commands.estimateCapacity:
        await this.capacity.showSummary(params.arguments);
        return;
      default:
        throw new Error(`unknown command ${params.command}`);
    }
  }

  private async createProgress(): Promise<WorkDoneProgressReporter> {
    try {
      return await this.connection.window.createWorkDoneProgress();
    } catch (e) {
      this.connection.console.warn(`No progress reporting: ${errorMessage(e)}`);
      return { begin() {}, report() {}, done() {} };
    }
  }
}
