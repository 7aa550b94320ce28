const fetch = require('node-fetch');
const { upstreams } = require('../config');

// node-fetch v2 has no timeout of its own; abort after 2 s.
exports.getReviews = async (productId) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 2000);
  try {
    const res = await fetch(`${upstreams.reviews}/products/${productId}/reviews?limit=5`, {
      signal: controller.signal,
    });
    if (!res.ok) return [];
    return await res.json();
  } catch (err) {
    if (err.name === 'AbortError') return [];
    throw err;
  } finally {
    clearTimeout(timer);
  }
};
