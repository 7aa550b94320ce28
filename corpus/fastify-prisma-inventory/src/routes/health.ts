import type { FastifyPluginAsync } from 'fastify';

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/healthz', async () => ({ status: 'ok' }));

  fastify.get('/readyz', async (request, reply) => {
    try {
      await fastify.prisma.$queryRaw`SELECT 1`;
      return { status: 'ready' };
    } catch (err) {
      request.log.error(err, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};

export default health;
