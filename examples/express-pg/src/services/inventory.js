// Talks to the warehouse API, which owns stock levels.
const WAREHOUSE_URL = process.env.WAREHOUSE_URL || 'https://warehouse.example.com';

async function reserveStock(orderId, items) {
  const res = await fetch(`${WAREHOUSE_URL}/reservations`, { // expect: require-outbound-timeout
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reference: `order-${orderId}`, items }),
  });
  if (!res.ok) throw Object.assign(new Error('Some items are out of stock'), { status: 409, expose: true });
  return res.json();
}

// Nightly catalog import; only scripts/seed.js calls it, never a route.
async function fetchCatalog() {
  const res = await fetch(`${WAREHOUSE_URL}/catalog`); // ok: not reachable from any request handler
  return res.json();
}

module.exports = { reserveStock, fetchCatalog };
