// Matching predicted quotes to gold ones: word-token Dice ≥ 0.5, one-to-one, best pairs first.
import type { Span } from '../../shared/domain/schema.js';

export interface PRF {
  gold: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(gold: number, predicted: number, matched: number): PRF {
  const precision = predicted ? matched / predicted : 0;
  const recall = gold ? matched / gold : 0;
  return {
    gold,
    predicted,
    matched,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Start offsets of the word tokens inside the spans. */
export function wordSet(text: string, spans: Span[]): Set<number> {
  const out = new Set<number>();
  for (const s of spans)
    for (const m of text.slice(s.start, s.end).matchAll(WORD)) out.add(s.start + (m.index ?? 0));
  return out;
}

function dice(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return (2 * inter) / (a.size + b.size);
}

/** One-to-one matching by Dice ≥ 0.5, best pairs first. Returns [goldIndex, predIndex] pairs. */
export function match(gold: Set<number>[], pred: Set<number>[]): Array<[number, number]> {
  const pairs: Array<[number, number, number]> = [];
  // Index predictions by token for O(n) candidate lookup.
  const byToken = new Map<number, number[]>();
  pred.forEach((p, j) => p.forEach((t) => byToken.set(t, [...(byToken.get(t) ?? []), j])));
  gold.forEach((g, i) => {
    const cands = new Set<number>();
    for (const t of g) for (const j of byToken.get(t) ?? []) cands.add(j);
    for (const j of cands) {
      const d = dice(g, pred[j]!);
      if (d >= 0.5) pairs.push([d, i, j]);
    }
  });
  pairs.sort((a, b) => b[0] - a[0]);
  const gUsed = new Set<number>();
  const pUsed = new Set<number>();
  const out: Array<[number, number]> = [];
  for (const [, i, j] of pairs) {
    if (gUsed.has(i) || pUsed.has(j)) continue;
    gUsed.add(i);
    pUsed.add(j);
    out.push([i, j]);
  }
  return out;
}
