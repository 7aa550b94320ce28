// textDocument/codeAction: for each of our diagnostics the ESLint family of actions (apply a fix,
// fix all problems of this rule, disable the rule for this line, show its documentation), and the
// `source.fixAll.concurrencyLint` action that applies every safe fix at once (fix on save).
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DISABLE_NEXT_LINE } from '../engine/directives';
import type { Finding, Fix } from '../engine/types';
import { toLspEdits } from './diagnostics';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, isFindingData, type DiagnosticFix } from './protocol';

export interface CodeActionRequest {
  document: TextDocument;
  /** The diagnostics the client sent in the request's context. */
  diagnostics: readonly Diagnostic[];
  /** context.only: the kinds the client asks for (undefined: every kind shown in the light bulb). */
  only: readonly string[] | undefined;
  /** Findings for the document's current text, with the user's settings; computed on demand. */
  currentFindings: () => readonly Finding[];
  /** The client applies versioned `documentChanges` (safer: refused if the document moved on). */
  useDocumentChanges: boolean;
}

/** `kind` is requested when it equals one of `only` or is a sub-kind of one (`source` ⊃ `source.fixAll`). */
function isRequested(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

export function computeCodeActions(request: CodeActionRequest): CodeAction[] {
  const { only } = request;
  const actions: CodeAction[] = [];
  if (isRequested(only, CodeActionKind.QuickFix)) actions.push(...quickFixes(request));
  // Source actions only when asked for by kind: fix on save, or the "Source Action…" menu.
  if (only && isRequested(only, FIX_ALL_KIND)) {
    const fixAll = fixAllAction(request);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

interface OurDiagnostic {
  diagnostic: Diagnostic;
  ruleId: string;
  docsUrl: string | undefined;
  /** Fixes stashed when published, if still for this version of the document. */
  fixes: DiagnosticFix[] | undefined;
}

function ourDiagnostics(request: CodeActionRequest): OurDiagnostic[] {
  const result: OurDiagnostic[] = [];
  for (const diagnostic of request.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = isFindingData(diagnostic.data) ? diagnostic.data : undefined;
    // Clients that do not round-trip `data` still send the rule id as `code`.
    const ruleId = data?.ruleId ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
    if (!ruleId) continue; // a file problem (parse error…): nothing to fix or disable
    result.push({
      diagnostic,
      ruleId,
      docsUrl: data?.docsUrl ?? diagnostic.codeDescription?.href,
      fixes: data && data.version === request.document.version ? data.fixes : undefined,
    });
  }
  return result;
}

function quickFixes(request: CodeActionRequest): CodeAction[] {
  const { document } = request;
  const ours = ourDiagnostics(request);
  if (ours.length === 0) return [];

  let findings: readonly Finding[] | undefined;
  const current = (): readonly Finding[] => (findings ??= request.currentFindings());

  const fixActions: CodeAction[] = [];
  const fixAllOfRule: CodeAction[] = [];
  const disable: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const seenRules = new Set<string>();
  const seenDisables = new Set<string>();

  for (const { diagnostic, ruleId, docsUrl, fixes } of ours) {
    const fixesHere = fixes ?? fixesFromCurrentFindings(document, diagnostic, ruleId, current());
    fixesHere.forEach((fix, i) => {
      fixActions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0 && fix.safe,
        edit: workspaceEdit(request, fix.edits),
      });
    });

    if (!seenRules.has(ruleId)) {
      seenRules.add(ruleId);
      const safeFixesOfRule = current()
        .filter((f) => f.ruleId === ruleId)
        .map((f) => f.fixes.find((fix) => fix.safe))
        .filter((fix): fix is Fix => fix !== undefined);
      if (safeFixesOfRule.length > 1) {
        fixAllOfRule.push({
          title: `Fix all ${ruleId} problems`,
          kind: CodeActionKind.QuickFix,
          edit: workspaceEdit(request, toLspEdits(document, nonOverlappingEdits(safeFixesOfRule))),
        });
      }
      if (docsUrl) {
        const title = `Show documentation for ${ruleId}`;
        docs.push({
          title,
          kind: CodeActionKind.QuickFix,
          command: { title, command: Commands.showDocumentation, arguments: [docsUrl] },
        });
      }
    }

    const line = diagnostic.range.start.line;
    const disableKey = `${ruleId}@${line}`;
    if (!seenDisables.has(disableKey)) {
      seenDisables.add(disableKey);
      const edit = disableForLineEdit(document, line, ruleId);
      if (edit) {
        disable.push({
          title: `Disable ${ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(request, [edit]),
        });
      }
    }
  }
  return [...fixActions, ...fixAllOfRule, ...disable, ...docs];
}

/** The fixes of the current finding at the diagnostic's position, when the stashed ones are stale. */
function fixesFromCurrentFindings(
  document: TextDocument,
  diagnostic: Diagnostic,
  ruleId: string,
  findings: readonly Finding[],
): DiagnosticFix[] {
  const { line, character } = diagnostic.range.start;
  const finding = findings.find((f) => f.ruleId === ruleId && f.line === line + 1 && f.column === character + 1);
  return (finding?.fixes ?? []).map((f) => ({ title: f.title, safe: f.safe, edits: toLspEdits(document, f.edits) }));
}

function fixAllAction(request: CodeActionRequest): CodeAction | undefined {
  const safeFixes = request.currentFindings().flatMap((f) => f.fixes.filter((fix) => fix.safe).slice(0, 1));
  if (safeFixes.length === 0) return undefined;
  return {
    title: 'Fix all safe Concurrency Lint problems',
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(request, toLspEdits(request.document, nonOverlappingEdits(safeFixes))),
  };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  // Two insertions at one offset would apply in an unspecified order: count them as overlapping.
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/**
 * The edits of as many fixes as can be applied together: a fix is taken whole or not at all, and
 * never when one of its edits touches an edit already taken. The rest is fixed on the next run.
 */
export function nonOverlappingEdits(fixes: readonly Fix[]): Array<{ start: number; end: number; newText: string }> {
  const ordered = [...fixes].sort(
    (a, b) => Math.min(...a.edits.map((e) => e.start)) - Math.min(...b.edits.map((e) => e.start)),
  );
  const taken: Array<{ start: number; end: number; newText: string }> = [];
  for (const fix of ordered) {
    if (fix.edits.length === 0) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken.sort((a, b) => a.start - b.start);
}

const DIRECTIVE_LINE = new RegExp(`^(\\s*)//\\s*${DISABLE_NEXT_LINE}\\b(.*)$`);

/**
 * `// concurrency-lint-disable-next-line <rule>` on its own line above `line`, indented like it;
 * or the rule id appended to such a directive already there. Undefined when that directive
 * already covers the rule.
 */
export function disableForLineEdit(document: TextDocument, line: number, ruleId: string): TextEdit | undefined {
  const lineText = (l: number): string =>
    document.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$/, '');

  if (line > 0) {
    const previous = lineText(line - 1);
    const match = DIRECTIVE_LINE.exec(previous);
    if (match) {
      const rest = match[2] ?? '';
      const reasonAt = rest.indexOf('--');
      const idsPart = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
      const ids = idsPart.split(/[\s,]+/).filter((s) => s.length > 0);
      if (ids.length === 0 || ids.includes(ruleId)) return undefined;
      const character = previous.length - rest.length + idsPart.trimEnd().length;
      const at = { line: line - 1, character };
      return { range: { start: at, end: at }, newText: `, ${ruleId}` };
    }
  }
  const indent = /^[ \t]*/.exec(lineText(line))?.[0] ?? '';
  const eol = document.getText().includes('\r\n') ? '\r\n' : '\n';
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}// ${DISABLE_NEXT_LINE} ${ruleId}${eol}` };
}

function workspaceEdit(request: CodeActionRequest, edits: TextEdit[]): WorkspaceEdit {
  const { document } = request;
  if (request.useDocumentChanges) {
    return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  }
  return { changes: { [document.uri]: edits } };
}
