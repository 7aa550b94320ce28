import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export type EventDocument = HydratedDocument<Event>;

@Schema({ timestamps: true })
export class Event {
  @Prop({ required: true, maxlength: 200 })
  title: string;

  @Prop({ required: true, index: true })
  city: string;

  @Prop({ required: true, index: true })
  startsAt: Date;

  @Prop({ required: true, min: 0 })
  capacity: number;

  @Prop({ default: 0, min: 0 })
  sold: number;
}

export const EventSchema = SchemaFactory.createForClass(Event);
EventSchema.index({ city: 1, startsAt: 1 });
