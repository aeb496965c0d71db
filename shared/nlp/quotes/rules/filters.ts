// Filters: what the attribution tagger proposes is checked against these before it becomes a quote (and
// a few of them fix up its source), and a quote nobody can be named for is dropped when it reads as
// noise. A filter returns 'drop', changes to the candidate, or null when it does not apply.
//
// The candidate filters' examples mark what the tagger proposed: [[S source]], [[C cue]], [[Q content]],
// and [[F …]] an earlier proposal of the tagger that used the same cue.
import type { Span } from '../../../domain/schema.js';
import {
  ENDS_WITH_HONORIFIC,
  NON_CONTENT_OPENERS,
  NON_CUE_FUNCTION_WORDS,
  QUESTIONED_PARTICIPLE,
  SPEAKER_PHRASE_TAILS,
  AUXILIARIES,
  FUNCTION_WORDS_ALONE,
  NAMING_WORDS,
  TIME_ADVERBS,
  WORK_NOUNS,
  cueClass,
  isCueVerb,
  words,
} from '../../lexicon/index.js';
import type { Draft, QuoteDoc } from '../draft.js';
import { isNonSpeakerWord, npBackward } from '../phrases.js';
import { loadChrono } from '../../ner/chrono.js';
import type { Sentence } from '../../segment.js';
import { anyOverlaps, anyStartingIn } from '../span-index.js';
import { overlaps, spanOf, type Tok } from '../tokens.js';
import type { Rule } from './rule.js';

/** An attribution the tagger proposed, on its way to becoming a quote. */
export interface Candidate {
  doc: QuoteDoc;
  /** The rules' drafts (the tagger only adds what they missed). */
  drafts: readonly Draft[];
  /** The tagger's drafts accepted so far in the document. */
  found: readonly Draft[];
  /** The sentences of the paragraph. */
  sentences: readonly Sentence[];
  start: number;
  end: number;
  /** The content is a whole quotation (its marks stripped). */
  direct: boolean;
  /** Words the tagger tagged as content (before any run-on to the clause end). */
  taggedWords: number;
  cue: Span | null;
  source: Span | null;
  antecedent?: Span;
  /** Tokens of the sentence holding a position. */
  sentenceTokensAt: (pos: number) => Tok[];
  /** The phrase a relative pronoun at a position stands for. */
  antecedentAt: (pos: number) => Span | null;
}

export type CandidateEffect = 'drop' | Partial<Pick<Candidate, 'start' | 'end' | 'source' | 'antecedent'>>;
export type CandidateRule = Rule<Candidate, CandidateEffect>;

const sliceOf = (c: Candidate, s: Span | null) => (s ? c.doc.text.slice(s.start, s.end) : '');
const isMixed = (c: Candidate) => anyStartingIn(c.doc.quotations, c.start, c.end);
// Spans of drafts and quotations for anyOverlaps (one function each: its index is cached per list).
const itself = (s: Span) => s;
const cueOf = (d: Draft) => d.cue;
const speakerOf = (d: Draft) => d.speakerSpan;

export const contentToClauseEnd: CandidateRule = {
  id: 'model-content-to-clause-end',
  description:
    'Reported content the tagger cut mid-clause runs on to the next comma, semicolon or sentence end (not into a quotation).',
  examples: {
    match: [
      '[[S Officials]] [[C said]] that [[Q 74 percent of likely]] voters backed the plan, the poll showed.',
    ],
    noMatch: ['[[S Officials]] [[C said]] that [[Q 74 percent of likely voters backed the plan]].'],
  },
  apply: (c) => {
    const { text, quotations } = c.doc;
    const { start, end } = c;
    if (c.direct || !/^\s+[\p{L}\p{N}]/u.test(text.slice(end, end + 2))) return null;
    if (anyOverlaps(quotations, itself, start, end)) return null;
    const sent = c.sentences.find((x) => x.start <= end && end < x.end);
    if (!sent) return null;
    let e = end;
    while (e < sent.end && !/[.;!?,]/.test(text[e]!)) e++;
    if (e <= end || e - end >= 200 || /["“”«»]/.test(text.slice(end, e))) return null;
    while (e > start && /[\s,;:.—–-]/.test(text[e - 1]!)) e--;
    return { end: e };
  },
};

export const tooShort: CandidateRule = {
  id: 'model-too-short',
  description: 'Content under three words (two when quoted) is not a quote: "the law", "Clinton".',
  examples: {
    match: ['[[S Clinton]] [[C criticised]] [[Q the law]] on Monday.'],
    noMatch: ['[[S Clinton]] [[C criticised]] [[Q the new tax law]] on Monday.'],
  },
  apply: (c) => (c.taggedWords < (c.direct || isMixed(c) ? 2 : 3) ? 'drop' : null),
};

/** A source cut after a title ("Mr" | "Elgindy had predicted …") runs on over the name that follows. */
export function withNameAfterTitle(text: string, source: Span): Span {
  if (!ENDS_WITH_HONORIFIC.test(text.slice(source.start, source.end))) return source;
  const name = /^\s+((?:\p{Lu}[\p{L}'’-]*\s?)+)/u.exec(text.slice(source.end, source.end + 60));
  return name ? { start: source.start, end: source.end + name[0].trimEnd().length } : source;
}

export const sourceNameAfterTitle: CandidateRule = {
  id: 'model-source-name-after-title',
  description: 'A source cut after a title runs on over the name: "Mr" | "Elgindy had predicted …".',
  examples: {
    match: ['[[S Mr]] Elgindy [[C had predicted]] [[Q that the shares would fall]].'],
    noMatch: ['[[S Mr Elgindy]] [[C had predicted]] [[Q that the shares would fall]].'],
  },
  apply: (c) => {
    if (!c.source) return null;
    const source = withNameAfterTitle(c.doc.text, c.source);
    return source === c.source ? null : { source };
  },
};

export const sourceNotASpeaker: CandidateRule = {
  id: 'model-source-not-a-speaker',
  description:
    'An article, an opening participle or a reporting verb tagged as the source ("said", "Addressing …").',
  examples: {
    match: [
      '[[S Addressing]] the crowd, the mayor [[C promised]] [[Q new jobs for the town]].',
      '[[S said]] the mayor, [[Q new jobs for the town]].',
    ],
    noMatch: ['Addressing the crowd, [[S the mayor]] [[C promised]] [[Q new jobs for the town]].'],
  },
  apply: (c) => {
    const s = sliceOf(c, c.source);
    return isNonSpeakerWord(s) || (/^\p{L}+$/u.test(s) && isCueVerb(s.toLowerCase())) ? 'drop' : null;
  },
};

/** Lowercase words that end a phrase with no noun head: adverbs and connectives ("really", "yet", "together"). */
const HEADLESS_TAIL = /^(?:\p{Ll}{2,}ly|together|yet|also|still|even|already|never|again)$/u;
/** Nouns in -ly, which can head a speaker phrase ("Scott's family"). */
const NOUNS_IN_LY = new Set(['family', 'ally', 'rally', 'assembly', 'monopoly', 'supply', 'anomaly']);

/** A tagged source whose last word cannot head a noun phrase: an adverb, a demonstrative, an adjective alone. */
function isHeadless(source: string): boolean {
  const words = source.split(/\s+/).filter((w) => w !== '');
  const last = words[words.length - 1];
  if (!last || !/^\p{Ll}/u.test(last) || NOUNS_IN_LY.has(last)) return false;
  if (HEADLESS_TAIL.test(last) || TIME_ADVERBS.has(last)) return true;
  // "the Supreme Court this", "Surety companies that": a phrase run on into the next clause.
  // Not "29% of those": a partitive's demonstrative stands for people.
  if (words.length > 1 && /^(?:this|that|these|those)$/.test(last) && words[words.length - 2] !== 'of')
    return true;
  // An adjective on its own ("discriminative", "dangerous").
  return words.length === 1 && /\p{Ll}{3}(?:ive|ous|ful|ible|able)$/u.test(last);
}

export const sourceWithoutHead: CandidateRule = {
  id: 'model-source-without-head',
  description:
    'A source with no noun to head it ("really", "yet", "his recently", "discriminative") is no speaker: the subject before the cue is tried instead.',
  examples: {
    match: [
      'The Republican nominee [[S really]] [[C says]] [[Q he wants to release his taxes]].',
      'Trump has [[S yet]] [[C to explain]] [[Q how his wife became a citizen]].',
    ],
    noMatch: ['[[S Local officials]] [[C said]] [[Q the bridge would open in May]].'],
  },
  apply: (c) => (c.source && isHeadless(sliceOf(c, c.source)) ? { source: null } : null),
};

/** Closed-class words that never stand for a speaker alone ("any", "whose", "had", "further"). */
const NEVER_A_SPEAKER_ALONE: ReadonlySet<string> = new Set([
  ...FUNCTION_WORDS_ALONE,
  ...AUXILIARIES,
  ...words('any no whose further'),
]);

/** A source with no word or number in it ("42%" is one), one word that never names anyone, or the writer's "let us". */
function isFragment(source: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(source)) return true;
  const first = /^\p{L}+/u.exec(source)?.[0].toLowerCase();
  if (first === 'let') return true;
  return source.toLowerCase() === first && NEVER_A_SPEAKER_ALONE.has(first);
}

export const sourceIsFragment: CandidateRule = {
  id: 'model-source-fragment',
  description:
    'A source that names nobody (punctuation alone, "let us", a lone "any" or "had") is no speaker: the subject before the cue is tried instead.',
  examples: {
    match: [
      'The [[S !]] [[C macro]] [[Q asserts that two values are equal]].',
      '[[S Let]] us [[C say]] [[Q that the test passes]].',
      'The plan had [[S any]] [[C support]] [[Q from the unions]].',
    ],
    noMatch: ['[[S Some]] [[C say]] [[Q the plan is doomed]].'],
  },
  apply: (c) => (c.source && isFragment(sliceOf(c, c.source)) ? { source: null } : null),
};

/** A date or a time as the whole source ("September", "last week", "on Monday"): no speaker. */
function isDate(source: string): boolean {
  if (/^(?:january|february|march|april|june|july|august|september|october|november|december)$/i.test(source))
    return true;
  // A lone capitalised word is left alone ("May" is a month and a name).
  if (/^\p{Lu}\p{Ll}+$/u.test(source)) return false;
  return isWholeChronoDate(source);
}

/** Answers of isWholeChronoDate so far: sources repeat ("he", "Mr Blair") and chrono is slow. */
const chronoAnswers = new Map<string, boolean>();

function isWholeChronoDate(source: string): boolean {
  let answer = chronoAnswers.get(source);
  if (answer === undefined) {
    // chrono-node's English parser, loaded on first use (chrono's root `parse` is the same parser).
    const parsed = loadChrono().parse(source);
    answer = parsed.length === 1 && parsed[0]!.text.length === source.length;
    if (chronoAnswers.size >= 10_000) chronoAnswers.clear(); // bounded memory
    chronoAnswers.set(source, answer);
  }
  return answer;
}

export const sourceIsADate: CandidateRule = {
  id: 'model-source-a-date',
  description: 'A date or a time tagged as the source is no speaker ("In September announced …").',
  examples: {
    match: [
      'In [[S September]] [[C announced]] [[Q that the plant would close next year]].',
      '[[S Last week]] [[C said]] [[Q that the plant would close next year]].',
    ],
    noMatch: ['[[S May]] [[C said]] [[Q that the plant would close next year]].'],
  },
  apply: (c) => (c.source && isDate(sliceOf(c, c.source)) ? 'drop' : null),
};

export const sourceRelativeClause: CandidateRule = {
  id: 'model-source-relative-clause',
  description:
    'A whole relative clause tagged as the source gives way to its antecedent: "Gerry Conlon - who was wrongly convicted - said".',
  examples: {
    match: [
      'One of them, Gerry Conlon - [[S who was wrongly convicted]] - [[C said]] [[Q the police had lied to him]].',
    ],
    noMatch: ['[[S Gerry Conlon]] [[C said]] [[Q the police had lied to him]].'],
  },
  apply: (c) => {
    if (!c.source || !/^(who|which)\s+\S/i.test(sliceOf(c, c.source))) return null;
    const np = c.antecedentAt(c.source.start);
    return np ? { source: np } : 'drop';
  },
};

export const sourceRelativePronoun: CandidateRule = {
  id: 'model-source-relative-pronoun',
  description:
    '"…, Gwyneth Dunwoody, who says …", "…, the Muslim Association of Britain, which believes …": the relative pronoun speaks for its antecedent.',
  examples: {
    match: [
      'Critics include the backbencher Gwyneth Dunwoody, [[S who]] [[C says]] [[Q the plans are a mess]].',
      'The event is held by the Muslim Association of Britain, [[S which]] [[C believes]] [[Q Muslim voters could swing the result]].',
    ],
    noMatch: ['[[S Gwyneth Dunwoody]] [[C says]] [[Q the plans are a mess]].'],
  },
  apply: (c) => {
    if (!c.source || !/^(who$|whose\b|which$)/i.test(sliceOf(c, c.source))) return null;
    const antecedent = c.antecedentAt(c.source.start);
    return antecedent ? { antecedent } : null;
  },
};

export const subjectBeforeCue: CandidateRule = {
  id: 'model-subject-before-cue',
  description: 'No source tagged: the subject before the cue, as the rules find it ("He says he has …").',
  examples: {
    match: ['He [[C says]] [[Q he has no plans to resign]].'],
    noMatch: ['[[S He]] [[C says]] [[Q he has no plans to resign]].'],
  },
  apply: (c) => {
    if (c.source || !c.cue) return null;
    const stoks = c.sentenceTokensAt(c.cue.start);
    let k = stoks.findIndex((t) => t.start >= c.cue!.start);
    // Past adverbs and auxiliaries between the subject and its cue ("The nominee really says", "has yet to").
    while (k > 1 && (HEADLESS_TAIL.test(stoks[k - 1]!.lower) || AUXILIARIES.has(stoks[k - 1]!.lower))) k--;
    const np = k > 0 ? npBackward(stoks, k, 0) : null;
    if (!np || (stoks[np[0]]!.start < c.end && c.start < stoks[np[1] - 1]!.end)) return null;
    return { source: spanOf(stoks, np) };
  },
};

export const overlapsRuleQuote: CandidateRule = {
  id: 'model-overlaps-rule-quote',
  description: 'The rules already made a quote of these words.',
  examples: {
    match: ['The mayor said that [[Q the bridge would open in May]].'],
    noMatch: ['The mayor is pushing for [[Q the bridge to open in May]].'],
  },
  apply: (c) => (anyOverlaps(c.drafts, itself, c.start, c.end) ? 'drop' : null),
};

export const reportedNeedsSpeaker: CandidateRule = {
  id: 'reported-needs-speaker',
  description:
    'Reported speech is kept only with a speaker the text names next to it: who said it is the point.',
  examples: {
    match: ['Prices [[C are expected]] [[Q to keep rising next year]].'],
    noMatch: ['[[S Analysts]] [[C expect]] [[Q prices to keep rising]].'],
  },
  apply: (c) => (!c.source && !c.direct ? 'drop' : null),
};

export const cueIsFunctionWord: CandidateRule = {
  id: 'model-cue-function-word',
  description: 'A lone preposition or article tagged as the cue ("for the Roper Center …") is a tagger slip.',
  examples: {
    match: ['[[S A poll]] [[C for]] the Roper Center showed [[Q broad support for the plan]].'],
    noMatch: ['[[S A poll]] for the Roper Center [[C showed]] [[Q broad support for the plan]].'],
  },
  apply: (c) =>
    !c.direct && c.cue && NON_CUE_FUNCTION_WORDS.has(sliceOf(c, c.cue).trim().toLowerCase()) ? 'drop' : null,
};

export const loneQuotationBar: CandidateRule = {
  id: 'model-lone-quotation-bar',
  description:
    'A quotation with no cue or source must read as an utterance: three words or more, starting with a capital.',
  examples: {
    match: ['UK [[Q “risks breaking golden rule”]]'],
    noMatch: ['“[[Q We risk breaking the golden rule]]”'],
  },
  apply: (c) => {
    if (!c.direct || c.source || c.cue) return null;
    return c.taggedWords < 3 || !/^\W*\p{Lu}/u.test(c.doc.text.slice(c.start, c.end)) ? 'drop' : null;
  },
};

export const sourceEndsInFunctionWord: CandidateRule = {
  id: 'model-source-ends-in-function-word',
  description: 'A source cut off after a preposition or article ("The owners of") is a tagger slip.',
  examples: {
    match: ['[[S The owners of]] Yukos [[C say]] [[Q they will repay the loan]].'],
    noMatch: ['[[S The owners]] [[C say]] [[Q they will repay the loan]].'],
  },
  apply: (c) => (c.source && SPEAKER_PHRASE_TAILS.test(sliceOf(c, c.source)) ? 'drop' : null),
};

export const contentOpensWithParticle: CandidateRule = {
  id: 'model-content-opens-with-particle',
  description:
    'Reported content that starts with a particle or preposition ("ahead in December") is a tagger slip.',
  examples: {
    match: ['[[S The bank]] [[C pushed]] [[Q ahead in December with the sale]].'],
    noMatch: ['[[S The bank]] [[C said]] [[Q the sale would go ahead in December]].'],
  },
  apply: (c) => (!c.direct && NON_CONTENT_OPENERS.test(c.doc.text.slice(c.start, c.end)) ? 'drop' : null),
};

export const passiveCue: CandidateRule = {
  id: 'model-passive-cue',
  description:
    'A passive cue ("aid to X was criticised by aid groups"): the phrase before it is not who spoke.',
  examples: {
    match: ['[[S Aid to the region]] [[C was criticised by]] [[Q aid groups as too little]].'],
    noMatch: ['[[S Aid groups]] [[C criticised]] [[Q the aid to the region as too little]].'],
  },
  apply: (c) =>
    !c.direct && c.cue && c.source && c.source.end <= c.cue.start && /\bby$/i.test(sliceOf(c, c.cue))
      ? 'drop'
      : null,
};

export const contentIntroducesQuotation: CandidateRule = {
  id: 'model-content-introduces-quotation',
  description: 'Content that introduces a quotation ("told the Reuters news agency: “…”") is not content.',
  examples: {
    match: ['[[S The minister]] [[C told]] [[Q the Reuters news agency]]: “We will not resign.”'],
    noMatch: ['[[S The minister]] [[C told]] the Reuters news agency [[Q that he would not resign]].'],
  },
  apply: ({ doc: { text }, start, end }) =>
    /^\s*:?\s*["“«„']/.test(text.slice(end, end + 4)) && text.slice(start, end + 2).includes(':')
      ? 'drop'
      : null,
};

export const cueOrSpeakerTaken: CandidateRule = {
  id: 'model-cue-or-speaker-taken',
  description: 'A cue or speaker the rules already attributed elsewhere does not introduce a second content.',
  examples: {
    match: ['[[S The mayor]] [[C said]] the bridge would open in May, [[Q a date the council had set]].'],
    noMatch: ['[[S The mayor]] [[C hopes]] for [[Q a date the council had set]].'],
  },
  apply: (c) =>
    (c.cue && anyOverlaps(c.drafts, cueOf, c.cue.start, c.cue.end)) ||
    anyOverlaps(c.drafts, speakerOf, c.start, c.end)
      ? 'drop'
      : null,
};

export const cueInOtherSentence: CandidateRule = {
  id: 'model-cue-in-other-sentence',
  description: 'A cue used already does not reach into another sentence for a second content.',
  examples: {
    match: [
      '[[S The jury]] [[C announced]] [[F its verdict on the first count]]. [[Q The second count was dropped]].',
    ],
    noMatch: ['[[S The jury]] [[C announced]] its verdict. [[Q The second count was dropped]].'],
  },
  apply: (c) => {
    if (!c.cue) return null;
    const sentenceOf = (pos: number) => c.sentences.findIndex((x) => x.start <= pos && pos < x.end);
    if (sentenceOf(c.cue.start) === sentenceOf(c.start)) return null;
    return c.found.some((d) => overlaps(d.cue, c.cue)) ? 'drop' : null;
  },
};

export const contentOverCue: CandidateRule = {
  id: 'model-content-over-cue',
  description: 'A content that runs over its own cue is a tagger slip.',
  examples: {
    match: ['[[Q The mayor [[C said]] the bridge would open]].'],
    noMatch: ['[[S The mayor]] [[C said]] [[Q the bridge would open]].'],
  },
  apply: (c) => (c.cue && c.cue.start < c.end && c.start < c.cue.end ? 'drop' : null),
};

export const contentIsCueSubject: CandidateRule = {
  id: 'model-content-is-cue-subject',
  description:
    'Reported content right before its cue, nothing between, is the verb\'s subject ("the reform passed the house"), not what was said.',
  examples: {
    match: ['[[Q The so-called “reform”]] [[C passed]] [[S the house]] yesterday.'],
    noMatch: ['This is [[Q “roughly the same advantage she has held,”]] [[C reported]] [[S Reuters]].'],
  },
  apply: (c) => {
    const { text } = c.doc;
    if (c.direct || !c.cue || c.end > c.cue.start || !/^\s*$/.test(text.slice(c.end, c.cue.start)))
      return null;
    // "This is “roughly the same advantage,” reported Reuters": a quotation closed by punctuation ends a clause.
    return /[,.;:!?…]["”’']?$/.test(text.slice(c.start, c.end)) ? null : 'drop';
  },
};

export const questionedParticiple: CandidateRule = {
  id: 'model-questioned-participle',
  description:
    '"Asked whether …, Alencar replied": whoever opens with "Asked" is questioned, not the one asking.',
  examples: {
    match: ['[[C Asked]] whether he would run, [[S Alencar]] said [[Q he had not decided yet]].'],
    noMatch: ['Asked whether he would run, [[S Alencar]] [[C said]] [[Q he had not decided yet]].'],
  },
  apply: (c) => (c.cue && QUESTIONED_PARTICIPLE.test(sliceOf(c, c.cue)) ? 'drop' : null),
};

/** The tagger's candidates go through these in order. */
export const CANDIDATE_RULES: readonly CandidateRule[] = [
  contentToClauseEnd,
  tooShort,
  sourceNameAfterTitle,
  sourceNotASpeaker,
  sourceWithoutHead,
  sourceIsFragment,
  sourceIsADate,
  sourceRelativeClause,
  sourceRelativePronoun,
  subjectBeforeCue,
  overlapsRuleQuote,
  reportedNeedsSpeaker,
  cueIsFunctionWord,
  loneQuotationBar,
  sourceEndsInFunctionWord,
  contentOpensWithParticle,
  passiveCue,
  contentIntroducesQuotation,
  cueOrSpeakerTaken,
  cueInOtherSentence,
  contentOverCue,
  contentIsCueSubject,
  questionedParticiple,
];

/** A quote without a speaker, as resolution sees it. */
export interface UnattributedSite {
  draft: Draft;
  /** A speaker was resolved for an earlier quote. */
  hasPrevious: boolean;
}

/** A cue with a reporting verb, an auxiliary or a lowercase verb form in it ("is defending", "cited"). */
function isVerbLikeCue(cue: string): boolean {
  return cue
    .split(/\s+/)
    .some((w) => isCueVerb(w.toLowerCase()) || AUXILIARIES.has(w) || /^\p{Ll}+(ed|ing)$/u.test(w));
}

export const nonVerbCueWithoutSpeaker: Rule<UnattributedSite, true> = {
  id: 'non-verb-cue-without-speaker',
  description:
    'Nobody named and a cue that is no verb ("A decision on", a headline’s "Rank"): not an attribution.',
  examples: {
    match: ["Rank 'set to sell off film unit'\n\nThe leisure group is in talks with buyers."],
    noMatch: ['“We are proud,” Mayor Alice Brown said.'],
    withTagger: true,
  },
  apply: ({ draft }) => (draft.cue && !isVerbLikeCue(draft.cue.text) ? true : null),
};

export const loneQuotationWithoutSpeaker: Rule<UnattributedSite, true> = {
  id: 'lone-quotation-without-speaker',
  description:
    'A lone quotation nobody can be named for is kept only when it is introduced, opens the text, or follows a speaker.',
  examples: {
    match: ['The town is quiet.\n\n“Nothing ever happens here, not since the mine closed.”'],
    noMatch: [
      '“We are proud,” Mayor Alice Brown said.\n\nThe bridge opens in May.\n\n“Nothing ever happens here, not since the mine closed.”',
    ],
  },
  apply: ({ draft, hasPrevious }) =>
    draft.unattributed && !draft.introduced && draft.paragraph !== 0 && !hasPrevious ? true : null,
};

/** Filters applied to quotes with no speaker, in order. */
export const UNATTRIBUTED_FILTERS: readonly Rule<UnattributedSite, true>[] = [
  nonVerbCueWithoutSpeaker,
  loneQuotationWithoutSpeaker,
];

/** A direct quote with the words right before its opening mark. */
export interface QuotedTitleSite {
  doc: QuoteDoc;
  draft: Draft;
  /** Up to three tokens before the opening mark, commas skipped. */
  before: Tok[];
}

/** Title case: every word of four letters or more capitalised, and at least one capital ("Coal Isn't the Villain"). */
/** The first `limit` words (`[\p{L}\p{N}’'-]+`) of a text: a long quotation is not split into all of its words. */
function firstWords(text: string, limit: number): string[] {
  const words: string[] = [];
  const re = /[\p{L}\p{N}’'-]+/gu;
  for (let m = re.exec(text); m && words.length < limit; m = re.exec(text)) words.push(m[0]);
  return words;
}

function isTitleCase(words: readonly string[]): boolean {
  const long = words.filter((w) => /^\p{L}{4}/u.test(w));
  return words.some((w) => /^\p{Lu}/u.test(w)) && long.every((w) => /^\p{Lu}/u.test(w));
}

export const quotedTitle: Rule<QuotedTitleSite, true> = {
  id: 'quoted-title',
  description:
    'A short title-case quotation after a naming word, a work or a possessive ("the film “13th”", "CNN’s “State of the Union”"), or governed by an action cue, names something: no quote.',
  examples: {
    match: [
      'In his 2002 book, “Make Your Kid a Millionaire,” Mr. McKinley suggested saving early.',
      'Pence said on CNN’s “State of the Union.”',
    ],
    noMatch: ['“We are proud of this town,” Mayor Alice Brown said.'],
  },
  apply: ({ doc, draft, before }) => {
    if (draft.type !== 'direct') return null;
    const words = firstWords(doc.text.slice(draft.start, draft.end), 9);
    if (words.length === 0 || words.length > 8 || !isTitleCase(words)) return null;
    const named = before.some(
      (t) => NAMING_WORDS.has(t.lower) || WORK_NOUNS.has(t.lower) || /['’]s$/.test(t.lower),
    );
    // A cue that is an action ("was introduced", "supported") governs no words spoken.
    const actionCue = draft.cue !== null && cueClass(draft.cue.text) === 'action';
    return named || actionCue ? true : null;
  },
};
