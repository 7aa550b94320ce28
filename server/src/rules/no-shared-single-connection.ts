// no-shared-single-connection: one database connection (a pg Client, a mysql createConnection)
// created once per process and used by request handlers, so every query of every user waits
// in line on that single connection. The connection may be made in another file and imported
// (`module.exports = client` in db.js, `db.query(…)` in routes/): that file creates it at module
// level, so it is shared by every request all the same.
import { ts } from '@ts-morph/common';
import type { Value } from '../engine/values';
import { enclosingClass } from '../engine/ast';
import { LIBRARY_DEFAULTS, REFERENCE_USERS } from '../engine/library-defaults';
import { formatNumber, indentationAt, nodeText, optionsShape, relativeFileName } from './utils';
import type { Binding } from '../engine/binder';
import type { ReportFix, RuleContext, RuleModule } from './types';

type Creation = ts.NewExpression | ts.CallExpression;

interface SingleConnection {
  library: 'pg' | 'mysql';
  label: string;
  /** Methods that run a query on the connection. */
  queries: ReadonlySet<string>;
  /** The creation in this file; undefined for a connection imported from the file that made it. */
  creation: Creation | undefined;
  /** That file, for an imported connection. */
  file: string | undefined;
  /** The same key for every use of the same connection. */
  key: string;
}

const MYSQL_MODULES = ['mysql', 'mysql2', 'mysql2/promise'];
const PG_QUERIES = new Set(['query']);
const MYSQL_QUERIES = new Set(['query', 'execute']);
/** An illustrative query time for the message: the queue grows by this much per waiting request. */
const EXAMPLE_QUERY_MS = 5;

function singleConnection(value: Value): SingleConnection | undefined {
  if ((value.kind !== 'instance' && value.kind !== 'remote-instance') || value.path.length !== 0) return undefined;
  const factory = value.factory.join('.');
  const where =
    value.kind === 'instance'
      ? { creation: value.creation, file: undefined, key: `local@${value.creation.pos}` }
      : { creation: undefined, file: value.file, key: `remote@${value.file}#${value.resourceId ?? factory}` };
  if (value.module === 'pg' && (factory === 'Client' || factory === 'native.Client')) {
    return { library: 'pg', label: 'one pg Client', queries: PG_QUERIES, ...where };
  }
  if (MYSQL_MODULES.includes(value.module) && factory === 'createConnection') {
    return { library: 'mysql', label: `one ${value.module} connection`, queries: MYSQL_QUERIES, ...where };
  }
  return undefined;
}

function decoratorNamed(node: ts.HasDecorators, name: string): ts.Decorator | undefined {
  return (ts.getDecorators(node) ?? []).find((d) => {
    const expression = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(expression) && expression.text === name;
  });
}

/**
 * Created once per process: at module level, or in a NestJS provider (a singleton unless its
 * @Injectable() asks for request or transient scope) as a field or in its constructor.
 */
function isSharedCreation(creation: Creation, context: RuleContext): boolean {
  const fn = context.enclosingFunction(creation);
  const cls = enclosingClass(creation);
  if (!cls) return fn === undefined;
  if (fn && !(ts.isConstructorDeclaration(fn) && fn.parent === cls)) return false;
  const injectable = ts.isClassDeclaration(cls) ? decoratorNamed(cls, 'Injectable') : undefined;
  return injectable !== undefined && !/\bscope\s*:\s*Scope\.(REQUEST|TRANSIENT)/.test(injectable.getText());
}

/**
 * Is this connection a LISTEN/NOTIFY listener (a dedicated connection is the right tool for that)?
 * For an imported connection only this file's uses can be seen (see the report on engine gaps).
 */
function isListener(connection: SingleConnection, context: RuleContext): boolean {
  const { creation } = connection;
  let listener = false;
  const visit = (node: ts.Node): void => {
    if (listener) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const access = node.expression;
      const method = access.name.text;
      const first = node.arguments[0];
      const owner = (): boolean => {
        const value = context.resolve(access.expression);
        if (creation) return value.kind === 'instance' && value.creation === creation && value.path.length === 0;
        return singleConnection(value)?.key === connection.key;
      };
      if ((method === 'on' || method === 'once') && first && ts.isStringLiteralLike(first) && first.text === 'notification' && owner()) listener = true;
      else if (method === 'query' && first && ts.isStringLiteralLike(first) && /^\s*LISTEN\b/i.test(first.text) && owner()) listener = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(context.sourceFile);
  return listener;
}

// ---- the fix: a pool with the same options ----------------------------------------------------

/** SQL that only works when every statement runs on the same connection. */
const SESSION_SQL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|LISTEN|UNLISTEN|SET\s|PREPARE|DECLARE|LOCK|CREATE\s+TEMP)/i;

function sqlText(arg: ts.Expression | undefined): string | undefined {
  if (!arg) return undefined;
  if (ts.isStringLiteralLike(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.head.text;
  if (ts.isObjectLiteralExpression(arg)) {
    const text = arg.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && (p.name.text === 'text' || p.name.text === 'sql'));
    return text && ts.isPropertyAssignment(text) ? sqlText(text.initializer) : undefined;
  }
  return undefined;
}

/** True when the expression is certainly a string (a literal, a template, `process.env.X`). */
function isStringValued(expr: ts.Expression, context: RuleContext): boolean {
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return true;
  const value = context.resolve(expr);
  if (value.kind === 'library' && value.module === 'global' && value.path.length === 3 && value.path[0] === 'process' && value.path[1] === 'env') return true;
  if (ts.isIdentifier(expr) && value.kind === 'expression' && value.node !== expr) return isStringValued(value.node, context);
  return false;
}

/** The edits that remove a whole statement, with its line when it stands alone. */
function removeStatement(statement: ts.Statement, sourceFile: ts.SourceFile): { start: number; end: number; newText: string } {
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.getEnd());
  const alone = text.slice(lineStart, start).trim() === '' && text.slice(statement.getEnd(), lineEnd === -1 ? text.length : lineEnd).trim() === '';
  if (!alone) return { start, end: statement.getEnd(), newText: '' };
  return { start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, newText: '' };
}

/** `Client` in `const { Client } = require('pg')` / `import { Client } from 'pg'`, unrenamed. */
function importedName(identifier: ts.Identifier, context: RuleContext): ts.Identifier | undefined {
  const binding = context.lookupBinding(identifier.text, identifier);
  if (!binding || !context.isModuleLevelBinding(binding)) return undefined;
  const declaration = binding.declaration;
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isImportSpecifier(node) || ts.isBindingElement(node)) && !node.propertyName && ts.isIdentifier(node.name) && node.name.text === identifier.text) found = node.name;
    ts.forEachChild(node, visit);
  };
  visit(declaration);
  return found;
}

function identifierUses(name: string, sourceFile: ts.SourceFile): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isMemberName) uses.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return uses;
}

/**
 * Replaces `new Client(opts)` with `new Pool(opts)` (mysql: createConnection → createPool) when that
 * is certainly right: the variable is only used for queries a pool runs the same way, `end()` and
 * error listeners, and its module-level `connect()` (which a pool does not need) can be removed.
 */
function poolFix(connection: SingleConnection, context: RuleContext): ReportFix | undefined {
  const sourceFile = context.sourceFile;
  const { creation } = connection;
  // An imported connection is changed in the file that makes it.
  if (!creation) return undefined;
  let node: ts.Node = creation;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  if (!context.isModuleLevel(declaration)) return undefined;
  const name = declaration.name.text;
  const edits: { start: number; end: number; newText: string }[] = [];

  // Every use of the variable must keep working on a pool.
  const allowed = connection.library === 'pg' ? new Set(['query', 'end', 'on']) : new Set(['query', 'execute', 'end', 'on', 'escape', 'escapeId']);
  for (const use of identifierUses(name, sourceFile)) {
    if (use === declaration.name) continue;
    const binding = context.lookupBinding(name, use);
    if (!binding || binding.declaration !== declaration) continue;
    const access = use.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== use || !ts.isCallExpression(access.parent) || access.parent.expression !== access) return undefined;
    const call = access.parent;
    const method = access.name.text;
    if (method === 'connect') {
      // Only a bare module-level `client.connect();` / `await client.connect();` can go.
      if (call.arguments.length > 0 || !context.isModuleLevel(call)) return undefined;
      let statement: ts.Node = call;
      if (ts.isAwaitExpression(statement.parent)) statement = statement.parent;
      if (!ts.isExpressionStatement(statement.parent)) return undefined;
      edits.push(removeStatement(statement.parent, sourceFile));
      continue;
    }
    if (!allowed.has(method)) return undefined;
    if (method === 'on') {
      const event = call.arguments[0];
      if (!event || !ts.isStringLiteralLike(event) || event.text !== 'error') return undefined;
      continue;
    }
    if (method === 'query' || method === 'execute') {
      const sql = sqlText(call.arguments[0]);
      if (sql !== undefined && SESSION_SQL.test(sql)) return undefined;
    }
  }

  // pg's Pool takes an options object only; a connection string becomes { connectionString }.
  const args = creation.arguments ?? ts.factory.createNodeArray();
  if (connection.library === 'pg' && args.length > 0) {
    if (args.length > 1) return undefined;
    const shape = optionsShape(args[0], context);
    if (shape.kind === 'opaque') {
      if (!isStringValued(shape.node, context)) return undefined;
      edits.push({ start: args[0]!.getStart(sourceFile), end: args[0]!.getEnd(), newText: `{ connectionString: ${nodeText(args[0]!, sourceFile)} }` });
    }
  }

  // The callee: `pg.Client` → `pg.Pool`, `Client` → `Pool` (importing Pool), likewise createConnection.
  const target = connection.library === 'pg' ? 'Pool' : 'createPool';
  const callee = creation.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    edits.push({ start: callee.name.getStart(sourceFile), end: callee.name.getEnd(), newText: target });
  } else if (ts.isIdentifier(callee)) {
    const existing = context.lookupBinding(target, sourceFile);
    if (existing) {
      // Reuse an existing `Pool` / `createPool` binding only when it is certainly the library's.
      if (!isLibraryExport(existing, target, context)) return undefined;
    } else {
      const element = importedName(callee, context);
      if (!element) return undefined;
      const otherUses = identifierUses(callee.text, sourceFile).filter((u) => u !== callee && u !== element);
      edits.push({ start: element.getStart(sourceFile), end: element.getEnd(), newText: otherUses.length > 0 ? `${callee.text}, ${target}` : target });
    }
    edits.push({ start: callee.getStart(sourceFile), end: callee.getEnd(), newText: target });
  } else {
    return undefined;
  }

  // Keep the variable name; a comment says why it is a pool now.
  const statement = declaration.parent.parent;
  if (ts.isVariableStatement(statement)) {
    const at = statement.getStart(sourceFile);
    const indent = indentationAt(sourceFile.text, at);
    edits.push({ start: at, end: at, newText: `// A pool: each query borrows one of up to max connections instead of queueing on one.\n${indent}` });
  }
  return { title: connection.library === 'pg' ? `Use a pg Pool instead of one shared Client` : 'Use createPool instead of one shared connection', edits };
}

/** `import { Pool } from 'pg'` or `const { Pool } = require('pg')` (or a mysql module). */
function isLibraryExport(binding: Binding, name: string, context: RuleContext): boolean {
  if (!context.isModuleLevelBinding(binding)) return false;
  const modules = ['pg', ...MYSQL_MODULES];
  if (binding.kind === 'import') return binding.importSpecifier !== undefined && modules.includes(binding.importSpecifier) && binding.importPath?.join('.') === name;
  if (binding.kind !== 'var' || binding.destructure.join('.') !== name || !binding.init) return false;
  const init = binding.init;
  return ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments.length === 1 && ts.isStringLiteralLike(init.arguments[0]!) && modules.includes(init.arguments[0].text);
}

function lineOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export const rule: RuleModule = {
  meta: {
    id: 'no-shared-single-connection',
    category: 'pooling',
    defaultSeverity: 'warning',
    scope: 'request-path',
    requiresTypeInfo: false,
    fixKind: 'suggestion',
    messages: {
      sharedConnection:
        '`{{call}}` runs on {{what}} created once (line {{line}}) and shared by every request: a connection runs one query at a time, so the queries of all users wait in line. At {{users}} concurrent requests and {{queryMs}} ms per query the last one waits {{wait}} s; a pool of {{poolMax}} connections cuts that to {{poolWait}} s, and one dropped connection no longer takes the whole service down. Use {{pool}} instead.',
      sharedImportedConnection:
        '`{{call}}` runs on {{what}} created once in `{{file}}` and shared by every request: a connection runs one query at a time, so the queries of all users wait in line. At {{users}} concurrent requests and {{queryMs}} ms per query the last one waits {{wait}} s; a pool of {{poolMax}} connections cuts that to {{poolWait}} s, and one dropped connection no longer takes the whole service down. Create {{pool}} in `{{file}}` instead.',
    },
    docs: {
      description: 'Reports request handlers that query through a single shared database connection (a module-level pg `Client` or mysql `createConnection()`, in the same file or imported from another) instead of a pool.',
      rationale: [
        'A database connection executes one query at a time. When one `new Client()` (or `mysql.createConnection()`) is created at startup and every handler queries through it, the queries of all concurrent requests queue on that one connection: at 1,000 concurrent requests and 5 ms per query the last one waits 5 s, however many cores the database has.',
        'A pool (`new Pool()`, `mysql.createPool()`) runs up to `max` queries in parallel (10 by default) and replaces connections that die. A single Client that loses its connection stays broken until the process restarts, and a transaction (`BEGIN` … `COMMIT`) on a shared connection silently mixes in other requests\' queries.',
        'The fix swaps the constructor for the pool with the same options (a pg connection string becomes `{ connectionString }`) and removes the module-level `connect()` a pool does not need. It is offered only when every use of the variable works the same on a pool; code that runs `BEGIN`, `SET` or `LISTEN` on it needs `pool.connect()` instead.',
      ].join('\n\n'),
      bad: [
        "const { Client } = require('pg');",
        '',
        'const db = new Client({ connectionString: process.env.DATABASE_URL });',
        'db.connect();',
        '',
        "app.get('/users/:id', async (req, res) => {",
        "  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);",
        '  res.json(rows[0]);',
        '});',
      ].join('\n'),
      good: [
        "const { Pool } = require('pg');",
        '',
        'const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });',
        '',
        "app.get('/users/:id', async (req, res) => {",
        "  const { rows } = await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]);",
        '  res.json(rows[0]);',
        '});',
      ].join('\n'),
      whenNotToUse:
        'A dedicated connection is right for `LISTEN`/`NOTIFY` (a Client with `on(\'notification\')` or a `LISTEN` query is not reported), and for scripts and jobs that run one query after another; those are not request handlers and are not reported. A connection used only at startup is not reported either.',
    },
  },
  create(context) {
    const reportedPerFunction = new Set<string>();
    const listeners = new Map<string, boolean>();
    const fixes = new Map<string, ReportFix | undefined>();
    return {
      CallExpression: (call) => {
        const callee = call.expression;
        if (!ts.isPropertyAccessExpression(callee) || context.isModuleLevel(call)) return;
        const connection = singleConnection(context.resolve(callee.expression));
        if (!connection || !connection.queries.has(callee.name.text)) return;
        // An imported instance is an export of the file that made it: made once, at module level.
        if (connection.creation && !isSharedCreation(connection.creation, context)) return;
        if (!listeners.has(connection.key)) listeners.set(connection.key, isListener(connection, context));
        if (listeners.get(connection.key)) return;
        // One finding per function and connection: every handler that uses it is told once.
        const fn = context.enclosingFunction(call);
        const key = `${connection.key}:${fn?.pos ?? -1}`;
        if (reportedPerFunction.has(key)) return;
        reportedPerFunction.add(key);
        if (!fixes.has(connection.key)) fixes.set(connection.key, poolFix(connection, context));
        const fix = fixes.get(connection.key);
        const poolMax = connection.library === 'pg' ? LIBRARY_DEFAULTS.pgPoolMax.value : LIBRARY_DEFAULTS.mysql2ConnectionLimit.value;
        const waitMs = REFERENCE_USERS * EXAMPLE_QUERY_MS;
        context.report({
          node: callee,
          messageId: connection.creation ? 'sharedConnection' : 'sharedImportedConnection',
          data: {
            call: `${nodeText(callee, context.sourceFile)}()`,
            what: connection.label,
            ...(connection.creation ? { line: lineOf(connection.creation, context.sourceFile) } : { file: relativeFileName(connection.file!, context.sourceFile) }),
            users: formatNumber(REFERENCE_USERS),
            queryMs: EXAMPLE_QUERY_MS,
            wait: formatNumber(waitMs / 1000),
            poolMax,
            poolWait: formatNumber(waitMs / poolMax / 1000),
            pool: connection.library === 'pg' ? 'a pg Pool (`new Pool()`, same options)' : '`createPool()` with the same options',
          },
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
};

