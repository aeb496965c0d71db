import type { LabelledSpan } from '../ml/spans.js';

// Span shapes the tagger gets wrong in ways the article's own words settle, fixed after decoding (before
// label consistency), each checked against CoNLL-2003 train's gold spans (which they almost never break):
// - coordinated names tagged as one: an organisation span is cut at a comma unless the rest is a firm's
//   name with its partners or designator ("Mobil , Shell", but "Goldman , Sachs & Co", "Ferris , Baker
//   Watts , Inc."), and at "and" when either side is tagged as a name of its own elsewhere in the article
//   ("Commerce said" … "Mercantile and Commerce"): names with "and" inside ("Securities and Exchange
//   Commission") are rarely also written in halves (2 of 6,321 train ORG spans would be cut);
// - a corporate designator right after a span belongs to it, and makes it an organisation ("Pirelli SpA");
// - a month, year or "X-based" does not start a name ("July FOMC", "Mo.-based Commerce Bancshares Inc.");
// - a capital in brackets after a club belongs to it ("Zeleznik ( B )", how results tables tell clubs apart).

export const DESIGNATOR_RE =
  /^(?:inc|corp|co|ltd|llc|plc|lp|l\.p|ag|sa|s\.a|nv|n\.v|spa|bv|gmbh|limited|incorporated|company|cos)\.?$/i;
const CAPITALISED_RE = /^\p{Lu}/u;

/** The article's tagged names (lowercased, space-joined) with how many times each was tagged. */
export function taggedNames(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly LabelledSpan[])[],
): Map<string, number> {
  const names = new Map<string, number>();
  sentences.forEach((words, i) => {
    for (const s of spans[i] ?? []) {
      const k = key(words, s.start, s.end);
      names.set(k, (names.get(k) ?? 0) + 1);
    }
  });
  return names;
}

const key = (words: readonly string[], a: number, b: number): string =>
  words.slice(a, b).join(' ').toLowerCase();

/** A single capital in brackets right after a name: "Proleter ( Z )", "Rad ( B )" (a club's town). */
const bracketedInitial = (words: readonly string[], k: number): boolean =>
  words[k] === '(' && /^\p{Lu}$/u.test(words[k + 1] ?? '') && words[k + 2] === ')';

/** Whether a span may be reshaped here (a cheap first test): see `reshapeSpans`. */
export function mayReshape(words: readonly string[], span: LabelledSpan): boolean {
  if (leadingNoise(words, span)) return true;
  if (span.label === 'PER' && span.start > 0 && BASED_RE.test(words[span.start - 1]!)) return true;
  const next = words[span.end];
  if (next !== undefined && DESIGNATOR_RE.test(next)) return true;
  if (span.label === 'ORG' && bracketedInitial(words, span.end)) return true;
  if (span.label !== 'ORG' || span.end - span.start < 3) return false;
  for (let i = span.start + 1; i < span.end - 1; i++) if (words[i] === ',' || words[i] === 'and') return true;
  return false;
}

// Words a name does not start with: "July FOMC", "1979 Democracy Wall", "Mo.-based Commerce Bancshares
// Inc." (no gold span of CoNLL-2003 train or testa starts with these, but for "Jan", "May", "June", "April"
// as first names and years in event names: "1998 World Cup" is MISC and kept).
const LEADING_MONTH_RE = /^(?:January|February|March|July|August|September|October|November|December)$/;
const LEADING_YEAR_RE = /^(?:19|20)\d\d$/;
const BASED_RE = /.-based$/i;

/** Tokens to drop at the start of a span ("July FOMC" → "FOMC"). */
function leadingNoise(words: readonly string[], span: LabelledSpan): number {
  const first = words[span.start]!;
  if (span.end - span.start < 2 || !CAPITALISED_RE.test(words[span.start + 1]!)) return 0;
  if (BASED_RE.test(first)) return 1;
  if (span.label === 'PER' || span.label === 'MISC') return 0;
  return LEADING_MONTH_RE.test(first) || LEADING_YEAR_RE.test(first) ? 1 : 0;
}

/** A span with its start trimmed, its end extended and its type set by the rules above. */
function adjusted(words: readonly string[], span: LabelledSpan): LabelledSpan {
  let { label, end } = span;
  const start = span.start + leadingNoise(words, span);
  // "Ohio-based KeyCorp": what is based somewhere is an organisation (13 of 15 such names in CoNLL-2003
  // train and testa; the others are demonyms, MISC).
  if (label === 'PER' && start > 0 && BASED_RE.test(words[start - 1]!)) label = 'ORG';
  const next = words[end];
  if (next !== undefined && DESIGNATOR_RE.test(next) && CAPITALISED_RE.test(next)) {
    end += 1;
    label = 'ORG';
  } else if (label === 'ORG' && bracketedInitial(words, end)) end += 3;
  return { label, start, end };
}

/**
 * One sentence's spans reshaped by the rules above: starts trimmed, designators and bracketed capitals
 * taken in, coordinated organisations split. Null when nothing changes.
 */
export function reshapeSpans(
  words: readonly string[],
  spans: readonly LabelledSpan[],
  names: ReadonlyMap<string, number>,
): LabelledSpan[] | null {
  const out: LabelledSpan[] = [];
  let changed = false;
  for (let j = 0; j < spans.length; j++) {
    const span = spans[j]!;
    const r = adjusted(words, span);
    if (r.start !== span.start || r.end !== span.end || r.label !== span.label) changed = true;
    // The tokens taken in leave the spans that started there.
    while (j + 1 < spans.length && spans[j + 1]!.start < r.end) j++;
    const ranges = r.end === span.end ? splitCoordinated(words, r, names) : [[r.start, r.end] as const];
    if (ranges.length > 1) changed = true;
    for (const [start, end] of ranges)
      out.push(
        start === span.start && end === span.end && r.label === span.label
          ? span
          : { label: r.label, start, end },
      );
  }
  return changed ? out : null;
}

/** Token ranges an organisation span splits into ([start, end) pairs; the span itself when it does not). */
export function splitCoordinated(
  words: readonly string[],
  span: LabelledSpan,
  names: ReadonlyMap<string, number>,
): [number, number][] {
  const { start, end } = span;
  if (span.label !== 'ORG' || end - start < 3) return [[start, end]];
  for (let i = start + 1; i < end - 1; i++) {
    const w = words[i]!;
    if (w !== ',' && w !== 'and') continue;
    const right = words[i + 1]!;
    if (!CAPITALISED_RE.test(right) || !CAPITALISED_RE.test(words[i - 1]!)) continue;
    if (w === ',') {
      let partners = false;
      for (let k = i + 1; k < end; k++)
        if (words[k] === '&' || words[k] === 'and' || DESIGNATOR_RE.test(words[k]!)) partners = true;
      if (partners) continue;
    } else {
      let designator = false;
      for (let k = i + 1; k < end; k++) if (DESIGNATOR_RE.test(words[k]!)) designator = true;
      if (designator || !(names.has(key(words, start, i)) || names.has(key(words, i + 1, end)))) continue;
    }
    return [[start, i], ...splitCoordinated(words, { ...span, start: i + 1 }, names)];
  }
  return [[start, end]];
}
