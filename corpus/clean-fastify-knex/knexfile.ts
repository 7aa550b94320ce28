import type { Knex } from 'knex';

const config: Knex.Config = {
  client: 'mysql2',
  connection: process.env.DATABASE_URL ?? 'mysql://bookings:bookings@localhost:3306/bookings',
  migrations: { directory: './migrations', extension: 'ts' },
  seeds: { directory: './seeds', extension: 'ts' },
};

export default config;
