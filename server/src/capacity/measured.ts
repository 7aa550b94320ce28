// Figures measured on these machines (../shared/reference/measured-capacity.md: Node 20, pg 8.23,
// PostgreSQL 15) that the model uses as constants. Each says what was measured and how it is used;
// change one only with a new measurement.

export const MEASURED = {
  /** A `pg_sleep(S)` query held its connection for S plus 0.4–8 ms (median +2 ms: the round trip
   * and event-loop lag). Not added to the user's hold time (which is end-to-end when measured), but
   * the reason the nominal-S throughput is a few per cent optimistic. */
  holdOverheadMedianMs: 2,
  holdOverheadRangeMs: [0.4, 8] as const,
  /** The pessimistic end of every range: holds 25% longer than assumed. On the busy host the 50 ms
   * rows' effective holds were 1.07–1.20× nominal (solved from their measured waits, confirmed by
   * their throughput) and the p95 hold was 1.6–2× S. Calibrated on that table, so the range check
   * on those rows is a consistency check, not an independent validation. */
  pessimisticHoldFactor: 1.25,
  /** File descriptors a Node server uses besides connections. Measured: 1024 − 20 − N served. */
  baselineFileDescriptors: 20,
  /** RSS of an idle Node 20 HTTP server with a pg pool. */
  idleServerRssBytes: 57e6,
  /** RSS per idle keep-alive connection: 1000 connections +13 MB (≈ 4.3 KB of it JS heap). */
  idleKeepAliveBytes: 13e3,
  /** RSS per connection under closed-loop traffic, including uncollected garbage: 22–64 KB. */
  underTrafficBytesPerConnection: [22e3, 64e3] as const,
} as const;

export const MEASURED_SOURCE = 'measured here: Node 20, pg 8.23, PostgreSQL 15 (reference/measured-capacity.md)';
