// The derivations of one pool's numbers: for each, the formula as text, its inputs with where they
// came from (or the derivation they came from), and the result. The report shows them on hover.
import type { Derivation, DerivationLog } from './derivation';
import type { ResourceDemand } from './demand';
import { fmtNumber } from './format';
import type { InventoryResource } from './inventory';
import { MEASURED, MEASURED_SOURCE } from './measured';
import type { PoolModel, PoolModelInput } from './model';
import { describeProvenance, describeTarget, type Provenance, type ResolvedWorkload } from './workload';

const HIGH_NOTE = `high: holds ${Math.round((MEASURED.pessimisticHoldFactor - 1) * 100)}% longer than assumed (busy-host holds ran 1.07–1.20× nominal, ${MEASURED_SOURCE})`;

export function explainPool(log: DerivationLog, r: InventoryResource, d: ResourceDemand, input: PoolModelInput, m: PoolModel, w: ResolvedWorkload): void {
  const n = w.instances.value;
  const id = r.id;
  const U = wIn('U', w.users.value, 'users', w.users.provenance);
  const N = wIn('n', n, 'processes', w.instances.provenance);
  const Z = wIn('Z', w.thinkTimeMs.value, 'ms', w.thinkTimeMs.provenance);
  const Rin = { name: 'R', value: input.requestMs, unit: 'ms', source: d.sources.requestMs };
  const k = { name: 'k', value: input.usesPerRequest, unit: 'uses/request', source: d.sources.usesPerRequest };
  const S = { name: 'S', value: input.holdMs, unit: 'ms', source: d.sources.holdMs };
  const c = { name: 'c', value: input.size, unit: 'units', source: describeProvenance(r.sizeSource) };
  const ref = (name: string, field: string, value: number | null, unit?: string) => ({ name, value, unit, ref: `resource:${id}:${field}` });
  const D = ref('D', 'demandMsPerRequest', m.demandMsPerRequest, 'ms');
  derive(log, id, 'demandMsPerRequest', 'Busy time of the pool per request', 'D = k · S', [k, S], m.demandMsPerRequest, 'ms', d.basis);
  derive(log, id, 'busyUnitsPerInstance', 'Mean busy units per process (Little’s law; a mean, not a pool size)', 'L = (U/n) / (Z + R) · D', [U, N, Z, Rin, D], m.busyUnits, 'units');
  derive(log, id, 'offeredUtilization', 'Offered utilisation (above 1: past the knee)', 'ρ = L / c', [ref('L', 'busyUnitsPerInstance', m.busyUnits, 'units'), c], m.offeredUtilization);
  derive(log, id, 'utilization', 'Utilisation reached (finite-source model)', 'M/M/c//N: busy = Σ min(j, c)·p_j, p_j/p_{j−1} = (N − j + 1)·S/T′ / min(j, c)', [{ name: 'N', value: Math.ceil(input.users), unit: 'users per process' }, c, { name: 'T′', value: m.awayMs, unit: 'ms', source: 'T′ = (Z + R)/k − S' }, S], m.utilization);
  derive(log, id, 'kneeUsers', 'Saturation knee: past it response time grows linearly with users', 'U* = n · c · (Z + R) / D', [N, c, Z, Rin, D], m.kneeUsers * n, 'users');
  derive(log, id, 'throughputPerSec', 'Requests per second served through it at the workload (finite-source)', 'X = n · busy / D, busy from M/M/c//N', [N, c, { name: 'T′', value: m.awayMs, unit: 'ms' }, S, D], m.throughputPerSec.expected * n, 'requests/s', `low ${fmtNumber(m.throughputPerSec.low * n)} requests/s with holds 25% longer`);
  derive(log, id, 'throughputCeilingPerSec', 'Throughput ceiling', 'X_max = n · c / D', [N, c, D], m.throughputCeilingPerSec * n, 'requests/s');
  const target = w.target.value;
  derive(
    log, id, 'usersSupported', `Users supported at ${describeTarget(target)}`,
    target.kind === 'utilization' ? 'U_max = n · ⌊u · c · (Z + R) / D⌋' : 'largest U/n whose finite-source wait meets the target, × n',
    target.kind === 'utilization' ? [N, { name: 'u', value: target.max, source: describeProvenance(w.target.provenance) }, c, Z, Rin, D] : [N, c, Z, Rin, k, S],
    m.usersSupported * n, 'users',
  );
  derive(
    log, id, 'predictedWaitMs', 'Mean wait per acquisition at the workload (finite-source)', 'W = L_q / X (M/M/c//N with N = U/n users, think T′, hold S)',
    [{ name: 'N', value: Math.ceil(input.users), unit: 'users per process' }, c, { name: 'T′', value: m.awayMs, unit: 'ms' }, S], m.waitMs.expected, 'ms',
    `range ${m.waitMs.high < 0.01 ? '≈ 0 ms' : `${fmtNumber(m.waitMs.low)}–${fmtNumber(m.waitMs.high)} ms`}. low: half (M/D/c, constant holds), never below the population’s U·S/c − T′ − S; ${HIGH_NOTE}. Reliability: ${m.reliability}. P(wait) ${fmtNumber(m.pWait * 100)}%.`,
  );
  derive(log, id, 'responseTimeMs', 'Mean response time at the workload', 'R + k · W (past the knee ≈ U·D/(n·c) − Z)', [Rin, k, ref('W', 'predictedWaitMs', m.waitMs.expected, 'ms')], m.responseTimeMs.expected, 'ms');
  const timeout = wIn('timeout', input.clientTimeoutMs, 'ms', w.clientTimeoutMs.provenance);
  derive(
    log, id, 'collapseUsers', 'Users at which the mean response passes the client timeout (goodput collapses)',
    m.shedsLoad ? 'none: the acquire timeout answers the excess with fast errors' : 'U_collapse = n · c · (timeout + Z) / D',
    [N, c, timeout, Z, D, { name: 'acquire timeout', value: input.acquireTimeoutMs ?? null, unit: 'ms', source: r.acquireTimeoutSource ? describeProvenance(r.acquireTimeoutSource) : undefined }],
    m.collapseUsers === null ? null : m.collapseUsers * n, 'users',
    m.shedsLoad
      ? `goodput stays at the ceiling (${fmtNumber(m.throughputCeilingPerSec * n)} requests/s); measured: with connectionTimeoutMillis 1000–2000 ms goodput stayed at N/S exactly`
      : 'measured: once C·S/N passed the client timeout, goodput fell to 0–9% of N/S while the pool stayed busy serving clients that had given up',
  );
  const sizes = m.alternativeSizes;
  derive(
    log, id, 'recommendedSize', `Pool size per process for ${describeTarget(target)} at the workload`,
    target.kind === 'utilization' ? 'c ≥ L / u' : 'smallest c whose finite-source wait meets the target',
    [ref('L', 'busyUnitsPerInstance', m.busyUnits, 'units'), ...(target.kind === 'utilization' ? [{ name: 'u', value: target.max }] : [])],
    m.recommendedSize, 'units',
    `Other targets: finite-source P(wait) ≤ 5% → ${sizes.finiteSourcePWait5 ?? 'n/a'}, mean wait ≤ 10 ms → ${sizes.finiteSourceWait10ms ?? 'n/a'}; Erlang C (open Poisson arrivals, an approximation) P(wait) ≤ 5% → ${sizes.erlangCPWait5}; square-root staffing a + β√a: β = 1 → ${sizes.squareRootBeta1}, β = 2 → ${sizes.squareRootBeta2}.`,
  );
}

export function derive(log: DerivationLog, resourceId: string, field: string, label: string, formula: string, inputs: Derivation['inputs'], result: number | null, unit?: string, note?: string): void {
  log.add({ id: `resource:${resourceId}:${field}`, label, formula, inputs, result, unit, note });
}

export function wIn(name: string, value: number, unit: string, provenance: Provenance): Derivation['inputs'][number] {
  return { name, value, unit, source: describeProvenance(provenance) };
}
