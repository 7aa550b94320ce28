import type { NextApiRequest, NextApiResponse } from 'next';
import prisma from '../../../lib/prisma';

export default async function handle(req: NextApiRequest, res: NextApiResponse) {
  const postId = req.query.id as string;

  switch (req.method) {
    case 'GET': {
      const post = await prisma.post.findUnique({ where: { id: postId }, include: { author: true } });
      return post ? res.json(post) : res.status(404).json({ message: 'Not found' });
    }
    case 'PUT': {
      const post = await prisma.post.update({ where: { id: postId }, data: { published: true } });
      return res.json(post);
    }
    case 'DELETE': {
      const post = await prisma.post.delete({ where: { id: postId } });
      return res.json(post);
    }
    default:
      res.setHeader('Allow', ['GET', 'PUT', 'DELETE']);
      return res.status(405).end();
  }
}
