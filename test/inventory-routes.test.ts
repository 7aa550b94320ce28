// Route paths in the capacity inventory carry the prefixes of what they are mounted under — Express
// `app.use('/admin', router)`, koa-router `prefix`, Fastify `register(plugin, { prefix })`, NestJS
// `@Controller` + `setGlobalPrefix` — in the same file or across files, so probe and operator routes
// are classified by their full path. Unknown or ambiguous mounts keep the registered path.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../server/src/engine/engine';

const virtualRoot = path.join(__dirname, 'fixtures', 'inventory', 'virtual-routes');

function routesOf(files: Record<string, string>): string[] {
  const engine = new Engine({ root: virtualRoot });
  for (const [name, text] of Object.entries(files)) engine.updateFile(path.join(virtualRoot, name), text);
  return engine.estimateCapacity().routes.map((r) => `${r.key} ${r.traffic}`);
}

test('Express: routers mounted with app.use(path, …) in another file, nested, behind middleware', () => {
  const routes = routesOf({
    'routes/admin.js': [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/orders/:id/replay', (req, res) => res.sendStatus(202));",
      'module.exports = router;',
    ].join('\n'),
    'routes/api.js': [
      "const { Router } = require('express');",
      'const api = Router();',
      'const v1 = Router();',
      "v1.get('/status', (req, res) => res.json({ ok: true }));",
      "v1.get('/orders', (req, res) => res.json([]));",
      "api.use('/v1', v1);",
      'module.exports = api;',
    ].join('\n'),
    'app.js': [
      "const express = require('express');",
      "const admin = require('./routes/admin');",
      'const app = express();',
      'const auth = (req, res, next) => next();',
      'const health = express.Router();',
      "health.get('/', (req, res) => res.send('ok'));",
      "app.use('/health', health);",
      "app.use('/admin', auth, admin);",
      "app.use('/api', require('./routes/api'));",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(routes.sort(), [
    'GET /api/v1/orders user',
    // A user's `GET /status` under /api/v1 is still a probe path (the prefixes are skipped).
    'GET /api/v1/status probe',
    'GET /health probe',
    'POST /admin/orders/:id/replay operator',
  ]);
});

test('Express look-alikes: a router mounted nowhere we see, or at two paths, keeps its registered path', () => {
  const routes = routesOf({
    'routes/orders.js': "const express = require('express');\nconst router = express.Router();\nrouter.get('/admin', (req, res) => res.json([]));\nmodule.exports = router;",
    'routes/shared.js': "const express = require('express');\nconst shared = express.Router();\nshared.get('/ping', (req, res) => res.send('pong'));\nmodule.exports = shared;",
    'app.js': [
      "const express = require('express');",
      "const shared = require('./routes/shared');",
      'const app = express();',
      "app.use('/v1', shared);",
      "app.use('/internal', shared);",
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(routes.sort(), ['GET /admin operator', 'GET /ping probe']);
});

test('Koa: new Router({ prefix }), router.prefix(), and routers nested with use(path, child.routes())', () => {
  const routes = routesOf({
    'src/routes/todos.js': [
      "const Router = require('@koa/router');",
      "const router = new Router({ prefix: '/todos' });",
      "router.get('/', async (ctx) => { ctx.body = []; });",
      'module.exports = router;',
    ].join('\n'),
    'src/routes/ops.js': [
      "const Router = require('@koa/router');",
      'const ops = new Router();',
      "ops.prefix('/admin');",
      "ops.get('/stats', async (ctx) => { ctx.body = {}; });",
      'const internal = new Router();',
      "internal.get('/jobs', async (ctx) => { ctx.body = []; });",
      "ops.use('/internal', internal.routes());",
      'module.exports = ops;',
    ].join('\n'),
    'src/app.js': [
      "const Koa = require('koa');",
      "const todos = require('./routes/todos');",
      "const ops = require('./routes/ops');",
      'const app = new Koa();',
      'app.use(todos.routes());',
      'app.use(ops.routes()).use(ops.allowedMethods());',
      'app.listen(3000);',
    ].join('\n'),
  });
  assert.deepEqual(routes.sort(), ['GET /admin/internal/jobs operator', 'GET /admin/stats operator', 'GET /todos user']);
});

test('Fastify: register(plugin, { prefix }) across files, nested plugins', () => {
  const routes = routesOf({
    'src/routes/admin.ts': [
      "import type { FastifyPluginAsync } from 'fastify';",
      'const admin: FastifyPluginAsync = async (fastify) => {',
      "  fastify.get('/reports', async () => []);",
      '};',
      'export default admin;',
    ].join('\n'),
    'src/routes/v1.ts': [
      "import type { FastifyInstance } from 'fastify';",
      "import admin from './admin.js';",
      'export default async function v1(app: FastifyInstance) {',
      "  app.get('/products', async () => []);",
      "  await app.register(admin, { prefix: '/admin' });",
      '}',
    ].join('\n'),
    'src/app.ts': "import Fastify from 'fastify';\nimport v1 from './routes/v1.js';\nconst app = Fastify();\napp.register(v1, { prefix: '/v1' });\napp.get('/metrics', async () => '');\napp.listen({ port: 3000 });",
  });
  assert.deepEqual(routes.sort(), ['GET /metrics probe', 'GET /v1/admin/reports operator', 'GET /v1/products user']);
});

test('NestJS: @Controller prefix and the global prefix (with its exclusions)', () => {
  const routes = routesOf({
    'src/main.ts': [
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      "  app.setGlobalPrefix('api', { exclude: ['healthz'] });",
      '  await app.listen(3000);',
      '}',
      'bootstrap();',
    ].join('\n'),
    'src/admin.controller.ts': [
      "import { Controller, Get, Post } from '@nestjs/common';",
      "@Controller('admin')",
      'export class AdminController {',
      "  @Post('reindex') reindex() { return {}; }",
      '}',
      "@Controller('healthz')",
      'export class HealthController {',
      '  @Get() check() { return { ok: true }; }',
      '}',
      "@Controller('orders')",
      'export class OrdersController {',
      '  @Get() list() { return []; }',
      '}',
    ].join('\n'),
  });
  assert.deepEqual(routes.sort(), ['GET /api/orders user', 'GET /healthz probe', 'POST /api/admin/reindex operator']);
});

test('WebSocket servers: Socket.IO namespaces, ws connection handlers imported from another file, NestJS @SubscribeMessage', () => {
  const routes = routesOf({
    'io.js': "const { Server } = require('socket.io');\nconst io = new Server(require('http').createServer());\nmodule.exports = { io };",
    'chat.js': [
      "const { io } = require('./io');",
      "io.of('/chat').on('connection', (socket) => socket.on('say', (text) => io.emit('say', text)));",
      "io.on('connection', (socket) => socket.emit('hello'));",
    ].join('\n'),
    'feed.mjs': "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));",
    'events.gateway.ts': [
      "import { SubscribeMessage, WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';",
      '@WebSocketGateway()',
      'export class EventsGateway implements OnGatewayConnection {',
      '  handleConnection() {}',
      "  @SubscribeMessage('events') events() { return []; }",
      '}',
    ].join('\n'),
    // Look-alikes: clients, not servers.
    'client.mjs': "import { io } from 'socket.io-client';\nimport WebSocket from 'ws';\nio('https://x.example').on('connect', () => {});\nnew WebSocket('wss://y.example').on('open', () => {});",
  });
  assert.deepEqual(routes.sort(), ['WS * user', 'WS * user', 'WS * user', 'WS /chat user', 'WS events user']);
});
