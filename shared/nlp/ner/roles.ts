import type { Gazetteer } from './gazetteer.js';
import type { Mention } from './recognize.js';
import { ROLE_HEADS, ROLE_MODIFIERS } from '../lexicon/index.js';

// People's roles and nationality from the words around their mentions: a title before the name
// ("Belarusian President Alexander Lukashenko") or an apposition after it (", the Russian foreign minister,").

const CONNECTORS = new Set(['of', 'for', 'the', 'and']);

export interface Role {
  role: string;
  nationality: string | null;
  /** Start offset of the titled form ("Belarusian President Alexander Lukashenko"). */
  titledStart: number;
}

interface PlacedWord {
  word: string;
  start: number;
}

/** Up to six words directly before offset `end`, separated by whitespace only. */
function wordsBefore(text: string, end: number): PlacedWord[] {
  const before = text.slice(Math.max(0, end - 80), end);
  const base = end - before.length;
  const all = [...before.matchAll(/\p{L}[\p{L}.'’-]*/gu)];
  const words: PlacedWord[] = [];
  let expectEnd = before.length;
  for (let k = all.length - 1; k >= 0 && words.length < 6; k--) {
    const w = all[k]!;
    if (!/^\s+$/.test(before.slice(w.index + w[0].length, expectEnd))) break;
    words.unshift({ word: w[0], start: base + w.index });
    expectEnd = w.index;
  }
  return words;
}

/** Walking back from the name: a role head first, then heads and modifiers; [] when no head is reached. */
function roleWordsOf(words: readonly PlacedWord[], mentions: readonly Mention[]): PlacedWord[] {
  let headSeen = false;
  const roleWords: PlacedWord[] = [];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    const lw = w.word.toLowerCase();
    if (mentions.some((x) => x.start <= w.start && w.start < x.end)) break;
    const isHead = ROLE_HEADS.has(lw);
    // "Secretary of State John Kerry": modifiers may come between the head and the name (at most 2).
    if (!isHead && !ROLE_MODIFIERS.has(lw)) break;
    if (!headSeen && !isHead && roleWords.length >= 2) break;
    if (isHead) headSeen = true;
    roleWords.unshift(w);
  }
  // Words before the name that never reached a head are not a role ("the John Smith").
  if (!headSeen) return [];
  while (roleWords.length && CONNECTORS.has(roleWords[0]!.word.toLowerCase())) roleWords.shift();
  return roleWords;
}

/** Title written right before a PERSON mention: [nationality/place] [modifiers] head. */
export function roleBefore(
  text: string,
  m: Mention,
  mentions: readonly Mention[],
  gaz: Gazetteer | null,
): Role | null {
  const roleWords = roleWordsOf(wordsBefore(text, m.start), mentions);
  if (roleWords.length === 0) return null;
  const roleStart = roleWords[0]!.start;
  let nationality: string | null = null;
  let titledStart = roleStart;
  const prev = mentions.find((x) => x.end <= roleStart && /^\s*$/.test(text.slice(x.end, roleStart)));
  if (prev && (prev.type === 'NATIONALITY' || prev.type === 'LOCATION')) {
    nationality = prev.type === 'NATIONALITY' ? prev.text : demonymOf(prev.text, gaz);
    titledStart = prev.start;
  }
  return { role: roleWords.map((w) => w.word).join(' '), nationality, titledStart };
}

/** Appositive after a PERSON mention: ", the Belarusian president," / ", Russia's foreign minister,". */
export function roleAfter(
  text: string,
  m: Mention,
  mentions: readonly Mention[],
  gaz: Gazetteer | null,
): Role | null {
  const intro = /^,\s+(?:(?:the|a|an)\s+)?/.exec(text.slice(m.end, m.end + 80));
  if (!intro) return null;
  const base = m.end + intro[0].length;
  const words = [...text.slice(base, base + 60).matchAll(/[\p{L}][\p{L}.'’-]*|[^\s\p{L}]/gu)].slice(0, 6);
  let nationality: string | null = null;
  const roleWords: string[] = [];
  for (const w of words) {
    const word = w[0];
    const lw = word.toLowerCase();
    const abs = base + w.index;
    const hit = mentions.find((x) => x.start <= abs && abs < x.end);
    if (hit && (hit.type === 'NATIONALITY' || hit.type === 'LOCATION')) {
      if (hit.start === abs) nationality = hit.type === 'NATIONALITY' ? hit.text : demonymOf(hit.text, gaz);
      continue;
    }
    if (hit || !/^\p{L}/u.test(word)) return null;
    if (lw === "'s" || lw === '’s') continue;
    if (ROLE_HEADS.has(lw)) {
      roleWords.push(word);
      return { role: roleWords.join(' '), nationality, titledStart: m.start };
    }
    if (!ROLE_MODIFIERS.has(lw)) return null;
    roleWords.push(word);
  }
  return null;
}

function demonymOf(place: string, gaz: Gazetteer | null): string | null {
  if (!gaz) return place;
  const lower = place.toLowerCase();
  const country = gaz.countries.get(lower) ?? gaz.countries.get(lower.replace(/\./g, '')) ?? place;
  for (const [demonym, c] of gaz.demonyms) {
    if (c === country && !demonym.endsWith('s'))
      return demonym.replace(/(^|[\s-])(\p{L})/gu, (_, a, b: string) => a + b.toUpperCase());
  }
  return place;
}
