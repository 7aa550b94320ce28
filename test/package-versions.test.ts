// Installed versions are read from node_modules, lockfiles and package.json, in that order, and
// version-keyed defaults follow them (the newest default, flagged as assumed, when unknown).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PackageVersions } from '../server/src/engine/package-versions';
import { versionedDefault, describeVersion } from '../server/src/engine/library-defaults';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cl-versions-'));
  fs.mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

test('node_modules wins over the lockfile and the declared range', () => {
  const root = project({
    'package.json': JSON.stringify({ dependencies: { redis: '^4.6.0' } }),
    'package-lock.json': JSON.stringify({ packages: { 'node_modules/redis': { version: '4.7.0' } } }),
    'node_modules/redis/package.json': JSON.stringify({ version: '6.0.1' }),
  });
  const found = new PackageVersions().versionOf('redis', path.join(root, 'src'));
  assert.equal(found?.version, '6.0.1');
  assert.equal(found?.source, 'node_modules');
});

test('package-lock.json, yarn.lock and pnpm-lock.yaml give the locked version', () => {
  const npm = project({ 'package-lock.json': JSON.stringify({ packages: { 'node_modules/pg': { version: '8.11.3' } } }) });
  assert.equal(new PackageVersions().versionOf('pg', npm)?.version, '8.11.3');
  const yarn = project({ 'yarn.lock': '"pg@^8.0.0", pg@^8.11.0:\n  version "8.11.5"\n  resolved "x"\n' });
  assert.deepEqual(
    { version: new PackageVersions().versionOf('pg', yarn)?.version, source: new PackageVersions().versionOf('pg', yarn)?.source },
    { version: '8.11.5', source: 'yarn.lock' },
  );
  const pnpm = project({ 'pnpm-lock.yaml': "packages:\n\n  /mongodb@3.7.4:\n    resolution: {integrity: x}\n" });
  assert.equal(new PackageVersions().versionOf('mongodb', pnpm)?.version, '3.7.4');
});

test('a declared range gives its lowest version, and says it is a range', () => {
  const root = project({ 'package.json': JSON.stringify({ dependencies: { 'lru-cache': '^6.0.0' } }) });
  const found = new PackageVersions().versionOf('lru-cache', root);
  assert.equal(found?.version, '6.0.0');
  assert.equal(found?.range, '^6.0.0');
  assert.equal(found?.source, 'package.json');
});

test('the Node.js version comes from .nvmrc, else engines.node', () => {
  assert.equal(new PackageVersions().nodeVersion(project({ '.nvmrc': 'v16.20.0\n' }))?.version, '16.20.0');
  const fromEngines = new PackageVersions().nodeVersion(project({ 'package.json': JSON.stringify({ engines: { node: '>=18.17' } }) }));
  assert.equal(fromEngines?.version, '18.17.0');
  assert.equal(fromEngines?.source, 'engines.node');
});

test('version-keyed defaults follow the installed version', () => {
  const v4 = { version: '4.7.0', source: 'node_modules' as const, file: 'x' };
  const v6 = { version: '6.0.1', source: 'node_modules' as const, file: 'x' };
  assert.equal(versionedDefault('redisCommandTimeoutMs', v4).value, 0);
  assert.equal(versionedDefault('redisCommandTimeoutMs', v6).value, 5000);
  assert.equal(versionedDefault('mongoMaxPoolSize', { version: '3.7.4', source: 'pnpm-lock.yaml', file: 'x' }).value, 5);
  assert.equal(versionedDefault('nodeRequestTimeoutMs', { version: '16.20.0', source: '.nvmrc', file: 'x' }).value, 0);
});

test('an unknown version assumes the newest default and says so', () => {
  const answer = versionedDefault('redisCommandTimeoutMs', undefined);
  assert.equal(answer.assumed, true);
  assert.equal(answer.value, 5000);
  assert.match(describeVersion(answer), /version unknown, assuming the newest redis/);
});
