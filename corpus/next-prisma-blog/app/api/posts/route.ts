import { NextResponse, type NextRequest } from 'next/server';
import type { Prisma } from '@prisma/client';
import prisma from '@/lib/prisma';

const MAX_PAGE_SIZE = 50;

// GET /api/posts?author=…&page=…&size=…  (the app-router successor of pages/api/posts)
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const size = Math.min(Number(params.get('size')) || 20, MAX_PAGE_SIZE);
  const page = Math.max(Number(params.get('page')) || 1, 1);

  const args: Prisma.PostFindManyArgs = {
    where: { published: true, ...(params.get('author') ? { authorId: params.get('author')! } : {}) },
    orderBy: { createdAt: 'desc' },
    skip: (page - 1) * size,
    take: size,
  };
  const [posts, total] = await prisma.$transaction([prisma.post.findMany(args), prisma.post.count({ where: args.where })]);
  return NextResponse.json({ posts, total, page, size });
}
