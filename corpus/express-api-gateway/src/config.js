module.exports = {
  port: Number(process.env.PORT) || 8080,
  upstreams: {
    users: process.env.USERS_URL || 'http://users.svc.cluster.local',
    catalog: process.env.CATALOG_URL || 'http://catalog.svc.cluster.local',
    reviews: process.env.REVIEWS_URL || 'http://reviews.svc.cluster.local',
    search: process.env.SEARCH_URL || 'https://search.example.com',
    billing: { host: process.env.BILLING_HOST || 'billing-legacy.internal', port: 8081 },
    orders: process.env.ORDERS_URL || 'http://orders.svc.cluster.local',
  },
};
