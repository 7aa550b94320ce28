const Router = require('@koa/router');
const db = require('../db');
const requireUser = require('../middleware/auth');
const { notifyTodoChanged } = require('../services/webhooks');
const { scheduleReminder } = require('../services/reminders');

const router = new Router({ prefix: '/todos' });
router.use(requireUser);

const PER_PAGE = 25;

router.get('/', async (ctx) => {
  const page = Math.max(1, parseInt(ctx.query.page, 10) || 1);
  const query = db('todos')
    .where({ user_id: ctx.state.user.id })
    .orderBy('created_at', 'desc')
    .limit(PER_PAGE)
    .offset((page - 1) * PER_PAGE);
  if (ctx.query.done !== undefined) query.andWhere('done', ctx.query.done === 'true');
  ctx.body = await query;
});

// Everything due today or overdue, for the "Today" view.
router.get('/due', async (ctx) => {
  ctx.body = await db('todos')
    .where({ user_id: ctx.state.user.id, done: false })
    .andWhere('due_at', '<=', db.raw("date_trunc('day', now()) + interval '1 day'"))
    .orderBy('due_at');
});

router.get('/:id', async (ctx) => {
  const todo = await db('todos').where({ id: ctx.params.id, user_id: ctx.state.user.id }).first();
  if (!todo) ctx.throw(404);
  ctx.body = todo;
});

router.post('/', async (ctx) => {
  const { title, list_id, due_at, remind_in_minutes } = ctx.request.body;
  const [todo] = await db('todos')
    .insert({ title, list_id, due_at, user_id: ctx.state.user.id })
    .returning('*');
  if (remind_in_minutes) scheduleReminder(ctx.state.user.id, todo, remind_in_minutes);
  ctx.status = 201;
  ctx.body = todo;
});

router.patch('/:id', async (ctx) => {
  const [todo] = await db('todos')
    .where({ id: ctx.params.id, user_id: ctx.state.user.id })
    .update({ ...ctx.request.body, updated_at: db.fn.now() })
    .returning('*');
  if (!todo) ctx.throw(404);
  await notifyTodoChanged(ctx.state.user.id, todo, 'todo.updated');
  ctx.body = todo;
});

router.post('/complete', async (ctx) => {
  const ids = (ctx.request.body.ids || []).slice(0, 100);
  const count = await db('todos').whereIn('id', ids).andWhere({ user_id: ctx.state.user.id }).update({ done: true });
  ctx.body = { completed: count };
});

router.delete('/:id', async (ctx) => {
  await db('todos').where({ id: ctx.params.id, user_id: ctx.state.user.id }).del();
  ctx.status = 204;
});

module.exports = router;
