// Reported speech: a reporting verb and the clause it reports, where the speaker is not simply the
// subject before it — a clause-final cue, a coordinated or participle cue continuing the speaker, a
// whole quotation as the verb's object, title-case headlines.
import {
  HEADLINE_CUE,
  PRONOUNS,
  SECOND_VERB_CONNECTIVE,
  isCueVerb,
  isFiniteCue,
  isGerundCue,
} from '../../lexicon/index.js';
import { contentAfter } from '../content.js';
import { leadingContent, withAntecedent, type CueSite } from '../cue-site.js';
import { makeDraft, reportedType, type Draft, type QuoteDoc } from '../draft.js';
import { cueSpan, type Range } from '../phrases.js';
import {
  clauseStart,
  isAbbrevDot,
  isCap,
  isWord,
  lowerAt,
  spanOf,
  spanText,
  tokenizeSpan,
  type Tok,
} from '../tokens.js';
import type { Rule } from './rule.js';
import { clauseFinal } from './split-quotes.js';

export const clauseFinalCue: Rule<CueSite, Draft> = {
  id: 'clause-final-cue',
  description:
    'A speaker and cue closing a clause attribute it: "Minsk considers Russia a partner, Lukashenko said."',
  examples: {
    match: [
      'Minsk considers Russia its strategic partner, Belarusian President Alexander Lukashenko said.',
      'Prices will rise again next year, the University of Michigan reported last week.',
    ],
    noMatch: [
      'Minsk considers Russia its strategic partner, Lukashenko said that day in a speech that ran long.',
    ],
  },
  apply: (site) => {
    const found = clauseFinal(site);
    if (!found || found.parts) return null;
    return makeDraft(
      reportedType(site.doc.quotations, found.start, found.end),
      found,
      cueSpan(site.doc.text, site.toks, site.k),
      found.speaker,
      false,
    );
  },
};

/** Reported speech after the cue at k that continues the previous speaker (no subject of its own). */
function continuingDraft({ doc, toks, k }: CueSite): Draft | null {
  const content = contentAfter(doc, toks, k);
  if (!content) return null;
  return makeDraft(content.mixed ? 'mixed' : 'indirect', content, cueSpan(doc.text, toks, k), null, true);
}

export const coordinatedCue: Rule<CueSite, Draft> = {
  id: 'coordinated-cue',
  description:
    'A coordinated reporting verb continues the sentence’s speaker: "X announced … and said a curfew would …".',
  examples: {
    match: [
      'The mayor announced new measures on Monday and said a curfew would start at ten.',
      'But Mr Blair dismissed the talk of splits and said voters cared about the economy.',
    ],
    noMatch: ['The mayor announced new measures on Monday and ask residents to stay home.'],
  },
  apply: (site) => {
    const { toks, k, t, np } = site;
    if (np || k <= 1 || toks[k - 1]!.lower !== 'and' || !isFiniteCue(t.lower)) return null;
    const draft = continuingDraft(site);
    // The clause's own subject, when it opens the clause with its verb after it ("But Mr Blair
    // dismissed the talk and said …"); else the previous speaker.
    const subject = draft && clauseSubject(toks, k);
    if (draft && subject) {
      draft.speakerSpan = spanOf(toks, subject);
      draft.inherit = false;
    }
    return draft;
  },
};

/** The name opening the clause of the verb at k, followed by a verb of its own ("Mr Blair dismissed"). */
function clauseSubject(toks: readonly Tok[], k: number): Range | null {
  const s = clauseStart(toks, k, true);
  let e = s;
  while (e < k && (isCap(toks[e]) || (e > s && isAbbrevDot(toks, e)))) e++;
  const verb = toks[e];
  if (e === s || !verb || e >= k || !/^\p{Ll}+(?:ed|s)$/u.test(verb.text)) return null;
  return PRONOUNS.has(lowerAt(toks, s)) ? null : [s, e];
}

export const addingThat: Rule<CueSite, Draft> = {
  id: 'adding-that',
  description: 'A participle cue with "that" continues the sentence’s speaker: "…, adding that …".',
  examples: {
    match: ['The minister defended the budget on Monday, adding that taxes would not rise this year.'],
    noMatch: ['The minister defended the budget on Monday, adding new taxes on fuel.'],
  },
  apply: (site) => {
    const { k, t, np, next } = site;
    if (np || k === 0 || !isGerundCue(t.lower) || next?.lower !== 'that') return null;
    return continuingDraft(site);
  },
};

export const wholeQuotationObject: Rule<CueSite, Draft> = {
  id: 'whole-quotation-object',
  description:
    'A whole quotation as the verb’s object, with a second verb after it, is a direct quote: "Protesters chanted “What curfew?” and kept going."',
  examples: {
    match: ['Protesters chanted “What curfew?” and kept going down the avenue.'],
    noMatch: ['Protesters chanted that the curfew was a joke and kept going.'],
  },
  apply: (site) => {
    const found = leadingContent(site);
    if (!found) return null;
    const { doc, toks, k } = site;
    const { content } = found;
    const q = doc.quotations.find((x) => x.start === content.start && x.end < content.end);
    if (!q || !SECOND_VERB_CONNECTIVE.test(doc.text.slice(q.end, content.end))) return null;
    const draft = makeDraft(
      'direct',
      { start: q.innerStart, end: q.innerEnd },
      cueSpan(doc.text, toks, k),
      spanOf(toks, found.subject.np),
      false,
    );
    return withAntecedent(site, found.subject, draft);
  },
};

/** The words after a quotation's own attribution, to the sentence's end: "…,” X said, adding that …". */
export interface AfterAttributionSite {
  doc: QuoteDoc;
  rest: Tok[];
}

export const addingAfterQuotation: Rule<AfterAttributionSite, Draft> = {
  id: 'adding-after-quotation',
  description:
    'Reported speech after a quotation’s attribution is the same speaker’s: “…,” Lukashenko said, adding that …',
  examples: {
    match: ['“We are partners,” Lukashenko said, adding that the two countries had always stood together.'],
    noMatch: ['“We are partners,” Lukashenko said on Monday.'],
  },
  apply: ({ doc, rest }) => {
    let r = 0;
    while (r < rest.length && rest[r]!.text === ',') r++;
    if (!rest[r] || !(isGerundCue(rest[r]!.lower) || rest[r]!.lower === 'and')) return null;
    const cueAt = rest[r]!.lower === 'and' ? r + 1 : r;
    if (!rest[cueAt] || !isCueVerb(rest[cueAt].lower)) return null;
    const content = contentAfter(doc, rest, cueAt);
    if (!content) return null;
    return makeDraft(
      content.mixed ? 'mixed' : 'indirect',
      content,
      cueSpan(doc.text, rest, cueAt),
      null,
      true,
    );
  },
};

/** The first paragraph of a document with the rule drafts so far (title-case headlines). */
export interface HeadlineSite {
  doc: QuoteDoc;
  toks: Tok[];
  drafts: readonly Draft[];
}

/** Content, speaker and cue token of a headline, as the two headline rules find them. */
function headlineDraft(site: HeadlineSite, content: Range, speaker: Range, k: number): Draft | null {
  const { doc, toks, drafts } = site;
  if (toks.slice(content[0], content[1]).filter(isWord).length < 3) return null;
  const start = toks[content[0]]!.start;
  const end = toks[content[1] - 1]!.end;
  if (drafts.some((d) => d.start < end && start < d.end)) return null;
  return makeDraft(
    reportedType(doc.quotations, start, end),
    { start, end },
    spanText(doc.text, toks[k]!.start, toks[k]!.end),
    spanOf(toks, speaker),
    false,
  );
}

const allCapitalised = (toks: readonly Tok[], from: number, to: number) =>
  to > from && toks.slice(from, to).every((t, i) => isCap(t) || isAbbrevDot(toks, from + i));

/** The headline's cue among its first words, after a capitalised speaker ("Lindsey Graham Says …"), or -1. */
function leadingHeadlineCue(toks: readonly Tok[]): number {
  const k = toks.findIndex((t, i) => i > 0 && i <= 8 && HEADLINE_CUE.test(t.text));
  return k > 0 && allCapitalised(toks, 0, k) ? k : -1;
}

export const headlineSpeakerSays: Rule<HeadlineSite, Draft> = {
  id: 'headline-speaker-says',
  description: 'A title-case headline "X Says Y": X said Y.',
  examples: {
    match: ['Lindsey Graham Says Trump Could Address Clean Energy\n\nThe senator spoke on Monday.'],
    noMatch: ['Trump Could Address Clean Energy\n\nThe senator spoke on Monday.'],
  },
  apply: (site) => {
    const { toks } = site;
    const k = leadingHeadlineCue(toks);
    if (k < 0) return null;
    let e = toks.length;
    while (e > k + 1 && !isWord(toks[e - 1]) && !/^[”"’'»]$/.test(toks[e - 1]!.text)) e--;
    return headlineDraft(site, [k + 1, e], [0, k], k);
  },
};

export const headlineSaysAtEnd: Rule<HeadlineSite, Draft> = {
  id: 'headline-says-at-end',
  description: 'A title-case headline "Y, X Says.": X said Y.',
  examples: {
    match: ['Trump Could Address Clean Energy, Lindsey Graham Says\n\nThe senator spoke on Monday.'],
    noMatch: ['Trump Could Address Clean Energy, Lindsey Graham\n\nThe senator spoke on Monday.'],
  },
  apply: (site) => {
    const { toks } = site;
    if (leadingHeadlineCue(toks) >= 0) return null;
    let k = toks.length - 1;
    while (k > 0 && !isWord(toks[k])) k--;
    const comma = toks.findLastIndex((t, i) => t.text === ',' && i < k && i >= k - 8);
    if (k <= 0 || !HEADLINE_CUE.test(toks[k]!.text) || comma <= 0 || !allCapitalised(toks, comma + 1, k))
      return null;
    return headlineDraft(site, [0, comma], [comma + 1, k], k);
  },
};

/** Tokens of the first paragraph, when the document has more than one (a headline stands alone). */
export function headlineTokens(doc: QuoteDoc): Tok[] | null {
  const first = doc.paragraphs[0];
  if (!first || doc.paragraphs.length < 2) return null;
  return tokenizeSpan(doc.text, first.start, first.end);
}

/** A reporting verb candidate in a sentence. */
export interface CueWordSite {
  toks: readonly Tok[];
  k: number;
}

export const thinkTankIsNoCue: Rule<CueWordSite, true> = {
  id: 'think-tank-is-no-cue',
  description: '"think" in "think tank" is a noun compound, not the verb.',
  examples: {
    match: ['The economics think tank said prices would keep rising through the year.'],
    noMatch: ['Economists think prices will keep rising through the year.'],
  },
  apply: ({ toks, k }) =>
    toks[k]!.lower === 'think' && /^tanks?$/.test(toks[k + 1]?.lower ?? '') ? true : null,
};
