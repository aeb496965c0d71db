// Normalising the metadata that sources give in many shapes: dates, language tags, titles.
import { loadChrono } from '../nlp/ner/chrono.js';
import { LETTER, codePointIf, codePointLength, isAsciiLetter } from '../nlp/code-points.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A publication date in any common written form → ISO 8601 (date only when no time is given), else null. */
export function normalisePublishedAt(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds or milliseconds.
    const date = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso; // YAML dates without a time
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s) return null;
  if (DATE_ONLY.test(s)) return Number.isNaN(Date.parse(s)) ? null : s;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  const parsed = loadChrono().parse(s, undefined, { forwardDate: false })[0];
  if (!parsed) return null;
  const { start } = parsed;
  if (!start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) return null;
  if (start.isCertain('hour')) return start.date().toISOString();
  const y = start.get('year')!;
  const m = start.get('month')!;
  const d = start.get('day')!;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "EN_us", "en-us" → "en-US"; null for what is not a language tag. */
export function normaliseLanguage(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const parts = value.trim().replace(/_/g, '-').split('-');
  const [primary, ...rest] = parts;
  if (!primary || !/^[a-z]{2,3}$/i.test(primary)) return null;
  return [
    primary.toLowerCase(),
    ...rest.map((p) =>
      p.length === 2
        ? p.toUpperCase()
        : p.length === 4
          ? p[0]!.toUpperCase() + p.slice(1).toLowerCase()
          : p.toLowerCase(),
    ),
  ].join('-');
}

// Frequent English function words: a cheap, dependable signal for "this is English".
const ENGLISH = new Set(
  `the of and to in a is that for on was with he it as said by at from his be have has are were an not
  but they this who their its had which will would been she her we after also i you more about than one
  there or says told new year over when what into could can last two up out other them our all`.split(/\s+/),
);

/**
 * "en" when the text reads as English, else null (unknown rather than a guess): the share of its
 * letter runs (\p{L}+, lower-cased, in the first 20,000 characters) that are frequent English function
 * words, and of those written in a–z alone. One scan, no array of words.
 */
export function detectLanguage(text: string): string | null {
  const lower = text.slice(0, 20_000).toLowerCase();
  let words = 0;
  let hits = 0;
  let latin = 0;
  for (let i = 0; i < lower.length;) {
    let step = codePointIf(lower, i, isAsciiLetter, LETTER);
    if (!step) {
      i += codePointLength(lower, i);
      continue;
    }
    const start = i;
    let ascii = true;
    while (step) {
      const c = lower.charCodeAt(i);
      if (c < 97 || c > 122) ascii = false;
      i += step;
      step = i < lower.length ? codePointIf(lower, i, isAsciiLetter, LETTER) : 0;
    }
    words++;
    if (ascii) {
      latin++;
      if (i - start <= 5 && ENGLISH.has(lower.slice(start, i))) hits++;
    }
  }
  if (words < 3) return null;
  if (latin / words < 0.8) return null;
  return hits / words >= (words < 20 ? 0.15 : 0.2) ? 'en' : null;
}

/** Collapses whitespace inside a title; empty → null. */
export function cleanTitle(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}
