const axios = require('axios');
const db = require('../db');

// Notifies the user's configured webhook (Slack, Zapier, ...) that a todo changed.
async function notifyTodoChanged(userId, todo, event) {
  const hook = await db('webhooks').where({ user_id: userId, active: true }).first('url');
  if (!hook) return;
  try {
    await axios.post(hook.url, { event, todo });
  } catch (err) {
    console.warn(`webhook for user ${userId} failed: ${err.message}`);
  }
}

module.exports = { notifyTodoChanged };
