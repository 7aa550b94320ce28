// Sign-up, log-in and profile endpoints.
const express = require('express');
const bcrypt = require('bcrypt');
const db = require('../db');
const { requireLogin } = require('../middleware/auth');
const { sendWelcomeEmail } = require('../services/mailer');
const { allowLoginAttempt } = require('../services/rateLimit');

const router = express.Router();
const SALT_ROUNDS = 10;

router.post('/signup', async (req, res, next) => {
  try {
    const { email, password, name, locale } = req.body;
    if (!email || !password) return res.status(400).json({ error: 'email and password are required' });
    const passwordHash = bcrypt.hashSync(password, SALT_ROUNDS); // expect: no-sync-in-request-path
    const { rows } = await db.query(
      'INSERT INTO users (email, name, password_hash, locale) VALUES ($1, $2, $3, $4) RETURNING id',
      [email, name, passwordHash, locale || 'en'],
    );
    req.session.userId = rows[0].id;
    await sendWelcomeEmail({ email, name, locale });
    res.status(201).json({ id: rows[0].id });
  } catch (err) {
    next(err);
  }
});

router.post('/login', async (req, res, next) => {
  try {
    if (!(await allowLoginAttempt(req.ip))) return res.status(429).json({ error: 'Too many attempts' });
    const { email, password } = req.body;
    const { rows } = await db.query('SELECT id, password_hash FROM users WHERE email = $1', [email]);
    const user = rows[0];
    const valid = user && (await bcrypt.compare(password, user.password_hash)); // ok: async, hashes on the libuv thread pool
    if (!valid) return res.status(401).json({ error: 'Wrong email or password' });
    req.session.userId = user.id;
    res.json({ id: user.id });
  } catch (err) {
    next(err);
  }
});

router.get('/me', requireLogin, async (req, res, next) => {
  try {
    const { rows } = await db.query('SELECT id, email, name, locale FROM users WHERE id = $1', [req.session.userId]);
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.post('/logout', (req, res) => {
  req.session.destroy(() => res.status(204).end());
});

module.exports = router;
