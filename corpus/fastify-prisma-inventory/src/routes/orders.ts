import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const orderBody = z.object({
  lines: z.array(z.object({ productId: z.number().int(), quantity: z.number().int().positive() })).min(1).max(50),
});

const orders: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('onRequest', fastify.authenticate);

  fastify.post('/', async (request, reply) => {
    const { lines } = orderBody.parse(request.body);
    const order = await fastify.prisma.$transaction(async (tx) => {
      for (const line of lines) {
        const product = await tx.product.update({
          where: { id: line.productId },
          data: { stock: { decrement: line.quantity } },
        });
        if (product.stock < 0) throw fastify.httpErrors.conflict(`out of stock: ${product.sku}`);
      }
      // audit row: written with the app-wide client while the transaction is open
      await fastify.prisma.order.updateMany({ where: { userId: request.user.sub, status: 'cart' }, data: { status: 'abandoned' } });
      return tx.order.create({
        data: { userId: request.user.sub, lines: { create: lines } },
        include: { lines: true },
      });
    });
    return reply.code(201).send(order);
  });

  fastify.get('/', async (request) => {
    return fastify.prisma.order.findMany({
      where: { userId: request.user.sub },
      orderBy: { createdAt: 'desc' },
      include: { lines: true },
    });
  });

  fastify.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const order = await fastify.prisma.order.findFirst({
      where: { id: Number(request.params.id), userId: request.user.sub },
      include: { lines: { include: { product: true } } },
    });
    return order ?? reply.notFound();
  });
};

export default orders;
