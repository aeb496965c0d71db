import type { LabelledSpan } from '../ml/spans.js';
import { isTableLine } from './features.js';

// Results lines whose layout settles what their names are, fixed after decoding (before label
// consistency, which leaves table lines alone). Each rule checked against CoNLL-2003 train's gold spans:
// - a score line, "Sale 31 Wasps 33", "Zemun 1 Rad ( B ) 0", "Florida 10 ST LOUIS 9": a name, a score, a
//   name, a score and nothing else. The names are the two sides, each one span: clubs (organisations)
//   unless both are countries (national teams are places in CoNLL-2003). Of 938 such sides in eng.train,
//   923 are one ORG span and 8 countries (LOC, in pairs); 1 PER and 2 cut names are annotation slips.
// - a ranking row, "1. Alex Zanardi ( Italy ) , Reynard Honda , 53.980": a name tagged as a person right
//   after a person and their bracketed country, with a time or score after it, is the team. In eng.train
//   such a slot holds 102 ORG spans (teams), 22 MISC (cars, which the tagger gets), 3 LOC and 1 PER.
// - a club of a score line is a club in the article's other tables too: standings "Rad ( B ) 4 1 1 2 2 3 4"
//   after "Zemun 1 Rad ( B ) 0". In eng.train, the names of score lines' sides on the same article's other
//   table lines are 337 ORG spans and 1 PER (the same "Lotte" slip); in its prose they are often places
//   (datelines, "Ethiopia win 4-2 on penalties"), so prose is left alone.

/** Whole numbers only: scores, not times or dates. */
const SCORE_RE = /^\d{1,3}$/;
/** A time, score or distance ("53.980", "2:09", "12"). */
const RESULT_RE = /^\d[\d.:,]*$/;
/** What a side of a score line is made of: capitalised words, "'s", "&", brackets ("Rad ( B )"). */
const SIDE_RE = /^(?:\p{Lu}[\p{L}.'&-]*|'s|&|\(|\)|of|de|la|del)$/u;
const CAPITALISED_RE = /^\p{Lu}/u;
/** Month abbreviations and names: "Aug 27 Aug 26" is two dates. */
const MONTH_RE = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$/i;

/** Whether words[start, end) name a country (a national team in a score line). */
export type CountryTest = (words: readonly string[], start: number, end: number) => boolean;

/** The two sides of a score line ("Leeds 2 Chelsea 1") as token ranges, or null for any other line. */
export function scoreLineSides(words: readonly string[]): [[number, number], [number, number]] | null {
  const n = words.length;
  if (n < 4 || n > 16 || !SCORE_RE.test(words[n - 1]!)) return null;
  let mid = -1;
  for (let i = 1; i < n - 2; i++) {
    if (!SCORE_RE.test(words[i]!)) continue;
    if (mid >= 0) return null;
    mid = i;
  }
  if (mid < 0) return null;
  const sides: [[number, number], [number, number]] = [
    [0, mid],
    [mid + 1, n - 1],
  ];
  for (const [a, b] of sides) {
    if (!CAPITALISED_RE.test(words[a]!) || MONTH_RE.test(words[a]!)) return null;
    for (let k = a; k < b; k++) if (!SIDE_RE.test(words[k]!)) return null;
  }
  return sides;
}

/** A person's bracketed country right before `k` ("Zanardi ( Italy ) ,"), given the sentence's spans. */
function afterPersonsCountry(words: readonly string[], spans: readonly LabelledSpan[], k: number): boolean {
  let j = k - 1;
  if (words[j] === ',') j--;
  return (
    words[j] === ')' &&
    words[j - 2] === '(' &&
    spans.some((s) => s.label === 'LOC' && s.start === j - 1 && s.end === j) &&
    spans.some((s) => s.label === 'PER' && s.end === j - 2)
  );
}

/** Whether a sentence may be a results line these rules reshape (a cheap first test). */
export function mayBeResultsLine(words: readonly string[], spans: readonly LabelledSpan[]): boolean {
  if (scoreLineSides(words) !== null) return true;
  return spans.some((s) => s.label === 'PER' && afterPersonsCountry(words, spans, s.start));
}

/**
 * One sentence's spans by the results-line rules above, or null when nothing changes: a score line's
 * sides become one span each (ORG, or LOC when both are countries); a "person ( country ) [,] X [,] time" row's X
 * tagged as a person becomes ORG.
 */
export function reshapeResultsLine(
  words: readonly string[],
  spans: readonly LabelledSpan[],
  isCountry: CountryTest,
): LabelledSpan[] | null {
  const sides = scoreLineSides(words);
  if (sides) {
    // "Ethiopia 1 Uganda 1" is two national teams; "Guingamp 2 Monaco 1" two clubs.
    const label = sides.every(([start, end]) => isCountry(words, start, end)) ? 'LOC' : 'ORG';
    const out = sides.map(([start, end]) => ({ label, start, end }));
    const same =
      out.length === spans.length &&
      out.every(
        (s, i) => s.label === spans[i]!.label && s.start === spans[i]!.start && s.end === spans[i]!.end,
      );
    return same ? null : out;
  }
  let changed = false;
  const out = spans.map((s) => {
    if (s.label !== 'PER' || !afterPersonsCountry(words, spans, s.start)) return s;
    const comma = words[s.start - 1] === ',';
    const next = comma ? (words[s.end] === ',' ? words[s.end + 1] : undefined) : words[s.end];
    if (next === undefined || !RESULT_RE.test(next)) return s;
    changed = true;
    return { ...s, label: 'ORG' };
  });
  return changed ? out : null;
}

/** Whether a line is a table line (results, standings) other than a score line, where clubs recur. */
export function isStandingsLine(words: readonly string[]): boolean {
  return isTableLine(words) && scoreLineSides(words) === null;
}

/**
 * The clubs of the article's score lines (ORG sides, as lowercased token lists), after reshapeResultsLine.
 */
export function scoreLineClubs(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly LabelledSpan[])[],
): string[][] {
  const clubs = new Map<string, string[]>();
  sentences.forEach((words, i) => {
    if (!scoreLineSides(words)) return;
    for (const s of spans[i] ?? []) {
      if (s.label !== 'ORG') continue;
      const club = words.slice(s.start, s.end).map((w) => w.toLowerCase());
      clubs.set(club.join(' '), club);
    }
  });
  return [...clubs.values()];
}

/**
 * A standings line's spans with each span that starts a club of the article's score lines made that
 * club, as an organisation ("Rad" PER → "Rad ( B )" ORG), and untagged clubs tagged; null when nothing
 * changes.
 */
export function clubsOnStandingsLine(
  words: readonly string[],
  spans: readonly LabelledSpan[],
  clubs: readonly (readonly string[])[],
): LabelledSpan[] | null {
  if (!clubs.length || !isStandingsLine(words)) return null;
  // The longest club starting at token k (its end), or -1.
  const clubAt = (k: number): number => {
    let end = -1;
    for (const club of clubs)
      if (k + club.length > end && club.every((w, d) => words[k + d]?.toLowerCase() === w))
        end = k + club.length;
    return end;
  };
  const out: LabelledSpan[] = [];
  let changed = false;
  let j = 0;
  for (let k = 0; k < words.length;) {
    const s = spans[j];
    if (s && s.start === k) {
      const end = clubAt(k);
      j++;
      if (end < s.end || (s.label === 'ORG' && end === s.end)) {
        out.push(s);
        k = s.end;
        continue;
      }
      changed = true;
      out.push({ label: 'ORG', start: k, end });
      // Spans inside the club ("Rad" "B") give way to it.
      while (j < spans.length && spans[j]!.start < end) j++;
      k = end;
      continue;
    }
    const end = clubAt(k);
    if (end > k && (!s || s.start >= end)) {
      changed = true;
      out.push({ label: 'ORG', start: k, end });
      k = end;
      continue;
    }
    k++;
  }
  return changed ? out : null;
}
