const express = require('express');
const { z } = require('zod');
const pLimit = require('p-limit');
const { pool, withTransaction } = require('../db');
const { rendered } = require('../services/cache');
const requireUser = require('../middleware/requireUser');
const validate = require('../middleware/validate');

const router = express.Router();

const listQuery = z.object({
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const articleBody = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(100_000),
  tags: z.array(z.string().max(40)).max(10).default([]),
});

const bulkBody = z.object({ ids: z.array(z.number().int().positive()).min(1).max(100) });

// Keyset pagination: stable and index-friendly.
router.get('/', validate(listQuery, 'query'), async (req, res, next) => {
  const { after, limit } = req.query;
  try {
    const { rows } = await pool.query(
      'SELECT id, title, created_at FROM articles WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2',
      [after ?? null, limit],
    );
    res.json({ items: rows, next: rows.length === limit ? rows[rows.length - 1].id : null });
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, title, body, revision FROM articles WHERE id = $1', [req.params.id]);
    if (!rows.length) return res.sendStatus(404);
    const article = rows[0];
    const key = `${article.id}:${article.revision}`;
    let html = rendered.get(key);
    if (!html) {
      html = article.body.split('\n\n').map((p) => `<p>${p}</p>`).join('');
      rendered.set(key, html);
    }
    res.json({ ...article, html });
  } catch (err) {
    next(err);
  }
});

router.post('/', requireUser, validate(articleBody), async (req, res, next) => {
  try {
    const article = await withTransaction(async (client) => {
      const { rows } = await client.query(
        'INSERT INTO articles (author_id, title, body) VALUES ($1, $2, $3) RETURNING id, title, created_at',
        [req.session.userId, req.body.title, req.body.body],
      );
      for (const tag of req.body.tags) {
        await client.query('INSERT INTO article_tags (article_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING', [rows[0].id, tag]);
      }
      return rows[0];
    });
    res.status(201).json(article);
  } catch (err) {
    next(err);
  }
});

// Archive several articles; at most 5 queries in flight, at most 100 ids per request.
router.post('/archive', requireUser, validate(bulkBody), async (req, res, next) => {
  const limit = pLimit(5);
  try {
    const results = await Promise.all(
      req.body.ids.map((id) =>
        limit(() => pool.query('UPDATE articles SET archived = true WHERE id = $1 AND author_id = $2', [id, req.session.userId])),
      ),
    );
    res.json({ archived: results.reduce((n, r) => n + r.rowCount, 0) });
  } catch (err) {
    next(err);
  }
});

module.exports = router;
