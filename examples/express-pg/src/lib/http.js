// Shared axios instance for calls to our own internal services (mailer, shipping).
const axios = require('axios');

const http = axios.create({
  baseURL: process.env.INTERNAL_API_URL || 'http://internal-api.local',
  timeout: 5000, // ok: every call made through this instance gives up after 5 s
  headers: { 'x-service': 'shop-api' },
});

module.exports = http;
