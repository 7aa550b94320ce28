// Deletes hit counters whose link has expired. Run from cron.
const { createClient } = require('redis');

async function main() {
  const client = createClient({ url: process.env.REDIS_URL });
  await client.connect();
  let removed = 0;
  for await (const key of client.scanIterator({ MATCH: 'hits:*', COUNT: 500 })) {
    const id = key.slice(5);
    if (!(await client.exists(`url:${id}`))) {
      await client.del(key);
      removed++;
    }
  }
  console.log(`removed ${removed} counters`);
  await client.quit();
}

main();
