// Cache invalidation across instances: PostgreSQL NOTIFY on article updates. A dedicated
// connection is required for LISTEN; it only ever runs this one statement.
const { EventEmitter } = require('events');
const { Client } = require('pg');
const { databaseUrl } = require('../config');
const { rendered } = require('./cache');

const changes = new EventEmitter();

async function listenForChanges() {
  const client = new Client({ connectionString: databaseUrl });
  client.on('notification', (msg) => {
    const { id } = JSON.parse(msg.payload);
    for (const key of rendered.keys()) if (key.startsWith(`${id}:`)) rendered.delete(key);
    changes.emit('article', id);
  });
  client.on('error', (err) => {
    console.error('LISTEN connection lost', err.message);
    setTimeout(listenForChanges, 5_000).unref();
  });
  await client.connect();
  await client.query('LISTEN article_changed');
}

module.exports = { changes, listenForChanges };
