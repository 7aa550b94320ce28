import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function main() {
  const tools = await prisma.category.upsert({ where: { name: 'tools' }, update: {}, create: { name: 'tools' } });
  for (let i = 0; i < 200; i++) {
    await prisma.product.upsert({
      where: { sku: `TOOL-${i}` },
      update: {},
      create: { sku: `TOOL-${i}`, name: `Tool ${i}`, priceCents: 1000 + i, stock: 10, categoryId: tools.id },
    });
  }
  const all = await prisma.product.findMany();
  console.log(`seeded ${all.length} products`);
}

main()
  .then(() => prisma.$disconnect())
  .catch(async (e) => {
    console.error(e);
    await prisma.$disconnect();
    process.exit(1);
  });
