import { Module } from '@nestjs/common';
import { HttpModule } from '@nestjs/axios';
import { WeatherService } from './weather.service';
import { WeatherController } from './weather.controller';

@Module({
  imports: [HttpModule.register({ baseURL: 'https://api.open-meteo.com', timeout: 3_000 })],
  providers: [WeatherService],
  controllers: [WeatherController],
})
export class WeatherModule {}
