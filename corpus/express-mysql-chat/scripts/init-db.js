var fs = require('fs');
var path = require('path');
var mysql = require('mysql');

var connection = mysql.createConnection({
  host: process.env.DB_HOST || 'localhost',
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASS || '',
  multipleStatements: true
});

var sql = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');
connection.query(sql, function (err) {
  if (err) throw err;
  console.log('database ready');
  connection.end();
});
