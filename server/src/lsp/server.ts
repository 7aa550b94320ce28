// Wires the LSP connection to the Session: capabilities negotiated at initialize, every request and
// notification handler wrapped so an exception is logged to the client's console and answered with
// an empty result instead of failing the request or stopping the server.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleIds } from '../rules/registry';
import { Commands, EstimateCapacityRequest, FIX_ALL_KIND, SETTINGS_SECTION, type InitializationOptions } from './protocol';
import { Session } from './session';
import { SettingsCache } from './settings';

export const SERVER_NAME = 'concurrency-lint';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  let canRegisterConfigurationChange = false;
  let hasWorkspaceFolders = false;
  let pendingFolders: Array<{ uri: string; name: string }> = [];

  /** Runs a handler; on an exception logs it and returns `fallback`, so the request still succeeds. */
  function guard<P extends unknown[], R>(name: string, fallback: R, handler: (...args: P) => R | Promise<R>) {
    return async (...args: P): Promise<R> => {
      try {
        return await handler(...args);
      } catch (e) {
        connection.console.error(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    canRegisterConfigurationChange = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    hasWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    const settings = new SettingsCache(connection, capabilities.workspace?.configuration === true, ruleIds, options.settings);
    session = new Session(connection, documents, settings, {
      useDocumentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      canShowDocument: capabilities.window?.showDocument?.support === true,
      canRefreshCodeLenses: capabilities.workspace?.codeLens?.refreshSupport === true,
    });

    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    // Loading starts after the initialize response (onInitialized), so the client is not kept waiting.
    pendingFolders = folders;

    const clientCommands = new Set(Array.isArray(options.clientCommands) ? options.clientCommands : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(Commands).filter((c) => !clientCommands.has(c)) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, () => {
      if (canRegisterConfigurationChange) {
        void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (hasWorkspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('didChangeWorkspaceFolders', undefined, (event) => {
            session?.removeFolders(event.removed);
            session?.addFolders(event.added);
          }),
        );
      }
      session?.addFolders(pendingFolders);
      pendingFolders = [];
    }),
  );

  documents.onDidChangeContent(guard('didChange', undefined, (event) => session?.contentChanged(event.document)));
  documents.onDidClose(guard('didClose', undefined, (event) => session?.closed(event.document)));
  documents.onDidSave(guard('didSave', undefined, (event) => session?.saved(event.document)));

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params) => session?.watchedFilesChanged(params.changes)),
  );
  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, (params) => session?.configurationChanged(params.settings)),
  );
  connection.onCodeAction(guard('codeAction', [], (params) => session?.codeActions(params) ?? []));
  connection.onCodeLens(guard('codeLens', [], (params) => session?.capacity.codeLenses(params) ?? []));
  connection.onHover(guard('hover', null, (params) => session?.capacity.hover(params) ?? null));
  // Not guarded: the report shows the error (no folder, a failing estimate) instead of an empty answer.
  connection.onRequest(EstimateCapacityRequest, async (params) => {
    if (!session) throw new Error('the server is not initialized');
    return session.capacity.estimate(params);
  });
  connection.onExecuteCommand(
    guard('executeCommand', null, async (params, token, workDone) => {
      await session?.executeCommand(params, workDone, token);
      return null;
    }),
  );

  documents.listen(connection);
  connection.listen();
}
