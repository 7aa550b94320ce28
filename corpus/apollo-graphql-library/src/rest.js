const express = require('express');
const pool = require('./db');
const { coverUrlFor } = require('./services/covers');

// A few REST endpoints kept for the old mobile app.
const router = express.Router();

router.get('/books/:id/cover', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT isbn FROM books WHERE id = $1', [req.params.id]);
    if (!rows.length) return res.sendStatus(404);
    const url = await coverUrlFor(rows[0].isbn);
    return url ? res.redirect(url) : res.sendStatus(404);
  } catch (err) {
    next(err);
  }
});

router.get('/authors/:id/books', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, title, year FROM books WHERE author_id = $1 ORDER BY year', [req.params.id]);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
