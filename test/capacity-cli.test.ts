// `concurrency-lint capacity` end to end: the built dist/cli.js spawned on examples/express-pg and on
// test/fixtures/cli/capacity (a pool of 10, one route holding a connection per request, a config
// with `workload.users: 500`). The JSON contract CI reads, the workload flags and where their values
// say they came from, the md and text formats, and usage errors (exit 2). Build first.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeProvenance, type CapacityEstimate } from '../server/src/capacity';
import { REPOSITORY_ROOT, fixture, makeTempProject, runCli } from './helpers/cli';

const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'express-pg');
const FIXTURE = fixture('capacity');
const COMMAND_LINE = { source: 'config', detail: 'command line' };

function estimate(args: string[], cwd = FIXTURE): CapacityEstimate {
  const run = runCli(['capacity', '--format', 'json', ...args], { cwd });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as CapacityEstimate;
}

const pool = (e: CapacityEstimate) => e.resources.find((r) => r.file === 'src/db.js')!;

describe('capacity --format json: the CI contract', () => {
  it('on the example backend: every contract field is present and the numbers are sane', () => {
    const e = estimate([], EXAMPLE);
    assert.equal(e.schemaVersion, 1);
    for (const key of ['users', 'thinkTimeMs', 'requestMs', 'instances', 'databaseMaxConnections', 'clientTimeoutMs'] as const) {
      assert.equal(typeof e.workload[key].value, 'number', key);
      assert.ok(e.workload[key].provenance.source, `${key} says where it came from`);
    }
    assert.ok(e.usersSupported !== null && e.usersSupported > 0 && e.usersSupported < e.workload.users.value, `usersSupported ${e.usersSupported}`);
    assert.ok(e.collapseUsers !== null && e.collapseUsers > e.usersSupported, `collapseUsers ${e.collapseUsers}`);
    assert.equal(e.bottleneck?.resourceId, pool(e).id);
    assert.match(e.bottleneck!.sentence, /src\/db\.js:4 .* is the bottleneck/);
    for (const r of e.resources) {
      assert.deepEqual(Object.keys(r).filter((k) => ['kind', 'library', 'file', 'line', 'size', 'usersSupported', 'utilization', 'predictedWaitMs', 'status'].includes(k)).length, 9, `${r.id} has every contract field`);
      assert.ok(fs.existsSync(path.join(EXAMPLE, r.file)), `${r.file} is relative to the project`);
      assert.ok(['ok', 'warning', 'saturated'].includes(r.status));
    }
    const db = pool(e);
    assert.deepEqual({ kind: db.kind, library: db.library, line: db.line, size: db.size, status: db.status }, { kind: 'db-pool', library: 'pg', line: 4, size: 10, status: 'saturated' });
    assert.ok(db.utilization! > 0 && db.utilization! <= 1, `utilization ${db.utilization}`);
    const w = db.predictedWaitMs!;
    assert.ok(w.low <= w.expected && w.expected <= w.high, JSON.stringify(w));
  });

  it('routes: each with whether it carries user traffic; the example’s /health probe gets no share', () => {
    const e = estimate([], EXAMPLE);
    const health = e.routes.find((r) => r.key === 'GET /health')!;
    assert.deepEqual(
      { traffic: health.traffic, userFacing: health.userFacing, classifiedBy: health.classifiedBy, file: health.file, line: health.line },
      { traffic: 'probe', userFacing: false, classifiedBy: 'path', file: 'src/app.js', line: 21 },
    );
    assert.ok(e.routes.filter((r) => r.key !== 'GET /health').every((r) => r.userFacing && r.reason === 'user-facing'));
    const run = runCli(['capacity'], { cwd: EXAMPLE });
    assert.match(run.stdout, /^ {2}Memory per process: ≈ 70 MB idle \(1,000 connections\), \+ \d+ in flight × 100 KB \(express\.json\(\) at src\/app\.js:11\) = \d+ MB: ≤ \d+ MB of 512 MB \(fits\)/m);
    assert.match(run.stdout, /^Routes not counted as user traffic:\n {2}GET \/health \(src\/app\.js:21\): probe: a health\/readiness\/metrics probe/m);
  });

  it('workload.routes[…].userFacing in concurrency-lint.json counts an admin route as user traffic', (t) => {
    const app = [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      'const pool = new Pool();',
      'const app = express();',
      "app.get('/admin/stats', async (req, res) => res.json((await pool.query('SELECT 1')).rows));",
      'app.listen(3000);',
    ].join('\n');
    const project = makeTempProject({ 'package.json': '{ "dependencies": { "express": "^4.21.0", "pg": "^8.13.0" } }', 'src/app.js': app });
    t.after(() => project.remove());
    const before = estimate([], project.folder);
    assert.deepEqual([before.resources[0]!.modelled, before.resources[0]!.excludedRoutes, before.routes[0]!.traffic], [false, ['GET /admin/stats'], 'operator']);
    fs.writeFileSync(path.join(project.folder, 'concurrency-lint.json'), '{ "workload": { "routes": { "GET /admin/stats": { "userFacing": true } } } }');
    const after = estimate([], project.folder);
    assert.deepEqual([after.resources[0]!.modelled, after.routes[0]!.classifiedBy, after.resources[0]!.status], [true, 'config', 'saturated']);
    fs.writeFileSync(path.join(project.folder, 'concurrency-lint.json'), '{ "workload": { "routes": { "GET /admin/stats": { "userFacing": "yes" } } } }');
    const broken = runCli(['capacity'], { cwd: project.folder });
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /concurrency-lint\.json:1:\d+: "userFacing" must be true or false/);
  });

  it('--memory-limit-mb and --cpus are workload values from the command line', () => {
    const e = estimate(['--memory-limit-mb', '100', '--cpus', '8'], EXAMPLE);
    assert.deepEqual([e.workload.memoryLimitMb.value, e.workload.memoryLimitMb.provenance, e.workload.cpus.value], [100, COMMAND_LINE, 8]);
    assert.equal(e.checks.memory.verdict, 'exceeds');
    assert.equal(e.recommendations.find((r) => r.kind === 'memory')?.severity, 'warning');
  });

  it('the config file’s workload applies, and says so', () => {
    const e = estimate([]);
    assert.equal(e.workload.users.value, 500);
    assert.equal(e.workload.users.source, 'config: concurrency-lint.json');
    assert.equal(e.workload.thinkTimeMs.provenance.source, 'default');
  });

  it('--users overrides the config (provenance "command line"): utilisation moves, the capacity does not', () => {
    const few = estimate(['--users', '50']);
    const many = estimate(['--users', '2000']);
    assert.deepEqual(few.workload.users.provenance, COMMAND_LINE);
    assert.deepEqual([few.workload.users.value, many.workload.users.value], [50, 2000]);
    assert.deepEqual([few.usersSupported, many.usersSupported], [85, 85]);
    assert.deepEqual([pool(few).status, pool(many).status], ['ok', 'saturated']);
    assert.ok(pool(few).utilization! < 0.85 && pool(many).utilization === 1);
    assert.equal(pool(many).offeredUtilization! / pool(few).offeredUtilization!, 40);
    assert.deepEqual([pool(few).recommendedSize, pool(many).recommendedSize], [6, 236]);
  });

  it('--hold-ms sets the hold of every route; --instances multiplies the fleet', () => {
    const held = estimate(['--hold-ms', '50']);
    assert.equal(pool(held).demand?.holdMs, 50);
    assert.equal(held.usersSupported, 340);
    assert.deepEqual(held.workload.routes, { 'POST /orders': { holdMs: 50 } });
    const fleet = estimate(['--instances', '2', '--think-time-ms', '800', '--request-ms', '200', '--database-max-connections', '300', '--client-timeout-ms', '5000']);
    assert.equal(fleet.usersSupported, 84, '2 processes × ⌊0.85 · 10 · (800 + 200) / 200⌋');
    assert.deepEqual(
      [fleet.workload.instances.value, fleet.workload.thinkTimeMs.value, fleet.workload.databaseMaxConnections.value, fleet.workload.clientTimeoutMs.value],
      [2, 800, 300, 5000],
    );
    assert.equal(fleet.checks.fleetBudget?.available, 297);
  });

  it('a pool size the code reads from the environment is an assumption, and a library default names its version once', (t) => {
    const project = makeTempProject({
      'package.json': '{ "dependencies": { "express": "^4.21.0", "pg": "^8.13.0" } }',
      'src/db.js': "const { Pool } = require('pg');\nmodule.exports = new Pool({ max: process.env.PG_POOL_MAX });\n",
      'src/app.js': "const express = require('express');\nconst pool = require('./db');\nconst app = express();\napp.get('/items', async (req, res) => res.json((await pool.query('SELECT 1')).rows));\napp.listen(3000);\n",
    });
    t.after(() => project.remove());
    const fromEnv = estimate([], project.folder).resources[0]!;
    assert.deepEqual([fromEnv.size, fromEnv.sizeSource], [10, { source: 'default', detail: 'assumed 10: the code sets the size from a value it does not show (configuration, environment) at src/db.js:2' }]);
    assert.match(runCli(['capacity'], { cwd: project.folder }).stdout, /^ {2}size 10 \(assumed\); /m);

    const defaulted = pool(estimate([], EXAMPLE)).sizeSource;
    assert.equal(defaulted.source, 'library-default');
    assert.match(describeProvenance(defaulted), /^pg 8\.\d+\.\d+ from (node_modules|package-lock\.json|package\.json) default: 10$/);
  });

  it('numbers as people type them: 1_000 and 1e3 are a thousand users', () => {
    assert.deepEqual([estimate(['--users', '1_000']).workload.users.value, estimate(['--users', '1e3']).workload.users.value], [1000, 1000]);
  });

  it('--output-file writes the same JSON', (t) => {
    const out = makeTempProject({});
    t.after(() => out.remove());
    const file = path.join(out.folder, 'capacity.json');
    const run = runCli(['capacity', '--format', 'json', '-o', file], { cwd: FIXTURE });
    assert.deepEqual([run.status, run.stdout], [0, '']);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), estimate([]));
  });
});

describe('capacity --format md and text', () => {
  it('md: the report with the resources table and every derivation', () => {
    const run = runCli(['capacity', '--format', 'md'], { cwd: EXAMPLE });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^# Concurrency capacity\n\n\*\*The pg pool at src\/db\.js:4 .* is the bottleneck/);
    assert.match(run.stdout, /^\| Resource \| Where \| Size \| Users supported \| Utilisation \|/m);
    assert.match(run.stdout, /^\| pg db-pool `src\/db\.js:4:14` \| src\/db\.js:4 \| 10 \(pg default\) \| ≈ 46 \|/m);
    assert.match(run.stdout, /<details><summary>Users supported at utilisation ≤ 0\.85: /);
  });

  it('text (the default): the bottleneck first, a line per resource, the workload with sources', () => {
    const run = runCli(['capacity', '--users', '2000'], { cwd: FIXTURE });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^The pg pool at src\/db\.js:4 \(size 10\) is the bottleneck: it supports ≈ 85 users/);
    assert.match(run.stdout, /^pg db-pool at src\/db\.js:4 {2}\[saturated\]$/m);
    assert.match(run.stdout, /^ {2}needs ≥ 236 for 2,000 users$/m);
    assert.match(run.stdout, /^ {2}users +2,000 +config: command line$/m);
    assert.doesNotMatch(run.stdout, /^#/m);
  });

  it('text names each resource once, with its id only when the id says more than where it is', () => {
    const run = runCli(['capacity'], { cwd: EXAMPLE });
    assert.match(run.stdout, /^pg db-pool at src\/db\.js:4 {2}\[saturated\]$/m);
    assert.match(run.stdout, /^node global agent http-agent at src\/routes\/orders\.js:13 {2}\(upstream:\(unknown host\)\) {2}\[ok\]$/m);
  });

  it('a wait too small to print says ≈ 0 ms, never in exponent notation', () => {
    for (const format of ['text', 'md']) {
      const run = runCli(['capacity', '--think-time-ms', '100000000', '--format', format], { cwd: EXAMPLE });
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /\de-\d/, `${format}: no 5.5e-30`);
      assert.match(run.stdout, format === 'text' ? /; wait ≈ 0 ms;/ : /\| ≈ 0 ms \|/);
    }
  });
});

describe('capacity: usage errors exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['a negative user count', ['--users=-1'], /^concurrency-lint: --users expects a whole number of at least 0, got "-1"$/m],
    ['a negative number after the flag', ['--users', '-1'], /^concurrency-lint: --users expects a whole number of at least 0, got "-1"$/m],
    ['a negative think time after the flag', ['--think-time-ms', '-200'], /^concurrency-lint: --think-time-ms expects a number of at least 0, got "-200"$/m],
    ['an option where the value should be', ['--users', '--format', 'json'], /option '--users' needs a value/],
    ['a hexadecimal count', ['--users', '0x10'], /--users expects a whole number of at least 0, got "0x10"/],
    ['a fractional user count', ['--users', '2.5'], /--users expects a whole number/],
    ['a word for a number', ['--think-time-ms', 'slow'], /--think-time-ms expects a number of at least 0, got "slow"/],
    ['zero instances', ['--instances', '0'], /--instances expects a whole number of at least 1/],
    ['a zero hold', ['--hold-ms', '0'], /--hold-ms expects a number above 0/],
    ['a missing value', ['--users'], /option '--users' needs a value/],
    ['an unknown format', ['--format', 'html'], /unknown format "html" for capacity \(expected text, md, json\)/],
    ['an unknown option', ['--max-warnings', '3'], /unknown option '--max-warnings' for capacity/],
    ['a missing path', ['no-such-folder'], /no such file or directory: no-such-folder/],
    ['a missing config file', ['--config', 'nope.json'], /no such configuration file: nope\.json/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const run = runCli(['capacity', ...args], { cwd: FIXTURE });
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /^concurrency-lint: /);
    });
  }

  it('--help prints the capacity usage and exits 0', () => {
    const run = runCli(['capacity', '--help'], { cwd: FIXTURE });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: concurrency-lint capacity \[options\] \[paths\.\.\.\]/);
    assert.match(run.stdout, /--hold-ms <ms>/);
  });
});
