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

/** mulberry32: small seeded PRNG for reproducible shuffles (also the NER second pass's trainer). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A training sequence with dense feature indices. */
interface DenseSequence {
  feats: Int32Array;
  offs: Uint32Array;
  gold: Uint8Array;
}

/** Dense indices for the features seen at least `minCount` times, in first-seen order. */
function denseIndex(
  data: TrainingSequence[],
  minCount: number,
): { index: Map<number, number>; keys: number[] } {
  const counts = new Map<number, number>();
  for (const s of data) {
    const { ids, offsets } = s.features;
    for (let j = 0; j < offsets[s.features.length]!; j++) counts.set(ids[j]!, (counts.get(ids[j]!) ?? 0) + 1);
  }
  const index = new Map<number, number>();
  const keys: number[] = [];
  for (const [k, c] of counts) {
    if (c < minCount) continue;
    index.set(k, keys.length);
    keys.push(k);
  }
  return { index, keys };
}

function densify(s: TrainingSequence, index: Map<number, number>): DenseSequence {
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
  return { feats: Int32Array.from(feats), offs, gold: Uint8Array.from(s.tags) };
}

/** Which transitions the constraint allows: `(T + 1) × T`, row 0 the sequence start. */
function allowedTransitions(opts: TrainOptions): Uint8Array {
  const T = opts.tags.length;
  const allowed = new Uint8Array((T + 1) * T).fill(1);
  if (!opts.allowedTransition) return allowed;
  for (let p = -1; p < T; p++)
    for (let t = 0; t < T; t++)
      allowed[(p + 1) * T + t] = opts.allowedTransition(p < 0 ? null : opts.tags[p]!, opts.tags[t]!) ? 1 : 0;
  return allowed;
}

/**
 * Structured averaged perceptron (Collins 2002) with Viterbi decoding. Features are mapped to dense
 * indices once; averaging uses the w − u/c trick so each update is O(1).
 */
class PerceptronTrainer {
  private readonly T: number;
  private readonly w: Float64Array;
  private readonly u: Float64Array;
  private readonly tw: Float64Array;
  private readonly tu: Float64Array;
  private readonly trans: Float64Array;
  private readonly allowed: Uint8Array;
  private c = 1;
  private emit = new Float64Array(1024);
  private pred = new Uint8Array(128);

  constructor(
    private readonly opts: TrainOptions,
    private readonly keys: number[],
  ) {
    const T = opts.tags.length;
    this.T = T;
    this.w = new Float64Array(keys.length * T);
    this.u = new Float64Array(keys.length * T);
    this.tw = new Float64Array((T + 1) * T);
    this.tu = new Float64Array((T + 1) * T);
    this.trans = new Float64Array((T + 1) * T);
    this.allowed = allowedTransitions(opts);
  }

  /** One pass over the sequences in the given order; returns the token errors. */
  epoch(seqs: DenseSequence[], order: number[]): number {
    const { T, allowed, tw, trans } = this;
    for (let i = 0; i < T * (T + 1); i++) trans[i] = allowed[i] ? tw[i]! : -Infinity;
    let errors = 0;
    for (const si of order) {
      if (seqs[si]!.gold.length === 0) continue;
      errors += this.learn(seqs[si]!);
      this.c++;
    }
    return errors;
  }

  /** Decodes one sequence with the current weights and updates them towards its gold tags. */
  private learn({ feats, offs, gold }: DenseSequence): number {
    const T = this.T;
    const n = gold.length;
    if (n === 0) return 0;
    if (this.emit.length < n * T) this.emit = new Float64Array(n * T * 2);
    if (this.pred.length < n) this.pred = new Uint8Array(n * 2);
    const { emit, pred, w } = this;
    emit.fill(0, 0, n * T);
    for (let k = 0; k < n; k++) {
      for (let j = offs[k]!; j < offs[k + 1]!; j++) {
        const base = feats[j]! * T;
        for (let t = 0; t < T; t++) emit[k * T + t]! += w[base + t]!;
      }
    }
    viterbi(emit, n, T, this.trans, pred);
    let errors = 0;
    for (let k = 0; k < n; k++) {
      const g = gold[k]!;
      const p = pred[k]!;
      if (g !== p) {
        errors++;
        this.updateFeatures(feats, offs[k]!, offs[k + 1]!, g, p);
      }
      const gPrev = k === 0 ? -1 : gold[k - 1]!;
      const pPrev = k === 0 ? -1 : pred[k - 1]!;
      if (g !== p || gPrev !== pPrev) this.updateTransition((gPrev + 1) * T + g, (pPrev + 1) * T + p);
    }
    return errors;
  }

  private updateFeatures(feats: Int32Array, from: number, to: number, g: number, p: number): void {
    const { T, w, u, c } = this;
    for (let j = from; j < to; j++) {
      const base = feats[j]! * T;
      w[base + g]! += 1;
      u[base + g]! += c;
      w[base + p]! -= 1;
      u[base + p]! -= c;
    }
  }

  private updateTransition(gi: number, pi: number): void {
    const { tw, tu, trans, allowed, c } = this;
    tw[gi]! += 1;
    tu[gi]! += c;
    tw[pi]! -= 1;
    tu[pi]! -= c;
    trans[gi] = allowed[gi] ? tw[gi]! : -Infinity;
    trans[pi] = allowed[pi] ? tw[pi]! : -Infinity;
  }

  /** The averaged, pruned and quantised model so far. */
  averaged(): SequenceModel {
    const { T, w, u, c, tw, tu, allowed } = this;
    const aw = new Float64Array(w.length);
    for (let i = 0; i < aw.length; i++) aw[i] = w[i]! - u[i]! / c;
    const at = new Float64Array((T + 1) * T);
    for (let i = 0; i < at.length; i++) at[i] = allowed[i] ? tw[i]! - tu[i]! / c : -Infinity;
    const prune = this.opts.pruneBelow ?? 0;
    if (prune > 0) {
      for (let r = 0; r < this.keys.length; r++) {
        let max = 0;
        for (let t = 0; t < T; t++) max = Math.max(max, Math.abs(aw[r * T + t]!));
        if (max < prune) aw.fill(0, r * T, r * T + T);
      }
    }
    return SequenceModel.fromParts({
      tags: this.opts.tags,
      keys: Uint32Array.from(this.keys),
      weights: aw,
      transitions: at,
      meta: this.opts.meta,
    });
  }
}

/** Shuffles `order` in place (Fisher–Yates with the seeded generator). */
export function shuffle(order: number[], rand: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

/** Trains a sequence model; with `onEpoch` returning a score, the best epoch's model is kept. */
export function trainSequenceModel(data: TrainingSequence[], opts: TrainOptions): SequenceModel {
  if (opts.tags.length > 255) throw new Error('at most 255 tags');
  const { index, keys } = denseIndex(data, opts.minFeatureCount ?? 1);
  const seqs = data.map((s) => densify(s, index));
  index.clear();
  const trainer = new PerceptronTrainer(opts, keys);
  const rand = prng(opts.seed ?? 1);
  const order = seqs.map((_, i) => i);
  let best: SequenceModel | null = null;
  let bestScore = -Infinity;
  for (let epoch = 1; epoch <= (opts.epochs ?? 10); epoch++) {
    shuffle(order, rand);
    const errors = trainer.epoch(seqs, order);
    if (!opts.onEpoch) continue;
    const model = trainer.averaged();
    const score = opts.onEpoch(epoch, model, errors);
    if (typeof score !== 'number') best = model;
    else if (score > bestScore) {
      bestScore = score;
      best = model;
    }
  }
  return best ?? trainer.averaged();
}
