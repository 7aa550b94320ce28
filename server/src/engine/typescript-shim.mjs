// Build-time stand-in for `@ts-morph/common` (see esbuild.mjs): exposes only the TypeScript 6.0
// compiler that ts-morph bundles, so `import { ts } from '@ts-morph/common'` costs one compiler.
// An ES module on purpose: esbuild then binds `ts` once instead of going through a CommonJS
// interop getter on every `ts.SyntaxKind…` access in the hot walk.
import ts from '@ts-morph/common/dist/typescript.js';

export { ts };
