exports.up = (pgm) => {
  pgm.createTable('users', {
    id: 'id',
    email: { type: 'text', notNull: true, unique: true },
    name: { type: 'text' },
    password_hash: { type: 'text', notNull: true },
    country: { type: 'text' },
  });
  pgm.createTable('articles', {
    id: 'id',
    author_id: { type: 'integer', references: 'users', onDelete: 'CASCADE' },
    title: { type: 'text', notNull: true },
    body: { type: 'text', notNull: true },
    revision: { type: 'integer', notNull: true, default: 1 },
    archived: { type: 'boolean', notNull: true, default: false },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.createTable('article_tags', {
    article_id: { type: 'integer', references: 'articles', onDelete: 'CASCADE', primaryKey: true },
    tag: { type: 'text', primaryKey: true },
  });
  pgm.createTable('attachments', {
    id: 'id',
    article_id: { type: 'integer', references: 'articles', onDelete: 'CASCADE' },
    name: 'text',
    size: 'integer',
    sha256: 'text',
    path: 'text',
  });
};
