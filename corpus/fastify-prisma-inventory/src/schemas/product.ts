import { z } from 'zod';

export const listQuery = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  take: z.coerce.number().int().min(1).max(100).default(25),
  q: z.string().max(100).optional(),
});

export const productBody = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  priceCents: z.number().int().nonnegative(),
  stock: z.number().int().nonnegative().default(0),
  categoryId: z.number().int().positive(),
});

export const stockUpdates = z.object({
  items: z.array(z.object({ sku: z.string(), stock: z.number().int().nonnegative() })),
});

export type ProductBody = z.infer<typeof productBody>;
