import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { CacheInterceptor } from '@nestjs/cache-manager';
import { EventsService } from './events.service';
import { QueryEventsDto } from './dto/query-events.dto';

@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  list(@Query() query: QueryEventsDto) {
    return this.events.list(query);
  }

  @UseInterceptors(CacheInterceptor)
  @Get('top-cities')
  topCities() {
    return this.events.topCities();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.events.get(id);
  }
}
