import type { TextSpan } from '../../domain/schema.js';
import { loadChrono } from './chrono.js';

export interface DateMention extends TextSpan {
  /** ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY) when the text and reference date determine it. */
  iso: string | null;
}

// Calendar words that make a phrase a date worth naming ("today" or "this year" alone are not).
const CALENDAR_RE =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\d/i;
// Case-sensitive: month and weekday names are capitalised ("May", not the verb "may").
const CANDIDATE_RE =
  /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b/;
const LEADING_RE = /^(?:(?:on|in|at|by|since|until|till|from|during|of|before|after)\s+)+/i;
const TRAILING_RE = /[\s,.;:!?)\]"'”’]+$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The last text's dates: the recogniser and the linker both ask for one article's dates, with the same
 * reference date when the article has no valid publication date (plain text), and chrono is slow.
 */
let lastDates: { text: string; ref: number | null; dates: readonly DateMention[] } | null = null;

/** Date expressions (chrono-node), normalised against the publication date when one is known. */
export function findDates(text: string, publishedAt: string | null): DateMention[] {
  const ref = publishedAt ? new Date(publishedAt) : null;
  const validRef = ref && !Number.isNaN(ref.getTime()) ? ref : null;
  const refTime = validRef ? validRef.getTime() : null;
  if (lastDates && lastDates.ref === refTime && lastDates.text === text)
    return lastDates.dates.map((d) => ({ ...d }));
  const out = parseDates(text, validRef);
  lastDates = { text, ref: refTime, dates: out.map((d) => ({ ...d })) };
  return out;
}

function parseDates(text: string, validRef: Date | null): DateMention[] {
  const out: DateMention[] = [];
  // chrono is slow on long text: parse only windows around words that name a month or weekday or
  // numeric dates (chrono finds no date in a bare year): from the sentence start before to the sentence end after.
  const candidates = new RegExp(CANDIDATE_RE.source, 'g');
  let windowStart = -1;
  let windowEnd = -1;
  const flush = (): void => {
    if (windowStart < 0) return;
    for (const d of parseLine(text.slice(windowStart, windowEnd), validRef)) {
      d.start += windowStart;
      d.end += windowStart;
      out.push(d);
    }
  };
  for (const m of text.matchAll(candidates)) {
    const before = text.lastIndexOf('\n', m.index);
    const sentenceStart = Math.max(before + 1, lastSentenceEnd(text, m.index, before + 1));
    // Up to the end of the line, at most ~200 characters on (cut at a space: no date is split).
    const lineEnd = text.indexOf('\n', m.index);
    const limit = lineEnd < 0 ? text.length : lineEnd;
    const space = limit - m.index > 200 ? text.indexOf(' ', m.index + 200) : -1;
    const end = space < 0 || space > limit ? limit : space;
    if (sentenceStart <= windowEnd) windowEnd = Math.max(windowEnd, end);
    else {
      flush();
      windowStart = sentenceStart;
      windowEnd = end;
    }
  }
  flush();
  return out;
}

/** Start of the sentence containing offset `at` (after the last ". " before it, not before `floor`). */
function lastSentenceEnd(text: string, at: number, floor: number): number {
  for (let i = at - 1; i > floor && i > at - 400; i--) {
    const c = text.charCodeAt(i);
    if ((c === 46 || c === 33 || c === 63) && /\s/.test(text[i + 1] ?? '')) return i + 1;
  }
  return floor;
}

type ChronoComponents = import('chrono-node').ParsedComponents;

/** ISO form of a parsed date at the precision it was written with (day, month or year), when the year is known. */
function isoOf(c: ChronoComponents, validRef: Date | null): string | null {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  const knowsYear = c.isCertain('year') || validRef !== null;
  if (!knowsYear || year === null) return null;
  const dayKnown = c.isCertain('day') || c.isCertain('weekday');
  if (dayKnown && month !== null && day !== null) return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (c.isCertain('month') && month !== null) return `${pad(year, 4)}-${pad(month)}`;
  return c.isCertain('year') ? pad(year, 4) : null;
}

/** The calendar phrase of a chrono match without leading prepositions or trailing punctuation, or null. */
function calendarPhrase(text: string, index: number): { start: number; phrase: string } | null {
  if (!CALENDAR_RE.test(text)) return null;
  let start = index;
  let phrase = text;
  const lead = LEADING_RE.exec(phrase);
  if (lead) {
    start += lead[0].length;
    phrase = phrase.slice(lead[0].length);
  }
  phrase = phrase.replace(TRAILING_RE, '');
  if (!phrase || !/^[\p{L}\p{N}]/u.test(phrase)) return null;
  // A bare number ("8,000") is not a date.
  if (/^[\d.,\s]+$/.test(phrase) && !/^\d{4}$/.test(phrase)) return null;
  return { start, phrase };
}

function parseLine(text: string, validRef: Date | null): DateMention[] {
  const out: DateMention[] = [];
  for (const r of loadChrono().parse(text, validRef ?? new Date(0))) {
    const c = r.start;
    if (!(c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month') || c.isCertain('year')))
      continue;
    const found = calendarPhrase(r.text, r.index);
    if (!found) continue;
    out.push({
      start: found.start,
      end: found.start + found.phrase.length,
      text: found.phrase,
      iso: isoOf(c, validRef),
    });
  }
  return out;
}
