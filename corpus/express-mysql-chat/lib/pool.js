// Added for the messages API: the single connection could not keep up.
var mysql = require('mysql');

var pool = mysql.createPool({
  connectionLimit: 50,
  host: process.env.DB_HOST || 'localhost',
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASS || '',
  database: process.env.DB_NAME || 'chatroom',
  acquireTimeout: 10000
});

module.exports = pool;
