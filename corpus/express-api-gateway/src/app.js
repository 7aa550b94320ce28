const express = require('express');
const helmet = require('helmet');
const compression = require('compression');
const pinoHttp = require('pino-http');
const rateLimit = require('express-rate-limit');
const authenticate = require('./middleware/auth');
const aggregate = require('./routes/aggregate');
const search = require('./routes/search');
const ordersProxy = require('./routes/proxy');

const app = express();

app.disable('x-powered-by');
app.use(helmet());
app.use(compression());
app.use(pinoHttp());
app.use(express.json({ limit: '200kb' }));
app.use(rateLimit({ windowMs: 60 * 1000, limit: 600, standardHeaders: 'draft-7', legacyHeaders: false }));

app.get('/healthz', (req, res) => res.send('ok'));

app.use('/api/orders', authenticate, ordersProxy);
app.use('/api/search', search);
app.use('/api', authenticate, aggregate);

app.use((err, req, res, next) => {
  req.log.error(err);
  const status = err.response?.status || err.status || 502;
  res.status(status >= 500 ? 502 : status).json({ error: 'upstream error' });
});

module.exports = app;
