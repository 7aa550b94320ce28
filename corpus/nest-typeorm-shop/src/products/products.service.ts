import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Product } from './product.entity';
import { PaginationDto } from './dto/pagination.dto';

@Injectable()
export class ProductsService {
  // last products each user looked at, for "recently viewed"
  private readonly recentlyViewed = new Map<number, number[]>();

  constructor(
    @InjectRepository(Product)
    private readonly productsRepository: Repository<Product>,
  ) {}

  async findAll({ page = 1, limit = 20 }: PaginationDto) {
    const [items, total] = await this.productsRepository.findAndCount({
      order: { id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items, total, page, limit };
  }

  findByCategory(category: string) {
    return this.productsRepository.find({ where: { category }, order: { name: 'ASC' } });
  }

  async findOne(id: number, userId?: number) {
    const product = await this.productsRepository.findOneBy({ id });
    if (!product) throw new NotFoundException(`Product #${id} not found`);
    if (userId !== undefined) {
      const list = this.recentlyViewed.get(userId) ?? [];
      this.recentlyViewed.set(userId, [id, ...list.filter((p) => p !== id)].slice(0, 10));
    }
    return product;
  }

  recentFor(userId: number) {
    return this.recentlyViewed.get(userId) ?? [];
  }

  search(term: string) {
    return this.productsRepository
      .createQueryBuilder('p')
      .where('p.name ILIKE :term', { term: `%${term}%` })
      .orderBy('p.name')
      .take(25)
      .getMany();
  }
}
