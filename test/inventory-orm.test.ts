// ORM pools in the capacity inventory: calls on Sequelize and mongoose models, TypeORM repositories
// and DataSources, Prisma delegates are attributed per route to the pool they run on (transactions
// hold a connection; calls inside one reuse it), and the pools get their effective sizes (a config
// module's literal, Nest module options, Prisma's per-CPU default). Small projects held in memory.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { collectFiles } from '../server/src/engine/files';
import { lintProject } from './helpers/rule-fixtures';

const virtualRoot = path.join(__dirname, 'fixtures', 'inventory', 'virtual-orm');

function engineFor(files: Record<string, string>): Engine {
  const engine = new Engine({ root: virtualRoot });
  for (const [name, text] of Object.entries(files)) engine.updateFile(path.join(virtualRoot, name), text);
  return engine;
}

/** A project in a temporary folder with a package.json on disk (versions are read from it), sources in memory. */
function withPackage(dependencies: Record<string, string>, files: Record<string, string>, check: (engine: Engine, dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orm-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies }));
    const engine = new Engine({ root: dir });
    for (const [name, text] of Object.entries(files)) engine.updateFile(path.join(dir, name), text);
    check(engine, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** "GET /x: pg query×2" per route: the library of each resource used. */
function routeUsesIn(engine: Engine): string[] {
  const { resources, routes } = engine.inventory();
  const library = (id: string) => resources.find((r) => r.id === id)?.library ?? id;
  return routes.filter((r) => r.method !== 'USE').map((r) => `${r.method} ${r.path}: ${r.uses.map((u) => `${library(u.resourceId)} ${u.kind}×${u.count}`).sort().join(', ')}`);
}

/** "GET /x: db.js:4 query×2" per route, uses sorted. */
function routeUses(engine: Engine): string[] {
  const { routes } = engine.inventory();
  const short = (id: string) => `${path.relative(virtualRoot, id.split(':')[0]!)}:${id.split(':')[1]}`;
  return routes
    .filter((r) => r.method !== 'USE')
    .map((r) => `${r.method} ${r.path}: ${r.uses.map((u) => `${short(u.resourceId)} ${u.kind}×${u.count}`).sort().join(', ')}`);
}

const SEQUELIZE = {
  'app/config/db.config.js': "module.exports = {\n  HOST: process.env.DB_HOST || 'localhost',\n  dialect: 'mysql',\n  pool: { max: 5, min: 0, acquire: 30000 },\n};",
  'app/models/index.js': [
    "const dbConfig = require('../config/db.config.js');",
    "const Sequelize = require('sequelize');",
    'const sequelize = new Sequelize(dbConfig.DB, dbConfig.USER, dbConfig.PASSWORD, {',
    '  dialect: dbConfig.dialect,',
    '  pool: { max: dbConfig.pool.max, acquire: dbConfig.pool.acquire },',
    '});',
    'const db = {};',
    'db.sequelize = sequelize;',
    "db.tutorials = require('./tutorial.model.js')(sequelize, Sequelize);",
    'module.exports = db;',
  ].join('\n'),
  'app/models/tutorial.model.js': "module.exports = (sequelize, Sequelize) => sequelize.define('tutorial', { title: Sequelize.STRING });",
  'app/controllers/tutorials.js': [
    "const db = require('../models');",
    'const Tutorial = db.tutorials;',
    'exports.list = (req, res) => {',
    '  Tutorial.findAll({ limit: 20 }).then((rows) => res.send(rows)).catch((e) => res.status(500).send(e.message));',
    '};',
    'exports.count = async (req, res) => res.send({ n: await db.tutorials.count() });',
    'exports.comment = async (req, res) => {',
    '  await db.sequelize.transaction(async (t) => {',
    '    const row = await Tutorial.findByPk(req.params.id, { transaction: t });',
    '    await Tutorial.increment("commentCount", { where: { id: row.id } });',
    '  });',
    '  res.sendStatus(201);',
    '};',
    '// Not a query: a plain helper named like a model method, and a global.',
    'exports.max = (req, res) => res.send({ n: Math.max(1, 2) });',
  ].join('\n'),
  'server.js': [
    "const express = require('express');",
    "const tutorials = require('./app/controllers/tutorials');",
    'const app = express();',
    "app.get('/tutorials', tutorials.list);",
    "app.get('/tutorials/count', tutorials.count);",
    "app.post('/tutorials/:id/comments', tutorials.comment);",
    "app.get('/max', tutorials.max);",
    'app.listen(3000);',
  ].join('\n'),
};

test('Sequelize: model calls through a models index count per route; the size and dialect come from the config module', () => {
  const engine = engineFor(SEQUELIZE);
  const [pool] = engine.inventory().resources;
  assert.deepEqual([pool?.library, pool?.size, pool?.sizeSource, pool?.database?.kind], ['sequelize', 5, 'code', 'mysql']);
  assert.match(pool!.sizeNote, /db\.config\.js:4, read by index\.js:3/);
  assert.deepEqual(routeUses(engine), [
    'GET /tutorials: app/models/index.js:3 query×1',
    'GET /tutorials/count: app/models/index.js:3 query×1',
    // The transaction holds one connection; findByPk runs on it, increment asks for another.
    'POST /tutorials/:id/comments: app/models/index.js:3 query×1, app/models/index.js:3 transaction×1',
    'GET /max: ',
  ]);
  // The pool is judged against MySQL's 151, not PostgreSQL's 97.
  const estimate = engine.estimateCapacity();
  assert.deepEqual(estimate.checks.fleetBudgets.map((b) => [b.database, b.available]), [['mysql', 151]]);
  assert.equal(estimate.resources[0]?.modelled, true);
});

test('Sequelize look-alikes: a project class with a model-like method, and two Sequelize instances, get no ORM attribution', () => {
  const engine = engineFor({
    'db.js': "const { Sequelize } = require('sequelize');\nmodule.exports = new Sequelize('postgres://app@db/app');",
    'services/UserService.js': 'class UserService {\n  static create(data) { return { ...data }; }\n}\nmodule.exports = UserService;',
    'routes.js': [
      "const express = require('express');",
      "const UserService = require('./services/UserService');",
      'const router = express.Router();',
      "router.post('/users', (req, res) => res.json(UserService.create(req.body)));",
      'module.exports = router;',
    ].join('\n'),
  });
  assert.deepEqual(routeUses(engine), ['POST /users: ']);
  const two = engineFor({
    'db.js': "const { Sequelize } = require('sequelize');\nexports.main = new Sequelize('postgres://app@db/app');\nexports.reports = new Sequelize('postgres://app@db2/reports');",
    'routes.js': [
      "const express = require('express');",
      "const { User } = require('./models');",
      'const router = express.Router();',
      "router.get('/users', async (req, res) => res.json(await User.findAll({ limit: 10 })));",
      'module.exports = router;',
    ].join('\n'),
  });
  assert.deepEqual(routeUses(two), ['GET /users: ']);
});

const PRISMA = {
  'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();",
  'src/plugins/prisma.ts': [
    "import fp from 'fastify-plugin';",
    "import { prisma } from '../lib/prisma.js';",
    "export default fp(async (fastify) => { fastify.decorate('prisma', prisma); });",
  ].join('\n'),
  'src/routes/orders.ts': [
    "import type { FastifyPluginAsync } from 'fastify';",
    'const orders: FastifyPluginAsync = async (fastify) => {',
    "  fastify.get('/orders', async () => fastify.prisma.order.findMany({ take: 20 }));",
    "  fastify.post('/orders', async (request) => fastify.prisma.$transaction(async (tx) => {",
    '    await tx.product.update({ where: { id: 1 }, data: { stock: { decrement: 1 } } });',
    '    return tx.order.create({ data: {} });',
    '  }));',
    "  fastify.get('/stats', async () => {",
    '    const [n, last] = await fastify.prisma.$transaction([fastify.prisma.order.count(), fastify.prisma.order.findFirst()]);',
    '    return { n, last };',
    '  });',
    '};',
    'export default orders;',
  ].join('\n'),
  'src/app.ts': "import Fastify from 'fastify';\nimport prismaPlugin from './plugins/prisma.js';\nimport orders from './routes/orders.js';\nconst app = Fastify();\napp.register(prismaPlugin);\napp.register(orders);\napp.listen({ port: 3000 });",
};

test('Prisma: delegates on a decorated client count; a transaction holds one connection and what runs in it reuses it', () => {
  const engine = engineFor(PRISMA);
  assert.deepEqual(routeUses(engine), [
    'GET /orders: src/lib/prisma.ts:2 query×1',
    'POST /orders: src/lib/prisma.ts:2 transaction×1',
    'GET /stats: src/lib/prisma.ts:2 transaction×1',
  ]);
});

test('Prisma ≤ 6: the default connection_limit is CPUs × 2 + 1 with workload.cpus; a literal URL sets it', () => {
  withPackage({ '@prisma/client': '^5.10.2' }, PRISMA, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.sizePerCpu], [undefined, 'library-default', { perCpu: 2, plus: 1 }]);
    assert.match(pool!.sizeNote, /connection_limit = physical CPUs × 2 \+ 1, counted with workload\.cpus.*@prisma\/client \^5\.10\.2 from package\.json/);
    const assumed = engine.estimateCapacity();
    assert.equal(assumed.resources[0]?.size, 5);
    assert.match(JSON.stringify(assumed.resources[0]?.sizeSource), /2 × 2 CPUs \+ 1 = 5; CPUs from default: assumed/);
    const four = engine.estimateCapacity([{ input: { cpus: 4 }, provenance: { source: 'config', detail: 'command line' } }]);
    assert.equal(four.resources[0]?.size, 9);
  });
  const literal = engineFor({ ...PRISMA, 'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@db:5432/app?connection_limit=12&pool_timeout=5' });" });
  const [sized] = literal.inventory().resources;
  assert.deepEqual([sized?.size, sized?.sizeSource, sized?.acquireTimeoutMs, sized?.database], [12, 'code', 5000, { kind: 'postgresql', target: 'url:db:5432' }]);
});

test('Prisma 7: the pool is the driver adapter\'s, not sized per CPU (and not judged without its size)', () => {
  withPackage({ '@prisma/client': '^7.0.0' }, PRISMA, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.sizePerCpu], [undefined, 'unknown', undefined]);
    assert.match(pool!.sizeNote, /driver adapter's pool/);
  });
});

/** The PRISMA project with its client made by `lib` (src/lib/prisma.ts). */
const prismaWith = (...lib: string[]): Record<string, string> => ({ ...PRISMA, 'src/lib/prisma.ts': lib.join('\n') });
const PRISMA_7 = { '@prisma/client': '^7.0.0', '@prisma/adapter-pg': '^7.0.0', '@prisma/adapter-mariadb': '^7.0.0', pg: '^8.16.0' };

test('Prisma 7 + pg adapter: the adapter\'s options size the pool and bound the wait; the URL parameters no longer apply', () => {
  const lib = [
    "import { PrismaClient } from '@prisma/client';",
    "import { PrismaPg } from '@prisma/adapter-pg';",
    'const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5000 });',
    'export const prisma = new PrismaClient({ adapter });',
  ];
  withPackage(PRISMA_7, prismaWith(...lib), (engine) => {
    const [pool, ...others] = engine.inventory().resources;
    assert.equal(others.length, 0);
    assert.deepEqual([pool?.library, pool?.adapter, pool?.size, pool?.sizeSource, pool?.sizePerCpu, pool?.acquireTimeoutMs, pool?.acquireTimeoutSource], ['prisma', '@prisma/adapter-pg', 20, 'code', undefined, 5000, 'code']);
    assert.deepEqual(pool?.database, { kind: 'postgresql', target: 'env:DATABASE_URL' });
    assert.match(pool!.sizeNote, /set in code \(prisma\.ts:4\)/);
  });
  // Without max and connectionTimeoutMillis: the pg Pool's defaults, for the adapter's version, said so.
  const bare = prismaWith(lib[0]!, lib[1]!, 'export const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });');
  withPackage(PRISMA_7, bare, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.acquireTimeoutMs, pool?.acquireTimeoutSource], [10, 'library-default', 0, 'library-default']);
    assert.match(pool!.sizeNote, /@prisma\/adapter-pg default max 10 .*@prisma\/adapter-pg \^7\.0\.0 from package\.json/);
    assert.match(pool!.acquireTimeoutNote!, /connectionTimeoutMillis 0 = wait forever.*@prisma\/adapter-pg \^7\.0\.0 from package\.json/);
    const estimate = engine.estimateCapacity();
    assert.equal(estimate.resources[0]?.size, 10);
  });
  // Prisma 6 with the driverAdapters preview runs on the adapter's pool as well: not CPUs × 2 + 1.
  withPackage({ ...PRISMA_7, '@prisma/client': '^6.16.0', '@prisma/adapter-pg': '^6.16.0' }, bare, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.sizePerCpu, pool?.acquireTimeoutMs], [10, 'library-default', undefined, 0]);
    assert.match(pool!.sizeNote, /@prisma\/adapter-pg \^6\.16\.0 from package\.json/);
  });
  // A connection string alone: the defaults too. A datasource URL's connection_limit in schema.prisma does not apply.
  withPackage(PRISMA_7, prismaWith(lib[0]!, lib[1]!, 'export const prisma = new PrismaClient({ adapter: new PrismaPg(process.env.DATABASE_URL!) });'), (engine, dir) => {
    fs.mkdirSync(path.join(dir, 'prisma'));
    fs.writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://app@db:5432/app?connection_limit=15"\n}\n');
    engine.invalidatePackageInfo();
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.acquireTimeoutMs], [10, 'library-default', 0]);
  });
});

test('Prisma + adapter on a pool the code made: one pool (the pg Pool), which the client\'s uses count on', () => {
  const inline = prismaWith(
    "import { PrismaClient } from '@prisma/client';",
    "import { PrismaPg } from '@prisma/adapter-pg';",
    "import pg from 'pg';",
    'export const prisma = new PrismaClient({ adapter: new PrismaPg(new pg.Pool({ max: 30, connectionTimeoutMillis: 3000 })) });',
  );
  withPackage(PRISMA_7, inline, (engine) => {
    const { resources } = engine.inventory();
    assert.deepEqual(resources.map((r) => [r.library, r.size, r.acquireTimeoutMs]), [['pg', 30, 3000]]);
    assert.deepEqual(routeUsesIn(engine), ['GET /orders: pg query×1', 'POST /orders: pg transaction×1', 'GET /stats: pg transaction×1']);
  });
  // The pool made in another file and imported; the raw pool used beside Prisma counts on the same pool.
  const imported = {
    ...prismaWith(
      "import { PrismaClient } from '@prisma/client';",
      "import { PrismaPg } from '@prisma/adapter-pg';",
      "import { pool } from '../db/pool.js';",
      'const adapter = new PrismaPg(pool);',
      'export const prisma = new PrismaClient({ adapter });',
    ),
    'src/db/pool.ts': "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 12 });",
  };
  withPackage(PRISMA_7, imported, (engine) => {
    const { resources } = engine.inventory();
    assert.deepEqual(resources.map((r) => [r.library, r.size, path.basename(r.file)]), [['pg', 12, 'pool.ts']]);
    assert.deepEqual(routeUsesIn(engine), ['GET /orders: pg query×1', 'POST /orders: pg transaction×1', 'GET /stats: pg transaction×1']);
  });
});

test('Prisma + adapter options through a variable or a config module; the mariadb adapter with its own defaults', () => {
  const viaVariable = prismaWith(
    "import { PrismaClient } from '@prisma/client';",
    "import { PrismaPg } from '@prisma/adapter-pg';",
    "import { config } from '../config.js';",
    'const poolConfig = { connectionString: config.databaseUrl, max: config.db.poolMax, connectionTimeoutMillis: config.db.acquireMs };',
    'export const prisma = new PrismaClient({ adapter: new PrismaPg(poolConfig) });',
  );
  const config = "export const config = {\n  databaseUrl: process.env.DATABASE_URL,\n  db: { poolMax: 25, acquireMs: 4000 },\n};";
  withPackage(PRISMA_7, { ...viaVariable, 'src/config.ts': config }, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.acquireTimeoutMs, pool?.acquireTimeoutSource], [25, 'code', 4000, 'code']);
    assert.match(pool!.sizeNote, /config\.ts:3, read by prisma\.ts:5/);
  });
  // The whole options object from the config module.
  const whole = prismaWith(
    "import { PrismaClient } from '@prisma/client';",
    "import { PrismaPg } from '@prisma/adapter-pg';",
    "import { config } from '../config.js';",
    'export const prisma = new PrismaClient({ adapter: new PrismaPg(config.db) });',
  );
  withPackage(PRISMA_7, { ...whole, 'src/config.ts': "export const config = { db: { connectionString: process.env.DATABASE_URL, max: 40 } };" }, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.library, pool?.size, pool?.sizeSource], ['prisma', 40, 'code']);
  });
  const mariadb = prismaWith(
    "import { PrismaClient } from '@prisma/client';",
    "import { PrismaMariaDb } from '@prisma/adapter-mariadb';",
    "const adapter = new PrismaMariaDb({ host: 'mysql.internal', user: 'app', connectionLimit: 8 });",
    'export const prisma = new PrismaClient({ adapter });',
  );
  withPackage(PRISMA_7, mariadb, (engine) => {
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.adapter, pool?.size, pool?.sizeSource, pool?.acquireTimeoutMs, pool?.acquireTimeoutSource, pool?.database], ['@prisma/adapter-mariadb', 8, 'code', 10000, 'library-default', { kind: 'mysql', target: 'host:mysql.internal' }]);
    assert.match(pool!.acquireTimeoutNote!, /acquireTimeout 10 s .*@prisma\/adapter-mariadb \^7\.0\.0 from package\.json/);
  });
});

const NEST = {
  'src/app.module.ts': [
    "import { Module } from '@nestjs/common';",
    "import { TypeOrmModule } from '@nestjs/typeorm';",
    "import { OrdersModule } from './orders/orders.module';",
    '@Module({',
    '  imports: [',
    '    TypeOrmModule.forRootAsync({',
    "      useFactory: () => ({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 20 } }),",
    '    }),',
    '    OrdersModule,',
    '  ],',
    '})',
    'export class AppModule {}',
  ].join('\n'),
  // The DataSource the migration CLI uses: not the pool the injected repositories run on.
  'src/database/data-source.ts': "import { DataSource } from 'typeorm';\nexport default new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });",
  'src/orders/orders.service.ts': [
    "import { Injectable } from '@nestjs/common';",
    "import { InjectRepository } from '@nestjs/typeorm';",
    "import { DataSource, Repository } from 'typeorm';",
    "import { Order } from './order.entity';",
    '@Injectable()',
    'export class OrdersService {',
    '  constructor(private readonly dataSource: DataSource, @InjectRepository(Order) private readonly orders: Repository<Order>) {}',
    '  create(userId: number) {',
    '    const draft = this.orders.create({ userId });',
    '    return this.dataSource.transaction((manager) => manager.save(draft));',
    '  }',
    '  search(term: string) {',
    "    return this.orders.createQueryBuilder('o').where('o.note ILIKE :term', { term }).take(25).getMany();",
    '  }',
    '}',
  ].join('\n'),
  'src/orders/orders.controller.ts': [
    "import { Controller, Get, Post, Query } from '@nestjs/common';",
    "import { OrdersService } from './orders.service';",
    "@Controller('orders')",
    'export class OrdersController {',
    '  constructor(private readonly orders: OrdersService) {}',
    '  @Post()',
    '  create() { return this.orders.create(1); }',
    '  @Get()',
    "  search(@Query('q') q: string) { return this.orders.search(q); }",
    '}',
  ].join('\n'),
};

test('TypeORM in NestJS: injected repositories and the DataSource run on the TypeOrmModule pool (extra.max), not the CLI DataSource', () => {
  const engine = engineFor(NEST);
  const resources = engine.inventory().resources.map((r) => [path.relative(virtualRoot, r.file), r.size, r.sizeSource, r.database?.kind, r.database?.target]);
  assert.deepEqual(resources, [
    ['src/app.module.ts', 20, 'code', 'postgresql', 'env:DATABASE_URL'],
    ['src/database/data-source.ts', 10, 'library-default', 'postgresql', 'env:DATABASE_URL'],
  ]);
  // repository.create() builds an entity in memory: no query.
  assert.deepEqual(routeUses(engine), ['POST /orders: src/app.module.ts:6 transaction×1', 'GET /orders: src/app.module.ts:6 query×1']);
});

test('TypeORM in NestJS: the CLI data source nothing imports is a migration pool, counted once in the budget', () => {
  const estimate = engineFor(NEST).estimateCapacity([{ input: { instances: 4 }, provenance: { source: 'config' } }]);
  const cli = estimate.resources.find((r) => r.file === 'src/database/data-source.ts');
  assert.deepEqual([cli?.modelled, cli?.usersSupported], [false, null]);
  assert.match(cli!.notes.join(' '), /one-off migration runs \(no application file imports data-source\.ts and no route reaches its pool/);
  const [budget] = estimate.checks.fleetBudgets;
  // Σ web pools × instances + Σ migration pools × 1 = 20 × 4 + 10.
  assert.deepEqual([budget?.connectionsPerInstance, budget?.instances, budget?.migrationConnections, budget?.fleetConnections], [20, 4, 10, 90]);
  assert.match(estimate.derivations['check:fleetBudget']!.formula, /Σ web pool max × instances \+ Σ migration pool max × 1/);
});

// A NestJS app whose package.json script hands src/database/data-source.ts to the TypeORM CLI
// (test/fixtures/inventory/nest-typeorm-cli): 5 replicas × 18 + one migration run × 10 = 100 > 97.
const NEST_CLI_ROOT = path.join(__dirname, 'fixtures', 'inventory', 'nest-typeorm-cli');

test('TypeORM CLI data source handed over by a package.json script: once in the budget, no pool finding on it', () => {
  const results = lintProject(NEST_CLI_ROOT);
  const pools = results.flatMap((r) => r.findings.filter((f) => ['pool-within-database-limit', 'pool-size-for-workload', 'require-pool-acquire-timeout'].includes(f.ruleId)).map((f) => [path.relative(NEST_CLI_ROOT, r.file), f.ruleId]));
  assert.deepEqual(pools, [['src/app.module.ts', 'pool-within-database-limit']]);
  const finding = results.flatMap((r) => r.findings).find((f) => f.ruleId === 'pool-within-database-limit');
  assert.match(finding!.message, /up to 100 connections to PostgreSQL \(18 per process × 5 processes \+ 10 for a migration run\), more than the 97/);

  const engine = new Engine({ root: NEST_CLI_ROOT });
  for (const file of collectFiles([NEST_CLI_ROOT], { root: NEST_CLI_ROOT })) engine.loadFile(file);
  const cli = engine.inventory().resources.find((r) => r.file.endsWith('data-source.ts'));
  assert.equal(cli?.migration, 'package.json script typeorm: typeorm-ts-node-commonjs -d src/database/data-source.ts');
  const [budget] = engine.estimateCapacity([{ input: { instances: 5 }, provenance: { source: 'config' } }]).checks.fleetBudgets;
  assert.deepEqual([budget?.connectionsPerInstance, budget?.migrationConnections, budget?.fleetConnections, budget?.fits], [18, 10, 100, false]);
});

test('a TypeORM data source the app imports and its routes use stays a serving pool, × instances', () => {
  const engine = engineFor({
    'src/data-source.ts': "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 15 } });",
    'src/index.ts': [
      "import express from 'express';",
      "import { AppDataSource } from './data-source';",
      'const app = express();',
      "app.get('/users', async (req, res) => res.json(await AppDataSource.query('SELECT id FROM users LIMIT 20')));",
      'AppDataSource.initialize().then(() => app.listen(3000));',
    ].join('\n'),
  });
  assert.deepEqual(engine.inventory().resources.map((r) => [path.relative(virtualRoot, r.file), r.migration]), [['src/data-source.ts', undefined]]);
  const [budget] = engine.estimateCapacity([{ input: { instances: 3 }, provenance: { source: 'config' } }]).checks.fleetBudgets;
  assert.deepEqual([budget?.connectionsPerInstance, budget?.migrationConnections, budget?.fleetConnections], [15, 0, 45]);
});

test('knexfile: the pool the knex CLI opens for migrations counts once, from the production environment', () => {
  const engine = engineFor({
    'knexfile.js': [
      'module.exports = {',
      "  development: { client: 'pg', connection: 'postgres://localhost/todo', pool: { max: 5 } },",
      "  production: { client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 2, max: 20 } },",
      '};',
    ].join('\n'),
    'src/db.js': "const knex = require('knex');\nmodule.exports = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: 15 } });",
    'src/app.js': [
      "const express = require('express');",
      "const db = require('./db');",
      'const app = express();',
      "app.get('/todos', async (req, res) => res.json(await db('todos').select('id').limit(20)));",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(engine.inventory().resources.map((r) => [path.relative(virtualRoot, r.file), r.size, r.migration]), [
    ['src/db.js', 15, undefined],
    ['knexfile.js', 20, "the knex CLI's configuration (its production environment): migrations run in a process of their own"],
  ]);
  const estimate = engine.estimateCapacity([{ input: { instances: 3 }, provenance: { source: 'config' } }]);
  // 15 × 3 serving processes + 20 for one migration run.
  assert.deepEqual(estimate.checks.fleetBudgets.map((b) => [b.connectionsPerInstance, b.migrationConnections, b.fleetConnections]), [[15, 20, 65]]);
  assert.equal(estimate.resources.find((r) => r.file === 'knexfile.js')?.modelled, false);
});

test('mongoose: the default connection made in a startup function is the pool; model queries count once per chain; a session holds none', () => {
  const engine = engineFor({
    'config/db.js': "const mongoose = require('mongoose');\nconst connectDB = async () => {\n  await mongoose.connect(process.env.MONGO_URI, { maxPoolSize: 20 });\n};\nmodule.exports = connectDB;",
    'models/Post.js': "const mongoose = require('mongoose');\nconst PostSchema = new mongoose.Schema({ title: String });\nmodule.exports = mongoose.model('Post', PostSchema);",
    'server.js': [
      "const express = require('express');",
      "const mongoose = require('mongoose');",
      "const connectDB = require('./config/db');",
      "const Post = require('./models/Post');",
      'connectDB();',
      'const app = express();',
      "app.get('/posts', async (req, res) => res.json(await Post.find().sort('-createdAt').limit(10)));",
      "app.post('/posts', async (req, res) => {",
      '  const session = await mongoose.startSession();',
      '  await session.withTransaction(async () => { await Post.create([req.body], { session }); });',
      '  res.sendStatus(201);',
      '});',
      'app.listen(3000);',
    ].join('\n'),
  });
  const [pool] = engine.inventory().resources;
  assert.deepEqual([pool?.library, pool?.size, pool?.perRequest, pool?.database], ['mongoose', 20, false, { kind: 'mongodb', target: 'env:MONGO_URI' }]);
  assert.deepEqual(routeUses(engine), ['GET /posts: config/db.js:3 query×1', 'POST /posts: config/db.js:3 query×1']);
  // MongoDB has no max_connections budget to sum pools against.
  assert.deepEqual(engine.estimateCapacity().checks.fleetBudgets, []);
});

test('fleet budgets: PostgreSQL and MySQL pools are summed against their own limits, and pools naming different servers separately', () => {
  const engine = engineFor({
    'db.js': [
      "const { Pool } = require('pg');",
      "const mysql = require('mysql2/promise');",
      'exports.pg = new Pool({ max: 60, connectionTimeoutMillis: 2000 });',
      'exports.legacy = mysql.createPool({ connectionLimit: 100 });',
    ].join('\n'),
  });
  const split = engine.estimateCapacity();
  assert.deepEqual(split.checks.fleetBudgets.map((b) => [b.label, b.fleetConnections, b.available, b.fits]), [['PostgreSQL', 60, 97, true], ['MySQL', 100, 151, true]]);
  assert.equal(split.checks.fleetBudget?.database, 'mysql');
  const servers = engineFor({
    'db.js': [
      "const { Pool } = require('pg');",
      'exports.main = new Pool({ connectionString: process.env.DATABASE_URL, max: 60 });',
      'exports.reports = new Pool({ connectionString: process.env.REPORTS_DATABASE_URL, max: 60 });',
    ].join('\n'),
  }).estimateCapacity();
  assert.deepEqual(servers.checks.fleetBudgets.map((b) => [b.label, b.fleetConnections, b.fits]), [
    ['PostgreSQL (the server in DATABASE_URL)', 60, true],
    ['PostgreSQL (the server in REPORTS_DATABASE_URL)', 60, true],
  ]);
  // A configured max_connections applies to every database.
  const configured = engine.estimateCapacity([{ input: { databaseMaxConnections: 80 }, provenance: { source: 'config' } }]);
  assert.deepEqual(configured.checks.fleetBudgets.map((b) => [b.database, b.maxConnections, b.fits]), [['postgresql', 80, true], ['mysql', 80, false]]);
});

test('Prisma: the database and server come from schema.prisma, and its literal url may set connection_limit', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orm-prisma-'));
  try {
    fs.mkdirSync(path.join(dir, 'prisma'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { '@prisma/client': '^6.1.0' } }));
    fs.writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "mysql"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id Int @id\n}\n');
    const engine = new Engine({ root: dir });
    for (const [name, text] of Object.entries(PRISMA)) engine.updateFile(path.join(dir, name), text);
    assert.deepEqual(engine.inventory().resources[0]?.database, { kind: 'mysql', target: 'env:DATABASE_URL' });
    assert.deepEqual(engine.estimateCapacity().checks.fleetBudgets.map((b) => [b.database, b.available]), [['mysql', 151]]);
    fs.writeFileSync(path.join(dir, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://app@db:5432/app?connection_limit=15"\n}\n');
    engine.invalidateSchemaFiles();
    const [pool] = engine.inventory().resources;
    assert.deepEqual([pool?.size, pool?.sizeSource, pool?.database], [15, 'code', { kind: 'postgresql', target: 'url:db:5432' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('knex: a transaction holds one connection; builders on its `trx` or given it with .transacting() reuse it', () => {
  const engine = engineFor({
    'src/db.js': "const knex = require('knex');\nmodule.exports = knex({ client: 'mysql2', connection: { host: 'db.internal' }, pool: { min: 2, max: 10 } });",
    'src/app.js': [
      "const express = require('express');",
      "const db = require('./db');",
      'const app = express();',
      "app.post('/lists', async (req, res) => {",
      '  await db.transaction(async (trx) => {',
      "    const [id] = await trx('lists').insert({ name: req.body.name });",
      "    await db('todos').insert({ list_id: id }).transacting(trx);",
      "    await db('audit').insert({ what: 'list' });",
      '  });',
      '  res.sendStatus(201);',
      '});',
      'app.listen(3000);',
    ].join('\n'),
  });
  const [pool] = engine.inventory().resources;
  assert.deepEqual([pool?.library, pool?.size, pool?.database], ['knex', 10, { kind: 'mysql', target: 'host:db.internal' }]);
  assert.deepEqual(routeUses(engine), ['POST /lists: src/db.js:2 query×1, src/db.js:2 transaction×1']);
});

test('Sequelize: the two branches of a sequelize-cli models/index.js are one pool', () => {
  const engine = engineFor({
    'models/index.js': [
      "const Sequelize = require('sequelize');",
      "const config = require('../config/config.json');",
      'const db = {};',
      'let sequelize;',
      'if (config.use_env_variable) {',
      '  sequelize = new Sequelize(process.env[config.use_env_variable], config);',
      '} else {',
      '  sequelize = new Sequelize(config.database, config.username, config.password, config);',
      '}',
      'db.sequelize = sequelize;',
      'module.exports = db;',
    ].join('\n'),
    'routes.js': [
      "const express = require('express');",
      "const { User } = require('./models');",
      'const router = express.Router();',
      "router.get('/users/:id', async (req, res) => res.json(await User.findByPk(req.params.id)));",
      'module.exports = router;',
    ].join('\n'),
  });
  assert.deepEqual(routeUses(engine), ['GET /users/:id: models/index.js:6 query×1']);
  const estimate = engine.estimateCapacity();
  assert.deepEqual(estimate.resources.map((r) => [r.line, r.modelled]), [[6, true]]);
  // One pool in the budget, not two (its options come from config.json, unread: estimated at 10).
  assert.equal(estimate.checks.fleetBudget?.fleetConnections, 10);
});

/** A NestJS app whose PrismaService extends PrismaClient (`service` is its class), injected into a controller. */
const nestPrisma = (...service: string[]): Record<string, string> => ({
  'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((app) => app.listen(3000));",
  'src/prisma.service.ts': service.join('\n'),
  'src/users.controller.ts': [
    "import { Controller, Get, Param, Post } from '@nestjs/common';",
    "import { PrismaService } from './prisma.service';",
    "@Controller('users')",
    'export class UsersController {',
    '  constructor(private readonly prisma: PrismaService) {}',
    "  @Get(':id')",
    "  one(@Param('id') id: string) { return this.prisma.user.findUnique({ where: { id: Number(id) } }); }",
    '  @Post()',
    '  make() { return this.prisma.$transaction(async (tx) => tx.user.create({ data: {} })); }',
    '}',
  ].join('\n'),
});

test('NestJS: a PrismaService extending PrismaClient is the pool (super\'s options, its adapter\'s, or none), and the injected service\'s calls run on it', () => {
  const header = ["import { Injectable } from '@nestjs/common';", "import { PrismaClient } from '@prisma/client';", "import { PrismaPg } from '@prisma/adapter-pg';", '@Injectable()'];
  const uses = ['GET /users/:id: prisma query×1', 'POST /users: prisma transaction×1'];
  // Prisma 7: the adapter handed to super(), in a variable: its max, and its (missing) timeout at its default.
  const adapter = nestPrisma(...header, 'export class PrismaService extends PrismaClient {', '  constructor() {', '    const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 15 });', '    super({ adapter });', '  }', '}');
  withPackage({ ...PRISMA_7, '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0' }, adapter, (engine) => {
    const { resources } = engine.inventory();
    assert.deepEqual(resources.map((r) => [r.library, r.name, path.basename(r.file), r.line, r.adapter, r.size, r.sizeSource, r.acquireTimeoutMs, r.acquireTimeoutSource]), [['prisma', 'PrismaService', 'prisma.service.ts', 5, '@prisma/adapter-pg', 15, 'code', 0, 'library-default']]);
    assert.deepEqual(routeUsesIn(engine), uses);
    assert.equal(engine.estimateCapacity().resources[0]?.size, 15);
  });
  // Prisma 5: super({ datasources }) with a literal URL sets connection_limit; without a constructor, CPUs × 2 + 1.
  const url = nestPrisma(...header, 'export class PrismaService extends PrismaClient {', "  constructor() { super({ datasources: { db: { url: 'postgresql://app@db:5432/app?connection_limit=7' } } }); }", '}');
  const bare = nestPrisma(...header, 'export class PrismaService extends PrismaClient implements OnModuleInit {', '  async onModuleInit() { await this.$connect(); }', '}');
  withPackage({ '@prisma/client': '^5.22.0', '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0' }, url, (engine) => {
    const [pool, ...others] = engine.inventory().resources;
    assert.deepEqual([others.length, pool?.size, pool?.sizeSource, pool?.database], [0, 7, 'code', { kind: 'postgresql', target: 'url:db:5432' }]);
    assert.deepEqual(routeUsesIn(engine), uses);
  });
  withPackage({ '@prisma/client': '^5.22.0', '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0' }, bare, (engine) => {
    const [pool, ...others] = engine.inventory().resources;
    assert.deepEqual([others.length, pool?.name, pool?.size, pool?.sizeSource, pool?.sizePerCpu], [0, 'PrismaService', undefined, 'library-default', { perCpu: 2, plus: 1 }]);
    assert.deepEqual(routeUsesIn(engine), uses);
    assert.equal(engine.estimateCapacity().resources[0]?.size, 5);
  });
});

test('classes extending other constructible factories are resources too (a pg Pool, an ioredis client); a class extending project code is not', () => {
  withPackage({ pg: '^8.16.0', ioredis: '^5.4.0' }, {
    'src/db.ts': "import { Pool } from 'pg';\nexport class Db extends Pool {\n  constructor() { super({ max: 25 }); }\n}",
    'src/cache.ts': "import Redis from 'ioredis';\nexport class Cache extends Redis {\n  constructor() { super(process.env.REDIS_URL!); }\n}",
    'src/repo.ts': "import { Db } from './db';\nexport class UserRepo extends Db {}\nclass Plain extends Error {}\nexport const plain = Plain;",
  }, (engine) => {
    const { resources } = engine.inventory();
    assert.deepEqual(resources.map((r) => [r.library, r.name, r.size]).sort(), [['ioredis', 'Cache', 1], ['pg', 'Db', 25]]);
  });
});

test('NestJS: a field declared with the Prisma client class counts on that pool whatever its name (type, @Inject, PrismaClient itself); a field of other project code does not', () => {
  const deps = { '@prisma/client': '^5.22.0', '@nestjs/common': '^11.0.0', '@nestjs/core': '^11.0.0', sequelize: '^6.37.0' };
  const service = (name: string) => ["import { Injectable } from '@nestjs/common';", "import { PrismaClient } from '@prisma/client';", '@Injectable()', `export class ${name} extends PrismaClient {}`].join('\n');
  withPackage(deps, {
    'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((app) => app.listen(3000));",
    // Two clients (two databases): the library alone cannot say which one a call runs on; the declaration does.
    'src/prisma.service.ts': service('PrismaService'),
    'src/reports.service.ts': service('ReportsPrisma'),
    // A Sequelize pool too: `this.db.user.create()` has a models namespace's shape, and must not land here.
    'src/legacy.ts': "import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.LEGACY_URL!);",
    'src/db.service.ts': "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class DbService {\n  user = { findMany: async () => [] as string[] };\n}",
    'src/users.controller.ts': [
      "import { Controller, Get, Inject, Post } from '@nestjs/common';",
      "import { PrismaClient } from '@prisma/client';",
      "import { PrismaService } from './prisma.service';",
      "import { ReportsPrisma } from './reports.service';",
      "import { DbService } from './db.service';",
      "@Controller('users')",
      'export class UsersController {',
      '  constructor(',
      '    private readonly db: PrismaService,',
      '    @Inject(ReportsPrisma) private readonly store: any,',
      '    private readonly other: DbService,',
      '  ) {}',
      "  @Get('list')",
      '  list() { return this.db.user.findMany({ take: 20 }); }',
      '  @Post()',
      '  make() { return this.db.user.create({ data: {} }); }',
      "  @Post('report')",
      '  report() { return this.store.$transaction(async (tx: any) => tx.report.create({ data: {} })); }',
      "  @Get('other')",
      '  other_() { return this.other.user.findMany(); }',
      '}',
    ].join('\n'),
  }, (engine) => {
    const { resources, routes } = engine.inventory();
    const name = (id: string) => resources.find((r) => r.id === id)?.name;
    assert.deepEqual(
      routes.map((r) => `${r.method} ${r.path}: ${r.uses.map((u) => `${name(u.resourceId)} ${u.kind}×${u.count}`).join(', ')}`),
      ['GET /users/list: PrismaService query×1', 'POST /users: PrismaService query×1', 'POST /users/report: ReportsPrisma transaction×1', 'GET /users/other: '],
    );
  });
  // A field typed `PrismaClient` (the client provided under its own class), and a class of the same file.
  withPackage(deps, {
    'src/app.controller.ts': [
      "import { Controller, Get } from '@nestjs/common';",
      "import { PrismaClient } from '@prisma/client';",
      'export class LocalPrisma extends PrismaClient {}',
      'class Plain { user = { create: async () => 1 }; }',
      "@Controller('items')",
      'export class ItemsController {',
      '  constructor(private readonly db: PrismaClient, private readonly local: LocalPrisma, private readonly plain: Plain) {}',
      "  @Get('a')",
      '  a() { return this.db.item.create({ data: {} }); }',
      "  @Get('b')",
      '  b() { return this.local.item.count(); }',
      "  @Get('c')",
      '  c() { return this.plain.user.create(); }',
      '}',
    ].join('\n'),
  }, (engine) => {
    const { resources, routes } = engine.inventory();
    const name = (id: string) => resources.find((r) => r.id === id)?.name;
    // `PrismaClient` names the library's class, not one client: the project's one Prisma pool.
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}: ${r.uses.map((u) => `${name(u.resourceId)} ${u.kind}×${u.count}`).join(', ')}`), ['GET /items/a: LocalPrisma query×1', 'GET /items/b: LocalPrisma query×1', 'GET /items/c: ']);
  });
});
