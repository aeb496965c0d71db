// Training-time only: word statistics from unlabelled news text (BBC corpus + the CoNLL training words),
// stored in the model as (word hash → small int) pairs, never as text.
//  - capRatio: how often a word is capitalised mid-sentence (names are; sentence-initial words are not).
//  - cluster: a cheap stand-in for Brown clusters: each frequent word's left/right context vector
//    (PPMI over the most frequent context words) projected on 16 seeded random hyperplanes; the sign bits
//    form a 16-bit code whose prefixes group words used alike.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashLower } from '../../shared/nlp/ml/hash.js';
import { HashTable } from '../../shared/nlp/ml/hashtable.js';
import type { ConllDocument } from './conll.js';
import { isCapitalised, type Lexicon } from '../../shared/nlp/ner/features.js';
import { encodePairs } from '../../shared/nlp/ner/tagger.js';
import { nerTokenize } from '../../shared/nlp/ner/tokens.js';

function listTexts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTexts(p));
    else if (name.endsWith('.txt')) out.push(p);
  }
  return out;
}

function sentencesOf(text: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const t of nerTokenize(line)) {
      cur.push(t.word);
      if (t.word === '.' || t.word === '!' || t.word === '?') {
        out.push(cur);
        cur = [];
      }
    }
    if (cur.length) out.push(cur);
    cur = [];
  }
  return out;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export function buildLexicon(
  unlabelledDir: string,
  train: ConllDocument[],
): { lexicon: Lexicon; capRatio: string; cluster: string } {
  const sentences: string[][] = [];
  for (const f of listTexts(unlabelledDir)) sentences.push(...sentencesOf(readFileSync(f, 'utf8')));
  for (const doc of train) for (const s of doc) sentences.push(s.words);

  // Capitalisation ratio, mid-sentence, skipping all-caps headlines and words after quotes/colons.
  const mid = new Map<number, [number, number]>();
  const freq = new Map<string, number>();
  for (const words of sentences) {
    const headline = !words.some((w) => /\p{Ll}/u.test(w));
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const lw = w.toLowerCase();
      freq.set(lw, (freq.get(lw) ?? 0) + 1);
      if (headline || i === 0 || !/\p{L}/u.test(w) || /^["':(-]/.test(words[i - 1]!)) continue;
      const h = hashLower(w);
      const e = mid.get(h) ?? [0, 0];
      e[0]++;
      if (isCapitalised(w)) e[1]++;
      mid.set(h, e);
    }
  }
  const capRatio = new Map<number, number>();
  for (const [h, [n, caps]] of mid) {
    if (n < 3) continue;
    const r = caps / n;
    capRatio.set(h, r < 0.05 ? 0 : r < 0.3 ? 1 : r < 0.7 ? 2 : r < 0.95 ? 3 : 4);
  }

  // Context vectors over the most frequent words (left and right separately).
  const byFreq = [...freq].sort((a, b) => b[1] - a[1]);
  const CONTEXTS = 400;
  const ctxIndex = new Map(byFreq.slice(0, CONTEXTS).map(([w], i) => [w, i]));
  const targets = new Map(byFreq.filter(([, c]) => c >= 4).map(([w], i) => [w, i]));
  const dims = CONTEXTS * 2 + 2;
  const counts = new Float32Array(targets.size * dims);
  for (const words of sentences) {
    const lows = words.map((w) => w.toLowerCase());
    for (let i = 0; i < lows.length; i++) {
      const t = targets.get(lows[i]!);
      if (t === undefined) continue;
      const left = i > 0 ? (ctxIndex.get(lows[i - 1]!) ?? CONTEXTS) : CONTEXTS;
      const right = i + 1 < lows.length ? (ctxIndex.get(lows[i + 1]!) ?? CONTEXTS) : CONTEXTS;
      counts[t * dims + left]!++;
      counts[t * dims + CONTEXTS + 1 + right]!++;
    }
  }
  // PPMI weighting.
  const colSum = new Float64Array(dims);
  const rowSum = new Float64Array(targets.size);
  let total = 0;
  for (let r = 0; r < targets.size; r++)
    for (let c = 0; c < dims; c++) {
      const v = counts[r * dims + c]!;
      colSum[c]! += v;
      rowSum[r]! += v;
      total += v;
    }
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const BITS = 16;
  const planes = Array.from({ length: BITS }, () =>
    Float64Array.from({ length: dims }, () => gaussian(rand)),
  );
  const cluster = new Map<number, number>();
  for (const [w, r] of targets) {
    let code = 0;
    for (let b = 0; b < BITS; b++) {
      let dot = 0;
      const plane = planes[b]!;
      for (let c = 0; c < dims; c++) {
        const v = counts[r * dims + c]!;
        if (v === 0) continue;
        const pmi = Math.log((v * total) / (rowSum[r]! * colSum[c]!));
        if (pmi > 0) dot += pmi * plane[c]!;
      }
      code = (code << 1) | (dot > 0 ? 1 : 0);
    }
    cluster.set(hashLower(w), code || 1);
  }
  const table = (m: Map<number, number>): HashTable => {
    const t = new HashTable(m.size);
    for (const [k, v] of m) t.set(k, v);
    return t;
  };
  return {
    lexicon: { capRatio: table(capRatio), cluster: table(cluster) },
    capRatio: encodePairs(capRatio),
    cluster: encodePairs(cluster),
  };
}
