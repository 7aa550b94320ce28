import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { BullModule } from '@nestjs/bullmq';
import { CacheModule } from '@nestjs/cache-manager';
import { ThrottlerModule } from '@nestjs/throttler';
import { EventsModule } from './events/events.module';
import { TicketsModule } from './tickets/tickets.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WeatherModule } from './weather/weather.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        uri: config.getOrThrow<string>('MONGO_URI'),
        maxPoolSize: 50,
        serverSelectionTimeoutMS: 5_000,
        socketTimeoutMS: 20_000,
        waitQueueTimeoutMS: 2_000,
      }),
    }),
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        connection: { url: config.getOrThrow<string>('REDIS_URL') },
        defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 3 },
      }),
    }),
    CacheModule.register({ isGlobal: true, ttl: 60_000, max: 1_000 }),
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 120 }]),
    EventsModule,
    TicketsModule,
    NotificationsModule,
    WeatherModule,
    UsersModule,
  ],
})
export class AppModule {}
