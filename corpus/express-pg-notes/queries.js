// Callback-style handlers, the way the classic node-postgres REST tutorial writes them.
const db = require('./db');

const getUsers = (request, response) => {
  db.query('SELECT id, name, email, created_at FROM users ORDER BY id ASC', [], (error, results) => {
    if (error) {
      throw error;
    }
    response.status(200).json(results.rows);
  });
};

const getUserById = (request, response) => {
  const id = parseInt(request.params.id);

  db.query('SELECT id, name, email, created_at FROM users WHERE id = $1', [id], (error, results) => {
    if (error) {
      throw error;
    }
    response.status(200).json(results.rows[0]);
  });
};

const updateUser = (request, response) => {
  const id = parseInt(request.params.id);
  const { name, email } = request.body;

  db.query('UPDATE users SET name = $1, email = $2 WHERE id = $3', [name, email, id], (error) => {
    if (error) {
      throw error;
    }
    response.status(200).send(`User modified with ID: ${id}`);
  });
};

const deleteUser = (request, response) => {
  const id = parseInt(request.params.id);

  db.query('DELETE FROM users WHERE id = $1', [id], (error) => {
    if (error) {
      throw error;
    }
    response.status(200).send(`User deleted with ID: ${id}`);
  });
};

module.exports = {
  getUsers,
  getUserById,
  updateUser,
  deleteUser,
};
