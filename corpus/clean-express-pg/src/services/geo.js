const http = require('http');
const https = require('https');
const axios = require('axios');
const { geoApiUrl } = require('../config');

const geo = axios.create({
  baseURL: geoApiUrl,
  timeout: 2_000,
  httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }),
  httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 50 }),
});

async function countryOf(ip) {
  try {
    const { data } = await geo.get('/v1/lookup', { params: { ip } });
    return data.country || null;
  } catch {
    return null;
  }
}

module.exports = { countryOf };
