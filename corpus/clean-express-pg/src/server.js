const app = require('./app');
const { pool } = require('./db');
const redis = require('./redis');
const { port } = require('./config');
const { listenForChanges } = require('./services/changes');

const server = app.listen(port, () => console.log(`articles-service on ${port}`));
listenForChanges().catch((err) => console.error('could not LISTEN', err));

server.requestTimeout = 30_000;
server.headersTimeout = 66_000;
server.keepAliveTimeout = 65_000;

function shutdown() {
  server.close(async () => {
    await pool.end();
    redis.disconnect();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
