// Rebuilds the search column for every article. Run off-peak.
const { Client } = require('pg');

(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT id FROM articles');
  for (const { id } of rows) {
    await client.query("UPDATE articles SET search = to_tsvector('english', title || ' ' || body) WHERE id = $1", [id]);
  }
  console.log(`reindexed ${rows.length}`);
  await client.end();
})();
