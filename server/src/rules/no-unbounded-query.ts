// no-unbounded-query: a database read on the request path that returns every matching row
// (no LIMIT / take / .limit()), or whose limit applies only when the client sends one.
import { ts } from '@ts-morph/common';
import { REFERENCE_USERS } from '../engine/library-defaults';
import { createQueryAnalyzer, SUGGESTED_PAGE_SIZE, type RelationRead, type RowRead } from './queries';
import { formatNumber, nodeText } from './utils';
import type { RuleContext, RuleModule } from './types';

/** Illustrative table for the message: rows grow with the data, this is where they get. */
const EXAMPLE_ROWS = 100_000;
const EXAMPLE_ROW_KB = 1;

function report(read: RowRead, context: RuleContext): void {
  const perRequestMb = (EXAMPLE_ROWS * EXAMPLE_ROW_KB) / 1000;
  const data = {
    what: read.what,
    hint: read.hint,
    rows: formatNumber(EXAMPLE_ROWS),
    kb: EXAMPLE_ROW_KB,
    mb: formatNumber(perRequestMb),
    users: formatNumber(REFERENCE_USERS),
    gb: formatNumber((perRequestMb * REFERENCE_USERS) / 1000),
    page: SUGGESTED_PAGE_SIZE,
    limit: read.clientLimit ? nodeText(read.clientLimit, context.sourceFile) : '',
  };
  // An equality on a column the schema declares unique returns one row: dropped once the project says so.
  const unlessProjectFact = read.uniqueIf;
  if (read.bound === 'clientOnly') {
    context.report({ node: read.reportAt, messageId: 'clientOnlyLimit', data, unlessProjectFact });
    return;
  }
  context.report({ node: read.reportAt, messageId: 'unbounded', data, fixes: read.fix ? [read.fix] : [], unlessProjectFact });
}

/** A to-many relation loaded whole with its parent: reported only where schema.prisma says it is a list. */
function reportRelation(read: RelationRead, context: RuleContext): void {
  const perRequestMb = (EXAMPLE_ROWS * EXAMPLE_ROW_KB) / 1000;
  context.report({
    node: read.reportAt,
    messageId: 'unboundedRelation',
    data: {
      what: read.what,
      relation: read.relation,
      hint: read.hint,
      rows: formatNumber(EXAMPLE_ROWS),
      kb: EXAMPLE_ROW_KB,
      mb: formatNumber(perRequestMb),
      users: formatNumber(REFERENCE_USERS),
      gb: formatNumber((perRequestMb * REFERENCE_USERS) / 1000),
    },
    fixes: read.fix ? [read.fix] : [],
    ifProjectFact: read.ifToMany,
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
      unboundedRelation:
        '{{what}} loads every related row of `{{relation}}`, a to-many relation in schema.prisma, with no `take`: related rows grow with the data (one parent row can have {{rows}}), so this request loads them all into memory — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request, and {{users}} concurrent users would need ~{{gb}} GB. Load a page ({{hint}}), or count them with `_count` if only the number is shown.',
      clientOnlyLimit:
        '{{what}} is limited only when the client sends a limit (`{{limit}}`): a request without one (or with limit=1000000) loads every matching row — {{rows}} rows × {{kb}} KB is ~{{mb}} MB per request. Give it a default and a cap, e.g. `Math.min(Number(limit) || 20, {{page}})`.',
    },
    docs: {
      description:
        'Reports database reads on the request path that return every matching row: mongoose/MongoDB `find`/`aggregate` without a limit, Prisma `findMany` without `take` (and to-many relations loaded without `take` in any Prisma read), Sequelize `findAll` without `limit`, TypeORM `find`/`findBy`/`getMany` without `take`, knex selects without `.limit()`/`.first()`, and raw `SELECT`s without `LIMIT`.',
      rationale: [
        'A query without a limit returns as many rows as the table holds for that filter, and tables grow. The endpoint that returned 50 rows in the first week returns 100,000 a year later: at ~1 KB a row that is ~100 MB of objects built, held and serialised for one request, and at 1,000 concurrent users it is more memory than the machine has. Long before that, `JSON.stringify` of 100 MB blocks the event loop for seconds and every other user waits.',
        'A limit that applies only when the client asks for one (`take: req.query.limit`, `...(limit && { limit })`) is the same query for every client that does not, and an invitation to send `limit=1000000`.',
        'Not reported: lookups by primary or unique key (`findOne`, `findUnique`, `findByPk`, `WHERE id = $1`, `{ _id: id }`), counts and aggregates that return one row (`SELECT count(*)`, `.count()`, `$group` on `null`), streaming reads (cursors, `.stream()`), and writes (`INSERT`/`UPDATE`/`DELETE`).',
        'Keys are also read from the project\'s schema declarations, as data (nothing is run): `.sql` files and DDL strings in migrations (`PRIMARY KEY`, `UNIQUE`, `CREATE UNIQUE INDEX`, `ALTER TABLE … ADD UNIQUE`), `schema.prisma` (`@id`, `@unique`, single-field `@@unique`), knex migrations (`.unique()`, `.primary()`, `increments()`), Sequelize models and migrations (`unique: true`, `primaryKey: true`, `addIndex(…, { unique: true })`), TypeORM and sequelize-typescript entities (`@PrimaryGeneratedColumn`, `@Column({ unique: true })`, `@Index({ unique: true })`, `@Unique([…])`) and mongoose schemas (`unique: true`, `schema.index({ f: 1 }, { unique: true })`). So `WHERE nickname = ?` is a one-row read when `nickname` is `UNIQUE` in `schema.sql`. A key is matched to the query\'s table (`users`, the `User` model and the `users` collection are one name); when the query does not name its table, the column must be a key in every table that declares it. One column of a composite key (`UNIQUE (room_id, nickname)`) does not bound the rows, equalities on all of its columns do (SQL, `schema.prisma` `@@unique`, knex `t.unique([…])`); a partial unique index (`… WHERE deleted_at IS NULL`) does not.',
        'Prisma relations loaded with their rows (`include: { comments: true }`, `select: { posts: { where: … } }`, also under a to-one relation: `author: { select: { followers: true } }`) without `take` load every related row, whatever limits the read itself: a `findUnique` of one article loads all of its comments. They are reported when `schema.prisma` declares the relation a list (`comments Comment[]`) and the application adds to it after the parent exists (it creates the related rows on their own, `prisma.comment.create(…)`, or connects them one at a time in an update, `followedBy: { connect: { id } }`); a name alone cannot tell a to-many relation (`tags`, `followedBy`) from a to-one one (`settings`), so without the schema nothing is reported, and rows only ever made with their parent (an order\'s lines in `order.create({ data: { lines: { create } } })`, the relations a `create` returns) or set from the list one request sends (`tags: { set: ids.map(…) }`) are as many as that one request held. `_count` counts in the database and is not reported, nor is a nested read filtered to one row (`where: { id }`).',
        'DataLoader batch functions (`new DataLoader(async (keys) => …)`) run in the request that calls `load()`: per-request loaders made in a GraphQL `context` function or a middleware, and module-level loaders loaded from a resolver. A read filtered to the batch\'s keys returns the rows of those keys and is not reported, like `WHERE id = ANY($1)`: `{ authorId: { in: keys } }`, `{ book: { $in: keys } }`, `{ id: In(keys) }`, `.whereIn(\'isbn\', keys)`. A batch that ignores its keys (or filters by another list) reads every matching row on every batch.',
        'Clients and services attached to the app are followed from the handlers that read them, across files: Fastify decorators (`fastify.decorate(\'tasks\', repo)`, read as `fastify.tasks` or `this.tasks` in a handler) and the pools `@fastify/postgres`/`mysql`/`mongodb` decorate with, Koa\'s `app.context.db` (`ctx.db`) and `app.db` (`ctx.app.db`), Express `app.locals.db` and `app.set(\'db\', …)` (`req.app.locals.db`, `req.app.get(\'db\')`), and Apollo data sources (`context.dataSources.users`).',
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
      if (ts.isCallExpression(node)) for (const relation of analyzer.relationReads(node)) reportRelation(relation, context);
    };
    return {
      CallExpression: check,
      TaggedTemplateExpression: check,
    };
  },
};
