// Bundles the extension client, the language server, the CLI and the benchmark.
// esbuild strips types without checking them: `npm run typecheck` (tsc --noEmit) does that.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// ts-morph 28 ships TypeScript 6.0 (the last compiler with the classic API) inside @ts-morph/common.
// We only need that compiler, not ts-morph's wrappers: resolve `@ts-morph/common` to the compiler
// alone so the bundle holds exactly one copy of TypeScript and none of ts-morph's other code.
const typescriptOnly = {
  name: 'typescript-only',
  setup(build) {
    build.onResolve({ filter: /^@ts-morph\/common$/ }, () => ({
      path: require.resolve('./server/src/engine/typescript-shim.mjs'),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  // Prefer ES module builds: jsonc-parser's UMD build loads its parts with a dynamic require.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [typescriptOnly],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' },
];

if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
