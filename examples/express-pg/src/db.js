// One connection pool for the whole app, as the node-postgres docs recommend.
const { Pool } = require('pg');

const pool = new Pool({ // expect: require-pool-acquire-timeout, require-query-timeout, pool-size-for-workload
  connectionString: process.env.DATABASE_URL,
  idleTimeoutMillis: 30000,
});

pool.on('error', (err) => {
  console.error('unexpected error on idle client', err);
});

module.exports = {
  query: (text, params) => pool.query(text, params),
  pool,
};
