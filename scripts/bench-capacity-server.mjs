// The service `npm run bench:capacity` loads: the example backend's hot route reduced to its
// essence. Plain `http` and one `pg.Pool` of POOL_MAX connections (all opened at start, pg's default
// connectionTimeoutMillis 0: wait forever); each request checks a client out, runs
// `SELECT pg_sleep(HOLD_MS / 1000)`, releases it and answers 200. It measures its own wait in
// `pool.connect()` and the real hold per request; GET /__reset starts a measurement window, GET
// /__stats reports it. Started and stopped by scripts/bench-capacity.ts; loopback only.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const port = Number(process.env.PORT);
const poolMax = Number(process.env.POOL_MAX);
const holdSeconds = Number(process.env.HOLD_MS) / 1000;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolMax, idleTimeoutMillis: 0, connectionTimeoutMillis: 0 });
pool.on('error', (error) => console.error(`pool error: ${error.message}`));

// Warm every connection, as the measured runs did: the first requests must not pay for connecting.
const warm = await Promise.all(Array.from({ length: poolMax }, () => pool.connect()));
for (const client of warm) client.release();

let window = newWindow();
function newWindow() {
  return { since: performance.now(), started: 0, completed: 0, waitSum: 0, holdSum: 0, holds: [] };
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/__reset') {
    window = newWindow();
    res.end('ok');
    return;
  }
  if (req.url === '/__stats') {
    const w = window;
    const sorted = [...w.holds].sort((a, b) => a - b);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      seconds: (performance.now() - w.since) / 1000,
      completed: w.completed,
      meanWaitMs: w.completed ? w.waitSum / w.completed : null,
      meanHoldMs: w.completed ? w.holdSum / w.completed : null,
      p95HoldMs: sorted.length ? sorted[Math.floor(sorted.length * 0.95)] : null,
      poolWaiting: pool.waitingCount,
    }));
    return;
  }
  const w = window;
  const start = performance.now();
  let client;
  try {
    client = await pool.connect();
  } catch (error) {
    res.writeHead(503).end(String(error));
    return;
  }
  const acquired = performance.now();
  try {
    await client.query('SELECT pg_sleep($1)', [holdSeconds]);
  } finally {
    client.release();
  }
  const released = performance.now();
  // Only requests that arrived inside the window count, so the first wave does not.
  if (w === window && start >= w.since) {
    w.completed++;
    w.waitSum += acquired - start;
    w.holdSum += released - acquired;
    w.holds.push(released - acquired);
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.requestTimeout = 0;
server.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));

process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
