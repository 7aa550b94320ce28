function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

module.exports = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: process.env.DATABASE_URL || 'postgres://articles:articles@localhost:5432/articles',
  redisUrl: process.env.REDIS_URL || 'redis://localhost:6379',
  sessionSecret: process.env.NODE_ENV === 'production' ? required('SESSION_SECRET') : 'dev-secret',
  geoApiUrl: process.env.GEO_API_URL || 'https://geo.example.com',
};
