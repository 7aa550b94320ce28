// Build-time stand-in for `@ts-morph/common` (see esbuild.mjs): exposes only the TypeScript 6.0
// compiler that ts-morph bundles, so `import { ts } from '@ts-morph/common'` costs one compiler.
module.exports = { ts: require('@ts-morph/common/dist/typescript.js') };
