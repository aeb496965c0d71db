import type { Entity, EntityMention, EntityType } from '../../domain/schema.js';
import { findDates } from './dates.js';
import type { Gazetteer } from './gazetteer.js';
import { completeMentions, isAcronym, wordsOf } from './mentions.js';
import type { Mention } from './recognize.js';
import { roleAfter, roleBefore } from './roles.js';
import { stripTitles } from './titles.js';

export { findNames } from './mentions.js';

export interface LinkOptions {
  publishedAt: string | null;
  /** Statement index of the statement containing this offset. */
  statementIndexAt: (offset: number) => number;
}

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

/** Drafts of entities by type and identity key, in creation order. */
class Drafts {
  readonly list: Draft[] = [];
  private readonly byKey = new Map<string, Draft>();

  get(type: EntityType, key: string): Draft {
    const existing = this.byKey.get(`${type}|${key}`);
    if (existing) return existing;
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
    this.list.push(d);
    this.byKey.set(`${type}|${key}`, d);
    return d;
  }
}

const norm = (s: string): string =>
  s
    .replace(/[’‘]/g, "'")
    .replace(/^the\s+/i, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

const POSSESSIVE_RE = /['’]s$/;

/** A person's name words for identity: no possessive, no leading titles ("Mr Mugabe's" → ["Mugabe"]). */
export function personWords(text: string): string[] {
  return stripTitles(wordsOf(text.replace(POSSESSIVE_RE, '')));
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

/**
 * People: longest forms first, so "Lukashenko" (or "Mr Mugabe") joins "Alexander Lukashenko" (or
 * "Robert Mugabe"). A shorter form contained in exactly one person's name is that person; one that two
 * people share ("Mugabe" with "Robert Mugabe" and "Grace Mugabe") stays an entity of its own, unresolved.
 */
function groupPeople(mentions: readonly Mention[], drafts: Drafts): void {
  const people = mentions
    .filter((m) => m.type === 'PERSON')
    .map((m) => ({ m, words: personWords(m.text) }))
    .sort((a, b) => b.words.length - a.words.length || a.m.start - b.m.start);
  // The names found so far, by each of their words: a form's candidates are in the list of any of its
  // words, so only the shortest list is searched, and only until two people are found (each name is its
  // own person). Linear in the mentions, where comparing every mention with every name was quadratic.
  const byWord = new Map<string, { words: string[]; draft: Draft }[]>();
  for (const { m, words } of people) {
    let shortest: { words: string[]; draft: Draft }[] = [];
    for (let i = 0; i < words.length; i++) {
      const list = byWord.get(words[i]!) ?? [];
      if (i === 0 || list.length < shortest.length) shortest = list;
    }
    const candidates = new Set<Draft>();
    for (const p of shortest) {
      if (!containsRun(p.words, words)) continue;
      candidates.add(p.draft);
      if (candidates.size > 1) break;
    }
    if (candidates.size === 1) {
      [...candidates][0]!.mentions.push(m);
      continue;
    }
    const key = words.join(' ').toLowerCase();
    const draft = drafts.get('PERSON', candidates.size > 1 ? `ambiguous:${key}` : key);
    draft.mentions.push(m);
    if (candidates.size === 0 && draft.mentions.length === 1) {
      const name = { words, draft };
      for (const w of new Set(words)) {
        const list = byWord.get(w);
        if (list) list.push(name);
        else byWord.set(w, [name]);
      }
    }
  }
}

/** Everything but people: by normalised name, acronyms by their expansion, places and demonyms by country. */
function groupOthers(
  mentions: readonly Mention[],
  acronyms: ReadonlyMap<string, string>,
  drafts: Drafts,
  gaz: Gazetteer | null,
  dates: ReadonlyMap<number, { iso: string | null }>,
): void {
  for (const m of mentions) {
    if (m.type === 'PERSON') continue;
    let key = norm(m.text.replace(POSSESSIVE_RE, ''));
    let country: string | null = null;
    const expansion = m.type === 'DATE' || m.type === 'NATIONALITY' ? undefined : acronyms.get(m.text);
    if (expansion) key = norm(expansion);
    if (m.type === 'LOCATION' && gaz) {
      const c = gaz.countries.get(m.text.toLowerCase());
      if (c) key = `country:${c}`;
    }
    if (m.type === 'NATIONALITY' && gaz) {
      country = gaz.demonyms.get(m.text.toLowerCase()) ?? null;
      if (country) key = `demonym:${country}`;
    }
    const draft = drafts.get(m.type, key);
    draft.mentions.push(m);
    if (country) draft.country = country;
    if (m.type === 'DATE') draft.iso ??= dates.get(m.start)?.iso ?? null;
  }
}

/**
 * The mentions roleBefore and roleAfter can look at around a person's mention, in their original order:
 * those ending at or after the 80 characters before it (and the whitespace before those: a title may
 * follow a place across it) and starting before the 141 characters after it. Searching those, not all
 * the document's mentions, keeps finding roles linear in the mentions; the roles found are the same.
 */
function mentionsNear(text: string, mentions: readonly Mention[]): (m: Mention) => Mention[] {
  const order = mentions.map((_, i) => i).sort((a, b) => mentions[a]!.start - mentions[b]!.start);
  const longest = mentions.reduce((n, x) => Math.max(n, x.end - x.start), 0);
  return (m) => {
    let lo = Math.max(0, m.start - 80);
    while (lo > 0 && /\s/.test(text[lo - 1]!)) lo--;
    const hi = m.end + 141;
    // The first mention (by start) starting at or after hi; those before it and ending at or after lo.
    let a = 0;
    let b = order.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (mentions[order[mid]!]!.start < hi) a = mid + 1;
      else b = mid;
    }
    const found: number[] = [];
    for (let k = a - 1; k >= 0; k--) {
      const x = mentions[order[k]!]!;
      if (x.start < lo - longest) break;
      if (x.end >= lo) found.push(order[k]!);
    }
    return found.sort((i, j) => i - j).map((i) => mentions[i]!);
  };
}

/** Roles and nationality of people from titles before a mention or appositions after it. */
function addRoles(
  text: string,
  drafts: readonly Draft[],
  mentions: readonly Mention[],
  gaz: Gazetteer | null,
): void {
  const near = mentionsNear(text, mentions);
  for (const d of drafts) {
    if (d.type !== 'PERSON') continue;
    for (const m of d.mentions.sort((a, b) => a.start - b.start)) {
      const around = near(m);
      const r = roleBefore(text, m, around, gaz) ?? roleAfter(text, m, around, gaz);
      if (!r) continue;
      d.role ??= r.role;
      d.nationality ??= r.nationality;
      if (r.titledStart < m.start) d.extraAliases.push(text.slice(r.titledStart, m.end));
    }
  }
}

/** The fullest form: most words, then most frequent, then first; acronyms never win over expansions. */
function canonicalName(d: Draft, acronyms: ReadonlyMap<string, string>): string {
  const counts = new Map<string, number>();
  for (const m of d.mentions) {
    const t = d.type === 'PERSON' ? personWords(m.text).join(' ') : m.text.replace(POSSESSIVE_RE, '');
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const forms = [...counts.keys()];
  if (d.type === 'NATIONALITY' || d.type === 'DATE')
    return forms.sort((a, b) => counts.get(b)! - counts.get(a)!)[0]!;
  const acronym = (f: string): number => Number(acronyms.has(f) || isAcronym(f));
  return forms.sort(
    (a, b) =>
      acronym(a) - acronym(b) ||
      wordsOf(b).length - wordsOf(a).length ||
      b.length - a.length ||
      counts.get(b)! - counts.get(a)!,
  )[0]!;
}

/**
 * How sure the entity's type is: the mean confidence of the mentions the model scored, times the share
 * of them whose own type agreed with the entity's (mentions found by linking inherit the mean).
 */
function typeConfidence(d: Draft, modelTypes: ReadonlyMap<number, Mention>): number | undefined {
  let sum = 0;
  let scored = 0;
  let agreeing = 0;
  for (const m of d.mentions) {
    const original = modelTypes.get(m.start);
    if (!original || original.confidence === undefined) continue;
    scored++;
    if (original.type === d.type) {
      agreeing++;
      sum += original.confidence;
    } else sum += 1 - original.confidence;
  }
  if (scored === 0) return undefined;
  return Math.round((sum / scored) * (0.5 + (0.5 * agreeing) / scored) * 1000) / 1000;
}

function toEntity(
  d: Draft,
  acronyms: ReadonlyMap<string, string>,
  modelTypes: ReadonlyMap<number, Mention>,
  opts: LinkOptions,
): Omit<Entity, 'id'> {
  d.mentions.sort((a, b) => a.start - b.start);
  const name = canonicalName(d, acronyms);
  const aliases = [...new Set([...d.mentions.map((m) => m.text), ...d.extraAliases])].filter(
    (f) => f !== name,
  );
  // One string per surface form: a long article's mentions repeat a few forms thousands of times, each
  // cut from the text on its own.
  const forms = new Map<string, string>();
  const form = (t: string): string => forms.get(t) ?? (forms.set(t, t), t);
  const mentions: EntityMention[] = d.mentions.map((m) => ({
    text: form(m.text),
    start: m.start,
    end: m.end,
    statementIndex: opts.statementIndexAt(m.start),
  }));
  const entity: Omit<Entity, 'id'> = { type: d.type, name, aliases, mentions };
  const confidence = typeConfidence(d, modelTypes);
  if (confidence !== undefined) entity.confidence = confidence;
  if (d.type === 'PERSON') {
    entity.role = d.role;
    entity.nationality = d.nationality;
  }
  if (d.type === 'NATIONALITY') entity.country = d.country;
  if (d.type === 'DATE') entity.iso = d.iso;
  return entity;
}

/** Groups mentions into document-level entities with canonical names, aliases and extensions. */
export function linkWithGazetteer(
  text: string,
  input: readonly Mention[],
  opts: LinkOptions,
  gaz: Gazetteer | null,
): Array<Omit<Entity, 'id'>> {
  const { mentions, acronyms } = completeMentions(text, input);
  const drafts = new Drafts();
  const dates = new Map(findDates(text, opts.publishedAt).map((d) => [d.start, d]));
  groupPeople(mentions, drafts);
  groupOthers(mentions, acronyms, drafts, gaz, dates);
  addRoles(text, drafts.list, mentions, gaz);
  // The first draft (in creation order) with a mention of each text: one pass, not one per acronym.
  const draftOfText = new Map<string, Draft>();
  for (const d of drafts.list)
    for (const m of d.mentions) if (!draftOfText.has(m.text)) draftOfText.set(m.text, d);
  for (const [acronym, expansion] of acronyms) {
    const d = draftOfText.get(expansion);
    if (d && !d.extraAliases.includes(acronym)) d.extraAliases.push(acronym);
  }
  const modelTypes = new Map(input.map((m) => [m.start, m]));
  return drafts.list
    .map((d) => toEntity(d, acronyms, modelTypes, opts))
    .sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}
