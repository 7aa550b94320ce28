import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, UseGuards } from '@nestjs/common';
import { OrdersService } from './orders.service';
import { CreateOrderDto } from './dto/create-order.dto';
import { JwtAuthGuard } from '../common/guards/jwt-auth.guard';

@UseGuards(JwtAuthGuard)
@Controller('orders')
export class OrdersController {
  constructor(private readonly ordersService: OrdersService) {}

  @Post()
  create(@Req() req: { user: { sub: number } }, @Body() dto: CreateOrderDto) {
    return this.ordersService.create(req.user.sub, dto);
  }

  @Get()
  mine(@Req() req: { user: { sub: number } }) {
    return this.ordersService.findMine(req.user.sub);
  }

  @Get(':id/shipping')
  shipping(@Req() req: { user: { sub: number } }, @Param('id', ParseIntPipe) id: number) {
    return this.ordersService.quoteShipping(id, req.user.sub);
  }
}
