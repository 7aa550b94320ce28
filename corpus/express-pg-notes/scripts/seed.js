const bcrypt = require('bcrypt');
const { pool } = require('../db');

async function seed() {
  const hash = bcrypt.hashSync('password123', 10);
  for (let i = 1; i <= 50; i++) {
    const { rows } = await pool.query(
      'INSERT INTO users (name, email, password_hash) VALUES ($1, $2, $3) RETURNING id',
      [`User ${i}`, `user${i}@example.com`, hash],
    );
    for (let n = 1; n <= 20; n++) {
      await pool.query('INSERT INTO notes (owner_id, title, body) VALUES ($1, $2, $3)', [rows[0].id, `Note ${n}`, 'Lorem ipsum']);
    }
  }
  const { rows } = await pool.query('SELECT count(*) FROM notes');
  console.log(`seeded ${rows[0].count} notes`);
  await pool.end();
}

seed();
