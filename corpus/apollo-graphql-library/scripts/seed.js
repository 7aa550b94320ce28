const pool = require('../src/db');

const authors = ['Ursula K. Le Guin', 'Terry Pratchett', 'Octavia E. Butler'];

(async () => {
  for (const name of authors) {
    const { rows } = await pool.query('INSERT INTO authors (name) VALUES ($1) RETURNING id', [name]);
    for (let i = 1; i <= 10; i++) {
      await pool.query('INSERT INTO books (title, author_id, year) VALUES ($1, $2, $3)', [`${name} vol. ${i}`, rows[0].id, 1970 + i]);
    }
  }
  const { rows } = await pool.query('SELECT * FROM books');
  console.log(`${rows.length} books`);
  await pool.end();
})();
