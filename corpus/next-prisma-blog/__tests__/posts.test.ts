import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

afterAll(() => prisma.$disconnect());

test('seed created a published post', async () => {
  const posts = await prisma.post.findMany({ where: { published: true } });
  expect(posts.length).toBeGreaterThan(0);
});
