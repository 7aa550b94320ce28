const express = require('express');
const sharp = require('sharp');
const { v4: uuidv4 } = require('uuid');
const { PutObjectCommand } = require('@aws-sdk/client-s3');
const pool = require('../db');
const { s3, BUCKET } = require('../lib/s3');
const { imageUpload } = require('../lib/upload');

const router = express.Router();

router.post('/albums/:albumId/images', imageUpload.single('image'), async (req, res, next) => {
  if (!req.file) return res.status(400).json({ error: 'image is required' });
  try {
    const id = uuidv4();
    const resized = await sharp(req.file.buffer).rotate().resize({ width: 2048, withoutEnlargement: true }).webp().toBuffer({ resolveWithObject: true });
    const key = `albums/${req.params.albumId}/${id}.webp`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: resized.data, ContentType: 'image/webp' }));
    await pool.execute(
      'INSERT INTO images (id, album_id, owner_id, s3_key, width, height) VALUES (?, ?, ?, ?, ?, ?)',
      [id, req.params.albumId, req.user.id, key, resized.info.width, resized.info.height],
    );
    res.status(201).json({ id, key });
  } catch (err) {
    next(err);
  }
});

router.get('/albums/:albumId/images', async (req, res, next) => {
  try {
    const [rows] = await pool.query(
      'SELECT id, s3_key, width, height, created_at FROM images WHERE album_id = ? ORDER BY created_at DESC',
      [req.params.albumId],
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/images/:id', async (req, res, next) => {
  try {
    const [rows] = await pool.query('SELECT * FROM images WHERE id = ?', [req.params.id]);
    if (!rows.length) return res.sendStatus(404);
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
