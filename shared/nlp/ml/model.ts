import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FeatureSequence } from './features.js';
import { transitionPlan, viterbiPlanned, type TransitionPlan } from './viterbi.js';

const MAGIC = 0x314d5153; // 'SQM1' little-endian

/** Parts of a trained model, before quantisation (the trainer produces these). */
export interface ModelParts {
  tags: string[];
  /** Feature hashes, one per weight row. */
  keys: Uint32Array;
  /** Row-major weights, keys.length × tags.length. */
  weights: Float32Array | Float64Array;
  /** (tags.length + 1) × tags.length: row 0 start scores, row p+1 from tag p. -Infinity = disallowed. */
  transitions: Float32Array | Float64Array;
  meta?: Record<string, unknown>;
}

/**
 * A trained linear-chain sequence labeller: per-token emission scores are sums of hashed-feature weight
 * rows (int8, one float scale per row), decoded with Viterbi over first-order transitions.
 */
export class SequenceModel {
  readonly tags: readonly string[];
  readonly meta: Record<string, unknown>;
  readonly featureCount: number;
  private readonly T: number;
  private readonly mask: number;
  private readonly shift: number;
  /** Interleaved open-addressing table: [key, row] pairs, so a probe touches one cache line. */
  private readonly slots: Int32Array;
  private readonly scales: Float32Array;
  private readonly weights: Int8Array;
  private readonly trans: Float32Array;
  private readonly keys: Uint32Array;
  private emit = new Float32Array(0);
  private scratch = { score: new Float64Array(0), back: new Uint8Array(0) };
  /** Transitions for Viterbi: per tag, the tags that may precede it (finite score) and their scores. */
  private readonly plan: TransitionPlan;

  private constructor(
    tags: string[],
    keys: Uint32Array,
    scales: Float32Array,
    weights: Int8Array,
    trans: Float32Array,
    meta: Record<string, unknown>,
  ) {
    this.tags = tags;
    this.T = tags.length;
    this.keys = keys;
    this.scales = scales;
    this.weights = weights;
    this.trans = trans;
    this.meta = meta;
    this.featureCount = keys.length;
    const preds = tags.map((_, t) =>
      Uint8Array.from(
        tags.map((__, p) => p).filter((p) => Number.isFinite(trans[(p + 1) * tags.length + t]!)),
      ),
    );
    this.plan = transitionPlan(trans, tags.length, preds);
    // Open addressing, load ≤ 0.5: key 0 marks an empty slot (hashes are never 0).
    let cap = 16;
    while (cap < keys.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.slots = new Int32Array(cap * 2);
    for (let r = 0; r < keys.length; r++) {
      const k = keys[r]! | 0;
      let s = Math.imul(k, 0x9e3779b1) >>> this.shift;
      while (this.slots[s * 2] !== 0 && this.slots[s * 2] !== k) s = (s + 1) & this.mask;
      this.slots[s * 2] = k;
      this.slots[s * 2 + 1] = r;
    }
  }

  /** Quantises float weights to int8 rows (scale = max |w| / 127 per row) and drops all-zero rows. */
  static fromParts(parts: ModelParts): SequenceModel {
    const T = parts.tags.length;
    const n = parts.keys.length;
    const keep: number[] = [];
    const rowScale: number[] = [];
    for (let r = 0; r < n; r++) {
      let max = 0;
      for (let t = 0; t < T; t++) max = Math.max(max, Math.abs(parts.weights[r * T + t]!));
      const scale = max / 127;
      // Rows whose every weight rounds to 0 carry nothing.
      if (max > 0 && scale > 0) {
        keep.push(r);
        rowScale.push(scale);
      }
    }
    const keys = new Uint32Array(keep.length);
    const scales = new Float32Array(keep.length);
    const weights = new Int8Array(keep.length * T);
    keep.forEach((r, i) => {
      keys[i] = parts.keys[r]!;
      scales[i] = rowScale[i]!;
      for (let t = 0; t < T; t++) weights[i * T + t] = Math.round(parts.weights[r * T + t]! / rowScale[i]!);
    });
    return new SequenceModel(
      [...parts.tags],
      keys,
      scales,
      weights,
      Float32Array.from(parts.transitions),
      parts.meta ?? {},
    );
  }

  /**
   * The model with only its `maxRows` strongest weight rows (by largest absolute weight): a smaller,
   * faster model that keeps the features that decide most.
   */
  pruned(maxRows: number): SequenceModel {
    const T = this.T;
    const n = this.keys.length;
    if (maxRows >= n) return this;
    const strength = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      let max = 0;
      for (let t = 0; t < T; t++) max = Math.max(max, Math.abs(this.weights[r * T + t]!));
      strength[r] = max * this.scales[r]!;
    }
    const rows = Array.from({ length: n }, (_, r) => r)
      .sort((a, b) => strength[b]! - strength[a]! || a - b)
      .slice(0, maxRows)
      .sort((a, b) => a - b);
    const keys = Uint32Array.from(rows, (r) => this.keys[r]!);
    const scales = Float32Array.from(rows, (r) => this.scales[r]!);
    const weights = new Int8Array(rows.length * T);
    rows.forEach((r, i) => weights.set(this.weights.subarray(r * T, r * T + T), i * T));
    return new SequenceModel([...this.tags], keys, scales, weights, this.trans, this.meta);
  }

  /** The quantised weight rows and transitions (for packing stages together). */
  rows(): { keys: Uint32Array; scales: Float32Array; weights: Int8Array; transitions: Float32Array } {
    return { keys: this.keys, scales: this.scales, weights: this.weights, transitions: this.trans };
  }

  /** Emission scores for every token: a view `[i * T + t]`, valid until the next call. */
  emissions(seq: FeatureSequence): Float32Array {
    const T = this.T;
    const n = seq.length;
    if (this.emit.length < n * T) this.emit = new Float32Array(Math.max(n * T, this.emit.length * 2));
    const emit = this.emit;
    emit.fill(0, 0, n * T);
    const { ids, offsets } = seq;
    for (let i = 0; i < n; i++) this.addScores(ids, offsets[i]!, offsets[i + 1]!, emit, i * T);
    return emit.subarray(0, n * T);
  }

  /** Best tag indices for the sequence (Viterbi). */
  predict(seq: FeatureSequence, out: Uint8Array = new Uint8Array(seq.length)): Uint8Array {
    return this.decode(this.emissions(seq), seq.length, out);
  }

  /**
   * Viterbi over emission scores `[i * T + t]` (e.g. from emissions(), possibly adjusted or with cached
   * per-word scores added via addScores()).
   */
  decode(
    emit: ArrayLike<number>,
    n: number,
    out: Uint8Array = new Uint8Array(n),
    /** Tag before the first token (-1 = sequence start): decodes a part of a sequence. */
    prevTag = -1,
  ): Uint8Array {
    const T = this.T;
    if (this.scratch.score.length < n * T) {
      const size = Math.max(n * T, this.scratch.score.length * 2);
      this.scratch = { score: new Float64Array(size), back: new Uint8Array(size) };
    }
    return viterbiPlanned(emit, n, this.plan, out, this.scratch, prevTag + 1);
  }

  /** Score of tag `next` after tag `prev` (-1 = sequence start); -Infinity when disallowed. */
  transition(prev: number, next: number): number {
    return this.trans[(prev + 1) * this.T + next]!;
  }

  /** Adds the weight rows of the given feature hashes into `out[offset .. offset + T)`. */
  addScores(ids: ArrayLike<number>, start: number, end: number, out: Float32Array, offset = 0): void {
    const T = this.T;
    const { slots, mask, shift, scales, weights } = this;
    for (let j = start; j < end; j++) {
      const k = ids[j]! | 0;
      let s = Math.imul(k, 0x9e3779b1) >>> shift;
      let key = slots[s * 2]!;
      while (key !== k && key !== 0) {
        s = (s + 1) & mask;
        key = slots[s * 2]!;
      }
      if (key === 0) continue;
      const r = slots[s * 2 + 1]!;
      const scale = scales[r]!;
      const w = r * T;
      for (let t = 0; t < T; t++) out[offset + t]! += weights[w + t]! * scale;
    }
  }

  /** Best tags as names. */
  predictTags(seq: FeatureSequence): string[] {
    return Array.from(this.predict(seq), (t) => this.tags[t]!);
  }

  /** Compact binary form: 'SQM1' + raw-deflated (header JSON, keys, scales, transitions, int8 weights). */
  toBuffer(): Buffer {
    const header = Buffer.from(
      JSON.stringify({ tags: this.tags, meta: this.meta, n: this.keys.length }),
      'utf8',
    );
    const headerLen = (header.length + 3) & ~3;
    const T = this.T;
    const n = this.keys.length;
    const body = Buffer.alloc(4 + headerLen + n * 4 + n * 4 + (T + 1) * T * 4 + n * T);
    let o = 0;
    body.writeUInt32LE(header.length, o);
    o += 4;
    header.copy(body, o);
    o += headerLen;
    Buffer.from(this.keys.buffer, this.keys.byteOffset, n * 4).copy(body, o);
    o += n * 4;
    Buffer.from(this.scales.buffer, this.scales.byteOffset, n * 4).copy(body, o);
    o += n * 4;
    Buffer.from(this.trans.buffer, this.trans.byteOffset, (T + 1) * T * 4).copy(body, o);
    o += (T + 1) * T * 4;
    Buffer.from(this.weights.buffer, this.weights.byteOffset, n * T).copy(body, o);
    const magic = Buffer.alloc(4);
    magic.writeUInt32LE(MAGIC, 0);
    return Buffer.concat([magic, deflateRawSync(body, { level: 9 })]);
  }

  static fromBuffer(buf: Uint8Array): SequenceModel {
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (b.length < 4 || b.readUInt32LE(0) !== MAGIC) throw new Error('not a sequence model (bad magic)');
    const body = inflateRawSync(b.subarray(4));
    let o = 0;
    const jsonLen = body.readUInt32LE(o);
    o += 4;
    const header = JSON.parse(body.toString('utf8', o, o + jsonLen)) as {
      tags: string[];
      meta: Record<string, unknown>;
      n: number;
    };
    o += (jsonLen + 3) & ~3;
    const T = header.tags.length;
    const n = header.n;
    // Copy into fresh typed arrays: inflate output has no alignment guarantee.
    const copy = (bytes: number): ArrayBuffer => {
      const ab = new ArrayBuffer(bytes);
      new Uint8Array(ab).set(body.subarray(o, o + bytes));
      o += bytes;
      return ab;
    };
    const keys = new Uint32Array(copy(n * 4));
    const scales = new Float32Array(copy(n * 4));
    const trans = new Float32Array(copy((T + 1) * T * 4));
    const weights = new Int8Array(copy(n * T));
    return new SequenceModel(header.tags, keys, scales, weights, trans, header.meta ?? {});
  }
}
