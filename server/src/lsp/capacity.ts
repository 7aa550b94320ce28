// The capacity estimate in the editor: the `concurrencyLint/estimateCapacity` request behind the
// report, a code lens above each pool ("max 10 · ≈ 46 users at this workload · needs ≥ 214 for
// 1,000 users"), a hover on the pool's callee with the arithmetic, and the `concurrencyLint.workload`
// setting. The numbers come from Engine.estimateCapacity; this file only places and words them.
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  ErrorCodes,
  MarkupKind,
  ResponseError,
  type CodeLens,
  type CodeLensParams,
  type Connection,
  type Hover,
  type HoverParams,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeProvenance, renderMarkdown, type CapacityEstimate, type Derivation, type ResourceEstimate, type WorkloadInput } from '../capacity';
import { fmtInt, fmtNumber } from '../capacity/format';
import type { InventoryResource } from '../engine/inventory';
import type { OpenSourceDocument } from './linting';
import { Commands, type EstimateCapacityParams, type EstimateCapacityResult } from './protocol';
import type { SettingsCache } from './settings';
import { uriToPath, type Project, type Workspace } from './workspace';

export interface CapacityHost {
  workspace: Workspace;
  documents: TextDocuments<TextDocument>;
  settings: SettingsCache;
  /** The open JS/TS document with its project, or undefined (config files, other languages). */
  sourceDocument(document: TextDocument): OpenSourceDocument | undefined;
  /** Brings a project up to date: files loaded, editor settings applied, open buffers in its engine. */
  prepare(project: Project): Promise<void>;
}

export interface CapacityOptions {
  /** The client answers workspace/codeLens/refresh. */
  canRefreshCodeLenses: boolean;
}

/** Provenance of the report form's values. */
const FORM_PROVENANCE = { source: 'config', detail: 'report form' } as const;

export class CapacityFeatures {
  /** The estimate each project's lenses were last computed from, to refresh them only on change. */
  private readonly shown = new WeakMap<Project, CapacityEstimate>();

  constructor(
    private readonly connection: Connection,
    private readonly host: CapacityHost,
    private readonly options: CapacityOptions,
  ) {}

  /** `concurrencyLint/estimateCapacity`. */
  async estimate(params: EstimateCapacityParams): Promise<EstimateCapacityResult> {
    const project = this.projectFor(params);
    if (!project) {
      throw new ResponseError(ErrorCodes.InvalidParams, params.uri || params.folder ? `no project holds ${params.uri ?? params.folder}` : 'open a folder to estimate its capacity');
    }
    await this.host.prepare(project);
    const problems: string[] = [];
    const overrides = normaliseWorkloadSetting(params.workload, problems, 'workload');
    for (const problem of problems) this.connection.console.warn(`estimateCapacity: ${problem}`);
    const estimate = project.engine.estimateCapacity(overrides && Object.keys(overrides).length > 0 ? [{ input: overrides, provenance: FORM_PROVENANCE }] : []);
    return { estimate, markdown: renderMarkdown(estimate), folderUri: project.uri };
  }

  /** textDocument/codeLens: one lens above each resource the file declares. */
  async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    if (!(await this.host.settings.get(params.textDocument.uri)).codeLens) return [];
    const target = await this.prepared(params.textDocument.uri);
    if (!target) return [];
    const { document, project, estimate } = target;
    this.shown.set(project, estimate);
    return this.resourcesIn(target).map(({ inventory, estimate: resource }) => ({
      range: { start: document.positionAt(inventory.calleeStart), end: document.positionAt(inventory.calleeEnd) },
      command: { title: lensTitle(resource, estimate), command: Commands.estimateCapacity, arguments: [document.uri] },
    }));
  }

  /** textDocument/hover on a resource's callee (`Pool` in `new Pool({…})`) or its size option (`max: 10`): its arithmetic. */
  async hover(params: HoverParams): Promise<Hover | null> {
    const target = await this.prepared(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const text = target.document.getText();
    for (const hit of this.resourcesIn(target)) {
      const spans = [{ start: hit.inventory.calleeStart, end: hit.inventory.calleeEnd }, sizeOptionSpan(text, hit.inventory)];
      const span = spans.find((s) => s !== undefined && s.start <= offset && offset <= s.end);
      if (!span) continue;
      return {
        contents: { kind: MarkupKind.Markdown, value: resourceArithmetic(target.estimate, hit.estimate) },
        range: { start: target.document.positionAt(span.start), end: target.document.positionAt(span.end) },
      };
    }
    return null;
  }

  /** workspace/executeCommand `concurrencyLint.estimateCapacity` from clients without the report. */
  async showSummary(args: unknown[] | undefined): Promise<void> {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    const { estimate } = await this.estimate({ uri });
    const headline = estimate.bottleneck?.sentence ?? 'No pool on the request path limits the number of users in the model.';
    await this.connection.window.showInformationMessage(`${headline} (Estimated at ${fmtInt(estimate.workload.users.value)} users; run \`concurrency-lint capacity\` for the full report.)`);
  }

  /**
   * After a project was linted: when its estimate changed (code that declares or uses a pool, the
   * workload), ask the client for fresh lenses, since they sit in files that may not have changed.
   */
  projectLinted(project: Project): void {
    if (!this.options.canRefreshCodeLenses || !this.shown.has(project)) return;
    let estimate: CapacityEstimate;
    try {
      estimate = project.engine.estimateCapacity();
    } catch {
      return;
    }
    if (this.shown.get(project) === estimate) return;
    this.shown.set(project, estimate);
    void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  private projectFor(params: EstimateCapacityParams): Project | undefined {
    const { workspace } = this.host;
    if (params.uri) {
      const document = this.host.documents.get(params.uri);
      const open = document && this.host.sourceDocument(document);
      if (open) return open.project;
      const file = uriToPath(params.uri);
      return file ? workspace.folderFor(file) : undefined;
    }
    if (params.folder) {
      const folder = uriToPath(params.folder);
      return folder ? workspace.folderProjects().find((p) => p.root === path.resolve(folder)) ?? workspace.folderFor(folder) : undefined;
    }
    // The first folder added: folderProjects() is sorted deepest first for lookups.
    return [...workspace.folderProjects()].sort((a, b) => a.root.length - b.root.length)[0];
  }

  /** The open document, its project brought up to date, and the estimate; undefined when disabled. */
  private async prepared(uri: string): Promise<{ document: TextDocument; file: string; project: Project; estimate: CapacityEstimate } | undefined> {
    const initial = this.host.documents.get(uri);
    const open = initial && this.host.sourceDocument(initial);
    if (!open || open.project.isIgnored(open.file)) return undefined;
    const settings = await this.host.settings.get(uri);
    if (!settings.enable) return undefined;
    await this.host.prepare(open.project);
    // prepare() ends by copying the buffers into the engine, synchronously: offsets match this text.
    const document = this.host.documents.get(uri);
    if (!document) return undefined;
    return { document, file: open.file, project: open.project, estimate: open.project.engine.estimateCapacity() };
  }

  private resourcesIn(target: { file: string; project: Project; estimate: CapacityEstimate }): { inventory: InventoryResource; estimate: ResourceEstimate }[] {
    const root = target.project.root;
    const byId = new Map(target.estimate.resources.map((r) => [r.id, r]));
    return target.project.engine
      .inventory()
      .resources.filter((r) => r.file === target.file)
      .flatMap((r) => {
        const estimate = byId.get(`${path.relative(root, r.file).split(path.sep).join('/')}:${r.line}:${r.column}`);
        return estimate ? [{ inventory: r, estimate }] : [];
      });
  }
}

/**
 * `max: 10` in the options, name to value: the inventory keeps the value's range (the edit that sets
 * the size replaces it), and the option's name sits right before it. Undefined when the code sets
 * no size option there (the edit would add one).
 */
export function sizeOptionSpan(text: string, resource: Pick<InventoryResource, 'sizeEdit'>): { start: number; end: number } | undefined {
  const edit = resource.sizeEdit;
  if (!edit || edit.template !== '{{size}}') return undefined;
  const before = /(?:[A-Za-z_$][\w$]*|'[^'\n]*'|"[^"\n]*")\s*:\s*$/.exec(text.slice(Math.max(0, edit.start - 200), edit.start));
  return { start: before ? edit.start - before[0].length : edit.start, end: edit.end };
}

// ---- Words ------------------------------------------------------------------------------------------

function sizeLabel(r: ResourceEstimate): string {
  if (r.size === null) return r.kind === 'http-agent' ? 'maxSockets unbounded' : 'unbounded';
  if (r.kind === 'http-agent') return `maxSockets ${r.size}`;
  if (r.kind === 'db-connection') return 'a single connection';
  if (r.kind === 'redis') return r.size === 1 ? '1 connection' : `${r.size} connections`;
  return `max ${r.size}`;
}

/** "max 10 · ≈ 46 users at this workload · needs ≥ 214 for 1,000 users". */
export function lensTitle(r: ResourceEstimate, e: CapacityEstimate): string {
  const users = fmtInt(e.workload.users.value);
  const parts = [sizeLabel(r)];
  if (r.usersSupported !== null) {
    parts.push(`≈ ${fmtInt(r.usersSupported)} users at this workload`);
    if (r.recommendedSize !== null && r.size !== null && r.recommendedSize > r.size) parts.push(`needs ≥ ${fmtInt(r.recommendedSize)} for ${users} users`);
    else parts.push(`enough for ${users} users`);
  } else if (r.kind === 'redis') {
    parts.push('multiplexed: limited by the server’s CPU, not a pool');
  } else if (r.migration) {
    parts.push('a migration run: counted once in the database budget');
  } else if (!r.demand && r.excludedRoutes?.length) {
    parts.push('used only by probe or operator routes: no user load');
  } else if (!r.demand) {
    parts.push('no use on a request path found');
  } else if (r.busyUnitsPerInstance !== null) {
    parts.push(`≈ ${fmtNumber(r.busyUnitsPerInstance)} in use per process at ${users} users`);
  }
  return parts.join(' · ');
}

/** The derivations a pool's hover shows, in reading order. */
const HOVER_FIELDS = ['demandMsPerRequest', 'busyUnitsPerInstance', 'offeredUtilization', 'usersSupported', 'predictedWaitMs', 'collapseUsers', 'recommendedSize'];

/** Markdown: the resource in one line, then how each of its main numbers was obtained. */
export function resourceArithmetic(e: CapacityEstimate, r: ResourceEstimate): string {
  const out: string[] = [`**${r.library} ${r.kind}** · ${sizeLabel(r)} (${describeProvenance(r.sizeSource)}) · ${r.status}`, ''];
  if (e.bottleneck?.resourceId === r.id) out.push(e.bottleneck.sentence, '');
  out.push(`*${lensTitle(r, e)}*`, '');
  const derivations = HOVER_FIELDS.map((field) => e.derivations[`resource:${r.id}:${field}`]).filter((d): d is Derivation => d !== undefined);
  for (const d of derivations) out.push(...derivationMarkdown(d), '');
  if (derivations.length === 0) out.push(...r.notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  out.push('Run **Concurrency Lint: Estimate Concurrency Capacity** for the full report and to change the workload.');
  return out.join('\n');
}

function derivationMarkdown(d: Derivation): string[] {
  const result = d.result === null ? 'none' : `${fmtNumber(d.result)}${d.unit ? ` ${d.unit}` : ''}`;
  const inputs = d.inputs.map((i) => {
    const value = i.value === null ? 'n/a' : typeof i.value === 'number' ? fmtNumber(i.value) : i.value;
    const from = i.source ? ` — ${i.source}` : i.ref ? ` — computed (${i.ref.split(':').pop()})` : '';
    return `- ${escapeMarkdown(i.name)} = ${value}${i.unit ? ` ${i.unit}` : ''}${escapeMarkdown(from)}`;
  });
  return [`**${escapeMarkdown(d.label)}** = **${result}**  `, `\`${d.formula}\``, ...inputs, ...(d.note ? ['', `*${escapeMarkdown(d.note)}*`] : [])];
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

// ---- The `concurrencyLint.workload` setting ----------------------------------------------------------

const WORKLOAD_NUMBERS = [
  'users', 'thinkTimeMs', 'requestMs', 'instances', 'cpus', 'databaseMaxConnections', 'databaseReservedConnections',
  'databaseCores', 'databaseSpindles', 'fileDescriptorLimit', 'memoryLimitMb', 'clientTimeoutMs',
] as const;
const ROUTE_NUMBERS = ['holdMs', 'requestMs', 'share'] as const;

/**
 * The workload values an editor setting (or the report's form) gives, shaped like
 * concurrency-lint.json's `workload`. Values of the wrong type are dropped with a problem; values
 * out of range are kept: the estimate replaces them by their default and says so in the report.
 */
export function normaliseWorkloadSetting(raw: unknown, problems: string[], name = 'concurrencyLint.workload'): WorkloadInput | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${name}: expected an object, got ${JSON.stringify(raw)}; ignored`);
    return undefined;
  }
  const result: WorkloadInput = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || value === undefined) continue; // the settings editor clears a field this way
    if ((WORKLOAD_NUMBERS as readonly string[]).includes(key)) {
      if (typeof value === 'number' && Number.isFinite(value)) (result as Record<string, number>)[key] = value;
      else problems.push(`${name}.${key}: ${JSON.stringify(value)} is not a number; ignored`);
    } else if (key === 'routes' && typeof value === 'object' && !Array.isArray(value)) {
      result.routes = {};
      for (const [route, fields] of Object.entries(value as Record<string, unknown>)) {
        if (typeof fields !== 'object' || fields === null) continue;
        const clean: Record<string, number | boolean> = {};
        for (const field of ROUTE_NUMBERS) {
          const v = (fields as Record<string, unknown>)[field];
          if (typeof v === 'number' && Number.isFinite(v)) clean[field] = v;
        }
        const userFacing = (fields as Record<string, unknown>)['userFacing'];
        if (typeof userFacing === 'boolean') clean['userFacing'] = userFacing;
        else if (userFacing !== undefined && userFacing !== null) problems.push(`${name}.routes["${route}"].userFacing: ${JSON.stringify(userFacing)} is not true or false; ignored`);
        result.routes[route] = clean;
      }
    } else if (key === 'target' && typeof value === 'object') {
      const t = value as { kind?: unknown; max?: unknown; maxPWait?: unknown; maxMeanWaitMs?: unknown };
      if (t.kind === 'utilization' && typeof t.max === 'number') result.target = { kind: 'utilization', max: t.max };
      else if (t.kind === 'wait') result.target = { kind: 'wait', ...(typeof t.maxPWait === 'number' ? { maxPWait: t.maxPWait } : {}), ...(typeof t.maxMeanWaitMs === 'number' ? { maxMeanWaitMs: t.maxMeanWaitMs } : {}) };
      else problems.push(`${name}.target: ${JSON.stringify(value)} is not { kind: "utilization", max } or { kind: "wait", maxPWait?, maxMeanWaitMs? }; ignored`);
    } else {
      problems.push(`${name}: unknown setting "${key}" ignored`);
    }
  }
  return result;
}
