import { Pool } from 'undici';
import { LRUCache } from 'lru-cache';

// Keep-alive connection pool to the channel manager, with deadlines on every call.
const channelManager = new Pool(process.env.CHANNEL_MANAGER_URL ?? 'http://channel-manager.internal:8080', {
  connections: 32,
  headersTimeout: 3_000,
  bodyTimeout: 3_000,
});

const cache = new LRUCache<string, AvailabilityDay[]>({ max: 5_000, ttl: 30_000 });

export interface AvailabilityDay {
  date: string;
  free: number;
}

export async function availability(roomTypeId: number, month: string): Promise<AvailabilityDay[]> {
  const key = `${roomTypeId}:${month}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { statusCode, body } = await channelManager.request({
    method: 'GET',
    path: `/room-types/${roomTypeId}/availability?month=${month}`,
  });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`channel manager answered ${statusCode}`);
  }
  const days = (await body.json()) as AvailabilityDay[];
  cache.set(key, days);
  return days;
}

export async function close(): Promise<void> {
  await channelManager.close();
}
