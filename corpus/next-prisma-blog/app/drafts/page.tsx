import { getServerSession } from 'next-auth';
import prisma from '@/lib/prisma';
import { authOptions } from '@/lib/auth';

export default async function Drafts() {
  const session = await getServerSession(authOptions);
  if (!session) return <p>You need to be authenticated to view this page.</p>;

  const drafts = await prisma.post.findMany({
    where: { author: { email: session.user?.email }, published: false },
    take: 50,
  });
  return (
    <ul>
      {drafts.map((d) => (
        <li key={d.id}>{d.title}</li>
      ))}
    </ul>
  );
}
