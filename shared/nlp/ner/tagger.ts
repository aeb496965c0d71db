import { FeatureSequence } from '../ml/features.js';
import { hashString } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';
import { SequenceModel } from '../ml/model.js';
import type { LabelledSpan } from '../ml/spans.js';
import { buildDocContext, lowerHashesOf, sentenceFeatures, wordFeatures, type Lexicon } from './features.js';
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

// Distinct word forms whose context-free scores are kept (tags × 4 bytes each).
const WORD_CACHE_SIZE = 50_000;

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
  private out = new Uint8Array(256);
  /** Per tag index: 0 = O, 1 = B, 2 = I, 3 = L, 4 = U; and its label. */
  private readonly prefix: Uint8Array;
  private readonly labels: string[];

  constructor(model: SequenceModel) {
    this.model = model;
    this.meta = model.meta as unknown as NerMeta;
    this.prefix = Uint8Array.from(model.tags, (t) => (t === 'O' ? 0 : 'BILU'.indexOf(t[0]!) + 1));
    this.labels = model.tags.map((t) => t.slice(2));
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
      // Context features go through the model; the word's own features come from the per-word cache.
      sentenceFeatures(words, this.seq, doc, this.gazetteer, this.lexicon, low, false);
      const emit = this.model.emissions(this.seq);
      for (let k = 0; k < n; k++) {
        const at = this.wordScores(words[k]!, low[k]!);
        const pool = this.pool;
        const base = k * T;
        for (let t = 0; t < T; t++) emit[base + t]! += pool[at + t]!;
      }
      if (this.out.length < n) this.out = new Uint8Array(n * 2);
      return this.spansOf(this.model.decode(emit, n, this.out), n);
    });
  }

  /**
   * Summed weights of a word's context-free features, cached per word form (keyed by its 32-bit hash; a
   * collision would only borrow another word's scores). Returns the offset of the scores in the pool.
   */
  private wordScores(word: string, lw: number): number {
    const h = hashString(word);
    const slot = this.cacheIndex.get(h);
    const T = this.model.tags.length;
    if (slot >= 0) return slot * T;
    if (this.cacheIndex.size >= WORD_CACHE_SIZE) this.cacheIndex = new HashTable(WORD_CACHE_SIZE);
    const next = this.cacheIndex.size;
    if ((next + 1) * T > this.pool.length) {
      const grown = new Float32Array(Math.min(WORD_CACHE_SIZE, Math.max(1024, next * 2)) * T);
      grown.set(this.pool.subarray(0, Math.min(this.pool.length, grown.length)));
      this.pool = grown;
    }
    this.wordSeq.reset();
    wordFeatures(word, lw, this.wordSeq, this.lexicon);
    this.wordSeq.endToken();
    this.pool.fill(0, next * T, next * T + T);
    this.model.addScores(this.wordSeq.ids, 0, this.wordSeq.offsets[1]!, this.pool, next * T);
    this.cacheIndex.set(h, next);
    return next * T;
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
