const express = require('express');
const fs = require('fs');
const crypto = require('crypto');
const { v4: uuidv4 } = require('uuid');
const { S3Client } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');
const pool = require('../db');
const { documentUpload } = require('../lib/upload');

const router = express.Router();

router.post('/documents', documentUpload.array('files', 10), async (req, res, next) => {
  const s3 = new S3Client({ region: process.env.DOCS_REGION || 'eu-central-1' });
  try {
    const saved = [];
    for (const file of req.files) {
      const content = fs.readFileSync(file.path);
      const sha256 = crypto.createHash('sha256').update(content).digest('hex');
      const id = uuidv4();
      const key = `documents/${req.user.id}/${id}`;
      await new Upload({ client: s3, params: { Bucket: process.env.DOCS_BUCKET, Key: key, Body: fs.createReadStream(file.path) } }).done();
      await pool.execute('INSERT INTO documents (id, owner_id, name, sha256, s3_key) VALUES (?, ?, ?, ?, ?)', [
        id,
        req.user.id,
        file.originalname,
        sha256,
        key,
      ]);
      fs.unlinkSync(file.path);
      saved.push({ id, name: file.originalname, sha256 });
    }
    res.status(201).json(saved);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
