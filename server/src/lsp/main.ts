// Entry point of the language server (bundled to dist/server.js). The transport comes from the
// command line: --stdio, --node-ipc or --socket=<port>, as vscode-languageserver reads them.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// A bug must not take the editor's linting down: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));

startServer(connection);
