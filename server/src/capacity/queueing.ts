// Queueing formulas for a pool of c identical units (connections, sockets): Erlang B/C for open
// (Poisson) arrivals, the finite-source (machine-repairman, M/M/c//N) model for a closed population
// of users with think time, the closed-population fixed point, and square-root staffing. Pure math:
// times in milliseconds, rates per millisecond unless a name says otherwise. No factorials are ever
// formed (they overflow past 170!), so every function is stable for pools of thousands and
// populations up to 100,000.

/** Erlang B blocking probability for offered load `a` Erlangs on `c` servers, by the recursion
 * B₀ = 1, B_k = a·B_{k−1} / (k + a·B_{k−1}). */
export function erlangB(a: number, c: number): number {
  if (!(a >= 0) || !Number.isInteger(c) || c < 0) throw new RangeError(`erlangB: a=${a}, c=${c}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival waits, C = B / (1 − ρ(1 − B)), ρ = a/c. 1 when ρ ≥ 1. */
export function erlangC(a: number, c: number): number {
  if (c <= 0) return 1;
  const rho = a / c;
  if (rho >= 1) return 1;
  const b = erlangB(a, c);
  return b / (1 - rho * (1 - b));
}

export interface OpenQueueResult {
  /** Offered load a = λ·S in Erlangs. */
  offeredLoad: number;
  utilization: number;
  /** Probability an arrival finds every unit busy. */
  pWait: number;
  /** Mean wait over all arrivals, ms (Infinity when ρ ≥ 1). */
  meanWaitMs: number;
  /** Mean wait of the arrivals that wait, ms: S / (c − a). */
  meanWaitOfWaitersMs: number;
}

/** M/M/c (Erlang C) for arrival rate `lambdaPerMs` and mean hold `holdMs` on `c` units:
 * Wq = C / (c/S − λ). */
export function erlangCQueue(lambdaPerMs: number, holdMs: number, c: number): OpenQueueResult {
  const a = lambdaPerMs * holdMs;
  const utilization = c > 0 ? a / c : Infinity;
  if (utilization >= 1) {
    return { offeredLoad: a, utilization, pWait: 1, meanWaitMs: Infinity, meanWaitOfWaitersMs: Infinity };
  }
  const pWait = erlangC(a, c);
  const meanWaitOfWaitersMs = holdMs / (c - a);
  return { offeredLoad: a, utilization, pWait, meanWaitMs: pWait * meanWaitOfWaitersMs, meanWaitOfWaitersMs };
}

/** The M/D/c correction (constant hold times): about half the M/M/c wait (Cosmetatos' first-order
 * term). Measured here on a quiet host with constant holds: half of Erlang C fitted at a median of 1.08. */
export const CONSTANT_HOLD_WAIT_FACTOR = 0.5;

/** Square-root staffing: the smallest c ≥ a + β√a. */
export function squareRootStaffing(a: number, beta: number): number {
  return Math.ceil(a + beta * Math.sqrt(a) - 1e-9);
}

/** The smallest c whose Erlang C result meets the target (P(wait) and/or mean wait). */
export function erlangCPoolFor(lambdaPerMs: number, holdMs: number, target: WaitTarget): number {
  const a = lambdaPerMs * holdMs;
  let c = Math.max(1, Math.floor(a) + 1);
  for (; ; c++) {
    const q = erlangCQueue(lambdaPerMs, holdMs, c);
    if (meetsTarget(q.pWait, q.meanWaitMs, target)) return c;
  }
}

export interface WaitTarget {
  /** Highest acceptable probability of waiting for a unit (e.g. 0.05). */
  maxPWait?: number;
  /** Highest acceptable mean wait over all acquisitions, ms (e.g. 10). */
  maxMeanWaitMs?: number;
}

export function meetsTarget(pWait: number, meanWaitMs: number, target: WaitTarget): boolean {
  if (target.maxPWait !== undefined && !(pWait <= target.maxPWait)) return false;
  if (target.maxMeanWaitMs !== undefined && !(meanWaitMs <= target.maxMeanWaitMs)) return false;
  return true;
}

// ---- Finite source: N users, each away for an exponential time T between acquisitions ----------

export interface FiniteSourceResult {
  sources: number;
  servers: number;
  /** Acquisitions per ms. */
  throughputPerMs: number;
  /** Mean busy units. */
  meanBusy: number;
  utilization: number;
  /** Mean number waiting for a unit. */
  meanQueue: number;
  /** Probability an arrival waits (arrival theorem: weights (N − n)·p_n). */
  pWait: number;
  /** Mean wait per acquisition over all acquisitions, ms. */
  meanWaitMs: number;
}

/**
 * M/M/c//N (machine repairman): `sources` users, each spends an exponential `thinkMs` away from the
 * pool, then holds one of `servers` units for an exponential `holdMs` (waiting first if all are busy).
 * Stationary probabilities from the ratios p_n/p_{n−1} = (N − n + 1)·r / min(n, c), r = S/T,
 * summed in log space and scaled by the largest term, so N up to 100,000 neither overflows nor
 * underflows where it matters (terms below e^−745 of the peak are dropped: they cannot move a sum).
 */
export function finiteSource(sources: number, servers: number, thinkMs: number, holdMs: number): FiniteSourceResult {
  const N = Math.floor(sources);
  const c = Math.floor(servers);
  if (N < 0 || c < 1 || !(holdMs > 0) || !(thinkMs >= 0)) throw new RangeError(`finiteSource: N=${sources}, c=${servers}, T=${thinkMs}, S=${holdMs}`);
  if (N === 0) return { sources: 0, servers: c, throughputPerMs: 0, meanBusy: 0, utilization: 0, meanQueue: 0, pWait: 0, meanWaitMs: 0 };
  if (thinkMs === 0) {
    // Everybody is always at the pool: a closed loop with no think time.
    const busy = Math.min(N, c);
    const throughputPerMs = busy / holdMs;
    return { sources: N, servers: c, throughputPerMs, meanBusy: busy, utilization: busy / c, meanQueue: N - busy, pWait: N > c ? 1 : 0, meanWaitMs: (N - busy) / throughputPerMs };
  }
  const logR = Math.log(holdMs / thinkMs);
  const logP = new Float64Array(N + 1);
  let maxLog = 0;
  for (let n = 1; n <= N; n++) {
    logP[n] = logP[n - 1] + Math.log(N - n + 1) + logR - Math.log(Math.min(n, c));
    if (logP[n] > maxLog) maxLog = logP[n];
  }
  let total = 0;
  let busy = 0;
  let queue = 0;
  let arrivals = 0;
  let waitingArrivals = 0;
  for (let n = 0; n <= N; n++) {
    const p = Math.exp(logP[n] - maxLog);
    if (p === 0) continue;
    total += p;
    busy += Math.min(n, c) * p;
    if (n > c) queue += (n - c) * p;
    const arrivalWeight = (N - n) * p;
    arrivals += arrivalWeight;
    if (n >= c) waitingArrivals += arrivalWeight;
  }
  const meanBusy = busy / total;
  const meanQueue = queue / total;
  const throughputPerMs = meanBusy / holdMs;
  return {
    sources: N,
    servers: c,
    throughputPerMs,
    meanBusy,
    utilization: meanBusy / c,
    meanQueue,
    pWait: arrivals > 0 ? waitingArrivals / arrivals : 1,
    meanWaitMs: throughputPerMs > 0 ? meanQueue / throughputPerMs : 0,
  };
}

/** The smallest pool whose finite-source result meets the target, searching from the mean busy count. */
export function finiteSourcePoolFor(sources: number, thinkMs: number, holdMs: number, target: WaitTarget, maxServers = 100000): number | undefined {
  const demand = (sources * holdMs) / (thinkMs + holdMs);
  let lo = Math.max(1, Math.floor(demand));
  const ok = (c: number) => {
    const r = finiteSource(sources, c, thinkMs, holdMs);
    return meetsTarget(r.pWait, r.meanWaitMs, target);
  };
  if (ok(lo)) {
    // Light load: the answer may be below the mean busy count's floor only when demand < 1.
    while (lo > 1 && ok(lo - 1)) lo--;
    return lo;
  }
  // Exponential then binary search: results improve monotonically with c.
  let hi = lo + 1;
  while (!ok(hi)) {
    lo = hi;
    hi = Math.min(maxServers, hi * 2);
    if (lo === maxServers) return undefined;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---- Closed population fixed point: λ = U / (T + S + W(λ)) --------------------------------------

export interface FixedPointResult {
  /** Acquisitions per ms. */
  throughputPerMs: number;
  meanWaitMs: number;
  utilization: number;
}

/**
 * The arrival rate of U users who think T, hold S and wait W(λ): the unique λ with
 * λ = U / (T + S + W(λ)), W from Erlang C (times `waitFactor`, 0.5 for constant holds). W grows
 * with λ and is infinite at λ = c/S, so the solution is below the ceiling and bisection finds it.
 * Beyond the knee the wait is what the population forces: U/λ − T − S.
 */
export function closedFixedPoint(users: number, servers: number, thinkMs: number, holdMs: number, waitFactor = 1): FixedPointResult {
  if (users <= 0) return { throughputPerMs: 0, meanWaitMs: 0, utilization: 0 };
  const ceiling = servers / holdMs;
  const f = (lambda: number) => {
    const w = waitFactor * erlangCQueue(lambda, holdMs, servers).meanWaitMs;
    return lambda - users / (thinkMs + holdMs + w);
  };
  let lo = 0;
  let hi = ceiling;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  const lambda = lo;
  return { throughputPerMs: lambda, meanWaitMs: Math.max(0, users / lambda - thinkMs - holdMs), utilization: (lambda * holdMs) / servers };
}
