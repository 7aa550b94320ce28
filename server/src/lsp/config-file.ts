// concurrency-lint.json as the user sees it in the editor: errors in an open config document as
// diagnostics (checked on every edit, before it is saved), a load error shown once as an error
// message, and the server's status for the client's status bar. Linting itself uses the file on
// disk (Project.loadConfig) and falls back to the default config while it is broken.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseConfig, type ConfigError } from '../engine/config';
import { ruleIds } from '../rules/registry';
import { configErrorDiagnostic, errorMessage } from './diagnostics';
import type { StatusReporter } from './status';
import { pathToUri, type Project } from './workspace';

const OPEN_CONFIG = 'Open concurrency-lint.json';

export class ConfigReporter {
  /** Per project root: the error last shown, so a still-broken file is not announced on every reload. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    /** The client supports window/showDocument, so the message can offer to open the file. */
    private readonly canShowDocument: boolean,
    private readonly status: StatusReporter,
  ) {}

  /** Diagnostics for an open concurrency-lint.json, from its buffer. */
  validateDocument(document: TextDocument, file: string): void {
    const result = parseConfig(document.getText(), file, ruleIds);
    const diagnostics = result.ok ? [] : [configErrorDiagnostic(result.error)];
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  }

  clearDocument(uri: string): void {
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** After a project (re)loaded its config: announce a new error once; a fixed file clears the state. */
  projectConfigLoaded(project: Project, allProjects: readonly Project[]): void {
    const error = project.configError;
    if (!error) {
      this.shown.delete(project.root);
    } else {
      const text = describe(project, error);
      if (this.shown.get(project.root) !== text) {
        this.shown.set(project.root, text);
        this.connection.console.error(text);
        void this.showError(`Concurrency Lint: ${text}. Linting with the default configuration until it is fixed.`, error);
      }
    }
    this.updateStatus(allProjects);
  }

  /** The error message, with a button that opens the config at the error where the client can. */
  private async showError(message: string, error: ConfigError): Promise<void> {
    try {
      const actions = this.canShowDocument ? [{ title: OPEN_CONFIG }] : [];
      const choice = await this.connection.window.showErrorMessage(message, ...actions);
      if (choice?.title !== OPEN_CONFIG) return;
      const at = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
      await this.connection.window.showDocument({ uri: pathToUri(error.file), takeFocus: true, selection: { start: at, end: at } });
    } catch (e) {
      this.connection.console.warn(`Could not show the configuration error: ${errorMessage(e)}`);
    }
  }

  forgetProject(project: Project, allProjects: readonly Project[]): void {
    this.shown.delete(project.root);
    this.updateStatus(allProjects);
  }

  private updateStatus(projects: readonly Project[]): void {
    const broken = projects.filter((p) => p.configError);
    this.status.setProblems(broken.length === 0 ? undefined : broken.map((p) => describe(p, p.configError!)).join('\n'));
  }
}

/** `concurrency-lint.json:3:5 unknown rule "x"`, the path relative to the project's root. */
function describe(project: Project, error: ConfigError): string {
  const file = path.relative(project.root, error.file) || error.file;
  return `${file}:${error.line}:${error.column} ${error.message}`;
}
