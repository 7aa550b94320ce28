import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { db } from '../db.js';
import { authorize } from '../services/payments.js';

const page = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const newBooking = z.object({
  roomTypeId: z.number().int().positive(),
  checkIn: z.string().date(),
  nights: z.number().int().min(1).max(30),
  paymentToken: z.string().min(10).max(200),
});

const bookings: FastifyPluginAsync = async (app) => {
  app.get('/', async (request) => {
    const { before, limit } = page.parse(request.query);
    const userId = request.session.get('userId');
    const query = db('bookings').where({ user_id: userId }).orderBy('id', 'desc').limit(limit);
    if (before) query.andWhere('id', '<', before);
    return query;
  });

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const booking = await db('bookings').where({ id: request.params.id, user_id: request.session.get('userId') }).first();
    return booking ?? reply.code(404).send({ error: 'not found' });
  });

  app.post('/', async (request, reply) => {
    const input = newBooking.parse(request.body);
    const userId = request.session.get('userId');
    const booking = await db.transaction(async (trx) => {
      const room = await trx('room_types').where({ id: input.roomTypeId }).forUpdate().first('id', 'price_cents', 'free_rooms');
      if (!room || room.free_rooms < 1) throw app.httpErrors?.conflict?.('sold out') ?? new Error('sold out');
      await trx('room_types').where({ id: room.id }).decrement('free_rooms', 1);
      const [id] = await trx('bookings').insert({
        user_id: userId,
        room_type_id: room.id,
        check_in: input.checkIn,
        nights: input.nights,
        amount_cents: room.price_cents * input.nights,
        status: 'pending',
      });
      return { id, amountCents: room.price_cents * input.nights };
    });
    const payment = await authorize(booking.id, booking.amountCents, input.paymentToken);
    await db('bookings').where({ id: booking.id }).update({ status: 'confirmed', payment_id: payment.id });
    return reply.code(201).send({ id: booking.id, status: 'confirmed' });
  });
};

export default bookings;
