import { NextResponse, type NextRequest } from 'next/server';

// Naive per-instance rate limit for the API: 60 requests per minute per IP.
const WINDOW_MS = 60_000;
const LIMIT = 60;
const hits = new Map<string, { count: number; start: number }>();

export function middleware(request: NextRequest) {
  const now = Date.now();
  const ip = request.ip ?? request.headers.get('x-forwarded-for') ?? 'unknown';

  for (const [key, entry] of hits) {
    if (now - entry.start > WINDOW_MS) hits.delete(key);
  }

  const entry = hits.get(ip);
  if (!entry) {
    hits.set(ip, { count: 1, start: now });
  } else if (++entry.count > LIMIT) {
    return new NextResponse('Too Many Requests', { status: 429 });
  }
  return NextResponse.next();
}

export const config = {
  matcher: '/api/:path*',
};
