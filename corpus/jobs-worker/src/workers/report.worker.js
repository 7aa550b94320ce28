const fs = require('fs');
const path = require('path');
const { Worker } = require('bullmq');
const { connection } = require('../queues');
const pool = require('../db');
const log = require('../logger');

const OUT_DIR = process.env.REPORT_DIR || '/var/reports';

function startReportWorker() {
  return new Worker(
    'reports',
    async (job) => {
      const { from, to } = job.data;
      const { rows } = await pool.query(
        'SELECT o.id, o.total_cents, o.created_at, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.created_at BETWEEN $1 AND $2',
        [from, to],
      );
      const csv = ['id,total_cents,created_at,email', ...rows.map((r) => `${r.id},${r.total_cents},${r.created_at.toISOString()},${r.email}`)];
      const file = path.join(OUT_DIR, `orders-${from}-${to}.csv`);
      fs.writeFileSync(file, csv.join('\n'));
      log.info({ file, rows: rows.length }, 'report written');
      return { file };
    },
    { connection, concurrency: 1 },
  );
}

module.exports = { startReportWorker };
