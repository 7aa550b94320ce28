const { Pool } = require('pg');
const { databaseUrl } = require('./config');

// Workers run a handful of jobs at once; the pool matches their concurrency.
const pool = new Pool({
  connectionString: databaseUrl,
  max: 8,
  connectionTimeoutMillis: 10000,
  statement_timeout: 60000,
});

module.exports = pool;
