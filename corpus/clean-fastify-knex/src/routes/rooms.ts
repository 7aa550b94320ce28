import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { db } from '../db.js';
import { availability } from '../services/availability.js';

const monthParam = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) });

const rooms: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { hotelId: string } }>('/hotels/:hotelId/room-types', async (request) => {
    return db('room_types')
      .where({ hotel_id: request.params.hotelId })
      .select('id', 'name', 'price_cents')
      .orderBy('price_cents')
      .limit(50);
  });

  app.get<{ Params: { id: string } }>('/room-types/:id/availability', async (request) => {
    const { month } = monthParam.parse(request.query);
    return availability(Number(request.params.id), month);
  });
};

export default rooms;
