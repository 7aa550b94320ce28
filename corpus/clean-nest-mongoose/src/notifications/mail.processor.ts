import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

@Processor('mail', { concurrency: 5 })
export class MailProcessor extends WorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  async process(job: Job<{ userId: string; ticketId: string }>) {
    this.logger.log(`mail ${job.name} for ${job.data.userId}`);
    return { delivered: true };
  }
}
