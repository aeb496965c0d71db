import type { EntityType } from '../../domain/schema.js';
import type { Mention } from './recognize.js';

// Document-level completion of the recogniser's mentions before grouping: acronyms linked to their
// expansions (defined in parentheses or not, whichever comes first), one type per surface form, lone
// surnames of named people, and recurrences the model left untagged.

/** Words an acronym may skip ("Bank of England" → "BoE", "BE"). */
const NAME_PARTICLES = new Set('of the and for de la du von van der on in at'.split(' '));

export const wordsOf = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const ACRONYM_TYPES: ReadonlySet<EntityType> = new Set(['ORGANIZATION', 'MISC', 'LOCATION']);

/** An acronym as written: 2-8 capitals, possibly with dots or an ampersand ("BRC", "U.N.", "AT&T"). */
const ACRONYM_RE = /^(?:\p{Lu}\.?){1,}(?:&\p{Lu})?(?:\p{Lu}\.?)*$/u;

/** Capital letters of an acronym ("U.N." → "UN"). */
const lettersOf = (acronym: string): string => acronym.replace(/[.&]/g, '');

export function isAcronym(text: string): boolean {
  const letters = lettersOf(text);
  return ACRONYM_RE.test(text) && letters.length >= 2 && letters.length <= 8;
}

/**
 * The letters a word gives an acronym: its initial, or all its letters when it is an acronym itself
 * ("UBS Securities" is "UBSS", never "US").
 */
const initialOf = (word: string): string => (isAcronym(word) ? lettersOf(word) : word[0]!);

/** The acronyms a name can have: initials of all words, and of the words other than particles. */
export function initialsOf(name: string): string[] {
  const words = name.split(/[\s-]+/).filter(Boolean);
  if (words.length < 2 || !words.every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.has(w.toLowerCase())))
    return [];
  const full = words.map(initialOf).join('');
  const content = words
    .filter((w) => !NAME_PARTICLES.has(w.toLowerCase()))
    .map(initialOf)
    .join('');
  return [...new Set([full.toUpperCase(), content.toUpperCase()])].filter((a) => a.length >= 2);
}

/** "Collective Security Treaty Organization" → "CSTO"; particles may be skipped or kept. */
export function matchesAcronym(name: string, acronym: string): boolean {
  return initialsOf(name).includes(lettersOf(acronym).toUpperCase());
}
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
const isWordCodePoint = (cp: number | undefined): boolean =>
  cp !== undefined && WORD_CHAR_RE.test(String.fromCodePoint(cp));

/** Code point ending right before `i` (a surrogate pair counts as one). */
function codePointBefore(text: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2);
  }
  return low;
}

/**
 * Non-overlapping whole-word occurrences of `names`, scanning left to right and preferring the longest
 * name at each position: what one `(?<![\p{L}\p{N}])(?:longest|…|shortest)(?![\p{L}\p{N}])`/gu regex
 * finds, without compiling a new alternation of hundreds of names for every article (it dominated linking).
 */
export function findNames(text: string, names: string[]): { start: number; end: number; surface: string }[] {
  // Bucketed by first code unit; in a bucket, the names and their lengths, longest first. Only one name
  // of a length can start at a position, so trying each length (a few dozen at most) finds the longest
  // name there, however many names share the first letter (scanning them all was quadratic in long texts).
  const byFirst = new Map<number, { names: Set<string>; lengths: number[] }>();
  for (const name of names) {
    const first = name.charCodeAt(0);
    const bucket = byFirst.get(first) ?? { names: new Set<string>(), lengths: [] };
    byFirst.set(first, bucket);
    bucket.names.add(name);
    if (!bucket.lengths.includes(name.length)) bucket.lengths.push(name.length);
  }
  for (const bucket of byFirst.values()) bucket.lengths.sort((a, b) => b - a);
  // A bit per first code unit: most positions are turned away without a Map look-up.
  const firsts = new Uint8Array(8192);
  for (const first of byFirst.keys()) firsts[first >> 3]! |= 1 << (first & 7);
  const hits: { start: number; end: number; surface: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!(firsts[code >> 3]! & (1 << (code & 7)))) {
      i++;
      continue;
    }
    const bucket = byFirst.get(code);
    let matched: string | undefined;
    if (bucket && !isWordCodePoint(codePointBefore(text, i))) {
      for (const length of bucket.lengths) {
        const candidate = text.slice(i, i + length);
        if (
          candidate.length === length &&
          bucket.names.has(candidate) &&
          !isWordCodePoint(text.codePointAt(i + length))
        ) {
          matched = candidate;
          break;
        }
      }
    }
    if (matched) {
      hits.push({ start: i, end: i + matched.length, surface: matched });
      i += matched.length;
    } else i++;
  }
  return hits;
}

/** A character mask of the text: 1 where a mention is. */
function maskOf(text: string, mentions: readonly Mention[]): Uint8Array {
  const mask = new Uint8Array(text.length + 1);
  for (const m of mentions) mask.fill(1, m.start, m.end);
  return mask;
}

/** "British Retail Consortium (BRC)": the acronym is a mention of the expansion's type. */
function parenthesisedAcronyms(
  text: string,
  mentions: Mention[],
  acronyms: Map<string, string>,
  mask: Uint8Array,
): void {
  // The first mention starting at each offset.
  const firstAt = new Map<number, Mention>();
  for (const m of mentions) if (!firstAt.has(m.start)) firstAt.set(m.start, m);
  for (const m of [...mentions]) {
    if (!ACRONYM_TYPES.has(m.type)) continue;
    const after = /^\s*\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)/.exec(text.slice(m.end, m.end + 20));
    if (!after) continue;
    const acronym = after[1]!.replace(/\.$/, '');
    if (!matchesAcronym(m.text, acronym)) continue;
    acronyms.set(acronym, m.text);
    const start = m.end + after[0].indexOf(acronym, 1);
    const existing = firstAt.get(start);
    if (existing) existing.type = m.type;
    else if (!mask.subarray(start, start + acronym.length).includes(1)) {
      const added = { type: m.type, start, end: start + acronym.length, text: acronym };
      mentions.push(added);
      firstAt.set(start, added);
      mask.fill(1, added.start, added.end);
    }
  }
}

/**
 * Acronyms whose expansion the article writes out anywhere, before or after ("the BRC" … "the British
 * Retail Consortium"): each acronym with exactly one expansion among the names takes the expansion's
 * type, and its untagged uses become mentions. An acronym matching two different names stays apart.
 */
function acronymsOfNames(
  text: string,
  mentions: Mention[],
  acronyms: Map<string, string>,
  mask: Uint8Array,
): void {
  const expansions = new Map<string, Mention[]>(); // acronym → mentions of names with those initials
  for (const m of mentions) {
    if (!ACRONYM_TYPES.has(m.type)) continue;
    for (const a of initialsOf(m.text)) {
      const list = expansions.get(a);
      if (list) list.push(m);
      else expansions.set(a, [m]);
    }
  }
  const chosen = new Map<string, Mention>();
  for (const [a, list] of expansions) {
    if (acronyms.has(a) || new Set(list.map((m) => m.text.toLowerCase())).size !== 1) continue;
    chosen.set(a, list[0]!);
  }
  if (chosen.size === 0) return;
  // The hits do not overlap one another: only the mentions before them can cover them.
  const added: Mention[] = [];
  for (const hit of findNames(text, [...chosen.keys()])) {
    if (!mask.subarray(hit.start, hit.end).includes(1))
      added.push({
        type: chosen.get(hit.surface)!.type,
        start: hit.start,
        end: hit.end,
        text: hit.surface,
      });
  }
  for (const m of added) {
    mentions.push(m);
    mask.fill(1, m.start, m.end);
  }
  for (const m of mentions) {
    const expansion = isAcronym(m.text) ? chosen.get(lettersOf(m.text)) : undefined;
    if (!expansion || m.type === 'PERSON' || m.type === 'DATE') continue;
    m.type = expansion.type;
    acronyms.set(m.text, expansion.text);
  }
}

/**
 * Organisation names the article also writes clipped, word for word ("Lib Dems" … "Liberal Democrats",
 * "Man Utd" … "Manchester United"): a short form of two words or more whose every word is its long word's first letter and
 * some of its later letters in order, with at least one word shortened, is an alias of the one such long
 * name the article has (kept apart when it has two), recorded like an acronym with its expansion.
 */
function clippedNames(mentions: readonly Mention[], acronyms: Map<string, string>): void {
  const names = [...new Set(mentions.filter((m) => m.type === 'ORGANIZATION').map((m) => m.text))];
  const byInitials = new Map<string, string[]>();
  for (const name of names) {
    const key = initialsKey(name);
    const list = byInitials.get(key);
    if (list) list.push(name);
    else byInitials.set(key, [name]);
  }
  for (const short of names) {
    if (acronyms.has(short)) continue;
    const longs = (byInitials.get(initialsKey(short)) ?? []).filter((long) => isClippingOf(short, long));
    if (longs.length === 1) acronyms.set(short, longs[0]!);
  }
}

const initialsKey = (name: string): string =>
  name
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w[0])
    .join('');

/** "Lib Dems" of "Liberal Democrats": same number of words, each a subsequence from the first letter. */
export function isClippingOf(short: string, long: string): boolean {
  const s = short.toLowerCase().split(/\s+/);
  const l = long.toLowerCase().split(/\s+/);
  // One word alone is too easily another name's clipping ("Lab" of "Labour"?).
  if (s.length < 2 || s.length !== l.length || short.length >= long.length) return false;
  // A hyphen the short form lacks joins another name ("Manchester United-Arsenal"), not a longer word.
  if (long.includes('-') && !short.includes('-')) return false;
  return s.every((w, i) => w.length >= 2 && isSubsequence(w, l[i]!)) && s.some((w, i) => w !== l[i]);
}

function isSubsequence(word: string, of: string): boolean {
  if (word[0] !== of[0]) return false;
  let j = 1;
  for (let i = 1; i < word.length; i++) {
    j = of.indexOf(word[i]!, j) + 1;
    if (j === 0) return false;
  }
  return true;
}

/** A surface form tagged with different types takes its most frequent type. */
function majorityTypes(mentions: Mention[]): void {
  const votes = new Map<string, Map<EntityType, number>>();
  for (const m of mentions) {
    if (m.type === 'DATE') continue;
    const v = votes.get(m.text) ?? new Map<EntityType, number>();
    v.set(m.type, (v.get(m.type) ?? 0) + 1);
    votes.set(m.text, v);
  }
  for (const m of mentions) {
    const v = votes.get(m.text);
    if (!v || v.size < 2) continue;
    m.type = [...v].sort((a, b) => b[1] - a[1])[0]![0];
  }
}

/** A lone surname of a person named in the article is that person ("LUKASHENKO SAYS" in a headline). */
function surnamesArePeople(mentions: Mention[]): void {
  const surnames = new Set(
    mentions.filter((m) => m.type === 'PERSON' && /\s/.test(m.text)).map((m) => m.text.split(/\s+/).pop()!),
  );
  for (const m of mentions) {
    if (m.type !== 'PERSON' && m.type !== 'DATE' && m.type !== 'NATIONALITY' && surnames.has(m.text))
      m.type = 'PERSON';
  }
}

/**
 * Recurrences the model missed (names of 3+ characters starting with a capital). One pass over the
 * text for all names, longest first; a character mask answers "already a mention?".
 */
function recurrences(text: string, mentions: Mention[], mask: Uint8Array): void {
  const known = new Map<string, EntityType>();
  for (const m of mentions)
    if (m.type !== 'DATE' && /^\p{Lu}/u.test(m.text) && m.text.length >= 3) known.set(m.text, m.type);
  if (known.size === 0) return;
  for (const { start, end, surface } of findNames(text, [...known.keys()])) {
    // Not inside a longer capitalised name ("Union" in "Union State").
    if (mask.subarray(start, end).some((x) => x === 1)) continue;
    mentions.push({ type: known.get(surface)!, start, end, text: surface });
    mask.fill(1, start, end);
  }
}

/**
 * Document-level consistency on the recogniser's mentions (copied, the input is left as it is).
 * Returns the completed mentions in text order and the acronyms linked to an expansion.
 */
export function completeMentions(
  text: string,
  input: readonly Mention[],
): { mentions: Mention[]; acronyms: Map<string, string> } {
  const mentions = input.map((m) => ({ ...m }));
  const acronyms = new Map<string, string>(); // acronym → expansion surface form
  // Where mentions are, kept up to date as mentions are added (one mask of the text's length, not one
  // per step: a 5 MB article's were 10 MB each).
  const mask = maskOf(text, mentions);
  parenthesisedAcronyms(text, mentions, acronyms, mask);
  acronymsOfNames(text, mentions, acronyms, mask);
  clippedNames(mentions, acronyms);
  majorityTypes(mentions);
  surnamesArePeople(mentions);
  recurrences(text, mentions, mask);
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  return { mentions, acronyms };
}
