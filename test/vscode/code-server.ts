// Starts a real VS Code for the end-to-end tests: code-server (installed by
// scripts/e2e/install-code-server.sh into a cache folder) in a throwaway home, and headless Debian
// Chromium driven by playwright-core. Used by the integration launcher (run-code-server.ts) and the
// UI smoke test. Every process is started in its own group and the group is killed at the end:
// killing code-server alone can leave the extension host (and our language server) running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from './wait';

export { waitFor };

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TEST_OUTPUT = path.join(REPO_ROOT, '.test-output');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.139.1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where install-code-server.sh put Node 24 and code-server (same defaults as the script). */
export function codeServerInstall(): { node: string; entry: string } {
  const cache =
    process.env.CONCURRENCY_LINT_E2E_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'concurrency-lint-e2e');
  const node = process.env.CODE_SERVER_NODE ?? path.join(cache, 'node-v24', 'bin', 'node');
  const entry =
    process.env.CODE_SERVER_ENTRY ??
    path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const file of [node, entry, CHROMIUM]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run scripts/e2e/install-code-server.sh first`);
    }
  }
  return { node, entry };
}

/** A folder under the system temp dir that holds everything one run writes; removed by dispose(). */
export class Sandbox {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(name: string) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `concurrency-lint-${name}-`));
    const dirs = { XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', TMPDIR: 'tmp' };
    this.env = { ...process.env };
    for (const [variable, dir] of Object.entries(dirs)) {
      const full = path.join(this.root, dir);
      fs.mkdirSync(full, { recursive: true });
      this.env[variable] = full;
    }
    // Our Node must not leak into code-server's extension host (tsx's loader, inspector flags…).
    delete this.env.NODE_OPTIONS;
    delete this.env.ELECTRON_RUN_AS_NODE;
  }

  path(...parts: string[]): string {
    return path.join(this.root, ...parts);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A copy of one of examples/ in the sandbox, so tests may edit it freely. */
export function copyExample(sandbox: Sandbox, name: string): string {
  const target = sandbox.path('workspace', name);
  fs.cpSync(path.join(REPO_ROOT, 'examples', name), target, { recursive: true });
  return target;
}

/** The workbench settings that keep welcome pages, trust prompts, AI panels and updates out of the way. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  sandbox: Sandbox;
  workspace: string;
  /** User settings on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** A .vsix installed with --install-extension before the server starts. */
  vsix?: string;
  /** Lets the workbench run extension tests and report through window.codeAutomationExit. */
  smokeTestDriver?: boolean;
}

export class CodeServer {
  private exited = false;

  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on('exit', () => (this.exited = true));
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const { node, entry } = codeServerInstall();
    const { sandbox } = options;
    const userDataDir = sandbox.path('user-data');
    const extensionsDir = sandbox.path('extensions');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
    );
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    if (options.vsix) {
      const install = spawnSync(node, [entry, ...common, '--install-extension', options.vsix, '--force'], {
        env: sandbox.env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (install.status !== 0) {
        throw new Error(`installing ${options.vsix} failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
      }
    }

    const port = await freePort();
    const configFile = sandbox.path('config.yaml');
    fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [
      entry,
      '--config', configFile,
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      options.workspace,
    ];
    const logFile = sandbox.path('code-server.log');
    const log = fs.openSync(logFile, 'a');
    const child = spawn(node, args, { env: sandbox.env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const server = new CodeServer(`http://127.0.0.1:${port}`, port, child, logFile);
    try {
      await waitFor(
        'code-server to answer /healthz',
        async () => {
          if (server.exited) throw new Error(`code-server exited:\n${server.log()}`);
          const response = await fetch(`${server.url}/healthz`).catch(() => undefined);
          return response?.status === 200;
        },
        60_000,
        200,
      );
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  log(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** SIGTERM to the whole process group, SIGKILL if it is still there after 5 s. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) {
      killGroup(pid, 'SIGKILL'); // children of an exited server may remain
      return;
    }
    killGroup(pid, 'SIGTERM');
    const gone = await waitFor('code-server to exit', () => this.exited, 5_000).then(() => true, () => false);
    killGroup(pid, 'SIGKILL');
    if (!gone) await waitFor('code-server to exit after SIGKILL', () => this.exited, 5_000).catch(() => undefined);
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Headless Debian Chromium with a fresh profile in the sandbox. */
export async function launchBrowser(sandbox: Sandbox): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(sandbox.path('chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env: sandbox.env as Record<string, string>,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** The vscode-remote URI code-server's workbench uses for a path on this machine. */
export function remoteUri(server: CodeServer, file: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${file.split(path.sep).join('/')}`;
}
