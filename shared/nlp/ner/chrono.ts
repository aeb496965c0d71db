// chrono-node (~0.2 s to load) loads on the first date to parse, not at import: a cold start that
// never meets a date candidate never pays for it. Same pattern as shared/ingest/lazy.ts: a literal
// `require('chrono-node/en')` that esbuild bundles into the Lambda, Node's require under tsx and vitest.
/* eslint-disable @typescript-eslint/no-require-imports */
// Aliased: the Lambda bundle's banner already declares `createRequire` at top level.
import { createRequire as createNodeRequire } from 'node:module';

// The English locale alone: chrono-node's root `parse` is this locale's casual parser, and the root
// CommonJS entry would also bundle every other locale (~0.3 MB).
type Chrono = typeof import('chrono-node/en');

let chrono: Chrono | undefined;

export function loadChrono(): Chrono {
  return (chrono ??= (
    typeof require === 'function'
      ? require('chrono-node/en')
      : createNodeRequire(import.meta.url)('chrono-node/en')
  ) as Chrono);
}
