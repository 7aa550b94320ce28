// pool-within-database-limit: the fleet's pools (every pool × every process) open more connections
// than the database accepts (a project rule over the estimate's fleet budget).
import { formatNumber } from './utils';
import { fmtProcesses } from '../capacity/format';
import { estimatedResources } from './capacity-helpers';
import type { ProjectReport, RuleModule } from './types';

export const rule: RuleModule = {
  meta: {
    id: 'pool-within-database-limit',
    category: 'pooling',
    defaultSeverity: 'warning',
    scope: 'application',
    requiresTypeInfo: false,
    fixKind: 'none',
    messages: {
      overBudget:
        'The pools of this service open up to {{fleet}} connections to {{database}} ({{perInstance}} per process × {{instances}}{{migration}}), more than the {{available}} it accepts (max_connections {{max}} − {{reserved}} reserved): under load the pools fill, new connections are refused ({{refused}}), and every service sharing the database fails with them. Shrink the pools, put a pooler ({{pooler}}) in front, or raise max_connections.',
    },
    docs: {
      description: 'Reports pools whose sizes, summed over every pool and every process (cluster workers, PM2 instances, replicas), exceed the database\'s connection limit.',
      rationale: [
        'Each process opens its own pools, and every pool grows to its `max` under load. PostgreSQL accepts 100 connections by default (3 reserved for superusers), MySQL 151. Four processes with a pool of 30 ask for 120: the last connections are refused with "sorry, too many clients already", at the moment of peak load.',
        'Count every pool that talks to the same database: the web app, background workers, migrations and admin tools. A TypeORM data source only the CLI opens (a package.json script runs `typeorm -d src/data-source.ts`, or no application file imports it and no route reaches it) is a migration run: one process, so its pool counts once, not once per instance, and the finding stays on the serving pools. Each database server has its own budget: PostgreSQL pools are summed against PostgreSQL\'s limit and MySQL/MariaDB pools against MySQL\'s, and pools whose code names different servers (hosts, connection URLs, or different environment variables holding them) are summed separately. MongoDB pools are not summed: mongod accepts tens of thousands of connections by default. Set `workload.instances` and `workload.databaseMaxConnections` in concurrency-lint.json to your deployment (a configured limit applies to every database); the defaults are 1 process, PostgreSQL\'s 100 and MySQL\'s 151.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        '',
        '// Two pools of 60 in one process: 120 connections against PostgreSQL\'s 97 available.',
        'const pool = new Pool({ max: 60, connectionTimeoutMillis: 2_000 });',
        'const reportsPool = new Pool({ max: 60, connectionTimeoutMillis: 2_000 });',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ max: 60, connectionTimeoutMillis: 2_000 });',
        'const reportsPool = new Pool({ max: 20, connectionTimeoutMillis: 2_000 });',
      ].join('\n'),
      whenNotToUse: 'When a pooler (PgBouncer, RDS Proxy) multiplexes the connections, the database limit applies to the pooler: set `workload.databaseMaxConnections` to the pooler\'s client limit instead of disabling the rule.',
    },
  },
  checkProject(context) {
    const reports: ProjectReport[] = [];
    const estimated = estimatedResources(context);
    // One budget per database server: a MySQL pool does not use PostgreSQL's connections.
    for (const budget of context.estimate.checks.fleetBudgets) {
      if (budget.fits) continue;
      const counted = new Set(budget.pools.map((p) => p.resourceId));
      for (const { estimate, resource } of estimated) {
        // A migration run's pool counts in the sum, but the finding belongs on the serving pools.
        if (!counted.has(estimate.id) || resource.migration) continue;
        reports.push({
          file: resource.file,
          start: resource.calleeStart,
          end: resource.calleeEnd,
          messageId: 'overBudget',
          data: {
            fleet: formatNumber(budget.fleetConnections),
            perInstance: formatNumber(budget.connectionsPerInstance),
            instances: fmtProcesses(budget.instances),
            migration: budget.migrationConnections ? ` + ${formatNumber(budget.migrationConnections)} for a migration run` : '',
            available: formatNumber(budget.available),
            database: budget.label,
            max: formatNumber(budget.maxConnections),
            reserved: formatNumber(budget.reserved),
            refused: budget.database === 'mysql' ? '"Too many connections"' : '"sorry, too many clients already"',
            pooler: budget.database === 'mysql' ? 'ProxySQL' : 'PgBouncer',
          },
        });
      }
    }
    return reports;
  },
};
