import type { Knex } from 'knex';

export async function seed(knex: Knex): Promise<void> {
  await knex('room_types').del();
  await knex('room_types').insert([
    { hotel_id: 1, name: 'Single', price_cents: 8900, free_rooms: 10 },
    { hotel_id: 1, name: 'Double', price_cents: 12900, free_rooms: 20 },
  ]);
  const all = await knex('room_types').select();
  console.log(`${all.length} room types`);
}
