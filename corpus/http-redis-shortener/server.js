const http = require('http');
const shorten = require('./handlers/shorten');
const redirect = require('./handlers/redirect');
const { stats, live } = require('./handlers/stats');
const serveStatic = require('./handlers/static');
const { allow } = require('./lib/rateLimit');
const { send } = require('./lib/body');
const metrics = require('./lib/metrics');
const { ready } = require('./lib/redis');

const PORT = Number(process.env.PORT) || 3000;

const server = http.createServer(async (req, res) => {
  res.on('finish', () => metrics.count(req, res.statusCode));
  try {
    if (req.method === 'GET' && req.url === '/metrics') {
      return send(res, 200, metrics.render());
    }
    if (req.method === 'GET' && (req.url === '/' || req.url.startsWith('/static/'))) {
      return serveStatic(req, res);
    }
    if (req.method === 'POST' && req.url === '/api/shorten') {
      if (!(await allow(req.socket.remoteAddress))) return send(res, 429, { error: 'slow down' });
      return await shorten(req, res);
    }
    if (req.method === 'GET' && req.url === '/api/stats') return await stats(req, res);
    if (req.method === 'GET' && req.url === '/api/live') return await live(req, res);
    const match = /^\/([A-Za-z0-9_-]{8})$/.exec(req.url);
    if (req.method === 'GET' && match) return await redirect(req, res, match[1]);
    send(res, 404, 'not found');
  } catch (err) {
    console.error(err);
    if (!res.headersSent) send(res, err.status || 500, { error: err.status ? err.message : 'internal error' });
  }
});

ready.then(() => {
  server.listen(PORT, () => console.log(`listening on :${PORT}`));
});
