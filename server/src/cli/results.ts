// How the CLI weighs what the engine returned: which file problems are errors (a parse error, as in
// ESLint) and which are warnings (a skipped binary or huge file), the totals, and the exit code.
import type { FileProblem, FileProblemKind, Finding, LintResult } from '../engine/types';

export const EXIT_OK = 0;
/** Errors were found, or more warnings than --max-warnings allows. */
export const EXIT_LINT_FAILED = 1;
/** Bad arguments, a broken config, a missing path or an internal error: nothing was linted. */
export const EXIT_USAGE = 2;

/** ESLint's two levels. `info` findings report as warnings: ESLint and its consumers know no third level. */
export type ReportLevel = 'error' | 'warning';

const PROBLEM_LEVEL: Record<FileProblemKind, ReportLevel> = {
  // The file was not analysed at all, so a clean run would be a lie: fail like ESLint does.
  'parse-error': 'error',
  'read-error': 'error',
  // Skipped on purpose (generated bundles, images named .js): say so, but do not fail CI for it.
  binary: 'warning',
  'too-large': 'warning',
  // Our bug, not the user's: the other rules still ran on the file.
  'rule-error': 'warning',
};

export function problemLevel(problem: FileProblem): ReportLevel {
  return PROBLEM_LEVEL[problem.kind];
}

export function findingLevel(finding: Finding): ReportLevel {
  return finding.severity === 'error' ? 'error' : 'warning';
}

/** The problem as one line for people: "Parsing error: ',' expected", "Skipped: the file looks binary…". */
export function problemText(problem: FileProblem): string {
  if (problem.kind === 'parse-error' && !/^parsing error/i.test(problem.message)) return `Parsing error: ${problem.message}`;
  return problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
}

export interface Totals {
  /** Error findings plus error problems (parse errors, unreadable files). */
  errorCount: number;
  /** Warning and info findings plus warning problems (skipped files). */
  warningCount: number;
  /** Files that could not be parsed or read. */
  fatalErrorCount: number;
  /** Warning and info findings only: what --max-warnings limits (a skipped file is not a code smell). */
  findingWarningCount: number;
  /** Findings that carry a safe fix (one that may run on save). */
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function emptyTotals(): Totals {
  return {
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    findingWarningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

export function totalsOf(result: LintResult): Totals {
  const totals = emptyTotals();
  for (const finding of result.findings) {
    const fixable = finding.fixes.some((f) => f.safe);
    if (findingLevel(finding) === 'error') {
      totals.errorCount++;
      if (fixable) totals.fixableErrorCount++;
    } else {
      totals.warningCount++;
      totals.findingWarningCount++;
      if (fixable) totals.fixableWarningCount++;
    }
  }
  for (const problem of result.problems) {
    if (problemLevel(problem) === 'error') {
      totals.errorCount++;
      totals.fatalErrorCount++;
    } else {
      totals.warningCount++;
    }
  }
  return totals;
}

export function sumTotals(results: readonly LintResult[]): Totals {
  const sum = emptyTotals();
  for (const result of results) {
    const t = totalsOf(result);
    for (const key of Object.keys(sum) as (keyof Totals)[]) sum[key] += t[key];
  }
  return sum;
}

export function tooManyWarnings(totals: Totals, maxWarnings: number | undefined): boolean {
  return maxWarnings !== undefined && totals.findingWarningCount > maxWarnings;
}

export function exitCodeFor(totals: Totals, maxWarnings: number | undefined): number {
  return totals.errorCount > 0 || tooManyWarnings(totals, maxWarnings) ? EXIT_LINT_FAILED : EXIT_OK;
}

/** Findings in reading order; files keep the engine's (sorted) order. */
export function inReadingOrder(results: readonly LintResult[]): LintResult[] {
  return results.map((r) => ({
    ...r,
    findings: [...r.findings].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId)),
  }));
}
