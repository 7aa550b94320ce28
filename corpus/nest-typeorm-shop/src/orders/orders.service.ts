import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Order } from './order.entity';
import { OrderItem } from './order-item.entity';
import { Product } from '../products/product.entity';
import { CreateOrderDto } from './dto/create-order.dto';
import { ShippingService } from '../shipping/shipping.service';

@Injectable()
export class OrdersService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Order) private readonly ordersRepository: Repository<Order>,
    @InjectRepository(Product) private readonly productsRepository: Repository<Product>,
    private readonly shipping: ShippingService,
  ) {}

  async create(userId: number, dto: CreateOrderDto) {
    return this.dataSource.transaction(async (manager) => {
      let totalCents = 0;
      const items: OrderItem[] = [];
      for (const line of dto.items) {
        const product = await this.productsRepository.findOneBy({ id: line.productId });
        if (!product || product.stock < line.quantity) {
          throw new BadRequestException(`Product ${line.productId} is out of stock`);
        }
        await manager.decrement(Product, { id: product.id }, 'stock', line.quantity);
        totalCents += product.priceCents * line.quantity;
        items.push(manager.create(OrderItem, { productId: product.id, quantity: line.quantity, priceCents: product.priceCents }));
      }
      const order = manager.create(Order, { userId, totalCents, items });
      return manager.save(order);
    });
  }

  findMine(userId: number) {
    return this.ordersRepository.find({
      where: { userId },
      relations: { items: true },
      order: { createdAt: 'DESC' },
      take: 50,
    });
  }

  async quoteShipping(orderId: number, userId: number) {
    const order = await this.ordersRepository.findOne({ where: { id: orderId, userId }, relations: { items: true } });
    if (!order) throw new BadRequestException('Unknown order');
    return this.shipping.quote(order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })));
  }
}
