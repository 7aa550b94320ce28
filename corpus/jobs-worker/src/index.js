const { startEmailWorker } = require('./workers/email.worker');
const { startReportWorker } = require('./workers/report.worker');
const { startOrdersConsumer } = require('./consumers/orders.consumer');
const { startAuditConsumer } = require('./consumers/audit.consumer');
const { createHttpServer } = require('./http/server');
const { httpPort } = require('./config');
const log = require('./logger');

async function main() {
  const workers = [startEmailWorker(), startReportWorker()];
  const amqpConnections = await Promise.all([startOrdersConsumer(), startAuditConsumer()]);

  const server = createHttpServer().listen(httpPort, () => log.info(`http on ${httpPort}`));

  const shutdown = async () => {
    server.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(amqpConnections.map((c) => c.close()));
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  log.fatal(err);
  process.exit(1);
});
