import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

@Injectable()
export class NotificationsService {
  constructor(@InjectQueue('mail') private readonly mailQueue: Queue) {}

  ticketBought(userId: string, ticketId: string) {
    return this.mailQueue.add(
      'ticket-bought',
      { userId, ticketId },
      { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    );
  }
}
