// Enqueues a welcome e-mail for every user created before the queue existed.
const { Queue } = require('bullmq');
const IORedis = require('ioredis');
const { Pool } = require('pg');

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const queue = new Queue('email', { connection: new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: null }) });
  const { rows } = await pool.query('SELECT id FROM users WHERE welcomed = false');
  for (const row of rows) {
    await queue.add('welcome', { userId: row.id, template: 'welcome', data: {} });
  }
  console.log(`enqueued ${rows.length}`);
  await queue.close();
  await pool.end();
}

main();
