const express = require('express');
const archiver = require('archiver');
const { GetObjectCommand } = require('@aws-sdk/client-s3');
const pool = require('../db');
const { s3, BUCKET } = require('../lib/s3');

const router = express.Router();

// Streams a zip of the album; nothing is buffered in memory.
router.get('/albums/:albumId/download', async (req, res, next) => {
  try {
    const [rows] = await pool.query('SELECT id, s3_key FROM images WHERE album_id = ? AND owner_id = ?', [
      req.params.albumId,
      req.user.id,
    ]);
    res.attachment(`album-${req.params.albumId}.zip`);
    const zip = archiver('zip', { zlib: { level: 6 } });
    zip.on('error', next);
    zip.pipe(res);
    for (const row of rows) {
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.s3_key }));
      zip.append(object.Body, { name: `${row.id}.webp` });
    }
    await zip.finalize();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
