// The `concurrency-lint` command (bundled to dist/cli.js). Wires the process to runCli and turns an
// unexpected exception into one line on stderr and exit code 2 (the stack only with DEBUG set).
import { runCli } from './run';
import { EXIT_USAGE } from './results';
import { TOOL_NAME } from './tool-info';

// `concurrency-lint | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    writeStdout: (text) => process.stdout.write(text),
    writeStderr: (text) => process.stderr.write(text),
  });
} catch (e) {
  const error = e as Error;
  const detail = process.env['DEBUG'] ? `\n${error.stack ?? String(error)}` : ' (set DEBUG=1 for the stack trace)';
  process.stderr.write(`${TOOL_NAME}: internal error: ${error.message ?? String(error)}${detail}\n`);
  process.exitCode = EXIT_USAGE;
}
