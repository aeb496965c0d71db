import { FeatureSequence } from '../ml/features.js';
import { hashLower, hashString, mixHash } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';
import { DocFlag, docCues, NEIGHBOUR_SLOT, type DocContext } from './doc-context.js';
import { GAZ_CLASSES, type Gazetteer } from './gazetteer.js';

// Feature templates (ids are part of the model: never renumber, only add).
const enum F {
  Bias = 1,
  Word,
  Lower,
  Shape,
  Prefix,
  Suffix,
  LowerM2,
  LowerM1,
  LowerP1,
  LowerP2,
  ShapeM1,
  ShapeP1,
  LowerM1Lower,
  LowerLowerP1,
  ShapeM1Shape,
  ShapeShapeP1,
  First,
  FirstShape,
  Gaz,
  GazM1,
  GazP1,
  DocLowerSeen,
  DocCapMidSeen,
  DocInLongName,
  Length,
  ShapeM1ShapeShapeP1,
  Cluster,
  ClusterM1,
  ClusterP1,
  WordHeadline,
  CapRatio,
  DocCapRatio,
  DocCue,
  TableLine,
  LinePosition,
  DocNeighbourBefore,
  DocNeighbourAfter,
  SportGaz,
  SportWord,
  TrueCase,
  TrueCaseM1,
  TrueCaseContext,
}

function isUpper(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 0xc0 && c <= 0xde && c !== 0xd7) ||
    (c > 0xff && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase())
  );
}

function isLower(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 0xdf && c <= 0xff && c !== 0xf7) ||
    (c > 0xff && String.fromCharCode(c) !== String.fromCharCode(c).toUpperCase())
  );
}

function charClass(c: number): number {
  if (c >= 48 && c <= 57) return 100; // 'd'
  if (isUpper(c)) return 88; // 'X'
  if (isLower(c)) return 120; // 'x'
  if (c > 0xff) return 97; // other letters (scripts without case)
  return c;
}

/** Shape hash: character classes with runs collapsed ("Xx", "X.X.", "d-d"). Also reports flags. */
export function shapeHash(w: string): number {
  let h = 0x811c9dc5;
  let prev = -1;
  for (let i = 0; i < w.length; i++) {
    const k = charClass(w.charCodeAt(i));
    if (k === prev) continue;
    prev = k;
    h ^= k;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

export function isCapitalised(w: string): boolean {
  return w.length > 0 && isUpper(w.charCodeAt(0));
}

export function isAllLower(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isLower(w.charCodeAt(i))) return false;
  return w.length > 0;
}

/** Word statistics learnt from unlabelled text (stored in the model): lowercase hash → small ints. */
export interface Lexicon {
  /** Bucketed share of mid-sentence occurrences that are capitalised (0..4), for frequent words. */
  capRatio: HashTable;
  /** Distributional cluster id (16-bit code, non-zero) of frequent words. */
  cluster: HashTable;
}

export function hasLowercase(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (isLower(w.charCodeAt(i))) return true;
  return false;
}

/** Lowercased hashes of a sentence's words (computed once, shared by context and features). */
export function lowerHashesOf(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = hashLower(words[i]!);
  return out;
}

const CLUSTER_PREFIXES = [4, 8, 12, 16];
const GAZ_POS_B = 1;
const GAZ_POS_I = 2;

/** A lowercase ASCII word. */
function isPlainLower(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return w.length > 0;
}

function startsUpperOrDigit(w: string | undefined): boolean {
  if (w === undefined || w.length === 0) return false;
  const c = w.charCodeAt(0);
  return (c >= 48 && c <= 57) || isUpper(c);
}

/**
 * Marks tokens that are plainly outside any name: lowercase words with no capitalised word or number
 * next to them (names' lowercase parts — "Bank of England", "van der" — sit between capitals). The
 * tagger gives them O without scoring them. Returns how many were marked.
 */
export function markPlainTokens(words: readonly string[], out: Uint8Array): number {
  let marked = 0;
  for (let i = 0; i < words.length; i++) {
    const plain =
      isPlainLower(words[i]!) && !startsUpperOrDigit(words[i - 1]) && !startsUpperOrDigit(words[i + 1]);
    out[i] = plain ? 1 : 0;
    if (plain) marked++;
  }
  return marked;
}

/** Facts about each word of a sentence that depend on the word alone (cached by the tagger). */
export interface PrecomputedWords {
  shape: ArrayLike<number>;
  /** Gazetteer.singleBits of the word's lowercase hash. */
  gaz: ArrayLike<number>;
  /** Lexicon capitalisation ratio bucket, -1 when unknown. */
  capRatio: ArrayLike<number>;
}

/** Hash standing for the missing words before the first and after the last token. */
export const PAD_HASH = 0x5e5e5e5e;

/**
 * Features a word gives a nearby token, by role: 0 = the token two after it (that token's "word at -2"),
 * 1 = one after, 2 = one before, 3 = two before. They depend on the word alone, so the tagger caches them.
 */
export function neighbourFeatures(
  role: number,
  low: number,
  shape: number,
  cluster: number,
  seq: FeatureSequence,
): void {
  if (role === 0) seq.addFeature(F.LowerM2, low);
  else if (role === 1) {
    seq.addFeature(F.LowerM1, low);
    seq.addFeature(F.ShapeM1, shape);
    if (cluster) seq.addFeature(F.ClusterM1, cluster >>> 8);
  } else if (role === 2) {
    seq.addFeature(F.LowerP1, low);
    seq.addFeature(F.ShapeP1, shape);
    if (cluster) seq.addFeature(F.ClusterP1, cluster >>> 8);
  } else seq.addFeature(F.LowerP2, low);
}

/**
 * Features that depend on the word alone (not its context), added to the current token of `seq`:
 * word, lowercase, shape, affixes, length, cluster code prefixes, capitalisation ratio.
 */
export function wordFeatures(w: string, lw: number, seq: FeatureSequence, lex: Lexicon | null): void {
  seq.add(F.Bias);
  seq.addFeature(F.Word, hashString(w));
  seq.addFeature(F.Lower, lw);
  seq.addFeature(F.Shape, shapeHash(w));
  const len = w.length;
  // Prefixes and (reversed) suffixes of 1-4 characters, hashed incrementally (FNV-1a).
  let ph = 0x811c9dc5;
  let sh2 = 0x811c9dc5;
  for (let k = 1; k <= 4 && k < len; k++) {
    ph = Math.imul(ph ^ w.charCodeAt(k - 1), 0x01000193);
    sh2 = Math.imul(sh2 ^ w.charCodeAt(len - k), 0x01000193);
    seq.addFeature(F.Prefix, k, ph >>> 0);
    seq.addFeature(F.Suffix, k, sh2 >>> 0);
  }
  seq.addFeature(F.Length, len > 8 ? 8 : len);
  if (lex) {
    // Cluster ids are 16-bit codes from random projections: prefixes act as coarser clusters.
    const c0 = lex.cluster.get(lw, 0);
    if (c0) for (const bits of CLUSTER_PREFIXES) seq.addFeature(F.Cluster, bits, c0 >>> (16 - bits));
    const cr = lex.capRatio.get(lw, -1);
    if (cr >= 0) seq.addFeature(F.CapRatio, cr);
  }
}

/** One sentence as the feature functions see it; arrays padded so index i + 2 holds token i. */
interface SentenceView {
  words: readonly string[];
  low: Uint32Array;
  shape: Uint32Array;
  cluster: Uint32Array;
  /** Gazetteer class bits per token where a match begins (B) or continues (I). */
  gazB: Uint32Array;
  gazI: Uint32Array;
  /** An all-caps line (CoNLL's headlines; title-case headlines are upper-cased before tagging). */
  headline: boolean;
  /** A line of results, a schedule or a ranking. */
  table: boolean;
  /** A fixture: "Chicago at New York", "LEEDS V CHELSEA". */
  fixture: boolean;
}

/**
 * A line of results, a schedule or a ranking: two or more numbers among names, and few lowercase words
 * among its words ("Leeds 2 Chelsea 1", "1. Michael Johnson ( U.S. ) 19.66"); a sentence with a couple of
 * numbers ("was trading at 97.18 , down 0.20 from …") has more.
 */
export function isTableLine(words: readonly string[]): boolean {
  let numbers = 0;
  for (const w of words) {
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57 && ++numbers === 2) break;
  }
  // Most sentences have fewer than two numbers: no need to count their lowercase words.
  if (numbers < 2) return false;
  let lower = 0;
  let lettered = 0;
  for (const w of words) {
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) continue;
    if (isUpper(c) || isLower(c)) {
      lettered++;
      if (w.length >= 2 && isAllLower(w)) lower++;
    }
  }
  return lower * 3 <= lettered;
}

/** Words joining the two sides of a fixture. */
const FIXTURE_JOINERS = new Set(['at', 'AT', 'v', 'V', 'vs', 'VS', 'vs.', 'VS.', 'v.', 'V.']);

/**
 * A fixture or schedule line: short, with "at" or "v" between two capitalised words and no other lowercase
 * words or closing full stop ("Toronto at Boston", "NEW YORK AT CHICAGO", "Leeds v Chelsea 1500").
 */
export function isFixtureLine(words: readonly string[]): boolean {
  if (words.length < 3 || words.length > 14 || words[words.length - 1] === '.') return false;
  let joined = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (FIXTURE_JOINERS.has(w)) {
      if (i > 0 && i + 1 < words.length && isCapitalised(words[i - 1]!) && isCapitalised(words[i + 1]!))
        joined = true;
    } else if (w.length >= 2 && isAllLower(w)) return false;
  }
  return joined;
}

/** Gazetteer matches: per token, class bits at B (first) and I (inside) positions; longest match wins. */
function gazetteerMatches(
  gaz: Gazetteer | null,
  lowHashes: Uint32Array,
  pre: PrecomputedWords | null,
  gazB: Uint32Array,
  gazI: Uint32Array,
): void {
  if (!gaz) return;
  const n = lowHashes.length;
  for (let i = 0; i < n; i++) {
    const match = pre ? gaz.matchAt(lowHashes, i, n, pre.gaz[i]) : gaz.matchAt(lowHashes, i, n);
    if (!match) continue;
    const bits = match & 0xffff;
    const length = match >>> 16;
    gazB[i]! |= bits;
    for (let j = i + 1; j < i + length; j++) gazI[j]! |= bits;
  }
}

/**
 * The arrays of the sentence being featurised, reused from one sentence to the next (a view never
 * outlives its sentenceFeatures call): allocating five per sentence was a tenth of the recogniser's
 * garbage. Entries past the sentence's own are stale; the view reads none of them.
 */
let buffers = {
  low: new Uint32Array(0),
  shape: new Uint32Array(0),
  cluster: new Uint32Array(0),
  gazB: new Uint32Array(0),
  gazI: new Uint32Array(0),
};

function viewBuffers(n: number): typeof buffers {
  if (buffers.low.length < n + 4) {
    const size = Math.max(n + 4, buffers.low.length * 2, 64);
    buffers = {
      low: new Uint32Array(size),
      shape: new Uint32Array(size),
      cluster: new Uint32Array(size),
      gazB: new Uint32Array(size),
      gazI: new Uint32Array(size),
    };
  }
  return buffers;
}

function sentenceView(
  words: readonly string[],
  lowHashes: Uint32Array,
  gaz: Gazetteer | null,
  lex: Lexicon | null,
  pre: PrecomputedWords | null,
  withClusters: boolean,
): SentenceView {
  const n = words.length;
  const { low, shape, cluster, gazB, gazI } = viewBuffers(n);
  cluster.fill(0, 0, n + 4);
  gazB.fill(0, 0, n);
  gazI.fill(0, 0, n);
  low[0] = low[1] = low[n + 2] = low[n + 3] = PAD_HASH;
  shape[0] = shape[1] = shape[n + 2] = shape[n + 3] = PAD_HASH;
  let lowerLetters = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    low[i + 2] = lowHashes[i]!;
    shape[i + 2] = pre ? pre.shape[i]! : shapeHash(w);
    if (withClusters && lex) cluster[i + 2] = lex.cluster.get(low[i + 2]!, 0);
    if (hasLowercase(w)) lowerLetters++;
  }
  gazetteerMatches(gaz, lowHashes, pre, gazB, gazI);
  const headline = n > 2 && lowerLetters <= 1;
  const table = !headline && isTableLine(words);
  return { words, low, shape, cluster, gazB, gazI, headline, table, fixture: !table && isFixtureLine(words) };
}

/** Gazetteer classes of the token itself (B or I of a match) and of its neighbours. */
function gazetteerFeatures(v: SentenceView, i: number, seq: FeatureSequence): void {
  const n = v.words.length;
  const here = v.gazB[i]! | v.gazI[i]!;
  const before = i > 0 ? v.gazB[i - 1]! | v.gazI[i - 1]! : 0;
  const after = i + 1 < n ? v.gazB[i + 1]! | v.gazI[i + 1]! : 0;
  if (!(here | before | after)) return;
  for (let b = 0; b < GAZ_CLASSES.length; b++) {
    const bit = 1 << b;
    if (v.gazB[i]! & bit) seq.addFeature(F.Gaz, b, GAZ_POS_B);
    if (v.gazI[i]! & bit) seq.addFeature(F.Gaz, b, GAZ_POS_I);
    if (before & bit) seq.addFeature(F.GazM1, b);
    if (after & bit) seq.addFeature(F.GazP1, b);
  }
}

/** 0 = no token, 1 = number, 2 = capitalised word, 3 = other. */
function tokenKind(w: string | undefined): number {
  if (w === undefined) return 0;
  return startsUpperOrDigit(w) ? (isCapitalised(w) ? 2 : 1) : 3;
}

/** Headlines, table and fixture lines: the token's position on the line, and in tables its neighbours' kinds. */
function lineFeatures(v: SentenceView, i: number, sh: number, seq: FeatureSequence): void {
  const kind = v.fixture ? 3 : v.headline ? 1 : v.table ? 2 : 0;
  if (!kind) return;
  seq.addFeature(F.LinePosition, kind, i > 3 ? 3 : i);
  if (v.table || v.fixture)
    seq.addFeature(
      F.TableLine,
      sh,
      tokenKind(v.words[i - 1]) * 4 + tokenKind(v.words[i + 1]) + (v.fixture ? 16 : 0),
    );
}

/**
 * The case a word of an all-caps line would have in running text, from how the article writes it
 * elsewhere (1 capitalised, 2 lowercase, 3 both), else from how often news text capitalises it (4-8),
 * 9 unknown; 10 a number, 11 punctuation, 0 beyond the line. A headline read as if true-cased.
 */
function trueCase(v: SentenceView, i: number, doc: DocContext, lex: Lexicon | null): number {
  const w = v.words[i];
  if (w === undefined) return 0;
  const c = w.charCodeAt(0);
  if (c >= 48 && c <= 57) return 10;
  if (!isUpper(c) && !isLower(c) && c <= 0xff) return 11;
  const lw = v.low[i + 2]!;
  const flags = doc.flags.get(lw, 0);
  const cap = flags & DocFlag.CapMid;
  const lower = flags & DocFlag.LowerSeen;
  if (cap || lower) return cap && lower ? 3 : cap ? 1 : 2;
  const cr = lex ? lex.capRatio.get(lw, -1) : -1;
  return cr >= 0 ? 4 + cr : 9;
}

/** Headline tokens: their true-cased class and that of their neighbours (case-normalised shapes). */
function headlineCaseFeatures(
  v: SentenceView,
  i: number,
  doc: DocContext,
  lex: Lexicon | null,
  seq: FeatureSequence,
): void {
  const before = trueCase(v, i - 1, doc, lex);
  const here = trueCase(v, i, doc, lex);
  const after = trueCase(v, i + 1, doc, lex);
  seq.addFeature(F.TrueCase, here);
  seq.addFeature(F.TrueCaseM1, before, here);
  seq.addFeature(F.TrueCaseContext, before * 16 + here, after);
}

/**
 * What the article says about a word wherever it occurs: the cues around its capitalised runs and the
 * words right before and after them. Depends on the word (and its capitalisation here) alone, so the
 * tagger caches their scores per document.
 */
export function docWordFeatures(doc: DocContext, lw: number, cap: boolean, seq: FeatureSequence): void {
  const cues = docCues(doc, lw);
  for (let b = 0; cues >>> b; b++) if ((cues >>> b) & 1) seq.addFeature(F.DocCue, b, cap ? 1 : 2);
  // In a sports report a capitalised city or country is often a club or a team ("Milan", "Leeds").
  if (doc.sport && cap) seq.addFeature(F.SportWord, lw);
  const k = doc.neighbourIndex.get(lw, -1);
  if (k < 0) return;
  const base = k * NEIGHBOUR_SLOT;
  const list = doc.neighbours;
  for (let j = base; j < base + doc.neighbourCount[k]!; j += 2) {
    if (list[j]) seq.addFeature(F.DocNeighbourBefore, list[j]!);
    if (list[j + 1]) seq.addFeature(F.DocNeighbourAfter, list[j + 1]!);
  }
}

/** What the rest of the article says about the same word: flags, cue bits, capitalisation ratio. */
function documentFeatures(
  v: SentenceView,
  i: number,
  doc: DocContext,
  lex: Lexicon | null,
  pre: PrecomputedWords | null,
  seq: FeatureSequence,
  withDocWord: boolean,
): void {
  const w = v.words[i]!;
  const lw = v.low[i + 2]!;
  const cap = isCapitalised(w);
  const flags = doc.flags.get(lw, 0);
  if (flags & DocFlag.LowerSeen) seq.addFeature(F.DocLowerSeen, cap ? 1 : 2);
  if (flags & DocFlag.CapMid) seq.addFeature(F.DocCapMidSeen, i === 0 || v.headline ? 1 : 2);
  if (flags & DocFlag.LongRun) seq.addFeature(F.DocInLongName, cap ? 1 : 2);
  if (withDocWord) docWordFeatures(doc, lw, cap, seq);
  if (v.headline) headlineCaseFeatures(v, i, doc, lex, seq);
  if (doc.sport && cap) {
    const gazBits = v.gazB[i]! | v.gazI[i]!;
    for (let b = 0; gazBits >>> b; b++) if ((gazBits >>> b) & 1) seq.addFeature(F.SportGaz, b);
  }
  if (!lex) return;
  const cr = pre ? pre.capRatio[i]! : lex.capRatio.get(lw, -1);
  if (cr >= 0) seq.addFeature(F.DocCapRatio, cr, (i === 0 ? 1 : 0) + (cap ? 2 : 0) + (v.headline ? 4 : 0));
}

/** Features of token i that depend on its context (the tagger cannot cache these per word). */
function contextFeatures(v: SentenceView, i: number, seq: FeatureSequence): void {
  const p = i + 2;
  const { low, shape } = v;
  const lw = low[p]!;
  const sh = shape[p]!;
  seq.addFeature(F.LowerM1Lower, low[p - 1]!, lw);
  seq.addFeature(F.LowerLowerP1, lw, low[p + 1]);
  seq.addFeature(F.ShapeM1Shape, shape[p - 1]!, sh);
  seq.addFeature(F.ShapeShapeP1, sh, shape[p + 1]);
  seq.addFeature(F.ShapeM1ShapeShapeP1, mixHash(shape[p - 1]!, sh), shape[p + 1]);
  if (i === 0) {
    seq.add(F.First);
    seq.addFeature(F.FirstShape, sh);
  }
  if (v.headline) seq.addFeature(F.WordHeadline, lw);
  lineFeatures(v, i, sh, seq);
  gazetteerFeatures(v, i, seq);
}

/** The word's own features and those of its neighbours at ±1, ±2 (cached per word by the tagger). */
function wordAndNeighbourFeatures(
  v: SentenceView,
  i: number,
  lex: Lexicon | null,
  seq: FeatureSequence,
): void {
  const p = i + 2;
  const { low, shape, cluster } = v;
  wordFeatures(v.words[i]!, low[p]!, seq, lex);
  neighbourFeatures(0, low[p - 2]!, shape[p - 2]!, cluster[p - 2]!, seq);
  neighbourFeatures(1, low[p - 1]!, shape[p - 1]!, cluster[p - 1]!, seq);
  neighbourFeatures(2, low[p + 1]!, shape[p + 1]!, cluster[p + 1]!, seq);
  neighbourFeatures(3, low[p + 2]!, shape[p + 2]!, cluster[p + 2]!, seq);
}

/**
 * Features of one sentence's words into `seq` (reset first). The same function serves training
 * (CoNLL tokens) and run time (nerTokenize words), so both see identical features.
 */
export function sentenceFeatures(
  words: readonly string[],
  seq: FeatureSequence,
  doc: DocContext,
  gaz: Gazetteer | null,
  lex: Lexicon | null,
  lowHashes: Uint32Array = lowerHashesOf(words),
  /** false: leave out the features of the word itself and docWordFeatures (the tagger caches their scores). */
  includeWord = true,
  /** Per-word facts the caller cached (shape hash, gazetteer single-word bits, capitalisation ratio). */
  pre: PrecomputedWords | null = null,
  /** Tokens to leave without features (the caller decides their tags). */
  skip: Uint8Array | null = null,
): FeatureSequence {
  seq.reset();
  const v = sentenceView(words, lowHashes, gaz, lex, pre, includeWord);
  for (let i = 0; i < words.length; i++) {
    if (!(skip && skip[i])) {
      if (includeWord) wordAndNeighbourFeatures(v, i, lex, seq);
      contextFeatures(v, i, seq);
      documentFeatures(v, i, doc, lex, pre, seq, includeWord);
    }
    seq.endToken();
  }
  return seq;
}
