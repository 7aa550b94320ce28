import { Controller, Get, Param, ParseIntPipe, Query, Req, UseGuards } from '@nestjs/common';
import { ProductsService } from './products.service';
import { PaginationDto } from './dto/pagination.dto';
import { JwtAuthGuard } from '../common/guards/jwt-auth.guard';

@Controller('products')
export class ProductsController {
  constructor(private readonly productsService: ProductsService) {}

  @Get()
  findAll(@Query() pagination: PaginationDto) {
    return this.productsService.findAll(pagination);
  }

  @Get('search')
  search(@Query('q') q: string) {
    return this.productsService.search(q ?? '');
  }

  @Get('category/:category')
  byCategory(@Param('category') category: string) {
    return this.productsService.findByCategory(category);
  }

  @UseGuards(JwtAuthGuard)
  @Get('recent')
  recent(@Req() req: { user: { sub: number } }) {
    return this.productsService.recentFor(req.user.sub);
  }

  @UseGuards(JwtAuthGuard)
  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number, @Req() req: { user: { sub: number } }) {
    return this.productsService.findOne(id, req.user.sub);
  }
}
