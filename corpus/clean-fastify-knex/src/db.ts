import knex from 'knex';

export const db = knex({
  client: 'mysql2',
  connection: {
    uri: process.env.DATABASE_URL ?? 'mysql://bookings:bookings@localhost:3306/bookings',
    connectTimeout: 5_000,
  },
  pool: { min: 0, max: 25 },
  acquireConnectionTimeout: 5_000,
});
