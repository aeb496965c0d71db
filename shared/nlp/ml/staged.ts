import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FeatureSequence } from './features.js';
import type { SequenceModel } from './model.js';
import { transitionPlan, viterbiPlanned, type TransitionPlan } from './viterbi.js';

const MAGIC = 0x31535153; // 'SQS1' little-endian

/** Per-tag lists of the tags that may precede it (finite transition score). */
function predecessors(trans: Float32Array, T: number): Uint8Array[] {
  return Array.from({ length: T }, (_, t) =>
    Uint8Array.from(
      Array.from({ length: T }, (__, p) => p).filter((p) => Number.isFinite(trans[(p + 1) * T + t]!)),
    ),
  );
}

/** Sorted keys as LEB128 varints of the differences between neighbours. */
function encodeKeyDeltas(keys: Uint32Array): Buffer {
  const out = Buffer.alloc(keys.length * 5);
  let o = 0;
  let prev = 0;
  for (const k of keys) {
    let d = (k - prev) >>> 0;
    prev = k;
    while (d >= 0x80) {
      out[o++] = (d & 0x7f) | 0x80;
      d >>>= 7;
    }
    out[o++] = d;
  }
  return out.subarray(0, o);
}

function decodeKeyDeltas(body: Buffer, at: number, n: number): { keys: Uint32Array; end: number } {
  const keys = new Uint32Array(n);
  let o = at;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    // The difference's low 32 bits (all it has) in an int32: its 7-bit groups or-ed into place.
    let d = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = body[o++]!;
      d |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    prev = (prev + d) >>> 0;
    keys[i] = prev;
  }
  return { keys, end: o };
}

/** Arrays of a staged model (rows sorted by key). */
interface StagedParts {
  tags: string[];
  meta: Record<string, unknown>;
  keys: Uint32Array;
  /** rows × stages: one scale per row and stage (0 where the stage has no such row). */
  scales: Float32Array;
  /** rows × stages × tags, int8. */
  weights: Int8Array;
  /** Per stage, (tags + 1) × tags. */
  trans: Float32Array[];
}

/**
 * Stacked sequence labellers over one tag set in one table: each stage tags the sequence again from the
 * same features plus features of the previous stage's tags. A feature's weight rows for every stage sit
 * together, so the features all stages share are looked up once (a third of the probes of separate
 * models) and the file holds each feature key once.
 */
export class StagedModel {
  readonly tags: readonly string[];
  readonly meta: Record<string, unknown>;
  readonly stages: number;
  readonly rowCount: number;
  private readonly T: number;
  private readonly S: number;
  private readonly mask: number;
  private readonly shift: number;
  private readonly parts: StagedParts;
  /** Per stage, its transitions laid out for Viterbi (allowed previous tags only). */
  private readonly plans: TransitionPlan[];
  /**
   * Open-addressing table whose slots hold whole rows (one memory access a feature): the key (0 = empty
   * slot), S float scales, then S × T int8 weights; `stride` bytes a slot. Three views of one buffer.
   */
  private readonly stride: number;
  private readonly slotKeys: Int32Array;
  private readonly slotScales: Float32Array;
  private readonly slotWeights: Int8Array;
  /** Slots of the current token's features that are in the table, in feature order. */
  private found = new Int32Array(64);
  private scratch = { score: new Float64Array(0), back: new Uint8Array(0) };

  private constructor(parts: StagedParts) {
    this.parts = parts;
    this.tags = parts.tags;
    this.meta = parts.meta;
    this.T = parts.tags.length;
    this.S = parts.trans.length;
    this.stages = this.S;
    this.rowCount = parts.keys.length;
    this.plans = parts.trans.map((tr) => transitionPlan(tr, this.T, predecessors(tr, this.T)));
    const S = this.S;
    const T = this.T;
    this.stride = (4 + 4 * S + S * T + 3) & ~3;
    let cap = 16;
    while (cap < parts.keys.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    const table = new ArrayBuffer(this.stride * cap);
    this.slotKeys = new Int32Array(table);
    this.slotScales = new Float32Array(table);
    this.slotWeights = new Int8Array(table);
    this.fillTable(parts);
  }

  /** Puts every row in its slot (a plain loop: no view a row, this runs at every cold start). */
  private fillTable({ keys, scales, weights }: StagedParts): void {
    const { S, T, stride, mask, shift, slotKeys, slotScales, slotWeights } = this;
    const quarter = stride >> 2;
    const rowBytes = S * T;
    const head = 4 + 4 * S;
    for (let r = 0; r < keys.length; r++) {
      const k = keys[r]! | 0;
      let p = Math.imul(k, 0x9e3779b1) >>> shift;
      while (slotKeys[p * quarter] !== 0 && slotKeys[p * quarter] !== k) p = (p + 1) & mask;
      slotKeys[p * quarter] = k;
      for (let s = 0; s < S; s++) slotScales[p * quarter + 1 + s] = scales[r * S + s]!;
      const from = r * rowBytes;
      const to = p * stride + head;
      for (let b = 0; b < rowBytes; b++) slotWeights[to + b] = weights[from + b]!;
    }
  }

  /** One model of the stages given in order (all over the same tags); the rows of each kept as they are. */
  static fromModels(models: readonly SequenceModel[], meta: Record<string, unknown> = {}): StagedModel {
    const S = models.length;
    const T = models[0]!.tags.length;
    const each = models.map((m) => m.rows());
    const keys = Uint32Array.from(new Set(each.flatMap((r) => Array.from(r.keys)))).sort();
    const rowOf = new Map(Array.from(keys, (k, r) => [k, r]));
    const scales = new Float32Array(keys.length * S);
    const weights = new Int8Array(keys.length * S * T);
    each.forEach((m, s) => {
      for (let i = 0; i < m.keys.length; i++) {
        const r = rowOf.get(m.keys[i]!)!;
        scales[r * S + s] = m.scales[i]!;
        weights.set(m.weights.subarray(i * T, i * T + T), (r * S + s) * T);
      }
    });
    return new StagedModel({
      tags: [...models[0]!.tags],
      meta,
      keys,
      scales,
      weights,
      trans: each.map((m) => m.transitions),
    });
  }

  /**
   * Looks up the features ids[start, end) and keeps the slots of those in the table in `found`, in
   * order; returns how many. Looking a token's features up before adding their rows keeps the loop that
   * adds them short and free of probing branches.
   */
  private findSlots(ids: Uint32Array, start: number, end: number): number {
    const { slotKeys, mask, shift } = this;
    const quarter = this.stride >> 2;
    if (this.found.length < end - start) this.found = new Int32Array(2 * (end - start));
    const found = this.found;
    let m = 0;
    for (let j = start; j < end; j++) {
      const k = ids[j]! | 0;
      let p = Math.imul(k, 0x9e3779b1) >>> shift;
      let key = slotKeys[p * quarter]!;
      while (key !== k && key !== 0) {
        p = (p + 1) & mask;
        key = slotKeys[p * quarter]!;
      }
      if (key !== 0) found[m++] = p;
    }
    return m;
  }

  /**
   * Adds stage `stage`'s weight rows of the first `m` found slots, in order, into out[o, o + T). Each
   * addition rounds to float32 as `out[x] += w * scale` on the Float32Array would, so the sums are the
   * same to the bit whichever path runs.
   */
  private addFound(m: number, stage: number, out: Float32Array, o: number): void {
    const { T, found, slotScales, slotWeights } = this;
    const quarter = this.stride >> 2;
    const at = 4 + 4 * this.S + stage * T;
    if (T === 7) {
      // BIO over three labels (the attribution tagger): seven sums held in locals, not in memory.
      const f = Math.fround;
      let t0 = out[o]!;
      let t1 = out[o + 1]!;
      let t2 = out[o + 2]!;
      let t3 = out[o + 3]!;
      let t4 = out[o + 4]!;
      let t5 = out[o + 5]!;
      let t6 = out[o + 6]!;
      for (let x = 0; x < m; x++) {
        const p = found[x]!;
        const scale = slotScales[p * quarter + 1 + stage]!;
        if (scale === 0) continue;
        const w = p * this.stride + at;
        t0 = f(t0 + slotWeights[w]! * scale);
        t1 = f(t1 + slotWeights[w + 1]! * scale);
        t2 = f(t2 + slotWeights[w + 2]! * scale);
        t3 = f(t3 + slotWeights[w + 3]! * scale);
        t4 = f(t4 + slotWeights[w + 4]! * scale);
        t5 = f(t5 + slotWeights[w + 5]! * scale);
        t6 = f(t6 + slotWeights[w + 6]! * scale);
      }
      out[o] = t0;
      out[o + 1] = t1;
      out[o + 2] = t2;
      out[o + 3] = t3;
      out[o + 4] = t4;
      out[o + 5] = t5;
      out[o + 6] = t6;
      return;
    }
    for (let x = 0; x < m; x++) {
      const p = found[x]!;
      const scale = slotScales[p * quarter + 1 + stage]!;
      if (scale === 0) continue;
      const w = p * this.stride + at;
      for (let t = 0; t < T; t++) out[o + t]! += slotWeights[w + t]! * scale;
    }
  }

  /**
   * Emission scores of every stage from the features all stages share: stage s of token i, tag t at
   * `out[(s * n + i) * T + t]` (n = seq.length).
   */
  sharedEmissions(seq: FeatureSequence, out: Float32Array): void {
    const { T, S } = this;
    const n = seq.length;
    out.fill(0, 0, S * n * T);
    const { ids, offsets } = seq;
    for (let i = 0; i < n; i++) {
      const m = this.findSlots(ids, offsets[i]!, offsets[i + 1]!);
      for (let s = 0; s < S; s++) this.addFound(m, s, out, (s * n + i) * T);
    }
  }

  /**
   * Adds the weights of stage `stage` for the features of `seq` (that stage's own features) into its
   * part of `out` (as sharedEmissions lays it out).
   */
  addStageFeatures(stage: number, seq: FeatureSequence, out: Float32Array): void {
    const T = this.T;
    const n = seq.length;
    const { ids, offsets } = seq;
    for (let i = 0; i < n; i++) {
      const m = this.findSlots(ids, offsets[i]!, offsets[i + 1]!);
      this.addFound(m, stage, out, (stage * n + i) * T);
    }
  }

  /** Best tags of stage `stage` for emission scores `[i * T + t]` (Viterbi). */
  decode(stage: number, emit: Float32Array, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
    const T = this.T;
    if (this.scratch.score.length < n * T) {
      const size = Math.max(n * T, this.scratch.score.length * 2);
      this.scratch = { score: new Float64Array(size), back: new Uint8Array(size) };
    }
    return viterbiPlanned(emit, n, this.plans[stage]!, out, this.scratch, 0);
  }

  /**
   * Compact binary form: 'SQS1' + raw-deflated (header JSON; keys as LEB128 deltas; scales as bfloat16
   * (the top half of a float32: 3 significant digits, plenty for a per-row int8 scale); transitions as
   * float32; int8 weights).
   */
  toBuffer(): Buffer {
    const { tags, meta, keys, scales, weights, trans } = this.parts;
    const header = Buffer.from(JSON.stringify({ tags, meta, n: keys.length, stages: this.S }), 'utf8');
    const scaleBits = new Uint32Array(Float32Array.from(scales).buffer);
    const bf16 = Uint16Array.from(scaleBits, (b) => b >>> 16);
    const chunks = [
      Buffer.from(Uint32Array.of(header.length).buffer),
      header,
      encodeKeyDeltas(keys),
      Buffer.from(bf16.buffer),
      ...trans.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength)),
      Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength),
    ];
    const magic = Buffer.alloc(4);
    magic.writeUInt32LE(MAGIC, 0);
    return Buffer.concat([magic, deflateRawSync(Buffer.concat(chunks), { level: 9 })]);
  }

  static fromBuffer(buf: Uint8Array): StagedModel {
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (b.length < 4 || b.readUInt32LE(0) !== MAGIC)
      throw new Error('not a staged sequence model (bad magic)');
    const body = inflateRawSync(b.subarray(4));
    const jsonLen = body.readUInt32LE(0);
    const header = JSON.parse(body.toString('utf8', 4, 4 + jsonLen)) as {
      tags: string[];
      meta: Record<string, unknown>;
      n: number;
      stages: number;
    };
    const { n, stages: S } = header;
    const T = header.tags.length;
    const { keys, end } = decodeKeyDeltas(body, 4 + jsonLen, n);
    let o = end;
    // Copy into fresh typed arrays: inflate output has no alignment guarantee.
    const take = (bytes: number): ArrayBuffer => {
      const ab = new ArrayBuffer(bytes);
      new Uint8Array(ab).set(body.subarray(o, o + bytes));
      o += bytes;
      return ab;
    };
    const bf16 = new Uint16Array(take(n * S * 2));
    const scaleBits = new Uint32Array(n * S);
    for (let i = 0; i < scaleBits.length; i++) scaleBits[i] = bf16[i]! << 16;
    const scales = new Float32Array(scaleBits.buffer);
    const trans = Array.from({ length: S }, () => new Float32Array(take((T + 1) * T * 4)));
    const weights = new Int8Array(take(n * S * T));
    return new StagedModel({ tags: header.tags, meta: header.meta ?? {}, keys, scales, weights, trans });
  }

  /** The first `stages` stages alone (fewer stages: faster, for comparisons). */
  firstStages(stages: number): StagedModel {
    if (stages >= this.S) return this;
    const { tags, meta, keys, scales, weights, trans } = this.parts;
    const S = this.S;
    const T = this.T;
    const n = keys.length;
    const sc = new Float32Array(n * stages);
    const w = new Int8Array(n * stages * T);
    for (let r = 0; r < n; r++)
      for (let s = 0; s < stages; s++) {
        sc[r * stages + s] = scales[r * S + s]!;
        w.set(weights.subarray((r * S + s) * T, (r * S + s + 1) * T), (r * stages + s) * T);
      }
    return new StagedModel({
      tags: [...tags],
      meta,
      keys,
      scales: sc,
      weights: w,
      trans: trans.slice(0, stages),
    });
  }
}
