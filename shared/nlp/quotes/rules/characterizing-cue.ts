// Characterising cues beyond the lexicon's characterising verbs: "likened the rules to “…”", "has used
// the phrase “…”", and those verbs in the progressive ("is describing as “…”"). They act after the
// tagger (extract.ts); their word lists are the lexicon's.
import { LIKENING_VERB, PASSIVE_BE, QUOTED_TERM_NOUN, USE_VERB } from '../../lexicon/index.js';
import type { Draft } from '../draft.js';
import { npBackward, verbGroupStart } from '../phrases.js';
import type { Range } from '../phrases.js';
import { isCap, lowerAt, textAt, wordCount, type Tok } from '../tokens.js';
import {
  characterizedQuote,
  characterizingVerb,
  isCharacterizingVerb,
  type CharacterizationSite,
} from './quotation-marks.js';
import type { Rule } from './rule.js';

/** A characterising verb in the progressive ("is describing as “…”"), which the verb rule takes for a passive. */
function isProgressive(toks: readonly Tok[], k: number): boolean {
  return (
    isCharacterizingVerb(toks[k]!) &&
    /ing$/.test(toks[k]!.lower) &&
    toks.slice(verbGroupStart(toks, k), k).some((x) => PASSIVE_BE.has(x.lower))
  );
}

/** Whether token k is such a cue: a likening verb, "use" before "the phrase"/"the term", a progressive. */
export function isCharacterizingCue(toks: readonly Tok[], k: number): boolean {
  const t = toks[k];
  if (!t || isCap(t)) return false;
  if (LIKENING_VERB.test(t.lower) || isProgressive(toks, k)) return true;
  return (
    USE_VERB.test(t.lower) && lowerAt(toks, k + 1) === 'the' && QUOTED_TERM_NOUN.test(lowerAt(toks, k + 2))
  );
}

/**
 * The rules for a quoted phrase after token k: the characterising verb's ("called it “…”"), this file's
 * for the other cues, none for a request ("called on them to “…”", "called for").
 */
export function characterizationRules(
  toks: readonly Tok[],
  k: number,
): readonly Rule<CharacterizationSite, Draft>[] | null {
  if (isCharacterizingCue(toks, k)) return [characterizingCue];
  if (!isCharacterizingVerb(toks[k]!)) return null;
  return /^call/.test(toks[k]!.lower) && /^(?:on|upon|for)$/.test(lowerAt(toks, k + 1))
    ? null
    : [characterizingVerb, characterizingCue];
}

/** The subject before the verb group at verbAt, two coordinated ("Obama and Clinton call"); `coordinated` says which. */
function subjectBefore(toks: readonly Tok[], verbAt: number): { np: Range; coordinated: boolean } | null {
  // A subject set off by the comma closing an apposition ("Another critic, Laurence H. Tribe, likened").
  const end = textAt(toks, verbAt - 1) === ',' ? verbAt - 1 : verbAt;
  const np = npBackward(toks, end, 0);
  if (!np || np[1] !== end) return null;
  const first = lowerAt(toks, np[0] - 1) === 'and' ? npBackward(toks, np[0] - 1, 0) : null;
  return first && first[1] === np[0] - 1 && isCap(toks[first[0]]) && isCap(toks[np[0]])
    ? { np: [first[0], np[1]], coordinated: true }
    : { np, coordinated: false };
}

/** Where the quotation must open for the cue at k: after "to"/"with", right after the term noun, or past an object. */
function opensWhereExpected(toks: readonly Tok[], k: number, j: number): boolean {
  if (LIKENING_VERB.test(toks[k]!.lower)) return /^(?:to|with)$/.test(lowerAt(toks, j - 1));
  if (USE_VERB.test(toks[k]!.lower)) return j === k + 3;
  return j > k + 1;
}

export const characterizingCue: Rule<CharacterizationSite, Draft> = {
  id: 'characterizing-cue',
  description:
    'A short quoted phrase after "likened … to", "used the phrase", a progressive "is describing as" or "X and Y call them" is the subject’s direct quote.',
  examples: {
    match: [
      'Another critic, Laurence H. Tribe, likened the rules to "burning the Constitution" in a letter.',
      'Trump has used the phrase “Islamic terrorism” often in his campaign.',
      'Hillary Clinton is describing as “unhinged” a tweet sent overnight.',
      'When attacks come, Obama and Clinton call them "lone wolves" and describe them as crimes.',
    ],
    noMatch: [
      'The rules were likened to "burning the Constitution" in a letter.',
      'She used the “smart” kettle every morning.',
      'Critics compared the prices, which they called fair.',
      'The charity called on British firms not to simply “cut and run” from the region.',
    ],
  },
  apply: (site) => {
    const { doc, toks, k, j, q } = site;
    const ownCue = isCharacterizingCue(toks, k);
    if ((!ownCue && !isCharacterizingVerb(toks[k]!)) || !opensWhereExpected(toks, k, j)) return null;
    const words = wordCount(doc.text.slice(q.innerStart, q.innerEnd));
    const found = subjectBefore(toks, verbGroupStart(toks, k));
    // The lexicon's verbs come here only with two names for a subject, which the verb rule does not take.
    if (words < 1 || words > 8 || !found || (!ownCue && !found.coordinated)) return null;
    const subject = found.np;
    const verbAt = verbGroupStart(toks, k);
    // The cue is not a passive ("were likened to “…”"); the subject must open its clause.
    const passive = !isProgressive(toks, k) && toks.slice(verbAt, k).some((x) => PASSIVE_BE.has(x.lower));
    return characterizedQuote(site, subject, passive);
  },
};
