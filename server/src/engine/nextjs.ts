// Next.js App Router server code that runs per request, beyond the route handlers of roles.ts:
// pages and layouts (and their `generateMetadata`) when the route segment renders at request time,
// server actions (`'use server'` files and functions), and pages-router `getServerSideProps`.
// A page that renders statically runs at build time (or once per revalidation), not per request,
// so it is a root only when the file itself says it is dynamic: precision first.
import { ts } from '@ts-morph/common';
import type { Binder } from './binder';

const { SyntaxKind } = ts;

const NEXT_APP_SERVER_COMPONENT = /(^|\/)app\/(.+\/)?(page|layout)\.[cm]?[jt]sx?$/;
const NEXT_PAGES_PAGE = /(^|\/)pages\/(?!api\/).+\.[cm]?[jt]sx?$/;

/**
 * Calls that read the incoming request or opt out of caching, by module: any of them makes the
 * route segment render at request time (Next.js "dynamic APIs").
 */
const DYNAMIC_CALLS: Record<string, readonly string[]> = {
  'next/headers': ['cookies', 'headers', 'draftMode'],
  'next/cache': ['unstable_noStore', 'noStore'],
  'next/server': ['connection'],
  // next-auth's getServerSession reads the request's headers and cookies.
  'next-auth': ['getServerSession'],
  'next-auth/next': ['getServerSession'],
};

/** `'page'`/`'layout'` for an App Router server component file; undefined otherwise. */
export function nextJsServerComponentKind(relativePath: string): 'page' | 'layout' | undefined {
  const match = NEXT_APP_SERVER_COMPONENT.exec(relativePath);
  return match ? (match[3] as 'page' | 'layout') : undefined;
}

export function isNextJsPagesPage(relativePath: string): boolean {
  return NEXT_PAGES_PAGE.test(relativePath);
}

/** `app/(shop)/products/[id]/page.tsx` → `/products/[id]` (route groups are not in the URL). */
export function nextJsAppPath(relativePath: string): string {
  const match = /(?:^|\/)app((?:\/[^/]+)*)\/[^/]+$/.exec(relativePath);
  const segments = (match?.[1] ?? '').split('/').filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return '/' + segments.join('/');
}

/** `pages/blog/[slug].tsx` → `/blog/[slug]`. */
export function nextJsPagesPath(relativePath: string): string {
  const match = /(?:^|\/)pages(\/.+)\.[cm]?[jt]sx?$/.exec(relativePath);
  return match ? match[1]!.replace(/\/index$/, '') || '/' : '/' + relativePath;
}

/** The file starts with the directive (`'use client'`, `'use server'`). */
export function hasFileDirective(sourceFile: ts.SourceFile, directive: string): boolean {
  return hasDirective(sourceFile.statements, directive);
}

/** A function whose body starts with `'use server'`: an inline server action. */
export function isInlineServerAction(fn: ts.SignatureDeclaration): boolean {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return body !== undefined && ts.isBlock(body) && hasDirective(body.statements, 'use server');
}

function hasDirective(statements: ts.NodeArray<ts.Statement>, directive: string): boolean {
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

function exportedConst(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(ts.getModifiers(statement) ?? []).some((m) => m.kind === SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.name.text === name) return decl.initializer;
    }
  }
  return undefined;
}

/**
 * True when the page or layout renders per request, as far as its own file tells: the segment
 * config says so (`dynamic = 'force-dynamic'`, `revalidate = 0`), it calls a dynamic API
 * (`cookies()`, `headers()`, `noStore()`, `getServerSession()`), fetches with `cache: 'no-store'`,
 * or (a page) reads `searchParams`. `dynamic = 'force-static'`/`'error'` and `'use cache'` win.
 */
export function rendersPerRequest(sourceFile: ts.SourceFile, binder: Binder, calls: readonly ts.CallExpression[], kind: 'page' | 'layout'): boolean {
  if (hasFileDirective(sourceFile, 'use cache')) return false;
  const dynamic = exportedConst(sourceFile, 'dynamic');
  if (dynamic && ts.isStringLiteralLike(dynamic)) {
    if (dynamic.text === 'force-dynamic') return true;
    if (dynamic.text === 'force-static' || dynamic.text === 'error') return false;
  }
  const revalidate = exportedConst(sourceFile, 'revalidate');
  if (revalidate && ts.isNumericLiteral(revalidate) && Number(revalidate.text) === 0) return true;
  for (const call of calls) {
    const callee = binder.resolve(call.expression);
    if (callee.kind !== 'library') continue;
    const names = DYNAMIC_CALLS[callee.module];
    if (names && callee.path.length === 1 && names.includes(callee.path[0]!)) return true;
    if (callee.module === 'global' && callee.path.join('.') === 'fetch' && fetchesUncached(call.arguments[1])) return true;
  }
  return kind === 'page' && readsSearchParams(sourceFile);
}

/** `{ cache: 'no-store' }` or `{ next: { revalidate: 0 } }`. */
function fetchesUncached(init: ts.Expression | undefined): boolean {
  if (!init || !ts.isObjectLiteralExpression(init)) return false;
  for (const prop of init.properties) {
    if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.name)) continue;
    if (prop.name.text === 'cache' && ts.isStringLiteralLike(prop.initializer) && prop.initializer.text === 'no-store') return true;
    if (prop.name.text === 'next' && ts.isObjectLiteralExpression(prop.initializer)) {
      for (const inner of prop.initializer.properties) {
        if (ts.isPropertyAssignment(inner) && ts.isIdentifier(inner.name) && inner.name.text === 'revalidate' && ts.isNumericLiteral(inner.initializer) && Number(inner.initializer.text) === 0) return true;
      }
    }
  }
  return false;
}

/** The page component takes `searchParams` (destructured, or read as `props.searchParams`). */
function readsSearchParams(sourceFile: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBindingElement(node) && (node.propertyName ?? node.name).getText(sourceFile) === 'searchParams' && ts.isParameter(node.parent.parent)) found = true;
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'searchParams' && ts.isIdentifier(node.expression) && /^props$/.test(node.expression.text)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
