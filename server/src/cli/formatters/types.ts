// The contract between the CLI and its output formats: results in, the report text out. Formatters
// are pure: everything they need from outside (cwd, colour, rule metadata, file text) comes in here.
import type { LintResult } from '../../engine/types';
import type { RuleMeta } from '../../rules/types';

export interface FormatContext {
  /** Paths are shown relative to this folder. */
  cwd: string;
  /** ANSI colours (stylish only). */
  color: boolean;
  /** Every rule in the registry, in registry order (SARIF lists them as the tool's rules). */
  rules: readonly RuleMeta[];
  toolName: string;
  toolVersion: string;
  /** The text of a linted file, to turn a fix's edits into ESLint's single-range form. */
  readSource(file: string): string | undefined;
}

export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;
