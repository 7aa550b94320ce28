// The capacity estimate for people: Markdown (the report's export, `--format md`) and plain text
// (`--format text`). Both lead with the bottleneck in one sentence and end with how each number was
// obtained. Pure string building from the estimate; nothing is recomputed here.
import type { Derivation } from './derivation';
import type { CapacityEstimate, Recommendation, ResourceEstimate, WorkloadValue } from './contract';
import { fmtBytes, fmtInt, fmtMb, fmtNumber, fmtProcesses, fmtSeconds } from './format';
import { describeTarget, type CapacityTarget } from './workload';

const STATUS_WORD: Record<ResourceEstimate['status'], string> = { ok: 'ok', warning: 'warning', saturated: 'saturated' };

function headline(e: CapacityEstimate): string[] {
  const target = describeTarget(e.workload.target.value);
  const onlyExcluded = e.routes.length > 0 && e.routes.every((r) => !r.userFacing);
  const lines = [
    e.bottleneck?.sentence ??
      (onlyExcluded
        ? `No route carries user traffic: every route found is a probe or an operator route (listed below), so no pool is judged against the ${fmtInt(e.workload.users.value)} users.`
        : 'No pool on the request path limits the number of users in the model (see the notes for what it does not cover).'),
  ];
  const parts = [`${fmtInt(e.workload.users.value)} users offer ${fmtNumber(e.offeredRequestsPerSec)} requests/s`];
  if (e.usersSupported !== null) parts.push(`the service supports ≈ ${fmtInt(e.usersSupported)} users at ${target}`);
  parts.push(e.collapseUsers !== null ? `goodput collapses at ≈ ${fmtInt(e.collapseUsers)} users (responses pass the ${fmtSeconds(e.workload.clientTimeoutMs.value)} client timeout)` : 'no goodput collapse is predicted');
  lines.push(capitalise(parts.join('; ')) + '.');
  return lines;
}

function sizeText(r: ResourceEstimate): string {
  if (r.size === null) return 'unbounded';
  const s = r.sizeSource;
  const from = s.source === 'library-default' ? ` (${s.library} default)` : s.source === 'default' ? ' (assumed)' : s.source === 'config' ? ' (config)' : '';
  return `${r.size}${from}`;
}

function waitText(r: ResourceEstimate): string {
  const w = r.predictedWaitMs;
  if (!w) return '—';
  if (w.high < 0.01) return '≈ 0 ms';
  const flag = w.reliability === 'unreliable' ? ' ⚠ unreliable' : w.reliability === 'order-of-magnitude' ? ' (order of magnitude)' : '';
  return `${fmtMs(w.expected)} (${fmtMs(w.low)}–${fmtMs(w.high)})${flag}`;
}

function utilizationText(r: ResourceEstimate): string {
  if (r.utilization === null) return r.busyUnitsPerInstance !== null ? `${fmtNumber(r.busyUnitsPerInstance)} busy` : '—';
  const offered = r.offeredUtilization ?? 0;
  return offered > 1 ? `100% (demand ${fmtNumber(offered * 100)}%)` : `${fmtNumber(r.utilization * 100)}%`;
}

function fmtMs(ms: number): string {
  if (ms > 0 && ms < 0.01) return '< 0.01 ms';
  return ms >= 10000 ? fmtSeconds(ms) : `${fmtNumber(ms)} ms`;
}

function resourceName(r: ResourceEstimate): string {
  return `${r.library} ${r.kind} \`${r.id}\``;
}

function recommendationLine(r: Recommendation): string {
  return `${r.severity.toUpperCase()}: ${r.message}`;
}

function workloadRows(e: CapacityEstimate): [string, string, string][] {
  const w = e.workload;
  const row = <T>(name: string, v: WorkloadValue<T> | null, show: (x: T) => string): [string, string, string] => (v ? [name, show(v.value), v.source] : [name, 'unknown', 'not set']);
  const ms = (x: number) => `${fmtNumber(x)} ms`;
  const n = (x: number) => fmtInt(x);
  return [
    row('users', w.users, n),
    row('thinkTimeMs', w.thinkTimeMs, ms),
    row('requestMs', w.requestMs, ms),
    row('instances', w.instances, n),
    row('cpus', w.cpus, n),
    row('database', w.database, (x) => (x === 'mysql' ? 'MySQL' : 'PostgreSQL')),
    row('databaseMaxConnections', w.databaseMaxConnections, n),
    row('databaseReservedConnections', w.databaseReservedConnections, n),
    row('databaseCores', w.databaseCores, n),
    row('databaseSpindles', w.databaseSpindles, (x) => fmtNumber(x)),
    row('fileDescriptorLimit', w.fileDescriptorLimit, n),
    row('memoryLimitMb', w.memoryLimitMb, (x) => `${fmtNumber(x)} MB`),
    row('clientTimeoutMs', w.clientTimeoutMs, ms),
    row<CapacityTarget>('target', w.target, describeTarget),
  ];
}

function checkLines(e: CapacityEstimate): string[] {
  const c = e.checks;
  const lines: string[] = [];
  for (const b of c.fleetBudgets) {
    const which = c.fleetBudgets.length > 1 ? ` (${b.label})` : '';
    const once = b.migrationConnections ? ` + ${b.migrationConnections} (migration run, once)` : '';
    lines.push(`Fleet budget${which}: ${fmtProcesses(b.instances)} × ${b.connectionsPerInstance}${once} = ${fmtInt(b.fleetConnections)} connections of ${fmtInt(b.available)} available (${b.fits ? 'fits' : 'EXCEEDS'}); with the recommended sizes ${b.recommendedFleetConnections} (${b.recommendedFits ? 'fits' : 'exceeds'}).`);
  }
  for (const s of c.supplies) {
    const which = c.supplies.length > 1 ? ` (${s.label})` : '';
    lines.push(
      s.efficientConnections === null
        ? `Supply side${which}: database cores unknown; the fleet keeps ${fmtNumber(s.demandedBusyConnections)} connections busy on average.`
        : `Supply side${which}: the database serves ≈ ${s.efficientConnections} connections efficiently; demand ${fmtNumber(s.demandedBusyConnections)} busy, recommendations ${s.recommendedFleetConnections} (${s.verdict === 'ok' ? 'fits' : 'a bigger pool only moves the queue into the database'}).`,
    );
  }
  const f = c.fileDescriptors;
  lines.push(`File descriptors per process: ${f.clientConnections} client + ${f.poolConnections} pool + ${f.upstreamSockets} upstream + ${f.baseline} = ${f.total} of ${f.limit} (${f.fits ? 'fits' : `EXCEEDS: ${f.clientConnectionsServed} clients served, the rest reset silently`}).`);
  const m = c.memory;
  const perRequest =
    m.perRequest.state === 'unbounded'
      ? `request bodies UNBOUNDED (${m.perRequest.largest!.what} at ${m.perRequest.largest!.file}:${m.perRequest.largest!.line})`
      : m.perRequest.state === 'none-found'
        ? 'no request body buffers found'
        : `+ ${fmtNumber(m.inFlightRequests)} in flight × ${fmtBytes(m.perRequestAllocationBytes ?? 0)}${m.perRequest.largest ? ` (${m.perRequest.largest.what} at ${m.perRequest.largest.file}:${m.perRequest.largest.line})` : ''} = ${fmtMb(m.inFlightBytes ?? 0)}`;
  const verdict = m.verdict === 'unbounded' ? 'no bound' : `≤ ${fmtMb(m.boundBytes!)} of ${fmtMb(m.limitBytes)} (${m.verdict === 'fits' ? 'fits' : 'EXCEEDS'})`;
  lines.push(`Memory per process: ≈ ${fmtMb(m.idleBytes)} idle (${fmtInt(m.clientConnections)} connections), ${perRequest}: ${verdict}; ${fmtMb(m.underTrafficBytes.low)}–${fmtMb(m.underTrafficBytes.high)} under traffic.`);
  for (const p of c.poolLocking) lines.push(`Pool locking: ${p.route} (${p.file}:${p.line}) holds ${p.unitsHeld} units of \`${p.resourceId}\` at once (pool ${p.poolSize}${p.acquireTimeout ? ', acquire timeout set' : ', no acquire timeout'}).`);
  return lines;
}

/** Routes that get no share of the users' requests, with why: "GET /healthz (src/app.js:5): probe: a health/readiness… probe…". */
function excludedRouteLines(e: CapacityEstimate): string[] {
  return e.routes.filter((r) => !r.userFacing).map((r) => `${r.key} (${r.file}:${r.line}): ${r.traffic}: ${r.reason}${r.resources.length ? `; uses ${r.resources.map((id) => `\`${id}\``).join(', ')}` : ''}`);
}

function derivationLines(d: Derivation): string[] {
  const inputs = d.inputs.map((i) => `${i.name} = ${i.value === null ? 'n/a' : typeof i.value === 'number' ? fmtNumber(i.value) : i.value}${i.unit ? ` ${i.unit}` : ''}${i.source ? ` (${i.source})` : i.ref ? ` (see ${i.ref})` : ''}`);
  const result = d.result === null ? 'none' : `${fmtNumber(d.result)}${d.unit ? ` ${d.unit}` : ''}`;
  return [`${d.label}: ${d.formula} = ${result}`, ...inputs.map((i) => `  ${i}`), ...(d.note ? [`  ${d.note}`] : [])];
}

/** The report as Markdown: the webview's export and `concurrency-lint capacity --format md`. */
export function renderMarkdown(e: CapacityEstimate): string {
  const out: string[] = ['# Concurrency capacity', ''];
  const [first, ...rest] = headline(e);
  out.push(`**${first}**`, '', ...rest, '');
  const modelled = e.resources;
  if (modelled.length) {
    out.push('## Resources', '', '| Resource | Where | Size | Users supported | Utilisation | Wait per acquisition | Collapse at | Status |', '|---|---|---|---|---|---|---|---|');
    for (const r of modelled) {
      out.push(`| ${resourceName(r)} | ${r.file}:${r.line} | ${sizeText(r)} | ${r.usersSupported === null ? '—' : `≈ ${fmtInt(r.usersSupported)}`} | ${utilizationText(r)} | ${waitText(r)} | ${r.collapseUsers === null ? '—' : fmtInt(r.collapseUsers)} | ${STATUS_WORD[r.status]} |`);
    }
    const notes = modelled.flatMap((r) => r.notes.map((n) => `- \`${r.id}\`: ${n}`));
    if (notes.length) out.push('', ...notes);
    out.push('');
  }
  if (e.recommendations.length) out.push('## Recommendations', '', ...e.recommendations.map((r) => `- **${r.severity}**: ${r.message}`), '');
  const excluded = excludedRouteLines(e);
  if (excluded.length) out.push('## Routes not counted as user traffic', '', ...excluded.map((l) => `- ${l}`), '');
  out.push('## Checks', '', ...checkLines(e).map((l) => `- ${l}`), '');
  out.push('## Workload', '', '| Value | Used | Source |', '|---|---|---|', ...workloadRows(e).map(([a, b, c]) => `| ${a} | ${b} | ${c} |`), '');
  if (e.workload.problems.length) out.push(...e.workload.problems.map((p) => `- ${p}`), '');
  out.push('## Assumptions', '', ...e.assumptions.map((a) => `- ${a}`), '');
  if (e.loadTestNeeded.length) out.push('## When only a load test is honest', '', ...e.loadTestNeeded.map((a) => `- ${a}`), '');
  out.push('## How each number was obtained', '');
  for (const d of orderedDerivations(e)) {
    const [head, ...lines] = derivationLines(d);
    out.push(`<details><summary>${escapeHtml(head)}</summary>`, '', '```text', ...lines.map((l) => l.trimStart()), '```', '</details>', '');
  }
  return out.join('\n');
}

/** The report as plain text: `concurrency-lint capacity --format text`. */
export function renderText(e: CapacityEstimate): string {
  const out: string[] = [...headline(e), ''];
  for (const r of e.resources) {
    // The id is `file:line:column` for what the code creates: print it only when it says more (`upstream:<host>`).
    const id = r.id.startsWith(`${r.file}:${r.line}:`) ? '' : `  (${r.id})`;
    out.push(`${r.library} ${r.kind} at ${r.file}:${r.line}${id}  [${STATUS_WORD[r.status]}]`);
    out.push(`  size ${sizeText(r)}; users supported ${r.usersSupported === null ? '—' : `≈ ${fmtInt(r.usersSupported)}`}; utilisation ${utilizationText(r)}; wait ${waitText(r)}${r.collapseUsers === null ? '' : `; collapse at ${fmtInt(r.collapseUsers)} users`}`);
    if (r.recommendedSize !== null && r.size !== null && r.recommendedSize > r.size) out.push(`  needs ≥ ${fmtInt(r.recommendedSize)} for ${fmtInt(e.workload.users.value)} users`);
    for (const n of r.notes) out.push(`  note: ${n}`);
  }
  if (e.recommendations.length) out.push('', 'Recommendations:', ...e.recommendations.map((r) => `  ${recommendationLine(r)}`));
  const excluded = excludedRouteLines(e);
  if (excluded.length) out.push('', 'Routes not counted as user traffic:', ...excluded.map((l) => `  ${l.replace(/`/g, '')}`));
  out.push('', 'Checks:', ...checkLines(e).map((l) => `  ${l}`));
  out.push('', 'Workload:', ...alignRows(workloadRows(e)).map((l) => `  ${l}`));
  if (e.workload.problems.length) out.push(...e.workload.problems.map((p) => `  problem: ${p}`));
  if (e.loadTestNeeded.length) out.push('', 'Only a load test is honest about:', ...e.loadTestNeeded.map((a) => `  - ${a}`));
  out.push('', 'Run with --format md or json for how each number was obtained.');
  return out.join('\n') + '\n';
}

/** Service and workload first, then each resource in inventory order, then the checks. */
function orderedDerivations(e: CapacityEstimate): Derivation[] {
  const all = Object.values(e.derivations);
  const rank = (id: string) => {
    if (id.startsWith('service:')) return 0;
    if (id.startsWith('workload:')) return 1;
    if (id.startsWith('resource:')) return 2 + e.resources.findIndex((r) => id.startsWith(`resource:${r.id}:`));
    return 2 + e.resources.length;
  };
  return all.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d.id) - rank(b.d.id) || a.i - b.i).map((x) => x.d);
}

function alignRows(rows: [string, string, string][]): string[] {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
