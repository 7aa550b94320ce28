// Editor settings (`concurrencyLint.enable`, `.rules`, `.loadBalancerIdleTimeoutMs`), resolved per
// document through workspace/configuration. The only state kept is a per-document cache, dropped
// whenever the client says the configuration changed; clients without the capability, or that have nothing for
// our section (Neovim without `settings`), get the settings they sent in initializationOptions or
// didChangeConfiguration, or the defaults.
import type { Connection } from 'vscode-languageserver/node';
import { parseSeverity } from '../engine/config';
import type { SeveritySetting } from '../engine/types';
import { SETTINGS_SECTION } from './protocol';
import { normaliseWorkloadSetting } from './capacity';
import type { WorkloadInput } from '../capacity';

export interface Settings {
  enable: boolean;
  /** `concurrencyLint.codeLens.enable`: the capacity lens above each pool. */
  codeLens: boolean;
  /** Severity per rule id, applied over concurrency-lint.json. */
  rules: Record<string, SeveritySetting>;
  /**
   * Over concurrency-lint.json's `settings.loadBalancerIdleTimeoutMs`; undefined when the user did
   * not set it (the VS Code client leaves the manifest's default out).
   */
  loadBalancerIdleTimeoutMs?: number;
  /** `concurrencyLint.workload`: the capacity estimate's workload over concurrency-lint.json's. */
  workload?: WorkloadInput;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ enable: true, codeLens: true, rules: {} });

/**
 * Turns whatever the client sent into Settings. Unknown severities are dropped with a message in
 * `problems` (shown once in the log) rather than failing: a typo in settings must not stop linting.
 */
export function normaliseSettings(raw: unknown, knownRules: ReadonlySet<string>, problems: string[] = []): Settings {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_SETTINGS, rules: {} };
  const value = raw as { enable?: unknown; codeLens?: { enable?: unknown }; rules?: unknown; loadBalancerIdleTimeoutMs?: unknown; workload?: unknown };
  const rules: Record<string, SeveritySetting> = {};
  if (typeof value.rules === 'object' && value.rules !== null) {
    for (const [id, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      const severity = parseSeverity(setting);
      if (!knownRules.has(id)) problems.push(`concurrencyLint.rules: unknown rule "${id}" ignored`);
      else if (!severity) problems.push(`concurrencyLint.rules: invalid severity ${JSON.stringify(setting)} for "${id}" ignored`);
      else rules[id] = severity;
    }
  }
  const settings: Settings = { enable: value.enable !== false, codeLens: value.codeLens?.enable !== false, rules };
  const idleTimeout = value.loadBalancerIdleTimeoutMs;
  if (typeof idleTimeout === 'number' && Number.isFinite(idleTimeout) && idleTimeout >= 0) settings.loadBalancerIdleTimeoutMs = idleTimeout;
  else if (idleTimeout !== undefined && idleTimeout !== null) problems.push(`concurrencyLint.loadBalancerIdleTimeoutMs: ${JSON.stringify(idleTimeout)} is not a number of milliseconds; ignored`);
  const workload = normaliseWorkloadSetting(value.workload, problems);
  if (workload && Object.keys(workload).length > 0) settings.workload = workload;
  return settings;
}

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<Settings>>();
  /** Used when the client cannot answer workspace/configuration, or answers null for our section. */
  private pushed: Settings;
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    private readonly knownRules: ReadonlySet<string>,
    initialSettings: unknown,
  ) {
    this.pushed = this.normalise(initialSettings);
  }

  /** The settings for a document or folder URI. */
  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(
          (raw: unknown) => (raw === null || raw === undefined ? this.pushed : this.normalise(raw)),
          (error: unknown) => {
            this.connection.console.warn(`Reading settings for ${uri} failed, using defaults: ${String(error)}`);
            return { ...DEFAULT_SETTINGS, rules: {} };
          },
        );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  /** didChangeConfiguration: drop the cache; a client that pushes settings sends them here. */
  changed(pushedSettings: unknown): void {
    this.byUri.clear();
    if (!this.canPull && pushedSettings !== undefined && pushedSettings !== null) {
      const section = (pushedSettings as Record<string, unknown>)[SETTINGS_SECTION];
      this.pushed = this.normalise(section ?? pushedSettings);
    }
  }

  private normalise(raw: unknown): Settings {
    const problems: string[] = [];
    const settings = normaliseSettings(raw, this.knownRules, problems);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.connection.console.warn(problem);
    }
    return settings;
  }
}
