// The VS Code extension (bundled to dist/client.js): starts the language server (dist/server.js),
// registers the commands, and shows the server's state in a status bar item. All linting happens
// in the server; this file never imports server code, so the protocol strings below repeat
// server/src/lsp/protocol.ts.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  State,
  TransportKind,
  WorkDoneProgress,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { CAPACITY_CLIENT_COMMANDS, registerCapacityReport } from './capacity';

/** Same strings as server/src/lsp/protocol.ts. */
const Commands = {
  restartServer: 'concurrencyLint.restartServer',
  showOutput: 'concurrencyLint.showOutput',
  showDocumentation: 'concurrencyLint.showDocumentation',
  lintWorkspace: 'concurrencyLint.lintWorkspace',
} as const;
const STATUS_NOTIFICATION = 'concurrencyLint/status';
const SETTINGS_SECTION = 'concurrencyLint';
const DIAGNOSTIC_SOURCE = 'concurrency-lint';

interface StatusParams {
  state: 'ok' | 'warn' | 'error';
  message?: string;
  /** The server is loading a folder or analysing the workspace. */
  analysing?: boolean;
}

/** What activate() returns: the status item as the user sees it (the extension tests read it). */
export interface ConcurrencyLintApi {
  status(): { text: string; tooltip: string; state: StatusState };
}

const SOURCE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

/**
 * Files the server reads besides sources: our config, what the installed package versions and
 * import aliases come from (package.json, lockfiles, tsconfig/jsconfig, installed packages), and
 * schema files whose primary and unique keys no-unbounded-query reads (.sql, .prisma).
 */
const WATCHED_GLOBS = [
  '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}',
  '**/concurrency-lint.json',
  '**/*.{sql,prisma}',
  '**/{package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,.nvmrc}',
  '**/{tsconfig,jsconfig}*.json',
  '**/node_modules/{*,@*/*}/package.json',
];

/** Settings the server should only see when the user set them, so concurrency-lint.json's value applies otherwise. */
const OPTIONAL_SETTINGS = ['loadBalancerIdleTimeoutMs'];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ConcurrencyLintApi> {
  const output = vscode.window.createOutputChannel('Concurrency Lint', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...SOURCE_LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      { scheme: 'file', pattern: '**/concurrency-lint.json' },
    ],
    // Changes on disk to files that are not open, and to the config (the server reloads them).
    synchronize: { fileEvents: watchers },
    outputChannel: output,
    // The server leaves these out of executeCommandProvider: we register them below.
    initializationOptions: { clientCommands: [Commands.showDocumentation, Commands.lintWorkspace, ...CAPACITY_CLIENT_COMMANDS] },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((settings: unknown, i) => withoutDefaults(settings, params.items[i]));
        },
      },
    },
  };

  client = new LanguageClient('concurrencyLint', 'Concurrency Lint', serverOptions, clientOptions);
  const languageClient = client;

  context.subscriptions.push(
    languageClient.onDidChangeState((event) => status.serverState(event.newState)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.serverStatus(params)),
    vscode.languages.onDidChangeDiagnostics(() => status.diagnosticsChanged()),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.info('Restarting the server');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand(Commands.showDocumentation, async (url: unknown) => {
      if (typeof url !== 'string') return;
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand(Commands.lintWorkspace, () => analyseWorkspace(languageClient)),
  );
  registerCapacityReport(context, languageClient);

  try {
    await languageClient.start();
  } catch (error) {
    status.serverStatus({ state: 'error', message: `The server failed to start: ${String(error)}` });
    output.error(`The server failed to start: ${String(error)}`);
  }
  return { status: () => status.snapshot() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * Drops the settings of OPTIONAL_SETTINGS that only have their default value: the manifest's
 * default would otherwise always override concurrency-lint.json.
 */
function withoutDefaults(settings: unknown, item: { scopeUri?: string; section?: string } | undefined): unknown {
  if (item?.section !== SETTINGS_SECTION || typeof settings !== 'object' || settings === null) return settings;
  const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const result: Record<string, unknown> = { ...(settings as Record<string, unknown>) };
  for (const key of OPTIONAL_SETTINGS) {
    const set = configuration.inspect(key);
    const explicit = [set?.globalValue, set?.workspaceValue, set?.workspaceFolderValue, set?.globalLanguageValue, set?.workspaceLanguageValue, set?.workspaceFolderLanguageValue];
    if (explicit.every((v) => v === undefined)) delete result[key];
  }
  return result;
}

/** "Analyse Workspace": every file of every folder, with a cancellable progress notification. */
async function analyseWorkspace(languageClient: LanguageClient): Promise<void> {
  if (!languageClient.isRunning()) {
    void vscode.window.showWarningMessage('Concurrency Lint: the server is not running.');
    return;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Concurrency Lint', cancellable: true },
    async (progress, cancellation) => {
      const token = randomUUID();
      let reported = 0;
      const listener = languageClient.onProgress(WorkDoneProgress.type, token, (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = Math.max(reported, percentage);
      });
      try {
        progress.report({ message: 'Analysing the workspace…' });
        await languageClient.sendRequest(
          ExecuteCommandRequest.type,
          { command: Commands.lintWorkspace, arguments: [], workDoneToken: token },
          cancellation,
        );
      } catch (error) {
        if (!cancellation.isCancellationRequested) throw error;
      } finally {
        listener.dispose();
      }
    },
  );
}

type StatusState = 'starting' | 'analysing' | 'findings' | 'warning' | 'error' | 'stopped';

/**
 * `$(pulse) Concurrency Lint: 9` with the number of findings; a spinner while the server loads or
 * analyses; a warning (a broken concurrency-lint.json) or error background when something needs
 * attention. Clicking it shows the output.
 */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('concurrencyLint.status', vscode.StatusBarAlignment.Right, 0);
  private state: State = State.Starting;
  private status: StatusParams = { state: 'ok' };
  private findings = 0;
  private files = 0;
  private current: StatusState = 'starting';

  constructor() {
    this.item.name = 'Concurrency Lint';
    this.item.command = Commands.showOutput;
    this.render();
    this.item.show();
  }

  serverState(state: State): void {
    this.state = state;
    // A (re)started server reports problems again; forget those of the previous process.
    if (state === State.Starting) this.status = { state: 'ok' };
    this.render();
  }

  serverStatus(status: StatusParams): void {
    this.status = status;
    this.render();
  }

  diagnosticsChanged(): void {
    let findings = 0;
    let files = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== undefined).length;
      findings += ours;
      if (ours > 0) files++;
    }
    if (findings === this.findings && files === this.files) return;
    this.findings = findings;
    this.files = files;
    this.render();
  }

  snapshot(): { text: string; tooltip: string; state: StatusState } {
    const tooltip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '', state: this.current };
  }

  private render(): void {
    const click = 'Click to show the output.';
    const found = `${this.findings} ${this.findings === 1 ? 'finding' : 'findings'}`;
    this.item.backgroundColor = undefined;
    if (this.state === State.StartFailed || this.status.state === 'error') {
      this.current = 'error';
      this.item.text = '$(error) Concurrency Lint';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.tooltip = `${this.status.message ?? 'The Concurrency Lint server failed.'} ${click}`;
    } else if (this.state === State.Stopped) {
      this.current = 'stopped';
      this.item.text = '$(circle-slash) Concurrency Lint';
      this.item.tooltip = `The Concurrency Lint server is not running. ${click}`;
    } else if (this.status.state === 'warn') {
      this.current = 'warning';
      this.item.text = `$(warning) Concurrency Lint: ${this.findings}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.tooltip = `${this.status.message ?? 'Concurrency Lint needs attention.'}\n${found}. ${click}`;
    } else if (this.state === State.Starting || this.status.analysing) {
      this.current = this.state === State.Starting ? 'starting' : 'analysing';
      this.item.text = '$(sync~spin) Concurrency Lint';
      this.item.tooltip = `${this.state === State.Starting ? 'Concurrency Lint is starting' : 'Concurrency Lint is analysing'}… ${click}`;
    } else {
      this.current = 'findings';
      this.item.text = `$(pulse) Concurrency Lint: ${this.findings}`;
      this.item.tooltip = `${found} in ${this.files} ${this.files === 1 ? 'file' : 'files'}. ${click}`;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
