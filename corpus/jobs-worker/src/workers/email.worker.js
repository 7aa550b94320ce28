const { Worker } = require('bullmq');
const nodemailer = require('nodemailer');
const { connection } = require('../queues');
const { smtp } = require('../config');
const pool = require('../db');
const log = require('../logger');

const transporter = nodemailer.createTransport({ host: smtp.host, port: smtp.port, pool: true, maxConnections: 5 });

function startEmailWorker() {
  const worker = new Worker(
    'email',
    async (job) => {
      const { userId, template, data } = job.data;
      const { rows } = await pool.query('SELECT email, locale FROM users WHERE id = $1', [userId]);
      if (!rows.length) return { skipped: true };
      await transporter.sendMail({
        from: 'no-reply@example.com',
        to: rows[0].email,
        subject: data.subject || template,
        text: data.text,
      });
      return { sent: true };
    },
    { connection, concurrency: 5 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job && job.id, err }, 'email job failed'));
  return worker;
}

module.exports = { startEmailWorker };
