// Everything the server and the VS Code client agree on beyond plain LSP: command ids, the custom
// status notification, the shapes of initializationOptions and of a diagnostic's `data`.
// The client never imports server code (see STYLE.md), so client/src/extension.ts repeats the
// strings it needs; keep the two in step.
import { NotificationType, RequestType } from 'vscode-languageserver/node';
import type { TextEdit } from 'vscode-languageserver/node';
import type { CapacityEstimate, WorkloadInput } from '../capacity';

/** The `source` of every diagnostic we publish. */
export const DIAGNOSTIC_SOURCE = 'concurrency-lint';

/** The settings section read through workspace/configuration (`concurrencyLint.enable`, `.rules`, …). */
export const SETTINGS_SECTION = 'concurrencyLint';

export const Commands = {
  /**
   * Server → client, as the command of a "Show documentation" code action; argument: the URL.
   * The VS Code client registers it itself and opens the URL; any other client sends it back as
   * workspace/executeCommand and the server answers with window/showDocument (external).
   */
  showDocumentation: 'concurrencyLint.showDocumentation',
  /**
   * Client → server, workspace/executeCommand with no arguments: publishes diagnostics for every
   * source file of every workspace folder, with $/progress when the client supports it.
   */
  lintWorkspace: 'concurrencyLint.lintWorkspace',
  /**
   * The command of every capacity code lens; argument: the document URI. The VS Code client
   * registers it itself (it opens the capacity report) and lists it in `clientCommands`; any other
   * client sends it back as workspace/executeCommand and the server answers with
   * window/showMessage: the bottleneck sentence and the users supported.
   */
  estimateCapacity: 'concurrencyLint.estimateCapacity',
} as const;

/** The code action kind of "apply every safe fix" (fix on save asks for it, or for `source.fixAll`). */
export const FIX_ALL_KIND = 'source.fixAll.concurrencyLint';

export type ServerStatus = 'ok' | 'warn' | 'error';

export interface StatusParams {
  state: ServerStatus;
  /** Shown as the status bar item's tooltip; absent when all is well. */
  message?: string;
  /** True while a workspace folder is being loaded or the workspace analysed. */
  analysing?: boolean;
}

/**
 * Server → client, `concurrencyLint/status`: whether the server is linting normally ('ok'), with a
 * problem the user should fix such as a broken concurrency-lint.json ('warn'), or after an internal
 * error ('error'), and whether it is busy analysing. Sent only when one of these changes. The VS
 * Code client shows it on its status bar item; other clients may ignore it.
 */
export const StatusNotification = new NotificationType<StatusParams>('concurrencyLint/status');

/** What a client may pass as `initializationOptions` (client → server, in the initialize request). */
export interface InitializationOptions {
  /**
   * Settings for clients without the workspace/configuration capability, shaped like the
   * `concurrencyLint` section: `{ enable?: boolean, rules?: { [ruleId]: severity },
   * loadBalancerIdleTimeoutMs?: number, workload?: { users, thinkTimeMs, … } }`.
   */
  settings?: unknown;
  /**
   * Commands the client registers itself. The server leaves them out of executeCommandProvider:
   * vscode-languageclient would otherwise register them a second time and fail to start.
   */
  clientCommands?: string[];
}

/** A fix as it travels in a diagnostic's `data`, already converted to LSP ranges. */
export interface DiagnosticFix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

/**
 * Server → client → server: stashed in each finding's diagnostic when it is published and sent
 * back in codeAction requests. `version` is the document version the fixes were computed for;
 * fixes of any other version are stale and are not offered.
 */
export interface FindingData {
  kind: 'finding';
  ruleId: string;
  docsUrl: string;
  version: number | undefined;
  fixes: DiagnosticFix[];
}

/** The `data` of a diagnostic about a file we could not (fully) analyse, e.g. a parse error. */
export interface ProblemData {
  kind: 'problem';
  problem: string;
}

export type DiagnosticData = FindingData | ProblemData;

export function isFindingData(data: unknown): data is FindingData {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'finding';
}

/** What the capacity report asks for: a document or a workspace folder, and workload overrides. */
export interface EstimateCapacityParams {
  /** A document URI: the estimate of the project (workspace folder) that holds it. */
  uri?: string;
  /** A workspace folder URI; with neither, the first workspace folder. */
  folder?: string;
  /**
   * Values from the report's form, over concurrency-lint.json's `workload` and the
   * `concurrencyLint.workload` setting (provenance "config: report form").
   */
  workload?: WorkloadInput;
}

export interface EstimateCapacityResult {
  /** The capacity estimate, the same JSON contract as `concurrency-lint capacity --format json`. */
  estimate: CapacityEstimate;
  /** The report as Markdown (renderMarkdown), for "Export as Markdown". */
  markdown: string;
  /** The project's root folder: the estimate's file paths are relative to it. */
  folderUri: string;
}

/**
 * Client → server, `concurrencyLint/estimateCapacity`: the capacity estimate of a project at its
 * configured workload (concurrency-lint.json, then the `concurrencyLint.workload` setting of that
 * folder) with the request's overrides on top. Sent by the VS Code capacity report (the command
 * "Estimate Concurrency Capacity"); any client may send it. Fails with an error when no project
 * holds the URI.
 */
export const EstimateCapacityRequest = new RequestType<EstimateCapacityParams, EstimateCapacityResult, void>('concurrencyLint/estimateCapacity');
