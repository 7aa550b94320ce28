const { Queue } = require('bullmq');
const IORedis = require('ioredis');
const { redisUrl } = require('./config');

// BullMQ needs maxRetriesPerRequest: null on connections used by workers.
const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });

const emailQueue = new Queue('email', { connection });

const reportQueue = new Queue('reports', {
  connection,
  defaultJobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});

module.exports = { connection, emailQueue, reportQueue };
