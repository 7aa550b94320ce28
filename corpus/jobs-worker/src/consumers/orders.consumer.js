const amqp = require('amqplib');
const { amqpUrl } = require('../config');
const { emailQueue } = require('../queues');
const log = require('../logger');

const QUEUE = 'orders.created';

async function startOrdersConsumer() {
  const conn = await amqp.connect(amqpUrl);
  const channel = await conn.createChannel();
  await channel.assertQueue(QUEUE, { durable: true });

  channel.consume(QUEUE, async (msg) => {
    if (!msg) return;
    try {
      const order = JSON.parse(msg.content.toString());
      await emailQueue.add('order-confirmation', {
        userId: order.userId,
        template: 'order-confirmation',
        data: { subject: `Order #${order.id} confirmed`, text: `Thanks for your order of ${order.total}.` },
      });
      channel.ack(msg);
    } catch (err) {
      log.error({ err }, 'could not handle order event');
      channel.nack(msg, false, false);
    }
  });

  log.info(`consuming ${QUEUE}`);
  return conn;
}

module.exports = { startOrdersConsumer };
