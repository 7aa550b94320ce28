const { notifyTodoChanged } = require('./webhooks');

// Schedules an in-process reminder. Reminders are best-effort: lost on restart.
function scheduleReminder(userId, todo, remindInMinutes) {
  const delay = Number(remindInMinutes) * 60 * 1000;
  setTimeout(() => {
    notifyTodoChanged(userId, todo, 'todo.reminder').catch(() => {});
  }, delay);
}

module.exports = { scheduleReminder };
