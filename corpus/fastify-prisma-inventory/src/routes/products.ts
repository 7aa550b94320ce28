import type { FastifyPluginAsync } from 'fastify';
import { listQuery, productBody, stockUpdates } from '../schemas/product.js';
import { categoryCache } from '../lib/cache.js';
import { quote } from '../services/pricing.js';

const products: FastifyPluginAsync = async (fastify) => {
  fastify.get('/', async (request) => {
    const { cursor, take, q } = listQuery.parse(request.query);
    const items = await fastify.prisma.product.findMany({
      where: q ? { name: { contains: q, mode: 'insensitive' } } : undefined,
      take,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      orderBy: { id: 'asc' },
    });
    return { items, nextCursor: items.length === take ? items[items.length - 1]!.id : null };
  });

  fastify.get<{ Params: { id: string } }>('/categories/:id', async (request) => {
    const key = `category:${request.params.id}`;
    const hit = categoryCache.get(key);
    if (hit) return hit;
    const items = await fastify.prisma.product.findMany({
      where: { categoryId: Number(request.params.id) },
      orderBy: { name: 'asc' },
    });
    categoryCache.set(key, items);
    return items;
  });

  fastify.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const product = await fastify.prisma.product.findUnique({ where: { id: Number(request.params.id) } });
    if (!product) return reply.notFound();
    return product;
  });

  fastify.get<{ Params: { sku: string }; Querystring: { region?: string } }>('/:sku/price', async (request) => {
    return quote(request.params.sku, request.query.region ?? 'eu');
  });

  fastify.post('/', { onRequest: [fastify.authenticate] }, async (request, reply) => {
    const data = productBody.parse(request.body);
    const product = await fastify.prisma.product.create({ data });
    return reply.code(201).send(product);
  });

  // Stock sync from the warehouse scanner app: a list of { sku, stock }.
  fastify.put('/stock', { onRequest: [fastify.authenticate] }, async (request) => {
    const { items } = stockUpdates.parse(request.body);
    const updated = await Promise.all(
      items.map((item) =>
        fastify.prisma.product.update({ where: { sku: item.sku }, data: { stock: item.stock } }),
      ),
    );
    return { updated: updated.length };
  });
};

export default products;
