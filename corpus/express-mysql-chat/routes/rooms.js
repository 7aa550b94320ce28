var express = require('express');
var router = express.Router();
var db = require('../lib/db');
var pool = require('../lib/pool');
var bus = require('../lib/bus');

router.get('/:id', function (req, res, next) {
  db.query('SELECT * FROM rooms WHERE id = ?', [req.params.id], function (error, rooms) {
    if (error) return next(error);
    if (!rooms.length) return res.status(404).send('No such room');
    pool.query(
      'SELECT m.id, m.body, m.created_at, u.nickname FROM messages m JOIN users u ON u.id = m.user_id WHERE m.room_id = ? ORDER BY m.id DESC LIMIT 50',
      [req.params.id],
      function (error, messages) {
        if (error) return next(error);
        res.render('room', { room: rooms[0], messages: messages.reverse(), user: req.session.user });
      }
    );
  });
});

router.post('/:id/messages', function (req, res, next) {
  if (!req.session.user) return res.status(401).end();
  var message = { room_id: req.params.id, user_id: req.session.user.id, body: String(req.body.body).slice(0, 2000) };
  pool.query('INSERT INTO messages SET ?', message, function (error, result) {
    if (error) return next(error);
    message.id = result.insertId;
    message.nickname = req.session.user.nickname;
    bus.emit('message', message);
    res.status(201).json(message);
  });
});

// Server-sent events: every new message of the room.
router.get('/:id/stream', function (req, res) {
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();

  function onMessage(message) {
    if (String(message.room_id) === req.params.id) {
      res.write('data: ' + JSON.stringify(message) + '\n\n');
    }
  }
  bus.on('message', onMessage);
  req.on('close', function () {
    bus.removeListener('message', onMessage);
  });
});

// Long poll: resolves when someone starts typing in the room, or after 25 s.
router.get('/:id/typing', function (req, res) {
  var timer = setTimeout(function () {
    res.status(204).end();
  }, 25000);
  bus.on('typing', function (event) {
    if (String(event.roomId) !== req.params.id || res.headersSent) return;
    clearTimeout(timer);
    res.json(event);
  });
});

router.post('/:id/typing', function (req, res) {
  if (!req.session.user) return res.status(401).end();
  bus.emit('typing', { roomId: req.params.id, nickname: req.session.user.nickname });
  res.status(204).end();
});

module.exports = router;
