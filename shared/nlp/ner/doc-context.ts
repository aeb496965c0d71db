import { HashTable } from '../ml/hashtable.js';
import { hashLower, mixHash } from '../ml/hash.js';
import {
  CLUB_WORD_HASHES,
  Cue,
  ONE_AFTER_HASHES,
  ONE_BEFORE_HASHES,
  ORG_HEAD_HASHES,
  SPORT_WORD_HASHES,
  TWO_AFTER_HASHES,
  TWO_BEFORE_HASHES,
} from './cues.js';
import { hasLowercase, isAllLower, isCapitalised, isTableLine, lowerHashesOf } from './features.js';
import { GAZ_CLASSES, type Gazetteer } from './gazetteer.js';

/** Per-document facts computed once over all its tokens (the same word elsewhere in the article). */
export interface DocContext {
  /** Lowercase hash → DocFlag bits. */
  flags: HashTable;
  /** Lowercase hash → Cue bits seen around any capitalised occurrence of the word. */
  cues: HashTable;
  /** Lowercase hash → slot in `neighbours`. */
  neighbourIndex: HashTable;
  /**
   * Per slot (MAX_NEIGHBOURS pairs): lowercase hashes of the words right before (even) and after (odd)
   * the word's capitalised runs; 0 = none. `neighbourCount[slot]` = values used.
   */
  neighbours: Uint32Array;
  neighbourCount: Uint8Array;
  /** A sports report (results, matches, players): its city names are often clubs. */
  sport: boolean;
}

/** Most distinct neighbours kept per word and side. */
const MAX_NEIGHBOURS = 6;

/** Values per word in DocContext.neighbours. */
export const NEIGHBOUR_SLOT = MAX_NEIGHBOURS * 2;
const SLOT = NEIGHBOUR_SLOT;

function addNeighbours(ctx: DocContext, lw: number, before: number, after: number): void {
  let k = ctx.neighbourIndex.get(lw, -1);
  if (k < 0) {
    k = ctx.neighbourIndex.size;
    ctx.neighbourIndex.set(lw, k);
    if ((k + 1) * SLOT > ctx.neighbours.length) {
      const grown = new Uint32Array(ctx.neighbours.length * 2 + SLOT * 16);
      grown.set(ctx.neighbours);
      ctx.neighbours = grown;
      const counts = new Uint8Array(grown.length / SLOT);
      counts.set(ctx.neighbourCount);
      ctx.neighbourCount = counts;
    }
  }
  const used = ctx.neighbourCount[k]!;
  if (used >= SLOT) return;
  const base = k * SLOT;
  for (let i = 0; i < used; i += 2)
    if (ctx.neighbours[base + i] === before && ctx.neighbours[base + i + 1] === after) return;
  ctx.neighbours[base + used] = before;
  ctx.neighbours[base + used + 1] = after;
  ctx.neighbourCount[k] = used + 2;
}

export const enum DocFlag {
  LowerSeen = 1,
  CapMid = 2,
  LongRun = 4,
  InHeadline = 8,
  InBody = 16,
}

const FIRST_NAME_BIT = 1 << GAZ_CLASSES.indexOf('firstname');
const PLACE_AFTER_BITS =
  (1 << GAZ_CLASSES.indexOf('country')) |
  (1 << GAZ_CLASSES.indexOf('region')) |
  (1 << GAZ_CLASSES.indexOf('city'));

/** The bit of a cue looked up in a cue table (-1 when absent: no bit). */
function hit(cue: number): number {
  return cue >= 0 ? 1 << cue : 0;
}

const isNumber = (w: string | undefined): boolean => w !== undefined && /^\d/.test(w);
const OF_HASH = hashLower('of');
const POSSESSIVE = new Set(["'s", '’s', "'S"]);
/** Sports words a report needs before it counts as one (distinct words, then occurrences). */
const SPORT_DISTINCT = 3;
const SPORT_OCCURRENCES = 4;

/** Cue bits from the words around the capitalised run [a, b) of one sentence (`lows`: lowercase hashes). */
function runCues(
  words: readonly string[],
  lows: Uint32Array,
  a: number,
  b: number,
  gaz: Gazetteer | null,
  table: boolean,
): number {
  const n = words.length;
  let bits = 0;
  if (a >= 1) bits |= hit(ONE_BEFORE_HASHES.get(lows[a - 1]!));
  if (a >= 2) bits |= hit(TWO_BEFORE_HASHES.get(mixHash(lows[a - 2]!, lows[a - 1]!)));
  if (b < n) bits |= hit(ONE_AFTER_HASHES.get(lows[b]!));
  if (b + 1 < n) bits |= hit(TWO_AFTER_HASHES.get(mixHash(lows[b]!, lows[b + 1]!)));
  if (gaz && b + 1 < n && words[b] === ',' && isCapitalised(words[b + 1]!)) {
    if (gaz.singleBits(lows[b + 1]!) & PLACE_AFTER_BITS) bits |= 1 << Cue.PlaceAfter;
  }
  if (table && isNumber(words[b])) bits |= 1 << Cue.TableScore;
  if (gaz) bits |= personNearCues(words, lows, a, b, gaz);
  return bits | insideRunCues(lows, a, b);
}

/** "Keith O'Neill of Norwich City" (MemberOf), "Birmingham 's Gary Breen" (PossessivePerson). */
function personNearCues(
  words: readonly string[],
  lows: Uint32Array,
  a: number,
  b: number,
  gaz: Gazetteer,
): number {
  let bits = 0;
  if (a >= 3 && lows[a - 1] === OF_HASH && isCapitalised(words[a - 2]!)) {
    // A full name (a first name, then capitalised words) and "of".
    let s = a - 2;
    while (s > 0 && isCapitalised(words[s - 1]!)) s--;
    if (s < a - 2 && gaz.singleBits(lows[s]!) & FIRST_NAME_BIT) bits |= 1 << Cue.MemberOf;
  }
  const n = words.length;
  if (b + 2 < n && POSSESSIVE.has(words[b]!) && isCapitalised(words[b + 2]!)) {
    if (gaz.singleBits(lows[b + 1]!) & FIRST_NAME_BIT) bits |= 1 << Cue.PossessivePerson;
  }
  return bits;
}

/** Cues inside the run [a, b): club words, organisation heads, a title before a name, a designator after one. */
function insideRunCues(lows: Uint32Array, a: number, b: number): number {
  let bits = 0;
  for (let j = a; j < b; j++) if (CLUB_WORD_HASHES.has(lows[j]!)) bits |= 1 << Cue.ClubName;
  for (let j = a + 1; j < b; j++) {
    if (ORG_HEAD_HASHES.has(lows[j]!)) bits |= 1 << Cue.OrgHead;
    // "Mr Mugabe", "Pirelli Inc."
    if (ONE_BEFORE_HASHES.get(lows[j - 1]!) === (Cue.PersonBefore as number)) bits |= 1 << Cue.PersonBefore;
    if (ONE_AFTER_HASHES.get(lows[j]!) === (Cue.OrgAfter as number)) bits |= 1 << Cue.OrgAfter;
  }
  return bits;
}

/** Records flags for one running-text (not all-caps) sentence. */
function addBodyFlags(words: readonly string[], lows: Uint32Array, flags: HashTable): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    flags.or(lows[i]!, DocFlag.InBody);
    if (isAllLower(w)) flags.or(lows[i]!, DocFlag.LowerSeen);
    else if (i > 0 && isCapitalised(w) && words[i - 1] !== '"' && words[i - 1] !== ':')
      flags.or(lows[i]!, DocFlag.CapMid);
  }
}

/** Cue bits and long-run flags of every capitalised run of a running-text sentence. */
function addRunCues(
  words: readonly string[],
  lows: Uint32Array,
  ctx: DocContext,
  gaz: Gazetteer | null,
): void {
  const table = isTableLine(words);
  for (let a = 0; a < words.length;) {
    if (!isCapitalised(words[a]!)) {
      a++;
      continue;
    }
    let b = a + 1;
    while (b < words.length && isCapitalised(words[b]!)) b++;
    let bits = runCues(words, lows, a, b, gaz, table);
    if (gaz && b - a >= 2 && b - a <= 3 && gaz.singleBits(lows[a]!) & FIRST_NAME_BIT)
      bits |= 1 << Cue.FullName;
    const before = a > 0 ? lows[a - 1]! : 0;
    const after = b < words.length ? lows[b]! : 0;
    for (let j = a; j < b; j++) {
      if (bits) ctx.cues.or(lows[j]!, bits);
      addNeighbours(ctx, lows[j]!, before, after);
      if (b - a >= 2) ctx.flags.or(lows[j]!, DocFlag.LongRun);
    }
    a = b;
  }
}

/** Document context: one pass over all sentences' words (and their lowercased hashes). */
export function buildDocContext(
  sentences: readonly (readonly string[])[],
  lowHashes: readonly Uint32Array[] = sentences.map(lowerHashesOf),
  gaz: Gazetteer | null = null,
): DocContext {
  let tokens = 0;
  for (const s of sentences) tokens += s.length;
  const ctx: DocContext = {
    flags: new HashTable(Math.max(16, tokens >> 1)),
    cues: new HashTable(Math.max(16, tokens >> 3)),
    neighbourIndex: new HashTable(Math.max(16, tokens >> 3)),
    neighbours: new Uint32Array(0),
    neighbourCount: new Uint8Array(0),
    sport: false,
  };
  const sportWords = new Set<number>();
  let sportOccurrences = 0;
  sentences.forEach((words, si) => {
    const lows = lowHashes[si]!;
    for (const h of lows)
      if (SPORT_WORD_HASHES.has(h)) {
        sportWords.add(h);
        sportOccurrences++;
      }
    if (!words.some(hasLowercase)) {
      for (const h of lows) ctx.flags.or(h, DocFlag.InHeadline);
      return;
    }
    addRunCues(words, lows, ctx, gaz);
    addBodyFlags(words, lows, ctx.flags);
  });
  ctx.sport = sportWords.size >= SPORT_DISTINCT && sportOccurrences >= SPORT_OCCURRENCES;
  return ctx;
}

/** Cue bits of a word in this document, with HeadlineOnly for words never seen in running text. */
export function docCues(ctx: DocContext, lw: number): number {
  const flags = ctx.flags.get(lw, 0);
  const headlineOnly = flags & DocFlag.InHeadline && !(flags & DocFlag.InBody) ? 1 << Cue.HeadlineOnly : 0;
  return ctx.cues.get(lw, 0) | headlineOnly;
}
