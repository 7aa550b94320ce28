import prisma from '@/lib/prisma';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const feed = await prisma.post.findMany({
    where: { published: true },
    include: { author: { select: { name: true } } },
  });

  return (
    <main>
      <h1>Public Feed</h1>
      {feed.map((post) => (
        <article key={post.id}>
          <h2>{post.title}</h2>
          <p>By {post.author?.name ?? 'Unknown author'}</p>
        </article>
      ))}
    </main>
  );
}
