// Writes docs/rules/<id>.md for every rule and docs/rules/README.md from the rule metadata (and,
// in the index, the fixture coverage table scripts/fixture-coverage.ts derives from the fixtures).
// `--check` writes nothing and exits 1 when a page differs, is missing, or belongs to no rule
// (CI runs it, so the docs cannot drift from the code).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/rules/registry';
import { DOCS_FOLDER, isGenerated, renderAllDocs } from './docs-render';
import { fixtureCoverageTable } from './fixture-coverage';

const repositoryRoot = path.resolve(__dirname, '..');
const docsFolder = path.join(repositoryRoot, DOCS_FOLDER);
const check = process.argv.includes('--check');

const normalise = (text: string) => text.replace(/\r\n/g, '\n');
const metas = rules.map((r) => r.meta);
// The index also says where each rule is tested, read from the fixtures: adding fixtures may need `npm run docs`.
const expected = renderAllDocs(metas, fixtureCoverageTable(metas));
const existing = new Map<string, string>();
if (fs.existsSync(docsFolder)) {
  for (const name of fs.readdirSync(docsFolder)) {
    if (name.endsWith('.md')) existing.set(name, normalise(fs.readFileSync(path.join(docsFolder, name), 'utf8')));
  }
}

const missing = [...expected.keys()].filter((name) => !existing.has(name));
const changed = [...expected.keys()].filter((name) => existing.has(name) && existing.get(name) !== expected.get(name));
const extra = [...existing.keys()].filter((name) => !expected.has(name));
const shown = (name: string) => `${DOCS_FOLDER}/${name}`;

if (check) {
  const report = [
    ...missing.map((n) => `  missing:   ${shown(n)}`),
    ...changed.map((n) => `  outdated:  ${shown(n)}`),
    ...extra.map((n) => `  no rule:   ${shown(n)}`),
  ];
  if (report.length > 0) {
    process.stderr.write(`Rule docs are out of date; run \`npm run docs\`:\n${report.join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${DOCS_FOLDER}: ${expected.size} files up to date\n`);
  }
} else {
  fs.mkdirSync(docsFolder, { recursive: true });
  for (const name of [...missing, ...changed]) fs.writeFileSync(path.join(docsFolder, name), expected.get(name)!);
  // Only pages we generated are ours to delete; a hand-written page is reported and left alone.
  const handWritten: string[] = [];
  for (const name of extra) {
    if (isGenerated(existing.get(name)!)) fs.rmSync(path.join(docsFolder, name));
    else handWritten.push(name);
  }
  const written = missing.length + changed.length;
  const removed = extra.length - handWritten.length;
  process.stdout.write(`${DOCS_FOLDER}: ${written} written, ${removed} removed, ${expected.size - written} unchanged\n`);
  if (handWritten.length > 0) {
    process.stderr.write(`Not generated and matching no rule (remove them or add the rule):\n${handWritten.map((n) => `  ${shown(n)}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
