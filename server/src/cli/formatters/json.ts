// `--format json`: ESLint's JSON formatter shape (an array of files with `messages`, severities 1/2
// and counts), so tools that read ESLint's output read ours, plus `problems`: files or parts of
// files we could not analyse (parse errors, binary or huge files).
import type { Finding, Fix, LintResult } from '../../engine/types';
import { findingLevel, problemLevel, totalsOf } from '../results';
import type { Formatter } from './types';

/** ESLint's single-range edit: replace `range` (offsets into the file) by `text`. */
export interface JsonFix {
  range: [number, number];
  text: string;
}

export interface JsonMessage {
  ruleId: string;
  messageId: string;
  /** 2 = error, 1 = warning (and info). */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A safe fix (keeps behaviour), as ESLint's `--fix` would apply it. */
  fix?: JsonFix;
  /** Fixes that change runtime behaviour (adding a timeout, a pool): applied only on request. */
  suggestions?: { desc: string; fix: JsonFix }[];
}

export interface JsonProblem {
  kind: string;
  severity: 1 | 2;
  message: string;
  line?: number;
  column?: number;
}

export interface JsonFileResult {
  filePath: string;
  messages: JsonMessage[];
  problems: JsonProblem[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

const severityNumber = (level: 'error' | 'warning'): 1 | 2 => (level === 'error' ? 2 : 1);

/**
 * Our fixes may hold several edits; ESLint's hold one range. Merge them into one replacement of the
 * text from the first edit's start to the last edit's end. Undefined when the edits overlap or the
 * file text is unavailable.
 */
export function toSingleRange(fix: Fix, source: string | undefined): JsonFix | undefined {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  if (edits.length === 0) return undefined;
  if (edits.length === 1) return { range: [edits[0]!.start, edits[0]!.end], text: edits[0]!.newText };
  if (source === undefined) return undefined;
  let text = '';
  let cursor = edits[0]!.start;
  for (const edit of edits) {
    if (edit.start < cursor) return undefined;
    text += source.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return { range: [edits[0]!.start, cursor], text };
}

function toMessage(finding: Finding, source: () => string | undefined): JsonMessage {
  const message: JsonMessage = {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    severity: severityNumber(findingLevel(finding)),
    message: finding.message,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
  };
  const safe = finding.fixes.find((f) => f.safe);
  const fix = safe && toSingleRange(safe, source());
  if (fix) message.fix = fix;
  const suggestions = finding.fixes
    .filter((f) => !f.safe)
    .flatMap((f) => {
      const range = toSingleRange(f, source());
      return range ? [{ desc: f.title, fix: range }] : [];
    });
  if (suggestions.length > 0) message.suggestions = suggestions;
  return message;
}

function toFileResult(result: LintResult, readSource: (file: string) => string | undefined): JsonFileResult {
  let cached: { text: string | undefined } | undefined;
  const source = () => (cached ??= { text: readSource(result.file) }).text;
  const totals = totalsOf(result);
  return {
    filePath: result.file,
    messages: result.findings.map((f) => toMessage(f, source)),
    problems: result.problems.map((p) => ({
      kind: p.kind,
      severity: severityNumber(problemLevel(p)),
      message: p.message,
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
    })),
    errorCount: totals.errorCount,
    fatalErrorCount: totals.fatalErrorCount,
    warningCount: totals.warningCount,
    fixableErrorCount: totals.fixableErrorCount,
    fixableWarningCount: totals.fixableWarningCount,
  };
}

export const formatJson: Formatter = (results, context) =>
  JSON.stringify(results.map((r) => toFileResult(r, context.readSource))) + '\n';
