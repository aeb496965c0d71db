import { FeatureSequence } from '../ml/features.js';
import { hashString } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';
import { SequenceModel } from '../ml/model.js';
import type { LabelledSpan } from '../ml/spans.js';
import {
  buildDocContext,
  lowerHashesOf,
  markPlainTokens,
  neighbourFeatures,
  PAD_HASH,
  sentenceFeatures,
  shapeHash,
  wordFeatures,
  type Lexicon,
} from './features.js';
import { decodeHashes, Gazetteer, type GazetteerData } from './gazetteer.js';

/** What the NER model file carries besides weights. */
export interface NerMeta {
  kind: 'ner';
  version: number;
  scheme: 'BIO' | 'BILOU';
  gazetteer: GazetteerData | null;
  /** Base64 Uint32 pairs (lowercase hash, value). */
  capRatio: string | null;
  cluster: string | null;
  trainedOn: string;
  dev: Record<string, number> | null;
}

function decodePairs(b64: string | null): HashTable {
  const pairs = decodeHashes(b64 ?? '');
  const out = new HashTable(pairs.length >>> 1);
  for (let i = 0; i + 1 < pairs.length; i += 2) out.set(pairs[i]!, pairs[i + 1]!);
  return out;
}

export function encodePairs(map: Map<number, number>): string {
  const buf = Buffer.alloc(map.size * 8);
  let o = 0;
  for (const [k, v] of [...map].sort((a, b) => a[0] - b[0])) {
    buf.writeUInt32LE(k >>> 0, o);
    buf.writeUInt32LE(v >>> 0, o + 4);
    o += 8;
  }
  return buf.toString('base64');
}

// Distinct word forms whose context-free scores are kept (5 × tags × 4 bytes each).
const WORD_CACHE_SIZE = 50_000;
// Cached score vectors per word: itself, and as the word at -2, -1, +1, +2 of another token.
const BLOCK = 5;

/** The trained recogniser over pre-tokenised sentences of one document. */
export class NerTagger {
  readonly model: SequenceModel;
  readonly gazetteer: Gazetteer | null;
  readonly lexicon: Lexicon | null;
  readonly meta: NerMeta;
  private readonly seq = new FeatureSequence(256, 64);
  private readonly wordSeq = new FeatureSequence(1, 32);
  private cacheIndex = new HashTable(1024);
  private pool = new Float32Array(0);
  private used = 0;
  private pad = -1;
  private at = new Int32Array(256);
  /** Per token of the current sentence: 0 = scored, 1 = plain (tag O), 2 = plain with its block computed. */
  private skip = new Uint8Array(256);
  /** Index of tag O. */
  private readonly outside: number;
  private pre = { shape: new Uint32Array(256), gaz: new Int32Array(256), capRatio: new Int32Array(256) };
  /** Per cached block: the word's shape hash, gazetteer single-word bits, capitalisation-ratio bucket. */
  private infoShape = new Uint32Array(0);
  private infoGaz = new Int32Array(0);
  private infoCap = new Int32Array(0);
  private out = new Uint8Array(256);
  /** Per tag index: 0 = O, 1 = B, 2 = I, 3 = L, 4 = U; and its label. */
  private readonly prefix: Uint8Array;
  private readonly labels: string[];

  constructor(model: SequenceModel) {
    this.model = model;
    this.meta = model.meta as unknown as NerMeta;
    this.prefix = Uint8Array.from(model.tags, (t) => (t === 'O' ? 0 : 'BILU'.indexOf(t[0]!) + 1));
    this.labels = model.tags.map((t) => t.slice(2));
    this.outside = Math.max(0, model.tags.indexOf('O'));
    this.gazetteer = this.meta.gazetteer ? new Gazetteer(this.meta.gazetteer) : null;
    this.lexicon =
      this.meta.capRatio || this.meta.cluster
        ? { capRatio: decodePairs(this.meta.capRatio), cluster: decodePairs(this.meta.cluster) }
        : null;
  }

  static fromBuffer(buf: Uint8Array): NerTagger {
    return new NerTagger(SequenceModel.fromBuffer(buf));
  }

  /** Spans (labels PER/ORG/LOC/MISC) per sentence, over token indices. */
  tagDocument(sentences: readonly (readonly string[])[]): LabelledSpan[][] {
    const lows = sentences.map(lowerHashesOf);
    const doc = buildDocContext(sentences, lows);
    const T = this.model.tags.length;
    return sentences.map((words, i) => {
      const n = words.length;
      if (n === 0) return [];
      const low = lows[i]!;
      // Context features go through the model; the features of the word itself and of its neighbours
      // come from the per-word cache: block = [self, as word -2, as -1, as +1, as +2 of another token].
      if (this.at.length < n) {
        this.at = new Int32Array(n * 2);
        this.pre = {
          shape: new Uint32Array(n * 2),
          gaz: new Int32Array(n * 2),
          capRatio: new Int32Array(n * 2),
        };
      }
      const at = this.at;
      const pre = this.pre;
      if (this.cacheIndex.size + n >= WORD_CACHE_SIZE) {
        // Start over (bounded memory), never in the middle of a sentence.
        this.cacheIndex = new HashTable(WORD_CACHE_SIZE);
        this.used = 0;
        this.pad = -1;
      }
      const blockSize = T * BLOCK;
      if (this.skip.length < n) this.skip = new Uint8Array(n * 2);
      const skip = this.skip;
      markPlainTokens(words, skip);
      for (let k = 0; k < n; k++) {
        if (skip[k]) continue;
        const offset = this.wordBlock(words[k]!, low[k]!);
        at[k] = offset;
        const b = offset / blockSize;
        pre.shape[k] = this.infoShape[b]!;
        pre.gaz[k] = this.infoGaz[b]!;
        pre.capRatio[k] = this.infoCap[b]!;
      }
      sentenceFeatures(words, this.seq, doc, this.gazetteer, this.lexicon, low, false, pre, skip);
      const emit = this.model.emissions(this.seq);
      // Scored tokens need their plain neighbours' blocks too (before `pool` is read: it may grow).
      for (let k = 0; k < n; k++) {
        if (skip[k]) continue;
        for (let d = -2; d <= 2; d++) if (d !== 0 && k + d >= 0 && k + d < n) this.blockAt(k + d, words, low);
      }
      const pad = this.padBlock();
      const pool = this.pool;
      for (let k = 0; k < n; k++) {
        const base = k * T;
        if (skip[k]) continue;
        const self = at[k]!;
        const m2 = (k >= 2 ? at[k - 2]! : pad) + T;
        const m1 = (k >= 1 ? at[k - 1]! : pad) + 2 * T;
        const p1 = (k + 1 < n ? at[k + 1]! : pad) + 3 * T;
        const p2 = (k + 2 < n ? at[k + 2]! : pad) + 4 * T;
        for (let t = 0; t < T; t++)
          emit[base + t]! += pool[self + t]! + pool[m2 + t]! + pool[m1 + t]! + pool[p1 + t]! + pool[p2 + t]!;
      }
      if (this.out.length < n) this.out = new Uint8Array(n * 2);
      // Plain tokens are O, so the runs between them decode independently (exactly as one Viterbi pass
      // with O forced there): each run starts after O and pays its transition into the next O.
      const O = this.outside;
      for (let k = 0; k < n;) {
        if (skip[k]) {
          this.out[k++] = O;
          continue;
        }
        let e = k;
        while (e < n && !skip[e]) e++;
        if (e < n) for (let t = 0; t < T; t++) emit[(e - 1) * T + t]! += this.model.transition(t, O);
        this.model.decode(emit.subarray(k * T, e * T), e - k, this.out.subarray(k, e), k > 0 ? O : -1);
        k = e;
      }
      return this.spansOf(this.out, n);
    });
  }

  /** Block of token k of the current sentence (computed now if the token was skipped). */
  private blockAt(k: number, words: readonly string[], low: Uint32Array): number {
    if (this.skip[k] === 1) {
      this.at[k] = this.wordBlock(words[k]!, low[k]!);
      this.skip[k] = 2;
    }
    return this.at[k]!;
  }

  /** Pool offset of the padding's block (neighbour roles only), computed once. */
  private padBlock(): number {
    if (this.pad < 0) {
      this.pad = this.allocBlock();
      this.fillBlock(this.pad, null, PAD_HASH, PAD_HASH, 0);
    }
    return this.pad;
  }

  /**
   * Pool offset of a word's cached scores, keyed by the word's 32-bit hash (a collision would only
   * borrow another word's scores).
   */
  private wordBlock(word: string, lw: number): number {
    const h = hashString(word);
    const slot = this.cacheIndex.get(h);
    if (slot >= 0) return slot;
    const offset = this.allocBlock();
    const cluster = this.lexicon ? this.lexicon.cluster.get(lw, 0) : 0;
    const shape = shapeHash(word);
    this.fillBlock(offset, word, lw, shape, cluster);
    const b = offset / (this.model.tags.length * BLOCK);
    this.infoShape[b] = shape;
    this.infoGaz[b] = this.gazetteer ? this.gazetteer.singleBits(lw) : 0;
    this.infoCap[b] = this.lexicon ? this.lexicon.capRatio.get(lw, -1) : -1;
    this.cacheIndex.set(h, offset);
    return offset;
  }

  private allocBlock(): number {
    const size = this.model.tags.length * BLOCK;
    if (this.used + size > this.pool.length) {
      const grown = new Float32Array(Math.max(this.pool.length * 2, size * 1024));
      grown.set(this.pool);
      this.pool = grown;
      const blocks = grown.length / size;
      const shape = new Uint32Array(blocks);
      shape.set(this.infoShape);
      this.infoShape = shape;
      const gaz = new Int32Array(blocks);
      gaz.set(this.infoGaz);
      this.infoGaz = gaz;
      const cap = new Int32Array(blocks);
      cap.set(this.infoCap);
      this.infoCap = cap;
    }
    const offset = this.used;
    this.used += size;
    this.pool.fill(0, offset, offset + size);
    return offset;
  }

  private fillBlock(offset: number, word: string | null, lw: number, shape: number, cluster: number): void {
    const T = this.model.tags.length;
    const seq = this.wordSeq;
    if (word !== null) {
      seq.reset();
      wordFeatures(word, lw, seq, this.lexicon);
      seq.endToken();
      this.model.addScores(seq.ids, 0, seq.offsets[1]!, this.pool, offset);
    }
    for (let role = 0; role < 4; role++) {
      seq.reset();
      neighbourFeatures(role, lw, shape, cluster, seq);
      seq.endToken();
      this.model.addScores(seq.ids, 0, seq.offsets[1]!, this.pool, offset + (role + 1) * T);
    }
  }

  /** Spans from tag indices (same rules as tagsToSpans, without building tag strings). */
  private spansOf(tags: Uint8Array, n: number): LabelledSpan[] {
    const spans: LabelledSpan[] = [];
    let open: LabelledSpan | null = null;
    for (let i = 0; i < n; i++) {
      const t = tags[i]!;
      const p = this.prefix[t]!;
      if (p === 0) {
        if (open) spans.push(open);
        open = null;
        continue;
      }
      const label = this.labels[t]!;
      if (p === 1 || p === 4 || !open || open.label !== label) {
        if (open) spans.push(open);
        open = { label, start: i, end: i + 1 };
      } else open.end = i + 1;
      if (p === 3 || p === 4) {
        spans.push(open);
        open = null;
      }
    }
    if (open) spans.push(open);
    return spans;
  }
}
