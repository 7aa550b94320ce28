const { nanoid } = require('nanoid');
const { client } = require('../lib/redis');
const { readJson, send } = require('../lib/body');

const DEFAULT_TTL = 60 * 60 * 24 * 30; // 30 days

async function shorten(req, res) {
  const { url, ttl } = await readJson(req);
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return send(res, 400, { error: 'url must be absolute' });
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    return send(res, 400, { error: 'only http(s) urls' });
  }
  const id = nanoid(8);
  await client.set(`url:${id}`, parsed.toString(), { EX: Math.min(Number(ttl) || DEFAULT_TTL, DEFAULT_TTL) });
  send(res, 201, { id, short: `${process.env.PUBLIC_URL || 'http://localhost:3000'}/${id}` });
}

module.exports = shorten;
