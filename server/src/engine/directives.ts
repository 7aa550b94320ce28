// `// concurrency-lint-disable-next-line rule-a, rule-b` and `// concurrency-lint-disable-line`:
// suppress findings on one line. With no rule ids, every rule is suppressed on that line.
import type { Finding } from './types';

export const DISABLE_NEXT_LINE = 'concurrency-lint-disable-next-line';
export const DISABLE_LINE = 'concurrency-lint-disable-line';

export interface Directive {
  /** 1-based line the directive applies to. */
  line: number;
  /** Empty means every rule. */
  ruleIds: string[];
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*(concurrency-lint-disable-(?:next-)?line)\b([^\n*]*)/g;

/** Finds directives in comments. Cheap text scan: only lines that mention the directive are parsed. */
export function scanDirectives(text: string): Directive[] {
  if (!text.includes('concurrency-lint-disable')) return [];
  const result: Directive[] = [];
  let line = 1;
  let lastIndex = 0;
  for (const match of text.matchAll(DIRECTIVE)) {
    for (let i = lastIndex; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    lastIndex = match.index;
    const ruleIds = (match[2] ?? '')
      .split(/--/)[0]! // "-- reason" after the ids, as ESLint allows
      .split(/[\s,]+/)
      .filter((s) => s.length > 0);
    result.push({ line: match[1] === DISABLE_NEXT_LINE ? line + 1 : line, ruleIds });
  }
  return result;
}

export function applyDirectives(findings: Finding[], directives: readonly Directive[]): Finding[] {
  if (directives.length === 0) return findings;
  return findings.filter(
    (f) => !directives.some((d) => d.line === f.line && (d.ruleIds.length === 0 || d.ruleIds.includes(f.ruleId))),
  );
}
