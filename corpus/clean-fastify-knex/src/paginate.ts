import type { Knex } from 'knex';

export const PAGE_SIZE = 20;

/** `.modify(paginate, page)`: one page of PAGE_SIZE rows. */
export function paginate(query: Knex.QueryBuilder, page: number): void {
  query.limit(PAGE_SIZE).offset((Math.max(page, 1) - 1) * PAGE_SIZE);
}
