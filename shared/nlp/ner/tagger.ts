import { FeatureSequence } from '../ml/features.js';
import { hashLower, hashString, mixHash } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';
import { SequenceModel } from '../ml/model.js';
import type { LabelledSpan } from '../ml/spans.js';
import {
  docWordFeatures,
  hasLowercase,
  isCapitalised,
  lowerHashesOf,
  markPlainTokens,
  neighbourFeatures,
  PAD_HASH,
  sentenceFeatures,
  shapeHash,
  wordFeatures,
  type Lexicon,
} from './features.js';
import { buildDocContext, type DocContext } from './doc-context.js';
import {
  buildTypeStats,
  docPassFeatures,
  kindsOfTags,
  namesOf,
  type FirstPassSentence,
  type TypeStats,
} from './doc-pass.js';
import { decodeHashes, GAZ_CLASSES, Gazetteer, PLACE_BITS, type GazetteerData } from './gazetteer.js';
import { DEFAULT_CONSISTENCY, harmoniseTypes, type ConsistencyOptions } from './consistency.js';
import { clubsBeforePlayers } from './clubs.js';
import { joinPossessiveFirms, mayBePossessiveFirm, possessiveFirms } from './possessive.js';
import { mayReshape, reshapeSpans, taggedNames } from './coordination.js';
import {
  clubsOnStandingsLine,
  isStandingsLine,
  mayBeResultsLine,
  reshapeResultsLine,
  scoreLineClubs,
} from './tables.js';

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
  /** Base64 of the second-pass model (SequenceModel.toBuffer), when trained with one. */
  docPass?: string | null;
  /** Logistic calibration of span margins to confidences, with what it was fitted on and its ECE. */
  calibration?: {
    scale: number;
    bias: number;
    fittedOn?: string;
    dev?: { ece: number; logLoss: number };
    crossValidated?: { ece: number; logLoss: number };
  } | null;
  /** k-fold cross-validated F1 on the training set (first pass). */
  crossValidated?: Record<string, number> | null;
  /** Dev scores of the first pass alone. */
  firstPassDev?: Record<string, number> | null;
}

/** A tagged span and its margin (how far its tags lead the best alternatives, in emission-score units). */
export interface ScoredSpan extends LabelledSpan {
  margin: number;
  /** Score of labelling the span's tokens with each type (NER_LABELS order), emissions only. */
  typeScores: Float32Array;
}

/** Entity types of the CoNLL-2003 tag set, in the order the second pass counts them. */
export const NER_LABELS = ['PER', 'ORG', 'LOC', 'MISC'] as const;

/** Emission margins (best minus second best) that separate the first pass's margin buckets. */
const MARGIN_BUCKETS = [8, 20, 45];
/** First-pass score of O for plain tokens, so that decoding whole sentences keeps them O. */
const PLAIN_O_SCORE = 1e4;
const EMPTY = new Float32Array(0);
const EMPTY_BYTES = new Uint8Array(0);

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

// Distinct word forms whose context-free scores are kept (5 × tags × 4 bytes each): the pool they are
// kept in grows by doubling, so just under 2^15 of them fit 11 MB (50,000 took a 22 MB pool).
const WORD_CACHE_SIZE = 32_000;
// Cached score vectors per word: itself, and as the word at -2, -1, +1, +2 of another token.
const BLOCK = 5;
// Tokens of a document past which the tagger lets its caches go after it (~300 KB of prose).
const LARGE_DOCUMENT_TOKENS = 50_000;

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
  /** The document-level second pass (null in models without one). */
  readonly docModel: SequenceModel | null;
  private readonly docSeq = new FeatureSequence(256, 12);
  /** Keep first-pass emission scores even without a second pass (training the second pass needs them). */
  keepFirstPassScores = false;
  /** Emission scores of the last first-pass sentence (valid until the next model call). */
  private emitView: Float32Array = EMPTY;
  /** Per document: (word, capitalised) → offset of its docWordFeatures scores in `docPool`. */
  private docIndex = new HashTable(256);
  private docPool = new Float32Array(0);
  private docUsed = 0;
  /** Per tag index: entity kind (0 = O, 1 + type index) and whether it begins a span. */
  private readonly kindOfTag: Uint8Array;
  private readonly beginsSpan: Uint8Array;
  /** Per type (NER_LABELS order): tag indices for a span's first, inner, last and only token. */
  private readonly typeTags: { first: number; inner: number; last: number; only: number }[];
  /** Where spans' type scores are kept (scoreSlot); a full block is left to the spans that use it. */
  private scoreBlock = new Float32Array(0);
  private scoreUsed = 0;
  /** Document-level type consistency after tagging (null: off). */
  consistency: ConsistencyOptions | null = DEFAULT_CONSISTENCY;

  constructor(model: SequenceModel, docModel?: SequenceModel | null) {
    this.model = model;
    this.meta = model.meta as unknown as NerMeta;
    this.prefix = Uint8Array.from(model.tags, (t) => (t === 'O' ? 0 : 'BILU'.indexOf(t[0]!) + 1));
    this.labels = model.tags.map((t) => t.slice(2));
    this.outside = Math.max(0, model.tags.indexOf('O'));
    this.kindOfTag = kindsOfTags(model.tags, NER_LABELS);
    this.beginsSpan = Uint8Array.from(model.tags, (t) => (t[0] === 'B' || t[0] === 'U' ? 1 : 0));
    this.typeTags = NER_LABELS.map((label) => {
      const at = (p: string, fallback: string): number => {
        const k = model.tags.indexOf(`${p}-${label}`);
        return k >= 0 ? k : model.tags.indexOf(`${fallback}-${label}`);
      };
      return { first: at('B', 'B'), inner: at('I', 'I'), last: at('L', 'I'), only: at('U', 'B') };
    });
    const stored = this.meta.docPass;
    this.docModel =
      docModel !== undefined
        ? docModel
        : stored
          ? SequenceModel.fromBuffer(Buffer.from(stored, 'base64'))
          : null;
    this.gazetteer = this.meta.gazetteer ? new Gazetteer(this.meta.gazetteer) : null;
    this.lexicon =
      this.meta.capRatio || this.meta.cluster
        ? { capRatio: decodePairs(this.meta.capRatio), cluster: decodePairs(this.meta.cluster) }
        : null;
  }

  static fromBuffer(buf: Uint8Array): NerTagger {
    return new NerTagger(SequenceModel.fromBuffer(buf));
  }

  /** Spans (labels PER/ORG/LOC/MISC) per sentence, over token indices, with their score margins. */
  tagDocument(sentences: readonly (readonly string[])[]): ScoredSpan[][] {
    const { spans } = this.tagDocumentDetailed(sentences, false);
    let tokens = 0;
    for (const words of sentences) tokens += words.length;
    // A long article filled the word cache (11 MB) and the document scores: let them go rather than
    // hold them through the rest of its analysis. A short one leaves the cache warm for the next.
    if (tokens > LARGE_DOCUMENT_TOKENS) this.dropCaches();
    return spans;
  }

  /**
   * Empties the word-score cache and the document scores (as a new tagger has them): after a long
   * article tagged in windows, so that the rest of its analysis does not hold them.
   */
  dropCaches(): void {
    this.cacheIndex = new HashTable(1024);
    this.pool = new Float32Array(0);
    this.used = 0;
    this.pad = -1;
    this.infoShape = new Uint32Array(0);
    this.infoGaz = new Int32Array(0);
    this.infoCap = new Int32Array(0);
    this.docIndex = new HashTable(256);
    this.docPool = new Float32Array(0);
    this.docUsed = 0;
  }

  /**
   * Both passes over one document: the first tags each sentence from its own words and the article's
   * word-level facts; the second (when the model has one) re-tags each sentence seeing how the same
   * words and names were tagged across the article. Returns the first pass too (for training), unless
   * `withFirst` is false and the model has no second pass (a long article's first pass is large).
   */
  tagDocumentDetailed(
    sentences: readonly (readonly string[])[],
    withFirst = true,
  ): {
    spans: ScoredSpan[][];
    first: FirstPassSentence[];
  } {
    const lows = lowerHashViews(sentences);
    const doc = buildDocContext(sentences, lows, this.gazetteer);
    const spans: ScoredSpan[][] = [];
    this.startDocument();
    const T = this.model.tags.length;
    // Emission scores of the sentences with a span that may be two coordinated names (rare).
    const held = new Map<number, Float32Array>();
    const keepFirst = withFirst || this.docModel !== null;
    const first: FirstPassSentence[] = [];
    sentences.forEach((words, i) => {
      const f = this.firstPass(words, lows[i]!, doc);
      if (keepFirst) first.push(f);
      if (!this.docModel) {
        const scored = this.scoredSpans(f.tags, words.length, this.emitView, T);
        if (
          scored.some((s) => mayReshape(words, s)) ||
          mayBeResultsLine(words, scored) ||
          isStandingsLine(words) ||
          mayBePossessiveFirm(words, scored)
        )
          held.set(i, this.emitView.slice(0, words.length * T));
        spans.push(scored);
      }
    });
    if (!this.docModel) {
      if (held.size) this.reshapeSpans(sentences, spans, held);
      if (this.consistency)
        harmoniseTypes(sentences, spans, NER_LABELS, this.consistency, this.isPlace, this.isFirstName);
      clubsBeforePlayers(sentences, spans, NER_LABELS, this.isTown, doc.sport);
      return { spans, first };
    }
    const stats = buildTypeStats(sentences, lows, first, this.kindOfTag, this.beginsSpan);
    sentences.forEach((words, i) => {
      const n = words.length;
      this.secondPassSentence(words, lows[i]!, first[i]!, stats, this.docSeq);
      const emit = this.docModel!.emissions(this.docSeq);
      const base = first[i]!.emit;
      for (let k = 0; k < emit.length; k++) emit[k]! += base[k]!;
      if (this.out.length < n) this.out = new Uint8Array(n * 2);
      this.model.decode(emit, n, this.out);
      spans.push(this.scoredSpans(this.out, n, emit, this.model.tags.length));
    });
    return { spans, first };
  }

  /** Second-pass features of every sentence (for training). */
  secondPassFeatures(
    sentences: readonly (readonly string[])[],
    lows: readonly Uint32Array[],
    first: readonly FirstPassSentence[],
  ): FeatureSequence[] {
    const stats = buildTypeStats(sentences, lows, first, this.kindOfTag, this.beginsSpan);
    return sentences.map((words, i) => {
      this.secondPassSentence(words, lows[i]!, first[i]!, stats, this.docSeq);
      return this.docSeq.clone();
    });
  }

  /** Second-pass features of one sentence into `seq`; returns the tokens left plain (tag O). */
  private secondPassSentence(
    words: readonly string[],
    low: Uint32Array,
    first: FirstPassSentence,
    stats: TypeStats,
    seq: FeatureSequence,
  ): Uint8Array {
    const skip = new Uint8Array(words.length);
    markPlainTokens(words, skip);
    const names = namesOf(low, first.tags, this.kindOfTag, this.beginsSpan);
    const headline = words.length > 2 && !words.some(hasLowercase);
    docPassFeatures(words, low, first, stats, names, this.kindOfTag, headline, seq, skip);
    return skip;
  }

  /** First pass over one sentence: tag indices and per-token margins. */
  private firstPass(words: readonly string[], low: Uint32Array, doc: DocContext): FirstPassSentence {
    const n = words.length;
    if (n === 0) return { tags: new Uint8Array(0), margins: new Uint8Array(0), emit: new Float32Array(0) };
    if (this.skip.length < n) this.skip = new Uint8Array(n * 2);
    const skip = this.skip;
    markPlainTokens(words, skip);
    const emit = this.firstPassEmissions(words, low, doc, skip);
    const T = this.model.tags.length;
    const keep = this.docModel !== null || this.keepFirstPassScores;
    const margins = keep ? marginsOf(emit, n, T, skip) : EMPTY_BYTES;
    const kept = keep ? emit.slice(0, n * T) : EMPTY;
    if (keep) for (let k = 0; k < n; k++) if (skip[k]) kept[k * T + this.outside] = PLAIN_O_SCORE;
    this.decodeRuns(this.model, emit, n, skip);
    this.emitView = emit;
    return { tags: this.out.slice(0, n), margins, emit: kept };
  }

  /**
   * Emission scores of one sentence. Context features go through the model; the features of the word
   * itself and of its neighbours come from the per-word cache: block = [self, as word -2, as -1, as +1,
   * as +2 of another token].
   */
  private firstPassEmissions(words: readonly string[], low: Uint32Array, doc: DocContext, skip: Uint8Array) {
    const n = words.length;
    const T = this.model.tags.length;
    this.prepareWordBlocks(words, low, skip);
    const { at, pre } = this;
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
      const d = this.docWordBlock(doc, low[k]!, isCapitalised(words[k]!));
      for (let t = 0; t < T; t++) emit[base + t]! += this.docPool[d + t]!;
    }
    return emit;
  }

  /** Forgets the previous document's per-word document scores. */
  private startDocument(): void {
    this.docIndex = new HashTable(256);
    this.docUsed = 0;
  }

  /** Offset in `docPool` of the scores of docWordFeatures for a word in this document (computed once). */
  private docWordBlock(doc: DocContext, lw: number, cap: boolean): number {
    const key = mixHash(lw, cap ? 1 : 2);
    const found = this.docIndex.get(key, -1);
    if (found >= 0) return found;
    const T = this.model.tags.length;
    if (this.docUsed + T > this.docPool.length) {
      const grown = new Float32Array(Math.max(this.docPool.length * 2, T * 256));
      grown.set(this.docPool);
      this.docPool = grown;
    }
    const offset = this.docUsed;
    this.docUsed += T;
    this.docPool.fill(0, offset, offset + T);
    const seq = this.wordSeq;
    seq.reset();
    docWordFeatures(doc, lw, cap, seq);
    seq.endToken();
    this.model.addScores(seq.ids, 0, seq.offsets[1]!, this.docPool, offset);
    this.docIndex.set(key, offset);
    return offset;
  }

  /** Cached blocks (and per-word facts) of the sentence's scored tokens. */
  private prepareWordBlocks(words: readonly string[], low: Uint32Array, skip: Uint8Array): void {
    const n = words.length;
    if (this.at.length < n) {
      this.at = new Int32Array(n * 2);
      this.pre = {
        shape: new Uint32Array(n * 2),
        gaz: new Int32Array(n * 2),
        capRatio: new Int32Array(n * 2),
      };
    }
    if (this.cacheIndex.size + n >= WORD_CACHE_SIZE) {
      // Start over (bounded memory), never in the middle of a sentence.
      this.cacheIndex = new HashTable(WORD_CACHE_SIZE);
      this.used = 0;
      this.pad = -1;
    }
    const blockSize = this.model.tags.length * BLOCK;
    for (let k = 0; k < n; k++) {
      if (skip[k]) {
        // Plain tokens get no block and no features of their own, but gazetteer matches may start at
        // them, and scored tokens up to two away read their shape.
        this.pre.gaz[k] = this.gazetteer ? this.gazetteer.singleBits(low[k]!) : 0;
        this.pre.shape[k] = scoredWithin2(skip, k, n) ? shapeHash(words[k]!) : 0;
        this.pre.capRatio[k] = -1;
        continue;
      }
      const offset = this.wordBlock(words[k]!, low[k]!);
      this.at[k] = offset;
      const b = offset / blockSize;
      this.pre.shape[k] = this.infoShape[b]!;
      this.pre.gaz[k] = this.infoGaz[b]!;
      this.pre.capRatio[k] = this.infoCap[b]!;
    }
  }

  /**
   * Viterbi into `this.out`. Plain tokens are O, so the runs between them decode independently (exactly
   * as one Viterbi pass with O forced there): each run starts after O and pays its transition into the next O.
   */
  private decodeRuns(model: SequenceModel, emit: Float32Array, n: number, skip: Uint8Array): void {
    const T = model.tags.length;
    if (this.out.length < n) this.out = new Uint8Array(n * 2);
    const O = this.outside;
    for (let k = 0; k < n;) {
      if (skip[k]) {
        this.out[k++] = O;
        continue;
      }
      let e = k;
      while (e < n && !skip[e]) e++;
      if (e < n) for (let t = 0; t < T; t++) emit[(e - 1) * T + t]! += model.transition(t, O);
      model.decode(emit.subarray(k * T, e * T), e - k, this.out.subarray(k, e), k > 0 ? O : -1);
      k = e;
    }
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

  /**
   * "Mobil , Shell" → "Mobil", "Shell"; "Pirelli SpA" (coordination.ts); "Sale 31 Wasps 33" → two clubs
   * (tables.ts). New spans are scored as their own.
   */
  private reshapeSpans(
    sentences: readonly (readonly string[])[],
    spans: ScoredSpan[][],
    held: ReadonlyMap<number, Float32Array>,
  ): void {
    const names = taggedNames(sentences, spans);
    for (const [i, emit] of held) {
      const words = sentences[i]!;
      const reshaped = reshapeSpans(words, spans[i]!, names);
      if (reshaped) spans[i] = this.rescored(spans[i]!, reshaped, emit);
      const results = reshapeResultsLine(words, spans[i]!, this.isCountry);
      if (results) spans[i] = this.rescored(spans[i]!, results, emit);
    }
    const clubs = scoreLineClubs(sentences, spans);
    const firms = possessiveFirms(sentences, spans);
    if (!clubs.length && !firms.size) return;
    for (const [i, emit] of held) {
      const standings = clubsOnStandingsLine(sentences[i]!, spans[i]!, clubs);
      if (standings) spans[i] = this.rescored(spans[i]!, standings, emit);
      const joined = joinPossessiveFirms(sentences[i]!, spans[i]!, firms);
      if (joined) spans[i] = this.rescored(spans[i]!, joined, emit);
    }
  }

  /** Reshaped spans with scores: unchanged spans keep theirs, new ones are scored from the emissions. */
  private rescored(
    old: readonly ScoredSpan[],
    reshaped: readonly LabelledSpan[],
    emit: Float32Array,
  ): ScoredSpan[] {
    const T = this.model.tags.length;
    return reshaped.map((r) => {
      const same = old.find((s) => s.start === r.start && s.end === r.end && s.label === r.label);
      if (same) return same;
      const tags = this.typeTags[NER_LABELS.indexOf(r.label as (typeof NER_LABELS)[number])]!;
      const piece: ScoredSpan = {
        label: r.label,
        start: r.start,
        end: r.end,
        margin: Infinity,
        typeScores: EMPTY,
      };
      for (let k = r.start; k < r.end; k++) {
        const tag =
          r.end - r.start === 1
            ? tags.only
            : k === r.start
              ? tags.first
              : k === r.end - 1
                ? tags.last
                : tags.inner;
        let other = -Infinity;
        for (let t = 0; t < T; t++) if (t !== tag) other = Math.max(other, emit[k * T + t]!);
        piece.margin = Math.min(piece.margin, emit[k * T + tag]! - other);
      }
      piece.typeScores = this.typeScoresOf(piece, emit, T);
      return piece;
    });
  }

  /** Spans of decoded tags with their margin: the smallest, over their tokens, of the chosen tag's lead. */
  private scoredSpans(tags: Uint8Array, n: number, emit: Float32Array, T: number): ScoredSpan[] {
    const spans = this.spansOf(tags, n);
    for (const span of spans) {
      let margin = Infinity;
      for (let k = span.start; k < span.end; k++) {
        const chosen = emit[k * T + tags[k]!]!;
        let other = -Infinity;
        for (let t = 0; t < T; t++) if (t !== tags[k]) other = Math.max(other, emit[k * T + t]!);
        margin = Math.min(margin, chosen - other);
      }
      span.margin = margin;
      span.typeScores = this.typeScoresOf(span, emit, T);
    }
    return spans;
  }

  /** Whether words[start, end) is a country, region, city, capital or demonym in the gazetteer. */
  private readonly isPlace = (words: readonly string[], start: number, end: number): boolean =>
    this.gazetteer !== null &&
    (this.gazetteer.lookup(nameHashes(words, start, end), 0, end - start) & PLACE_OR_DEMONYM) !== 0;

  /** Whether a word is a first name in the gazetteer (its first part when hyphenated). */
  private readonly isFirstName = (word: string): boolean => {
    if (this.gazetteer === null) return false;
    // "Jeanne-Marie": a hyphenated first name's first part.
    const first = word.includes('-') ? word.slice(0, word.indexOf('-')) : word;
    return (this.gazetteer.singleBits(hashLower(first)) & FIRST_NAME_BIT) !== 0;
  };

  /** Whether words[start, end) is a city, capital or region in the gazetteer, and no country. */
  private readonly isTown = (words: readonly string[], start: number, end: number): boolean => {
    if (this.gazetteer === null) return false;
    const bits = this.gazetteer.lookup(nameHashes(words, start, end), 0, end - start);
    return (bits & TOWN_BITS) !== 0 && (bits & COUNTRY_BIT) === 0;
  };

  /** Whether words[start, end) is a country in the gazetteer (a national team on a score line). */
  private readonly isCountry = (words: readonly string[], start: number, end: number): boolean =>
    this.gazetteer !== null &&
    (this.gazetteer.lookup(nameHashes(words, start, end), 0, end - start) & COUNTRY_BIT) !== 0;

  /** Emission score of labelling the span's tokens with each type (B/I or BILOU tags by position). */
  private typeScoresOf(span: LabelledSpan, emit: Float32Array, T: number): Float32Array {
    const out = this.scoreSlot();
    const last = span.end - 1;
    this.typeTags.forEach((tags, j) => {
      let score = 0;
      for (let k = span.start; k <= last; k++) {
        const tag =
          span.start === last
            ? tags.only
            : k === span.start
              ? tags.first
              : k === last
                ? tags.last
                : tags.inner;
        score += emit[k * T + tag]!;
      }
      out[j] = score;
    });
    return out;
  }

  /** Room for one span's type scores: a view into a shared block (one buffer per span was ~150 bytes). */
  private scoreSlot(): Float32Array {
    const n = NER_LABELS.length;
    if (this.scoreUsed + n > this.scoreBlock.length) {
      this.scoreBlock = new Float32Array(n * 4096);
      this.scoreUsed = 0;
    }
    this.scoreUsed += n;
    return this.scoreBlock.subarray(this.scoreUsed - n, this.scoreUsed);
  }

  /** Confidence (0–1) of a span from its margin, by the logistic calibration stored with the model. */
  confidence(margin: number): number {
    const c = this.meta.calibration ?? { scale: 0.1, bias: 0 };
    return 1 / (1 + Math.exp(-(c.scale * margin + c.bias)));
  }

  /** Spans from tag indices (same rules as tagsToSpans, without building tag strings). */
  private spansOf(tags: Uint8Array, n: number): ScoredSpan[] {
    const spans: ScoredSpan[] = [];
    let open: ScoredSpan | null = null;
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
        open = { label, start: i, end: i + 1, margin: 0, typeScores: EMPTY };
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

/**
 * Lowercase hashes of each sentence's words (as lowerHashesOf), as views into one buffer for the whole
 * document: a buffer per sentence cost more than its hashes in a long article.
 */
export function lowerHashViews(sentences: readonly (readonly string[])[]): Uint32Array[] {
  let tokens = 0;
  for (const words of sentences) tokens += words.length;
  const all = new Uint32Array(tokens);
  let at = 0;
  return sentences.map((words) => {
    const view = all.subarray(at, at + words.length);
    for (let i = 0; i < words.length; i++) view[i] = hashLower(words[i]!);
    at += words.length;
    return view;
  });
}

/**
 * Lowercase hashes of a name's words for gazetteer lookups, a dotted initialism read without its stops:
 * the gazetteers list "US", "UK", Reuters writes "U.S.", "U.K.".
 */
function nameHashes(words: readonly string[], start: number, end: number): Uint32Array {
  return lowerHashesOf(words.slice(start, end).map((w) => (DOTTED_RE.test(w) ? w.replace(/\./g, '') : w)));
}

const DOTTED_RE = /^(?:\p{Lu}\.){2,}$/u;

/** Whether a token up to two places from k is scored (not skipped). */
function scoredWithin2(skip: Uint8Array, k: number, n: number): boolean {
  for (let j = Math.max(0, k - 2); j <= Math.min(n - 1, k + 2); j++) if (!skip[j]) return true;
  return false;
}

const COUNTRY_BIT = 1 << GAZ_CLASSES.indexOf('country');
const FIRST_NAME_BIT = 1 << GAZ_CLASSES.indexOf('firstname');
const TOWN_BITS = PLACE_BITS & ~COUNTRY_BIT;
const PLACE_OR_DEMONYM = PLACE_BITS | (1 << GAZ_CLASSES.indexOf('demonym'));

/** Margin buckets (best minus second-best emission score) of the scored tokens. */
function marginsOf(emit: Float32Array, n: number, T: number, skip: Uint8Array): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    if (skip[k]) continue;
    let best = -Infinity;
    let second = -Infinity;
    for (let t = 0; t < T; t++) {
      const e = emit[k * T + t]!;
      if (e > best) {
        second = best;
        best = e;
      } else if (e > second) second = e;
    }
    const m = best - second;
    out[k] = m < MARGIN_BUCKETS[0]! ? 0 : m < MARGIN_BUCKETS[1]! ? 1 : m < MARGIN_BUCKETS[2]! ? 2 : 3;
  }
  return out;
}
