const crypto = require('crypto');

exports.seed = async function (knex) {
  await knex('todos').del();
  await knex('todo_lists').del();
  await knex('users').del();
  const salt = crypto.randomBytes(16).toString('hex');
  const hash = crypto.pbkdf2Sync('password', salt, 100000, 64, 'sha512').toString('hex');
  const [user] = await knex('users').insert({ email: 'demo@example.com', name: 'Demo', salt, password_hash: hash }).returning('id');
  await knex('todos').insert(
    Array.from({ length: 30 }, (_, i) => ({ user_id: user.id, title: `Todo ${i + 1}` }))
  );
};
