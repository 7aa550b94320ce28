const express = require('express');
const db = require('../db');
const { authenticate } = require('../middleware/auth');
const { shareNote } = require('../services/sharing');

const router = express.Router();

router.use(authenticate);

// GET /notes?page=1&limit=20
router.get('/', async (req, res, next) => {
  const page = Math.max(parseInt(req.query.page, 10) || 1, 1);
  const limit = Math.min(parseInt(req.query.limit, 10) || 20, 100);
  const offset = (page - 1) * limit;
  try {
    const { rows } = await db.query(
      'SELECT id, title, updated_at FROM notes WHERE owner_id = $1 ORDER BY updated_at DESC LIMIT $2 OFFSET $3',
      [req.user.id, limit, offset],
    );
    res.json({ page, limit, notes: rows });
  } catch (err) {
    next(err);
  }
});

router.get('/search', async (req, res, next) => {
  try {
    const { rows } = await db.query(
      `SELECT id, title, body FROM notes
        WHERE owner_id = $1 AND (title ILIKE $2 OR body ILIKE $2)
        ORDER BY updated_at DESC`,
      [req.user.id, `%${req.query.q || ''}%`],
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT * FROM notes WHERE id = $1 AND owner_id = $2', [req.params.id, req.user.id]);
    if (!rows.length) return res.sendStatus(404);
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/', async (req, res, next) => {
  const { title, body } = req.body;
  try {
    const { rows } = await db.query(
      'INSERT INTO notes (owner_id, title, body) VALUES ($1, $2, $3) RETURNING *',
      [req.user.id, title, body],
    );
    res.status(201).json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/:id/share', async (req, res, next) => {
  try {
    const result = await shareNote(req.user.id, req.params.id, req.body.emails || []);
    res.json(result);
  } catch (err) {
    next(err);
  }
});

router.delete('/:id', async (req, res, next) => {
  try {
    await db.query('DELETE FROM notes WHERE id = $1 AND owner_id = $2', [req.params.id, req.user.id]);
    res.sendStatus(204);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
