import { Injectable, Logger } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

export interface ShippingLine {
  productId: number;
  quantity: number;
}

@Injectable()
export class ShippingService {
  private readonly logger = new Logger(ShippingService.name);

  constructor(private readonly http: HttpService) {}

  async quote(lines: ShippingLine[]) {
    const { data } = await firstValueFrom(this.http.post<{ priceCents: number; days: number }>('/quotes', { lines }));
    this.logger.debug(`quote for ${lines.length} lines: ${data.priceCents}`);
    return data;
  }
}
