import { FeatureSequence } from '../ml/features.js';
import { hashLower, hashString, mixHash } from '../ml/hash.js';
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
}

/** Per-document facts computed once over all its tokens (the same word elsewhere in the article). */
export interface DocContext {
  /** Lowercase-hash → flags: 1 = seen in lowercase, 2 = seen capitalised mid-sentence, 4 = in a run of ≥2 capitalised words. */
  flags: Map<number, number>;
}

const LOWER_SEEN = 1;
const CAP_MID = 2;
const LONG_RUN = 4;

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
function shapeHash(w: string): number {
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

function isAllLower(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isLower(w.charCodeAt(i))) return false;
  return w.length > 0;
}

/** Word statistics learnt from unlabelled text (stored in the model): lowercase hash → small ints. */
export interface Lexicon {
  /** Bucketed share of mid-sentence occurrences that are capitalised (0..4), for frequent words. */
  capRatio: Map<number, number>;
  /** Distributional cluster id (hash-based) of frequent words. */
  cluster: Map<number, number>;
}

/**
 * Document context: one pass over all sentences' words. `headline[i]` marks all-caps/title sentences
 * whose capitalisation says nothing.
 */
export function buildDocContext(sentences: readonly (readonly string[])[]): DocContext {
  const flags = new Map<number, number>();
  for (const words of sentences) {
    let run = 0;
    const lows = words.map((w) => hashLower(w));
    const caps = words.map((w) => isCapitalised(w));
    const allCaps = words.filter((w) => /\p{Ll}/u.test(w)).length === 0;
    for (let i = 0; i <= words.length; i++) {
      if (i < words.length && caps[i]) {
        run++;
        continue;
      }
      if (run >= 2 && !allCaps)
        for (let j = i - run; j < i; j++) flags.set(lows[j]!, (flags.get(lows[j]!) ?? 0) | LONG_RUN);
      run = 0;
    }
    if (allCaps) continue;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (isAllLower(w)) flags.set(lows[i]!, (flags.get(lows[i]!) ?? 0) | LOWER_SEEN);
      else if (i > 0 && caps[i] && words[i - 1] !== '"' && words[i - 1] !== ':')
        flags.set(lows[i]!, (flags.get(lows[i]!) ?? 0) | CAP_MID);
    }
  }
  return { flags };
}

const CLUSTER_PREFIXES = [4, 8, 12, 16];
const GAZ_POS_B = 1;
const GAZ_POS_I = 2;

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
): FeatureSequence {
  seq.reset();
  const n = words.length;
  const low = new Uint32Array(n + 4);
  const shape = new Uint32Array(n + 4);
  const cluster = new Uint32Array(n + 4);
  // Padding: index i + 2 holds token i.
  low[0] = low[1] = low[n + 2] = low[n + 3] = 0x5e5e5e5e;
  shape[0] = shape[1] = shape[n + 2] = shape[n + 3] = 0x5e5e5e5e;
  let lowerLetters = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    low[i + 2] = hashLower(w);
    shape[i + 2] = shapeHash(w);
    cluster[i + 2] = lex?.cluster.get(low[i + 2]!) ?? 0;
    if (/\p{Ll}/u.test(w)) lowerLetters++;
  }
  const headline = n > 2 && lowerLetters <= 1;
  // Gazetteer matches: per token, class bits at B (first) and I (inside) positions; longest match wins.
  const gazB = new Uint32Array(n);
  const gazI = new Uint32Array(n);
  if (gaz) {
    const lows = low.subarray(2, n + 2);
    for (let i = 0; i < n; i++) {
      for (let len = Math.min(gaz.maxLength, n - i); len >= 1; len--) {
        const bits = gaz.lookup(lows, i, i + len);
        if (bits) {
          gazB[i]! |= bits;
          for (let j = i + 1; j < i + len; j++) gazI[j]! |= bits;
          break;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const p = i + 2;
    const lw = low[p]!;
    const sh = shape[p]!;
    seq.add(F.Bias);
    seq.addFeature(F.Word, hashString(w));
    seq.addFeature(F.Lower, lw);
    seq.addFeature(F.Shape, sh);
    const len = w.length;
    for (let k = 1; k <= 4 && k < len; k++) {
      seq.addFeature(F.Prefix, k, hashString(w, 0, k));
      seq.addFeature(F.Suffix, k, hashString(w, len - k, len));
    }
    seq.addFeature(F.Length, len > 8 ? 8 : len);
    seq.addFeature(F.LowerM2, low[p - 2]!);
    seq.addFeature(F.LowerM1, low[p - 1]!);
    seq.addFeature(F.LowerP1, low[p + 1]!);
    seq.addFeature(F.LowerP2, low[p + 2]!);
    seq.addFeature(F.ShapeM1, shape[p - 1]!);
    seq.addFeature(F.ShapeP1, shape[p + 1]!);
    seq.addFeature(F.LowerM1Lower, low[p - 1]!, lw);
    seq.addFeature(F.LowerLowerP1, lw, low[p + 1]!);
    seq.addFeature(F.ShapeM1Shape, shape[p - 1]!, sh);
    seq.addFeature(F.ShapeShapeP1, sh, shape[p + 1]!);
    seq.addFeature(F.ShapeM1ShapeShapeP1, mixHash(shape[p - 1]!, sh), shape[p + 1]!);
    if (i === 0) {
      seq.add(F.First);
      seq.addFeature(F.FirstShape, sh);
    }
    if (headline) seq.addFeature(F.WordHeadline, lw);
    if (gaz) {
      for (let b = 0; b < GAZ_CLASSES.length; b++) {
        const bit = 1 << b;
        if (gazB[i]! & bit) seq.addFeature(F.Gaz, b, GAZ_POS_B);
        if (gazI[i]! & bit) seq.addFeature(F.Gaz, b, GAZ_POS_I);
        if (i > 0 && (gazB[i - 1]! | gazI[i - 1]!) & bit) seq.addFeature(F.GazM1, b);
        if (i + 1 < n && (gazB[i + 1]! | gazI[i + 1]!) & bit) seq.addFeature(F.GazP1, b);
      }
    }
    const flags = doc.flags.get(lw) ?? 0;
    if (flags & LOWER_SEEN) seq.addFeature(F.DocLowerSeen, isCapitalised(w) ? 1 : 2);
    if (flags & CAP_MID) seq.addFeature(F.DocCapMidSeen, i === 0 || headline ? 1 : 2);
    if (flags & LONG_RUN) seq.addFeature(F.DocInLongName, isCapitalised(w) ? 1 : 2);
    if (lex) {
      // Cluster ids are 16-bit codes from random projections: prefixes act as coarser clusters.
      const c0 = cluster[p]!;
      if (c0) for (const bits of CLUSTER_PREFIXES) seq.addFeature(F.Cluster, bits, c0 >>> (16 - bits));
      if (cluster[p - 1]) seq.addFeature(F.ClusterM1, cluster[p - 1]! >>> 8);
      if (cluster[p + 1]) seq.addFeature(F.ClusterP1, cluster[p + 1]! >>> 8);
      const cr = lex.capRatio.get(lw);
      if (cr !== undefined) {
        seq.addFeature(F.CapRatio, cr);
        seq.addFeature(
          F.DocCapRatio,
          cr,
          (i === 0 ? 1 : 0) + (isCapitalised(w) ? 2 : 0) + (headline ? 4 : 0),
        );
      }
    }
    seq.endToken();
  }
  return seq;
}
