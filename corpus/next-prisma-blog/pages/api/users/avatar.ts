import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import prisma from '../../../lib/prisma';
import { authOptions } from '../../../lib/auth';

export const config = {
  api: {
    bodyParser: {
      sizeLimit: '25mb',
    },
  },
};

// Receives { image: "data:image/png;base64,..." } from the profile page.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const session = await getServerSession(req, res, authOptions);
  if (!session?.user?.email) return res.status(401).end();
  const { image } = req.body as { image: string };
  const user = await prisma.user.update({ where: { email: session.user.email }, data: { image } });
  res.json({ id: user.id });
}
