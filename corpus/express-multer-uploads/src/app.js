const express = require('express');
const images = require('./routes/images');
const documents = require('./routes/documents');
const archive = require('./routes/archive');
const avatars = require('./routes/avatars');

const app = express();

// Auth is done by the API gateway in front; it forwards the user id.
app.use((req, res, next) => {
  const id = Number(req.get('x-user-id'));
  if (!id) return res.status(401).json({ error: 'missing user' });
  req.user = { id };
  next();
});

app.get('/health', (req, res) => res.json({ ok: true }));
app.use('/me', avatars);
app.use(images);
app.use(documents);
app.use(archive);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.code === 'LIMIT_FILE_SIZE' ? 413 : 500).json({ error: err.message });
});

module.exports = app;
