const db = require('../db');

module.exports = async function requireUser(ctx, next) {
  const userId = ctx.session && ctx.session.userId;
  if (!userId) ctx.throw(401, 'login required');
  ctx.state.user = await db('users').where({ id: userId }).first('id', 'email', 'name');
  if (!ctx.state.user) ctx.throw(401, 'login required');
  await next();
};
