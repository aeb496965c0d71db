// Quotation marks and continuation: when a quotation is a direct quote, and who it belongs to when no
// reporting verb sits next to it (a byline dash, a transcript label, the previous speaker).
import type { Span } from '../../../domain/schema.js';
import { CHARACTERIZING_VERB, NAME_FUNCTION_WORDS, PASSIVE_BE, isFiniteCue } from '../../lexicon/index.js';
import { makeDraft, paragraphAt, type Attribution, type Draft, type QuoteDoc } from '../draft.js';
import type { Quotation } from '../marks.js';
import { cueSpan, isNonSpeakerWord, npBackward, npForward, verbGroupStart, type Range } from '../phrases.js';
import { isAbbrevDot, isCap, spanOf, textAt, wordCount, type Tok } from '../tokens.js';
import type { Rule } from './rule.js';

/** The tokens after a quotation's closing mark, up to the next quotation or the sentence's end. */
export interface TrailSite {
  doc: QuoteDoc;
  toks: Tok[];
  /** The first token past commas and dashes. */
  i: number;
}

/** A quotation that stands as its own utterance, with what precedes it in its sentence. */
export interface QuotationSite {
  doc: QuoteDoc;
  q: Quotation;
  /** Tokens between the previous quotation (or the sentence start) and this one. */
  lead: Tok[];
  innerWords: number;
  startsUpper: boolean;
}

/** How a direct quote starts and who said it, when no reporting verb attributes it. */
export interface QuoteShape {
  start: number;
  speaker: Span | null;
}

export const dashByline: Rule<TrailSite, Attribution> = {
  id: 'dash-byline',
  description: 'A name after a dash signs the quotation before it: “…” ― Pamela Padilla.',
  examples: {
    match: ['“We will not give up on this town.” ― Pamela Padilla'],
    noMatch: ['“We will not give up on this town.” ― and then the rain came.'],
  },
  apply: ({ toks }) => {
    if (!toks[0] || !/^[―—–]$/.test(toks[0].text)) return null;
    const np = npForward(toks, 1, Math.min(toks.length, 8));
    if (!np) return null;
    const allCapitalised = toks
      .slice(np[0], np[1])
      .every((t) => isCap(t) || isAbbrevDot(toks, toks.indexOf(t)));
    if (!allCapitalised || (toks[np[1]] && !/^[,.]$/.test(toks[np[1]]!.text))) return null;
    return { cue: null, speaker: spanOf(toks, np), next: np[1] };
  },
};

const TRANSCRIPT_LABEL = /^(\p{Lu}[\p{Lu}.'’ -]{1,30}):\s+/u;

export const transcriptLabel: Rule<QuotationSite, QuoteShape> = {
  id: 'transcript-label',
  description: 'A label in capitals opening a quotation names its speaker: “WALLACE: Let’s start …”.',
  examples: {
    match: ['The exchange went on.\n\n"WALLACE: Let us start with the economy tonight."'],
    noMatch: ['The exchange went on.\n\n"Let us start with the economy tonight."'],
  },
  apply: ({ doc, q }) => {
    const label = TRANSCRIPT_LABEL.exec(doc.text.slice(q.innerStart, q.innerEnd));
    if (!label) return null;
    return {
      start: q.innerStart + label[0].length,
      speaker: { start: q.innerStart, end: q.innerStart + label[1]!.length },
    };
  },
};

/** A whole sentence inside the marks: eight words or more ending in its own full stop, question or exclamation mark. */
function wholeSentenceInside(doc: QuoteDoc, q: Quotation, innerWords: number): boolean {
  return innerWords >= 8 && /[.!?]['’"”]?\s*$/.test(doc.text.slice(q.innerStart, q.innerEnd));
}

export const loneQuotation: Rule<QuotationSite, QuoteShape> = {
  id: 'lone-quotation',
  description:
    'A quotation of three or more words that starts with a capital, or a whole sentence in any case, and stands alone is an utterance (its speaker comes from context).',
  examples: {
    match: [
      'Mayor Alice Brown spoke first.\n\n“We are proud of this project and of everyone who built it.”',
      'She credits the movement because to her, “there is nothing more important than telling the story right.”',
    ],
    noMatch: [
      'The film “Gone” opened.',
      'He called it a “disgrace”.',
      'The plan was, to her, “a total failure of leadership by everyone involved”.',
      'His spokesman said that if she were to win, “she would sign this legislation if it came to her desk.”',
    ],
  },
  apply: ({ doc, q, lead, innerWords, startsUpper }) =>
    (innerWords >= 3 && startsUpper) ||
    // Not when a reporting verb before it makes it the end of reported speech ("said that if …, “she would …”").
    (wholeSentenceInside(doc, q, innerWords) && !lead.some((t) => isFiniteCue(t.lower)))
      ? { start: q.innerStart, speaker: null }
      : null,
};

/** Every word but the function words capitalised, two at least ("All Bets Are Off", "Legend in the Coal Fields"). */
function isTitleCase(inner: string): boolean {
  const ws = (inner.match(/[\p{L}'’]+/gu) ?? []).filter((w) => !NAME_FUNCTION_WORDS.has(w));
  return ws.length >= 2 && ws.every((w) => /^\p{Lu}/u.test(w));
}

export const quotedHeading: Rule<QuotationSite, true> = {
  id: 'quoted-heading',
  description:
    'A short title-case quotation that is a whole paragraph is a section heading, not an utterance: ‘All Bets Are Off.’',
  examples: {
    match: ['The markets fell.\n\n‘All Bets Are Off.’\n\nEight years ago, the race was different.'],
    noMatch: [
      'The markets fell.\n\n“We are not giving up on this town.”\n\nEight years ago, the race was different.',
    ],
  },
  apply: ({ doc, q, lead, innerWords }) => {
    if (lead.length > 0 || innerWords < 2 || innerWords > 8) return null;
    const paragraph = doc.paragraphs.find((p) => p.start <= q.start && q.start < p.end);
    const alone =
      paragraph !== undefined &&
      !doc.text.slice(paragraph.start, q.start).trim() &&
      !doc.text.slice(q.end, paragraph.end).trim();
    return alone && isTitleCase(doc.text.slice(q.innerStart, q.innerEnd)) ? true : null;
  },
};

/** A quotation a few words after a characterising verb, with the verb's subject opening its clause. */
export interface CharacterizationSite {
  doc: QuoteDoc;
  toks: Tok[];
  /** The characterising verb. */
  k: number;
  /** The quotation's opening mark. */
  j: number;
  q: Quotation;
  drafts: readonly Draft[];
}

export const characterizingVerb: Rule<CharacterizationSite, Draft> = {
  id: 'characterizing-verb',
  description:
    'A short quoted phrase past the object of "accuse", "call", "brand", "describe"… is the subject’s direct quote when nothing else attributed it.',
  examples: {
    match: [
      'South Korea accused Kim Jong Un of “fanatic recklessness.”',
      'Unions branded the plans “deeply flawed”.',
    ],
    noMatch: ['She took a class called “Perception”.', 'The plan is dubbed “Project Fear”.'],
  },
  apply: (site) => {
    const { doc, toks, k, j, q } = site;
    const words = wordCount(doc.text.slice(q.innerStart, q.innerEnd));
    const verbAt = verbGroupStart(toks, k);
    const subject = npBackward(toks, verbAt, 0);
    if (j <= k + 1 || words < 1 || words > 8 || !subject || subject[1] !== verbAt) return null;
    // The subject must open its clause ("a group called “…”" names the group); the passive names, it
    // does not quote ("is dubbed “…”").
    const passive = toks.slice(verbAt, k).some((x) => PASSIVE_BE.has(x.lower));
    return characterizedQuote(site, subject, passive);
  },
};

/**
 * The direct quote a characterising cue makes of its quotation, spoken by `subject`: only when the
 * subject opens its clause, the cue is no passive, and no draft already covers the quotation.
 */
export function characterizedQuote(
  { doc, toks, k, q, drafts }: CharacterizationSite,
  subject: Range,
  passive: boolean,
): Draft | null {
  const opens = subject[0] === 0 || /^[,;:(—–]$/.test(textAt(toks, subject[0] - 1));
  if (!opens || passive || isNonSpeakerWord(toks[subject[0]]!.text)) return null;
  if (drafts.some((d) => d.start < q.end && q.start < d.end)) return null;
  const draft = makeDraft(
    'direct',
    { start: q.innerStart, end: q.innerEnd },
    cueSpan(doc.text, toks, k),
    spanOf(toks, subject),
    false,
  );
  draft.paragraph = paragraphAt(doc.paragraphs, q.start);
  return draft;
}

/** Whether a token is a characterising verb ("called", "accused", "branded"). */
export function isCharacterizingVerb(t: Tok): boolean {
  return CHARACTERIZING_VERB.test(t.lower) && !isCap(t);
}
