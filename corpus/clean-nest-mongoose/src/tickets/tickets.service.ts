import { ConflictException, Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model } from 'mongoose';
import { Ticket } from './ticket.schema';
import { Event } from '../events/schemas/event.schema';
import { NotificationsService } from '../notifications/notifications.service';

@Injectable()
export class TicketsService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(Ticket.name) private readonly ticketModel: Model<Ticket>,
    @InjectModel(Event.name) private readonly eventModel: Model<Event>,
    private readonly notifications: NotificationsService,
  ) {}

  async buy(userId: string, eventId: string, quantity: number) {
    const ticket = await this.connection.transaction(async (session) => {
      const updated = await this.eventModel.updateOne(
        { _id: eventId, $expr: { $lte: [{ $add: ['$sold', quantity] }, '$capacity'] } },
        { $inc: { sold: quantity } },
        { session },
      );
      if (updated.modifiedCount !== 1) throw new ConflictException('sold out');
      const [created] = await this.ticketModel.create([{ eventId, userId, quantity }], { session });
      return created;
    });
    await this.notifications.ticketBought(userId, ticket.id);
    return ticket;
  }

  mine(userId: string) {
    return this.ticketModel.find({ userId }).sort({ createdAt: -1 }).limit(50).lean().exec();
  }
}
