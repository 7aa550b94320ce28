// Renders the rule documentation pages (docs/rules/<id>.md) and their index from rule metadata.
// Pure: metadata in, markdown out. scripts/generate-docs.ts writes or checks the files; the meta
// test compares them.
import type { Category } from '../server/src/engine/types';
import type { FixKind, RuleMeta, RuleScope } from '../server/src/rules/types';

export const DOCS_FOLDER = 'docs/rules';
export const INDEX_FILE = 'README.md';
export const CATEGORY_ORDER: readonly Category[] = ['pooling', 'timeouts', 'shared-state', 'memory', 'event-loop'];

const GENERATED_BY = 'scripts/generate-docs.ts';

/** The first line of every generated page; generate-docs only ever deletes files that start with it. */
export function generatedMarker(source: string): string {
  return `<!-- Generated from ${source} by ${GENERATED_BY}; do not edit. -->`;
}

export function isGenerated(text: string): boolean {
  return text.startsWith('<!-- Generated from ') && text.split('\n', 1)[0]!.includes(GENERATED_BY);
}

export function ruleSourcePath(id: string): string {
  return `server/src/rules/${id}.ts`;
}

const FIX_KIND_TEXT: Record<FixKind, string> = {
  safe: 'safe fix (may run on save)',
  suggestion: 'suggestion (changes runtime behaviour; applied on request)',
  none: 'none',
};

const SCOPE_TEXT: Record<RuleScope, string> = {
  'request-path': 'code reached from a request handler',
  application: 'all application code (not tests or scripts)',
};

const SEVERITY_TEXT = { error: 'error', warning: 'warning', info: 'info' } as const;

/** Removes the indentation common to every non-blank line and the blank lines around the code. */
export function dedent(code: string): string {
  const lines = code.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common).trimEnd()).join('\n');
}

/** A fence longer than any backtick run inside the code, so examples may contain fences themselves. */
function codeBlock(code: string, language: string): string {
  const body = dedent(code);
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function tableCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

function prose(markdown: string): string {
  return dedent(markdown);
}

export function renderRulePage(meta: RuleMeta): string {
  const { docs } = meta;
  const messages = Object.entries(meta.messages).map(([id, text]) => `- ${inlineCode(id)}: ${tableCell(text)}`);
  const sections = [
    generatedMarker(ruleSourcePath(meta.id)),
    `# ${meta.id}`,
    [
      '| Category | Default severity | Fix | Applies to |',
      '| --- | --- | --- | --- |',
      `| ${meta.category} | ${SEVERITY_TEXT[meta.defaultSeverity]} | ${FIX_KIND_TEXT[meta.fixKind]} | ${SCOPE_TEXT[meta.scope]} |`,
    ].join('\n'),
    prose(docs.description),
    '## Why it matters under load',
    prose(docs.rationale),
    '## Examples',
    'Code this rule reports:',
    codeBlock(docs.bad, 'ts'),
    'The same code, fixed:',
    codeBlock(docs.good, 'ts'),
    '## When not to use it',
    prose(docs.whenNotToUse),
    'To turn the rule off, or change its severity, name it in `concurrency-lint.json`:',
    codeBlock(JSON.stringify({ rules: { [meta.id]: 'off' } }, null, 2), 'json'),
    '## Messages',
    messages.join('\n'),
  ];
  return sections.join('\n\n') + '\n';
}

/** The order of the index: by category, then by id. */
export function byCategoryThenId(a: RuleMeta, b: RuleMeta): number {
  return CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.id.localeCompare(b.id);
}

/**
 * The rules index. `coverageTable` (scripts/fixture-coverage.ts renders it from the fixtures) adds
 * a section saying in which frameworks, languages and module formats each rule is tested.
 */
export function renderIndex(metas: readonly RuleMeta[], coverageTable?: string): string {
  const rows = [...metas]
    .sort(byCategoryThenId)
    .map(
      (m) =>
        `| [${m.id}](${m.id}.md) | ${m.category} | ${SEVERITY_TEXT[m.defaultSeverity]} | ${m.fixKind} | ${tableCell(m.docs.description)} |`,
    );
  return [
    generatedMarker('server/src/rules/registry.ts'),
    '# Rules',
    'Every rule Concurrency Lint ships. The severity shown is the default; change it per rule in `concurrency-lint.json`. ' +
      'A *safe* fix keeps runtime behaviour and may run on save; a *suggestion* changes behaviour (a timeout, a pool) and is applied only on request.',
    ['| Rule | Category | Default severity | Fix | Description |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'),
    ...(coverageTable === undefined ? [] : coverageSection(coverageTable)),
  ].join('\n\n') + '\n';
}

function coverageSection(table: string): string[] {
  return [
    '## Where each rule is tested',
    'Each rule is tested on small projects (`test/fixtures/rules/<id>/`): code it must report, and look-alikes it must not. ' +
      'A cell lists the languages and module formats in which the rule reports a problem inside that framework\'s handlers ' +
      '(`js·cjs` JavaScript with `require`, `js·esm` JavaScript with `import`, `ts·esm` TypeScript); `n/a` means the rule does not apply there, ' +
      'for the reason given in `test/fixtures/rules/coverage.json`. *Cross-file*: the problem sits in a helper module reached from a handler in another file. ' +
      '*Look-alikes*: the same code in a helper called at startup or bounded (`helper`), or in a script or test (`script/test`), which must not be reported.',
    table,
  ];
}

/** Every generated file in docs/rules: file name → content. */
export function renderAllDocs(metas: readonly RuleMeta[], coverageTable?: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const meta of metas) pages.set(`${meta.id}.md`, renderRulePage(meta));
  pages.set(INDEX_FILE, renderIndex(metas, coverageTable));
  return pages;
}
