// Pronoun agreement: what a referent a pronoun may point back to is — a person (he, she), an organisation
// (it, they), a group of people (they), or nothing a pronoun speaks for (a place, a day, a word that is no
// name) — and which of its mentions can be an antecedent at all. The speaker resolver asks these rules
// in order; the first that applies decides. Gender agreement (a title, a first name) is decided in
// speakers.ts from the same lexicon hints; these rules add animacy and number.
//
// The examples run through the whole extractor without entities from the NER (tests/unit/quote-rules):
// the names in them are the ones the resolver learns from the text itself.
import {
  ADDRESSEE_VERBS,
  GROUP_NOUNS,
  HONORIFICS,
  ORGANISATION_HEADS,
  PARTY_WORDS,
  PLACE_ABBREVIATION,
  WEEKDAYS_AND_MONTHS,
  isCountryName,
  isNationalityWord,
} from '../../lexicon/index.js';
import type { Rule } from './rule.js';

/** What a referent is for pronoun agreement. */
export type ReferentKind = 'person' | 'org' | 'group' | 'none';

/** A referent as the agreement rules see it. */
export interface ReferentSite {
  name: string;
  /** What the NER (or, for a name it missed, the resolver) typed it as. */
  type: 'PERSON' | 'ORGANIZATION';
  /** The referent is known to be a man or a woman (a title, a first name, a gendered role). */
  gendered: boolean;
  /** The first word is a first name the name lists know. */
  firstNameKnown: boolean;
  /** Whether a name is a place the NER found in this text or its gazetteer lists. */
  isPlace: (name: string) => boolean;
  /** Whether a name is a place the NER found in this text. */
  isPlaceHere: (name: string) => boolean;
  /** Whether the text writes "the <name>" as a name of its own ("the Passion was …", "the Policy Center."). */
  writtenAfterThe: (name: string) => boolean;
  /** Whether the text writes this capitalised word as a word of its own. */
  writesWord: (word: string) => boolean;
  /**
   * Whether a name is a person's as the text uses it: a person's name or surname, or a two-word name
   * whose last word the text also uses alone as a name ("Donald Trump" … "Trump").
   */
  isPersonName: (name: string) => boolean;
}

const words = (name: string) => name.split(/\s+/).filter(Boolean);
const isOneWord = (name: string) => words(name).length === 1;

export const referentIsPlace: Rule<ReferentSite, ReferentKind> = {
  id: 'referent-a-place',
  description:
    'A place ("France", "Washington D.C.") is no antecedent of he, she, it or they, unless the text shows it is a person.',
  examples: {
    match: ['France said it would sign. “We are ready,” he added.'],
    noMatch: ['Alice Brown said she would sign. “We are ready,” she added.'],
  },
  apply: (r) => {
    if (PLACE_ABBREVIATION.test(r.name) && !/\s(?:Jr|Sr)\.$/.test(r.name)) return 'none';
    if (isCountryName(r.name)) return 'none';
    // A person's name the gazetteer also lists as a place ("Obama", "Clinton", "Lincoln") stays a person
    // unless the NER found the place in this text, and then only without a title or a first name.
    const place = r.type === 'PERSON' ? r.isPlaceHere(r.name) : r.isPlace(r.name);
    if (!place) return null;
    if (r.type === 'PERSON' && (r.gendered || r.firstNameKnown)) return null;
    return 'none';
  },
};

export const referentNotAName: Rule<ReferentSite, ReferentKind> = {
  id: 'referent-not-a-name',
  description:
    'A weekday or a month, a contraction ("I\'ve"), a title alone ("Mr.") or a phrase opening in lowercase is no one a pronoun speaks for.',
  examples: {
    match: ['Friday said the bridge would open. “It is ready,” he said.'],
    noMatch: ['Alice Brown said the bridge would open. “It is ready,” she said.'],
  },
  apply: (r) => {
    const first = words(r.name)[0] ?? '';
    if (/^\p{Ll}/u.test(first) || /['’](?:ve|m|re|ll|d)$|n['’]t$/i.test(first)) return 'none';
    if (isOneWord(r.name) && WEEKDAYS_AND_MONTHS.has(r.name.toLowerCase())) return 'none';
    return HONORIFICS.has(r.name.toLowerCase().replace(/\.$/, '')) ? 'none' : null;
  },
};

export const referentOrganisationHead: Rule<ReferentSite, ReferentKind> = {
  id: 'referent-organisation-head',
  description:
    'A name ending in an organisation\'s head word ("Policy Center", "British Chambers", "Financial Times") is an organisation: it, not he or she.',
  examples: {
    match: ['Policy Center said taxes would rise. “They will rise,” he said.'],
    noMatch: ['Alice Brown said taxes would rise. “They will rise,” she said.'],
  },
  apply: (r) => {
    if (r.type !== 'PERSON' || r.gendered) return null;
    const ws = words(r.name);
    const last = ws[ws.length - 1]!.toLowerCase().replace(/\.$/, '');
    if (!ORGANISATION_HEADS.has(last)) return null;
    // "John Court", "Mary Bank": a known first name before it makes a person.
    return ws.length > 1 && r.firstNameKnown ? null : 'org';
  },
};

export const referentWrittenAfterThe: Rule<ReferentSite, ReferentKind> = {
  id: 'referent-written-after-the',
  description:
    'A name the text writes after "the" ("the Passion was …", "the Dorset Echo said") names a thing or a body, not a person.',
  examples: {
    match: ['The Aviator was a hit. Aviator said sales rose. “It is,” he added.'],
    noMatch: ['Alice Brown said the film was too violent. “It is brutal,” she added.'],
  },
  apply: (r) =>
    r.type === 'PERSON' && !r.gendered && !r.firstNameKnown && r.writtenAfterThe(r.name) ? 'org' : null,
};

export const referentPluralGroup: Rule<ReferentSite, ReferentKind> = {
  id: 'referent-plural-group',
  description:
    'A plural name of people ("Republicans", "Birchers", "Americans") is a group: they, never he or she.',
  examples: {
    match: ['A Republican spoke first. Republicans said the bill would pass. “It will pass,” he said.'],
    noMatch: ['Alice Brown said the bill would pass. “It will pass,” she said.'],
  },
  apply: (r) => {
    if (r.type !== 'PERSON' || !isOneWord(r.name) || r.gendered) return null;
    const lower = r.name.toLowerCase();
    if (!/[^s]s$/.test(lower) || /(?:ss|us|is)$/.test(lower)) return null;
    const singular = r.name.slice(0, -1);
    const isGroupWord =
      isNationalityWord(singular) || PARTY_WORDS.has(lower) || PARTY_WORDS.has(singular.toLowerCase());
    return isGroupWord || r.writesWord(singular) ? 'group' : null;
  },
};

export const organisationNamedLikePerson: Rule<ReferentSite, ReferentKind> = {
  id: 'organisation-named-like-person',
  description:
    'An organisation named like a person ("Trump" beside "Donald Trump") is ambiguous: not the it or they who speaks.',
  examples: {
    match: [
      'Donald Trump spoke. Trump said in a statement that sales rose, and Donald Trump agreed. “Sales rose,” it said.',
    ],
    noMatch: ['Acme Corp said sales rose. “Sales rose,” it said.'],
  },
  apply: (r) => (r.type === 'ORGANIZATION' && r.isPersonName(r.name) ? 'none' : null),
};

/** The rules that say what a referent is for pronoun agreement, in order (none applies: its NER type). */
export const REFERENT_KIND_RULES: readonly Rule<ReferentSite, ReferentKind>[] = [
  referentNotAName,
  referentIsPlace,
  organisationNamedLikePerson,
  referentOrganisationHead,
  referentPluralGroup,
  referentWrittenAfterThe,
];

/** A mention of a referent with the text before it. */
export interface MentionSite {
  /** Up to 40 characters of text before the mention. */
  before: string;
}

export const addresseeNotAntecedent: Rule<MentionSite, true> = {
  id: 'addressee-not-antecedent',
  description:
    'Whoever is told or interviewed ("told the AFP news agency", "in an interview with Reuters") is the listener: no antecedent of the pronoun that speaks next.',
  examples: {
    match: ['Nasa told Reuters the launch was off. “It is off,” it said.'],
    noMatch: ['Nasa said the launch was off. “It is off,” it said.'],
  },
  apply: ({ before }) => {
    const m = /\b([\p{L}]+)\s+(?:the\s+)?$/iu.exec(before);
    if (!m) return null;
    const w = m[1]!.toLowerCase();
    if (ADDRESSEE_VERBS.has(w)) return true;
    return /\b(?:interview\s+with|spoke\s+to|speaking\s+to|talking\s+to|said\s+to)\s+(?:the\s+)?$/i.test(
      before,
    )
      ? true
      : null;
  },
};

/** The head of a description: its last word before a prepositional phrase ("officials at the ministry"). */
function headOf(mention: string): string {
  const ws = mention.toLowerCase().split(/\s+/).filter(Boolean);
  const pp = ws.findIndex((w, i) => i > 0 && /^(?:of|for|at|in|from|with|on|under)$/.test(w));
  return (ws[(pp > 0 ? pp : ws.length) - 1] ?? '').replace(/[’']s?$/, '');
}

export const pluralDescription: Rule<string, true> = {
  id: 'plural-description-antecedent',
  description:
    'A speaker described as a group and named nowhere ("Critics said", "the officials said") is who a later "they" means: it stays unnamed rather than going to an organisation before them.',
  examples: {
    match: ['The Acme Corp plan was published. Critics said it was unfair. “It is unfair,” they said.'],
    noMatch: ['The Acme Corp plan was published. The mayor said it was unfair. “It is unfair,” he said.'],
  },
  apply: (mention) => {
    const head = headOf(mention);
    if (GROUP_NOUNS.has(head)) return true;
    // A plural head noun in lowercase: "the judges", "many economists" (not "the press", "the status").
    return /^\p{Ll}+[^s]s$/u.test(head) && !/(?:ss|us|is|ics|news|series)$/.test(head) ? true : null;
  },
};

/** Rules that make an unnamed speaker a group a later "they" may mean. */
export const PLURAL_DESCRIPTION_RULES: readonly Rule<string, true>[] = [pluralDescription];
