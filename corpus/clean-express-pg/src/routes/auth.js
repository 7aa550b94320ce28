const express = require('express');
const bcrypt = require('bcrypt');
const { z } = require('zod');
const { pool } = require('../db');
const { countryOf } = require('../services/geo');
const { render } = require('../services/templates');
const validate = require('../middleware/validate');

const router = express.Router();

const credentials = z.object({ email: z.string().email(), password: z.string().min(8).max(200), name: z.string().max(100).optional() });

router.post('/signup', validate(credentials), async (req, res, next) => {
  try {
    const hash = await bcrypt.hash(req.body.password, 12);
    const country = await countryOf(req.ip);
    const { rows } = await pool.query(
      'INSERT INTO users (email, name, password_hash, country) VALUES ($1, $2, $3, $4) RETURNING id, name',
      [req.body.email, req.body.name ?? null, hash, country],
    );
    req.session.userId = rows[0].id;
    res.status(201).json({ id: rows[0].id, welcome: render('welcome', { name: rows[0].name ?? 'there' }) });
  } catch (err) {
    next(err);
  }
});

router.post('/login', validate(credentials), async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE email = $1', [req.body.email]);
    const ok = rows.length > 0 && (await bcrypt.compare(req.body.password, rows[0].password_hash));
    if (!ok) return res.status(401).json({ error: 'invalid credentials' });
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = rows[0].id;
      res.sendStatus(204);
    });
  } catch (err) {
    next(err);
  }
});

router.post('/logout', (req, res, next) => {
  req.session.destroy((err) => (err ? next(err) : res.sendStatus(204)));
});

module.exports = router;
