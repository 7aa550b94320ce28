import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NotificationsService } from './notifications.service';
import { MailProcessor } from './mail.processor';

@Module({
  imports: [BullModule.registerQueue({ name: 'mail' })],
  providers: [NotificationsService, MailProcessor],
  exports: [NotificationsService],
})
export class NotificationsModule {}
