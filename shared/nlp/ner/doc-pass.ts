import type { FeatureSequence } from '../ml/features.js';
import { mixHash } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';
import { isCapitalised } from './features.js';

// The document-level second pass (stacking, as in Krishnan & Manning 2006): after the first pass has
// tagged the whole article, each token also sees how the same word and the same name were tagged
// elsewhere in the article (majority type, how unanimous, whether it was left untagged while
// capitalised), so one name keeps one type in one article unless its own context clearly says
// otherwise. Its weights are corrections added to the first pass's emission scores before decoding again,
// trained on first-pass output for held-out folds of the training set (scripts/ner/doc-pass-training.ts).

/** First-pass output of one sentence. */
export interface FirstPassSentence {
  /** Tag index per token. */
  tags: Uint8Array;
  /** Bucketed margin between the best and second-best emission score per token (0 = close … 3 = clear). */
  margins: Uint8Array;
  /** First-pass emission scores `[i * T + t]` (plain tokens: a large score for O); the second pass adds to them. */
  emit: Float32Array;
}

/** Entity types counted per word and per name: tag label index 1..4, 0 for capitalised but untagged. */
const KINDS = 5;

/** How the same words and names were tagged across the article. */
export interface TypeStats {
  /** Lowercase hash → row into `counts` (KINDS per row). */
  wordRow: HashTable;
  /** Name hash (its words' lowercase hashes mixed) → row. */
  nameRow: HashTable;
  counts: Uint16Array[];
}

// Feature templates of the second pass (ids are part of the model: never renumber, only add).
const enum G {
  Bias = 1,
  Tag,
  TagPrev,
  TagNext,
  WordMajority,
  WordSeen,
  NameMajority,
  Headline,
  Capitalised,
}

/** Entity kind of a tag: 0 = O, else 1 + index of its type in `types`. */
export function kindsOfTags(tags: readonly string[], types: readonly string[]): Uint8Array {
  return Uint8Array.from(tags, (t) => (t === 'O' ? 0 : 1 + types.indexOf(t.slice(2))));
}

function bump(stats: TypeStats, table: HashTable, key: number, kind: number): void {
  let row = table.get(key, -1);
  if (row < 0) {
    row = stats.counts.length;
    stats.counts.push(new Uint16Array(KINDS));
    table.set(key, row);
  }
  stats.counts[row]![kind]!++;
}

/** Counts per word (capitalised occurrences and tagged ones) and per tagged name. */
export function buildTypeStats(
  sentences: readonly (readonly string[])[],
  lows: readonly Uint32Array[],
  first: readonly FirstPassSentence[],
  kindOfTag: Uint8Array,
  beginsSpan: Uint8Array,
): TypeStats {
  const stats: TypeStats = { wordRow: new HashTable(256), nameRow: new HashTable(64), counts: [] };
  sentences.forEach((words, s) => {
    const { tags } = first[s]!;
    const low = lows[s]!;
    let nameHash = 0;
    for (let i = 0; i < words.length; i++) {
      const kind = kindOfTag[tags[i]!]!;
      if (kind || isCapitalised(words[i]!)) bump(stats, stats.wordRow, low[i]!, kind);
      if (!kind) continue;
      nameHash = beginsSpan[tags[i]!] ? mixHash(kind, low[i]!) : mixHash(nameHash, low[i]!);
      const ends = i + 1 === words.length || !kindOfTag[tags[i + 1]!] || beginsSpan[tags[i + 1]!];
      if (ends) bump(stats, stats.nameRow, nameHash, kind);
    }
  });
  return stats;
}

/** Majority kind among the other occurrences (own kind removed) and a share bucket; -1 when none. */
function majority(counts: Uint16Array | undefined, own: number): [number, number] {
  if (!counts) return [-1, 0];
  let total = 0;
  let best = -1;
  let bestCount = 0;
  for (let k = 0; k < KINDS; k++) {
    const c = counts[k]! - (k === own ? 1 : 0);
    total += c;
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  if (best < 0) return [-1, 0];
  const share = bestCount === total ? 3 : bestCount * 2 > total ? 2 : 1;
  return [best, share + (total >= 3 ? 4 : 0)];
}

/**
 * Second-pass features of one sentence into `seq` (reset first). `nameKinds[i]` is the kind of the
 * first-pass name covering token i together with that name's hash, computed by the caller.
 */
export function docPassFeatures(
  words: readonly string[],
  low: Uint32Array,
  first: FirstPassSentence,
  stats: TypeStats,
  names: { hash: Uint32Array; kind: Uint8Array },
  kindOfTag: Uint8Array,
  headline: boolean,
  seq: FeatureSequence,
  skip: Uint8Array | null,
): FeatureSequence {
  seq.reset();
  const n = words.length;
  const { tags, margins } = first;
  for (let i = 0; i < n; i++) {
    if (skip && skip[i]) {
      seq.endToken();
      continue;
    }
    const t = tags[i]!;
    const own = kindOfTag[t]!;
    seq.add(G.Bias);
    seq.addFeature(G.Tag, t, margins[i]);
    seq.addFeature(G.TagPrev, i > 0 ? tags[i - 1]! : 255, t);
    seq.addFeature(G.TagNext, t, i + 1 < n ? tags[i + 1]! : 255);
    const cap = isCapitalised(words[i]!) ? 1 : 0;
    seq.addFeature(G.Capitalised, cap, t);
    const wordCounts = rowOf(stats, stats.wordRow, low[i]!);
    const [wm, ws] = majority(wordCounts, own || cap ? own : -1);
    if (wm >= 0) {
      seq.addFeature(G.WordMajority, wm * 16 + ws, t);
      if (headline) seq.addFeature(G.Headline, wm, t);
      for (let k = 1; k < KINDS; k++)
        if (wordCounts![k]! > (k === own ? 1 : 0)) seq.addFeature(G.WordSeen, k, own);
    }
    if (names.kind[i]) {
      const [nm, ns] = majority(rowOf(stats, stats.nameRow, names.hash[i]!), names.kind[i]!);
      if (nm >= 0) seq.addFeature(G.NameMajority, nm * 16 + ns, t);
    }
    seq.endToken();
  }
  return seq;
}

function rowOf(stats: TypeStats, table: HashTable, key: number): Uint16Array | undefined {
  const row = table.get(key, -1);
  return row < 0 ? undefined : stats.counts[row];
}

/** Per token: the hash and kind of the first-pass name covering it (0 outside names). */
export function namesOf(
  low: Uint32Array,
  tags: Uint8Array,
  kindOfTag: Uint8Array,
  beginsSpan: Uint8Array,
): { hash: Uint32Array; kind: Uint8Array } {
  const n = tags.length;
  const hash = new Uint32Array(n);
  const kind = new Uint8Array(n);
  for (let i = 0; i < n;) {
    const k = kindOfTag[tags[i]!]!;
    if (!k) {
      i++;
      continue;
    }
    let h = mixHash(k, low[i]!);
    let e = i + 1;
    while (e < n && kindOfTag[tags[e]!] && !beginsSpan[tags[e]!]) h = mixHash(h, low[e++]!);
    hash.fill(h, i, e);
    kind.fill(k, i, e);
    i = e;
  }
  return { hash, kind };
}
