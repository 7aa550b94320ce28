// What calling a function does to a database driver's pool, read from the function's body:
//   acquires             it waits for a connection of the pool (`query: (text, params) => pool.query(text, params)`,
//                        `async function query(…) { const res = await pool.query(…); …; return res }`);
//   returns-checkout     it returns a client checked out of the pool (`getClient: () => pool.connect()`);
//   holds-while-calling  it calls one of its parameters while it holds a connection (`withTransaction(fn)`).
// These are the node-postgres docs' `db/index.js` helpers and their mysql twins. The summary keeps
// them per function so other files can ask through the project index; rules ask directly for
// functions of their own file. Only driver pools (pg, mysql, mysql2, mariadb): ORMs have their own
// transaction APIs, which no-nested-pool-acquire reads at the call site.
import { ts } from '@ts-morph/common';
import type { Value } from './values';

export type PoolEffectKind = 'acquires' | 'returns-checkout' | 'holds-while-calling';
export type PoolDriver = 'pg' | 'mysql' | 'mariadb';

/** A pool as the function's file sees it: made there, or imported from the file that made it. */
export type PoolValue = Extract<Value, { kind: 'instance' | 'remote-instance' }>;

export interface LocalPoolEffect {
  kind: PoolEffectKind;
  /** The pool the function uses, or another function (a project import) whose effect it passes on. */
  target: { pool: PoolValue } | { via: Extract<Value, { kind: 'project' }> };
  /** The call that does it, for messages. */
  call: ts.CallExpression;
  /** For holds-while-calling: the index of the parameter called while holding. */
  param?: number;
}

const DRIVER_POOLS: { modules: readonly string[]; factory: string; driver: PoolDriver }[] = [
  { modules: ['pg'], factory: 'Pool', driver: 'pg' },
  { modules: ['pg'], factory: 'native.Pool', driver: 'pg' },
  { modules: ['pg-pool'], factory: '', driver: 'pg' },
  { modules: ['mysql', 'mysql2', 'mysql2/promise'], factory: 'createPool', driver: 'mysql' },
  { modules: ['mariadb'], factory: 'createPool', driver: 'mariadb' },
];

/** Calls on the pool that take one of its connections. */
const ACQUIRING: Record<PoolDriver, ReadonlySet<string>> = {
  pg: new Set(['query', 'connect']),
  mysql: new Set(['query', 'execute', 'getConnection']),
  mariadb: new Set(['query', 'execute', 'getConnection', 'batch']),
};
const CHECKOUT: Record<PoolDriver, string> = { pg: 'connect', mysql: 'getConnection', mariadb: 'getConnection' };
const RELEASES = new Set(['release', 'end', 'destroy']);
const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);

/** The driver of a pool module and factory (`pg` `Pool`), if it is one of the driver pools. */
export function poolDriver(module: string, factory: readonly string[]): PoolDriver | undefined {
  const name = factory.join('.');
  return DRIVER_POOLS.find((p) => p.modules.includes(module) && p.factory === name)?.driver;
}

/** The pool itself (`pool`, mysql2's `pool.promise()`), not something obtained from it. */
function asPool(value: Value): PoolValue | undefined {
  if (value.kind !== 'instance' && value.kind !== 'remote-instance') return undefined;
  const isPool = value.path.length === 0 || (value.path.length === 2 && value.path[0] === 'promise' && value.path[1] === '()');
  return isPool && poolDriver(value.module, value.factory) ? value : undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isAwaitExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  return expr;
}

/** `pool.query` → the pool and the method, when the receiver is a driver pool. */
function poolCall(call: ts.CallExpression, resolve: (expr: ts.Expression) => Value): { pool: PoolValue; method: string; driver: PoolDriver } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const pool = asPool(resolve(callee.expression));
  if (!pool) return undefined;
  return { pool, method: callee.name.text, driver: poolDriver(pool.module, pool.factory)! };
}

/** The outermost call of `x.query(…).then(…).catch(…)`. */
function chainTop(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isPropertyAccessExpression(current.parent) && current.parent.expression === current && PROMISE_CHAIN.has(current.parent.name.text) &&
    ts.isCallExpression(current.parent.parent) && current.parent.parent.expression === current.parent
  ) current = current.parent.parent;
  return current;
}

/**
 * `fn`'s own result waits for the call: it is awaited, returned, or is the arrow's body. `call` is
 * one of `fn`'s own calls (FunctionBodies.calls), so `fn` is the function it sits in.
 */
function isWaitedIn(call: ts.CallExpression, fn: ts.SignatureDeclaration): boolean {
  let node: ts.Node = chainTop(call);
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent) || ts.isYieldExpression(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === node) return true;
  // Callback style: `pool.query(text, params, callback)` hands the result to the caller's callback.
  const last = call.arguments[call.arguments.length - 1];
  return last !== undefined && (ts.isArrowFunction(last) || ts.isFunctionExpression(last) || isParameterOf(last, fn));
}

function isParameterOf(expr: ts.Expression, fn: ts.SignatureDeclaration): boolean {
  return ts.isIdentifier(expr) && fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === expr.text);
}

/**
 * Where the calls and returns of a function are: walked from its body on demand (rules asking
 * about one function), or indexed once from the nodes the file's single walk collected (the
 * summary, which asks about every function).
 */
export interface FunctionBodies {
  /** Calls made by `fn` itself (not by functions written inside it). */
  calls(fn: ts.SignatureDeclaration): readonly ts.CallExpression[];
  /** The expressions `fn` returns: its arrow body, or each `return x` of its own. */
  returns(fn: ts.SignatureDeclaration): readonly ts.Expression[];
}

const NONE: readonly never[] = [];

/** The calls `fn` makes itself (not those of functions or classes written inside it), walked on demand. */
export function ownCalls(fn: ts.SignatureDeclaration): ts.CallExpression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  const calls: ts.CallExpression[] = [];
  if (!body) return calls;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return calls;
}

/** Bodies walked on demand. */
const WALKED_BODIES: FunctionBodies = {
  calls: ownCalls,
  returns(fn) {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return [];
    if (!ts.isBlock(body)) return [body];
    const found: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
      ts.forEachChild(node, visit);
    };
    visit(body);
    return found;
  },
};

/** Bodies indexed from every call and return statement of a file, grouped by enclosing function. */
export function indexBodies(calls: readonly ts.CallExpression[], returns: readonly ts.ReturnStatement[]): FunctionBodies {
  const callsByFn = new Map<ts.Node, ts.CallExpression[]>();
  const returnsByFn = new Map<ts.Node, ts.Expression[]>();
  const add = <T>(map: Map<ts.Node, T[]>, fn: ts.Node | undefined, item: T): void => {
    if (!fn) return;
    const list = map.get(fn);
    if (list) list.push(item);
    else map.set(fn, [item]);
  };
  // A class member's initializer is not the enclosing function's code (`class { x = f() }` inside a function).
  const ownerOf = (node: ts.Node): ts.Node | undefined => {
    for (let current = node.parent; current; current = current.parent) {
      if (ts.isFunctionLike(current)) return current;
      if (ts.isClassLike(current)) return undefined;
    }
    return undefined;
  };
  for (const call of calls) add(callsByFn, ownerOf(call), call);
  for (const statement of returns) if (statement.expression) add(returnsByFn, ownerOf(statement), statement.expression);
  return {
    calls: (fn) => callsByFn.get(fn) ?? NONE,
    returns(fn) {
      const body = (fn as ts.FunctionLikeDeclaration).body;
      if (body && !ts.isBlock(body)) return [body];
      return returnsByFn.get(fn) ?? NONE;
    },
  };
}

/** The variable the awaited result of `call` is stored in (`const client = await pool.connect()`). */
function assignedVariable(call: ts.CallExpression): ts.VariableDeclaration | undefined {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) ? parent : undefined;
}

/** The first `name.release()` (or end/destroy) after `from` inside `fn`. */
function firstReleaseAfter(fn: ts.SignatureDeclaration, name: string, from: number): number | undefined {
  let found: number | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.getStart() >= from) {
      const callee = unwrap(node.expression);
      if (ts.isPropertyAccessExpression(callee) && RELEASES.has(callee.name.text) && ts.isIdentifier(callee.expression) && callee.expression.text === name) {
        if (found === undefined || node.getStart() < found) found = node.getStart();
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

function isCheckout(found: { method: string; driver: PoolDriver }, call: ts.CallExpression): boolean {
  // pg's callback form (`pool.connect((err, client, done) => …)`) hands the client to the callback, not back.
  return found.method === CHECKOUT[found.driver] && !call.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
}

/**
 * The pool effects of `fn`. A call to another project function that the function waits for (or
 * returns) is passed on as `via`: the project index follows it. Functions of the same file are
 * followed here, `depth` levels deep.
 */
export function poolEffectsOf(
  fn: ts.SignatureDeclaration,
  resolve: (expr: ts.Expression) => Value,
  bodies: FunctionBodies = WALKED_BODIES,
  depth = 0,
  seen = new Set<ts.Node>(),
): LocalPoolEffect[] {
  if (depth > 3 || seen.has(fn)) return [];
  seen.add(fn);
  const effects: LocalPoolEffect[] = [];
  const calls = bodies.calls(fn);
  const returned = bodies.returns(fn);
  if (calls.length === 0 && returned.length === 0) return effects;
  const local = (call: ts.CallExpression, kind: PoolEffectKind): void => {
    const callee = resolve(call.expression);
    if (callee.kind === 'project' && callee.path[callee.path.length - 1] !== 'new()') {
      effects.push({ kind, target: { via: callee }, call });
    } else if (callee.kind === 'function' && callee.node !== fn) {
      for (const inner of poolEffectsOf(callee.node, resolve, bodies, depth + 1, seen)) if (inner.kind === kind) effects.push(inner);
    }
  };

  // acquires: a call on the pool (or a wrapper of one) that the function's result waits for.
  for (const call of calls) {
    if (!isWaitedIn(call, fn)) continue;
    const found = poolCall(call, resolve);
    if (found) {
      if (ACQUIRING[found.driver].has(found.method)) effects.push({ kind: 'acquires', target: { pool: found.pool }, call });
    } else {
      local(call, 'acquires');
    }
  }

  // returns-checkout: `return pool.connect()`, or the client stored from it.
  for (const expression of returned) {
    let expr = unwrap(expression);
    if (ts.isIdentifier(expr)) {
      const declaration = calls.map(assignedVariable).find((d) => d !== undefined && (d.name as ts.Identifier).text === (expr as ts.Identifier).text);
      if (!declaration?.initializer) continue;
      expr = unwrap(declaration.initializer);
    }
    if (!ts.isCallExpression(expr)) continue;
    const found = poolCall(expr, resolve);
    if (found) {
      if (isCheckout(found, expr)) effects.push({ kind: 'returns-checkout', target: { pool: found.pool }, call: expr });
    } else {
      local(expr, 'returns-checkout');
    }
  }

  // holds-while-calling: `const client = await pool.connect()`, then `await fn(client)` before `client.release()`.
  for (const call of calls) {
    const found = poolCall(call, resolve);
    if (!found || !isCheckout(found, call)) continue;
    const holder = assignedVariable(call);
    if (!holder) continue;
    const start = call.getEnd();
    const end = firstReleaseAfter(fn, (holder.name as ts.Identifier).text, start) ?? fn.getEnd();
    for (const inner of calls) {
      const at = inner.getStart();
      if (at < start || at >= end || !isWaitedIn(inner, fn)) continue;
      const callee = unwrap(inner.expression);
      if (!ts.isIdentifier(callee)) continue;
      const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === callee.text);
      const value = resolve(callee);
      if (index >= 0 && value.kind === 'parameter' && value.path.length === 0) effects.push({ kind: 'holds-while-calling', target: { pool: found.pool }, call, param: index });
    }
  }
  return effects;
}

/** The callee as written, without spaces (`pool.query()`), for messages. */
export function callText(call: ts.CallExpression): string {
  const text = call.expression.getText().replace(/\s+/g, '');
  return `${text.length > 40 ? text.slice(0, 40) + '…' : text}()`;
}
