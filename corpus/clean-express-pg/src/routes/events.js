const express = require('express');
const { changes } = require('../services/changes');

const router = express.Router();

// Server-sent events: ids of articles as they change. The listener goes away with the request.
router.get('/articles', (req, res) => {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  const onArticle = (id) => res.write(`data: ${id}\n\n`);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 25_000);
  changes.on('article', onArticle);
  req.on('close', () => {
    clearInterval(heartbeat);
    changes.off('article', onArticle);
  });
});

module.exports = router;
