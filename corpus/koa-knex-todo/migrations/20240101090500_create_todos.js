exports.up = async function (knex) {
  await knex.schema.createTable('todo_lists', (table) => {
    table.increments('id');
    table.integer('user_id').references('users.id').onDelete('CASCADE');
    table.string('name').notNullable();
  });
  await knex.schema.createTable('todos', (table) => {
    table.increments('id');
    table.integer('user_id').references('users.id').onDelete('CASCADE').index();
    table.integer('list_id').references('todo_lists.id').onDelete('SET NULL');
    table.string('title').notNullable();
    table.boolean('done').defaultTo(false);
    table.timestamp('due_at');
    table.timestamps(true, true);
  });
  await knex.schema.createTable('webhooks', (table) => {
    table.increments('id');
    table.integer('user_id').references('users.id').onDelete('CASCADE');
    table.string('url').notNullable();
    table.boolean('active').defaultTo(true);
  });
  await knex.schema.createTable('activity', (table) => {
    table.bigIncrements('id');
    table.integer('user_id');
    table.string('action');
    table.integer('ref_id');
    table.timestamp('at').defaultTo(knex.fn.now());
  });
};

exports.down = async function (knex) {
  await knex.schema.dropTable('activity');
  await knex.schema.dropTable('webhooks');
  await knex.schema.dropTable('todos');
  await knex.schema.dropTable('todo_lists');
};
