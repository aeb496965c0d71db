// chrono-node (~0.2 s to load) loads on the first date to parse, not at import: a cold start that
// never meets a date candidate never pays for it. Same pattern as shared/ingest/lazy.ts: a literal
// `require('chrono-node/en')` that esbuild bundles into the Lambda, Node's require under tsx and vitest.
/* eslint-disable @typescript-eslint/no-require-imports */
// Aliased: the Lambda bundle's banner already declares `createRequire` at top level.
import { createRequire as createNodeRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

// The English locale alone: chrono-node's root `parse` is this locale's casual parser, and the root
// CommonJS entry would also bundle every other locale (~0.3 MB).
type Chrono = typeof import('chrono-node/en');

let chrono: Chrono | undefined;

export function loadChrono(): Chrono {
  return (chrono ??= compileQuickly(
    (typeof require === 'function'
      ? require('chrono-node/en')
      : createNodeRequire(import.meta.url)('chrono-node/en')) as Chrono,
  ));
}

/** Exercises every pattern of the casual parser: each runs over the whole text of every parse. */
const WARM_UP = 'On Monday, 3 March 2024 at 10am, two weeks ago, and 5 days later';

/**
 * V8 compiles a regular expression on its first runs (bytecode, then machine code). Two of chrono's
 * patterns ("N units ago" / "N units later": big case-insensitive alternations repeated up to ten times)
 * take its optimizing regexp compiler 0.2–0.25 s each, which the first article of every process (every
 * Lambda cold start) paid. Compiled here without those optimizations, chrono's patterns take
 * milliseconds; the flag is back on before any other expression compiles, so the rest of the core keeps
 * optimized code (the flag for the whole process cost ~14% of the core's throughput). Only how the
 * patterns are compiled changes, never what they match.
 */
function compileQuickly(loaded: Chrono): Chrono {
  setFlagsFromString('--no-regexp-optimization');
  try {
    // Three runs: the first two compile (bytecode, then tier-up to machine code), the third checks.
    for (let i = 0; i < 3; i++) loaded.parse(WARM_UP, new Date(0));
  } finally {
    setFlagsFromString('--regexp-optimization');
  }
  return loaded;
}
