// The queueing formulas: the worked Erlang C table of capacity-math.md digit for digit, square-root
// staffing, and the finite-source model's exact small cases, Poisson limit and stability at N = 100,000.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { closedFixedPoint, erlangB, erlangC, erlangCPoolFor, erlangCQueue, finiteSource, finiteSourcePoolFor, squareRootStaffing } from '../server/src/capacity/queueing';

/** capacity-math.md, a = 100 Erlangs (X = 500/s, S = 200 ms), as printed (∞ for c = 100). */
const ERLANG_C_TABLE = [
  { c: 100, rho: '1.000', pWait: '1.00', waitMs: '∞', waitOfWaitersMs: '∞' },
  { c: 101, rho: '0.990', pWait: '0.883', waitMs: '176.7', waitOfWaitersMs: '200' },
  { c: 105, rho: '0.952', pWait: '0.516', waitMs: '20.6', waitOfWaitersMs: '40' },
  { c: 110, rho: '0.909', pWait: '0.237', waitMs: '4.7', waitOfWaitersMs: '20' },
  { c: 115, rho: '0.870', pWait: '0.095', waitMs: '1.3', waitOfWaitersMs: '13.3' },
  { c: 120, rho: '0.833', pWait: '0.033', waitMs: '0.3', waitOfWaitersMs: '10' },
  { c: 125, rho: '0.800', pWait: '0.0099', waitMs: '0.1', waitOfWaitersMs: '8' },
];
const ARRIVALS_PER_MS = 0.5;
const HOLD_MS = 200;

/** A number printed with as many decimals as the table's text has. */
function asPrinted(value: number, printed: string): string {
  if (printed === '∞') return Number.isFinite(value) ? String(value) : '∞';
  const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
  return value.toFixed(decimals);
}

for (const row of ERLANG_C_TABLE) {
  test(`Erlang C worked table, c = ${row.c}`, () => {
    const q = erlangCQueue(ARRIVALS_PER_MS, HOLD_MS, row.c);
    assert.deepEqual(
      [asPrinted(q.utilization, row.rho), asPrinted(q.pWait, row.pWait), asPrinted(q.meanWaitMs, row.waitMs), asPrinted(q.meanWaitOfWaitersMs, row.waitOfWaitersMs)],
      [row.rho, row.pWait, row.waitMs, row.waitOfWaitersMs],
    );
  });
}

test('square-root staffing: β = 1 → 110, β = 2 → 120 for a = 100', () => {
  assert.equal(squareRootStaffing(100, 1), 110);
  assert.equal(squareRootStaffing(100, 2), 120);
});

test('Erlang B/C stay finite for thousands of servers (no factorials)', () => {
  const b = erlangB(5000, 5100);
  const c = erlangC(5000, 5100);
  assert.ok(b > 0 && b < 1 && c > b && c < 1, `B ${b}, C ${c}`);
  assert.equal(erlangCPoolFor(ARRIVALS_PER_MS, HOLD_MS, { maxPWait: 0.05 }), 119);
});

test('finite source, N = 2, c = 1, S = T: the textbook machine-repairman numbers', () => {
  // p ∝ [1, 2, 2]: busy 4/5, L_q 2/5, W = L_q / X = 0.5·S, P(wait) for arrivals (weights 2, 2, 0) = 1/2.
  const r = finiteSource(2, 1, 100, 100);
  assert.ok(Math.abs(r.utilization - 0.8) < 1e-12);
  assert.ok(Math.abs(r.meanQueue - 0.4) < 1e-12);
  assert.ok(Math.abs(r.meanWaitMs - 50) < 1e-9);
  assert.ok(Math.abs(r.pWait - 0.5) < 1e-12);
});

test('finite source with no more users than units never waits', () => {
  const r = finiteSource(10, 10, 1800, 200);
  assert.equal(r.pWait, 0);
  assert.equal(r.meanWaitMs, 0);
});

test('finite source tends to Erlang C as users grow with the arrival rate fixed (N = 100,000)', () => {
  // a = 100 Erlangs from 100,000 users, each away N/λ ms: the Poisson limit of the worked table.
  const N = 100000;
  for (const c of [105, 110, 120]) {
    const fs = finiteSource(N, c, N / ARRIVALS_PER_MS - HOLD_MS, HOLD_MS);
    const open = erlangCQueue(ARRIVALS_PER_MS, HOLD_MS, c);
    assert.ok(Math.abs(fs.pWait - open.pWait) / open.pWait < 0.02, `c = ${c}: ${fs.pWait} vs ${open.pWait}`);
  }
});

test('finite source is stable at N = 100,000 both far below and far past the knee', () => {
  const light = finiteSource(100000, 20000, 1800, 200);
  assert.ok(light.pWait < 1e-9 && Math.abs(light.throughputPerMs - 100000 / 2000) < 1e-6);
  const heavy = finiteSource(100000, 100, 1800, 200);
  assert.ok(Math.abs(heavy.throughputPerMs - 100 / 200) < 1e-9, 'past the knee throughput = c/S');
  assert.ok(Math.abs(heavy.meanWaitMs - (100000 * 200) / 100 + 1800 + 200) < 1e-3, 'wait = U·S/c − T − S');
  for (const v of Object.values(heavy)) assert.ok(Number.isFinite(v));
});

test('finite-source pool search returns the smallest pool meeting the target', () => {
  const c = finiteSourcePoolFor(1000, 1800, 200, { maxPWait: 0.05 })!;
  assert.ok(finiteSource(1000, c, 1800, 200).pWait <= 0.05);
  assert.ok(finiteSource(1000, c - 1, 1800, 200).pWait > 0.05);
});

test('closed fixed point: U/(T + S) below the knee, c/S past it', () => {
  assert.ok(Math.abs(closedFixedPoint(100, 50, 1800, 200).throughputPerMs - 100 / 2000) < 1e-6);
  // Erlang C's wait is infinite at c/S itself, so the solution approaches the ceiling from below.
  assert.ok(Math.abs(closedFixedPoint(1000, 10, 1800, 200).throughputPerMs / (10 / 200) - 1) < 0.01);
  const halved = closedFixedPoint(1000, 110, 1800, 200, 0.5).meanWaitMs;
  assert.ok(halved < closedFixedPoint(1000, 110, 1800, 200).meanWaitMs, 'the M/D/c correction lowers the wait');
});
