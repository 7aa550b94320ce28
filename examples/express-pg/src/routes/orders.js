// Checkout and order lookup.
const express = require('express');
const db = require('../db');
const http = require('../lib/http');
const { requireLogin } = require('../middleware/auth');
const { reserveStock } = require('../services/inventory');
const { chargeCard } = require('../services/payments');
const { sendOrderConfirmation } = require('../services/mailer');
const { cached } = require('../services/cache');

const router = express.Router();

router.post('/', requireLogin, async (req, res, next) => {
  const { items, paymentToken } = req.body;
  const client = await db.pool.connect(); // ok: borrows a pooled connection and releases it below
  try {
    await client.query('BEGIN');
    const { rows: products } = await client.query('SELECT sku, price_cents FROM products WHERE sku = ANY($1)', [
      items.map((i) => i.sku),
    ]);
    const priceOf = new Map(products.map((p) => [p.sku, p.price_cents]));
    const totalCents = items.reduce((sum, i) => sum + priceOf.get(i.sku) * i.quantity, 0);
    const { rows } = await client.query(
      'INSERT INTO orders (user_id, total_cents) VALUES ($1, $2) RETURNING id',
      [req.session.userId, totalCents],
    );
    const order = { id: rows[0].id, totalCents };
    for (const item of items) { // expect: no-unbounded-fan-out
      await client.query('INSERT INTO order_items (order_id, sku, quantity) VALUES ($1, $2, $3)', [order.id, item.sku, item.quantity]);
    }
    await reserveStock(order.id, items);
    await chargeCard(paymentToken, totalCents, `order-${order.id}`);
    await client.query('COMMIT');

    const { rows: users } = await db.query('SELECT email, locale FROM users WHERE id = $1', [req.session.userId]); // expect: no-nested-pool-acquire
    await sendOrderConfirmation(users[0], order);
    res.status(201).json(order);
  } catch (err) {
    await client.query('ROLLBACK');
    next(err);
  } finally {
    client.release();
  }
});

router.get('/:id', requireLogin, async (req, res, next) => {
  try {
    const order = await cached(`order:${req.params.id}`, 300, async () => {
      const { rows } = await db.query('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [req.params.id, req.session.userId]);
      return rows[0] || null;
    });
    if (!order) return res.status(404).json({ error: 'No such order' });
    res.json(order);
  } catch (err) {
    next(err);
  }
});

router.get('/:id/tracking', requireLogin, async (req, res, next) => {
  try {
    const { data } = await http.get(`/shipping/orders/${req.params.id}`); // ok: the shared instance has a 5 s timeout
    res.json({ status: data.status, eta: data.eta });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
