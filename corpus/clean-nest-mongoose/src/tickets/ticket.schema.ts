import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

@Schema({ timestamps: true })
export class Ticket {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  eventId: Types.ObjectId;

  @Prop({ required: true, index: true })
  userId: string;

  @Prop({ required: true, min: 1, max: 10 })
  quantity: number;
}

export const TicketSchema = SchemaFactory.createForClass(Ticket);
