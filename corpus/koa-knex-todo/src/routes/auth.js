const Router = require('@koa/router');
const crypto = require('crypto');
const db = require('../db');

const router = new Router({ prefix: '/auth' });

function hashPassword(password, salt) {
  return crypto.pbkdf2Sync(password, salt, 100000, 64, 'sha512').toString('hex');
}

router.post('/signup', async (ctx) => {
  const { email, password, name } = ctx.request.body;
  if (!email || !password) ctx.throw(400, 'email and password required');
  const salt = crypto.randomBytes(16).toString('hex');
  const [user] = await db('users')
    .insert({ email, name, salt, password_hash: hashPassword(password, salt) })
    .returning(['id', 'email', 'name']);
  ctx.session.userId = user.id;
  ctx.status = 201;
  ctx.body = user;
});

router.post('/login', async (ctx) => {
  const { email, password } = ctx.request.body;
  const user = await db('users').where({ email }).first();
  if (!user) ctx.throw(401, 'invalid credentials');
  const candidate = hashPassword(password, user.salt);
  if (!crypto.timingSafeEqual(Buffer.from(candidate, 'hex'), Buffer.from(user.password_hash, 'hex'))) {
    ctx.throw(401, 'invalid credentials');
  }
  ctx.session.userId = user.id;
  ctx.body = { id: user.id, email: user.email, name: user.name };
});

router.post('/logout', async (ctx) => {
  ctx.session = null;
  ctx.status = 204;
});

module.exports = router;
