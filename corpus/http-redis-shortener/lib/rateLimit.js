const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL || 'redis://localhost:6379', {
  maxRetriesPerRequest: 2,
  enableOfflineQueue: false,
});

const WINDOW_SECONDS = 60;
const MAX_PER_WINDOW = 30;

// Fixed-window limiter shared by every instance.
async function allow(ip) {
  const key = `rl:${ip}:${Math.floor(Date.now() / 1000 / WINDOW_SECONDS)}`;
  const [[, count]] = await redis.multi().incr(key).expire(key, WINDOW_SECONDS).exec();
  return count <= MAX_PER_WINDOW;
}

module.exports = { allow };
