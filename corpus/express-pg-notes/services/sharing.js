const db = require('../db');

// Shares a note with a list of users by email, inside one transaction.
async function shareNote(ownerId, noteId, emails) {
  const client = await db.getClient();
  try {
    await client.query('BEGIN');
    const { rows: notes } = await client.query('SELECT id FROM notes WHERE id = $1 AND owner_id = $2 FOR UPDATE', [noteId, ownerId]);
    if (!notes.length) {
      await client.query('ROLLBACK');
      return { shared: 0 };
    }
    let shared = 0;
    for (const email of emails) {
      // looks the user up through the pool while the transaction holds a connection
      const { rows: users } = await db.query('SELECT id FROM users WHERE email = $1', [email]);
      if (!users.length) continue;
      await client.query(
        'INSERT INTO note_shares (note_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [noteId, users[0].id],
      );
      shared += 1;
    }
    await client.query('COMMIT');
    return { shared };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

module.exports = { shareNote };
