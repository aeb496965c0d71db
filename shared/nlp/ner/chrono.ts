// chrono-node (~0.2 s to load) loads on the first date to parse, not at import: a cold start that
// never meets a date candidate never pays for it. Same pattern as shared/ingest/lazy.ts: a literal
// `require('chrono-node')` that esbuild bundles into the Lambda, Node's require under tsx and vitest.
/* eslint-disable @typescript-eslint/no-require-imports */
// Aliased: the Lambda bundle's banner already declares `createRequire` at top level.
import { createRequire as createNodeRequire } from 'node:module';

type Chrono = typeof import('chrono-node');

let chrono: Chrono | undefined;

export function loadChrono(): Chrono {
  return (chrono ??= (
    typeof require === 'function' ? require('chrono-node') : createNodeRequire(import.meta.url)('chrono-node')
  ) as Chrono);
}
