import { Controller, Get, ParseFloatPipe, Query, UseInterceptors } from '@nestjs/common';
import { CacheInterceptor } from '@nestjs/cache-manager';
import { WeatherService } from './weather.service';

@Controller('weather')
@UseInterceptors(CacheInterceptor)
export class WeatherController {
  constructor(private readonly weather: WeatherService) {}

  @Get()
  forecast(@Query('lat', ParseFloatPipe) lat: number, @Query('lon', ParseFloatPipe) lon: number) {
    return this.weather.forecast(lat, lon);
  }
}
