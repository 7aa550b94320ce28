// Database calls made through an ORM, for the capacity inventory: a Sequelize or mongoose model, a
// TypeORM repository, EntityManager or DataSource, a Prisma client's model delegate or `$` method.
// Models usually live in another file, registered in ways the binder cannot follow (`db.tutorials =
// require('./tutorial.model')(sequelize)`, `@InjectRepository(User)`, `fastify.decorate('prisma', …)`),
// so a call is recognised by its shape and method, and says which ORMs it may run on: the project
// index then attributes it to the project's one pool of those ORMs (none when it has several or none).
// A Prisma client a class field is declared with (`constructor(private db: PrismaService)`,
// `@Inject(PrismaService) db`) names its pool by that class, which the project index resolves.
// Calls that run on a connection the request already holds (a transaction's `tx`, Sequelize's
// `{ transaction: t }`) are no new use; a MongoDB session holds no connection. Pure: nodes in, facts out.
import { ts } from '@ts-morph/common';
import type { Binder as FullBinder } from './binder';
import type { UseKind } from './resources';
import type { Value } from './values';

const { SyntaxKind, canHaveDecorators, getDecorators, isArrayLiteralExpression, isAsExpression, isAwaitExpression, isCallExpression, isClassLike, isConstructorDeclaration, isElementAccessExpression, isIdentifier, isNonNullExpression, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isShorthandPropertyAssignment, isStringLiteral, isTypeReferenceNode } = ts;

export type OrmLibrary = 'sequelize' | 'prisma' | 'typeorm' | 'mongoose' | 'knex';

export type OrmCall =
  /** A query, checkout or transaction on the pool of one of `libraries`. */
  | { kind: 'use'; use: UseKind; libraries: OrmLibrary[]; injected?: boolean; unlessCode?: Value; clientClass?: Extract<Value, { kind: 'class' | 'project' }> }
  /** Runs on a connection the request already holds: not a new use. */
  | { kind: 'held' }
  /** Holds no connection (a MongoDB session, `startSession()`). */
  | { kind: 'none' };

const SEQUELIZE_MODEL = new Set(['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'findOrCreate', 'findCreateFind', 'findOrBuild', 'create', 'bulkCreate', 'update', 'destroy', 'count', 'max', 'min', 'sum', 'increment', 'decrement', 'upsert', 'restore', 'truncate', 'aggregate']);
const MONGOOSE_MODEL = new Set(['find', 'findOne', 'findById', 'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndRemove', 'findByIdAndRemove', 'findOneAndReplace', 'create', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'estimatedDocumentCount', 'count', 'aggregate', 'distinct', 'exists', 'replaceOne', 'bulkWrite']);
/** TypeORM Repository/EntityManager methods that run SQL (`create` and `merge` build entities in memory). */
const TYPEORM_REPOSITORY = new Set(['find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy', 'findByIds', 'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum', 'increment', 'decrement', 'query', 'clear', 'preload']);
const TYPEORM_QUERY_BUILDER_RUNS = new Set(['getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getManyAndCount', 'getRawAndEntities', 'getCount', 'getExists', 'execute', 'stream']);
const TYPEORM_REPOSITORY_FROM = new Set(['getRepository', 'getCustomRepository', 'getTreeRepository', 'getMongoRepository', 'withRepository']);
const PRISMA_DELEGATE = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy']);
/** Prisma delegate methods no other ORM's models have: the receiver's name need not say "prisma". */
const PRISMA_ONLY = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'createMany', 'createManyAndReturn', 'updateManyAndReturn', 'groupBy']);
const PRISMA_CLIENT_QUERIES = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', '$runCommandRaw', '$queryRawTyped']);
/** Methods whose callback runs inside a transaction on one held connection (its parameter is that connection). */
/** Methods whose callback runs on one connection held for the whole callback. */
export const TRANSACTION_CALLBACK_METHODS: ReadonlySet<string> = new Set(['transaction', '$transaction', 'withTransaction']);
/** Names a models namespace goes by (`db.tutorials.count()`, `models.user.findOne()`). */
const MODELS_NAMESPACE = /^(db|models?|database|orm)$/i;
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** What reading ORM calls needs of the binder (a rule context offers the same two). */
type Binder = Pick<FullBinder, 'resolve' | 'lookup'>;
/** MongoDB driver collection methods that run a command. */
const MONGO_COLLECTION = new Set(['find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'aggregate', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'bulkWrite']);

const SEQUELIZE_MODULES = new Set(['sequelize', '@sequelize/core', 'sequelize-typescript', '@nestjs/sequelize']);
const TYPEORM_MODULES = new Set(['typeorm', '@nestjs/typeorm']);
const MONGOOSE_MODULES = new Set(['mongoose', '@nestjs/mongoose', '@typegoose/typegoose']);

interface Link {
  name: string;
  call: ts.CallExpression;
  access: ts.PropertyAccessExpression;
}

/** The method calls `call` is made of, innermost first, and what they start from (`User.find().sort()` → [find, sort], User). */
function callsBelow(call: ts.CallExpression): { links: Link[]; root: ts.Expression } {
  const links: Link[] = [];
  let node: ts.Expression = call;
  while (isCallExpression(node) && isPropertyAccessExpression(strip(node.expression))) {
    const access = strip(node.expression) as ts.PropertyAccessExpression;
    links.unshift({ name: access.name.text, call: node, access });
    node = strip(access.expression);
  }
  return { links, root: node };
}

function strip(expr: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(expr) || isAsExpression(expr) || isNonNullExpression(expr) || isAwaitExpression(expr)) expr = expr.expression;
  return expr;
}

function finalName(expr: ts.Expression): string | undefined {
  const node = strip(expr);
  if (isIdentifier(node)) return node.text;
  if (isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

function leftmost(expr: ts.Expression): ts.Expression {
  let node = strip(expr);
  for (;;) {
    if (isPropertyAccessExpression(node) || isElementAccessExpression(node)) node = strip(node.expression);
    else if (isCallExpression(node)) node = strip(node.expression);
    else return node;
  }
}

function isPascalCase(name: string | undefined): boolean {
  return name !== undefined && /^[A-Z][A-Za-z0-9]*$/.test(name) && /[a-z]/.test(name);
}

/** `{ transaction: t }` in the call's options (Sequelize): it runs on the transaction's connection. */
function passesTransaction(links: Link[]): boolean {
  return links.some((link) =>
    link.call.arguments.some(
      (arg) =>
        isObjectLiteralExpression(arg) &&
        arg.properties.some((p) => {
          const name = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
          if (name !== 'transaction') return false;
          if (isShorthandPropertyAssignment(p)) return true;
          if (!isPropertyAssignment(p)) return false;
          const value = p.initializer.kind;
          return value !== SyntaxKind.FalseKeyword && value !== SyntaxKind.TrueKeyword && value !== SyntaxKind.NullKeyword && !(isIdentifier(p.initializer) && p.initializer.text === 'undefined');
        }),
    ),
  );
}

/** The receiver is the parameter of a transaction callback (`prisma.$transaction(async (tx) => tx.user…)`). */
function isTransactionParameter(root: ts.Expression, binder: Binder): boolean {
  const base = leftmost(root);
  if (!isIdentifier(base)) return false;
  const value = binder.resolve(base);
  if (value.kind !== 'parameter') return false;
  const fn = value.node.parent;
  const call = fn?.parent;
  if (!call || !isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const callee = strip(call.expression);
  return isPropertyAccessExpression(callee) && TRANSACTION_CALLBACK_METHODS.has(callee.name.text);
}

/** The call is an element of the array a `$transaction([…])` runs as one batch. */
function inTransactionBatch(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (isAwaitExpression(node.parent) || isParenthesizedExpression(node.parent)) node = node.parent;
  const array = node.parent;
  if (!array || !isArrayLiteralExpression(array)) return false;
  const outer = array.parent;
  if (!outer || !isCallExpression(outer) || outer.arguments[0] !== array) return false;
  const callee = strip(outer.expression);
  return isPropertyAccessExpression(callee) && callee.name.text === '$transaction';
}

type Injected = { library: 'typeorm' | 'mongoose' | 'sequelize'; role: 'repository' | 'manager' | 'model' | 'connection' };

/**
 * `this.repo` in a class: what its declaration says it is — a NestJS injection decorator
 * (`@InjectRepository`, `@InjectModel`, `@InjectDataSource`, `@InjectEntityManager`,
 * `@InjectConnection`) or a type from an ORM (`Repository<User>`, `DataSource`, `Model<Cat>`).
 */
function injectedMember(root: ts.Expression, binder: Binder): Injected | undefined {
  const node = strip(root);
  if (!isPropertyAccessExpression(node) || node.expression.kind !== SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = node.parent;
  while (cls && !isClassLike(cls)) cls = cls.parent;
  if (!cls || !isClassLike(cls)) return undefined;
  const field = node.name.text;
  for (const member of cls.members) {
    const targets: (ts.PropertyDeclaration | ts.ParameterDeclaration)[] = [];
    if (isPropertyDeclaration(member) && member.name && isIdentifier(member.name) && member.name.text === field) targets.push(member);
    if (isConstructorDeclaration(member)) targets.push(...member.parameters.filter((p) => isIdentifier(p.name) && p.name.text === field));
    for (const target of targets) {
      const decorators = canHaveDecorators(target) ? (getDecorators(target) ?? []) : [];
      for (const decorator of decorators) {
        const expr = isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
        const value = binder.resolve(expr);
        if (value.kind !== 'library') continue;
        const name = value.path[value.path.length - 1];
        if (value.module === '@nestjs/typeorm') {
          if (name === 'InjectRepository') return { library: 'typeorm', role: 'repository' };
          if (name === 'InjectDataSource' || name === 'InjectEntityManager' || name === 'InjectConnection') return { library: 'typeorm', role: 'manager' };
        }
        if (value.module === '@nestjs/mongoose') {
          if (name === 'InjectModel') return { library: 'mongoose', role: 'model' };
          if (name === 'InjectConnection') return { library: 'mongoose', role: 'connection' };
        }
        if (value.module === '@nestjs/sequelize') {
          if (name === 'InjectModel') return { library: 'sequelize', role: 'model' };
          if (name === 'InjectConnection') return { library: 'sequelize', role: 'manager' };
        }
      }
      const type = target.type;
      if (type && isTypeReferenceNode(type)) {
        const typeName = isIdentifier(type.typeName) ? type.typeName : type.typeName.right;
        const value = binder.resolve(isIdentifier(type.typeName) ? type.typeName : typeName);
        if (value.kind !== 'library') continue;
        const name = value.path[value.path.length - 1];
        if (TYPEORM_MODULES.has(value.module)) {
          if (name === 'Repository' || name === 'TreeRepository' || name === 'MongoRepository') return { library: 'typeorm', role: 'repository' };
          if (name === 'DataSource' || name === 'EntityManager' || name === 'Connection') return { library: 'typeorm', role: 'manager' };
        }
        if (MONGOOSE_MODULES.has(value.module)) {
          if (name === 'Model') return { library: 'mongoose', role: 'model' };
          if (name === 'Connection') return { library: 'mongoose', role: 'connection' };
        }
        if (SEQUELIZE_MODULES.has(value.module) && name === 'Sequelize') return { library: 'sequelize', role: 'manager' };
      }
    }
  }
  return undefined;
}

/**
 * The class a `this.<field>` declaration names as what the field holds: NestJS's `@Inject(PrismaService)`
 * argument, else the type (`private readonly db: PrismaService`, `prisma: PrismaClient`), as the
 * binder resolves that name (a library export, a class of this file, a project import).
 */
function declaredClassOf(receiver: ts.Expression, binder: Binder): Value | undefined {
  const node = strip(receiver);
  if (!isPropertyAccessExpression(node) || node.expression.kind !== SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = node.parent;
  while (cls && !isClassLike(cls)) cls = cls.parent;
  if (!cls || !isClassLike(cls)) return undefined;
  const field = node.name.text;
  const targets: (ts.PropertyDeclaration | ts.ParameterDeclaration)[] = [];
  for (const member of cls.members) {
    if (isPropertyDeclaration(member) && member.name && isIdentifier(member.name) && member.name.text === field) targets.push(member);
    if (isConstructorDeclaration(member)) targets.push(...member.parameters.filter((p) => isIdentifier(p.name) && p.name.text === field));
  }
  // Declared twice (an overload, a property and a parameter): no single answer.
  if (targets.length !== 1) return undefined;
  const target = targets[0]!;
  for (const decorator of canHaveDecorators(target) ? (getDecorators(target) ?? []) : []) {
    if (!isCallExpression(decorator.expression)) continue;
    const callee = binder.resolve(decorator.expression.expression);
    if (callee.kind !== 'library' || callee.module !== '@nestjs/common' || callee.path[callee.path.length - 1] !== 'Inject') continue;
    const token = decorator.expression.arguments[0];
    // `@Inject('PRISMA')`: a token names no class; the type may still.
    if (token && isIdentifier(token)) return binder.resolve(token);
  }
  const type = target.type;
  return type && isTypeReferenceNode(type) && isIdentifier(type.typeName) ? binder.resolve(type.typeName) : undefined;
}

/** A local class extending an ORM's model base (`class User extends Model`, `extends BaseEntity`). */
function modelClassLibrary(value: Value, binder: Binder): OrmLibrary | undefined {
  if (value.kind !== 'class') return undefined;
  for (const clause of value.node.heritageClauses ?? []) {
    if (clause.token !== SyntaxKind.ExtendsKeyword) continue;
    for (const type of clause.types) {
      const base = binder.resolve(type.expression);
      if (base.kind !== 'library') continue;
      const name = base.path[base.path.length - 1];
      if (SEQUELIZE_MODULES.has(base.module) && name === 'Model') return 'sequelize';
      if (TYPEORM_MODULES.has(base.module) && name === 'BaseEntity') return 'typeorm';
    }
  }
  return undefined;
}

/** What a query builder chain does: runs a query when it ends in an executing method. */
function queryBuilderUse(links: Link[], from: number): UseKind | undefined {
  const last = links[links.length - 1]!;
  return links.length > from + 1 && TYPEORM_QUERY_BUILDER_RUNS.has(last.name) ? 'query' : undefined;
}

/**
 * The ORM call `call` makes, if it is one (see the file's header). Builder chains: pass the outermost call.
 * `declaredClasses`: a field declared with a project class (`db: PrismaService`) is taken for a Prisma
 * client, with the class in `clientClass`, for a caller that can ask the project index whether the
 * class is one (the summary's uses); a rule alone cannot, and keeps the guesses by name and method.
 */
export function ormCall(call: ts.CallExpression, binder: Binder, options: { declaredClasses?: boolean } = {}): OrmCall | undefined {
  const { links, root } = callsBelow(call);
  const first = links[0];
  if (!first) return undefined;
  // `Model.create(…).then(…)`: the query is the inner call, counted on its own.
  if (PROMISE_METHODS.has(links[links.length - 1]!.name)) return undefined;
  const m = first.name;
  // `prisma.$transaction([prisma.a.findMany(), prisma.a.count()])`: the batch runs on the transaction's connection;
  // so does a knex builder given the transaction (`db('todos').insert(row).transacting(trx)`).
  if (inTransactionBatch(call) || links.some((link) => link.name === 'transacting')) return { kind: 'held' };
  const rootName = finalName(root);
  const base = leftmost(root);
  // Models are imported or declared: an unbound name is a global (`Math.max`, `Promise.all`).
  if (isIdentifier(base) && !binder.lookup(base.text, base)) return undefined;
  if (base.kind !== SyntaxKind.ThisKeyword && !isIdentifier(base)) return undefined;
  if (isTransactionParameter(root, binder)) return { kind: 'held' };
  const use = (kind: UseKind | undefined, libraries: OrmLibrary[], extra: { injected?: boolean; unlessCode?: Value } = {}): OrmCall | undefined =>
    kind && libraries.length > 0 ? { kind: 'use', use: kind, libraries, ...extra } : undefined;
  const value = binder.resolve(root);

  // A Prisma client a field's declaration names (NestJS injection): `this.db.user.create()` with
  // `db: PrismaClient`, or `db: PrismaService` (a class the project index knows is the client when it
  // extends PrismaClient, and knows is not one when it is other project code), whatever the field's name.
  const rootNode = strip(root);
  const clientExpr = m.startsWith('$') ? rootNode : isPropertyAccessExpression(rootNode) && PRISMA_DELEGATE.has(m) ? rootNode.expression : undefined;
  const declared = clientExpr ? declaredClassOf(clientExpr, binder) : undefined;
  if (declared) {
    const kind: UseKind | undefined = m === '$transaction' ? 'transaction' : m.startsWith('$') ? (PRISMA_CLIENT_QUERIES.has(m) ? 'query' : undefined) : 'query';
    if (declared.kind === 'library' && declared.module === '@prisma/client' && declared.path[declared.path.length - 1] === 'PrismaClient') return use(kind, ['prisma']);
    if (options.declaredClasses && (declared.kind === 'class' || declared.kind === 'project')) return kind ? { kind: 'use', use: kind, libraries: ['prisma'], clientClass: declared } : undefined;
  }

  // Prisma's client methods: `$transaction` holds one connection for the callback or the batch.
  if (m.startsWith('$')) {
    if (m === '$transaction') return use('transaction', ['prisma']);
    return PRISMA_CLIENT_QUERIES.has(m) ? use('query', ['prisma']) : undefined;
  }
  if (passesTransaction(links)) return { kind: 'held' };

  // NestJS injection or an ORM type on a class member.
  const injected = injectedMember(root, binder);
  if (injected) {
    const libs = [injected.library];
    if (injected.role === 'connection') {
      if (m === 'startSession' || m === 'transaction' || m === 'withTransaction') return { kind: 'none' };
      // `this.connection.collection('users').insertOne(…)`: the driver's collection on the connection's pool.
      return use(m === 'collection' && links[1] && MONGO_COLLECTION.has(links[1].name) ? 'query' : undefined, libs, { injected: true });
    }
    if (m === 'createQueryBuilder') return use(queryBuilderUse(links, 0), libs, { injected: true });
    if (TYPEORM_REPOSITORY_FROM.has(m)) {
      const next = links[1];
      if (!next) return undefined;
      if (next.name === 'createQueryBuilder') return use(queryBuilderUse(links, 1), libs, { injected: true });
      return use(TYPEORM_REPOSITORY.has(next.name) ? 'query' : undefined, libs, { injected: true });
    }
    if (injected.role === 'manager') {
      if (m === 'transaction') return use('transaction', libs, { injected: true });
      if (m === 'createQueryRunner') return use('checkout', libs, { injected: true });
      if (injected.library === 'sequelize') return use(m === 'query' ? 'query' : undefined, libs, { injected: true });
    }
    if (injected.library === 'typeorm') return use(TYPEORM_REPOSITORY.has(m) ? 'query' : undefined, libs, { injected: true });
    if (injected.library === 'mongoose') return use(MONGOOSE_MODEL.has(m) ? 'query' : undefined, libs, { injected: true });
    return use(SEQUELIZE_MODEL.has(m) ? 'query' : undefined, libs, { injected: true });
  }

  // A MongoDB session holds no connection between operations (see resources.ts).
  if (m === 'startSession' || m === 'withTransaction') {
    const library = value.kind === 'library' || value.kind === 'instance' || value.kind === 'remote-instance' ? value.module : undefined;
    if (library && MONGOOSE_MODULES.has(library)) return { kind: 'none' };
    if (rootName === 'mongoose' || /session/i.test(rootName ?? '')) return { kind: 'none' };
  }

  // Prisma delegates: `prisma.user.findMany()`, `this.prisma.order.create()`, `fastify.prisma.product.update()`.
  if (isPropertyAccessExpression(rootNode) && PRISMA_DELEGATE.has(m)) {
    const client = binder.resolve(rootNode.expression);
    const isPrismaClient = ((client.kind === 'instance' || client.kind === 'remote-instance') && client.module === '@prisma/client') || /prisma/i.test(finalName(rootNode.expression) ?? '');
    if (isPrismaClient || PRISMA_ONLY.has(m)) return use('query', ['prisma']);
  }

  // TypeORM through a DataSource/EntityManager the binder knows (`AppDataSource.getRepository(User).find()`).
  const typeormValue = (value.kind === 'instance' || value.kind === 'remote-instance') && TYPEORM_MODULES.has(value.module);
  if (typeormValue || (TYPEORM_REPOSITORY_FROM.has(m) && /dataSource|manager|connection/i.test(rootName ?? ''))) {
    if (m === 'createQueryBuilder') return use(queryBuilderUse(links, 0), ['typeorm']);
    if (TYPEORM_REPOSITORY_FROM.has(m)) {
      const next = links[1];
      if (next?.name === 'createQueryBuilder') return use(queryBuilderUse(links, 1), ['typeorm']);
      return use(next && TYPEORM_REPOSITORY.has(next.name) ? 'query' : undefined, ['typeorm']);
    }
    if (m === 'transaction') return use('transaction', ['typeorm']);
    if (m === 'createQueryRunner') return use('checkout', ['typeorm']);
    return use(TYPEORM_REPOSITORY.has(m) ? 'query' : undefined, ['typeorm']);
  }

  // A Sequelize instance: `sequelize.transaction(cb)`, `db.sequelize.query(sql)`.
  if (/sequelize/i.test(rootName ?? '') && (value.kind === 'project' || value.kind === 'unknown' || value.kind === 'parameter')) {
    if (m === 'transaction') return use('transaction', ['sequelize']);
    if (m === 'query') return use('query', ['sequelize']);
    return undefined;
  }

  // mongoose models the binder knows: `mongoose.model('Post', schema)` here or exported from another file.
  if ((value.kind === 'instance' || value.kind === 'remote-instance') && MONGOOSE_MODULES.has(value.module) && [...value.factory, ...value.path].includes('model')) {
    return use(MONGOOSE_MODEL.has(m) ? 'query' : undefined, ['mongoose']);
  }
  const classLibrary = modelClassLibrary(value, binder);
  if (classLibrary) {
    const methods = classLibrary === 'sequelize' ? SEQUELIZE_MODEL : TYPEORM_REPOSITORY;
    return use(methods.has(m) ? 'query' : undefined, [classLibrary]);
  }

  // A model by its shape: a PascalCase name (`Tutorial`, `db.User`) or a member of a models
  // namespace (`db.tutorials`), from another file or a value the binder cannot name. Which ORM
  // depends on the method; the project picks its one pool among them.
  if (value.kind !== 'project' && value.kind !== 'unknown') return undefined;
  const namespaced = isPropertyAccessExpression(rootNode) && MODELS_NAMESPACE.test(finalName(rootNode.expression) ?? '');
  if (!isPascalCase(rootName) && !namespaced) return undefined;
  const libraries: OrmLibrary[] = [];
  if (SEQUELIZE_MODEL.has(m)) libraries.push('sequelize');
  if (MONGOOSE_MODEL.has(m)) libraries.push('mongoose');
  if (TYPEORM_REPOSITORY.has(m) && isPascalCase(rootName)) libraries.push('typeorm');
  // `UsersService.create()` imported from a service file is project code, not a model: the project
  // index checks `unlessCode` before attributing the call to a pool.
  const unlessCode = binder.resolve(first.access);
  return use('query', libraries, unlessCode.kind === 'project' ? { unlessCode } : {});
}
