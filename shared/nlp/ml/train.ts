import type { FeatureSequence } from './features.js';
import { SequenceModel } from './model.js';
import { viterbi } from './viterbi.js';

export interface TrainingSequence {
  features: FeatureSequence;
  /** Gold tag index per token (into TrainOptions.tags). */
  tags: ArrayLike<number>;
}

export interface TrainOptions {
  tags: string[];
  /** Passes over the data (default 10). */
  epochs?: number;
  /** Seed of the shuffling PRNG: same data + seed = same model. */
  seed?: number;
  /** Features seen fewer times than this in training are dropped (default 1 = keep all). */
  minFeatureCount?: number;
  /** After averaging, rows whose largest |weight| is below this are pruned (default 0). */
  pruneBelow?: number;
  /** Hard transition constraints, e.g. no I-X after O (see bioAllowed). prev is null at sentence start. */
  allowedTransition?: (prev: string | null, next: string) => boolean;
  /** Stored in the model (JSON), e.g. feature-extractor settings or gazetteers. */
  meta?: Record<string, unknown>;
  /** Called after each epoch with the averaged, quantised model; return a dev score to keep the best epoch. */
  onEpoch?: (epoch: number, model: SequenceModel, trainErrors: number) => number | void;
}

/** mulberry32: small seeded PRNG for reproducible shuffles. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Structured averaged perceptron (Collins 2002) with Viterbi decoding. Features are mapped to dense
 * indices once; averaging uses the w − u/c trick so each update is O(1).
 */
export function trainSequenceModel(data: TrainingSequence[], opts: TrainOptions): SequenceModel {
  const T = opts.tags.length;
  if (T > 255) throw new Error('at most 255 tags');
  const epochs = opts.epochs ?? 10;
  const minCount = opts.minFeatureCount ?? 1;

  // Dense feature indices for features frequent enough.
  const counts = new Map<number, number>();
  for (const s of data) {
    const { ids, offsets } = s.features;
    for (let j = 0; j < offsets[s.features.length]!; j++) counts.set(ids[j]!, (counts.get(ids[j]!) ?? 0) + 1);
  }
  const index = new Map<number, number>();
  const keyList: number[] = [];
  for (const [k, c] of counts) {
    if (c >= minCount) {
      index.set(k, keyList.length);
      keyList.push(k);
    }
  }
  counts.clear();
  const F = keyList.length;
  const seqs = data.map((s) => {
    const n = s.features.length;
    const offs = new Uint32Array(n + 1);
    const feats: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const h of s.features.token(i)) {
        const f = index.get(h);
        if (f !== undefined) feats.push(f);
      }
      offs[i + 1] = feats.length;
    }
    if (s.tags.length !== n) throw new Error(`tags (${s.tags.length}) and tokens (${n}) differ in length`);
    return { feats: Int32Array.from(feats), offs, gold: Uint8Array.from(s.tags as ArrayLike<number>) };
  });
  index.clear();

  const w = new Float64Array(F * T);
  const u = new Float64Array(F * T);
  const tw = new Float64Array((T + 1) * T);
  const tu = new Float64Array((T + 1) * T);
  const allowed = new Uint8Array((T + 1) * T).fill(1);
  if (opts.allowedTransition) {
    for (let p = -1; p < T; p++)
      for (let t = 0; t < T; t++)
        allowed[(p + 1) * T + t] = opts.allowedTransition(p < 0 ? null : opts.tags[p]!, opts.tags[t]!)
          ? 1
          : 0;
  }
  const trans = new Float64Array((T + 1) * T);
  const rand = prng(opts.seed ?? 1);
  const order = seqs.map((_, i) => i);
  let c = 1;
  let emit = new Float64Array(1024);
  let pred = new Uint8Array(128);

  const averaged = (): SequenceModel => {
    const aw = new Float64Array(F * T);
    for (let i = 0; i < aw.length; i++) aw[i] = w[i]! - u[i]! / c;
    const at = new Float64Array((T + 1) * T);
    for (let i = 0; i < at.length; i++) at[i] = allowed[i] ? tw[i]! - tu[i]! / c : -Infinity;
    const prune = opts.pruneBelow ?? 0;
    if (prune > 0) {
      for (let r = 0; r < F; r++) {
        let max = 0;
        for (let t = 0; t < T; t++) max = Math.max(max, Math.abs(aw[r * T + t]!));
        if (max < prune) aw.fill(0, r * T, r * T + T);
      }
    }
    return SequenceModel.fromParts({
      tags: opts.tags,
      keys: Uint32Array.from(keyList),
      weights: aw,
      transitions: at,
      meta: opts.meta,
    });
  };

  let best: SequenceModel | null = null;
  let bestScore = -Infinity;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    for (let i = 0; i < T * (T + 1); i++) trans[i] = allowed[i] ? tw[i]! : -Infinity;
    for (const si of order) {
      const { feats, offs, gold } = seqs[si]!;
      const n = gold.length;
      if (n === 0) continue;
      if (emit.length < n * T) emit = new Float64Array(n * T * 2);
      if (pred.length < n) pred = new Uint8Array(n * 2);
      emit.fill(0, 0, n * T);
      for (let k = 0; k < n; k++) {
        for (let j = offs[k]!; j < offs[k + 1]!; j++) {
          const base = feats[j]! * T;
          for (let t = 0; t < T; t++) emit[k * T + t]! += w[base + t]!;
        }
      }
      viterbi(emit, n, T, trans, pred);
      for (let k = 0; k < n; k++) {
        const g = gold[k]!;
        const p = pred[k]!;
        const gPrev = k === 0 ? -1 : gold[k - 1]!;
        const pPrev = k === 0 ? -1 : pred[k - 1]!;
        if (g !== p) {
          errors++;
          for (let j = offs[k]!; j < offs[k + 1]!; j++) {
            const base = feats[j]! * T;
            w[base + g]! += 1;
            u[base + g]! += c;
            w[base + p]! -= 1;
            u[base + p]! -= c;
          }
        }
        if (g !== p || gPrev !== pPrev) {
          const gi = (gPrev + 1) * T + g;
          const pi = (pPrev + 1) * T + p;
          tw[gi]! += 1;
          tu[gi]! += c;
          tw[pi]! -= 1;
          tu[pi]! -= c;
          trans[gi] = allowed[gi] ? tw[gi]! : -Infinity;
          trans[pi] = allowed[pi] ? tw[pi]! : -Infinity;
        }
      }
      c++;
    }
    if (opts.onEpoch) {
      const model = averaged();
      const score = opts.onEpoch(epoch, model, errors);
      if (typeof score === 'number') {
        if (score > bestScore) {
          bestScore = score;
          best = model;
        }
      } else best = model;
    }
  }
  return best ?? averaged();
}
