import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { IsInt, IsMongoId, Max, Min } from 'class-validator';
import { TicketsService } from './tickets.service';

class BuyTicketDto {
  @IsMongoId()
  eventId: string;

  @IsInt()
  @Min(1)
  @Max(10)
  quantity: number;
}

@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  buy(@Headers('x-user-id') userId: string, @Body() dto: BuyTicketDto) {
    return this.tickets.buy(userId, dto.eventId, dto.quantity);
  }

  @Get('mine')
  mine(@Headers('x-user-id') userId: string) {
    return this.tickets.mine(userId);
  }
}
