module.exports = async function errorHandler(ctx, next) {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || err.statusCode || 500;
    ctx.body = { error: ctx.status < 500 ? err.message : 'Internal Server Error' };
    ctx.app.emit('error', err, ctx);
  }
};
