const express = require('express');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Client } = require('pg');
const config = require('../config');
const { authenticate } = require('../middleware/auth');

const router = express.Router();

// Exports every note of the user as CSV. Uses its own connection so the export
// does not block the shared pool.
router.get('/notes.csv', authenticate, async (req, res) => {
  const client = new Client(config.db);
  await client.connect();
  try {
    const { rows } = await client.query('SELECT id, title, body, updated_at FROM notes WHERE owner_id = $1', [req.user.id]);
    const lines = ['id,title,body,updated_at'];
    for (const row of rows) {
      lines.push([row.id, JSON.stringify(row.title), JSON.stringify(row.body), row.updated_at.toISOString()].join(','));
    }
    const file = path.join(os.tmpdir(), `notes-${req.user.id}-${Date.now()}.csv`);
    fs.writeFileSync(file, lines.join('\n'));
    res.download(file, 'notes.csv', () => fs.unlink(file, () => {}));
  } finally {
    await client.end();
  }
});

module.exports = router;
