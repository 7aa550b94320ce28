// The VS Code extension (bundled to dist/client.js): starts the language server (dist/server.js),
// registers the commands, and shows the server's state in a status bar item. All linting happens
// in the server; this file never imports server code, so the protocol strings below repeat
// server/src/lsp/protocol.ts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Same strings as server/src/lsp/protocol.ts. */
const Commands = {
  restartServer: 'concurrencyLint.restartServer',
  showOutput: 'concurrencyLint.showOutput',
  showDocumentation: 'concurrencyLint.showDocumentation',
  lintWorkspace: 'concurrencyLint.lintWorkspace',
} as const;
const STATUS_NOTIFICATION = 'concurrencyLint/status';

interface StatusParams {
  state: 'ok' | 'warn' | 'error';
  message?: string;
}

const SOURCE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Concurrency Lint', { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}'),
    vscode.workspace.createFileSystemWatcher('**/concurrency-lint.json'),
  ];
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
    initializationOptions: { clientCommands: [Commands.showDocumentation, Commands.lintWorkspace] },
  };

  client = new LanguageClient('concurrencyLint', 'Concurrency Lint', serverOptions, clientOptions);
  const languageClient = client;

  context.subscriptions.push(
    languageClient.onDidChangeState((event) => status.serverState(event.newState)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.serverStatus(params)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.info('Restarting the server');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand(Commands.showDocumentation, async (url: unknown) => {
      if (typeof url !== 'string') return;
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand(Commands.lintWorkspace, async () => {
      if (!languageClient.isRunning()) {
        void vscode.window.showWarningMessage('Concurrency Lint: the server is not running.');
        return;
      }
      await languageClient.sendRequest(ExecuteCommandRequest.type, { command: Commands.lintWorkspace, arguments: [] });
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    status.serverStatus({ state: 'error', message: `The server failed to start: ${String(error)}` });
    output.error(`The server failed to start: ${String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** `$(pulse) Concurrency Lint`, with a warning or error icon when something needs attention. */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('concurrencyLint.status', vscode.StatusBarAlignment.Right, 0);
  private state: State = State.Starting;
  private status: StatusParams = { state: 'ok' };

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

  private render(): void {
    const failed = this.state === State.StartFailed || this.status.state === 'error';
    const stopped = this.state === State.Stopped;
    if (failed) {
      this.item.text = '$(error) Concurrency Lint';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.item.tooltip = this.status.message ?? 'The Concurrency Lint server failed. Click to show the output.';
    } else if (stopped || this.status.state === 'warn') {
      this.item.text = '$(warning) Concurrency Lint';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.tooltip = stopped ? 'The Concurrency Lint server is not running. Click to show the output.' : this.status.message;
    } else {
      this.item.text = '$(pulse) Concurrency Lint';
      this.item.backgroundColor = undefined;
      this.item.tooltip = this.state === State.Starting ? 'Concurrency Lint is starting' : 'Concurrency Lint is running';
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
