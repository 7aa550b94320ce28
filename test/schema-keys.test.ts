// Keys read from schema declarations as data: which columns alone are a primary or unique key.
// Each case is a declaration and the unique-key facts it establishes (see engine/schema-keys.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { prismaDeclarations, prismaReadBounded, prismaRelations, prismaToManyHolds, sqlDeclarations, uniqueKeyFacts } from '../server/src/engine/schema-keys';
import { Engine } from '../server/src/engine/engine';

const keys = (declarations: Parameters<typeof uniqueKeyFacts>[0]) => [...uniqueKeyFacts(declarations)].sort();

const SQL_CASES: { sql: string; keys: string[] }[] = [
  { sql: 'CREATE TABLE IF NOT EXISTS users (id INT AUTO_INCREMENT PRIMARY KEY, nickname VARCHAR(40) UNIQUE, bio TEXT)', keys: ['unique-key:?.id', 'unique-key:?.nickname', 'unique-key:user.id', 'unique-key:user.nickname'] },
  { sql: 'CREATE TABLE `rooms` (`slug` varchar(80) NOT NULL, `owner` int, UNIQUE KEY `rooms_slug` (`slug`), KEY `owner_idx` (`owner`))', keys: ['unique-key:?.slug', 'unique-key:room.slug'] },
  { sql: 'CREATE TABLE public."Members" ("memberId" int, "roomId" int, CONSTRAINT pk PRIMARY KEY ("memberId", "roomId"))', keys: ['unique-key:?.memberid+roomid', 'unique-key:member.memberid+roomid'] },
  { sql: 'CREATE TABLE t (a int, b int, UNIQUE (a, b)); CREATE UNIQUE INDEX t_lower ON t (lower(b::text))', keys: ['unique-key:?.a+b', 'unique-key:t.a+b'] },
  { sql: 'CREATE TABLE t (a int, b text DEFAULT \'unique\' CHECK (b <> \'primary key\'))', keys: [] },
  { sql: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON ONLY users USING btree (email)', keys: ['unique-key:?.email', 'unique-key:user.email'] },
  { sql: 'CREATE UNIQUE INDEX users_handle_live ON users (handle) WHERE deleted_at IS NULL', keys: [] },
  { sql: 'ALTER TABLE users ADD CONSTRAINT users_code_key UNIQUE (code), ADD COLUMN token text UNIQUE', keys: ['unique-key:?.code', 'unique-key:?.token', 'unique-key:user.code', 'unique-key:user.token'] },
  { sql: 'ALTER TABLE users ADD UNIQUE INDEX users_login (login); ALTER TABLE users ADD INDEX users_name (name)', keys: ['unique-key:?.login', 'unique-key:user.login'] },
  // A column that is a key in one table and not in another: only the first table's fact, no `?` fact.
  { sql: 'CREATE TABLE users (nickname text UNIQUE); CREATE TABLE guests (nickname text)', keys: ['unique-key:user.nickname'] },
];

for (const c of SQL_CASES) {
  test(`SQL: ${c.sql.slice(0, 70)}`, () => assert.deepEqual(keys(sqlDeclarations(c.sql)), c.keys.sort()));
}

test('Prisma: @id, @unique, single-field @@unique and @map/@@map; composite @@unique as one key of all its fields; not relations', () => {
  const schema = `
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique @map("email_address")
  tenantId  Int      @map("tenant_id")
  ref       String
  code      String
  posts     Post[]
  team      Team     @relation(fields: [tenantId], references: [id])
  @@unique([tenantId, ref])
  @@unique([code])
  @@map("app_users")
}`;
  assert.deepEqual(keys(prismaDeclarations(schema)), [
    'unique-key:?.code', 'unique-key:?.email', 'unique-key:?.email_address', 'unique-key:?.id', 'unique-key:?.ref+tenantid',
    'unique-key:app_user.code', 'unique-key:app_user.email', 'unique-key:app_user.email_address', 'unique-key:app_user.id', 'unique-key:app_user.ref+tenantid',
    'unique-key:user.code', 'unique-key:user.email', 'unique-key:user.email_address', 'unique-key:user.id', 'unique-key:user.ref+tenantid',
  ]);
});

// Declarations in code, seen through the rule: the read is reported unless the column is a key.
const root = path.join(__dirname, 'fixtures', 'schema-keys-in-memory');
const route = `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ max: 10 });
const router = express.Router();
router.get('/users/:nickname', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE nickname = $1', [req.params.nickname]);
  res.json(rows);
});
module.exports = router;
`;

const CODE_CASES: { what: string; file: string; code: string; reported: boolean }[] = [
  { what: 'DDL string in a migration script', file: 'scripts/migrate.js', code: "const { Pool } = require('pg');\nconst pool = new Pool();\nconst schema = `CREATE TABLE users (id serial PRIMARY KEY, nickname text UNIQUE)`;\npool.query(schema);\n", reported: false },
  { what: 'sequelize-cli migration createTable', file: 'migrations/1-users.js', code: "module.exports = { up: (queryInterface, Sequelize) => queryInterface.createTable('Users', { id: { type: Sequelize.INTEGER, primaryKey: true }, nickname: { type: Sequelize.STRING, unique: true } }) };\n", reported: false },
  { what: 'sequelize-cli addIndex unique', file: 'migrations/2-index.js', code: "module.exports = { up: (qi) => qi.addIndex('Users', ['nickname'], { unique: true }) };\n", reported: false },
  { what: 'sequelize-cli addIndex unique with a where (partial)', file: 'migrations/2-index.js', code: "module.exports = { up: (qi) => qi.addIndex('Users', ['nickname'], { unique: true, where: { deletedAt: null } }) };\n", reported: true },
  { what: 'Sequelize unique name shared by two attributes (composite)', file: 'models/user.js', code: "module.exports = (sequelize, DataTypes) => sequelize.define('User', { nickname: { type: DataTypes.STRING, unique: 'nick_room' }, room: { type: DataTypes.STRING, unique: 'nick_room' } });\n", reported: true },
  { what: 'node-pg-migrate createTable', file: 'migrations/1700000000000_init.js', code: "exports.up = (pgm) => { pgm.createTable('users', { id: 'id', nickname: { type: 'text', notNull: true, unique: true } }); };\n", reported: false },
  { what: 'TypeORM migration new Table', file: 'src/migrations/1700000000000-Init.ts', code: "import { MigrationInterface, QueryRunner, Table } from 'typeorm';\nexport class Init implements MigrationInterface {\n  async up(queryRunner: QueryRunner) {\n    await queryRunner.createTable(new Table({ name: 'users', columns: [{ name: 'id', type: 'int', isPrimary: true }, { name: 'nickname', type: 'varchar', isUnique: true }] }));\n  }\n  async down() {}\n}\n", reported: false },
  { what: 'TypeORM class-level @Unique', file: 'src/user.entity.ts', code: "import { Column, Entity, Unique } from 'typeorm';\n@Entity('users')\n@Unique('uq_nickname', ['nickname'])\nexport class User {\n  @Column() nickname!: string;\n}\n", reported: false },
  { what: 'TypeORM composite @Unique', file: 'src/user.entity.ts', code: "import { Column, Entity, Unique } from 'typeorm';\n@Entity('users')\n@Unique(['nickname', 'room'])\nexport class User {\n  @Column() nickname!: string;\n  @Column() room!: string;\n}\n", reported: true },
  { what: 'TypeORM composite primary columns', file: 'src/user.entity.ts', code: "import { Entity, PrimaryColumn } from 'typeorm';\n@Entity('users')\nexport class User {\n  @PrimaryColumn() nickname!: string;\n  @PrimaryColumn() room!: string;\n}\n", reported: true },
  { what: 'sequelize-typescript @Unique', file: 'src/user.model.ts', code: "import { Column, Model, Table, Unique } from 'sequelize-typescript';\n@Table({ tableName: 'users' })\nexport class User extends Model {\n  @Unique\n  @Column\n  nickname!: string;\n}\n", reported: false },
  { what: 'knex .unique() with a predicate (partial index)', file: 'migrations/20240101_users.js', code: "exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments(); t.string('nickname').unique({ indexName: 'nick_live', predicate: knex.whereNull('deleted_at') }); });\n", reported: true },
  { what: 'mongoose schema.index unique', file: 'models/User.js', code: "const mongoose = require('mongoose');\nconst userSchema = new mongoose.Schema({ nickname: String });\nuserSchema.index({ nickname: 1 }, { unique: true });\nmodule.exports = mongoose.model('User', userSchema);\n", reported: false },
  { what: 'a column of that name in an unrelated table', file: 'migrations/1-profiles.js', code: "module.exports = { up: (qi, Sequelize) => qi.createTable('Profiles', { nickname: { type: Sequelize.STRING, unique: true } }) };\n", reported: true },
];

for (const c of CODE_CASES) {
  test(`code: ${c.what} → ${c.reported ? 'still reported' : 'a key'}`, () => {
    const engine = new Engine({ root });
    engine.updateFile(path.join(root, c.file), c.code);
    engine.updateFile(path.join(root, 'routes', 'users.js'), route);
    const found = engine.lintFile(path.join(root, 'routes', 'users.js')).findings.filter((f) => f.ruleId === 'no-unbounded-query');
    assert.equal(found.length, c.reported ? 1 : 0);
  });
}

test('a composite key bounds a read with equalities on all of its columns, not on some', () => {
  const engine = new Engine({ root });
  engine.updateFile(path.join(root, 'migrations', '1-members.js'), "exports.up = (knex) => knex.schema.createTable('members', (t) => { t.increments(); t.integer('room_id'); t.string('nickname'); t.unique(['room_id', 'nickname']); });\n");
  const members = (where: string) => route.replace("'SELECT * FROM users WHERE nickname = $1', [req.params.nickname]", `'SELECT * FROM members WHERE ${where}', [req.params.room, req.params.nickname]`);
  const reported = (where: string): number => {
    engine.updateFile(path.join(root, 'routes', 'users.js'), members(where));
    return engine.lintFile(path.join(root, 'routes', 'users.js')).findings.filter((f) => f.ruleId === 'no-unbounded-query').length;
  };
  assert.equal(reported('room_id = $1 AND nickname = $2'), 0);
  assert.equal(reported('room_id = $1'), 1);
});

test('Prisma relations: lists of another model are to-many, followed through to-one relations; scalar lists and enums are not relations', () => {
  const relations = prismaRelations(`
model Article {
  id       Int       @id
  tags     String[]
  status   Status
  author   Writer    @relation(fields: [authorId], references: [id])
  authorId Int
  comments Remark[]
}
model Writer {
  id         Int      @id
  followedBy Writer[] @relation("Follows")
  following  Writer[] @relation("Follows")
  profile    Profile?
}
model Remark { id Int @id }
model Profile { id Int @id }
enum Status { DRAFT PUBLISHED }
`);
  // Every relation here gets rows after its parent exists, except Remark, only made with its article.
  const added = new Set(['prisma-appends:writer.followedby', 'prisma-appends:article.tags', 'prisma-creates:profile']);
  const holds = (fact: string) => prismaToManyHolds(relations, `prisma-to-many:${fact}`, (code) => added.has(code));
  assert.equal(holds('article.comments'), false);
  added.add('prisma-creates:remark');
  assert.equal(holds('article.comments'), true);
  assert.equal(holds('article.author.followedBy'), true);
  assert.equal(holds('article.author'), false);
  assert.equal(holds('article.author.profile'), false);
  assert.equal(holds('article.tags'), false);
  assert.equal(holds('article.status'), false);
  assert.equal(holds('remark.comments'), false);
});

test('Prisma relations: without a schema.prisma, an include is not judged', () => {
  const engine = new Engine({ root });
  const file = path.join(root, 'routes', 'articles.js');
  engine.updateFile(file, `const express = require('express');
const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
const router = express.Router();
router.get('/articles/:id', async (req, res) => {
  res.json(await prisma.article.findUnique({ where: { id: Number(req.params.id) }, include: { comments: true } }));
});
module.exports = router;
`);
  assert.deepEqual(engine.lintFile(file).findings.filter((f) => f.ruleId === 'no-unbounded-query'), []);
});

test('Prisma writes: rows made on their own and rows connected one at a time in an update are facts; rows made with their parent or set from a list are not', () => {
  const file = path.join(root, 'src', 'writes.ts');
  const engine = new Engine({ root });
  engine.updateFile(file, `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function writes(id: number, userId: number) {
  await prisma.comment.create({ data: { body: 'x', articleId: id } });
  await prisma.user.update({ where: { id }, data: { followedBy: { connect: { id: userId } }, name: 'n' } });
  await prisma.order.create({ data: { lines: { create: [{ qty: 1 }] } } });
  await prisma.tag.upsert({ where: { id }, create: { name: 't' }, update: { articles: { connect: { id } } } });
  await prisma.article.update({ where: { id }, data: { tags: { set: [userId].map((t) => ({ id: t })) } } });
  await stripe.customers.create({ email: 'a@b.c' });
}
`);
  const facts = (engine as unknown as { index: { get(f: string): { facts: string[] } } }).index.get(file)!.facts.filter((f) => f.startsWith('prisma-creates:') || f.startsWith('prisma-appends:')).sort();
  assert.deepEqual(facts, ['prisma-appends:tag.articles', 'prisma-appends:user.followedby', 'prisma-creates:comment', 'prisma-creates:order', 'prisma-creates:tag']);
});

test('Prisma writes: each create records the columns that take the id of a row made before it in the same function; updates their fields; nested writes their relation', () => {
  const file = path.join(root, 'src', 'children.ts');
  const engine = new Engine({ root });
  engine.updateFile(file, `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function register(email: string, rows: { teamId: number }[], body: object) {
  const user = await prisma.user.create({ data: { email } });
  await prisma.userRole.create({ data: { role: 'USER', userID: user.id } });
  const { id } = await prisma.team.create({ data: { name: email } });
  await prisma.member.createMany({ data: [{ teamId: id, role: 'owner' }, { teamId: id, role: 'billing', userID: user.id }] });
  await prisma.profile.create({ data: { user: { connect: { id: user.id } }, bio: '' } });
  await prisma.membership.createMany({ data: rows });
  await prisma.post.update({ where: { id }, data: { comments: { create: { body: 'x', replies: { create: [] } } } } });
  await prisma.userRole.update({ where: { id }, data: body });
  await prisma.badge.create({ data: { ...body, userID: user.id } });
}
export async function elsewhere(userId: number) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  await prisma.note.create({ data: { userID: user!.id, text: 'x' } });
}
`);
  const facts = (engine as unknown as { index: { get(f: string): { facts: string[] } } }).index.get(file)!.facts.filter((f) => /^prisma-(create|update|nested-[a-z]+):/.test(f)).sort();
  assert.deepEqual(facts, [
    'prisma-create:badge|', 'prisma-create:member|teamid', 'prisma-create:membership|', 'prisma-create:note|', 'prisma-create:profile|user',
    'prisma-create:team|', 'prisma-create:user|', 'prisma-create:userrole|userid',
    'prisma-nested-connect:profile.user', 'prisma-nested-create:post.comments', 'prisma-nested-create:post.comments.replies',
    'prisma-update:post|comments', 'prisma-update:userrole|*',
  ].sort());
});

test('Prisma reads of a child by its parent are bounded when every write of the child makes it with a parent just created, and not when any write adds to an existing parent', () => {
  const relations = prismaRelations(`
model User { id Int @id
  roles UserRole[] }
model UserRole { id Int @id
  user User @relation(fields: [userID], references: [id])
  userID Int
  grantedBy Int }
`);
  const bounded = (facts: string[], filter = 'userid') => prismaReadBounded(`prisma-bounded:userrole|${filter}`, facts, relations);
  assert.equal(bounded(['prisma-create:userrole|userid']), true);
  assert.equal(bounded(['prisma-create:userrole|user']), true, 'a connected relation field is its foreign key');
  assert.equal(bounded(['prisma-create:userrole|userid'], 'grantedby'), false, 'the filter fixes another column');
  assert.equal(bounded(['prisma-create:userrole|userid'], 'grantedby+userid'), true);
  assert.equal(bounded([]), false, 'no writes tell nothing');
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-create:userrole|']), false);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-update:userrole|userid']), false);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-update:userrole|grantedby']), true);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-update:userrole|*']), false);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-nested-create:user.roles']), false);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-nested-connect:user.roles']), false);
  assert.equal(bounded(['prisma-create:userrole|userid', 'prisma-nested-connect:userrole.user']), true, 'the child connecting its own parent adds no child');
  assert.equal(bounded(['prisma-create:userrole|userid', 'knex-insert:userrole|unknown']), false);
  assert.equal(prismaReadBounded('prisma-bounded:userrole|userid', ['prisma-create:userrole|userid', 'prisma-nested-create:user.roles'], []), false, 'without a schema any nested write may be one');
});
