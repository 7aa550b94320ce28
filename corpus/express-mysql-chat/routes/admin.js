var express = require('express');
var { v4: uuidv4 } = require('uuid');
var router = express.Router();
var pool = require('../lib/pool');

function requireAdmin(req, res, next) {
  if (!req.session.user || !req.session.user.is_admin) return res.status(403).end();
  next();
}

// Generates invite codes for a private room: POST { roomId, count }
router.post('/invites', requireAdmin, function (req, res, next) {
  var count = parseInt(req.body.count, 10) || 1;
  var codes = Array.from({ length: count }, function () {
    return uuidv4();
  });
  var rows = codes.map(function (code) {
    return [req.body.roomId, code];
  });
  pool.query('INSERT INTO invites (room_id, code) VALUES ?', [rows], function (error) {
    if (error) return next(error);
    res.json({ codes: codes });
  });
});

// Placeholder avatar: a solid square of the user's colour, at most 256 px.
router.get('/avatar/:size', function (req, res) {
  var size = Math.min(parseInt(req.params.size, 10) || 64, 256);
  var pixels = Buffer.alloc(size * size * 3, 0x7f);
  res.set('Content-Type', 'application/octet-stream');
  res.send(pixels);
});

module.exports = router;
