import Fastify, { type FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import sensible from '@fastify/sensible';
import prismaPlugin from './plugins/prisma.js';
import authPlugin from './plugins/auth.js';
import products from './routes/products.js';
import orders from './routes/orders.js';
import health from './routes/health.js';

export async function buildApp(opts: FastifyServerOptions = {}) {
  const app = Fastify(opts);

  await app.register(cors, { origin: true });
  await app.register(sensible);
  await app.register(prismaPlugin);
  await app.register(authPlugin);

  await app.register(health);
  await app.register(products, { prefix: '/products' });
  await app.register(orders, { prefix: '/orders' });

  return app;
}
