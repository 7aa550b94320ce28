import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import prisma from '../../../lib/prisma';
import { authOptions } from '../../../lib/auth';

// GET /api/posts      -> published posts
// POST /api/posts     -> create a draft
export default async function handle(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'GET') {
    const posts = await prisma.post.findMany({
      where: { published: true },
      include: { author: { select: { name: true } } },
      orderBy: { createdAt: 'desc' },
    });
    return res.json(posts);
  }

  if (req.method === 'POST') {
    const session = await getServerSession(req, res, authOptions);
    if (!session?.user?.email) return res.status(401).json({ message: 'Unauthorized' });
    const { title, content } = req.body;
    const result = await prisma.post.create({
      data: {
        title,
        content,
        author: { connect: { email: session.user.email } },
      },
    });
    return res.status(201).json(result);
  }

  res.setHeader('Allow', ['GET', 'POST']);
  res.status(405).end(`Method ${req.method} Not Allowed`);
}
