// pool-size-for-workload: a connection pool, sized in code or left at its library default, that the
// configured workload saturates or makes wait past the target (a project rule over the estimate).
import { formatNumber } from './utils';
import { describeWorkload, estimatedResources, workloadIsDefault } from './capacity-helpers';
import type { ProjectReport, RuleModule } from './types';

/** A short hold per use (an indexed OLTP query): the default workload's findings must hold even at it. */
const SHORT_HOLD_MS = 20;

/** How the message names where the size came from. */
function sizeSourceText(library: string, source: string, cpus: { value: number; provenance: { source: string } }, adapter: string | undefined): string {
  if (source !== 'library-default') return adapter ? `set in the ${adapter} options` : 'set in code';
  // A driver adapter's pool (Prisma 7) has the driver's default, not connection_limit.
  if (adapter) return `the default of the pool ${adapter} makes`;
  // Prisma sizes its pool per CPU unless the datasource URL (usually an environment variable) says.
  if (library === 'prisma') {
    const counted = cpus.provenance.source === 'default' ? `${cpus.value} CPUs assumed: set workload.cpus` : `${cpus.value} CPUs`;
    return `Prisma's default connection_limit: CPUs × 2 + 1 with ${counted}, unless the datasource URL sets it`;
  }
  return 'the library default';
}

export const rule: RuleModule = {
  meta: {
    id: 'pool-size-for-workload',
    category: 'pooling',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      saturated:
        'This {{library}} pool (size {{size}}, {{sizeSource}}) is saturated at {{workload}}: it supports ≈ {{supported}} users, while {{users}} users keep {{busy}} connections busy on average (Little\'s law), so requests queue for {{wait}}{{collapse}}. It needs ≥ {{recommended}} per process — or shorter holds, or more processes.',
      pastTarget:
        'This {{library}} pool (size {{size}}, {{sizeSource}}) supports ≈ {{supported}} users at {{workload}}, fewer than the {{users}} expected: above {{target}} waits grow steeply (predicted {{wait}}). It needs ≥ {{recommended}} per process.',
    },
    docs: {
      description: 'Reports connection pools that the workload (users, think time, request time; defaults 1,000 / 1.8 s / 200 ms) saturates or makes wait past the target, using the capacity estimate.',
      rationale: [
        'A pool of `c` connections held `S` ms per use serves at most `c / S` uses per second. Users with think time `Z` offer `U / (Z + R)` requests per second, so by Little\'s law they keep `X × S` connections busy on average. When that reaches the pool size, the queue for a connection grows until responses pass the clients\' timeout and goodput collapses (measured on these machines: 1,000 connections on a pool of 10 with 200 ms holds served ~0 successful responses per second while the server stayed 100% busy).',
        "pg's default pool is 10 connections: at the default workload (1,000 users, 1.8 s think time, 200 ms requests) the users keep about 100 connections busy, so the default supports fewer than 100 users.",
        'ORM pools count like driver pools: calls on Sequelize and mongoose models, TypeORM repositories and EntityManagers, and Prisma delegates are uses of the pool of that ORM (the project\'s one Sequelize instance, PrismaClient, TypeORM DataSource or `TypeOrmModule`, mongoose connection), and an ORM transaction holds one connection for its callback. Library defaults apply where the code sets no size: Sequelize 5, knex 10, TypeORM the driver\'s 10, mongoose/MongoDB 100, Prisma ≤ 6 `connection_limit` = CPUs × 2 + 1 (counted with `workload.cpus`, assumed 2) unless the datasource URL sets it. A Prisma client made with a driver adapter (required by Prisma 7) runs on the adapter\'s pool: `new PrismaPg({ connectionString, max })` is sized by `max` (pg\'s default 10), `new PrismaMariaDb({ connectionLimit })` by `connectionLimit` (10), and an adapter given a pool the code made (`new PrismaPg(pool)`) is that one pool, counted once.',
        'The estimate behind the finding (users supported, utilisation, predicted wait, the recommended size and its derivation) is in the "Estimate Concurrency Capacity" report and `concurrency-lint capacity`. Set `workload` in concurrency-lint.json to your real numbers: the defaults are a starting point, not a measurement.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        "const express = require('express');",
        '',
        'const pool = new Pool();',
        'const app = express();',
        '',
        "app.get('/orders', async (req, res) => {",
        "  const { rows } = await pool.query('SELECT * FROM orders WHERE user_id = $1 LIMIT 20', [req.user.id]);",
        '  res.json(rows);',
        '});',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        "const express = require('express');",
        '',
        '// Sized for 1,000 users at 1.8 s think time and 200 ms requests (≈ 100 busy on average).',
        'const pool = new Pool({ max: 120, connectionTimeoutMillis: 2_000 });',
        'const app = express();',
        '',
        "app.get('/orders', async (req, res) => {",
        "  const { rows } = await pool.query('SELECT * FROM orders WHERE user_id = $1 LIMIT 20', [req.user.id]);",
        '  res.json(rows);',
        '});',
      ].join('\n'),
      whenNotToUse:
        'Until a `workload` is configured, only pools at or below their library default are judged (against the default workload, which assumes every query holds its connection for the whole 200 ms request), and only when they would fail the target even if each use held its connection for just 20 ms: a size raised in code is judged once the workload says what the service serves. When the workload is not known, configure it rather than disabling the rule. A pool whose size comes from configuration the code does not show is estimated at the library default; disable the rule on that line if the deployed value is known to be right. Raising a pool beyond what the database can serve (cores × 2 + spindles) only moves the queue into the database: the report says when. Health, readiness and metrics probes (`/healthz`, `/readyz`, `/metrics`…) and operator routes (`/admin`, `/internal`) get no share of the workload, so a pool that only they use (a worker\'s readiness check and support endpoints) is not judged; set `workload.routes["GET /admin/x"].userFacing: true` when the users do call such a route.',
    },
  },
  checkProject(context) {
    const reports: ProjectReport[] = [];
    const { estimate } = context;
    const workload = describeWorkload(estimate);
    for (const { estimate: entry, resource } of estimatedResources(context)) {
      if (!entry.modelled || entry.status === 'ok' || entry.size === null) continue;
      if (resource.kind !== 'db-pool' && resource.kind !== 'generic-pool') continue;
      // A size read from configuration the code does not show (`max: Number(process.env.PG_MAX)`)
      // was chosen by someone: the estimate assumes a default for it, the rule does not judge it.
      if (resource.sizeSource === 'unknown') continue;
      // A size someone raised above the default, judged against the default workload (every query
      // assumed to hold its connection for the whole 200 ms request), cries wolf: judge it only
      // against a workload the project configured. Defaults, and sizes at or below them, are
      // judged either way.
      const raised = resource.sizeSource === 'code' && (resource.defaultSize === undefined || (resource.size ?? 0) > resource.defaultSize);
      if (raised && workloadIsDefault(estimate)) continue;
      // The default workload takes each use to hold its connection for its share of the whole 200 ms
      // request. Without a configured workload, report only pools that would fail even if every use
      // took SHORT_HOLD_MS (a quick indexed query): a pool of 50 (below mongoose's 100) doing two
      // short reads per request is fine at 1,000 users, and saying otherwise cries wolf.
      if (workloadIsDefault(estimate) && entry.demand && entry.size > 0) {
        const w = estimate.workload;
        const perProcess = w.users.value / w.instances.value / (w.thinkTimeMs.value + entry.demand.requestMs);
        const busyAtShortHold = perProcess * entry.demand.usesPerRequest * Math.min(SHORT_HOLD_MS, entry.demand.holdMs);
        const target = w.target.value.kind === 'utilization' ? w.target.value.max : 0.85;
        if (busyAtShortHold / entry.size < target) continue;
      }
      const recommended = entry.recommendedSize;
      const wait = entry.predictedWaitMs;
      const waitText = wait ? (wait.expected >= 1000 ? `≈ ${formatNumber(Math.round(wait.expected / 100) / 10)} s` : `≈ ${formatNumber(Math.round(wait.expected))} ms`) : 'an unbounded time';
      const target = estimate.workload.target.value;
      const fixes =
        recommended && resource.sizeEdit
          ? [
              {
                title: `Set the pool size to ${recommended} (estimated for ${formatNumber(estimate.workload.users.value)} users)`,
                edits: [{ start: resource.sizeEdit.start, end: resource.sizeEdit.end, newText: resource.sizeEdit.template.replace('{{size}}', String(recommended)) }],
              },
            ]
          : [];
      reports.push({
        file: resource.file,
        start: resource.calleeStart,
        end: resource.calleeEnd,
        messageId: entry.status === 'saturated' ? 'saturated' : 'pastTarget',
        data: {
          library: entry.library,
          size: entry.size,
          sizeSource: sizeSourceText(entry.library, entry.sizeSource.source, estimate.workload.cpus, resource.adapter),
          workload,
          supported: formatNumber(entry.usersSupported ?? 0),
          users: formatNumber(estimate.workload.users.value),
          busy: formatNumber(Math.round(entry.busyUnitsPerInstance ?? 0)),
          wait: waitText,
          collapse:
            entry.collapseUsers !== null
              ? ` and responses pass the client timeout from ≈ ${formatNumber(entry.collapseUsers)} users`
              : entry.acquireTimeoutMs
                ? ` and the excess fails after the ${formatNumber(entry.acquireTimeoutMs)} ms acquire timeout`
                : '',
          recommended: recommended === null ? 'more' : formatNumber(recommended),
          target: target.kind === 'utilization' ? `utilisation ${target.max}` : 'the wait target',
        },
        fixes,
      });
    }
    return reports;
  },
};
