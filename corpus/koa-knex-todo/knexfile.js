// Update with your config settings.

/**
 * @type { Object.<string, import("knex").Knex.Config> }
 */
module.exports = {
  development: {
    client: 'pg',
    connection: process.env.DATABASE_URL || 'postgres://todo:todo@localhost:5432/todo',
    pool: { min: 2, max: 10 },
    migrations: { tableName: 'knex_migrations', directory: './migrations' },
    seeds: { directory: './seeds' },
  },

  test: {
    client: 'pg',
    connection: process.env.TEST_DATABASE_URL || 'postgres://todo:todo@localhost:5432/todo_test',
    migrations: { directory: './migrations' },
    seeds: { directory: './seeds' },
  },

  production: {
    client: 'pg',
    connection: process.env.DATABASE_URL,
    pool: {
      min: 2,
      max: 20,
    },
    acquireConnectionTimeout: 10000,
    migrations: { tableName: 'knex_migrations', directory: './migrations' },
  },
};
