// Plain data shared by the engine, the rules and both front ends (CLI, LSP). No LSP types here:
// positions are offsets into the file text plus 1-based line/column for humans.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type Category = 'pooling' | 'timeouts' | 'shared-state' | 'memory' | 'event-loop';

/** A replacement of the text between two offsets. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes keep runtime behaviour and may run on save (source.fixAll); suggestions only on request. */
  safe: boolean;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  category: Category;
  docsUrl: string;
  /** Absolute path of the file. */
  file: string;
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: Fix[];
}

export type FileProblemKind = 'parse-error' | 'binary' | 'too-large' | 'read-error' | 'rule-error';

/** Something that kept us from analysing (part of) a file; never a finding about the user's code. */
export interface FileProblem {
  file: string;
  kind: FileProblemKind;
  message: string;
  line?: number;
  column?: number;
}

export interface LintResult {
  file: string;
  findings: Finding[];
  problems: FileProblem[];
}

/** Project facts rules need that the code cannot tell (from config or editor settings). */
export interface AnalysisSettings {
  /** Idle timeout of the load balancer in front of the servers (AWS ALB: 60 s). */
  loadBalancerIdleTimeoutMs: number;
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = { loadBalancerIdleTimeoutMs: 60000 };

/**
 * A finding that depends on what a function's callers pass (they may be in other files): kept only
 * when the call sites the project holds satisfy it. `fn` names the function: a syntax node in the
 * rule, its id once the analysis is stored.
 */
export type CallerCondition<F = number> =
  /**
   * Some caller passes request data at one of these parameter positions: from one of `fields`
   * when given (`body`, `query`…), and not capped by the caller when `uncapped` (see ArgumentFact).
   * With `property`, the function reads that property of what it is given (`query.limit`): the
   * caller passes request data whose `property` it does not bound, or an object literal whose
   * `property` holds uncapped request data (`{ limit: req.query.limit }`).
   */
  | { kind: 'passes-request'; fn: F; indexes: number[]; fields?: string[]; uncapped?: true; property?: string }
  /**
   * Every caller outside tests (at least one) passes, at `index`, an object literal with none of
   * `keys`; a caller that passes nothing gets the parameter's default, whose keys are
   * `defaultKeys` (undefined: no readable default, so such a caller does not satisfy it).
   */
  | { kind: 'object-lacks'; fn: F; index: number; keys: string[]; defaultKeys?: string[] };
