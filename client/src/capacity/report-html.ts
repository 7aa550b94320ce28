// The capacity report as HTML for the webview: the bottleneck in one sentence, the resources table
// (links to the code, each number with its derivation on hover and in <details>), a bar chart of
// users supported per resource against the target, a chart of response time and wait as users grow,
// the recommendations and a form to change the workload. Pure string building (no `vscode`), so
// test/capacity-report.test.ts renders it in headless Chromium. Inline SVG, no libraries, no remote
// resources; a Content-Security-Policy with a nonce; colours from the theme's CSS variables.
import { FORM_FIELDS, type Derivation, type FormField, type Provenance, type ReportEstimate, type ResourceEstimate } from './contract';

export interface ReportHtmlOptions {
  /** For the CSP: the one inline <style> and <script> carry it. */
  nonce: string;
  /** `webview.cspSource`; empty outside VS Code. */
  cspSource: string;
  /** Counts re-renders, so a webview recreated from stale HTML picks up the newest body it saved. */
  generation?: number;
}

// ---- Numbers and words --------------------------------------------------------------------------

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return x.toFixed(2).replace(/\.?0+$/, '');
  if (a === 0) return '0';
  // Below a thousandth the digits say nothing a reader can use ("5.5e-30 ms"): say how small it is.
  if (a < 0.001) return x > 0 ? '< 0.001' : '> −0.001';
  return x.toPrecision(2);
}

export function fmtMs(ms: number): string {
  if (ms > 0 && ms < 0.01) return '< 0.01 ms';
  return ms >= 10000 ? `${fmtNumber(ms / 1000)} s` : `${fmtNumber(ms)} ms`;
}

/** An axis in one unit (seconds once the axis reaches 2 s), every tick with the decimals its step needs. */
function axisMs(top: number, step: number): (ms: number) => string {
  const seconds = top >= 2000;
  const unitStep = seconds ? step / 1000 : step;
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(unitStep * 10 ** decimals) - unitStep * 10 ** decimals) > 1e-6) decimals++;
  const text = (x: number) => (decimals === 0 ? Math.round(x).toLocaleString('en-US') : x.toFixed(decimals));
  return seconds ? (ms) => `${text(ms / 1000)} s` : (ms) => `${text(ms)} ms`;
}

function fmtPercent(x: number): string {
  return `${fmtNumber(x * 100)}%`;
}

export function describeProvenance(p: Provenance): string {
  switch (p.source) {
    case 'code':
      return `code${p.file ? ` (${p.file}${p.line ? `:${p.line}` : ''})` : ''}${p.detail ? `: ${p.detail}` : ''}`;
    case 'config':
      return `config${p.detail ? `: ${p.detail}` : ''}`;
    case 'default':
      return `default: ${p.detail}`;
    case 'library-default':
      return `${p.library} ${p.version} default: ${p.detail}`;
  }
}

function describeTarget(e: ReportEstimate): string {
  const t = e.workload.target.value;
  if (t.kind === 'utilization') return `utilisation ≤ ${t.max}`;
  const parts = [t.maxPWait !== undefined ? `P(wait) ≤ ${fmtPercent(t.maxPWait)}` : '', t.maxMeanWaitMs !== undefined ? `mean wait ≤ ${fmtMs(t.maxMeanWaitMs)}` : ''].filter(Boolean);
  return parts.join(' and ') || 'the wait target';
}

const KIND_LABEL: Record<string, string> = {
  'db-pool': 'pool',
  'db-connection': 'connection',
  redis: 'client',
  'http-agent': 'agent',
  'generic-pool': 'pool',
};

function resourceLabel(r: ResourceEstimate): string {
  const kind = KIND_LABEL[r.kind] ?? r.kind;
  // "node global agent", not "node global agent agent".
  return r.library.endsWith(` ${kind}`) ? r.library : `${r.library} ${kind}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const h = escapeHtml;

// ---- Derivations -----------------------------------------------------------------------------------

function derivationOf(e: ReportEstimate, resourceId: string, field: string): Derivation | undefined {
  return e.derivations[`resource:${resourceId}:${field}`];
}

function resultText(d: Derivation): string {
  return d.result === null ? 'none' : `${fmtNumber(d.result)}${d.unit ? ` ${d.unit}` : ''}`;
}

function inputText(i: Derivation['inputs'][number]): string {
  const value = i.value === null ? 'n/a' : typeof i.value === 'number' ? fmtNumber(i.value) : i.value;
  const from = i.source ? ` (${i.source})` : i.ref ? ` (computed: ${i.ref.split(':').pop()})` : '';
  return `${i.name} = ${value}${i.unit ? ` ${i.unit}` : ''}${from}`;
}

/** Plain text for a title attribute (hover). */
export function derivationText(d: Derivation | undefined): string {
  if (!d) return '';
  return [`${d.label}`, `${d.formula} = ${resultText(d)}`, ...d.inputs.map((i) => `  ${inputText(i)}`), ...(d.note ? [d.note] : [])].join('\n');
}

function derivationHtml(d: Derivation): string {
  return `<div class="derivation" data-derivation="${h(d.id)}">
<div class="derivation-head">${h(d.label)} = <strong>${h(resultText(d))}</strong></div>
<code>${h(d.formula)}</code>
<ul>${d.inputs.map((i) => `<li>${h(inputText(i))}</li>`).join('')}</ul>${d.note ? `\n<p class="note">${h(d.note)}</p>` : ''}
</div>`;
}

/** A number with its derivation on hover. */
function num(text: string, d: Derivation | undefined): string {
  return d ? `<span class="num" title="${h(derivationText(d))}">${h(text)}</span>` : h(text);
}

// ---- Sections --------------------------------------------------------------------------------------

function headline(e: ReportEstimate): string {
  const sentence = e.bottleneck?.sentence ?? 'No pool on the request path limits the number of users in the model (see the notes for what it does not cover).';
  const users = e.workload.users.value;
  const parts = [
    `${num(fmtInt(users), undefined)} users offer ${num(`${fmtNumber(e.offeredRequestsPerSec)} requests/s`, e.derivations['workload:offeredRequestsPerSec'])}`,
    e.usersSupported !== null ? `the service supports ${num(`≈ ${fmtInt(e.usersSupported)} users`, e.derivations['service:usersSupported'])} at ${h(describeTarget(e))}` : 'no resource limits the users in the model',
    e.collapseUsers !== null
      ? `goodput collapses at ${num(`≈ ${fmtInt(e.collapseUsers)} users`, e.derivations['service:collapseUsers'])} (responses pass the ${h(fmtMs(e.workload.clientTimeoutMs.value))} client timeout)`
      : 'no goodput collapse is predicted',
  ];
  return `<p id="bottleneck" class="bottleneck${e.bottleneck ? '' : ' none'}">${h(sentence)}</p>
<p class="summary">${parts.join(' · ')}.</p>`;
}

function toolbar(): string {
  return `<div class="toolbar">
<button type="button" data-action="export" title="Open the report as an untitled Markdown document">Export as Markdown</button>
<button type="button" data-action="save" title="Save the report as a Markdown file">Save Markdown…</button>
<button type="button" data-action="refresh" title="Estimate again from the current code">Refresh</button>
<span id="status" class="status" role="status"></span>
</div>`;
}

function waitCell(e: ReportEstimate, r: ResourceEstimate): string {
  const w = r.predictedWaitMs;
  if (!w) return '—';
  if (w.high < 0.01) return num('≈ 0 ms', derivationOf(e, r.id, 'predictedWaitMs'));
  const flag = w.reliability === 'unreliable' ? ' <span class="flag warn" title="Near saturation (utilisation ≥ 0.85) waits grow steeply: trust the order of magnitude, not the milliseconds.">⚠ unreliable</span>' : w.reliability === 'order-of-magnitude' ? ' <span class="flag" title="Small waits: only their order of magnitude is known.">order of magnitude</span>' : '';
  return `${num(`${fmtMs(w.expected)}`, derivationOf(e, r.id, 'predictedWaitMs'))} <span class="range">(${h(fmtMs(w.low))}–${h(fmtMs(w.high))})</span>${flag}`;
}

function utilizationCell(e: ReportEstimate, r: ResourceEstimate): string {
  if (r.utilization === null) return r.busyUnitsPerInstance !== null ? num(`${fmtNumber(r.busyUnitsPerInstance)} busy`, derivationOf(e, r.id, 'busyUnitsPerInstance')) : '—';
  const offered = r.offeredUtilization ?? 0;
  const reached = num(fmtPercent(r.utilization), derivationOf(e, r.id, 'utilization'));
  return offered > 1 ? `${reached} <span class="range">(demand ${num(fmtPercent(offered), derivationOf(e, r.id, 'offeredUtilization'))})</span>` : reached;
}

function sizeCell(r: ResourceEstimate): string {
  if (r.size === null) return '<span title="No limit: every concurrent use opens a socket">unbounded</span>';
  const s = r.sizeSource;
  const from = s.source === 'library-default' ? `${s.library} default` : s.source === 'default' ? 'assumed' : s.source === 'config' ? 'config' : 'code';
  return `<span class="num" title="${h(describeProvenance(s))}">${fmtInt(r.size)}</span> <span class="range">${h(from)}</span>`;
}

function usersCell(e: ReportEstimate, r: ResourceEstimate): string {
  if (r.usersSupported === null) return '<span class="muted">not limiting</span>';
  const needs = r.recommendedSize !== null && r.size !== null && r.recommendedSize > r.size
    ? `<div class="range">needs ${num(`≥ ${fmtInt(r.recommendedSize)}`, derivationOf(e, r.id, 'recommendedSize'))} for ${h(fmtInt(e.workload.users.value))}</div>`
    : '';
  return `${num(`≈ ${fmtInt(r.usersSupported)}`, derivationOf(e, r.id, 'usersSupported'))}${needs}`;
}

function link(file: string, line: number): string {
  return `<a href="#" class="code-link" data-open-file="${h(file)}" data-line="${line}" title="Open ${h(file)} at line ${line}">${h(file)}:${line}</a>`;
}

/** The order a person reads a pool's arithmetic in: demand, load, capacity, waits, limits, sizing. */
const FIELD_ORDER = ['demandMsPerRequest', 'busyUnitsPerInstance', 'offeredUtilization', 'utilization', 'usersSupported', 'kneeUsers', 'predictedWaitMs', 'responseTimeMs', 'collapseUsers', 'throughputPerSec', 'throughputCeilingPerSec', 'recommendedSize'];

function resourceDerivations(e: ReportEstimate, r: ResourceEstimate): Derivation[] {
  const prefix = `resource:${r.id}:`;
  const rank = (d: Derivation) => {
    const i = FIELD_ORDER.indexOf(d.id.slice(prefix.length));
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return Object.values(e.derivations).filter((d) => d.id.startsWith(prefix)).sort((a, b) => rank(a) - rank(b));
}

function resourcesTable(e: ReportEstimate): string {
  if (e.resources.length === 0) return '<p class="muted">No pools, connections, clients or agents were found in the code.</p>';
  const rows = e.resources.map((r) => {
    const isBottleneck = e.bottleneck?.resourceId === r.id;
    const derivations = resourceDerivations(e, r);
    const details = derivations.length || r.notes.length
      ? `<tr class="derivation-row"><td colspan="7"><details><summary>How the numbers of ${h(resourceLabel(r))} at ${h(r.file)}:${r.line} were obtained</summary>
${r.demand ? `<p class="note">${h(r.demand.basis)}: ${h(fmtNumber(r.demand.usesPerRequest))} ${r.demand.usesPerRequest === 1 ? "use" : "uses"} per request, held ${h(fmtMs(r.demand.holdMs))} each, requests of ${h(fmtMs(r.demand.requestMs))}.</p>` : ''}
${derivations.map(derivationHtml).join('\n')}
${r.notes.length ? `<ul class="notes">${r.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}
</details></td></tr>`
      : '';
    return `<tr class="resource status-${r.status}${isBottleneck ? ' is-bottleneck' : ''}" data-resource-id="${h(r.id)}">
<td>${h(resourceLabel(r))}${isBottleneck ? ' <span class="tag">bottleneck</span>' : ''}</td>
<td>${link(r.file, r.line)}</td>
<td>${sizeCell(r)}</td>
<td>${usersCell(e, r)}</td>
<td>${utilizationCell(e, r)}</td>
<td>${waitCell(e, r)}</td>
<td><span class="badge status-${r.status}">${r.status}</span></td>
</tr>${details}`;
  });
  return `<table id="resources" class="resources">
<thead><tr><th>Resource</th><th>Where</th><th>Size</th><th>Users supported</th><th>Utilisation</th><th>Predicted wait per acquisition</th><th>Status</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

// ---- Charts ------------------------------------------------------------------------------------------

function niceStep(max: number, count = 5): number {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const n = raw / magnitude;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * magnitude;
}

/** 0, step, 2·step… up to the first tick at or above `max`. */
function ticks(max: number, count = 5): number[] {
  const top = max > 0 ? max : 1;
  const step = niceStep(top, count);
  const out: number[] = [];
  for (let i = 0; i * step < top + step - 1e-9 && out.length <= count * 3; i++) out.push(i * step);
  return out;
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max + 1)}`;
}

/** Roughly how wide `text` is at the charts' 12px font (no DOM to measure with: this renders as a string). */
function textWidth(text: string): number {
  return text.length * 7;
}

/** "pg pool · …/db/orders.js:5": the kind always shows; a long path loses its leading folders first. */
function barLabel(r: ResourceEstimate, max = 36): string {
  const kind = resourceLabel(r);
  const where = `${r.file}:${r.line}`;
  const room = Math.max(12, max - kind.length - 3);
  if (where.length <= room) return `${kind} · ${where}`;
  const parts = where.split('/');
  let tail = parts.pop()!;
  while (parts.length && `…/${parts[parts.length - 1]}/${tail}`.length <= room) tail = `${parts.pop()}/${tail}`;
  return `${kind} · ${truncate(`…/${tail}`, room)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/** Horizontal bars: users each resource supports, a line at the target users, a ◆ where goodput collapses. */
export function usersChart(e: ReportEstimate): string {
  const rows = e.resources;
  const target = e.workload.users.value;
  const labelW = 270;
  const plotW = 400;
  const rowH = 30;
  const top = 26;
  const plotH = Math.max(1, rows.length) * rowH;
  // The target is what matters: the axis reaches 2.5× it at most, longer bars end in an arrow.
  const cap = 2.5 * Math.max(target, 1);
  const largest = Math.max(target, ...rows.map((r) => Math.min(cap, r.usersSupported ?? 0)), ...rows.map((r) => (r.collapseUsers !== null && r.collapseUsers <= cap ? r.collapseUsers : 0)));
  const axis = ticks(largest * 1.05);
  const max = axis[axis.length - 1]!;
  const x = (users: number) => labelW + (Math.min(users, max) / max) * plotW;
  // Each bar's value goes after the bar, or after the collapse marker when that sits where the value would.
  const values = rows.map((r) => {
    if (r.usersSupported === null) return undefined;
    const barEnd = labelW + Math.max(1.5, x(r.usersSupported) - labelW);
    const text = `≈ ${fmtInt(r.usersSupported)}${r.usersSupported > max ? ' →' : ''}`;
    const collapseX = r.collapseUsers !== null && r.collapseUsers <= max ? x(r.collapseUsers) : undefined;
    let at = barEnd + 6;
    if (collapseX !== undefined && collapseX + 6 >= at && collapseX - 6 <= at + textWidth(text)) at = Math.max(at, collapseX + 10);
    return { barEnd, text, at, collapseX };
  });
  // Wide enough on the right for the longest value: nothing is clipped at the edge.
  const width = Math.max(labelW + plotW + 90, ...values.map((v) => (v ? Math.ceil(v.at + textWidth(v.text) + 8) : 0)));
  const height = top + plotH + 34;
  const out: string[] = [];
  out.push(`<svg id="users-chart" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="users-chart-title">`);
  out.push(`<title id="users-chart-title">Users each resource supports at ${h(describeTarget(e))}, against the target of ${h(plural(target, 'user', 'users'))}</title>`);
  for (const t of axis) {
    out.push(`<line class="grid" x1="${f1(x(t))}" y1="${top}" x2="${f1(x(t))}" y2="${top + plotH}"/>`);
    out.push(`<text class="tick" x="${f1(x(t))}" y="${top + plotH + 16}" text-anchor="middle">${h(fmtInt(t))}</text>`);
  }
  out.push(`<text class="axis-label" x="${labelW + plotW / 2}" y="${top + plotH + 31}" text-anchor="middle">users supported</text>`);
  // Values are drawn last, over the target line, each on a halo of the background.
  const labels: string[] = [];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = `${resourceLabel(r)} · ${r.file}:${r.line}`;
    const value = values[i];
    out.push(`<g class="bar-row" data-resource-id="${h(r.id)}">`);
    out.push(`<text class="bar-label" x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end"><title>${h(label)}</title>${h(barLabel(r))}</text>`);
    if (r.usersSupported !== null && value) {
      out.push(`<rect class="bar status-${r.status}" data-resource-id="${h(r.id)}" x="${labelW}" y="${y + 7}" width="${f1(value.barEnd - labelW)}" height="${rowH - 14}" rx="2"><title>${h(derivationText(derivationOf(e, r.id, 'usersSupported')) || `≈ ${fmtInt(r.usersSupported)} users`)}</title></rect>`);
      if (value.collapseX !== undefined && r.collapseUsers !== null) {
        const cx = value.collapseX;
        const cy = y + rowH / 2;
        out.push(`<path class="collapse-marker" d="M${f1(cx)} ${f1(cy - 7)} L${f1(cx + 5)} ${f1(cy)} L${f1(cx)} ${f1(cy + 7)} L${f1(cx - 5)} ${f1(cy)} Z"><title>${h(`Goodput collapses at ≈ ${fmtInt(r.collapseUsers)} users (responses pass the ${fmtMs(e.workload.clientTimeoutMs.value)} client timeout)`)}</title></path>`);
      }
      labels.push(`<text class="bar-value" data-resource-id="${h(r.id)}" x="${f1(value.at)}" y="${y + rowH / 2 + 4}">${h(value.text)}</text>`);
    } else {
      const why = r.kind === 'redis' ? 'multiplexed: not a pool to queue on' : r.demand ? 'unbounded: no queue' : 'no use on a request path';
      labels.push(`<text class="bar-none" data-resource-id="${h(r.id)}" x="${labelW + 6}" y="${y + rowH / 2 + 4}">not limiting (${h(why)})</text>`);
    }
    out.push('</g>');
  });
  const tx = x(target);
  out.push(`<line class="target-line" x1="${f1(tx)}" y1="${top - 6}" x2="${f1(tx)}" y2="${top + plotH}"><title>Target: ${h(plural(target, 'user', 'users'))} (${h(e.workload.users.source)})</title></line>`);
  out.push(`<text class="target-label" x="${f1(tx)}" y="${top - 10}" text-anchor="${tx > labelW + plotW * 0.8 ? 'end' : 'middle'}">target ${h(plural(target, 'user', 'users'))}</text>`);
  out.push(...labels);
  out.push('</svg>');
  return out.join('\n');
}

/** Response time (band: low–high) and wait per acquisition as users grow, for one resource's curve. */
export function curveChart(e: ReportEstimate, r: ResourceEstimate): string {
  const points = r.curve;
  const width = 740;
  const height = 320;
  const m = { left: 84, right: 24, top: 22, bottom: 46 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const timeout = e.workload.clientTimeoutMs.value;
  const users = e.workload.users.value;
  // A workload far past the knee and the collapse would squeeze both into the first pixels: the axis
  // then ends a few times past them, and the workload is marked at the edge with an arrow.
  const turn = Math.max(r.kneeUsers ?? 0, r.collapseUsers ?? 0);
  const workloadOffChart = turn > 0 && users > 4 * turn;
  const xAxis = ticks(workloadOffChart ? 3 * turn : Math.max(...points.map((p) => p.users), users, 1), 6);
  const xMax = xAxis[xAxis.length - 1]!;
  const highest = Math.max(...points.filter((p) => p.users <= xMax).map((p) => p.responseTimeMs.high), 1);
  // Past the client timeout the numbers only say "collapsed": cap the axis so the knee stays readable.
  const yAxis = ticks(Math.min(highest, timeout * 1.5) * 1.05, 5);
  const yMax = yAxis[yAxis.length - 1]!;
  const yLabel = axisMs(yMax, yAxis[1] ?? yMax);
  const x = (u: number) => m.left + (u / xMax) * plotW;
  // Points above the axis are clipped, not flattened onto it: a line keeps its slope to the next point.
  const y = (ms: number) => m.top + plotH - (Math.min(ms, yMax * 100) / yMax) * plotH;
  const id = `clip-${r.id.replace(/[^\w-]/g, '_')}`;
  const line = (values: number[]) => points.map((p, i) => `${f1(x(p.users))},${f1(y(values[i]!))}`).join(' ');
  const out: string[] = [];
  out.push(`<svg class="chart curve-chart" data-resource-id="${h(r.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Response time and wait as users grow for ${h(resourceLabel(r))} at ${h(r.file)}:${r.line}">`);
  out.push(`<defs><clipPath id="${id}"><rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`);
  for (const t of yAxis) {
    out.push(`<line class="grid" x1="${m.left}" y1="${f1(y(t))}" x2="${m.left + plotW}" y2="${f1(y(t))}"/>`);
    out.push(`<text class="tick" x="${m.left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${h(yLabel(t))}</text>`);
  }
  xAxis.forEach((t, i) => {
    // The last tick ends at the plot's edge rather than running past the chart.
    const anchor = i === xAxis.length - 1 && textWidth(fmtInt(t)) / 2 > m.right ? 'end' : 'middle';
    out.push(`<line class="grid" x1="${f1(x(t))}" y1="${m.top}" x2="${f1(x(t))}" y2="${m.top + plotH}"/>`);
    out.push(`<text class="tick" x="${f1(x(t))}" y="${m.top + plotH + 16}" text-anchor="${anchor}">${h(fmtInt(t))}</text>`);
  });
  out.push(`<text class="axis-label" x="${m.left + plotW / 2}" y="${height - 8}" text-anchor="middle">concurrent users</text>`);
  out.push(`<text class="axis-label y-label" transform="rotate(-90)" x="${-(m.top + plotH / 2)}" y="14" text-anchor="middle">time per request</text>`);
  out.push(`<g clip-path="url(#${id})">`);
  const band = [...points.map((p) => `${f1(x(p.users))},${f1(y(p.responseTimeMs.low))}`), ...[...points].reverse().map((p) => `${f1(x(p.users))},${f1(y(p.responseTimeMs.high))}`)].join(' ');
  out.push(`<polygon class="band" points="${band}"><title>Response time range: holds as assumed (low) to 25% longer (high)</title></polygon>`);
  out.push(`<polyline class="line-response" points="${line(points.map((p) => p.responseTimeMs.expected))}"/>`);
  out.push(`<polyline class="line-wait" points="${line(points.map((p) => p.waitMs.expected))}"/>`);
  for (const p of points) {
    out.push(`<circle class="point" cx="${f1(x(p.users))}" cy="${f1(y(p.responseTimeMs.expected))}" r="3"><title>${h(`${fmtInt(p.users)} users: response ${fmtMs(p.responseTimeMs.expected)} (${fmtMs(p.responseTimeMs.low)}–${fmtMs(p.responseTimeMs.high)}), wait ${fmtMs(p.waitMs.expected)}, ${fmtNumber(p.throughputPerSec)} requests/s`)}</title></circle>`);
  }
  out.push('</g>');
  if (timeout <= yMax) {
    out.push(`<line class="timeout-line" x1="${m.left}" y1="${f1(y(timeout))}" x2="${m.left + plotW}" y2="${f1(y(timeout))}"/>`);
    out.push(`<text class="marker-label timeout" x="${m.left + plotW - 6}" y="${f1(y(timeout) - 5)}" text-anchor="end">client timeout ${h(fmtMs(timeout))}</text>`);
  }
  const marker = (users: number, cls: string, label: string, title: string, row: number) => {
    if (users <= 0 || users > xMax) return;
    const mx = x(users);
    out.push(`<line class="${cls}" x1="${f1(mx)}" y1="${m.top}" x2="${f1(mx)}" y2="${m.top + plotH}"><title>${h(title)}</title></line>`);
    out.push(`<text class="marker-label" x="${f1(mx + 4)}" y="${m.top + 12 + row * 14}">${h(label)}</text>`);
  };
  if (workloadOffChart) {
    out.push(`<text class="marker-label workload-off-chart" x="${m.left + plotW - 4}" y="${m.top + 12}" text-anchor="end"><title>${h(`The workload: ${fmtInt(users)} users (${e.workload.users.source}), far past the knee and the collapse`)}</title>${h(`workload ${fmtInt(users)} →`)}</text>`);
  } else {
    marker(users, 'workload-line', `workload ${fmtInt(users)}`, `The workload: ${fmtInt(users)} users (${e.workload.users.source})`, 0);
  }
  if (r.kneeUsers !== null) marker(r.kneeUsers, 'knee-line', `knee ≈ ${fmtInt(r.kneeUsers)}`, derivationText(derivationOf(e, r.id, 'kneeUsers')) || 'saturation knee', 1);
  out.push('</svg>');
  return out.join('\n');
}

function curveSection(e: ReportEstimate): string {
  const withCurves = e.resources.filter((r) => r.curve.length > 1);
  if (withCurves.length === 0) return '';
  const selected = withCurves.find((r) => r.id === e.bottleneck?.resourceId) ?? withCurves[0]!;
  const select = withCurves.length > 1
    ? `<label class="inline">Resource <select id="curve-resource">${withCurves.map((r) => `<option value="${h(r.id)}"${r === selected ? ' selected' : ''}>${h(`${resourceLabel(r)} · ${r.file}:${r.line}`)}</option>`).join('')}</select></label>`
    : `<p class="muted">${h(resourceLabel(selected))} at ${link(selected.file, selected.line)}</p>`;
  return `<section id="curve-section">
<h2>Response time and wait as users grow</h2>
${select}
${withCurves.map((r) => `<div class="curve chart-scroll" data-curve-for="${h(r.id)}"${r === selected ? '' : ' hidden'}>\n${curveChart(e, r)}\n</div>`).join('\n')}
<ul class="legend"><li><span class="swatch response"></span>mean response time</li><li><span class="swatch band"></span>range (holds as assumed … 25% longer)</li><li><span class="swatch wait"></span>mean wait for a connection</li><li><span class="swatch timeout"></span>client timeout</li></ul>
<p class="muted">Past the knee, response time grows linearly with users (R ≈ U·D/c − Z); once it passes the client timeout, goodput collapses unless an acquire timeout sheds the excess.</p>
</section>`;
}

function usersSection(e: ReportEstimate): string {
  if (e.resources.length === 0) return '';
  return `<section id="users-section">
<h2>Users supported per resource</h2>
<div class="chart-scroll">${usersChart(e)}</div>
<ul class="legend"><li><span class="swatch ok"></span>ok</li><li><span class="swatch warning"></span>warning</li><li><span class="swatch saturated"></span>saturated</li><li><span class="swatch target"></span>target users</li><li><span class="swatch collapse"></span>goodput collapses</li></ul>
</section>`;
}

function recommendationsSection(e: ReportEstimate): string {
  if (e.recommendations.length === 0) return '';
  return `<section id="recommendations">
<h2>Recommendations</h2>
<ul class="recommendations">${e.recommendations.map((r) => `<li class="sev-${r.severity}"><span class="badge sev-${r.severity}">${r.severity}</span> ${h(r.message)}</li>`).join('\n')}</ul>
</section>`;
}

function checksSection(e: ReportEstimate): string {
  const c = e.checks;
  const rows: string[] = [];
  // One row per database server (PostgreSQL and MySQL pools have separate budgets).
  const budgets = c.fleetBudgets ?? (c.fleetBudget ? [c.fleetBudget] : []);
  for (const b of budgets) {
    const which = budgets.length > 1 && b.label ? ` (${h(b.label)})` : '';
    rows.push(`<li class="fleet-budget">Database connections${which}: ${num(`${fmtInt(b.fleetConnections)} of ${fmtInt(b.available)}`, e.derivations[b.derivation ?? 'check:fleetBudget'])} (${b.fits ? 'fits' : '<strong>exceeds</strong>'}${b.migrationConnections ? `, ${fmtInt(b.migrationConnections)} of them for a migration run, counted once` : ''}); with the recommended sizes ${fmtInt(b.recommendedFleetConnections)} (${b.recommendedFits ? 'fits' : '<strong>exceeds</strong>'}).</li>`);
  }
  // The supply side per database server, beside its budget: what the database serves efficiently.
  const supplies = c.supplies ?? (c.supply ? [c.supply] : []);
  for (const s of supplies) {
    const which = supplies.length > 1 && s.label ? ` (${h(s.label)})` : '';
    const busy = num(`${fmtNumber(s.demandedBusyConnections)} busy`, e.derivations[s.derivation ?? 'check:supply']);
    rows.push(
      s.efficientConnections === null
        ? `<li class="supply">Database supply${which}: the workload keeps ${busy} connections; cores unknown (set <code>workload.databaseCores</code> to compare with cores × 2 + spindles).</li>`
        : `<li class="supply">Database supply${which}: ${busy} of ≈ ${fmtInt(s.efficientConnections)} served efficiently (${s.verdict === 'ok' ? 'fits' : '<strong>a bigger pool only moves the queue into the database</strong>'}).</li>`,
    );
  }
  const f = c.fileDescriptors;
  rows.push(`<li>File descriptors per process: ${num(`${fmtInt(f.total)} of ${fmtInt(f.limit)}`, e.derivations['check:fileDescriptors'])} (${f.fits ? 'fits' : `<strong>exceeds</strong>: ${fmtInt(f.clientConnectionsServed)} clients served, the rest reset silently`}).</li>`);
  rows.push(memoryRow(e));
  for (const p of c.poolLocking) rows.push(`<li>Pool locking: ${h(p.route)} (${link(p.file, p.line)}) holds ${p.unitsHeld} connections of one pool at once.</li>`);
  return `<section id="checks"><h2>Checks</h2><ul>${rows.join('\n')}</ul></section>`;
}

/** Idle connections, what the requests in flight may hold (the largest body limit, or no bound), against the limit. */
function memoryRow(e: ReportEstimate): string {
  const m = e.checks.memory;
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
  const idle = `≈ ${mb(m.idleBytes)} idle`;
  const largest = m.perRequest?.largest;
  const where = largest ? ` (${h(largest.what)} at ${link(largest.file, largest.line)}: ${h(largest.detail)})` : '';
  let bodies = '';
  if (m.verdict === 'unbounded') bodies = `; request bodies have <strong>no bound</strong>${where}`;
  else if (m.perRequest?.state === 'bounded' || m.perRequest?.state === 'given') {
    bodies = `; ${num(`${fmtNumber(m.inFlightRequests)} requests in flight`, e.derivations['check:memory:inFlight'])} × ${num(`up to ${Math.round((m.perRequestAllocationBytes ?? 0) / 1024)} KB`, e.derivations['check:memory:perRequest'])}${where}`;
  }
  const verdict =
    m.verdict === undefined || m.limitBytes === undefined
      ? ''
      : m.verdict === 'unbounded'
        ? ` against the ${mb(m.limitBytes)} limit`
        : `: ${num(`≤ ${mb(m.boundBytes ?? m.idleBytes)}`, e.derivations['check:memory'])} of ${mb(m.limitBytes)} (${m.verdict === 'fits' ? 'fits' : '<strong>exceeds</strong>'})`;
  return `<li id="memory-check">Memory per process: ${num(idle, e.derivations['check:memory'])}${bodies}${verdict}; ${mb(m.underTrafficBytes.low)}–${mb(m.underTrafficBytes.high)} under traffic.</li>`;
}

/** Routes that get no share of the users' requests (probes, operator routes), with why. */
function excludedRoutesSection(e: ReportEstimate): string {
  const excluded = (e.routes ?? []).filter((r) => !r.userFacing);
  if (excluded.length === 0) return '';
  return `<section id="excluded-routes">
<h2>Routes not counted as user traffic</h2>
<p class="muted">They get no share of the users’ requests, and a pool only they use is not judged against the users. Set <code>workload.routes["METHOD /path"].userFacing</code> in concurrency-lint.json to change that.</p>
<ul>${excluded.map((r) => `<li data-route="${h(r.key)}"><strong>${h(r.key)}</strong> (${link(r.file, r.line)}): <span class="badge traffic">${h(r.traffic)}</span> ${h(r.reason)}</li>`).join('\n')}</ul>
</section>`;
}

const FIELD_LABELS: Record<FormField, { label: string; unit: string; min: number; step: string }> = {
  users: { label: 'Users', unit: '', min: 0, step: '1' },
  thinkTimeMs: { label: 'Think time', unit: 'ms', min: 0, step: 'any' },
  requestMs: { label: 'Request time', unit: 'ms', min: 1, step: 'any' },
  instances: { label: 'Instances', unit: '', min: 1, step: '1' },
  cpus: { label: 'CPUs per machine', unit: '', min: 1, step: '1' },
  databaseMaxConnections: { label: 'DB max connections', unit: '', min: 1, step: '1' },
  databaseCores: { label: 'DB cores', unit: '', min: 1, step: '1' },
  fileDescriptorLimit: { label: 'File descriptor limit', unit: 'ulimit -n', min: 1, step: '1' },
  memoryLimitMb: { label: 'Memory limit', unit: 'MB', min: 1, step: 'any' },
  clientTimeoutMs: { label: 'Client timeout', unit: 'ms', min: 1, step: 'any' },
};

function workloadForm(e: ReportEstimate): string {
  const fields = FORM_FIELDS.map((name) => {
    const spec = FIELD_LABELS[name];
    // Database cores have no default: the field starts empty and may stay so.
    const value = e.workload[name] ?? { value: '', source: 'not set: the supply-side check needs it' };
    return `<div class="field">
<label for="w-${name}">${h(spec.label)}${spec.unit ? ` <span class="unit">(${spec.unit})</span>` : ''}</label>
<input id="w-${name}" name="${name}" type="number" min="${spec.min}" step="${spec.step}"${value.value === '' ? '' : ' required'} value="${value.value}" data-value="${value.value}">
<span class="source">${h(value.source)}</span>
</div>`;
  });
  const problems = e.workload.problems.length ? `<ul class="problems">${e.workload.problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul>` : '';
  return `<section id="workload">
<h2>Workload</h2>
${problems}
<form id="workload-form" class="workload-form">
${fields.join('\n')}
<div class="actions"><button type="submit" class="primary">Estimate</button><button type="button" data-action="reset" title="Back to concurrency-lint.json, the concurrencyLint.workload setting and the defaults">Reset to configured</button></div>
</form>
</section>`;
}

function honestySection(e: ReportEstimate): string {
  const service = Object.values(e.derivations).filter((d) => !d.id.startsWith('resource:'));
  return `<section id="about">
<details><summary>Assumptions, and when only a load test is honest</summary>
<ul>${e.assumptions.map((a) => `<li>${h(a)}</li>`).join('')}</ul>
${e.loadTestNeeded.length ? `<p>Only a load test is honest about:</p><ul>${e.loadTestNeeded.map((a) => `<li>${h(a)}</li>`).join('')}</ul>` : ''}
</details>
<details><summary>How the service-level numbers and checks were obtained</summary>
${service.map(derivationHtml).join('\n')}
</details>
</section>`;
}

/** The part of the page that changes with the estimate; the webview swaps it in place. */
export function renderReportBody(e: ReportEstimate): string {
  return [
    '<h1>Concurrency capacity</h1>',
    headline(e),
    toolbar(),
    '<section id="resources-section"><h2>Resources</h2>',
    resourcesTable(e),
    '</section>',
    usersSection(e),
    curveSection(e),
    recommendationsSection(e),
    workloadForm(e),
    checksSection(e),
    excludedRoutesSection(e),
    honestySection(e),
  ].join('\n');
}

/** The whole webview document. */
export function renderReportHtml(e: ReportEstimate, options: ReportHtmlOptions): string {
  const nonce = h(options.nonce);
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource ? `${options.cspSource} ` : ''}'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${options.cspSource ? `${options.cspSource} ` : ''}data:`,
    `font-src ${options.cspSource || "'none'"}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Concurrency capacity</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main id="report" data-generation="${options.generation ?? 0}">
${renderReportBody(e)}
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 0; padding: 0 24px 48px; line-height: 1.45; }
h1 { font-size: 1.5em; font-weight: 600; margin: 18px 0 8px; }
h2 { font-size: 1.15em; font-weight: 600; margin: 28px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); padding-bottom: 4px; }
a { color: var(--vscode-textLink-foreground, #0969da); text-decoration: none; }
a:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground, #0550ae); }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); background: var(--vscode-textCodeBlock-background, #f0f2f4); padding: 1px 4px; border-radius: 3px; }
.bottleneck { font-size: 1.15em; font-weight: 600; padding: 10px 14px; border-left: 4px solid var(--vscode-charts-red, #d1242f); background: var(--vscode-inputValidation-errorBackground, rgba(209, 36, 47, 0.08)); margin: 8px 0; }
.bottleneck.none { border-left-color: var(--vscode-charts-green, #1a7f37); background: transparent; }
.summary { margin: 6px 0 12px; }
.num { border-bottom: 1px dotted var(--vscode-descriptionForeground, #656d76); cursor: help; }
.muted, .range, .unit, .source { color: var(--vscode-descriptionForeground, #656d76); }
.range, .source { font-size: 0.92em; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 10px 0 4px; flex-wrap: wrap; }
button { font: inherit; color: var(--vscode-button-secondaryForeground, #1f2328); background: var(--vscode-button-secondaryBackground, #eaeef2); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground, #dde3e8); }
button.primary { color: var(--vscode-button-foreground, #ffffff); background: var(--vscode-button-background, #0969da); }
button.primary:hover { background: var(--vscode-button-hoverBackground, #0550ae); }
.status { color: var(--vscode-descriptionForeground, #656d76); }
.status.error { color: var(--vscode-errorForeground, #d1242f); }
table.resources { border-collapse: collapse; width: 100%; }
table.resources th, table.resources td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); vertical-align: top; }
table.resources th { font-weight: 600; color: var(--vscode-descriptionForeground, #656d76); }
tr.derivation-row td { border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); padding-top: 0; }
tr.is-bottleneck > td:first-child { font-weight: 600; }
.tag { font-size: 0.85em; font-weight: 600; padding: 0 6px; border-radius: 8px; color: var(--vscode-badge-foreground, #ffffff); background: var(--vscode-charts-red, #d1242f); }
.badge { font-size: 0.85em; padding: 1px 8px; border-radius: 8px; border: 1px solid currentColor; }
.badge.status-ok { color: var(--vscode-charts-green, #1a7f37); }
.badge.status-warning, .badge.sev-warning { color: var(--vscode-charts-yellow, #9a6700); }
.badge.status-saturated, .badge.sev-error { color: var(--vscode-charts-red, #d1242f); }
.badge.sev-info { color: var(--vscode-charts-blue, #0969da); }
.flag { font-size: 0.9em; color: var(--vscode-descriptionForeground, #656d76); }
.flag.warn { color: var(--vscode-charts-yellow, #9a6700); }
details { margin: 4px 0; }
summary { cursor: pointer; color: var(--vscode-textLink-foreground, #0969da); }
.derivation { margin: 8px 0 8px 14px; }
.derivation ul { margin: 2px 0; padding-left: 20px; }
.derivation .note, p.note { margin: 2px 0; font-style: italic; color: var(--vscode-descriptionForeground, #656d76); }
.chart-scroll { overflow-x: auto; }
.chart { max-width: 100%; min-width: 560px; height: auto; display: block; margin: 6px 0; }
.chart text { fill: var(--vscode-foreground, #1f2328); font-size: 12px; font-family: var(--vscode-font-family, system-ui, sans-serif); }
.chart text.bar-value, .chart text.bar-none, .chart text.marker-label { paint-order: stroke; stroke: var(--vscode-editor-background, #ffffff); stroke-width: 3px; stroke-linejoin: round; }
.chart text.tick, .chart text.axis-label, .chart text.bar-none { fill: var(--vscode-descriptionForeground, #656d76); font-size: 11px; }
.chart .grid { stroke: var(--vscode-panel-border, #d0d7de); stroke-width: 1; opacity: 0.7; }
.chart .bar.status-ok { fill: var(--vscode-charts-green, #2da44e); }
.chart .bar.status-warning { fill: var(--vscode-charts-yellow, #bf8700); }
.chart .bar.status-saturated { fill: var(--vscode-charts-red, #cf222e); }
.chart .target-line { stroke: var(--vscode-charts-blue, #0969da); stroke-width: 2; stroke-dasharray: 6 4; }
.chart text.target-label { fill: var(--vscode-charts-blue, #0969da); font-weight: 600; }
.chart .collapse-marker { fill: var(--vscode-charts-purple, #8250df); }
.chart .band { fill: var(--vscode-charts-orange, #fb8f44); opacity: 0.25; }
.chart .line-response { fill: none; stroke: var(--vscode-charts-orange, #d15704); stroke-width: 2.5; }
.chart .line-wait { fill: none; stroke: var(--vscode-charts-purple, #8250df); stroke-width: 2; stroke-dasharray: 5 3; }
.chart .point { fill: var(--vscode-charts-orange, #d15704); }
.chart .timeout-line { stroke: var(--vscode-charts-red, #cf222e); stroke-width: 1.5; stroke-dasharray: 3 3; }
.chart text.timeout { fill: var(--vscode-charts-red, #cf222e); }
.chart .workload-line { stroke: var(--vscode-charts-blue, #0969da); stroke-width: 2; stroke-dasharray: 6 4; }
.chart .knee-line { stroke: var(--vscode-descriptionForeground, #656d76); stroke-width: 1; stroke-dasharray: 2 3; }
.chart text.marker-label { font-size: 11px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 4px 0; font-size: 0.92em; }
.swatch { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; border-radius: 2px; }
.swatch.ok { background: var(--vscode-charts-green, #2da44e); }
.swatch.warning { background: var(--vscode-charts-yellow, #bf8700); }
.swatch.saturated { background: var(--vscode-charts-red, #cf222e); }
.swatch.target, .swatch.workload { background: var(--vscode-charts-blue, #0969da); height: 3px; }
.swatch.collapse { background: var(--vscode-charts-purple, #8250df); width: 9px; height: 9px; transform: rotate(45deg); }
.swatch.response { background: var(--vscode-charts-orange, #d15704); height: 3px; }
.swatch.band { background: var(--vscode-charts-orange, #fb8f44); opacity: 0.35; }
.swatch.wait { background: var(--vscode-charts-purple, #8250df); height: 3px; }
.swatch.timeout { background: var(--vscode-charts-red, #cf222e); height: 2px; }
label.inline { display: inline-flex; gap: 6px; align-items: center; }
select, input { font: inherit; color: var(--vscode-input-foreground, #1f2328); background: var(--vscode-input-background, #ffffff); border: 1px solid var(--vscode-input-border, #d0d7de); padding: 3px 6px; }
input:invalid { border-color: var(--vscode-inputValidation-errorBorder, #d1242f); }
.workload-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px 18px; align-items: start; }
.field { display: flex; flex-direction: column; gap: 2px; }
.field input { width: 100%; box-sizing: border-box; }
.actions { grid-column: 1 / -1; display: flex; gap: 8px; }
ul.recommendations { padding-left: 0; list-style: none; }
ul.recommendations li { margin: 6px 0; }
.problems { color: var(--vscode-errorForeground, #d1242f); }
`;

/** The webview's behaviour: links, buttons and the form post messages; updates swap the body. */
const SCRIPT = `
(function () {
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: function () {}, getState: function () { return undefined; }, setState: function () {} };
  var report = document.getElementById('report');
  var saved = vscode.getState();
  if (saved && typeof saved.body === 'string' && saved.generation > Number(report.getAttribute('data-generation'))) {
    report.innerHTML = saved.body;
    report.setAttribute('data-generation', String(saved.generation));
  }
  function setStatus(text, isError) {
    var el = document.getElementById('status');
    if (!el) return;
    el.textContent = text;
    el.className = isError ? 'status error' : 'status';
  }
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var link = target.closest('[data-open-file]');
    if (link) {
      event.preventDefault();
      vscode.postMessage({ type: 'open', file: link.getAttribute('data-open-file'), line: Number(link.getAttribute('data-line')) });
      return;
    }
    var button = target.closest('button[data-action]');
    if (button) {
      event.preventDefault();
      var type = button.getAttribute('data-action');
      if (type === 'reset' || type === 'refresh') setStatus('Estimating…');
      vscode.postMessage({ type: type });
    }
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== 'workload-form') return;
    event.preventDefault();
    var workload = {};
    form.querySelectorAll('input[name]').forEach(function (input) {
      var value = input.value.trim();
      if (value === '' || Number(value) === Number(input.getAttribute('data-value'))) return;
      workload[input.name] = Number(value);
    });
    setStatus('Estimating…');
    vscode.postMessage({ type: 'estimate', workload: workload });
  });
  document.addEventListener('change', function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || select.id !== 'curve-resource') return;
    document.querySelectorAll('[data-curve-for]').forEach(function (chart) {
      chart.hidden = chart.getAttribute('data-curve-for') !== select.value;
    });
  });
  window.addEventListener('message', function (event) {
    var message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'update' && typeof message.body === 'string') {
      report.innerHTML = message.body;
      report.setAttribute('data-generation', String(message.generation));
      vscode.setState({ body: message.body, generation: message.generation });
    } else if (message.type === 'error') {
      setStatus(String(message.message), true);
    } else if (message.type === 'status') {
      setStatus(String(message.message), false);
    }
  });
})();
`;
