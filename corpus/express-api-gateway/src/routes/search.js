const express = require('express');
const https = require('https');
const axios = require('axios');
const { upstreams } = require('../config');

const router = express.Router();

router.get('/', async (req, res, next) => {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 50 });
  try {
    const { data } = await axios.get(`${upstreams.search}/v2/query`, {
      params: { q: req.query.q, size: 20 },
      httpsAgent: agent,
      timeout: 2500,
      headers: { Authorization: `ApiKey ${process.env.SEARCH_API_KEY}` },
    });
    res.json(data.hits);
  } catch (err) {
    next(err);
  }
});

router.get('/suggest', async (req, res, next) => {
  try {
    const response = await fetch(`${upstreams.search}/v2/suggest?prefix=${encodeURIComponent(req.query.prefix || '')}`);
    res.json(await response.json());
  } catch (err) {
    next(err);
  }
});

module.exports = router;
