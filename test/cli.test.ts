// The CLI end to end: `node dist/cli.js` spawned for real on fixture folders (test/fixtures/cli/),
// checking output, exit codes and that linted files are never touched. Build first: `node esbuild.mjs`.
// The last block renders the formatters in-process from hand-written results (no engine, no rules).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import packageJson from '../package.json';
import { ruleIds } from '../server/src/rules/registry';
import type { LintResult } from '../server/src/engine/types';
import type { RuleMeta } from '../server/src/rules/types';
import { formatStylish } from '../server/src/cli/formatters/stylish';
import { formatJson } from '../server/src/cli/formatters/json';
import { formatSarif } from '../server/src/cli/formatters/sarif';
import type { FormatContext } from '../server/src/cli/formatters/types';
import {
  BINARY_BYTES,
  REPOSITORY_ROOT,
  fixture,
  hasAnsi,
  makeTempProject,
  outputLines,
  parseJsonReport,
  parseSarifReport,
  readFixtureFile,
  reportedFiles,
  runCli,
  snapshotFolder,
} from './helpers/cli';

const CATEGORIES = ['pooling', 'timeouts', 'shared-state', 'memory', 'event-loop'];
const SERVER_TS = path.join('src', 'server.ts');
/** `const c = new Client();` in the fixtures' src/server.ts: the callee `Client`. */
const CLIENT_LINE = 8;
const CLIENT_COLUMN = 17;
const NO_STACK_TRACE = /^\s+at /m;

describe('stylish (default format)', () => {
  it('reports a per-request pg Client in an Express handler as an error and exits 1', () => {
    const run = runCli([], { cwd: fixture('error-route') });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.ok(outputLines(run.stdout).includes(SERVER_TS), 'the file path on a line of its own');
    assert.match(run.stdout, /^ {2}8:17 {2}error {2}\S.* {2}no-client-per-request$/m);
    assert.match(run.stdout, /^✖ 1 problem \(1 error, 0 warnings\)$/m);
    assert.equal(hasAnsi(run.stdout), false, 'no colours when stdout is not a terminal');
  });

  it('prints nothing and exits 0 on a clean folder', () => {
    const run = runCli(['.'], { cwd: fixture('clean') });
    assert.deepEqual(run, { status: 0, stdout: '', stderr: '' });
  });
});

describe('--format json', () => {
  it('lists every linted file with ESLint-shaped messages', () => {
    const folder = fixture('error-route');
    const run = runCli(['--format', 'json'], { cwd: folder });
    assert.equal(run.status, 1, run.stderr);
    const report = parseJsonReport(run.stdout);
    assert.deepEqual(reportedFiles(report, folder), ['src/server.ts']);
    const [file] = report;
    assert.equal(file!.filePath, path.join(folder, SERVER_TS));
    assert.equal(file!.errorCount, 1);
    assert.equal(file!.warningCount, 0);
    assert.deepEqual(file!.problems, []);
    const [message] = file!.messages;
    assert.equal(message!.ruleId, 'no-client-per-request');
    assert.equal(message!.severity, 2);
    assert.equal(message!.line, CLIENT_LINE);
    assert.equal(message!.column, CLIENT_COLUMN);
    assert.equal(typeof message!.message, 'string');
  });
});

describe('--format sarif', () => {
  it('writes a SARIF 2.1.0 log with the finding at a relative URI', () => {
    const run = runCli(['-f', 'sarif'], { cwd: fixture('error-route') });
    assert.equal(run.status, 1, run.stderr);
    const log = parseSarifReport(run.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema!, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun!.tool.driver.name, 'concurrency-lint');
    assert.equal(sarifRun!.tool.driver.version, packageJson.version);
    const result = sarifRun!.results!.find((r) => r.ruleId === 'no-client-per-request');
    assert.ok(result, 'a result for no-client-per-request');
    assert.equal(result.level, 'error');
    const location = result.locations![0]!.physicalLocation!;
    assert.equal(location.artifactLocation!.uri, 'src/server.ts');
    assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.equal(location.region!.startLine, CLIENT_LINE);
    assert.equal(location.region!.startColumn, CLIENT_COLUMN);
    assert.equal(sarifRun!.tool.driver.rules![result.ruleIndex!]!.id, 'no-client-per-request');
  });

  it('describes every rule of the registry with its category', () => {
    const run = runCli(['--format=sarif'], { cwd: fixture('clean') });
    assert.equal(run.status, 0, run.stderr);
    const descriptors = parseSarifReport(run.stdout).runs[0]!.tool.driver.rules!;
    assert.deepEqual(descriptors.map((d) => d.id).sort(), [...ruleIds].sort());
    for (const descriptor of descriptors) {
      assert.ok(CATEGORIES.includes(descriptor.properties!['category'] as string), `${descriptor.id} category`);
      assert.ok(descriptor.shortDescription!.text, `${descriptor.id} shortDescription`);
      assert.match(descriptor.helpUri!, new RegExp(`/docs/rules/${descriptor.id}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(descriptor.defaultConfiguration!.level!), `${descriptor.id} level`);
    }
  });
});

describe('exit codes', () => {
  it('passes warnings by default and fails them with --max-warnings 0', () => {
    const folder = fixture('warning-config');
    const lenient = runCli([], { cwd: folder });
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stdout, /^ {2}8:17 {2}warning {2}\S.* {2}no-client-per-request$/m);
    const strict = runCli(['--max-warnings', '0'], { cwd: folder });
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /^concurrency-lint: too many warnings \(1 found, maximum: 0\)$/m);
    const enough = runCli(['--max-warnings', '1'], { cwd: folder });
    assert.equal(enough.status, 0, enough.stderr);
  });

  it('rejects an unknown flag with exit 2 and one line, no stack trace', () => {
    const run = runCli(['--bogus'], { cwd: fixture('clean') });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^concurrency-lint: unknown option '--bogus'$/m);
    assert.doesNotMatch(run.stderr, NO_STACK_TRACE);
  });

  it('rejects an unknown format and a malformed --max-warnings with exit 2', () => {
    const format = runCli(['--format', 'xml'], { cwd: fixture('clean') });
    assert.equal(format.status, 2);
    assert.match(format.stderr, /^concurrency-lint: unknown format "xml"/m);
    const max = runCli(['--max-warnings', 'many'], { cwd: fixture('clean') });
    assert.equal(max.status, 2);
    assert.match(max.stderr, /^concurrency-lint: --max-warnings expects a whole number/m);
  });

  it('fails with exit 2 on a path that does not exist', () => {
    const run = runCli(['src', 'does-not-exist'], { cwd: fixture('clean') });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'concurrency-lint: no such file or directory: does-not-exist\n');
  });

  it('prints help and the version with exit 0', () => {
    const help = runCli(['--help'], { cwd: fixture('clean') });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: concurrency-lint /);
    const version = runCli(['--version'], { cwd: fixture('clean') });
    assert.deepEqual(version, { status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });
});

describe('configuration errors', () => {
  it('points at invalid JSON in concurrency-lint.json with file:line:col', () => {
    const run = runCli([], { cwd: fixture('config-invalid-json') });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'concurrency-lint: concurrency-lint.json:3:29: invalid JSON: ColonExpected\n');
  });

  it('points at an unknown rule id with file:line:col', () => {
    const run = runCli([], { cwd: fixture('config-unknown-rule') });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'concurrency-lint: concurrency-lint.json:3:5: unknown rule "no-such-rule"\n');
  });

  it('names a --config file relative to the cwd', () => {
    const config = path.join('test', 'fixtures', 'cli', 'config-unknown-rule', 'concurrency-lint.json');
    const run = runCli(['--config', config, path.dirname(config)], { cwd: REPOSITORY_ROOT });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, `concurrency-lint: ${config}:3:5: unknown rule "no-such-rule"\n`);
  });

  it('fails with exit 2 when the --config file does not exist', () => {
    const run = runCli(['--config', 'missing.json'], { cwd: fixture('clean') });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'concurrency-lint: no such configuration file: missing.json\n');
  });
});

describe('files the engine cannot analyse', () => {
  it('reports a parse error with its line as an error and still lints the other files', () => {
    const folder = fixture('parse-error');
    const stylish = runCli([], { cwd: folder });
    assert.equal(stylish.status, 1, stylish.stderr);
    assert.ok(outputLines(stylish.stdout).includes(path.join('src', 'broken.ts')));
    assert.match(stylish.stdout, /^ {2}2:\d+ +error {2}Parsing error: \S/m);
    assert.doesNotMatch(stylish.stdout, /Parsing error: Parsing error/);

    const report = parseJsonReport(runCli(['--format', 'json'], { cwd: folder }).stdout);
    assert.deepEqual(reportedFiles(report, folder), ['src/broken.ts', 'src/server.ts']);
    const [broken, server] = report;
    assert.equal(broken!.problems.length, 1);
    assert.equal(broken!.problems[0]!.kind, 'parse-error');
    assert.equal(broken!.problems[0]!.severity, 2);
    assert.equal(broken!.problems[0]!.line, 2);
    assert.equal(broken!.errorCount, 1);
    assert.deepEqual(server!.messages.map((m) => m.ruleId), ['no-client-per-request']);
  });

  it('skips a binary .js file with a warning, without failing the run', () => {
    const folder = fixture('binary');
    const stylish = runCli([], { cwd: folder });
    assert.equal(stylish.status, 0, stylish.stderr);
    assert.ok(outputLines(stylish.stdout).includes(path.join('src', 'logo.js')));
    assert.match(stylish.stdout, /^ {2}0:0 {2}warning {2}Skipped: .*binary/m);
    assert.doesNotMatch(stylish.stderr, NO_STACK_TRACE);

    const json = runCli(['--format', 'json', '--max-warnings', '0'], { cwd: folder });
    assert.equal(json.status, 0, 'a skipped file is not a warning about code');
    const report = parseJsonReport(json.stdout);
    assert.deepEqual(reportedFiles(report, folder), ['src/logo.js', 'src/server.ts']);
    assert.equal(report[0]!.problems[0]!.kind, 'binary');
    assert.equal(report[0]!.problems[0]!.severity, 1);

    const sarif = parseSarifReport(runCli(['--format', 'sarif'], { cwd: folder }).stdout);
    const [notification] = sarif.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    assert.equal(notification!.level, 'warning');
    assert.equal(notification!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'src/logo.js');
  });
});

describe('which files are linted', () => {
  it('skips node_modules, .gitignore\'d folders and ignorePatterns', (t) => {
    const project = makeTempProject({
      'package.json': readFixtureFile('error-route/package.json'),
      '.gitignore': 'generated/\n',
      'concurrency-lint.json': '{ "ignorePatterns": ["vendor/"] }\n',
      'src/server.ts': readFixtureFile('error-route/src/server.ts'),
      // Binary files would show up as "skipped" problems if anything read them.
      'generated/bundle.js': BINARY_BYTES,
      'node_modules/some-lib/index.js': BINARY_BYTES,
      'vendor/legacy.js': BINARY_BYTES,
    });
    t.after(project.remove);
    const run = runCli(['--format', 'json'], { cwd: project.folder });
    const report = parseJsonReport(run.stdout);
    assert.deepEqual(reportedFiles(report, project.folder), ['src/server.ts']);
    assert.deepEqual(report[0]!.problems, []);
  });

  it('takes no context from above a folder that is in no package (the cwd may be a home folder or /tmp)', (t) => {
    const pool = "const { Pool } = require('pg');\nmodule.exports = new Pool({ max: 40, connectionTimeoutMillis: 5000, statement_timeout: 5000 });\n";
    const project = makeTempProject({
      'app/service/package.json': '{ "name": "service", "private": true, "dependencies": { "pg": "^8.11.5" } }\n',
      'app/service/src/db.js': pool,
      // Another project beside it: its pool and its 4 PM2 instances are not the service's.
      'stray/db.js': pool,
      'stray/ecosystem.config.js': "module.exports = { apps: [{ name: 'other', script: 'db.js', instances: 4 }] };\n",
    });
    t.after(project.remove);
    const run = runCli(['--format', 'json', 'app'], { cwd: project.folder });
    const report = parseJsonReport(run.stdout);
    assert.deepEqual(reportedFiles(report, project.folder), ['app/service/src/db.js']);
    assert.deepEqual(report.flatMap((r) => r.messages.map((m) => m.ruleId)), []);
  });

  it('lints a folder outside the cwd with that folder as the root', () => {
    const folder = fixture('warning-config');
    const run = runCli(['--format', 'json', path.join('..', 'warning-config')], { cwd: fixture('clean') });
    const report = parseJsonReport(run.stdout);
    assert.deepEqual(reportedFiles(report, folder), ['src/server.ts']);
    // Only a root at the fixture folder reads its concurrency-lint.json (which turns the error into a warning).
    assert.equal(run.status, 0, run.stderr);
    assert.equal(report[0]!.messages[0]?.severity, 1);
  });
});

describe('the linted files', () => {
  it('are never modified, whatever the format or output file', (t) => {
    const folders = ['error-route', 'parse-error', 'binary'].map(fixture);
    const before = folders.map(snapshotFolder);
    const output = makeTempProject({});
    t.after(output.remove);
    for (const folder of folders) {
      for (const format of ['stylish', 'json', 'sarif']) runCli(['--format', format], { cwd: folder });
    }
    runCli(['--output-file', path.join(output.folder, 'report.txt')], { cwd: folders[0]! });
    assert.deepEqual(folders.map(snapshotFolder), before);
  });
});

describe('--output-file', () => {
  it('writes the report to the file and nothing to stdout', (t) => {
    const output = makeTempProject({});
    t.after(output.remove);
    const target = path.join(output.folder, 'reports', 'lint.json');
    const run = runCli(['--format', 'json', '-o', target], { cwd: fixture('error-route') });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(parseJsonReport(fs.readFileSync(target, 'utf8'))[0]!.messages[0]!.ruleId, 'no-client-per-request');
  });
});

// ---- formatters in-process, from hand-written results ----------------------------------------------

const FAKE_RULE: RuleMeta = {
  id: 'no-example',
  category: 'pooling',
  defaultSeverity: 'error',
  scope: 'request-path',
  requiresTypeInfo: false,
  fixKind: 'suggestion',
  messages: { example: 'Example message.' },
  docs: { description: 'Reports examples.', rationale: 'Examples pile up.', bad: 'bad()', good: 'good()', whenNotToUse: 'Never.' },
};

const CWD = path.resolve('/project');
const APP = path.join(CWD, 'src', 'app.ts');
const BROKEN = path.join(CWD, 'src', 'broken.ts');

const finding = (line: number, column: number, severity: 'error' | 'warning' | 'info', message: string) => ({
  ruleId: 'no-example',
  messageId: 'example',
  message,
  severity,
  category: 'pooling' as const,
  docsUrl: 'https://example.invalid/no-example.md',
  file: APP,
  start: 0,
  end: 3,
  line,
  column,
  endLine: line,
  endColumn: column + 3,
  fixes: [],
});

const RESULTS: LintResult[] = [
  {
    file: APP,
    findings: [finding(3, 7, 'error', 'A pg Client per request.'), finding(12, 21, 'info', 'Consider a timeout.')],
    problems: [],
  },
  { file: BROKEN, findings: [], problems: [{ file: BROKEN, kind: 'parse-error', message: "Parsing error: ',' expected.", line: 2, column: 35 }] },
];

const CONTEXT: FormatContext = {
  cwd: CWD,
  color: false,
  rules: [FAKE_RULE],
  toolName: 'concurrency-lint',
  toolVersion: '9.9.9',
  readSource: () => undefined,
};

describe('formatters (in-process)', () => {
  it('stylish aligns rows like ESLint and sums errors and warnings', () => {
    const expected = [
      '',
      path.join('src', 'app.ts'),
      '   3:7   error  A pg Client per request  no-example',
      '  12:21  info   Consider a timeout       no-example',
      '',
      path.join('src', 'broken.ts'),
      "  2:35  error  Parsing error: ',' expected",
      '',
      '✖ 3 problems (2 errors, 1 warning)',
      '',
    ].join('\n');
    assert.equal(formatStylish(RESULTS, CONTEXT), expected);
  });

  it('stylish colours only when asked', () => {
    assert.equal(hasAnsi(formatStylish(RESULTS, { ...CONTEXT, color: true })), true);
    assert.equal(formatStylish([{ file: APP, findings: [], problems: [] }], CONTEXT), '');
  });

  it('json maps error to 2, warning and info to 1, and keeps problems apart', () => {
    const report = JSON.parse(formatJson(RESULTS, CONTEXT));
    assert.deepEqual(
      report.map((r: { messages: { severity: number }[] }) => r.messages.map((m) => m.severity)),
      [[2, 1], []],
    );
    assert.deepEqual(report[1].problems, [{ kind: 'parse-error', severity: 2, message: "Parsing error: ',' expected.", line: 2, column: 35 }]);
    assert.equal(report[1].errorCount, 1);
    assert.equal(report[1].fatalErrorCount, 1);
  });

  it('sarif levels, rule indexes and notifications', () => {
    const log = JSON.parse(formatSarif(RESULTS, CONTEXT));
    const run = log.runs[0];
    assert.deepEqual(
      run.results.map((r: { level: string; ruleIndex: number }) => [r.level, r.ruleIndex]),
      [['error', 0], ['note', 0]],
    );
    assert.equal(run.tool.driver.version, '9.9.9');
    assert.equal(run.tool.driver.rules[0].properties.category, 'pooling');
    assert.equal(run.invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.region.startLine, 2);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///project/');
  });
});
