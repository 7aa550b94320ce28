// The default output, shaped like ESLint's `stylish`: each file's path underlined, one aligned row
// per finding (`  line:col  severity  message  rule-id`), then a one-line summary.
import type { LintResult } from '../../engine/types';
import { findingLevel, problemLevel, problemText, sumTotals } from '../results';
import { displayPath } from './paths';
import type { Formatter } from './types';

type Level = 'error' | 'warning' | 'info';

interface Row {
  line: number;
  column: number;
  level: Level;
  message: string;
  ruleId: string;
}

interface Palette {
  underline(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  level(level: Level, s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const LEVEL_COLOR: Record<Level, (s: string) => string> = {
  error: ansi(31, 39),
  warning: ansi(33, 39),
  info: ansi(34, 39),
};
const COLORS: Palette = {
  underline: ansi(4, 24),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
  level: (level, s) => LEVEL_COLOR[level](s),
};
const PLAIN: Palette = { underline: (s) => s, dim: (s) => s, bold: (s) => s, level: (_level, s) => s };

function rowsOf(result: LintResult): Row[] {
  const rows: Row[] = [];
  // A problem without a position is about the whole file: ESLint shows those at 0:0.
  for (const p of result.problems) {
    rows.push({ line: p.line ?? 0, column: p.column ?? 0, level: problemLevel(p), message: problemText(p), ruleId: '' });
  }
  for (const f of result.findings) {
    const level: Level = f.severity === 'info' ? 'info' : findingLevel(f);
    rows.push({ line: f.line, column: f.column, level, message: f.message, ruleId: f.ruleId });
  }
  return rows.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** ESLint drops the final full stop of a message: the row already ends with the rule id. */
function withoutFinalStop(message: string): string {
  return message.replace(/([^ ])\.$/u, '$1');
}

function renderRows(rows: Row[], palette: Palette): string {
  const width = (pick: (r: Row) => string) => Math.max(...rows.map((r) => pick(r).length));
  const lineWidth = width((r) => String(r.line));
  const columnWidth = width((r) => String(r.column));
  const levelWidth = width((r) => r.level);
  const messageWidth = width((r) => withoutFinalStop(r.message));
  return rows
    .map((r) => {
      const position = `${String(r.line).padStart(lineWidth)}:${String(r.column).padEnd(columnWidth)}`;
      const message = withoutFinalStop(r.message);
      const cells = [
        palette.dim(position),
        palette.level(r.level, r.level) + ' '.repeat(levelWidth - r.level.length),
        r.ruleId ? message + ' '.repeat(messageWidth - message.length) : message,
      ];
      if (r.ruleId) cells.push(palette.dim(r.ruleId));
      return `  ${cells.join('  ')}`;
    })
    .join('\n');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const formatStylish: Formatter = (results, context) => {
  const palette = context.color ? COLORS : PLAIN;
  let output = '\n';
  for (const result of results) {
    const rows = rowsOf(result);
    if (rows.length === 0) continue;
    output += `${palette.underline(displayPath(context.cwd, result.file))}\n${renderRows(rows, palette)}\n\n`;
  }
  const totals = sumTotals(results);
  const total = totals.errorCount + totals.warningCount;
  if (total === 0) return '';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(totals.errorCount, 'error')}, ${plural(totals.warningCount, 'warning')})`;
  const summaryLevel: Level = totals.errorCount > 0 ? 'error' : 'warning';
  return `${output}${palette.level(summaryLevel, palette.bold(summary))}\n`;
};
