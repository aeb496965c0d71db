// Inverted attribution: the verb before its speaker ("said Lukashenko"), after a quotation, closing a
// clause of reported speech, or interrupting it.
import { TELL_FORMS, isCueVerb } from '../../lexicon/index.js';
import type { CueSite } from '../cue-site.js';
import { makeDraft, reportedType, type Attribution, type Draft } from '../draft.js';
import { cueSpan, npForward, type Range } from '../phrases.js';
import { clauseStart, isCap, isSentenceEnd, sentenceEndFrom, spanOf, textAt, type Tok } from '../tokens.js';
import type { TrailSite } from './quotation-marks.js';
import type { Rule } from './rule.js';

export const invertedAfterQuotation: Rule<TrailSite, Attribution> = {
  id: 'inverted-after-quotation',
  description: 'A reporting verb and then its speaker right after a quotation: “…,” said Lukashenko.',
  examples: {
    match: ['“We are partners and always will be,” said the Belarusian president.'],
    noMatch: ['“We are partners and always will be,” the Belarusian president said.'],
  },
  apply: ({ doc, toks, i }) => {
    if (!isCueVerb(toks[i]!.lower) || isCap(toks[i])) return null;
    const np = npForward(toks, i + 1, Math.min(toks.length, i + 11));
    return np ? { cue: cueSpan(doc.text, toks, i), speaker: spanOf(toks, np), next: np[1] } : null;
  },
};

/** The speaker phrase after a strong cue that follows a comma ("…, said X"), or null. */
function speakerAfterCommaCue({ toks, k, strong }: CueSite): Range | null {
  // "…, told reporters": what follows "told" is the addressee; it never inverts.
  if (!strong || k < 3 || toks[k - 1]!.text !== ',' || TELL_FORMS.has(toks[k]!.lower)) return null;
  return npForward(toks, k + 1, Math.min(toks.length, k + 14));
}

export const invertedInterrupting: Rule<CueSite, Draft> = {
  id: 'inverted-interrupting',
  description:
    'An inverted attribution interrupting reported speech: "The ministers’ comments, said Junya Tanase of JPMorgan, were too weak."',
  examples: {
    match: ['The ministers’ comments, said Junya Tanase of JPMorgan, were far too weak to matter.'],
    noMatch: ['The ministers’ comments were far too weak to matter, said Junya Tanase of JPMorgan.'],
  },
  apply: (site) => {
    const { doc, toks, k } = site;
    const np = speakerAfterCommaCue(site);
    if (!np) return null;
    const after = np[1];
    const resume = toks[after + 1];
    if (textAt(toks, after) !== ',' || !resume || !/^\p{Ll}/u.test(resume.text) || isCueVerb(resume.lower))
      return null;
    const s = clauseStart(toks, k - 1, false);
    const e = sentenceEndFrom(toks, after + 1);
    if (k - 1 - s < 2 || e - (after + 1) < 2) return null;
    const first = { start: toks[s]!.start, end: toks[k - 2]!.end };
    let end = toks[e - 1]!.end;
    const q = doc.quotations.find((x) => x.start < end && end < x.end);
    if (q) end = q.end;
    const draft = makeDraft(
      reportedType(doc.quotations, first.start, end),
      { start: first.start, end },
      cueSpan(doc.text, toks, k),
      spanOf(toks, np),
      false,
    );
    draft.parts = [first, { start: resume.start, end }];
    return draft;
  },
};

/** The speaker of a clause-final inverted attribution: the name of an apposition when there is one. */
function invertedSpeaker(toks: readonly Tok[], np: Range): Range | null {
  if (textAt(toks, np[1]) !== ',') return isSentenceEnd(toks, np[1]) ? np : null;
  // An apposition naming the speaker: "said the company's chief executive, John J. Ferriola."
  const name = npForward(toks, np[1] + 1, Math.min(toks.length, np[1] + 8));
  if (!name || !isCap(toks[name[0]]) || !isSentenceEnd(toks, name[1])) return null;
  return name;
}

export const invertedClauseFinal: Rule<CueSite, Draft> = {
  id: 'inverted-clause-final',
  description:
    'Reported speech closed by an inverted attribution: "The plant is hanging on, said the chief executive, John Ferriola."',
  examples: {
    match: ['The plant is hanging on for now, said the company’s chief executive, John J. Ferriola.'],
    noMatch: [
      '“The plant is hanging on for now,” said the company’s chief executive, John J. Ferriola.',
      'The White House spokesman, Josh Earnest, told reporters.',
    ],
  },
  apply: (site) => {
    const { doc, toks, k } = site;
    const np = speakerAfterCommaCue(site);
    const speaker = np ? invertedSpeaker(toks, np) : null;
    if (!speaker) return null;
    const s = clauseStart(toks, k - 1, true);
    // A quotation's own attribution ("…,” said X.") belongs to the quote rules.
    if (k - 1 - s < 3 || /^[”"»’']$/.test(toks[k - 2]!.text)) return null;
    return makeDraft(
      'indirect',
      { start: toks[s]!.start, end: toks[k - 2]!.end },
      cueSpan(doc.text, toks, k),
      spanOf(toks, speaker),
      false,
    );
  },
};
