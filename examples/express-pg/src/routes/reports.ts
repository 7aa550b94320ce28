// Admin dashboard reports. The first file the team moved to TypeScript (ESM syntax, run through tsx).
import { Router, type Request, type Response, type NextFunction } from 'express';
import { Client } from 'pg';
import { requireAdmin } from '../middleware/auth.js';
import { getRate } from '../services/currency.js';
import { listPayouts } from '../services/payments.js';

interface DailySales {
  day: string;
  total_cents: string;
  orders: string;
}

export const reportsRouter = Router();

reportsRouter.use(requireAdmin);

reportsRouter.get('/sales', async (req: Request, res: Response, next: NextFunction) => {
  const currency = String(req.query.currency ?? 'USD');
  // Reports run on the read replica so their long queries never hold a slot in the main pool.
  const replica = new Client({ connectionString: process.env.REPLICA_DATABASE_URL }); // expect: no-client-per-request, require-query-timeout
  try {
    await replica.connect();
    const { rows } = await replica.query<DailySales>(
      `SELECT date_trunc('day', created_at) AS day, sum(total_cents) AS total_cents, count(*) AS orders
         FROM orders WHERE created_at > now() - interval '30 days' GROUP BY 1 ORDER BY 1`,
    );
    const rate = await getRate('USD', currency);
    res.json(rows.map((r) => ({ day: r.day, orders: Number(r.orders), total: (Number(r.total_cents) / 100) * rate })));
  } catch (err) {
    next(err);
  } finally {
    await replica.end();
  }
});

reportsRouter.get('/payouts', async (req: Request, res: Response, next: NextFunction) => {
  try {
    const since = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    res.json(await listPayouts(since));
  } catch (err) {
    next(err);
  }
});
