var express = require('express');
var path = require('path');
var session = require('express-session');
var MySQLStore = require('express-mysql-session')(session);
var db = require('./lib/db');

var indexRouter = require('./routes/index');
var roomsRouter = require('./routes/rooms');
var adminRouter = require('./routes/admin');

var app = express();

// view engine setup
app.set('views', path.join(__dirname, 'views'));
app.set('view engine', 'ejs');

app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.use(express.static(path.join(__dirname, 'public')));

var sessionStore = new MySQLStore({}, db);

app.use(session({
  key: 'chatroom.sid',
  secret: process.env.SESSION_SECRET || 'session_cookie_secret',
  store: sessionStore,
  resave: false,
  saveUninitialized: false
}));

app.use('/', indexRouter);
app.use('/rooms', roomsRouter);
app.use('/admin', adminRouter);

// error handler
app.use(function (err, req, res, next) {
  console.error(err);
  res.status(err.status || 500);
  res.send('Something went wrong');
});

var port = process.env.PORT || 3000;
app.listen(port, function () {
  console.log('Chatroom listening on port ' + port);
});

module.exports = app;
