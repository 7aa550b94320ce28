// The language server with a client that is not VS Code: Neovim 0.7 (Debian's) headless, through
// test/vscode/neovim/lsp-client.lua, on a temp copy of examples/express-pg. Checks that the
// diagnostics match the example's `// expect:` markers, that code actions come back, and that
// settings sent as initializationOptions apply. Needs `npm run build` and `nvim`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyExample, REPO_ROOT, Sandbox } from '../code-server';
import { coveredRules, expectMarkers, markerKeys } from '../markers';

const SCRIPT = path.join(REPO_ROOT, 'test', 'vscode', 'neovim', 'lsp-client.lua');
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const POOL_RULE = 'require-pool-acquire-timeout';

interface NeovimResult {
  diagnostics: Array<{ line: number; col: number; end_line: number; end_col: number; source: string; code: string; message: string; href: string | null }>;
  actions: string[];
}

function runNeovim(sandbox: Sandbox, root: string, file: string, expectCount: number, initializationOptions?: unknown): NeovimResult {
  const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
    env: {
      ...sandbox.env,
      CL_SERVER_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']),
      CL_ROOT: root,
      CL_FILE: file,
      ...(initializationOptions === undefined ? {} : { CL_INIT_OPTIONS: JSON.stringify(initializationOptions) }),
      CL_EXPECT_COUNT: String(expectCount),
      CL_ACTIONS_FOR: POOL_RULE,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `nvim exited with ${result.status} (${result.signal ?? ''}):\n${result.stdout}\n${result.stderr}`);
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no result from nvim:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line) as NeovimResult;
}

function markers(root: string, file: string): string[] {
  return markerKeys(expectMarkers(fs.readFileSync(path.join(root, file), 'utf8')));
}

/** `rule-id@line` of the findings, for the rules the example marks (newer rules are not compared). */
function findingKeys(root: string, diagnostics: NeovimResult['diagnostics']): string[] {
  const rules = coveredRules(root);
  return diagnostics.filter((d) => rules.has(d.code)).map((d) => `${d.code}@${d.line}`).sort();
}

test('Neovim 0.7 as an LSP client: diagnostics on the marked lines, code actions, settings from initializationOptions', async (t) => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    t.skip('nvim is not installed (scripts/e2e/install-code-server.sh installs it)');
    return;
  }
  assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run \`npm run build\``);
  const sandbox = new Sandbox('neovim');
  t.after(() => sandbox.dispose());
  const root = copyExample(sandbox, 'express-pg');

  await t.test('src/db.js: the pool finding with rule id, docs link and a narrow range; its code actions', () => {
    const expected = markers(root, 'src/db.js');
    const { diagnostics, actions } = runNeovim(sandbox, root, 'src/db.js', expected.length);
    assert.deepEqual(findingKeys(root, diagnostics), expected.sort());
    const pool = diagnostics.find((d) => d.code === POOL_RULE);
    assert.equal(pool?.source, 'concurrency-lint');
    assert.match(pool?.href ?? '', /\/docs\/rules\/require-pool-acquire-timeout\.md$/);
    const text = fs.readFileSync(path.join(root, 'src/db.js'), 'utf8').split('\n')[pool!.line]!;
    assert.equal(text.slice(pool!.col, pool!.end_col), 'Pool');
    assert.ok(actions.some((a) => /connectionTimeoutMillis/.test(a)), `actions: ${actions.join(' | ')}`);
    assert.ok(actions.includes(`Disable ${POOL_RULE} for this line`), `actions: ${actions.join(' | ')}`);
  });

  await t.test('src/routes/users.js: a finding reached across files (handler → bcrypt.hashSync)', () => {
    const expected = markers(root, 'src/routes/users.js');
    const { diagnostics } = runNeovim(sandbox, root, 'src/routes/users.js', expected.length);
    assert.deepEqual(findingKeys(root, diagnostics), expected.sort());
  });

  await t.test('a rule turned off in initializationOptions.settings', () => {
    const expected = markers(root, 'src/db.js').filter((k) => !k.startsWith(`${POOL_RULE}@`));
    const { diagnostics } = runNeovim(sandbox, root, 'src/db.js', expected.length, {
      settings: { rules: { [POOL_RULE]: 'off' } },
    });
    assert.deepEqual(findingKeys(root, diagnostics), expected.sort());
  });
});
