import dataSource from '../data-source';
import { Product } from '../../products/product.entity';

async function run() {
  await dataSource.initialize();
  const repo = dataSource.getRepository(Product);
  const categories = ['books', 'games', 'music'];
  for (let i = 0; i < 300; i++) {
    await repo.save(repo.create({ sku: `SKU-${i}`, name: `Item ${i}`, category: categories[i % 3], priceCents: 500 + i, stock: 20 }));
  }
  const all = await repo.find();
  console.log(`${all.length} products`);
  await dataSource.destroy();
}

run();
