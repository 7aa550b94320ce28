// Applies every .sql file in this folder in name order. Run with `npm run migrate`.
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const config = require('../config');

async function main() {
  const client = new Client(config.db);
  await client.connect();
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files) {
    const sql = fs.readFileSync(path.join(__dirname, file), 'utf8');
    console.log(`applying ${file}`);
    await client.query(sql);
  }
  await client.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
