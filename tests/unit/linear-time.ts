// Linear-time checks that hold on a busy machine: a ratio of CPU times, not a wall-clock bound.

/**
 * CPU time (this process, user + system, in ms) of the fastest of `runs` calls: unlike wall-clock time it
 * barely moves when other processes load the machine, and the best of several runs drops GC and JIT pauses.
 */
export function cpuMs(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

/**
 * How much longer `run` takes when its input grows fourfold: about 4 for a linear algorithm, about 16 for
 * a quadratic one. A ratio, not a time, so a busy machine slows both sides alike. The small input gets a
 * floor of 1 ms so timer granularity cannot inflate the ratio.
 */
export function growthOnFourfoldInput(
  run: (text: string) => unknown,
  make: (n: number) => string,
  n: number,
): number {
  const small = make(n);
  const large = make(4 * n);
  run(small); // warm up the JIT
  return (
    cpuMs(() => run(large)) /
    Math.max(
      1,
      cpuMs(() => run(small)),
    )
  );
}

/**
 * Linear is about 4, quadratic about 16 (a deliberately quadratic loop measured 19): 10 still catches n²
 * and leaves room for noise (9.3 was seen once for linear code at load average 15).
 */
export const LINEAR_GROWTH_LIMIT = 10;
