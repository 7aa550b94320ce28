import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import session from './plugins/session.js';
import bookings from './routes/bookings.js';
import rooms from './routes/rooms.js';
import documents from './routes/documents.js';
import reviews from './routes/reviews.js';
import { redis } from './redis.js';
import { db } from './db.js';

export async function buildApp() {
  const app = Fastify({
    logger: true,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 65_000,
    bodyLimit: 256 * 1024,
  });

  await app.register(rateLimit, { max: 300, timeWindow: '1 minute', redis });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  await app.register(session);

  app.get('/healthz', async () => ({ ok: true }));
  await app.register(rooms);
  await app.register(bookings, { prefix: '/bookings' });
  await app.register(documents);
  await app.register(reviews);

  app.addHook('onClose', async () => {
    await db.destroy();
    redis.disconnect();
  });

  return app;
}
