const { createProxyMiddleware } = require('http-proxy-middleware');
const { upstreams } = require('../config');

// Everything under /api/orders goes straight to the orders service.
module.exports = createProxyMiddleware({
  target: upstreams.orders,
  changeOrigin: true,
  pathRewrite: { '^/api/orders': '/orders' },
  proxyTimeout: 10000,
  timeout: 10000,
});
