import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class WeatherService {
  constructor(private readonly http: HttpService) {}

  async forecast(lat: number, lon: number) {
    const { data } = await firstValueFrom(
      this.http.get('/v1/forecast', { params: { latitude: lat, longitude: lon, daily: 'temperature_2m_max', forecast_days: 3 } }),
    );
    return data.daily;
  }
}
