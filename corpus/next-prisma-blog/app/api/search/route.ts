import { NextResponse } from 'next/server';
import { z } from 'zod';
import prisma from '@/lib/prisma';

const query = z.object({ q: z.string().min(2).max(80) });

export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const parsed = query.safeParse({ q: searchParams.get('q') });
  if (!parsed.success) return NextResponse.json({ error: 'q is required' }, { status: 400 });

  const rows = await prisma.$queryRaw<{ id: string; title: string }[]>`
    SELECT id, title FROM "Post"
    WHERE published = true AND title ILIKE ${'%' + parsed.data.q + '%'}
    ORDER BY "createdAt" DESC
    LIMIT 20`;
  return NextResponse.json(rows);
}
