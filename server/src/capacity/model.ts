// The capacity of one pool of c units under a closed population of users with think time:
// demand by Little's law, the saturation knee, users supported at a target, the wait for a unit as
// a range (finite-source model in the middle), response time and goodput collapse as users grow,
// and the pool size the workload needs. Per process: the estimate multiplies by instances.
import { CONSTANT_HOLD_WAIT_FACTOR, erlangCPoolFor, finiteSource, finiteSourcePoolFor, meetsTarget, squareRootStaffing, type WaitTarget } from './queueing';
import { MEASURED } from './measured';
import type { CapacityTarget } from './workload';

export interface PoolModelInput {
  /** Units per process (c). */
  size: number;
  /** Hold per use, ms (S). */
  holdMs: number;
  /** Uses per request (k). */
  usesPerRequest: number;
  /** Users per process (U). */
  users: number;
  /** Think time between a user's requests, ms (Z). */
  thinkTimeMs: number;
  /** A request's time without queueing, ms (R). */
  requestMs: number;
  clientTimeoutMs: number;
  /** 0 or undefined = waits forever. */
  acquireTimeoutMs?: number;
  target: CapacityTarget;
}

export type WaitReliability = 'order-of-magnitude' | 'unreliable' | 'population-bound';
export type ResourceStatus = 'ok' | 'warning' | 'saturated';

export interface WaitRange {
  low: number;
  expected: number;
  high: number;
}

export interface PoolModel {
  /** Busy ms of the pool per request: D = k · S. */
  demandMsPerRequest: number;
  /** One user's cycle without queueing: Z + R. */
  cycleMs: number;
  /** Time a user spends away from the pool between acquisitions: T' = (Z + R)/k − S. */
  awayMs: number;
  /** Requests per second the users offer: X = U / (Z + R). */
  offeredRequestsPerSec: number;
  /** Mean busy units by Little's law: L = X · D. */
  busyUnits: number;
  /** L / c; above 1 the pool is past its knee. */
  offeredUtilization: number;
  /** Busy fraction the pool actually reaches (finite-source), ≤ 1. */
  utilization: number;
  /** Requests per second actually served: expected (nominal holds) and low (holds 25% longer). */
  throughputPerSec: { low: number; expected: number };
  /** c / D. */
  throughputCeilingPerSec: number;
  /** U* = c · (Z + R) / D: past it response time grows linearly with users. */
  kneeUsers: number;
  usersSupported: number;
  /** P(an acquisition waits), finite-source. */
  pWait: number;
  /** Mean wait per acquisition, ms. */
  waitMs: WaitRange;
  reliability: WaitReliability;
  responseTimeMs: WaitRange;
  /** Users at which the mean response passes the client timeout; null when an acquire timeout sheds the excess first. */
  collapseUsers: number | null;
  /** Whether an acquire timeout turns overload into fast errors (goodput stays at the ceiling). */
  shedsLoad: boolean;
  /** Smallest pool meeting the target at this workload. */
  recommendedSize: number;
  /** Sizes by other targets and models, shown beside the recommendation. */
  alternativeSizes: AlternativeSizes;
  status: ResourceStatus;
  /** Inputs that had to be adjusted, in words. */
  notes: string[];
}

export interface AlternativeSizes {
  /** Finite-source (the main model): P(wait) ≤ 5%. */
  finiteSourcePWait5: number | null;
  /** Finite-source: mean wait ≤ 10 ms. */
  finiteSourceWait10ms: number | null;
  /** Erlang C, open Poisson arrivals (a labelled approximation): P(wait) ≤ 5%. */
  erlangCPWait5: number;
  /** Square-root staffing c ≈ a + β√a, β = 1 and 2. */
  squareRootBeta1: number;
  squareRootBeta2: number;
  /** Utilisation ≤ the target's u (or 0.85 under a wait target). */
  utilizationTarget: number;
}

export const SIZING_P_WAIT: WaitTarget = { maxPWait: 0.05 };
export const SIZING_MEAN_WAIT: WaitTarget = { maxMeanWaitMs: 10 };
/** Below this offered utilisation waits are small and only their order of magnitude is known. */
export const RELIABLE_BELOW = 0.85;
/** From this multiple of the knee the population sets the wait (U·S/c − T' − S); measured within 8%. */
export const POPULATION_BOUND_FROM = 1.2;

interface Shape {
  c: number;
  S: number;
  k: number;
  D: number;
  cycle: number;
  away: number;
  notes: string[];
}

function shape(input: PoolModelInput): Shape {
  const notes: string[] = [];
  const c = Math.max(1, Math.floor(input.size));
  const k = input.usesPerRequest;
  const S = input.holdMs;
  const D = k * S;
  let R = input.requestMs;
  if (D > R) {
    notes.push(`the request (${fmt(R)} ms) is shorter than its holds (${fmt(k)} × ${fmt(S)} ms); the request time is taken as ${fmt(D)} ms`);
    R = D;
  }
  const cycle = input.thinkTimeMs + R;
  return { c, S, k, D, cycle, away: Math.max(0, cycle / k - S), notes };
}

/** Mean wait per acquisition and throughput for `users` at hold `S`, finite-source. */
function evaluate(sh: Shape, users: number, S: number) {
  return finiteSource(Math.ceil(users), sh.c, sh.away, S);
}

interface LoadPoint {
  nominal: ReturnType<typeof finiteSource>;
  slow: ReturnType<typeof finiteSource>;
  waitMs: WaitRange;
  responseTimeMs: WaitRange;
  throughputPerSec: { low: number; expected: number };
}

/**
 * Waits, response time and throughput at `users`: expected = finite-source with the given holds;
 * high = holds 25% longer (measured: busy-host holds ran 1.07–1.20× nominal); low = the M/D/c half
 * of the expected wait, but never below what the population forces past the knee (U·S/c − T' − S).
 */
function loadPoint(sh: Shape, users: number, thinkTimeMs: number): LoadPoint {
  const { c, S, k } = sh;
  const nominal = evaluate(sh, users, S);
  const slowS = S * MEASURED.pessimisticHoldFactor;
  const slow = evaluate(sh, users, slowS);
  const populationWait = Math.max(0, (Math.ceil(users) * S) / c - sh.away - S);
  const waitMs: WaitRange = {
    low: Math.min(nominal.meanWaitMs, Math.max(CONSTANT_HOLD_WAIT_FACTOR * nominal.meanWaitMs, populationWait)),
    expected: nominal.meanWaitMs,
    high: Math.max(nominal.meanWaitMs, slow.meanWaitMs),
  };
  const R = sh.cycle - thinkTimeMs;
  return {
    nominal,
    slow,
    waitMs,
    responseTimeMs: { low: R + k * waitMs.low, expected: R + k * waitMs.expected, high: R + k * (slowS - S) + k * waitMs.high },
    throughputPerSec: { low: (slow.throughputPerMs / k) * 1000, expected: (nominal.throughputPerMs / k) * 1000 },
  };
}

export function modelPool(input: PoolModelInput): PoolModel {
  const sh = shape(input);
  const { c, S, k, D, cycle } = sh;
  const U = input.users;
  const X = U / cycle; // requests per ms
  const busyUnits = X * D;
  const offeredUtilization = busyUnits / c;
  const kneeUsers = (c * cycle) / D;
  const point = loadPoint(sh, U, input.thinkTimeMs);
  const reliability: WaitReliability = offeredUtilization < RELIABLE_BELOW ? 'order-of-magnitude' : offeredUtilization < POPULATION_BOUND_FROM ? 'unreliable' : 'population-bound';

  const R = cycle - input.thinkTimeMs;
  const acquire = input.acquireTimeoutMs ?? 0;
  const shedsLoad = acquire > 0 && R + k * acquire < input.clientTimeoutMs;
  const collapseUsers = shedsLoad ? null : R >= input.clientTimeoutMs ? 0 : (c * (input.clientTimeoutMs + input.thinkTimeMs)) / D;

  const usersSupported = usersSupportedAt(sh, input.target);
  const alternativeSizes = alternatives(sh, U, busyUnits, input.target);
  const recommendedSize = input.target.kind === 'utilization' ? alternativeSizes.utilizationTarget : finiteSourcePoolFor(Math.ceil(U), sh.away, S, input.target) ?? alternativeSizes.utilizationTarget;

  const status: ResourceStatus = offeredUtilization >= 1 ? 'saturated' : U > usersSupported ? 'warning' : 'ok';
  return {
    demandMsPerRequest: D,
    cycleMs: cycle,
    awayMs: sh.away,
    offeredRequestsPerSec: X * 1000,
    busyUnits,
    offeredUtilization,
    utilization: point.nominal.utilization,
    throughputPerSec: point.throughputPerSec,
    throughputCeilingPerSec: (c / D) * 1000,
    kneeUsers,
    usersSupported,
    pWait: point.nominal.pWait,
    waitMs: point.waitMs,
    reliability,
    responseTimeMs: point.responseTimeMs,
    collapseUsers,
    shedsLoad,
    recommendedSize,
    alternativeSizes,
    status,
    notes: sh.notes,
  };
}

function usersSupportedAt(sh: Shape, target: CapacityTarget): number {
  if (target.kind === 'utilization') return Math.floor((target.max * sh.c * sh.cycle) / sh.D + 1e-9);
  const ok = (u: number) => {
    const r = evaluate(sh, u, sh.S);
    return meetsTarget(r.pWait, r.meanWaitMs, target);
  };
  // Waits grow with users: the largest passing count, by doubling then bisection.
  if (!ok(1)) return 0;
  let lo = 1;
  let hi = Math.max(2, Math.ceil((sh.c * sh.cycle) / sh.D));
  while (ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) return lo;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function alternatives(sh: Shape, users: number, busyUnits: number, target: CapacityTarget): AlternativeSizes {
  const u = target.kind === 'utilization' ? target.max : RELIABLE_BELOW;
  const lambdaPerUse = (users * sh.k) / sh.cycle;
  const N = Math.ceil(users);
  return {
    finiteSourcePWait5: N > 0 ? finiteSourcePoolFor(N, sh.away, sh.S, SIZING_P_WAIT) ?? null : 1,
    finiteSourceWait10ms: N > 0 ? finiteSourcePoolFor(N, sh.away, sh.S, SIZING_MEAN_WAIT) ?? null : 1,
    erlangCPWait5: lambdaPerUse > 0 ? erlangCPoolFor(lambdaPerUse, sh.S, SIZING_P_WAIT) : 1,
    squareRootBeta1: Math.max(1, squareRootStaffing(busyUnits, 1)),
    squareRootBeta2: Math.max(1, squareRootStaffing(busyUnits, 2)),
    utilizationTarget: Math.max(1, Math.ceil(busyUnits / u - 1e-9)),
  };
}

export interface CurvePoint {
  users: number;
  throughputPerSec: number;
  responseTimeMs: WaitRange;
  waitMs: WaitRange;
}

/** Response time and waits as users grow, for the report's chart (per process). */
export function poolCurve(input: PoolModelInput, users: readonly number[]): CurvePoint[] {
  const sh = shape(input);
  return users.map((u) => {
    const p = loadPoint(sh, u, input.thinkTimeMs);
    return { users: u, throughputPerSec: p.throughputPerSec.expected, responseTimeMs: p.responseTimeMs, waitMs: p.waitMs };
  });
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
