import { LRUCache } from 'lru-cache';

// Category pages are read far more often than they change.
export const categoryCache = new LRUCache<string, unknown>({
  max: 500,
  ttl: 1000 * 60 * 5,
});
