import type { Entity, Span, Speaker } from '../../domain/schema.js';
import {
  DETERMINERS,
  FEMALE_HINTS,
  GROUP_NOUNS,
  HEAD_MODIFIER_PREPOSITIONS,
  LEADER_ROLES,
  MALE_HINTS,
  NAME_FUNCTION_WORDS,
  NAME_PARTICLES,
  NON_ROLE_TITLES,
  PARTY_WORDS,
  POSSESSIVE_PRONOUNS,
  QUANTITY,
  SPEAKER_PRONOUNS,
  TITLES,
  isCountryName,
  isNationalityWord,
} from '../lexicon/index.js';

type Gender = 'm' | 'f' | null;

/** A person or organisation speakers can resolve to: from the NER's entities and from the text itself. */
interface Referent {
  name: string;
  entityId: string | null;
  type: 'PERSON' | 'ORGANIZATION';
  /** Lower-cased forms: name, aliases, surname. */
  forms: Set<string>;
  roles: Set<string>;
  nationalities: Set<string>;
  gender: Gender;
  /** Offsets where the referent is mentioned (for recency). */
  positions: number[];
}

export type MentionKind = 'pronoun' | 'name' | 'description';

export function mentionKind(mention: string): MentionKind {
  const words = mention.trim().split(/\s+/);
  const first = words[0]!.toLowerCase();
  if (words.length === 1 && (SPEAKER_PRONOUNS.has(first) || first in POSSESSIVE_PRONOUNS)) return 'pronoun';
  if (DETERMINERS.has(first)) return 'description';
  // A share of people: "Three-quarters said …", "Forty-three per cent thought …", "One in four".
  if (QUANTITY.test(mention.trim())) return 'description';
  // "Critics say …", "Analysts said …": a group, capitalised only because it opens the sentence.
  if (words.length === 1 && GROUP_NOUNS.has(first)) return 'description';
  // A lowercase head noun describes someone, even after a name ("President Castro's chief aide").
  if (words.length > 1 && /^\p{Ll}/u.test(words[words.length - 1]!)) return 'description';
  // A capitalised word other than a title makes it a name ("Lukashenko", "Belarusian President Alexander Lukashenko").
  if (words.some((w) => /^\p{Lu}/u.test(w) && !TITLES.has(w.toLowerCase()) && !isNationalityWord(w)))
    return 'name';
  return 'description';
}

/**
 * Resolves speaker mentions to entities: names by alias/surname, pronouns to the most recent compatible
 * person, descriptions ("the Belarusian president") to the person introduced with that role or nationality.
 * Unresolvable mentions are reported as unresolved.
 */
export class SpeakerResolver {
  private readonly referents: Referent[] = [];
  private readonly text: string;
  /** Speakers resolved so far, in text order (recency for pronouns). */
  private readonly history: Array<{ ref: Referent; pos: number }> = [];

  constructor(
    text: string,
    entities: Entity[],
    private readonly quotations: Span[],
    /** 'male' / 'female' for a first name the name lists know (from the NER model's gazetteer). */
    private readonly firstNameGender: (firstName: string) => 'male' | 'female' | null = () => null,
  ) {
    this.text = text;
    for (const e of entities) {
      if (e.type !== 'PERSON' && e.type !== 'ORGANIZATION') continue;
      const ref: Referent = {
        name: e.name,
        entityId: e.id,
        type: e.type,
        forms: new Set([e.name, ...e.aliases].map((s) => s.toLowerCase())),
        roles: new Set(),
        nationalities: new Set(),
        gender: null,
        positions: e.mentions.map((m) => m.start).filter((p) => !this.insideQuotation(p)),
      };
      if (e.type === 'PERSON') {
        const last = e.name.split(/\s+/).pop();
        if (last) ref.forms.add(last.toLowerCase());
      }
      if (e.role) ref.roles.add(e.role.toLowerCase());
      if (e.nationality) ref.nationalities.add(e.nationality.toLowerCase());
      for (const m of e.mentions) this.learnContext(ref, m.start, m.end);
      this.referents.push(ref);
    }
    this.scanTitledNames();
  }

  /** People introduced with a title in the text ("ministry spokesman John Reed"), for when the NER missed them. */
  private scanTitledNames(): void {
    const re = /\b([\p{L}.]+)\s+((?:\p{Lu}[\p{L}'’-]+|\p{Lu}\.)(?:\s+(?:\p{Lu}[\p{L}'’-]+|\p{Lu}\.)){0,3})/gu;
    for (const m of this.text.matchAll(re)) {
      const title = m[1]!.toLowerCase();
      if (!TITLES.has(title) || this.insideQuotation(m.index ?? 0)) continue;
      const name = stripTitles(m[2]!);
      if (!name || TITLES.has(name.split(/\s+/)[0]!.toLowerCase())) continue;
      // "chief US economist", "senior EU official": an acronym or a nationality after a title is no name.
      if (name.split(/\s+/).every((w) => /^\p{Lu}[\p{Lu}.]*$/u.test(w) || isNationalityWord(w))) continue;
      const start = (m.index ?? 0) + m[0].length - name.length;
      if (!m[0].endsWith(name)) continue;
      const ref = this.referentForName({ start, end: start + name.length });
      ref.positions.push(start);
    }
  }

  private readonly reported: Span[] = [];

  /** Content of a reported-speech quote already attributed: names in it are not pronoun antecedents. */
  addReportedContent(span: Span): void {
    this.reported.push(span);
  }

  private insideQuotation(pos: number): boolean {
    return this.quotations.some((q) => q.start <= pos && pos < q.end);
  }

  /** Titles/nationalities written before a mention, and appositions after it ("X, the Belarusian president,"). */
  private learnContext(ref: Referent, start: number, end: number): void {
    const before = this.text.slice(Math.max(0, start - 60), start);
    const pre = /((?:[\p{L}.-]+\s+){0,4})$/u.exec(before)?.[1] ?? '';
    const words = pre.trim().split(/\s+/).filter(Boolean);
    // Keep the capitalised run right before the name: "Belarusian President".
    const run: string[] = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i]!;
      if (TITLES.has(w.toLowerCase()) || isNationalityWord(w)) run.unshift(w);
      else break;
    }
    this.learnDescription(ref, run.join(' '));
    const after = this.text.slice(end, end + 80);
    const appo = /^,\s+(?:the|a|an)\s+([^,.;]{2,60}?)(?:,|\.|;|\s+(?:said|says|told|added))/u.exec(after);
    if (appo) this.learnDescription(ref, appo[1]!);
  }

  private learnDescription(ref: Referent, desc: string): void {
    if (!desc) return;
    for (const w of desc.split(/\s+/)) {
      const lw = w.toLowerCase().replace(/[’']s$/, '');
      if (isNationalityWord(w)) ref.nationalities.add(lw);
      else if (TITLES.has(lw) && !NON_ROLE_TITLES.has(lw)) ref.roles.add(lw);
    }
    const lower = desc.toLowerCase();
    if (/prime minister/.test(lower)) ref.roles.add('prime minister');
    if (ref.gender === null) ref.gender = FEMALE_HINTS.test(desc) ? 'f' : MALE_HINTS.test(desc) ? 'm' : null;
  }

  /** Finds or creates the referent for a name written in the text (when the NER missed it). */
  private referentForName(nameSpan: Span): Referent {
    const raw = this.text.slice(nameSpan.start, nameSpan.end);
    const name = stripTitles(raw);
    const lower = name.toLowerCase();
    const last = name.split(/\s+/).pop()!.toLowerCase();
    const exact = this.referents.find((r) => r.forms.has(lower));
    if (exact) return exact;
    const bySurname = this.referents.filter((r) => r.type === 'PERSON' && r.forms.has(last));
    if (bySurname.length === 1) return bySurname[0]!;
    // Not known: the fullest form the text uses for this surname is the canonical name.
    let canonical = name;
    const re = new RegExp(
      // Name words (an initial may carry a period; other words may not: "Rangers. It" is two sentences).
      `((?:(?:\\p{Lu}\\.|\\p{Lu}[\\p{L}'’-]*)[ \\t]+){1,3})${escapeRe(name.split(/\s+/).pop()!)}\\b`,
      'gu',
    );
    for (const m of this.text.matchAll(re)) {
      const full = stripTitles(m[0]);
      if (full.split(/\s+/).length > canonical.split(/\s+/).length && full.endsWith(name)) canonical = full;
    }
    const ref: Referent = {
      name: canonical,
      entityId: null,
      type: 'PERSON',
      forms: new Set([canonical.toLowerCase(), lower, last]),
      roles: new Set(),
      nationalities: new Set(),
      gender: null,
      positions: [],
    };
    const at = this.text.indexOf(canonical);
    if (at >= 0) this.learnContext(ref, at, at + canonical.length);
    this.learnContext(ref, nameSpan.start, nameSpan.end);
    this.referents.push(ref);
    return ref;
  }

  /** Resolves a speaker mention at [start, end). */
  resolve(start: number, end: number): Speaker {
    // A possessive speaker ("Fidel Castro's decision to …") is the name without its 's.
    if (/\S['’]s$/.test(this.text.slice(start, end))) end -= 2;
    const mention = this.text.slice(start, end);
    let kind = mentionKind(mention);
    const known = this.isKnownWholeName(mention);
    let ref: Referent | null = null;
    let span: Span = { start, end };
    // A lone capitalised word the text also writes in lowercase, with no entity of that name, is a common
    // noun opening the sentence ("Concerns were raised about …"), not a name.
    if (
      kind === 'name' &&
      /^\p{Lu}\p{Ll}+$/u.test(mention) &&
      !known &&
      new RegExp(`\\b${escapeRe(mention.toLowerCase())}\\b`, 'u').test(this.text)
    )
      kind = 'description';
    if (kind === 'name') {
      // The mention covers the name itself, without titles ("President Alexander Lukashenko" → "Alexander Lukashenko").
      // (Unless the whole mention is a known name: "Swiss Re", "British Airways".)
      if (!known) span = nameOnly(this.text, start, end);
      ref = this.referentForName(span);
      this.learnContext(ref, span.start, span.end);
    } else if (kind === 'pronoun') {
      const lower = mention.toLowerCase();
      ref = this.resolvePronoun(POSSESSIVE_PRONOUNS[lower] ?? lower, start);
    } else {
      ref = this.resolveDescription(mention, start);
    }
    const out: Speaker = {
      mention: this.text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      name: ref?.name ?? null,
      entityId: ref?.entityId ?? null,
      resolution: ref ? kind : 'unresolved',
    };
    if (ref) this.history.push({ ref, pos: start });
    return out;
  }

  /**
   * A mention some referent is known by as a whole, titles and all ("Swiss Re", "British Airways"), so no
   * title is cut from it. A titled alias of a person known without the title ("Mayor Alice Brown" beside
   * "Alice Brown") is not: the mention is then the name alone.
   */
  private isKnownWholeName(mention: string): boolean {
    const lower = mention.toLowerCase();
    const bare = stripTitles(mention).toLowerCase();
    return this.referents.some((r) => r.forms.has(lower) && (bare === lower || !r.forms.has(bare)));
  }

  /** Gender suggested by a full name's first name ("Hillary Clinton" → f), when the name lists know it. */
  private nameGender(name: string): Gender {
    const g = this.firstNameGender(name.split(/\s+/)[0]!);
    return g === 'male' ? 'm' : g === 'female' ? 'f' : null;
  }

  private resolvePronoun(pronoun: string, pos: number): Referent | null {
    // "I think …", "we believe …" in narration are the writer's, whom the text does not name.
    if (pronoun === 'i' || pronoun === 'we') return null;
    const wantOrg = pronoun === 'they' || pronoun === 'we' || pronoun === 'it';
    const gender: Gender = pronoun === 'he' ? 'm' : pronoun === 'she' ? 'f' : null;
    let best: Referent | null = null;
    let bestPos = -1;
    const consider = (ref: Referent, p: number) => {
      if (p >= pos || p <= bestPos) return;
      // Someone named inside what was reported ("… following in the footsteps of Farrell") is talked
      // about, not the one talking.
      if (this.reported.some((s) => s.start <= p && p < s.end)) return;
      if (wantOrg ? ref.type !== 'ORGANIZATION' || isCountryName(ref.name) : ref.type !== 'PERSON') return;
      const g = ref.gender ?? this.nameGender(ref.name);
      if (gender && g && g !== gender) return;
      best = ref;
      bestPos = p;
    };
    for (const h of this.history) consider(h.ref, h.pos);
    for (const r of this.referents) for (const p of r.positions) consider(r, p);
    const found = best as Referent | null;
    if (found && gender && !found.gender) found.gender = gender;
    return found;
  }

  private resolveDescription(desc: string, pos: number): Referent | null {
    const words = desc
      .toLowerCase()
      .replace(/[’']s\b/g, '')
      .split(/\s+/)
      .filter((w) => !DETERMINERS.has(w));
    // The head noun is the last word before any prepositional phrase: "a spokesman for the ministry" →
    // spokesman; "President Castro's chief aide" → aide (not the president).
    const pp = words.findIndex((w, i) => i > 0 && HEAD_MODIFIER_PREPOSITIONS.has(w));
    const last = words[(pp > 0 ? pp : words.length) - 1];
    const head = last && (TITLES.has(last) || last === 'leader' || last === 'head') ? last : null;
    if (!head) return null;
    const nationalities = desc
      .split(/\s+/)
      .filter(isNationalityWord)
      .map((w) => w.toLowerCase());
    let best: Referent | null = null;
    let bestPos = -1;
    for (const r of this.referents) {
      if (r.type !== 'PERSON') continue;
      const roleOk =
        r.roles.has(head) || (head === 'leader' && [...r.roles].some((x) => LEADER_ROLES.has(x)));
      if (!roleOk) continue;
      if (nationalities.some((n) => !r.nationalities.has(n))) continue;
      const seen = [...r.positions, ...this.history.filter((h) => h.ref === r).map((h) => h.pos)].filter(
        (p) => p < pos,
      );
      const last = seen.length ? Math.max(...seen) : -1;
      if (last < 0) continue;
      if (last > bestPos) {
        best = r;
        bestPos = last;
      }
    }
    return best;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drops titles and nationality adjectives before a written name ("Regional Governor Maria Keller" → "Maria Keller"). */
export function stripTitles(name: string): string {
  const words = name.trim().split(/\s+/);
  let cut = 0;
  let byTitle = false;
  for (let i = 0; i < words.length - 1; i++) {
    const lw = words[i]!.toLowerCase();
    if (
      (TITLES.has(lw) && (lw !== 'state' || words[i - 1]?.toLowerCase() === 'of')) ||
      isNationalityWord(words[i]!) ||
      // Any other lowercase word before the name: "Eavis' daughter Emily", "festival organiser Michael Eavis"
      // (not a name particle: "Lula da Silva", "Ludwig van Beethoven").
      (/^\p{Ll}+$/u.test(words[i]!) &&
        !NAME_PARTICLES.has(lw) &&
        !NAME_FUNCTION_WORDS.has(lw) &&
        /^\p{Lu}/u.test(words[i + 1]!))
    ) {
      cut = i + 1;
      if (!isNationalityWord(words[i]!)) byTitle = true;
    }
  }
  // A party before a full name: "Lib Dem Norman Baker", "Tory Liam Fox" ("Labour Party" stays whole).
  while (words.length - cut > 2 && PARTY_WORDS.has(words[cut]!.toLowerCase())) cut++;
  // A nationality before one word is part of a company's name ("Swiss Re", "British Airways").
  if (!byTitle && cut > 0 && words.length - cut === 1) return words.join(' ');
  return words.slice(cut).join(' ');
}

/** The span of the name inside a titled mention. */
function nameOnly(text: string, start: number, end: number): Span {
  const raw = text.slice(start, end);
  const name = stripTitles(raw);
  const offset = raw.lastIndexOf(name);
  return offset >= 0 ? { start: start + offset, end: start + offset + name.length } : { start, end };
}
