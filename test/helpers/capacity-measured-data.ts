// The load test of ../shared/reference/measured-capacity.md, transcribed row by row (Node 20,
// pg 8.23, PostgreSQL 15, a shared 2-core host), with which check each row is held to and why.
// Data only: predictions live in capacity-measured.ts, assertions in capacity-measured.test.ts.

/** Autocannon closed loop: C connections, no think time, 10 s client timeout. */
export interface ClosedLoopRow {
  pool: number;
  holdMs: number;
  clients: number;
  /** Measured 2xx responses per second. */
  throughput: number;
  /** Measured mean latency, ms; absent when the row collapsed. */
  latencyMs?: number;
  /** Client timeouts counted in the run; present = goodput collapsed. */
  clientTimeouts?: number;
  /**
   * 'exact-knee': C = N with no think time, so nothing queues and every millisecond the request
   * spends outside pg_sleep (the round trip, event-loop lag: S + 0.4–8 ms, median +2 ms per the
   * note) lowers throughput one for one. The note reports this row as Little's law's worst case
   * (14% optimistic with the nominal S). Checked at 10% with the measured median hold, S + 2 ms.
   */
  deviation?: 'exact-knee';
}

export const CLIENT_TIMEOUT_MS = 10000;

export const CLOSED_LOOP: ClosedLoopRow[] = [
  { pool: 5, holdMs: 50, clients: 50, throughput: 98, latencyMs: 511 },
  { pool: 5, holdMs: 50, clients: 100, throughput: 98, latencyMs: 1023 },
  { pool: 5, holdMs: 50, clients: 200, throughput: 97, latencyMs: 2052 },
  { pool: 5, holdMs: 50, clients: 500, throughput: 97, latencyMs: 5160 },
  { pool: 5, holdMs: 50, clients: 1000, throughput: 1.8, clientTimeouts: 1133 },
  { pool: 10, holdMs: 50, clients: 50, throughput: 193, latencyMs: 260 },
  { pool: 10, holdMs: 50, clients: 100, throughput: 195, latencyMs: 512 },
  { pool: 10, holdMs: 50, clients: 200, throughput: 188, latencyMs: 1065 },
  { pool: 10, holdMs: 50, clients: 500, throughput: 187, latencyMs: 2679 },
  { pool: 10, holdMs: 50, clients: 1000, throughput: 194, latencyMs: 5128 },
  { pool: 50, holdMs: 50, clients: 50, throughput: 877, latencyMs: 57, deviation: 'exact-knee' },
  { pool: 50, holdMs: 50, clients: 100, throughput: 988, latencyMs: 101 },
  { pool: 50, holdMs: 50, clients: 200, throughput: 990, latencyMs: 202 },
  { pool: 50, holdMs: 50, clients: 500, throughput: 932, latencyMs: 537 },
  { pool: 50, holdMs: 50, clients: 1000, throughput: 984, latencyMs: 1015 },
  { pool: 5, holdMs: 200, clients: 50, throughput: 25, latencyMs: 2024 },
  { pool: 5, holdMs: 200, clients: 100, throughput: 25, latencyMs: 4047 },
  { pool: 5, holdMs: 200, clients: 200, throughput: 24, latencyMs: 8092 },
  { pool: 5, holdMs: 200, clients: 500, throughput: 0.5, clientTimeouts: 661 },
  { pool: 5, holdMs: 200, clients: 1000, throughput: 0, clientTimeouts: 1253 },
  { pool: 10, holdMs: 200, clients: 50, throughput: 48, latencyMs: 1041 },
  { pool: 10, holdMs: 200, clients: 100, throughput: 49, latencyMs: 2042 },
  { pool: 10, holdMs: 200, clients: 200, throughput: 48, latencyMs: 4159 },
  { pool: 10, holdMs: 200, clients: 500, throughput: 0.2, clientTimeouts: 530 },
  { pool: 10, holdMs: 200, clients: 1000, throughput: 1.0, clientTimeouts: 1268 },
  { pool: 50, holdMs: 200, clients: 50, throughput: 246, latencyMs: 203 },
  { pool: 50, holdMs: 200, clients: 100, throughput: 246, latencyMs: 406 },
  { pool: 50, holdMs: 200, clients: 200, throughput: 246, latencyMs: 808 },
  { pool: 50, holdMs: 200, clients: 500, throughput: 249, latencyMs: 2029 },
  { pool: 50, holdMs: 200, clients: 1000, throughput: 249, latencyMs: 4036 },
];

/** Think-time users: exponential think time with mean T = 2 s, keep-alive, 30 s runs. */
export const THINK_TIME_MS = 2000;

/**
 * Which host state a row was measured in. The table does not say; the note's per-state findings do,
 * and each row matches exactly one of them (ratios are measured ÷ predicted with the nominal S):
 * - 'quiet': Erlang C over-predicts constant holds ("median 0.54": rows 25/200 and 20/200 give
 *   0.56 and 0.45) and under-predicts exponential ones by ~1.24 (row 30/50 exponential: 1.23).
 * - 'busy': "on a CPU-starved host every model with the nominal S under-predicts, by a median
 *   7.8×": the 50 ms rows at 30, 27, 25 connections (both service kinds, except 30 exponential),
 *   where finite-source, Erlang C and the fixed point all under-predict 2.2–15× (median 8.0×).
 *   Their effective holds, solved from the waits, were 1.07–1.20× nominal and reproduce their
 *   throughput within 2%: the host slowed the holds, not the model.
 * - 'saturated': past the knee the population sets the wait; the note: finite-source 0.97–1.04.
 */
export type HostState = 'quiet' | 'busy' | 'saturated';

export interface ThinkTimeRow {
  pool: number;
  holdMs: number;
  users: number;
  service: 'constant' | 'exponential';
  /** The table's own column U* = N(T + S)/S. */
  knee: number;
  throughput: number;
  waitMs: number;
  host: HostState;
  /**
   * The wait check this row is held to (predicted with S plus the round trip, see
   * capacity-measured.ts `predictThinkTime`):
   * - 'within-25%': the target (quiet host, utilisation below 0.98).
   * - 'within-10%': saturated rows; tighter than the issue asks, as the note measured 0.97–1.04.
   * - 'in-range': busy-host rows (no model with the nominal S fits, per the note): measured inside
   *   the predicted [low, high] and above the expected value (the direction the note reports).
   */
  waitCheck: 'within-25%' | 'within-10%' | 'in-range';
  /** 'busy-host': throughput only inside the predicted [low, expected] (15% off with the nominal S). */
  throughputCheck?: 'in-range';
}

export const THINK_TIME: ThinkTimeRow[] = [
  { pool: 50, holdMs: 50, users: 1000, service: 'constant', knee: 2050, throughput: 487.6, waitMs: 0.0, host: 'quiet', waitCheck: 'within-25%' },
  { pool: 30, holdMs: 50, users: 1000, service: 'constant', knee: 1230, throughput: 481.6, waitMs: 24.3, host: 'busy', waitCheck: 'in-range' },
  { pool: 27, holdMs: 50, users: 1000, service: 'constant', knee: 1107, throughput: 464.5, waitMs: 63.1, host: 'busy', waitCheck: 'in-range' },
  { pool: 25, holdMs: 50, users: 1000, service: 'constant', knee: 1025, throughput: 417.6, waitMs: 317.8, host: 'busy', waitCheck: 'in-range', throughputCheck: 'in-range' },
  { pool: 10, holdMs: 50, users: 1000, service: 'constant', knee: 410, throughput: 190.0, waitMs: 3175, host: 'saturated', waitCheck: 'within-10%' },
  { pool: 30, holdMs: 50, users: 1000, service: 'exponential', knee: 1230, throughput: 483.8, waitMs: 2.2, host: 'quiet', waitCheck: 'within-25%' },
  { pool: 27, holdMs: 50, users: 1000, service: 'exponential', knee: 1107, throughput: 477.5, waitMs: 21.4, host: 'busy', waitCheck: 'in-range' },
  { pool: 25, holdMs: 50, users: 1000, service: 'exponential', knee: 1025, throughput: 445.6, waitMs: 178.1, host: 'busy', waitCheck: 'in-range' },
  { pool: 25, holdMs: 200, users: 200, service: 'constant', knee: 275, throughput: 91.5, waitMs: 1.5, host: 'quiet', waitCheck: 'within-25%' },
  { pool: 20, holdMs: 200, users: 200, service: 'constant', knee: 220, throughput: 89.3, waitMs: 28.9, host: 'quiet', waitCheck: 'within-25%' },
  { pool: 50, holdMs: 200, users: 1000, service: 'constant', knee: 550, throughput: 248.0, waitMs: 1838, host: 'saturated', waitCheck: 'within-10%' },
];

/** The note: "every model with the nominal S under-predicts, by a median 7.8×" on the busy host. */
export const BUSY_HOST_MEDIAN_UNDERPREDICTION = 7.8;

/** Measured values are printed to 0.1 ms; half a unit is the reading's own uncertainty. */
export const WAIT_RESOLUTION_MS = 0.05;
