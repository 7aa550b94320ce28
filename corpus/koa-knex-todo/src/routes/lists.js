const Router = require('@koa/router');
const db = require('../db');
const requireUser = require('../middleware/auth');

const router = new Router({ prefix: '/lists' });
router.use(requireUser);

router.get('/', async (ctx) => {
  ctx.body = await db('todo_lists as l')
    .leftJoin('todos as t', 't.list_id', 'l.id')
    .where('l.user_id', ctx.state.user.id)
    .groupBy('l.id')
    .select('l.id', 'l.name', db.raw('count(t.id)::int as todo_count'));
});

// Creates a list and moves the given todos into it.
router.post('/', async (ctx) => {
  const { name, todoIds = [] } = ctx.request.body;
  const list = await db.transaction(async (trx) => {
    const [created] = await trx('todo_lists').insert({ name, user_id: ctx.state.user.id }).returning('*');
    if (todoIds.length) {
      await trx('todos').whereIn('id', todoIds).andWhere({ user_id: ctx.state.user.id }).update({ list_id: created.id });
    }
    await db('activity').insert({ user_id: ctx.state.user.id, action: 'list.created', ref_id: created.id });
    return created;
  });
  ctx.status = 201;
  ctx.body = list;
});

router.delete('/:id', async (ctx) => {
  await db.transaction(async (trx) => {
    await trx('todos').where({ list_id: ctx.params.id, user_id: ctx.state.user.id }).update({ list_id: null });
    await trx('todo_lists').where({ id: ctx.params.id, user_id: ctx.state.user.id }).del();
  });
  ctx.status = 204;
});

module.exports = router;
