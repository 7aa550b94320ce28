var express = require('express');
var router = express.Router();
var db = require('../lib/db');

/* GET home page: the list of rooms. */
router.get('/', function (req, res, next) {
  db.query('SELECT id, name, topic FROM rooms ORDER BY name', function (error, results) {
    if (error) return next(error);
    res.render('index', { title: 'Chat rooms', rooms: results, user: req.session.user });
  });
});

router.post('/login', function (req, res, next) {
  db.query('SELECT id, nickname FROM users WHERE nickname = ?', [req.body.nickname], function (error, results) {
    if (error) return next(error);
    if (results.length === 0) return res.redirect('/?error=unknown');
    req.session.user = results[0];
    res.redirect('/');
  });
});

router.post('/rooms', function (req, res, next) {
  if (!req.session.user) return res.redirect('/');
  db.query('INSERT INTO rooms SET ?', { name: req.body.name, topic: req.body.topic, owner_id: req.session.user.id }, function (error, result) {
    if (error) return next(error);
    res.redirect('/rooms/' + result.insertId);
  });
});

module.exports = router;
