const NodeCache = require('node-cache');

const cache = new NodeCache();

// Caches GET responses by URL for anonymous readers.
const cacheResponse = (seconds) => (req, res, next) => {
  if (req.method !== 'GET' || req.user) return next();

  const key = req.originalUrl;
  const cached = cache.get(key);
  if (cached) {
    return res.json(cached);
  }

  const originalJson = res.json.bind(res);
  res.json = (body) => {
    cache.set(key, body);
    return originalJson(body);
  };
  next();
};

module.exports = { cacheResponse, cache };
