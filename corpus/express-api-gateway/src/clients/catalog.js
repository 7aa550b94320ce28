const got = require('got');
const { upstreams } = require('../config');

const catalog = got.extend({
  prefixUrl: upstreams.catalog,
  responseType: 'json',
  retry: { limit: 2 },
});

exports.getProduct = (id) => catalog.get(`products/${id}`).json();
exports.listFeatured = () => catalog.get('products/featured', { searchParams: { limit: 12 } }).json();
