const { Pool } = require('pg');
const config = require('../config');

const pool = new Pool({
  user: config.db.user,
  host: config.db.host,
  database: config.db.database,
  password: config.db.password,
  port: config.db.port,
});

pool.on('error', (err) => {
  console.error('Unexpected error on idle client', err);
  process.exit(-1);
});

module.exports = {
  query: (text, params, callback) => pool.query(text, params, callback),
  getClient: () => pool.connect(),
  pool,
};
