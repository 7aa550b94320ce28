import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Event } from './schemas/event.schema';
import { QueryEventsDto } from './dto/query-events.dto';

@Injectable()
export class EventsService {
  constructor(@InjectModel(Event.name) private readonly eventModel: Model<Event>) {}

  async list({ city, skip, limit }: QueryEventsDto) {
    const filter = { startsAt: { $gte: new Date() }, ...(city ? { city } : {}) };
    const [items, total] = await Promise.all([
      this.eventModel.find(filter).sort({ startsAt: 1 }).skip(skip).limit(limit).lean().exec(),
      this.eventModel.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  async get(id: string) {
    const event = await this.eventModel.findById(id).lean().exec();
    if (!event) throw new NotFoundException();
    return event;
  }

  topCities() {
    return this.eventModel
      .aggregate([
        { $match: { startsAt: { $gte: new Date() } } },
        { $group: { _id: '$city', events: { $sum: 1 } } },
        { $sort: { events: -1 } },
        { $limit: 10 },
      ])
      .exec();
  }
}
