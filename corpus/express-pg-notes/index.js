const express = require('express');
const cors = require('cors');
const morgan = require('morgan');
const config = require('./config');
const db = require('./queries');
const authRoutes = require('./routes/auth');
const noteRoutes = require('./routes/notes');
const exportRoutes = require('./routes/export');

const app = express();

app.use(cors());
app.use(morgan('dev'));
app.use(express.json());
app.use(express.urlencoded({ extended: true }));

app.get('/', (request, response) => {
  response.json({ info: 'Node.js, Express, and Postgres API' });
});

app.get('/users', db.getUsers);
app.get('/users/:id', db.getUserById);
app.put('/users/:id', db.updateUser);
app.delete('/users/:id', db.deleteUser);

app.use('/auth', authRoutes);
app.use('/notes', noteRoutes);
app.use('/export', exportRoutes);

app.use((err, req, res, next) => {
  console.error(err.stack);
  res.status(500).json({ message: 'Something broke!' });
});

if (require.main === module) {
  app.listen(config.port, () => {
    console.log(`App running on port ${config.port}.`);
  });
}

module.exports = app;
