// Creates the schema and imports the product catalog. Run by hand: `npm run seed`.
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const { fetchCatalog } = require('../src/services/inventory');

async function main() {
  const client = new Client({ connectionString: process.env.DATABASE_URL }); // ok: a one-off script, not the request path
  await client.connect();
  try {
    const schema = fs.readFileSync(path.join(__dirname, '..', 'db', 'schema.sql'), 'utf8'); // ok: a script may block
    await client.query(schema);
    const products = await fetchCatalog();
    for (const p of products) {
      await client.query(
        'INSERT INTO products (sku, title, price_cents) VALUES ($1, $2, $3) ON CONFLICT (sku) DO UPDATE SET title = $2, price_cents = $3',
        [p.sku, p.title, p.priceCents],
      );
    }
    console.log(`seeded ${products.length} products`);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
