import { NextResponse, type NextRequest } from 'next/server';
import prisma from '@/lib/prisma';

const PAGE_SIZE = 20;

export async function GET(request: NextRequest) {
  const cursor = request.nextUrl.searchParams.get('cursor');
  const posts = await prisma.post.findMany({
    where: { published: true },
    orderBy: { createdAt: 'desc' },
    take: PAGE_SIZE,
    ...(cursor && { skip: 1, cursor: { id: cursor } }),
  });

  // Ask the recommendation service which posts to highlight.
  const recRes = await fetch(`${process.env.RECS_URL}/highlight`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: posts.map((p) => p.id) }),
    cache: 'no-store',
  });
  const highlighted: string[] = recRes.ok ? await recRes.json() : [];

  return NextResponse.json({
    posts: posts.map((p) => ({ ...p, highlighted: highlighted.includes(p.id) })),
    nextCursor: posts.length === PAGE_SIZE ? posts[posts.length - 1].id : null,
  });
}
