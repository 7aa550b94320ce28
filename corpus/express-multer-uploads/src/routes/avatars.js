const express = require('express');
const sharp = require('sharp');
const { PutObjectCommand } = require('@aws-sdk/client-s3');
const { s3, BUCKET } = require('../lib/s3');

const router = express.Router();

// The mobile app posts avatars as base64 JSON.
router.use(express.json({ limit: '50mb' }));

router.put('/avatar', async (req, res, next) => {
  try {
    const input = Buffer.from(req.body.image, 'base64');
    const png = await sharp(input).resize(256, 256, { fit: 'cover' }).png().toBuffer();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `avatars/${req.user.id}.png`, Body: png, ContentType: 'image/png' }));
    res.sendStatus(204);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
