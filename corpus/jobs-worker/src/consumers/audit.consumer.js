const amqp = require('amqplib');
const { amqpUrl } = require('../config');
const pool = require('../db');
const log = require('../logger');

async function startAuditConsumer() {
  const conn = await amqp.connect(amqpUrl);
  const channel = await conn.createChannel();
  await channel.assertExchange('audit', 'fanout', { durable: true });
  const { queue } = await channel.assertQueue('audit.store', { durable: true });
  await channel.bindQueue(queue, 'audit', '');
  await channel.prefetch(20);

  await channel.consume(queue, async (msg) => {
    const event = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO audit_log (actor, action, payload) VALUES ($1, $2, $3)', [event.actor, event.action, event]);
      channel.ack(msg);
    } catch (err) {
      log.error({ err }, 'audit insert failed');
      channel.nack(msg, false, true);
    }
  });
  return conn;
}

module.exports = { startAuditConsumer };
