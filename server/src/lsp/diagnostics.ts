// Converts the engine's findings and file problems into LSP diagnostics: 1-based line/column become
// 0-based positions, fix offsets become ranges of the document the findings were computed for.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigError } from '../engine/config';
import type { FileProblem, Finding, LintResult, Severity, TextEdit as EngineEdit } from '../engine/types';
import { DIAGNOSTIC_SOURCE, type FindingData, type ProblemData } from './protocol';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Parse errors and failing rules matter more than files we skip on purpose (binary, huge). */
const PROBLEM_SEVERITIES: Record<FileProblem['kind'], DiagnosticSeverity> = {
  'parse-error': DiagnosticSeverity.Warning,
  'rule-error': DiagnosticSeverity.Warning,
  'read-error': DiagnosticSeverity.Warning,
  binary: DiagnosticSeverity.Information,
  'too-large': DiagnosticSeverity.Information,
};

/** A 1-based line/column pair as a 0-based LSP position, never negative. */
function position(line: number, column: number): { line: number; character: number } {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

export function toLspEdits(document: TextDocument, edits: readonly EngineEdit[]): TextEdit[] {
  return edits.map((e) => ({
    range: { start: document.positionAt(e.start), end: document.positionAt(e.end) },
    newText: e.newText,
  }));
}

/**
 * `document` is the text the finding was computed from; without it (files linted for the whole
 * workspace but not open) the diagnostic carries no fixes: they are computed again once it opens.
 */
export function findingToDiagnostic(finding: Finding, document: TextDocument | undefined): Diagnostic {
  const data: FindingData = {
    kind: 'finding',
    ruleId: finding.ruleId,
    docsUrl: finding.docsUrl,
    version: document?.version,
    fixes: document ? finding.fixes.map((f) => ({ title: f.title, safe: f.safe, edits: toLspEdits(document, f.edits) })) : [],
  };
  return {
    range: { start: position(finding.line, finding.column), end: position(finding.endLine, finding.endColumn) },
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: finding.docsUrl },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}

/** The first line of the document (where file-level problems are shown), or an empty range. */
function topOfFile(document: TextDocument | undefined): Range {
  if (!document) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const firstLine = document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
  return { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.replace(/\r?\n$/, '').length } };
}

function pointRange(line: number, column: number): Range {
  const start = position(line, column);
  return { start, end: { line: start.line, character: start.character + 1 } };
}

export function problemToDiagnostic(problem: FileProblem, document: TextDocument | undefined): Diagnostic {
  const data: ProblemData = { kind: 'problem', problem: problem.kind };
  return {
    range: problem.line !== undefined ? pointRange(problem.line, problem.column ?? 1) : topOfFile(document),
    severity: PROBLEM_SEVERITIES[problem.kind] ?? DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
    data,
  };
}

export function resultToDiagnostics(result: LintResult, document: TextDocument | undefined): Diagnostic[] {
  return [
    ...result.problems.map((p) => problemToDiagnostic(p, document)),
    ...result.findings.map((f) => findingToDiagnostic(f, document)),
  ];
}

/** When the engine itself throws on a file: one diagnostic instead of a failed request or stale results. */
export function internalErrorDiagnostic(error: unknown, document: TextDocument | undefined): Diagnostic {
  return problemToDiagnostic(
    { file: '', kind: 'rule-error', message: `Concurrency Lint failed on this file: ${errorMessage(error)}` },
    document,
  );
}

export function configErrorDiagnostic(error: ConfigError): Diagnostic {
  return {
    range: pointRange(error.line, error.column),
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    message: error.message,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
