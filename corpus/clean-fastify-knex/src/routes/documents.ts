import type { FastifyPluginAsync } from 'fastify';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { db } from '../db.js';

// Guests upload ID documents for check-in; streamed to disk, never buffered.
const documents: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { bookingId: string } }>('/bookings/:bookingId/documents', async (request, reply) => {
    const file = await request.file();
    if (!file) return reply.code(400).send({ error: 'file is required' });
    const path = join(tmpdir(), randomUUID());
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) return reply.code(413).send({ error: 'file too large' });
    await db('booking_documents').insert({ booking_id: request.params.bookingId, path, name: file.filename });
    return reply.code(201).send({ ok: true });
  });
};

export default documents;
