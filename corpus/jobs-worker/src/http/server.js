// Health checks for Kubernetes plus a small admin API used by the support dashboard.
const express = require('express');
const amqp = require('amqplib');
const { connection, emailQueue, reportQueue } = require('../queues');
const pool = require('../db');
const { amqpUrl } = require('../config');

function createHttpServer() {
  const app = express();
  app.use(express.json());

  app.get('/healthz', (req, res) => res.send('ok'));

  app.get('/readyz', async (req, res) => {
    try {
      await Promise.all([connection.ping(), pool.query('SELECT 1')]);
      res.send('ready');
    } catch (err) {
      res.status(503).send(err.message);
    }
  });

  app.get('/admin/queues/:name/failed', async (req, res) => {
    const queue = req.params.name === 'reports' ? reportQueue : emailQueue;
    const jobs = await queue.getFailed(0, 49);
    res.json(jobs.map((j) => ({ id: j.id, name: j.name, failedReason: j.failedReason, attemptsMade: j.attemptsMade })));
  });

  app.post('/admin/emails', async (req, res) => {
    const job = await emailQueue.add('manual', req.body);
    res.status(202).json({ id: job.id });
  });

  app.post('/admin/reports', async (req, res) => {
    const job = await reportQueue.add('orders', { from: req.body.from, to: req.body.to });
    res.status(202).json({ id: job.id });
  });

  // Re-publishes an order event (support tool for stuck orders).
  app.post('/admin/orders/:id/replay', async (req, res) => {
    const conn = await amqp.connect(amqpUrl);
    try {
      const channel = await conn.createChannel();
      const { rows } = await pool.query('SELECT id, user_id AS "userId", total_cents AS total FROM orders WHERE id = $1', [req.params.id]);
      if (!rows.length) return res.sendStatus(404);
      channel.sendToQueue('orders.created', Buffer.from(JSON.stringify(rows[0])), { persistent: true });
      await channel.close();
      res.sendStatus(202);
    } finally {
      await conn.close();
    }
  });

  return app;
}

module.exports = { createHttpServer };
