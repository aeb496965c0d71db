// Split quotes: one utterance in pieces around its attribution — “A,” he said, “but B.”; “A,” he said.
// “B.”; "Acts of protest, Mr. Obama said, are acts of patriotism."
import type { Quote, Span } from '../../../domain/schema.js';
import {
  ADJUNCT_STARTS,
  NOT_RESUMING_CONTENT,
  isCueVerb,
  isGerundCue,
  isNounLikeCue,
} from '../../lexicon/index.js';
import { clauseEndsAtCue, subjectOf, type CueSite } from '../cue-site.js';
import { makeDraft, reportedType, type Draft, type QuoteDoc } from '../draft.js';
import type { Quotation } from '../marks.js';
import { cueSpan } from '../phrases.js';
import { clauseStart, sentenceEndFrom, spanOf, textAt, type Tok } from '../tokens.js';
import type { QuotationSite } from './quotation-marks.js';
import type { Rule } from './rule.js';

/** A quotation with the draft made of the one before it in the sentence. */
export interface SecondPartSite extends QuotationSite {
  /** The previous quotation in the sentence, when it made a direct quote. */
  prevQ: Quotation | null;
  prevDraft: Draft | undefined;
  /** Tokens since the previous quotation, sentence ends included. */
  between: number;
}

/** Whether the previous quotation's draft has its cue and speaker after it (“A,” he said, …). */
function attributedAfter(prevQ: Quotation, d: Draft): boolean {
  return (
    d.start >= prevQ.innerStart &&
    d.cue !== null &&
    d.speakerSpan !== null &&
    d.cue.start >= prevQ.end &&
    d.speakerSpan.start >= prevQ.end
  );
}

export const splitQuoteSecondPart: Rule<SecondPartSite, Draft> = {
  id: 'split-quote-second-part',
  description: 'The second part of a split quote continues its speaker: “A,” Trump said at a rally, “but B.”',
  examples: {
    match: ['“We will win,” Trump said at a rally in Ohio, “and we will win big this time.”'],
    noMatch: ['“We will win,” Trump said at a rally in Ohio. Then he left the stage.'],
  },
  apply: ({ doc, q, lead, innerWords, prevQ, prevDraft, between }) => {
    if (!prevQ || !prevDraft || !attributedAfter(prevQ, prevDraft) || between > 16 || innerWords < 3)
      return null;
    const last = lead[lead.length - 1]?.lower ?? '';
    if (!(last === ',' || (/^(but|and)$/.test(last) && lead[lead.length - 2]?.text === ','))) return null;
    let end = q.innerEnd;
    while (end > q.innerStart && /[\s,;:—–-]/.test(doc.text[end - 1]!)) end--;
    return makeDraft('direct', { start: q.innerStart, end }, null, null, true);
  },
};

/** A reported clause ending at the comma before "X said" and, when the sentence goes on, its second piece. */
interface ClauseFinal {
  start: number;
  end: number;
  parts: Span[] | undefined;
}

/** The sentence resumes after "…, Mr. Obama said," with more of what he said (not a new clause). */
function resumesContent(toks: readonly Tok[], after: number): boolean {
  const resume = toks[after + 1];
  return (
    after > 0 &&
    toks[after]!.text === ',' &&
    resume !== undefined &&
    /^\p{Ll}/u.test(resume.text) &&
    !isCueVerb(resume.lower) &&
    !isGerundCue(resume.lower) &&
    !ADJUNCT_STARTS.has(resume.lower) &&
    !NOT_RESUMING_CONTENT.has(resume.lower)
  );
}

/** "…, X said." / "A, X said, B.": the clause before the attribution and the piece after it. */
export function clauseFinal(site: CueSite): (ClauseFinal & { speaker: Span }) | null {
  const subject = subjectOf(site);
  if (!subject) return null;
  const { doc, toks, k } = site;
  const comma = subject.np[0] - 1;
  if (textAt(toks, comma) !== ',' || comma < 3 || !clauseEndsAtCue(site)) return null;
  const s = clauseStart(toks, comma, true);
  if (comma - s < 3) return null;
  const start = toks[s]!.start;
  const end = toks[comma - 1]!.end;
  const cue = cueSpan(doc.text, toks, k);
  const after = toks.findIndex((x) => x.start >= cue.end);
  const speaker = spanOf(toks, subject.np);
  if (!resumesContent(toks, after)) return { start, end, parts: undefined, speaker };
  const e = sentenceEndFrom(toks, after + 1);
  if (e - (after + 1) < 2 || toks.slice(after + 1, e).some((x) => /^["“”«»]$/.test(x.text)))
    return { start, end, parts: undefined, speaker };
  const resumeStart = toks[after + 1]!.start;
  const last = toks[e - 1]!.end;
  return {
    start,
    end: last,
    parts: [
      { start, end },
      { start: resumeStart, end: last },
    ],
    speaker,
  };
}

export const interruptedByAttribution: Rule<CueSite, Draft> = {
  id: 'interrupted-by-attribution',
  description:
    'Reported speech interrupted by its attribution is one quote in two parts: "Acts of protest, Mr. Obama said, are acts of patriotism."',
  examples: {
    match: ['Acts of peaceful protest, Mr. Obama said, are acts of patriotism.'],
    noMatch: ['Acts of peaceful protest are acts of patriotism, Mr. Obama said.'],
  },
  apply: (site) => {
    const found = clauseFinal(site);
    if (!found?.parts) return null;
    const draft = makeDraft(
      reportedType(site.doc.quotations, found.start, found.end),
      found,
      cueSpan(site.doc.text, site.toks, site.k),
      found.speaker,
      false,
    );
    draft.parts = found.parts;
    return draft;
  },
};

/** Words between two quotations that make the second a new utterance. */
export interface MergeSite {
  doc: QuoteDoc;
  /** The quote so far. */
  last: Omit<Quote, 'id'>;
  lastParagraph: number;
  draft: Draft;
  speaker: Quote['speaker'];
}

/**
 * Narration or a second reporting verb between two quotations ("…,” Blige sings, before asking her, “…”):
 * a new utterance. Not a capitalised word of a name ("the Cook Political Report") or a form that is as
 * often a noun ("before Bill Clinton’s comments").
 */
function introducesAgain(text: string, first: Omit<Quote, 'id'>, nextStart: number): boolean {
  const from = Math.max(first.end, first.cue?.end ?? 0, first.speaker.end ?? 0);
  const words = text.slice(from, nextStart).match(/\p{L}+/gu) ?? [];
  const isVerb = (w: string) =>
    isGerundCue(w.toLowerCase()) || (/^\p{Ll}/u.test(w) && isCueVerb(w) && !isNounLikeCue(w));
  return words.length > 20 || words.some(isVerb);
}

export const splitQuoteMerge: Rule<MergeSite, true> = {
  id: 'split-quote-merge',
  description:
    'The next quotation in the paragraph with no attribution of its own continues the utterance: “A,” he said. “B.” is one quote.',
  examples: {
    match: [
      '“We are partners,” Lukashenko said. “We have always been partners and always will be.”',
      '“It is close,” said David Wasserman, House editor for the Cook Political Report. “It could go either way.”',
    ],
    noMatch: [
      '“We are partners,” Lukashenko said, before asking reporters, “Why do you doubt it all the time?”',
    ],
  },
  apply: ({ doc, last, lastParagraph, draft, speaker }) => {
    if (draft.type !== 'direct' || last.type !== 'direct' || draft.speakerSpan || draft.cue) return null;
    if (speaker.start === null || speaker.start !== last.speaker.start || draft.paragraph !== lastParagraph)
      return null;
    if (draft.start - last.end >= 400 || introducesAgain(doc.text, last, draft.start)) return null;
    return true;
  },
};
