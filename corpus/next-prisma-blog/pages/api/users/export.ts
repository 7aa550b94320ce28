import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';

// Admin-only CSV export of users. Written before lib/prisma existed.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers['x-admin-token'] !== process.env.ADMIN_TOKEN) {
    return res.status(403).end();
  }
  const prisma = new PrismaClient();
  try {
    const users = await prisma.user.findMany({ select: { id: true, email: true, name: true, plan: true } });
    res.setHeader('Content-Type', 'text/csv');
    res.send(['id,email,name,plan', ...users.map((u) => `${u.id},${u.email},${u.name ?? ''},${u.plan}`)].join('\n'));
  } finally {
    await prisma.$disconnect();
  }
}
