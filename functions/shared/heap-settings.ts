// The V8 heap settings of the process-article function (issue 13, "bounded memory"), named once for the
// stack (infra/constructs/process-article-function.ts sets them as NODE_OPTIONS) and for the scaling
// benchmark (scripts/bench-scaling.ts runs each article under the same flags).
//
// Without them V8 sizes its heap from the machine's memory: on a developer machine with 24 GB the old
// generation may grow to 4 GB and V8 lets it grow to ~4× the live data before it collects, and each
// semi-space of the young generation to 16 MB. A 5 MB article then peaked at ~520 MB RSS with ~130 MB
// of live data. With the old generation capped at half the function's memory V8 grows it by at most
// ~1.4× the live data between full collections (its growing factor falls with the cap): ~330 MB at
// 5 MB. Semi-spaces of 2 MB keep the young generation's memory small: 2 MB of prose peaks ~15 MB lower
// than with 4 MB ones at about the same CPU (1 MB ones: no lower, ~8 % more CPU). A 1024 MB function
// whose Node sized the heap from its own memory would pick a similar cap (a quarter of it); the flags
// make it explicit and the same in the benchmark.

/** Memory of the process-article function (MB) unless the stack is given another. */
export const PROCESS_ARTICLE_MEMORY_MB = 1024;

/** Largest semi-space of V8's young generation (MB). */
export const SEMI_SPACE_MB = 2;

/** V8 flags for a process with `memoryMb` of memory: the old generation capped at half of it. */
export function heapFlags(memoryMb: number = PROCESS_ARTICLE_MEMORY_MB): string[] {
  return [`--max-old-space-size=${Math.floor(memoryMb / 2)}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}
