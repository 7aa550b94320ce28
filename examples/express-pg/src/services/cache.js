// Read-through cache in Redis for data that changes rarely (orders once shipped, product titles).
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL, { commandTimeout: 1000 }); // ok: one connection at module level, shared by every request

async function cached(key, ttlSeconds, load) {
  const hit = await redis.get(key);
  if (hit) return JSON.parse(hit);
  const value = await load();
  await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
  return value;
}

module.exports = { cached };
