const { LRUCache } = require('lru-cache');

// Rendered article bodies, by id and revision.
const rendered = new LRUCache({
  max: 2_000,
  ttl: 10 * 60 * 1000,
});

module.exports = { rendered };
