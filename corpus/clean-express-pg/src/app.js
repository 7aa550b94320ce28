const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const pinoHttp = require('pino-http');
const redis = require('./redis');
const { pool } = require('./db');
const { sessionSecret } = require('./config');
const articles = require('./routes/articles');
const auth = require('./routes/auth');
const attachments = require('./routes/attachments');
const events = require('./routes/events');

const app = express();

app.set('trust proxy', 1);
app.use(helmet());
app.use(pinoHttp());
app.use(express.json({ limit: '200kb' }));
app.use(
  session({
    store: new RedisStore({ client: redis, prefix: 'sess:' }),
    secret: sessionSecret,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: process.env.NODE_ENV === 'production', httpOnly: true, sameSite: 'lax', maxAge: 7 * 24 * 3600 * 1000 },
  }),
);

app.get('/healthz', (req, res) => res.send('ok'));
app.get('/readyz', async (req, res) => {
  try {
    await pool.query('SELECT 1');
    res.send('ready');
  } catch {
    res.sendStatus(503);
  }
});

app.use('/auth', auth);
app.use('/articles', articles);
app.use('/attachments', attachments);
app.use('/events', events);

app.use((err, req, res, next) => {
  req.log.error(err);
  res.status(500).json({ error: 'internal error' });
});

module.exports = app;
