const Koa = require('koa');
const bodyParser = require('koa-bodyparser');
const session = require('koa-session');
const helmet = require('koa-helmet');
const logger = require('koa-logger');
const cors = require('@koa/cors');
const ratelimit = require('koa-ratelimit');
const errorHandler = require('./middleware/errorHandler');
const authRoutes = require('./routes/auth');
const todoRoutes = require('./routes/todos');
const listRoutes = require('./routes/lists');
const db = require('./db');

const app = new Koa();
app.keys = [process.env.SESSION_KEY || 'dev-session-key'];

app.use(errorHandler);
app.use(logger());
app.use(helmet());
app.use(cors({ credentials: true }));
app.use(
  ratelimit({
    driver: 'memory',
    db: new Map(),
    duration: 60000,
    max: 300,
    id: (ctx) => ctx.ip,
  })
);
app.use(session({ key: 'todo.sess', maxAge: 86400000, httpOnly: true }, app));
app.use(bodyParser());

app.use(async (ctx, next) => {
  if (ctx.path === '/health') {
    await db.raw('select 1');
    ctx.body = { ok: true };
    return;
  }
  await next();
});

app.use(authRoutes.routes()).use(authRoutes.allowedMethods());
app.use(todoRoutes.routes()).use(todoRoutes.allowedMethods());
app.use(listRoutes.routes()).use(listRoutes.allowedMethods());

app.on('error', (err) => {
  if (!err.status || err.status >= 500) console.error(err);
});

module.exports = app;
