// "According to X": before a clause, after it, or right after a quotation.
import { CLAUSE_OPENERS, VERB_GROUP_WORDS, ARTICLES, TITLES, isCueVerb } from '../../lexicon/index.js';
import type { CueSite } from '../cue-site.js';
import { makeDraft, reportedType, type Attribution, type Draft } from '../draft.js';
import { npForward, type Range } from '../phrases.js';
import { clauseStart, lowerAt, sentenceEndFrom, spanOf, spanText, textAt, type Tok } from '../tokens.js';
import type { TrailSite } from './quotation-marks.js';
import type { Rule } from './rule.js';

export const accordingToAfterQuotation: Rule<TrailSite, Attribution> = {
  id: 'according-to-after-quotation',
  description: '"according to" and a speaker right after a quotation: “…,” according to the ministry.',
  examples: {
    match: ['“Supplies will last until spring,” according to the energy ministry.'],
    noMatch: ['“Supplies will last until spring,” the energy ministry said.'],
  },
  apply: ({ doc, toks, i }) => {
    if (toks[i]!.lower !== 'according' || toks[i + 1]?.lower !== 'to') return null;
    const np = npForward(toks, i + 2, Math.min(toks.length, i + 12));
    if (!np) return null;
    return {
      cue: spanText(doc.text, toks[i]!.start, toks[i + 1]!.end),
      speaker: spanOf(toks, np),
      next: np[1],
    };
  },
};

/** The speaker after "according to" at token k. */
const accordingSpeaker = ({ toks, k }: CueSite): Range | null =>
  npForward(toks, k + 2, Math.min(toks.length, k + 12));

/** "According to X, …" opens the sentence or a clause, and a comma follows the speaker. */
function opensSentence({ toks, k }: CueSite, np: Range): boolean {
  if (textAt(toks, np[1]) !== ',') return false;
  if (k === 0 || /^[;:]$/.test(toks[k - 1]!.text)) return true;
  // Between commas, it opens what follows, unless a conjunction starts a new clause there: "53% own
  // one, according to Intervoice, but the figures are higher …" attributes the clause before.
  return toks[k - 1]!.text === ',' && !CLAUSE_OPENERS.has(lowerAt(toks, np[1] + 1));
}

/** Past an apposition after the speaker: "According to Pat Ferguson, President of AMBO, work …". */
function pastApposition(toks: readonly Tok[], s: number): number {
  const close = toks.findIndex((x, j) => j > s && j <= s + 8 && x.text === ',');
  const appositive =
    close > s &&
    (TITLES.has(toks[s]!.lower) || ARTICLES.has(toks[s]!.lower)) &&
    !toks.slice(s, close).some((x) => VERB_GROUP_WORDS.has(x.lower) || isCueVerb(x.lower));
  return appositive && close + 1 < toks.length ? close + 1 : s;
}

function accordingDraft(site: CueSite, np: Range, s: number, e: number): Draft | null {
  const { doc, toks, k } = site;
  if (e - s < 3) return null;
  const start = toks[s]!.start;
  const end = toks[e - 1]!.end;
  return makeDraft(
    reportedType(doc.quotations, start, end),
    { start, end },
    spanText(doc.text, toks[k]!.start, toks[k + 1]!.end),
    spanOf(toks, np),
    false,
  );
}

export const accordingToLeading: Rule<CueSite, Draft> = {
  id: 'according-to-leading',
  description: '"According to X," before the clause it attributes.',
  examples: {
    match: ['According to Pat Ferguson, President of AMBO, work on the road will start in May.'],
    noMatch: ['Work on the road will start in May, according to Pat Ferguson.'],
  },
  apply: (site) => {
    const np = accordingSpeaker(site);
    if (!np || !opensSentence(site, np)) return null;
    const s = pastApposition(site.toks, np[1] + 1);
    return accordingDraft(site, np, s, sentenceEndFrom(site.toks, s));
  },
};

export const accordingToTrailing: Rule<CueSite, Draft> = {
  id: 'according-to-trailing',
  description: '", according to X" after the clause it attributes.',
  examples: {
    match: [
      'Work on the road will start in May, according to Pat Ferguson.',
      'About 53% of pensioners own a mobile, according to Intervoice, but the figures are higher for teenagers.',
    ],
    noMatch: ['According to Pat Ferguson, work on the road will start in May.'],
  },
  apply: (site) => {
    const { toks, k } = site;
    const np = accordingSpeaker(site);
    if (!np || opensSentence(site, np) || k === 0 || toks[k - 1]!.text !== ',') return null;
    const e = k - 1;
    return accordingDraft(site, np, clauseStart(toks, e, false), e);
  },
};
