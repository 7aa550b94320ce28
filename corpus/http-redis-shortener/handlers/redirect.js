const { client } = require('../lib/redis');
const { send } = require('../lib/body');

async function redirect(req, res, id) {
  const target = await client.get(`url:${id}`);
  if (!target) return send(res, 404, 'not found');
  await client.incr(`hits:${id}`);
  await client.publish('hits', id);
  res.writeHead(302, { Location: target });
  res.end();
}

module.exports = redirect;
