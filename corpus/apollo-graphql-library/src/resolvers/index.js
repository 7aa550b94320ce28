const pool = require('../db');
const { coverUrlFor } = require('../services/covers');

const resolvers = {
  Query: {
    books: async () => {
      const { rows } = await pool.query('SELECT * FROM books ORDER BY title');
      return rows;
    },
    booksPage: async (_, { after, first }) => {
      const limit = Math.min(first, 100);
      const { rows } = await pool.query(
        'SELECT * FROM books WHERE ($1::int IS NULL OR id > $1) ORDER BY id LIMIT $2',
        [after || null, limit + 1],
      );
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
    book: async (_, { id }) => {
      const { rows } = await pool.query('SELECT * FROM books WHERE id = $1', [id]);
      return rows[0];
    },
    authors: async () => {
      const { rows } = await pool.query('SELECT id, name FROM authors ORDER BY name');
      return rows;
    },
  },
  Mutation: {
    addBook: async (_, { title, authorId, isbn, year }, { user }) => {
      if (!user) throw new Error('not authenticated');
      const { rows } = await pool.query(
        'INSERT INTO books (title, author_id, isbn, year) VALUES ($1, $2, $3, $4) RETURNING *',
        [title, authorId, isbn, year],
      );
      return rows[0];
    },
  },
  Book: {
    author: (book, _, { loaders }) => loaders.author.load(book.author_id),
    coverUrl: (book) => coverUrlFor(book.isbn),
  },
  Author: {
    books: (author, _, { loaders }) => loaders.booksByAuthor.load(author.id),
  },
};

module.exports = resolvers;
