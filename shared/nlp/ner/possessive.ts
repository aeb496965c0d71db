import type { LabelledSpan } from '../ml/spans.js';
import { DESIGNATOR_RE } from './coordination.js';

// Firms whose name has a possessive in it: when the article writes the full name, an organisation, "'s",
// and generic firm words ("Boatmen 's Bancshares Inc.", "Moody 's Investors Service"), that is one name,
// and the short form the article then uses keeps its "'s" ("Boatmen 's was the prize", "a bid for Boatmen
// 's"), as CoNLL-2003 writes "Lloyd 's", "Moody 's", "Checker 's" (17 short forms with a final "'s" in
// eng.train). Without the full name in the article nothing changes: "Pirelli 's shares" is Pirelli's.
// A name of its own after the "'s" is another firm ("Daimler 's Mercedes-Benz AG"): left alone. In
// eng.train an organisation before "'s" and a designated firm never occurs as two gold spans (the
// possessives there are countries and people: "Austria 's Immuno International AG").

const POSSESSIVE = "'s";

/**
 * Words of a firm's name that name no firm on their own: after "X 's" they finish X's name ("Boatmen 's
 * Bancshares Inc.", "Moody 's Investors Service"), whereas a name of its own after a firm's "'s" is
 * another firm, its subsidiary ("Daimler 's Mercedes-Benz AG", "Unilever 's Lipton Inc").
 */
const GENERIC_RE =
  /^(?:bancshares|bancorp|bancorporation|holdings?|group|financial|investors|services?|industries|enterprises|companies|international|stores|restaurants|laboratories|trust)$/i;

/** The generic rest of a firm's name after `left` ("Boatmen" → "Bancshares Inc."), if there is one. */
function designatedAfter(words: readonly string[], spans: readonly LabelledSpan[], left: LabelledSpan) {
  if (left.label !== 'ORG' || words[left.end] !== POSSESSIVE) return undefined;
  const rest = spans.find((s) => s.label === 'ORG' && s.start === left.end + 1);
  if (!rest || !GENERIC_RE.test(words[rest.start]!)) return undefined;
  for (let k = rest.start; k < rest.end; k++)
    if (!GENERIC_RE.test(words[k]!) && !DESIGNATOR_RE.test(words[k]!)) return undefined;
  return rest;
}

/** Lowercased short names of the article's firms written "X 's Bancshares Inc." ("boatmen"). */
export function possessiveFirms(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly LabelledSpan[])[],
): Set<string> {
  const firms = new Set<string>();
  sentences.forEach((words, i) => {
    const list = spans[i] ?? [];
    for (const s of list)
      if (designatedAfter(words, list, s)) firms.add(words.slice(s.start, s.end).join(' ').toLowerCase());
  });
  return firms;
}

/** Whether a sentence may hold a possessive firm name (a cheap first test): a span before "'s". */
export function mayBePossessiveFirm(words: readonly string[], spans: readonly LabelledSpan[]): boolean {
  return spans.some((s) => s.label === 'ORG' && words[s.end] === POSSESSIVE);
}

/**
 * One sentence's spans with the article's possessive firms joined ("Boatmen" "Bancshares Inc." →
 * "Boatmen 's Bancshares Inc.") and their short forms given their "'s"; null when nothing changes.
 */
export function joinPossessiveFirms(
  words: readonly string[],
  spans: readonly LabelledSpan[],
  firms: ReadonlySet<string>,
): LabelledSpan[] | null {
  if (!firms.size) return null;
  const out: LabelledSpan[] = [];
  let changed = false;
  for (let j = 0; j < spans.length; j++) {
    const s = spans[j]!;
    if (
      s.label !== 'ORG' ||
      words[s.end] !== POSSESSIVE ||
      !firms.has(words.slice(s.start, s.end).join(' ').toLowerCase())
    ) {
      out.push(s);
      continue;
    }
    changed = true;
    const full = designatedAfter(words, spans, s);
    if (full) {
      out.push({ label: 'ORG', start: s.start, end: full.end });
      while (j + 1 < spans.length && spans[j + 1]!.start < full.end) j++;
    } else out.push({ label: 'ORG', start: s.start, end: s.end + 1 });
  }
  return changed ? out : null;
}
