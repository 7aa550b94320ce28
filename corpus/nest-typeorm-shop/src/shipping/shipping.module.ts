import { Module } from '@nestjs/common';
import { HttpModule } from '@nestjs/axios';
import { ShippingService } from './shipping.service';

@Module({
  imports: [
    HttpModule.register({
      baseURL: process.env.SHIPPING_API_URL ?? 'https://api.shipping.example.com',
      timeout: 5000,
      maxRedirects: 3,
    }),
  ],
  providers: [ShippingService],
  exports: [ShippingService],
})
export class ShippingModule {}
