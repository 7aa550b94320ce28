import fp from 'fastify-plugin';
import secureSession from '@fastify/secure-session';

// Cookie-based session: nothing is stored on the server.
export default fp(async (app) => {
  await app.register(secureSession, {
    key: Buffer.from(process.env.SESSION_KEY ?? '0'.repeat(64), 'hex'),
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production' },
  });
});
