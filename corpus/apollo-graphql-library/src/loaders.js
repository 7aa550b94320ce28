const DataLoader = require('dataloader');
const pool = require('./db');

// One set of loaders per request, so caching never leaks between users.
function createLoaders() {
  return {
    author: new DataLoader(async (ids) => {
      const { rows } = await pool.query('SELECT id, name FROM authors WHERE id = ANY($1)', [ids]);
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      return ids.map((id) => byId.get(String(id)) || null);
    }),
    booksByAuthor: new DataLoader(async (authorIds) => {
      const { rows } = await pool.query('SELECT * FROM books WHERE author_id = ANY($1) ORDER BY year', [authorIds]);
      return authorIds.map((id) => rows.filter((b) => String(b.author_id) === String(id)));
    }),
  };
}

module.exports = { createLoaders };
