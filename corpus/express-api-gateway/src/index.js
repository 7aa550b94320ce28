const app = require('./app');
const { port } = require('./config');

const server = app.listen(port, () => {
  console.log(`gateway listening on ${port}`);
});

// Behind the AWS ALB (idle timeout 60 s): keep sockets open longer than the balancer does.
server.keepAliveTimeout = 65 * 1000;
server.headersTimeout = 66 * 1000;

process.on('SIGTERM', () => server.close(() => process.exit(0)));
