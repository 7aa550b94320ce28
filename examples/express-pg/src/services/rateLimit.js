// Login throttling: at most 5 attempts per IP per minute, counted in Redis so it survives restarts.
const Redis = require('ioredis');

const MAX_ATTEMPTS = 5;
const WINDOW_SECONDS = 60;

async function allowLoginAttempt(ip) {
  const redis = new Redis(process.env.REDIS_URL); // expect: no-client-per-request, require-query-timeout
  try {
    const key = `login-attempts:${ip}`;
    const attempts = await redis.incr(key);
    if (attempts === 1) await redis.expire(key, WINDOW_SECONDS);
    return attempts <= MAX_ATTEMPTS;
  } finally {
    redis.disconnect();
  }
}

module.exports = { allowLoginAttempt };
