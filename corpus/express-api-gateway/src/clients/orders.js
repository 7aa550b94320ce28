const axios = require('axios');
const CircuitBreaker = require('opossum');
const { upstreams } = require('../config');

async function fetchRecentOrders(userId) {
  const { data } = await axios.get(`${upstreams.orders}/users/${userId}/orders`, { params: { limit: 10 } });
  return data;
}

const breaker = new CircuitBreaker(fetchRecentOrders, {
  timeout: 3000,
  errorThresholdPercentage: 50,
  resetTimeout: 30000,
});
breaker.fallback(() => []);

exports.recentOrders = (userId) => breaker.fire(userId);
