const express = require('express');
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const multer = require('multer');
const { pool } = require('../db');
const requireUser = require('../middleware/requireUser');

const router = express.Router();

const upload = multer({
  storage: multer.diskStorage({
    destination: path.join(os.tmpdir(), 'attachments'),
    filename: (req, file, cb) => cb(null, crypto.randomUUID()),
  }),
  limits: { fileSize: 5 * 1024 * 1024, files: 1 },
});

router.post('/:articleId', requireUser, upload.single('file'), async (req, res, next) => {
  if (!req.file) return res.status(400).json({ error: 'file is required' });
  try {
    const content = await fs.readFile(req.file.path);
    const sha256 = crypto.createHash('sha256').update(content).digest('hex');
    const { rows } = await pool.query(
      'INSERT INTO attachments (article_id, name, size, sha256, path) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [req.params.articleId, req.file.originalname, req.file.size, sha256, req.file.path],
    );
    res.status(201).json({ id: rows[0].id, sha256 });
  } catch (err) {
    await fs.rm(req.file.path, { force: true });
    next(err);
  }
});

module.exports = router;
