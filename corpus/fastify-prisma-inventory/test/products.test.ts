import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

describe('products', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    app = await buildApp();
    await app.ready();
  });

  afterAll(() => app.close());

  it('lists a page of products', async () => {
    const res = await app.inject({ method: 'GET', url: '/products?take=5' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeLessThanOrEqual(5);
  });

  it('reads every product for the fixture check', async () => {
    const all = await app.prisma.product.findMany();
    expect(Array.isArray(all)).toBe(true);
  });
});
