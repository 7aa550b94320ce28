const { client } = require('../lib/redis');
const { send } = require('../lib/body');

// GET /api/stats -> hit counts of every link
async function stats(req, res) {
  const keys = await client.keys('hits:*');
  const values = keys.length ? await client.mGet(keys) : [];
  const result = {};
  keys.forEach((key, i) => {
    result[key.slice(5)] = Number(values[i]);
  });
  send(res, 200, result);
}

// GET /api/live -> server-sent events with every hit as it happens
async function live(req, res) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const subscriber = client.duplicate();
  await subscriber.connect();
  await subscriber.subscribe('hits', (id) => {
    res.write(`data: ${id}\n\n`);
  });
  req.on('close', () => {
    subscriber.quit().catch(() => {});
  });
}

module.exports = { stats, live };
