// no-unbounded-query: a database read on the request path that returns every matching row
// (no LIMIT / take / .limit()), or whose limit applies only when the client sends one.
import { ts } from '@ts-morph/common';
import { LIBRARY_DEFAULTS, REFERENCE_USERS } from '../engine/library-defaults';
import { redisCommandOf, redisKeyShape } from '../engine/redis-commands';
import { createQueryAnalyzer, SUGGESTED_PAGE_SIZE, type RelationRead, type RowRead } from './queries';
import { formatNumber, functionName, nodeText } from './utils';
import type { RuleContext, RuleModule } from './types';

/** Illustrative table for the message: rows grow with the data, this is where they get. */
const EXAMPLE_ROWS = 100_000;
const EXAMPLE_ROW_KB = 1;

/** The project facts under which the read returns few rows (a key, or how the application writes the table). */
function dropFacts(read: RowRead): string[] | undefined {
  const facts = [...(read.uniqueIf ?? []), ...(read.boundedIf ?? [])];
  return facts.length > 0 ? facts : undefined;
}

/** The illustrative arithmetic every message of the rule quotes: rows × size per request, and at the reference load. */
function memoryData(): Record<string, string | number> {
  const perRequestMb = (EXAMPLE_ROWS * EXAMPLE_ROW_KB) / 1000;
  return {
    rows: formatNumber(EXAMPLE_ROWS),
    kb: EXAMPLE_ROW_KB,
    mb: formatNumber(perRequestMb),
    users: formatNumber(REFERENCE_USERS),
    gb: formatNumber((perRequestMb * REFERENCE_USERS) / 1000),
  };
}

function report(read: RowRead, context: RuleContext): void {
  const data = {
    ...memoryData(),
    what: read.what,
    hint: read.hint,
    page: SUGGESTED_PAGE_SIZE,
    limit: read.clientLimit ? nodeText(read.clientLimit, context.sourceFile) : '',
  };
  // An equality on a column the schema declares unique returns one row, and a knex filter the
  // application's inserts bound returns few: dropped once the project says so.
  const unlessProjectFact = dropFacts(read);
  if (read.perKey) {
    context.report({ node: read.reportAt, messageId: 'batchPerKey', data: { ...data, column: read.perKey }, unlessProjectFact });
    return;
  }
  if (read.bound === 'clientOnly' || read.bound === 'clientChosen') {
    context.report({ node: read.reportAt, messageId: read.bound === 'clientOnly' ? 'clientOnlyLimit' : 'clientChosenLimit', data, unlessProjectFact });
    return;
  }
  context.report({ node: read.reportAt, messageId: 'unbounded', data, fixes: read.fix ? [read.fix] : [], unlessProjectFact });
}

/** Request fields whose values the client chooses, for a page size a caller passes in. */
const CLIENT_LIMIT_FIELDS = ['query', 'body', 'params', 'headers', 'nextUrl'];

/**
 * A read limited by what the function's callers pass (`take: limit || 10` in `getFeed(offset,
 * limit)`): kept by the engine only when some caller outside tests passes the client's value
 * without a cap (CallerCondition).
 */
function reportCallerLimit(read: RowRead, context: RuleContext): void {
  const caller = read.callerLimit;
  if (!caller) return;
  context.report({
    node: read.reportAt,
    messageId: caller.kind === 'clientChosen' ? 'clientChosenLimitFromCaller' : 'clientLimitFromCaller',
    data: {
      ...memoryData(),
      what: read.what,
      limit: read.clientLimit ? nodeText(read.clientLimit, context.sourceFile) : '',
      fn: functionName(caller.fn, context.sourceFile),
      page: SUGGESTED_PAGE_SIZE,
    },
    unlessProjectFact: dropFacts(read),
    callers: [{ kind: 'passes-request', fn: caller.fn, indexes: [caller.index], fields: CLIENT_LIMIT_FIELDS, uncapped: true, ...(caller.property !== undefined ? { property: caller.property } : {}) }],
  });
}

/** A to-many relation loaded whole with its parent: reported only where schema.prisma says it is a list. */
function reportRelation(read: RelationRead, context: RuleContext): void {
  context.report({
    node: read.reportAt,
    messageId: 'unboundedRelation',
    data: { ...memoryData(), what: read.what, relation: read.relation, hint: read.hint },
    fixes: read.fix ? [read.fix] : [],
    ifProjectFact: read.ifToMany,
  });
}

// ---- Redis ----------------------------------------------------------------------------------------

/** Illustrative size of a collection the application keeps adding to, for messages. */
const EXAMPLE_MEMBERS = 100_000;
const EXAMPLE_MEMBER_BYTES = 100;
/** Whole-collection reads, by the collection type they read. */
const WHOLE_READS: Record<string, 'set' | 'hash' | 'list' | 'zset'> = { SMEMBERS: 'set', HGETALL: 'hash', HKEYS: 'hash', HVALS: 'hash', LRANGE: 'list', ZRANGE: 'zset', ZREVRANGE: 'zset' };
const REDIS_READS = new Set(['KEYS', ...Object.keys(WHOLE_READS)]);
const GENERIC_COMMAND = new Set(['sendCommand', 'call', 'send_command']);
const TYPE_WORDS = { set: 'set', hash: 'hash', list: 'list', zset: 'sorted set' };
const PAGE_HINTS = { set: 'SSCAN with a cursor and COUNT', hash: 'HSCAN with a cursor and COUNT', list: '`LRANGE key 0 99`', zset: '`ZRANGE key 0 99`' };
const CAP_HINTS = { set: 'SREM what leaves it, or EXPIRE the key', hash: 'HDEL what leaves it, or EXPIRE the key', list: 'LTRIM it after each push', zset: 'ZREMRANGEBYRANK after each add' };

/** `-1` as the last index: to the end of the list or sorted set. */
function isMinusOne(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expr.operand)) return expr.operand.text === '1';
  return ts.isStringLiteralLike(expr) && expr.text === '-1';
}

/**
 * KEYS on the request path (every key of the database, on Redis's one thread), and whole-collection
 * reads (SMEMBERS, HGETALL, `LRANGE k 0 -1`, `ZRANGE k 0 -1`) of a collection the application adds
 * to and never bounds — the latter kept by the engine only under those project facts.
 */
function checkRedis(call: ts.CallExpression, context: RuleContext): void {
  const callee = call.expression;
  // Cheap syntax first: only a method named like a read, or a generic command call, resolves its receiver.
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  if (!REDIS_READS.has(method.toUpperCase()) && !GENERIC_COMMAND.has(method)) return;
  const command = redisCommandOf(call, REDIS_READS, (expr) => context.resolve(expr));
  if (!command) return;
  const written = `\`${nodeText(callee, context.sourceFile)}()\``;
  if (command.name === 'KEYS') {
    const ms = LIBRARY_DEFAULTS.redisKeysMsPerMillionKeys.value;
    context.report({ node: command.at, messageId: 'redisKeys', data: { call: written, ms, perSecond: formatNumber(Math.floor(1000 / ms)), users: formatNumber(REFERENCE_USERS) } });
    return;
  }
  const type = WHOLE_READS[command.name]!;
  if ((type === 'list' || type === 'zset') && !(command.args.length >= 3 && isMinusOne(command.args[2]) && !command.args.slice(3).some((a) => /LIMIT/i.test(nodeText(a, context.sourceFile))))) return;
  const key = redisKeyShape(command.args[0]);
  if (key === undefined) return;
  const mb = (EXAMPLE_MEMBERS * EXAMPLE_MEMBER_BYTES) / 1_000_000;
  context.report({
    node: command.at,
    messageId: 'redisWholeCollection',
    data: {
      call: written,
      type: TYPE_WORDS[type],
      key,
      members: formatNumber(EXAMPLE_MEMBERS),
      bytes: EXAMPLE_MEMBER_BYTES,
      mb: formatNumber(mb),
      users: formatNumber(REFERENCE_USERS),
      gb: formatNumber((mb * REFERENCE_USERS) / 1000),
      page: PAGE_HINTS[type],
      cap: CAP_HINTS[type],
    },
    ifProjectFact: `redis-grows:${type}|${key}`,
    unlessProjectFact: `redis-capped:${key}`,
  });
}

export const rule: RuleModule = {
  meta: {
    id: 'no-unbounded-query',
    category: 'memory',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      unbounded:
        '{{what}} has no row limit: it returns every matching row, and rows grow with the data, so this request loads them all into memory — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request, and {{users}} concurrent users would need ~{{gb}} GB, while serialising them blocks the event loop for everyone. Add a limit ({{hint}}) and paginate.',
      batchPerKey:
        '{{what}} loads the rows of a DataLoader batch by `{{column}}`, which is not a primary or unique key: each key brings every row that matches it, and rows grow with the data — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request. A LIMIT on the whole query would cut across keys: limit the rows per key (a `LATERAL` join or `row_number() OVER (PARTITION BY {{column}})` ≤ n), or load a page per parent through a paginated field.',
      unboundedRelation:
        '{{what}} loads every related row of `{{relation}}`, a to-many relation in schema.prisma, with no `take`: related rows grow with the data (one parent row can have {{rows}}), so this request loads them all into memory — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request, and {{users}} concurrent users would need ~{{gb}} GB. Load a page ({{hint}}), or count them with `_count` if only the number is shown.',
      clientOnlyLimit:
        '{{what}} is limited only when the client sends a limit (`{{limit}}`): a request without one (or with limit=1000000) loads every matching row — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request. Give it a default and a cap, e.g. `Math.min(Number(limit) || 20, {{page}})`.',
      clientChosenLimit:
        '{{what}} takes its page size from the client with no cap (`{{limit}}`): the default applies only when the client sends nothing, so a request asking for 1,000,000 rows gets every matching row — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request, and {{users}} such requests need ~{{gb}} GB. Cap it, e.g. `Math.min(Number(limit) || 20, {{page}})`, or validate a maximum (`.max({{page}})` in zod/joi, `@Max({{page}})`).',
      clientChosenLimitFromCaller:
        '{{what}} takes its page size from `{{limit}}`, which a caller of `{{fn}}` passes from the request with no cap: the default applies only when the client sends nothing, so a request asking for 1,000,000 rows gets every matching row — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request, and {{users}} such requests need ~{{gb}} GB. Cap it where the request is read (`Math.min(Number(req.query.limit) || 20, {{page}})`, `.max({{page}})` in the schema, `@Max({{page}})` on the DTO) or here.',
      redisKeys:
        '{{call}} runs KEYS, which walks every key in the Redis database (O(N)), not only the matches, on Redis\'s single thread: at ~{{ms}} ms per million keys Redis serves no other command meanwhile, so it completes at most {{perSecond}} of these requests a second per million keys, and at {{users}} concurrent users every other client of this Redis waits behind them. Use SCAN with a cursor and a COUNT (`scanIterator({ MATCH, COUNT: 100 })`, ioredis `scanStream`), or keep the names in a set you maintain.',
      redisWholeCollection:
        '{{call}} reads the whole {{type}} `{{key}}`, which the application adds to and never trims, expires or removes from: it grows with the data, and each request gets all of it — {{members}} members × {{bytes}} B is ~{{mb}} MB per request, built on Redis\'s single thread (every other client waits) and parsed on the event loop, ~{{gb}} GB for {{users}} concurrent users. Read a page ({{page}}), or bound it where it is written ({{cap}}).',
      clientLimitFromCaller:
        '{{what}} is limited by `{{limit}}`, which a caller of `{{fn}}` passes from the request with no cap: the client decides how many rows it gets, and a request asking for 1,000,000 rows gets every matching row — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request. Give it a default and a cap where the request is read (`Math.min(Number(req.query.limit) || 20, {{page}})`, `.max({{page}})` in the schema, `@Max({{page}})` on the DTO) or here.',
    },
    docs: {
      description:
        'Reports database reads on the request path that return every matching row: mongoose/MongoDB `find`/`aggregate` without a limit, Prisma `findMany` without `take` (and to-many relations loaded without `take` in any Prisma read), Sequelize `findAll` without `limit`, TypeORM `find`/`findBy`/`getMany` without `take`, knex selects without `.limit()`/`.first()`, raw `SELECT`s without `LIMIT` (also through the project\'s own query helpers), and Redis `KEYS` or whole-collection reads of a collection the application keeps growing.',
      rationale: [
        'A query without a limit returns as many rows as the table holds for that filter, and tables grow. The endpoint that returned 50 rows in the first week returns 100,000 a year later: at ~1 KB a row that is ~100 MB of objects built, held and serialised for one request, and at 1,000 concurrent users it is more memory than the machine has. Long before that, `JSON.stringify` of 100 MB blocks the event loop for seconds and every other user waits.',
        'A limit that applies only when the client asks for one (`take: req.query.limit`, `...(limit && { limit })`) is the same query for every client that does not, and an invitation to send `limit=1000000`. A page size with a default but no cap (`.limit(Number(req.query.limit) || 20)`, `const limit = size ? +size : 3`, also when a helper in the same file computes it, like the common `getPagination(page, size)`) lets every client choose how many rows it gets. A cap the rule can see makes the limit the code\'s: `Math.min(n, 100)`, `n > 100 ? 100 : n`, a comparison on the value in the handler (`if (limit > 100) return …`), validation middleware registered with the handler (`query(\'limit\').isInt({ max: 100 })`, `validate(schema)`), or a value a validation schema returned (`schema.parse(req.query).limit` with a `.max()`; a NestJS DTO passed to a service).',
        'A page size a function receives is followed to its callers: `take: Number(query.limit) || 10` in `getArticles(query)`, `take: limit || 10` in `getFeed(offset, limit)`, `.limit(limit)` in `findComments(db, postId, limit)`, `{ limit = 20 }` destructured, or `...(query.limit && { take: Number(query.limit) })` is reported when some caller in the project (in this file or another; tests aside) passes the client\'s value with no cap: `getArticles(req.query)`, `getFeed(0, Number(req.query.limit))`, `findComments(db, id, req.query.limit ? parseInt(req.query.limit, 10) : undefined)`, `list({ limit: req.query.limit })`, a NestJS `@Query(\'limit\')` parameter with no DTO and no pipe of the project\'s own. Callers that pass constants or server-side values, clamp (`Math.min`, `n > 100 ? 100 : n`), compare the value first, validate it (a schema\'s result, a DTO, validation middleware registered with the handler, a list of allowed values), and functions whose callers the project does not show keep it quiet; so does a function that caps what it is given.',
        'Not reported: lookups by primary or unique key (`findOne`, `findUnique`, `findByPk`, `WHERE id = $1`, `{ _id: id }`), counts and aggregates that return one row (`SELECT count(*)`, `.count()`, `$group` on `null`), streaming reads (cursors, `.stream()`), and writes (`INSERT`/`UPDATE`/`DELETE`).',
        'Keys are also read from the project\'s schema declarations, as data (nothing is run): `.sql` files and DDL strings in migrations (`PRIMARY KEY`, `UNIQUE`, `CREATE UNIQUE INDEX`, `ALTER TABLE … ADD UNIQUE`), `schema.prisma` (`@id`, `@unique`, single-field `@@unique`), knex migrations (`.unique()`, `.primary()`, `increments()`), Sequelize models and migrations (`unique: true`, `primaryKey: true`, `addIndex(…, { unique: true })`), TypeORM and sequelize-typescript entities (`@PrimaryGeneratedColumn`, `@Column({ unique: true })`, `@Index({ unique: true })`, `@Unique([…])`) and mongoose schemas (`unique: true`, `schema.index({ f: 1 }, { unique: true })`). So `WHERE nickname = ?` is a one-row read when `nickname` is `UNIQUE` in `schema.sql`. A key is matched to the query\'s table (`users`, the `User` model and the `users` collection are one name); when the query does not name its table, the column must be a key in every table that declares it. One column of a composite key (`UNIQUE (room_id, nickname)`) does not bound the rows, equalities on all of its columns do (SQL, `schema.prisma` `@@unique`, knex `t.unique([…])`); a partial unique index (`… WHERE deleted_at IS NULL`) does not.',
        'knex reads are also judged by how the application writes the table (its own `insert` calls, outside migrations, seeds and tests): a filter with equalities on every column the inserts write besides keys (`where({ user, article })` when every insert is `insert({ id: uuid(), user, article })`) returns copies of one insert, an existence check; a filter on the parent column of a table that is only ever written as an array mapped from one request\'s list (`insert(tagList.map((t) => ({ tag: t.id, article: article.id })))`, after deleting the parent\'s old rows or with the new parent) returns as many rows as that request sent. A table that also gets single rows appended (`insert({ article, author, body })` per comment), rows whose columns cannot be read (`insert(req.body)`, a raw `INSERT INTO`), or a filter that leaves a written column free is judged as before; so is a table the application never inserts into.',
        'Prisma relations loaded with their rows (`include: { comments: true }`, `select: { posts: { where: … } }`, also under a to-one relation: `author: { select: { followers: true } }`) without `take` load every related row, whatever limits the read itself: a `findUnique` of one article loads all of its comments. They are reported when `schema.prisma` declares the relation a list (`comments Comment[]`) and the application adds to it after the parent exists (it creates the related rows on their own, `prisma.comment.create(…)`, or connects them one at a time in an update, `followedBy: { connect: { id } }`); a name alone cannot tell a to-many relation (`tags`, `followedBy`) from a to-one one (`settings`), so without the schema nothing is reported, and rows only ever made with their parent (an order\'s lines in `order.create({ data: { lines: { create } } })`, the relations a `create` returns) or set from the list one request sends (`tags: { set: ids.map(…) }`) are as many as that one request held. `_count` counts in the database and is not reported, nor is a nested read filtered to one row (`where: { id }`).',
        'DataLoader batch functions (`new DataLoader(async (keys) => …)`) run in the request that calls `load()`: per-request loaders made in a GraphQL `context` function or a middleware, and module-level loaders loaded from a resolver. A read filtered to the batch\'s keys on a key column returns one row per key and is not reported: `WHERE id = ANY($1)`, `{ id: { in: keys } }`, `{ _id: { $in: keys } }`, `{ slug: In(keys) }`, `.whereIn(\'isbn\', keys)` when the schema declares `isbn` unique. On any other column it is one-to-many and reported (`WHERE author_id = ANY($1)` reads every book of every author in the batch), with a message that asks for a limit per key, since a LIMIT on the whole batch would cut across keys. The same holds outside batches: `WHERE sku = ANY($1)` is a lookup by keys only when `sku` is a key. A batch that ignores its keys (or filters by another list) reads every matching row on every batch.',
        'Clients and services attached to the app are followed from the handlers that read them, across files: Fastify decorators (`fastify.decorate(\'tasks\', repo)`, read as `fastify.tasks` or `this.tasks` in a handler) and the pools `@fastify/postgres`/`mysql`/`mongodb` decorate with, Koa\'s `app.context.db` (`ctx.db`) and `app.db` (`ctx.app.db`), Express `app.locals.db` and `app.set(\'db\', …)` (`req.app.locals.db`, `req.app.get(\'db\')`), and Apollo data sources (`context.dataSources.users`).',
        'Raw SQL is also judged where it is handed to the project\'s own query helper, in this file or another: `rawQuery(\`select … from pageview where website_id = $1\`, [id])` when `rawQuery(query, params)` passes `query` to `prisma.$queryRawUnsafe.apply(prisma, [sql, ...params])` (placeholders rewritten on the way), `sql(text, values)` that logs the time around `pool.query(text, values)`, a `Db` class\'s `select(statement)` over mysql2 `execute`, `knex.raw` helpers, and helpers of helpers. Only a parameter handed on unchanged counts: a helper that appends its own `LIMIT`, adds one when the caller wrote none, or builds the SQL itself is not followed, and its callers\' SQL is not judged. Scripts, migrations and tests that call the helper are not the request path.',
        'Redis: `KEYS pattern` (ioredis `redis.keys()`, node-redis `client.keys()`/`KEYS()`, `sendCommand([\'KEYS\', …])`, `call(\'KEYS\', …)`) walks every key of the database, not just the matches, on Redis\'s single thread: Redis\'s documentation gives ~40 ms per million keys on a laptop, during which no other command of any client runs, so a request that runs it caps the whole Redis at ~25 such requests a second per million keys. Use `SCAN` with a cursor and `COUNT` (`scanIterator`, `scanStream`) or keep the names in a set. Whole-collection reads (`SMEMBERS`, `HGETALL`/`HKEYS`/`HVALS`, `LRANGE key 0 -1`, `ZRANGE key 0 -1`) are reported only for a collection the application grows (`RPUSH`/`LPUSH`, `ZADD`, `SADD` of a varying member, `HSET`/`HINCRBY` of a varying field, on a key written the same way: `chat:${room}` is `chat:*`) and never bounds (no `LTRIM`, `EXPIRE`, `DEL`, `SREM`, `HDEL`, `ZREMRANGEBYRANK`… on that key anywhere in the application): a hash with fixed fields, a list trimmed after each push, a set whose members leave, a key the code does not write out, or a page (`LRANGE key 0 49`) is not reported.',
        'Models are usually defined in another file, where the rule cannot follow them. It then needs evidence: the file imports the library or the project depends on it, the receiver has the shape that library\'s models have (a PascalCase model, `prisma.<model>`, a repository from `getRepository` or `@InjectRepository`), and for mongoose the query is executed (awaited, returned, `.exec()`, `.lean()`). A query kept in a variable may get its limit later and is not reported, except a TypeORM query builder finished in the same function: its `qb.take()`/`qb.limit()` calls are followed there (none at all is unbounded; one only inside `if (\'limit\' in query)` applies only when the caller sends a limit), and one handed to a helper is left alone.',
      ].join('\n\n'),
      bad: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ max: 20, connectionTimeoutMillis: 5000 });',
        '',
        "app.get('/orders', async (req, res) => {",
        "  const { rows } = await pool.query('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC', [req.user.id]);",
        '  res.json(rows);',
        '});',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const pool = new Pool({ max: 20, connectionTimeoutMillis: 5000 });',
        '',
        "app.get('/orders', async (req, res) => {",
        '  const limit = Math.min(Number(req.query.limit) || 20, 100);',
        '  const { rows } = await pool.query(',
        "    'SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2',",
        '    [req.user.id, limit],',
        '  );',
        '  res.json(rows);',
        '});',
      ].join('\n'),
      whenNotToUse:
        'Tables that cannot grow (a fixed list of countries, the 12 plans you sell) may be read whole; disable the rule for that line. Exports and reports that must read everything should stream (`cursor()`, `.stream()`, keyset pagination) rather than load, and jobs and scripts outside the request path are not reported.',
    },
  },
  create(context) {
    const analyzer = createQueryAnalyzer(context);
    const check = (node: ts.CallExpression | ts.TaggedTemplateExpression): void => {
      const read = analyzer.analyze(node);
      if (read && read.bound !== 'bounded') report(read, context);
      else if (read?.callerLimit) reportCallerLimit(read, context);
      if (ts.isCallExpression(node)) {
        for (const relation of analyzer.relationReads(node)) reportRelation(relation, context);
        checkRedis(node, context);
      }
    };
    return {
      CallExpression: check,
      TaggedTemplateExpression: check,
    };
  },
};
