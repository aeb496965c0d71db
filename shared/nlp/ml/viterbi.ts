/**
 * First-order Viterbi over emission scores `emit[i * T + t]` and transitions `trans[(p + 1) * T + t]`
 * where row 0 (p = -1) holds start scores. Writes the best tag path into `out` and returns it.
 * Disallowed transitions are -Infinity.
 */
export function viterbi(
  emit: ArrayLike<number>,
  n: number,
  T: number,
  trans: ArrayLike<number>,
  out: Uint8Array = new Uint8Array(n),
  scratch?: { score: Float64Array; back: Uint8Array },
  /** Optional per-tag lists of allowed previous tags (those with finite transitions), for speed. */
  preds?: readonly Uint8Array[],
  /** Transition row for the first token: 0 = sequence start, p + 1 = after tag p. */
  startRow = 0,
): Uint8Array {
  if (n === 0) return out;
  const plan = transitionPlan(trans, T, preds);
  return viterbiPlanned(emit, n, plan, out, scratch, startRow);
}

/**
 * Transitions laid out for decoding: per tag t, its allowed previous tags `prev[from[t] .. from[t + 1])`
 * with their scores in `score` (float64, exactly the float32 values), and the whole matrix for the start row.
 */
export interface TransitionPlan {
  T: number;
  trans: ArrayLike<number>;
  from: Int32Array;
  prev: Uint8Array;
  score: Float64Array;
}

/** The plan of a transition matrix; `preds` (allowed previous tags per tag) default to every tag. */
export function transitionPlan(
  trans: ArrayLike<number>,
  T: number,
  preds?: readonly Uint8Array[],
): TransitionPlan {
  const lists = preds ?? Array.from({ length: T }, () => Uint8Array.from({ length: T }, (_, p) => p));
  const from = new Int32Array(T + 1);
  for (let t = 0; t < T; t++) from[t + 1] = from[t]! + lists[t]!.length;
  const prev = new Uint8Array(from[T]!);
  const score = new Float64Array(from[T]!);
  for (let t = 0; t < T; t++)
    lists[t]!.forEach((p, k) => {
      prev[from[t]! + k] = p;
      score[from[t]! + k] = trans[(p + 1) * T + t]!;
    });
  return { T, trans, from, prev, score };
}

/** Viterbi with a prepared plan (see viterbi); the same sums and comparisons in the same order. */
export function viterbiPlanned(
  emit: ArrayLike<number>,
  n: number,
  plan: TransitionPlan,
  out: Uint8Array = new Uint8Array(n),
  scratch?: { score: Float64Array; back: Uint8Array },
  startRow = 0,
): Uint8Array {
  if (n === 0) return out;
  const { T, trans, from, prev, score: tscore } = plan;
  const score = scratch && scratch.score.length >= n * T ? scratch.score : new Float64Array(n * T);
  const back = scratch && scratch.back.length >= n * T ? scratch.back : new Uint8Array(n * T);
  for (let t = 0; t < T; t++) score[t] = emit[t]! + trans[startRow * T + t]!;
  for (let i = 1; i < n; i++) {
    const base = i * T;
    const prevBase = base - T;
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      for (let k = from[t]!, end = from[t + 1]!; k < end; k++) {
        const p = prev[k]!;
        const s = score[prevBase + p]! + tscore[k]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[base + t] = best + emit[base + t]!;
      back[base + t] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  const last = (n - 1) * T;
  for (let t = 0; t < T; t++) {
    if (score[last + t]! > best) {
      best = score[last + t]!;
      arg = t;
    }
  }
  out[n - 1] = arg;
  for (let i = n - 1; i > 0; i--) {
    arg = back[i * T + arg]!;
    out[i - 1] = arg;
  }
  return out;
}
