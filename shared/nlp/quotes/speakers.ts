import type { Entity, Span, Speaker } from '../../domain/schema.js';
import {
  DETERMINERS,
  FEMALE_HINTS,
  GROUP_NOUNS,
  HEAD_MODIFIER_PREPOSITIONS,
  NOT_THE_LAST_ORGANISATION,
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
  isNationalityWord,
} from '../lexicon/index.js';
import {
  PLURAL_DESCRIPTION_RULES,
  REFERENT_KIND_RULES,
  addresseeNotAntecedent,
  type ReferentKind,
  type ReferentSite,
} from './rules/pronoun-agreement.js';
import { Cue, ONE_BEFORE } from '../ner/cues.js';
import { firstMatch } from './rules/rule.js';
import { SpanSet, sortedInsert, lastBefore } from './span-set.js';
import { firstHolding } from './span-index.js';
import { fullNameAt } from './name-run.js';
import { lastWordsOf } from './words-before.js';
import { doubled } from '../typed-arrays.js';

type Gender = 'm' | 'f' | null;

/** "It is thought", "it was understood", "It has been reported": no one is the speaker. */
const IMPERSONAL_IT =
  /^it\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be)\s+(?:widely\s+|generally\s+|now\s+)?\p{Ll}+(?:ed|wn|ght|aid|ood)\b/iu;

/** A name owning what follows it: "Plaid Cymru's spokesman". */
const POSSESSOR = /^\p{Lu}[\p{L}\p{N}.-]*(?:\s+\p{Lu}[\p{L}\p{N}.-]*)*['’]s\s/u;

/**
 * Every offset right after a space or tab, by the run of ASCII word characters starting there (or, when
 * there is none, by its first character): a word's own key finds its candidate places. Offsets of one key
 * are offsets[starts[slot] .. starts[slot + 1]), ascending. Typed arrays, not an array per key: a long
 * article has a million such offsets (issue 13, bounded memory).
 */
export interface BlankIndex {
  slots: Map<string, number>;
  starts: Int32Array;
  offsets: Int32Array;
}

export function blankIndex(text: string): BlankIndex {
  const slots = new Map<string, number>();
  let slotOf = new Int32Array(1024);
  let at = new Int32Array(1024);
  let n = 0;
  for (const m of text.matchAll(/[ \t]([A-Za-z0-9_]*)/g)) {
    const key = m[1] || text.charAt(m.index + 1);
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = slots.size));
    if (n === at.length) {
      slotOf = doubled(slotOf);
      at = doubled(at);
    }
    slotOf[n] = slot;
    at[n++] = m.index + 1;
  }
  // Counting sort by slot, stable: each key's offsets stay in text order.
  const starts = new Int32Array(slots.size + 1);
  for (let i = 0; i < n; i++) starts[slotOf[i]! + 1]!++;
  for (let k = 0; k < slots.size; k++) starts[k + 1]! += starts[k]!;
  const fill = starts.slice(0, slots.size);
  const offsets = new Int32Array(n);
  for (let i = 0; i < n; i++) offsets[fill[slotOf[i]!]!++] = at[i]!;
  return { slots, starts, offsets };
}

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
  /** Creation order: ties between referents go to the earlier one. */
  index: number;
  /** Positions where it was resolved as a speaker (history), sorted. */
  spoken: number[];
  /** A group described, not named ("critics", "the officials"): an antecedent of they that names nobody. */
  anonymous?: boolean;
}

/**
 * A place a pronoun can point back to: a referent's mention or a speaker resolved earlier. `order` is the
 * order in which the first version of resolvePronoun considered them (history first, then the referents'
 * positions): among candidates at the same offset the first in that order wins.
 */
interface Candidate {
  pos: number;
  order: number;
  ref: Referent;
}

/** Which pronouns a referent can be the antecedent of (pronoun candidates are kept per group). */
type CandidateGroup = 'org' | 'group' | 'person-m' | 'person-f' | 'person' | 'none';

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
  /** How many speakers have been resolved (orders the history candidates). */
  private historyLength = 0;
  // Indexes that keep every lookup below proportional to what it finds, not to the article's length
  // (a 1 MB article has thousands of referents, quotations and speakers; scanning them all for every
  // speaker made resolution quadratic). Each answers exactly what the scan it replaces answered.
  private readonly quotationSpans: SpanSet;
  private readonly byForm = new Map<string, Referent[]>();
  private readonly byRole = new Map<string, Set<Referent>>();
  /**
   * Pronoun candidates per group, sorted by pos ascending and, at one pos, by order descending (the walk
   * goes backwards, so at one offset it meets the earliest order first); an entry is stale once its
   * referent changed group.
   */
  private readonly candidates = new Map<CandidateGroup, Candidate[]>();
  private readonly groupOf = new Map<Referent, CandidateGroup>();
  private candidatesBuilt = false;
  /** Lower-case words the text writes (maximal runs of ASCII word characters), built on first use. */
  private asciiWords: Set<string> | null = null;
  private readonly writtenLowercase = new Map<string, boolean>();
  private readonly fullNamesBySurname = new Map<string, string[]>();
  private afterBlank: BlankIndex | null = null;
  /** Each referent's resolved-speaker entries (pronoun candidates), kept before the candidates are built. */
  private readonly historyOrders = new Map<Referent, Candidate[]>();
  private readonly sortedPositions = new Map<Referent, number[]>();
  /** Lower-case names of the places the NER found. */
  private readonly placeForms = new Set<string>();
  /** Lower-case names and surnames of the people (for organisations named like one). */
  private readonly personForms = new Set<string>();
  /** Names the text writes after "the" as a name of their own (lower case), built on first use. */
  private namesAfterThe: Set<string> | null = null;
  private personLikeOrgNames: Set<string> | null = null;
  private readonly writtenWords = new Map<string, boolean>();
  /** Maximal runs of letters and digits the text writes, built on first use. */
  private letterRuns: Set<string> | null = null;
  /** Whether a mention at an offset is the one told or interviewed, once per offset. */
  private readonly addressees = new Map<number, boolean>();

  constructor(
    text: string,
    entities: Entity[],
    private readonly quotations: Span[],
    /** 'male' / 'female' for a first name the name lists know (from the NER model's gazetteer). */
    private readonly firstNameGender: (firstName: string) => 'male' | 'female' | null = () => null,
    /** Whether a name is a place the name lists know (from the NER model's gazetteer). */
    private readonly isPlaceName: (name: string) => boolean = () => false,
    /** Collects the ids of the agreement rules that applied. */
    private readonly trace?: Set<string>,
    /** The article's sentences in order (pronouns opening a sentence prefer the subject of the one before). */
    private readonly sentences: readonly Span[] = [],
  ) {
    this.text = text;
    this.quotationSpans = new SpanSet(quotations);
    for (const e of entities) {
      if (e.type === 'LOCATION') for (const n of [e.name, ...e.aliases]) this.placeForms.add(n.toLowerCase());
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
        index: this.referents.length,
        spoken: [],
      };
      if (e.type === 'PERSON') {
        const last = e.name.split(/\s+/).pop();
        if (last) ref.forms.add(last.toLowerCase());
      }
      if (e.role) this.addRole(ref, e.role.toLowerCase());
      if (e.nationality) ref.nationalities.add(e.nationality.toLowerCase());
      for (const m of e.mentions) this.learnContext(ref, m.start, m.end);
      this.addReferent(ref);
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

  private readonly reported = new SpanSet();

  /** Content of a reported-speech quote already attributed: names in it are not pronoun antecedents. */
  addReportedContent(span: Span): void {
    this.reported.add(span);
  }

  private insideQuotation(pos: number): boolean {
    return this.quotationSpans.has(pos);
  }

  private addReferent(ref: Referent): void {
    this.referents.push(ref);
    if (ref.type === 'PERSON') for (const form of ref.forms) this.personForms.add(form);
    for (const form of ref.forms) {
      const list = this.byForm.get(form);
      if (list) list.push(ref);
      else this.byForm.set(form, [ref]);
    }
    if (this.candidatesBuilt) this.regroup(ref);
  }

  private addRole(ref: Referent, role: string): void {
    ref.roles.add(role);
    const set = this.byRole.get(role);
    if (set) set.add(ref);
    else this.byRole.set(role, new Set([ref]));
  }

  private setGender(ref: Referent, gender: Gender): void {
    ref.gender = gender;
    if (this.candidatesBuilt) this.regroup(ref);
  }

  /** Titles/nationalities written before a mention, and appositions after it ("X, the Belarusian president,"). */
  private learnContext(ref: Referent, start: number, end: number): void {
    const before = this.text.slice(Math.max(0, start - 60), start);
    const pre = lastWordsOf(before);
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
      else if (TITLES.has(lw) && !NON_ROLE_TITLES.has(lw)) this.addRole(ref, lw);
    }
    const lower = desc.toLowerCase();
    if (/prime minister/.test(lower)) this.addRole(ref, 'prime minister');
    if (ref.gender === null) {
      const gender = FEMALE_HINTS.test(desc) ? 'f' : MALE_HINTS.test(desc) ? 'm' : null;
      if (gender) this.setGender(ref, gender);
    }
  }

  /** Finds or creates the referent for a name written in the text (when the NER missed it). */
  private referentForName(nameSpan: Span): Referent {
    const raw = this.text.slice(nameSpan.start, nameSpan.end);
    const name = stripTitles(raw);
    const lower = name.toLowerCase();
    const last = name.split(/\s+/).pop()!.toLowerCase();
    const exact = this.byForm.get(lower)?.[0];
    if (exact) return exact;
    const bySurname = (this.byForm.get(last) ?? []).filter((r) => r.type === 'PERSON');
    if (bySurname.length === 1) return bySurname[0]!;
    // Not known: the fullest form the text uses for this surname is the canonical name.
    let canonical = name;
    for (const full of this.fullNamesEndingIn(name.split(/\s+/).pop()!)) {
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
      index: this.referents.length,
      spoken: [],
    };
    const at = this.text.indexOf(canonical);
    if (at >= 0) this.learnContext(ref, at, at + canonical.length);
    this.learnContext(ref, nameSpan.start, nameSpan.end);
    this.addReferent(ref);
    return ref;
  }

  /** Names the text writes as 1–3 capitalised words before `surname` (titles stripped), once per surname. */
  private fullNamesEndingIn(surname: string): string[] {
    let names = this.fullNamesBySurname.get(surname);
    if (!names) {
      // Name words before the surname (an initial may carry a period; other words may not: "Rangers. It"
      // is two sentences): fullNameAt matches what the sticky pattern
      // /((?:(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]*)[ \t]+){1,3})<surname>\b/uy would.
      names = [];
      // What `text.matchAll` with this regex (flags gu) returns, without scanning the whole text for
      // every surname: a match ends with the surname right after a blank, and starts at most three
      // blank-separated words before it; so only the starts near such places are tried, left to right,
      // each match resuming after the one before (a start rejected near one place is rejected anywhere).
      let resume = 0;
      for (const at of this.placesAfterBlank(surname)) {
        if (at <= resume) continue;
        for (let p = Math.max(resume, threeWordsBefore(this.text, at)); p < at; p++) {
          if (isTrailingSurrogate(this.text, p)) continue; // not a start a unicode scan would try
          if (!startsUppercase(this.text, p)) continue; // every name word begins with \p{Lu}
          const found = fullNameAt(this.text, p, surname);
          if (found === null) continue;
          names.push(stripTitles(found));
          resume = p + found.length;
          break;
        }
      }
      this.fullNamesBySurname.set(surname, names);
    }
    return names;
  }

  /** Offsets where `word` is written right after a space or tab and ends at a word boundary (`\\b`). */
  private placesAfterBlank(word: string): number[] {
    this.afterBlank ??= blankIndex(this.text);
    const { slots, starts, offsets } = this.afterBlank;
    const slot = slots.get(/^[A-Za-z0-9_]*/.exec(word)![0] || word.charAt(0));
    const out: number[] = [];
    if (slot === undefined) return out;
    for (let i = starts[slot]!; i < starts[slot + 1]!; i++) {
      const at = offsets[i]!;
      if (this.text.startsWith(word, at) && isWordBoundary(this.text, at + word.length)) out.push(at);
    }
    return out;
  }

  /** Whether the text writes this lower-case word as a word (`\bword\b`), answered once per word. */
  private writesLowercase(word: string): boolean {
    let found = this.writtenLowercase.get(word);
    if (found === undefined) {
      if (/^[A-Za-z0-9_]+$/.test(word)) {
        // For a word of ASCII word characters, \bword\b matches exactly a maximal run of them.
        this.asciiWords ??= wordSet(this.text, /[A-Za-z0-9_]+/g);
        found = this.asciiWords.has(word);
      } else {
        found = new RegExp(`\\b${escapeRe(word)}\\b`, 'u').test(this.text);
      }
      this.writtenLowercase.set(word, found);
    }
    return found;
  }

  /** A mention's kind, with what the text says about the words in it. */
  private kindOf(mention: string, known: boolean): MentionKind {
    const kind = mentionKind(mention);
    if (kind !== 'name' || known) return kind;
    // A lone capitalised word the text also writes in lowercase, with no entity of that name, is a common
    // noun opening the sentence ("Concerns were raised about …"), not a name.
    if (/^\p{Lu}\p{Ll}+$/u.test(mention) && this.writesLowercase(mention.toLowerCase())) return 'description';
    // "president of Netcraft": a title over a name is a role of it, a description (not the name "of Netcraft").
    return /^(?:of|for|at)\s/.test(stripTitles(mention)) ? 'description' : kind;
  }

  /**
   * Resolves a speaker mention at [start, end). `content`: what the speaker says — nobody named in it
   * is the antecedent of its pronoun ("The EU was imposing new standards, it noted" is not the EU).
   */
  resolve(start: number, end: number, content?: Span): Speaker {
    // A possessive speaker ("Fidel Castro's decision to …") is the name without its 's.
    if (/\S['’]s$/.test(this.text.slice(start, end))) end -= 2;
    const named = this.nameAfterArticle(start, end);
    if (named) start = named.start;
    const mention = this.text.slice(start, end);
    const known = this.isKnownWholeName(mention);
    const kind = named ? 'name' : this.kindOf(mention, known);
    let ref: Referent | null = named?.ref ?? null;
    let span: Span = { start, end };
    if (named) this.learnContext(named.ref, start, end);
    else if (kind === 'name') {
      // The mention covers the name itself, without titles ("President Alexander Lukashenko" → "Alexander Lukashenko").
      // (Unless the whole mention is a known name: "Swiss Re", "British Airways".)
      if (!known) span = nameOnly(this.text, start, end);
      ref = this.referentForName(span);
      this.learnContext(ref, span.start, span.end);
    } else if (kind === 'pronoun') {
      ref = this.resolvePronounMention(mention, start, end, content ?? null);
    } else {
      ref = this.resolveDescription(mention, start);
      if (!ref && firstMatch(PLURAL_DESCRIPTION_RULES, mention, this.trace)) this.addGroupMention(start);
    }
    const out: Speaker = {
      mention: this.text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      name: ref?.name ?? null,
      entityId: ref?.entityId ?? null,
      resolution: ref ? kind : 'unresolved',
    };
    if (ref) this.addHistory(ref, start);
    return out;
  }

  /**
   * Where the name starts in "the" + a name the article's people and organisations go by ("The Liberal
   * Democrats said", "the EU said"): the name is the speaker, not a description of one.
   */
  private nameAfterArticle(start: number, end: number): { start: number; ref: Referent } | null {
    const article = /^the\s+(?=\p{Lu})/iu.exec(this.text.slice(start, end));
    if (!article) return null;
    const rest = this.text.slice(start + article[0].length, end).toLowerCase();
    const ref = this.byForm.get(rest)?.find((r) => r.entityId);
    return ref ? { start: start + article[0].length, ref } : null;
  }

  /**
   * A mention some referent is known by as a whole, titles and all ("Swiss Re", "British Airways"), so no
   * title is cut from it. A titled alias of a person known without the title ("Mayor Alice Brown" beside
   * "Alice Brown") is not: the mention is then the name alone.
   */
  private isKnownWholeName(mention: string): boolean {
    const lower = mention.toLowerCase();
    const bare = stripTitles(mention).toLowerCase();
    return (this.byForm.get(lower) ?? []).some((r) => bare === lower || !r.forms.has(bare));
  }

  private addHistory(ref: Referent, pos: number): void {
    const candidate = { pos, order: this.historyLength++, ref };
    sortedInsert(ref.spoken, pos, (a, b) => a - b);
    const entries = this.historyOrders.get(ref);
    if (entries) entries.push(candidate);
    else this.historyOrders.set(ref, [candidate]);
    if (this.candidatesBuilt) this.addCandidate(candidate);
  }

  /** The latest offset before `pos` where the referent was mentioned or resolved as a speaker, or -1. */
  private lastSeenBefore(ref: Referent, pos: number): number {
    const positions = this.positionsOf(ref);
    const i = lastBefore(positions, pos, (p) => p);
    const j = lastBefore(ref.spoken, pos, (p) => p);
    return Math.max(i >= 0 ? positions[i]! : -1, j >= 0 ? ref.spoken[j]! : -1);
  }

  /** Gender suggested by a full name's first name ("Hillary Clinton" → f), when the name lists know it. */
  private nameGender(name: string): Gender {
    const g = this.firstNameGender(name.split(/\s+/)[0]!);
    return g === 'male' ? 'm' : g === 'female' ? 'f' : null;
  }

  /**
   * The most recent referent before `pos` the pronoun can point to: an organisation for they/we/it, else a
   * person of a compatible gender, not named inside reported content. Candidates are kept per group, so
   * the search walks back only through compatible ones.
   */
  private resolvePronoun(pronoun: string, pos: number, content: Span | null): Referent | null {
    // "I think …", "we believe …" in narration are the writer's, whom the text does not name.
    if (pronoun === 'i' || pronoun === 'we') return null;
    const gender: Gender = pronoun === 'he' ? 'm' : pronoun === 'she' ? 'f' : null;
    const groups = pronounGroups(pronoun, gender);
    const found =
      this.subjectOfSentenceBefore(groups, pos, content) ?? this.latestCandidate(groups, pos, content);
    // "Critics said …; they added": a group the text describes but does not name.
    if (found?.anonymous) return null;
    if (found && gender && !found.gender) this.setGender(found, gender);
    return found;
  }

  /** A pronoun mention: "It is thought …" (impersonal) points at nobody; a possessive as its pronoun. */
  private resolvePronounMention(
    mention: string,
    start: number,
    end: number,
    content: Span | null,
  ): Referent | null {
    if (IMPERSONAL_IT.test(this.text.slice(start, end + 30))) return null;
    const lower = mention.toLowerCase();
    return this.resolvePronoun(POSSESSIVE_PRONOUNS[lower] ?? lower, start, content);
  }

  /** A plural description resolved to nobody ("critics", "the officials"): a later "they" may be them. */
  private addGroupMention(pos: number): void {
    this.buildCandidates();
    const ref: Referent = {
      name: '',
      entityId: null,
      type: 'ORGANIZATION',
      forms: new Set(),
      roles: new Set(),
      nationalities: new Set(),
      gender: null,
      positions: [],
      index: -1,
      spoken: [],
      anonymous: true,
    };
    this.groupOf.set(ref, 'group');
    this.addCandidate({ pos, order: this.historyLength++, ref });
  }

  /**
   * The latest candidate before `pos` in any of the groups (at one offset the earliest order), skipping
   * entries whose referent moved to another group and people named inside reported content.
   */
  private latestCandidate(
    groups: readonly CandidateGroup[],
    pos: number,
    content: Span | null,
  ): Referent | null {
    for (const c of this.candidatesBefore(groups, pos, content)) return c.ref;
    return null;
  }

  /** Compatible candidates before `pos`, latest first. */
  private *candidatesBefore(
    groups: readonly CandidateGroup[],
    pos: number,
    content: Span | null,
  ): Generator<Candidate> {
    this.buildCandidates();
    const lists = groups.map((g) => this.candidates.get(g) ?? []);
    const next = lists.map((list) => lastBefore(list, pos, (c) => c.pos));
    for (;;) {
      const pick = this.latestAmong(groups, lists, next);
      if (pick < 0) return;
      const c = lists[pick]![next[pick]!--]!;
      // Someone named inside what was reported ("… following in the footsteps of Farrell") is talked
      // about, not the one talking.
      // Nor anyone named in what this speaker says.
      if (!this.reported.has(c.pos) && !(content && content.start <= c.pos && c.pos < content.end)) yield c;
    }
  }

  /**
   * For a pronoun opening its sentence, the first compatible referent of the sentence before — its subject
   * rather than an object named after it: "Mr Blair has been closer to President Bush than anyone. He
   * said …" is Blair. Null when the pronoun does not open its sentence or that sentence names no one it fits.
   */
  private subjectOfSentenceBefore(
    groups: readonly CandidateGroup[],
    pos: number,
    content: Span | null,
  ): Referent | null {
    const own = firstHolding(this.sentences, pos);
    const before = own > 0 ? this.sentences[own - 1]! : null;
    if (!before || !/^[\s"“‘'(]*$/u.test(this.text.slice(this.sentences[own]!.start, pos))) return null;
    let first: Candidate | null = null;
    for (const c of this.candidatesBefore(groups, pos, content)) {
      if (c.pos < before.start) break;
      if (c.pos < before.end) first = c;
    }
    return first && this.inSubjectPosition(before, first.pos) ? first.ref : null;
  }

  /**
   * Whether a mention at `pos` can be its sentence's subject: among the sentence's first eight words
   * (after a quotation opening it: "“…,” the ministry said") and not a possessor ("Plaid Cymru's
   * spokesman Dai Lloyd").
   */
  private inSubjectPosition(sentence: Span, pos: number): boolean {
    const { text } = this;
    if (POSSESSOR.test(text.slice(pos, pos + 80))) return false;
    const opening = this.quotations[firstHolding(this.quotations, sentence.start + 1)];
    const from =
      opening && opening.start <= sentence.start + 2 && opening.end <= pos ? opening.end : sentence.start;
    return (text.slice(from, pos).match(/[\p{L}\p{N}]+/gu) ?? []).length <= 8;
  }

  /** Which list's current entry is latest (-1: all exhausted); stale entries are skipped on the way. */
  private latestAmong(groups: readonly CandidateGroup[], lists: Candidate[][], next: number[]): number {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      while (next[i]! >= 0 && this.groupOf.get(lists[i]![next[i]!]!.ref) !== groups[i]) next[i]!--;
      if (next[i]! < 0) continue;
      const c = lists[i]![next[i]!]!;
      const best = pick >= 0 ? lists[pick]![next[pick]!]! : null;
      if (!best || c.pos > best.pos || (c.pos === best.pos && c.order < best.order)) pick = i;
    }
    return pick;
  }

  /**
   * The pronoun group of a referent as it is now: what the agreement rules say it is (a place, an
   * organisation, a group), else its type; for people, the gender by title, role or first name.
   */
  private groupFor(ref: Referent): CandidateGroup {
    if (ref.anonymous) return 'group';
    const kind = firstMatch(REFERENT_KIND_RULES, this.referentSite(ref), this.trace)?.result;
    const type: ReferentKind = kind ?? (ref.type === 'ORGANIZATION' ? 'org' : 'person');
    if (type !== 'person') return type;
    const g = ref.gender ?? this.nameGender(ref.name);
    return g === 'm' ? 'person-m' : g === 'f' ? 'person-f' : 'person';
  }

  private referentSite(ref: Referent): ReferentSite {
    const first = ref.name.split(/\s+/)[0] ?? '';
    return {
      name: ref.name,
      type: ref.type,
      gendered: ref.gender !== null,
      firstNameKnown: first !== '' && this.firstNameGender(first) !== null,
      isPlace: (name) => this.placeForms.has(name.toLowerCase()) || this.isPlaceName(name),
      isPlaceHere: (name) => this.placeForms.has(name.toLowerCase()),
      writtenAfterThe: (name) => this.writesAfterThe(name),
      writesWord: (word) => this.writesWord(word),
      isPersonName: (name) => this.isPersonName(name),
    };
  }

  /**
   * Whether a name is a person's: a person's form, or a two-word organisation whose second word is a
   * person's surname or is used alone as a name too ("Donald Trump" beside "Trump").
   */
  private isPersonName(name: string): boolean {
    const lower = name.toLowerCase();
    if (this.personForms.has(lower)) return true;
    if (!this.personLikeOrgNames) {
      this.personLikeOrgNames = new Set();
      for (const r of this.referents) {
        const ws = r.name.split(/\s+/);
        // A company is shortened to its first word ("Goldman"), a person to the last ("Trump").
        if (r.type !== 'ORGANIZATION' || ws.length !== 2 || !/^\p{Lu}\p{Ll}+$/u.test(ws[0]!)) continue;
        const surname = ws[1]!.toLowerCase();
        // The surname is a person's, or the text uses it alone as an organisation's name too.
        if (
          !this.personForms.has(surname) &&
          !(this.byForm.get(surname) ?? []).some((o) => o.type === 'ORGANIZATION')
        )
          continue;
        this.personLikeOrgNames.add(r.name.toLowerCase()).add(surname);
      }
    }
    return this.personLikeOrgNames.has(lower);
  }

  /** Whether the text writes "the <name>" before punctuation, "of" or a verb ("the Passion was …"). */
  private writesAfterThe(name: string): boolean {
    if (!this.namesAfterThe) {
      this.namesAfterThe = new Set();
      const re =
        /\b[Tt]he\s+((?:\p{Lu}[\p{L}'’&-]*\s+){0,4}\p{Lu}[\p{L}'’&-]*)(?=\s*(?:[,.;:!?)]|$)|\s+(?:of|is|was|are|were|has|had|have|said|says|will|would|can|could)\b)/gu;
      for (const m of this.text.matchAll(re)) this.namesAfterThe.add(m[1]!.toLowerCase());
    }
    return this.namesAfterThe.has(name.toLowerCase());
  }

  /** Whether the text writes this word, as written, as a word of its own. */
  private writesWord(word: string): boolean {
    let found = this.writtenWords.get(word);
    if (found === undefined) {
      if (/^[\p{L}\p{N}]+$/u.test(word)) {
        // A word of letters and digits alone is written as a word of its own when it is a maximal run of them.
        this.letterRuns ??= wordSet(this.text, /[\p{L}\p{N}]+/gu);
        found = this.letterRuns.has(word);
      } else {
        found = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(word)}(?![\\p{L}\\p{N}])`, 'u').test(this.text);
      }
      this.writtenWords.set(word, found);
    }
    return found;
  }

  private addCandidate(c: Candidate): void {
    const group = this.groupOf.get(c.ref)!;
    let list = this.candidates.get(group);
    if (!list) this.candidates.set(group, (list = []));
    sortedInsert(list, c, byCandidateOrder);
  }

  /** Moves a referent's candidates to the group it now belongs to (its gender became known). */
  private regroup(ref: Referent): void {
    const group = this.groupFor(ref);
    if (this.groupOf.get(ref) === group) return;
    this.groupOf.set(ref, group); // entries left in the old group are skipped as stale
    for (const c of this.candidatesOf(ref)) this.addCandidate(c);
  }

  /**
   * A referent's resolved-speaker positions and its mentions, with their consideration order; a mention
   * as the one told or interviewed is no antecedent.
   */
  private candidatesOf(ref: Referent): Candidate[] {
    const order = HISTORY_ORDER_LIMIT + ref.index * POSITIONS_PER_REFERENT;
    const history = this.historyOrders.get(ref) ?? [];
    const mentions = ref.positions
      .map((pos, i) => ({ pos, order: order + i, ref }))
      .filter((c) => !this.isAddressee(c.pos));
    return [...history, ...mentions];
  }

  private isAddressee(pos: number): boolean {
    // (The trace got the rule's id when it first matched here.)
    let found = this.addressees.get(pos);
    if (found === undefined) {
      const before = this.text.slice(Math.max(0, pos - 40), pos);
      found = firstMatch([addresseeNotAntecedent], { before }, this.trace) !== null;
      this.addressees.set(pos, found);
    }
    return found;
  }

  private buildCandidates(): void {
    if (this.candidatesBuilt) return;
    this.candidatesBuilt = true;
    // Appended, then sorted once: a stable sort leaves ties in insertion order, as addCandidate's
    // sorted inserts did (one insert per candidate shifted the list: quadratic in the article).
    for (const ref of this.referents) {
      const group = this.groupFor(ref);
      this.groupOf.set(ref, group);
      let list = this.candidates.get(group);
      if (!list) this.candidates.set(group, (list = []));
      list.push(...this.candidatesOf(ref));
    }
    for (const list of this.candidates.values()) list.sort(byCandidateOrder);
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
    if (!head) return this.organisationDescribed(desc, last, pos);
    const nationalities = desc
      .split(/\s+/)
      .filter(isNationalityWord)
      .map((w) => w.toLowerCase());
    // The people with that role (for "leader", any leader's role), in the order they were introduced.
    const withRole = new Set(this.byRole.get(head));
    if (head === 'leader')
      for (const role of LEADER_ROLES) for (const r of this.byRole.get(role) ?? []) withRole.add(r);
    let best: Referent | null = null;
    let bestPos = -1;
    for (const r of [...withRole].sort((a, b) => a.index - b.index)) {
      if (r.type !== 'PERSON') continue;
      if (nationalities.some((n) => !r.nationalities.has(n))) continue;
      const last = this.lastSeenBefore(r, pos);
      if (last < 0) continue;
      if (last > bestPos) {
        best = r;
        bestPos = last;
      }
    }
    return best;
  }

  /**
   * "The company said", "the Swedish firm added": a business described by its kind alone (at most a
   * capitalised word before it) is the organisation last mentioned, as "it" would be. Not "a bank" (some
   * other bank), nor a description that singles one out ("the central bank", "the UK's biggest lender").
   */
  private organisationDescribed(desc: string, head: string | undefined, pos: number): Referent | null {
    if (!head || !BUSINESS_KIND_NOUNS.has(head)) return null;
    if (!/^[Tt]he\s+(?:\p{Lu}[\p{L}.-]*\s+)?\p{L}+$/u.test(desc.trim())) return null;
    return this.salientOrganisation(pos);
  }

  /**
   * Of the last few organisations mentioned before `pos`, the one mentioned most so far (the latest on a
   * tie): "the company" is the one the story is about, not a regulator or news agency named in between.
   */
  private salientOrganisation(pos: number): Referent | null {
    this.buildCandidates();
    const list = this.candidates.get('org') ?? [];
    const recent: Referent[] = [];
    for (let i = lastBefore(list, pos, (c) => c.pos); i >= 0 && recent.length < RECENT_ORGANISATIONS; i--) {
      const c = list[i]!;
      if (this.groupOf.get(c.ref) === 'org' && !this.reported.has(c.pos) && !recent.includes(c.ref))
        recent.push(c.ref);
    }
    let best: Referent | null = null;
    let bestCount = 0;
    for (const ref of recent) {
      const count = this.mentionsBefore(ref, pos);
      if (count > bestCount) [best, bestCount] = [ref, count];
    }
    return best;
  }

  /** How many times the referent was mentioned before `pos`. */
  private mentionsBefore(ref: Referent, pos: number): number {
    return lastBefore(this.positionsOf(ref), pos, (p) => p) + 1;
  }

  /** The offsets where the referent was mentioned, sorted (once per referent). */
  private positionsOf(ref: Referent): number[] {
    let positions = this.sortedPositions.get(ref);
    if (!positions) this.sortedPositions.set(ref, (positions = [...ref.positions].sort((a, b) => a - b)));
    return positions;
  }
}

/** How many of the latest organisations "the company" may be (the most mentioned of them). */
const RECENT_ORGANISATIONS = 6;
/** Nouns for a kind of business ("firm", "carmaker", "airline"): the recogniser's organisation kinds, less the lexicon's NOT_THE_LAST_ORGANISATION. */
const BUSINESS_KIND_NOUNS: ReadonlySet<string> = new Set(
  [...ONE_BEFORE]
    .filter(([word, cue]) => cue === Cue.OrgBefore && !NOT_THE_LAST_ORGANISATION.has(word))
    .map(([word]) => word),
);

/** The candidate groups a pronoun may point to: organisations for they/it, people of its gender otherwise. */
function pronounGroups(pronoun: string, gender: Gender): CandidateGroup[] {
  if (pronoun === 'they') return ['org', 'group'];
  if (pronoun === 'it') return ['org'];
  if (gender === 'm') return ['person-m', 'person'];
  if (gender === 'f') return ['person-f', 'person'];
  return ['person-m', 'person-f', 'person'];
}

/** Consideration order of pronoun candidates: speakers resolved so far, then each referent's mentions. */
const HISTORY_ORDER_LIMIT = 2 ** 40;
const POSITIONS_PER_REFERENT = 2 ** 24;

/** Pronoun candidates by offset and, at one offset, by consideration order descending. */
const byCandidateOrder = (a: Candidate, b: Candidate) => a.pos - b.pos || b.order - a.order;

/** The distinct matches of a global regex in a text (no array of every match). */
function wordSet(text: string, re: RegExp): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(re)) out.add(m[0]);
  return out;
}

const isAsciiWordChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/** `\b` at an offset, as a regex with the u flag (and no i flag) sees it: ASCII word characters. */
function isWordBoundary(text: string, at: number): boolean {
  const before = at > 0 && isAsciiWordChar(text.charAt(at - 1));
  const after = at < text.length && isAsciiWordChar(text.charAt(at));
  return before !== after;
}

const isTrailingSurrogate = (text: string, at: number) =>
  at > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(at)) && /[\uD800-\uDBFF]/.test(text.charAt(at - 1));

/** Whether the code point at `at` is an uppercase letter (`\p{Lu}`), without a regex for ASCII. */
function startsUppercase(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(text.slice(at, at + 2));
}

/** Where the third blank-separated word before `at` starts (name words hold no blank and no line break). */
function threeWordsBefore(text: string, at: number): number {
  let i = at;
  for (let words = 0; words < 3; words++) {
    let j = i;
    while (j > 0 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
    if (j === i) break; // no blank: no name word before this one
    i = j;
    while (i > 0 && text[i - 1] !== ' ' && text[i - 1] !== '\t' && text[i - 1] !== '\n') i--;
  }
  return i;
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
