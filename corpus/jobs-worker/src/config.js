module.exports = {
  redisUrl: process.env.REDIS_URL || 'redis://localhost:6379',
  amqpUrl: process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672',
  databaseUrl: process.env.DATABASE_URL || 'postgres://worker:worker@localhost:5432/app',
  httpPort: Number(process.env.HTTP_PORT) || 9090,
  smtp: {
    host: process.env.SMTP_HOST || 'localhost',
    port: Number(process.env.SMTP_PORT) || 1025,
  },
};
