// Linear-time checks that hold on a busy machine: a ratio of CPU times, not a wall-clock bound.

/** CPU time (this process, user + system, in ms) of one call. */
function cpuOnce(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/**
 * CPU time (this process, user + system, in ms) of the fastest of `runs` calls: unlike wall-clock time it
 * barely moves when other processes load the machine, and the best of several runs drops GC and JIT pauses.
 */
export function cpuMs(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, cpuOnce(fn));
  return best;
}

/**
 * How much more CPU `run` takes on `large` than on `small`, where `large` is `factor` times the size of
 * `small`: about `factor` for a linear algorithm, `factor`² for a quadratic one.
 *
 * The two sides are measured over windows of equal work: one window is `factor` runs on the small input,
 * the other one run on the large input. Timing one short small run against one long large run is biased
 * on a loaded machine (what made a linear check in segment.test.ts fail once at load average 15): the best
 * of a few short runs catches a moment when the core (or its hyperthread sibling) was quiet, while a run
 * `factor` times longer cannot be lucky all the way through, and V8's background threads (concurrent GC
 * marking, optimising compiler), which process.cpuUsage also counts, land in the long window more often.
 * Equal windows share the load alike. The windows alternate (so a burst of load hits both sides), the best
 * of `rounds` is kept on each side, and a ratio over `limit` is measured once more before it is believed:
 * a super-linear stage exceeds it every time, a burst of load rarely twice.
 */
export function cpuGrowth<T>(
  run: (input: T) => unknown,
  small: T,
  large: T,
  factor: number,
  { rounds = 3, limit = Infinity }: { rounds?: number; limit?: number } = {},
): number {
  run(small); // warm up the JIT on both sizes
  run(large);
  let ratio = Infinity;
  for (let attempt = 0; attempt < 2 && ratio >= limit; attempt++) {
    let smallBest = Infinity;
    let largeBest = Infinity;
    for (let i = 0; i < rounds; i++) {
      smallBest = Math.min(
        smallBest,
        cpuOnce(() => {
          for (let k = 0; k < factor; k++) run(small);
        }),
      );
      largeBest = Math.min(
        largeBest,
        cpuOnce(() => run(large)),
      );
    }
    // The small window is `factor` runs: its time per run is smallBest / factor. A floor of 1 ms on the
    // window keeps timer granularity from inflating the ratio.
    ratio = Math.min(ratio, (factor * largeBest) / Math.max(1, smallBest));
    if (!Number.isFinite(limit)) break;
  }
  return ratio;
}

/**
 * How much longer `run` takes when its input grows fourfold: about 4 for a linear algorithm, about 16 for
 * a quadratic one. A ratio, not a time, so a busy machine slows both sides alike (see cpuGrowth).
 */
export function growthOnFourfoldInput(
  run: (text: string) => unknown,
  make: (n: number) => string,
  n: number,
): number {
  return cpuGrowth(run, make(n), make(4 * n), 4, { limit: LINEAR_GROWTH_LIMIT });
}

/**
 * Linear is about 4, quadratic about 16 (a deliberately quadratic loop measured 19): 10 still catches n²
 * and leaves room for noise (9.3 was seen once for linear code at load average 15, before the windows
 * were made equal).
 */
export const LINEAR_GROWTH_LIMIT = 10;
