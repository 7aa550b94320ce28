import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('room_types', (t) => {
    t.increments('id');
    t.integer('hotel_id').notNullable().index();
    t.string('name').notNullable();
    t.integer('price_cents').notNullable();
    t.integer('free_rooms').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('bookings', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().index();
    t.integer('room_type_id').notNullable();
    t.date('check_in').notNullable();
    t.integer('nights').notNullable();
    t.integer('amount_cents').notNullable();
    t.string('status').notNullable();
    t.string('payment_id');
  });
  await knex.schema.createTable('booking_documents', (t) => {
    t.increments('id');
    t.integer('booking_id').notNullable();
    t.string('path').notNullable();
    t.string('name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('booking_documents');
  await knex.schema.dropTable('bookings');
  await knex.schema.dropTable('room_types');
}
