// Small builders for capacity inventories, so estimate tests read as data: a pool, a route, an inventory.
import type { Inventory, InventoryResource, InventoryRoute } from '../../server/src/capacity/inventory';

export function pgPool(overrides: Partial<InventoryResource> = {}): InventoryResource {
  return {
    id: 'db',
    kind: 'db-pool',
    library: 'pg',
    libraryVersion: '8.13.1',
    file: 'src/db.js',
    line: 3,
    size: 10,
    sizeSource: { source: 'library-default', library: 'pg', version: '8.13.1', detail: 'max defaults to 10' },
    acquireTimeoutMs: 0,
    acquireTimeoutSource: { source: 'library-default', library: 'pg', version: '8.13.1', detail: 'connectionTimeoutMillis 0 = wait forever' },
    holds: 'request',
    usesPerRequest: 1,
    ...overrides,
  };
}

export function route(method: string, path: string, uses: InventoryRoute['uses'], line = 10): InventoryRoute {
  return { method, path, file: 'src/routes.js', line, uses };
}

export function inventory(resources: InventoryResource[], routes: InventoryRoute[] = [], extra: Partial<Inventory> = {}): Inventory {
  return { resources, routes, ...extra };
}
