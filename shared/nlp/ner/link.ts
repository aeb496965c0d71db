import type { Entity, EntityMention, EntityType } from '../../domain/schema.js';
import { findDates } from './dates.js';
import type { Gazetteer } from './gazetteer.js';
import type { Mention } from './recognize.js';
import { ROLE_HEADS, ROLE_MODIFIERS } from '../lexicon/index.js';

export interface LinkOptions {
  publishedAt: string | null;
  /** Statement index of the statement containing this offset. */
  statementIndexAt: (offset: number) => number;
}

const CONNECTORS = new Set(['of', 'for', 'the', 'and']);
const NAME_PARTICLES = new Set([
  'of',
  'the',
  'and',
  'for',
  'de',
  'la',
  'du',
  'von',
  'van',
  'der',
  'on',
  'in',
  'at',
]);

interface Draft {
  type: EntityType;
  key: string;
  mentions: Mention[];
  /** Extra surface forms (acronym definitions, titled forms). */
  extraAliases: string[];
  role: string | null;
  nationality: string | null;
  country: string | null;
  iso: string | null;
}

const norm = (s: string): string =>
  s
    .replace(/[’‘]/g, "'")
    .replace(/^the\s+/i, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

const wordsOf = (s: string): string[] => s.split(/[\s]+/).filter(Boolean);

/** "Collective Security Treaty Organization" → "CSTO"; particles may be skipped or kept. */
function matchesAcronym(name: string, acronym: string): boolean {
  const words = name.split(/[\s-]+/).filter(Boolean);
  const full = words.map((w) => w[0]!).join('');
  const content = words
    .filter((w) => !NAME_PARTICLES.has(w.toLowerCase()))
    .map((w) => w[0]!)
    .join('');
  const a = acronym.toUpperCase();
  return a.length >= 2 && (full.toUpperCase() === a || content.toUpperCase() === a);
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
  // Longest first (stable, as the regex alternation was), bucketed by first code unit.
  const byFirst = new Map<number, string[]>();
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const first = name.charCodeAt(0);
    const bucket = byFirst.get(first);
    if (bucket) bucket.push(name);
    else byFirst.set(first, [name]);
  }
  const hits: { start: number; end: number; surface: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const bucket = byFirst.get(text.charCodeAt(i));
    let matched: string | undefined;
    if (bucket && !isWordCodePoint(codePointBefore(text, i))) {
      matched = bucket.find(
        (name) => text.startsWith(name, i) && !isWordCodePoint(text.codePointAt(i + name.length)),
      );
    }
    if (matched) {
      hits.push({ start: i, end: i + matched.length, surface: matched });
      i += matched.length;
    } else i++;
  }
  return hits;
}

function covered(mentions: readonly Mention[], start: number, end: number): boolean {
  return mentions.some((m) => m.start < end && start < m.end);
}

/**
 * Document-level consistency: acronyms defined in parentheses become mentions of their expansion's
 * type; each name the model found anywhere is also a mention where it recurs untagged; a surface form
 * tagged with different types takes its most frequent type.
 */
function completeMentions(
  text: string,
  input: readonly Mention[],
): { mentions: Mention[]; acronyms: Map<string, string> } {
  const mentions = [...input];
  const acronyms = new Map<string, string>(); // acronym → expansion surface form
  for (const m of input) {
    if (m.type !== 'ORGANIZATION' && m.type !== 'MISC' && m.type !== 'LOCATION') continue;
    const after = /^\s*\(\s*([A-Z][A-Za-z&.]{1,11})\s*\)/.exec(text.slice(m.end, m.end + 20));
    if (!after) continue;
    const acronym = after[1]!.replace(/\.$/, '');
    if (!matchesAcronym(m.text, acronym.replace(/[.&]/g, ''))) continue;
    acronyms.set(acronym, m.text);
    const start = m.end + after[0].indexOf(acronym, 1);
    const existing = mentions.find((x) => x.start === start);
    if (existing) existing.type = m.type;
    else if (!covered(mentions, start, start + acronym.length))
      mentions.push({ type: m.type, start, end: start + acronym.length, text: acronym });
  }
  // Majority type per surface form.
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
  // A lone surname of a person named in the article is that person ("LUKASHENKO SAYS" in a headline).
  const surnames = new Set(
    mentions.filter((m) => m.type === 'PERSON' && /\s/.test(m.text)).map((m) => m.text.split(/\s+/).pop()!),
  );
  for (const m of mentions) {
    if (m.type !== 'PERSON' && m.type !== 'DATE' && m.type !== 'NATIONALITY' && surnames.has(m.text))
      m.type = 'PERSON';
  }
  // Recurrences the model missed (names of 3+ characters starting with a capital). One pass over the
  // text for all names, longest first; a character mask answers "already a mention?".
  const known = new Map<string, EntityType>();
  for (const m of mentions)
    if (m.type !== 'DATE' && /^\p{Lu}/u.test(m.text) && m.text.length >= 3) known.set(m.text, m.type);
  if (known.size > 0) {
    const mask = new Uint8Array(text.length + 1);
    for (const m of mentions) mask.fill(1, m.start, m.end);
    const isCovered = (start: number, end: number): boolean => {
      for (let i = start; i < end; i++) if (mask[i]) return true;
      return false;
    };
    for (const hit of findNames(text, [...known.keys()])) {
      const { start, end, surface } = hit;
      // Not inside a longer capitalised name ("Union" in "Union State").
      if (isCovered(start, end)) continue;
      mentions.push({ type: known.get(surface)!, start, end, text: surface });
      mask.fill(1, start, end);
    }
  }
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  return { mentions, acronyms };
}

interface Role {
  role: string;
  nationality: string | null;
  /** Start offset of the titled form ("Belarusian President Alexander Lukashenko"). */
  titledStart: number;
}

/** Title written right before a PERSON mention: [nationality/place] [modifiers] head. */
function roleBefore(
  text: string,
  m: Mention,
  mentions: readonly Mention[],
  gaz: Gazetteer | null,
): Role | null {
  const before = text.slice(Math.max(0, m.start - 80), m.start);
  const base = m.start - before.length;
  const all = [...before.matchAll(/\p{L}[\p{L}.'’-]*/gu)];
  // Words directly before the name, separated by whitespace only.
  const words: { word: string; start: number }[] = [];
  let expectEnd = before.length;
  for (let k = all.length - 1; k >= 0 && words.length < 6; k--) {
    const w = all[k]!;
    if (!/^\s+$/.test(before.slice(w.index + w[0].length, expectEnd))) break;
    words.unshift({ word: w[0], start: base + w.index });
    expectEnd = w.index;
  }
  // Walk back from the name: a role head first, then heads and modifiers.
  let headSeen = false;
  const roleWords: { word: string; start: number }[] = [];
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
  if (!headSeen) return null;
  while (roleWords.length && CONNECTORS.has(roleWords[0]!.word.toLowerCase())) roleWords.shift();
  if (!headSeen || roleWords.length === 0) return null;
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
function roleAfter(
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

/** Groups mentions into document-level entities with canonical names, aliases and extensions. */
export function linkWithGazetteer(
  text: string,
  input: readonly Mention[],
  opts: LinkOptions,
  gaz: Gazetteer | null,
): Array<Omit<Entity, 'id'>> {
  const { mentions, acronyms } = completeMentions(text, input);
  const drafts: Draft[] = [];
  const byKey = new Map<string, Draft>();
  const newDraft = (type: EntityType, key: string): Draft => {
    const d: Draft = {
      type,
      key,
      mentions: [],
      extraAliases: [],
      role: null,
      nationality: null,
      country: null,
      iso: null,
    };
    drafts.push(d);
    byKey.set(`${type}|${key}`, d);
    return d;
  };
  const dates = new Map(findDates(text, opts.publishedAt).map((d) => [d.start, d]));

  // People: longest forms first, so "Lukashenko" joins "Alexander Lukashenko".
  const people = mentions.filter((m) => m.type === 'PERSON');
  const personDrafts: { words: string[]; draft: Draft; first: number }[] = [];
  for (const m of [...people].sort(
    (a, b) => wordsOf(b.text).length - wordsOf(a.text).length || a.start - b.start,
  )) {
    const words = wordsOf(m.text.replace(/['’]s$/, ''));
    const candidates = personDrafts.filter((p) => containsRun(p.words, words));
    // Several people sharing a surname: the one mentioned most recently before this mention.
    const target =
      candidates.sort((a, b) => lastBefore(b.draft, m.start) - lastBefore(a.draft, m.start))[0] ?? null;
    if (target) target.draft.mentions.push(m);
    else {
      const draft = newDraft('PERSON', words.join(' ').toLowerCase());
      draft.mentions.push(m);
      personDrafts.push({ words, draft, first: m.start });
    }
  }

  for (const m of mentions) {
    if (m.type === 'PERSON') continue;
    let key = norm(m.text.replace(/['’]s$/, ''));
    let country: string | null = null;
    if (m.type === 'ORGANIZATION' || m.type === 'MISC' || m.type === 'LOCATION') {
      const expansion = acronyms.get(m.text);
      if (expansion) key = norm(expansion);
    }
    if (m.type === 'LOCATION' && gaz) {
      const c = gaz.countries.get(m.text.toLowerCase());
      if (c) key = `country:${c}`;
    }
    if (m.type === 'NATIONALITY' && gaz) {
      country = gaz.demonyms.get(m.text.toLowerCase()) ?? null;
      if (country) key = `demonym:${country}`;
    }
    const draft = byKey.get(`${m.type}|${key}`) ?? newDraft(m.type, key);
    draft.mentions.push(m);
    if (country) draft.country = country;
    if (m.type === 'DATE') draft.iso ??= dates.get(m.start)?.iso ?? null;
  }

  // Roles and nationality of people from titles before a mention or appositions after it.
  for (const d of drafts) {
    if (d.type !== 'PERSON') continue;
    for (const m of d.mentions.sort((a, b) => a.start - b.start)) {
      const r = roleBefore(text, m, mentions, gaz) ?? roleAfter(text, m, mentions, gaz);
      if (!r) continue;
      d.role ??= r.role;
      d.nationality ??= r.nationality;
      if (r.titledStart < m.start) d.extraAliases.push(text.slice(r.titledStart, m.end));
    }
  }
  for (const [acronym, expansion] of acronyms) {
    const d = drafts.find((x) => x.mentions.some((m) => m.text === expansion));
    if (d) d.extraAliases.push(acronym);
  }

  return drafts
    .map((d) => {
      d.mentions.sort((a, b) => a.start - b.start);
      const name = canonicalName(d, acronyms);
      const forms = [...new Set([...d.mentions.map((m) => m.text), ...d.extraAliases])].filter(
        (f) => f !== name,
      );
      const mentionsOut: EntityMention[] = d.mentions.map((m) => ({
        text: m.text,
        start: m.start,
        end: m.end,
        statementIndex: opts.statementIndexAt(m.start),
      }));
      const entity: Omit<Entity, 'id'> = { type: d.type, name, aliases: forms, mentions: mentionsOut };
      if (d.type === 'PERSON') {
        entity.role = d.role;
        entity.nationality = d.nationality;
      }
      if (d.type === 'NATIONALITY') entity.country = d.country;
      if (d.type === 'DATE') entity.iso = d.iso;
      return entity;
    })
    .sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

function lastBefore(d: Draft, offset: number): number {
  let best = -1;
  for (const m of d.mentions) if (m.start <= offset) best = Math.max(best, m.start);
  return best;
}

/** The fullest form: most words, then most frequent, then first; acronyms never win over expansions. */
function canonicalName(d: Draft, acronyms: Map<string, string>): string {
  const counts = new Map<string, number>();
  for (const m of d.mentions) {
    const t = m.text.replace(/['’]s$/, '');
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const forms = [...counts.keys()];
  if (d.type === 'NATIONALITY' || d.type === 'DATE')
    return forms.sort((a, b) => counts.get(b)! - counts.get(a)!)[0]!;
  return forms.sort(
    (a, b) =>
      Number(acronyms.has(a)) - Number(acronyms.has(b)) ||
      wordsOf(b).length - wordsOf(a).length ||
      b.length - a.length ||
      counts.get(b)! - counts.get(a)!,
  )[0]!;
}
