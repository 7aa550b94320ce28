// A scripted LSP client for test/lsp.test.ts: spawns the built server (`node dist/server.js --stdio`),
// speaks real JSON-RPC to it, answers its requests (workspace/configuration, progress, showDocument)
// and records what it sends. Every wait is a poll on incoming messages with a deadline, never a
// fixed sleep. The assertions live in the test file; this file only drives the protocol.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestContext } from 'node:test';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FileEvent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowDocumentParams,
  type ShowMessageParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_PATH = path.join(REPOSITORY_ROOT, 'dist', 'server.js');
const FIXTURES = path.join(REPOSITORY_ROOT, 'test', 'fixtures', 'lsp');
const DEFAULT_TIMEOUT_MS = 20_000;

const LANGUAGE_IDS: Record<string, string> = {
  '.js': 'javascript', '.cjs': 'javascript', '.mjs': 'javascript', '.jsx': 'javascriptreact',
  '.ts': 'typescript', '.cts': 'typescript', '.mts': 'typescript', '.tsx': 'typescriptreact',
  '.json': 'json',
};

/** Copies fixture folders (later ones laid over earlier ones) into a fresh temp folder; returns its real path. */
export function copyFixtures(names: readonly string[]): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-lsp-')));
  for (const name of names) fs.cpSync(path.join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

/** copyFixtures, deleted when the test ends: a folder that is not the server's workspace folder. */
export function copyFixturesForTest(t: TestContext, names: readonly string[]): string {
  const folder = copyFixtures(names);
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export interface ExpectedDiagnostic {
  code: string;
  range: Range;
}

/**
 * Reads the marks written under offending lines in a fixture:
 *     const client = new Client();
 *     //                 ^^^^^^ no-client-per-request
 * means a diagnostic with that code covering `Client` on the line above.
 */
export function expectedDiagnostics(text: string): ExpectedDiagnostic[] {
  const lines = text.split(/\r?\n/);
  const expected: ExpectedDiagnostic[] = [];
  lines.forEach((line, index) => {
    const mark = /^(\s*\/\/\s*)(\^+)\s+([\w-]+)\s*$/.exec(line);
    if (!mark || index === 0) return;
    const character = mark[1]!.length;
    // Marks stack under their line: skip marks above this one to find the code line.
    let target = index - 1;
    while (target > 0 && /^\s*\/\/\s*\^/.test(lines[target]!)) target--;
    expected.push({
      code: mark[3]!,
      range: { start: { line: target, character }, end: { line: target, character: character + mark[2]!.length } },
    });
  });
  return expected;
}

/** The rule diagnostics as {code, range}, sorted, to compare with expectedDiagnostics. */
export function ruleDiagnostics(diagnostics: readonly Diagnostic[]): ExpectedDiagnostic[] {
  return diagnostics
    .filter((d) => typeof d.code === 'string')
    .map((d) => ({ code: d.code as string, range: d.range }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

export function messageText(diagnostic: Diagnostic | undefined): string {
  const message = diagnostic?.message ?? '';
  return typeof message === 'string' ? message : message.value;
}

/** Diagnostics without a rule id: problems with the file itself (parse error, binary, too large). */
export function fileProblems(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === undefined);
}

/** The edits a code action's WorkspaceEdit makes to one document, whichever form it uses. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) =>
    'textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'javascript', 0, text), [...edits]);
}

export function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as CodeAction).title === 'string' && typeof (action as Command).command !== 'string';
}

export interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export interface StartOptions {
  /** Fixture folders under test/fixtures/lsp, laid over each other in a temp workspace folder. */
  fixtures: readonly string[];
  /** The `concurrencyLint` section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
}

export class LspTestClient {
  /** The `concurrencyLint` settings section the client answers with; change with changeSettings. */
  settings: Record<string, unknown>;
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly statuses: Array<{ state: string; message?: string }> = [];
  readonly progress: unknown[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  private readonly latestDiagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly listeners = new Set<() => void>();
  private stderr = '';
  private exited: string | undefined;

  private constructor(
    readonly folder: string,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  /** Starts a server on a temp copy of the fixtures; stopped and deleted when the test ends. */
  static async start(t: TestContext, options: StartOptions): Promise<LspTestClient> {
    if (!fs.existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`node esbuild.mjs\` before the tests`);
    const folder = copyFixtures(options.fixtures);
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: folder, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(folder, child, connection, options.settings ?? {});
    t.after(() => client.stop());
    client.listen();
    await client.initialize();
    return client;
  }

  private listen(): void {
    const { connection, child } = this;
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      this.exited = `the server exited (code ${code}, signal ${signal})\n${this.stderr}`;
      this.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'concurrencyLint' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('window/showDocument', (params: ShowDocumentParams) => {
      this.shownDocuments.push(params);
      this.notify();
      return { success: true };
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latestDiagnostics.set(params.uri, params);
      this.notify();
    });
    // Messages come as notifications, or as requests when they offer buttons (none is clicked here).
    connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
      this.messages.push(params);
      this.notify();
      return null;
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onNotification('concurrencyLint/status', (params: { state: string; message?: string }) => {
      this.statuses.push(params);
      this.notify();
    });
    connection.onNotification('$/progress', (params: unknown) => {
      this.progress.push(params);
      this.notify();
    });
    connection.listen();
  }

  private async initialize(): Promise<void> {
    const rootUri = pathToFileURL(this.folder).href;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.folder) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: false },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          synchronization: { didSave: true },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: {
            isPreferredSupport: true,
            dataSupport: true,
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          },
        },
        window: { workDoneProgress: true, showDocument: { support: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** A path relative to the workspace folder (absolute paths are kept). */
  file(relativeOrAbsolute: string): string {
    return path.resolve(this.folder, relativeOrAbsolute);
  }

  uri(relativeOrAbsolute: string): string {
    return pathToFileURL(this.file(relativeOrAbsolute)).href;
  }

  /** didOpen with the file's text on disk, or with `text` (which need not be on disk). */
  async open(relativeOrAbsolute: string, text?: string): Promise<OpenDocument> {
    const document: OpenDocument = {
      uri: this.uri(relativeOrAbsolute),
      languageId: LANGUAGE_IDS[path.extname(relativeOrAbsolute)] ?? 'plaintext',
      version: 1,
      text: text ?? fs.readFileSync(this.file(relativeOrAbsolute), 'utf8'),
    };
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { ...document } });
    return document;
  }

  /** didChange replacing the whole text; the document's version goes up by one. */
  async change(document: OpenDocument, text: string): Promise<void> {
    document.version++;
    document.text = text;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: document.uri, version: document.version },
      contentChanges: [{ text }],
    });
  }

  async close(document: OpenDocument): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: document.uri } });
  }

  /** Answers workspace/configuration with `settings` from now on and tells the server they changed. */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  codeActions(document: OpenDocument, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<Array<CodeAction | Command> | null> {
    return this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: document.uri },
      range,
      context: { diagnostics, only },
    });
  }

  /** Any request by method name (custom requests such as concurrencyLint/estimateCapacity, codeLens, hover). */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  executeCommand(command: string, args: unknown[] = []): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** The diagnostics published for the document's current version. */
  diagnosticsFor(document: OpenDocument): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${document.uri} version ${document.version}`, () => {
      const published = this.latestDiagnostics.get(document.uri);
      return published && published.version === document.version ? published.diagnostics : undefined;
    });
  }

  /** The latest diagnostics published for `uri` once they satisfy `accept`. */
  diagnosticsUntil(uri: string, description: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics for ${uri}: ${description}`, () => {
      const published = this.latestDiagnostics.get(uri);
      return published && accept(published.diagnostics) ? published.diagnostics : undefined;
    });
  }

  /**
   * Resolves with the first defined value of `check`, evaluated now and after every message from
   * the server; rejects when the deadline passes or the server exits.
   */
  waitFor<T>(description: string, check: () => T | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const evaluate = (): void => {
        const value = check();
        if (value !== undefined) finish(() => resolve(value));
        else if (this.exited) finish(() => reject(new Error(`waiting for ${description}: ${this.exited}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}\nserver log:\n${this.logs.join('\n')}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(evaluate);
        settle();
      };
      this.listeners.add(evaluate);
      evaluate();
    });
  }

  get isRunning(): boolean {
    return this.exited === undefined;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  async stop(): Promise<void> {
    try {
      if (this.isRunning) {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      }
    } catch {
      // already gone
    } finally {
      this.connection.dispose();
      if (this.isRunning) this.child.kill();
      fs.rmSync(this.folder, { recursive: true, force: true });
    }
  }
}
