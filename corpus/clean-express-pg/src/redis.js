const Redis = require('ioredis');
const { redisUrl } = require('./config');

const redis = new Redis(redisUrl, {
  commandTimeout: 1_000,
  maxRetriesPerRequest: 2,
  enableOfflineQueue: false,
});

redis.on('error', (err) => console.error('redis error', err.message));

module.exports = redis;
