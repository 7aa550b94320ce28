// Express app setup: body parsing, sessions, routers. server.js starts it; the tests import it.
const express = require('express');
const session = require('express-session');
const usersRouter = require('./routes/users');
const ordersRouter = require('./routes/orders');
const { reportsRouter } = require('./routes/reports');

const app = express();

app.set('trust proxy', 1);
app.use(express.json());
app.use(
  session({ // expect: no-memory-session-store
    secret: process.env.SESSION_SECRET || 'keyboard cat',
    resave: false,
    saveUninitialized: false,
    cookie: { secure: process.env.NODE_ENV === 'production', maxAge: 7 * 24 * 60 * 60 * 1000 },
  }),
);

app.get('/health', (req, res) => res.json({ ok: true }));
app.use('/users', usersRouter);
app.use('/orders', ordersRouter);
app.use('/reports', reportsRouter);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: err.expose ? err.message : 'Internal Server Error' });
});

module.exports = app;
