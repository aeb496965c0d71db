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
  const score = scratch && scratch.score.length >= n * T ? scratch.score : new Float64Array(n * T);
  const back = scratch && scratch.back.length >= n * T ? scratch.back : new Uint8Array(n * T);
  for (let t = 0; t < T; t++) score[t] = emit[t]! + trans[startRow * T + t]!;
  for (let i = 1; i < n; i++) {
    const base = i * T;
    const prevBase = base - T;
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      if (preds) {
        const ps = preds[t]!;
        for (let k = 0; k < ps.length; k++) {
          const p = ps[k]!;
          const s = score[prevBase + p]! + trans[(p + 1) * T + t]!;
          if (s > best) {
            best = s;
            arg = p;
          }
        }
      } else {
        for (let p = 0; p < T; p++) {
          const s = score[prevBase + p]! + trans[(p + 1) * T + t]!;
          if (s > best) {
            best = s;
            arg = p;
          }
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
