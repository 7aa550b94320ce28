// Transactional email: renders a template and hands it to the internal mail service.
const fs = require('fs');
const path = require('path');
const http = require('../lib/http');

const TEMPLATES = path.join(__dirname, '..', '..', 'templates');
const layout = fs.readFileSync(path.join(TEMPLATES, 'layout.html'), 'utf8'); // ok: module top level, read once when the app loads

function render(name, locale, vars) {
  const file = path.join(TEMPLATES, locale, `${name}.html`);
  const body = fs.readFileSync(file, 'utf8'); // expect: no-sync-in-request-path
  const html = layout.replace('{{body}}', body);
  return html.replace(/\{\{(\w+)\}\}/g, (_, key) => String(vars[key] ?? ''));
}

async function sendWelcomeEmail({ email, name, locale = 'en' }) {
  const html = render('welcome', locale, { name });
  await http.post('/mail/send', { to: email, subject: 'Welcome to the shop!', html }); // ok: the shared instance has a 5 s timeout
}

async function sendOrderConfirmation({ email, locale = 'en' }, order) {
  const html = render('order-confirmation', locale, { orderId: order.id, total: (order.totalCents / 100).toFixed(2) });
  await http.post('/mail/send', { to: email, subject: `Order #${order.id} confirmed`, html });
}

module.exports = { sendWelcomeEmail, sendOrderConfirmation };
