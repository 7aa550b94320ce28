import fp from 'fastify-plugin';
import type { PrismaClient } from '@prisma/client';
import { prisma } from '../lib/prisma.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
  }
}

export default fp(
  async (fastify) => {
    await prisma.$connect();
    fastify.decorate('prisma', prisma);

    fastify.addHook('onClose', async (instance) => {
      await instance.prisma.$disconnect();
    });
  },
  { name: 'prisma' },
);
