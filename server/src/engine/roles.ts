// What a file is for, from its path relative to its package: application code, tests or scripts.
// Tests and scripts (seeds, migrations, CLIs, build config) never register request handlers that
// serve users, so they contribute no request-path roots and get no application-scope findings.

export type FileRole = 'application' | 'test' | 'script';

const TEST_DIR = /(^|\/)(__tests__|__mocks__|tests?|spec|specs|e2e|cypress|playwright)\//;
const TEST_FILE = /\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/;
const TEST_CONFIG = /(^|\/)(jest|vitest|playwright|cypress|karma|mocha)\.config\.[cm]?[jt]s$/;
const SCRIPT_DIR = /(^|\/)(scripts?|bin|cli|migrations?|seeds?|seeders|tools|fixtures|benchmarks?)\//;
const SCRIPT_FILE = /(^|\/)(seed|seeds|seeder|seeders|migrate|knexfile|ormconfig|gulpfile|gruntfile|webpack\.config|rollup\.config|vite\.config|esbuild(\.config)?|[\w.-]+\.config)\.[cm]?[jt]s$/i;

/** `relativePath` uses forward slashes and is relative to the file's package root. */
export function fileRole(relativePath: string): FileRole {
  if (TEST_DIR.test(relativePath) || TEST_FILE.test(relativePath) || TEST_CONFIG.test(relativePath)) return 'test';
  if (SCRIPT_DIR.test(relativePath) || SCRIPT_FILE.test(relativePath)) return 'script';
  return 'application';
}

const NEXT_PAGES_API = /(^|\/)pages\/api\/.+\.[cm]?[jt]sx?$/;
const NEXT_APP_ROUTE = /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/;
const NEXT_MIDDLEWARE = /^(src\/)?middleware\.[cm]?[jt]s$/;

/** Next.js files whose exports are request handlers by convention, and which exports those are. */
export function nextJsHandlerExports(relativePath: string): readonly string[] {
  if (NEXT_PAGES_API.test(relativePath)) return ['default'];
  if (NEXT_APP_ROUTE.test(relativePath)) return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  if (NEXT_MIDDLEWARE.test(relativePath)) return ['middleware', 'default'];
  return [];
}
