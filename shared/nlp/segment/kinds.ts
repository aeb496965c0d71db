// What kind of line a sentence is: prose, or a headline, tag line, byline or dateline. Wire datelines and
// date lines run into a headline or lede are cut off as sentences of their own; picture credits run onto a
// caption are split off it.
import type { Span } from '../../domain/schema.js';
import type { SentenceKind } from '../segment.js';

export const MARKDOWN_HEADING_RE = /^#{1,6}\s/;
export const LIST_MARKER_RE = /^(?:[-*•·▪◦–—~]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s(?=\S))/;
// "By Jane Doe", "By JANE DOE and John Roe, Reuters", "(Reporting by …; Editing by …)", "© 2024 …".
const NAME = String.raw`\p{Lu}[\p{L}\p{M}.'’-]*`;
export const BYLINE_RE = new RegExp(
  String.raw`^(?:(?:By|BY|Written by|Reported by|Story by|Words by)\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|August|September|October|November|December|Then|Now|The|This|That)\b)` +
    String.raw`${NAME}(?:\s+${NAME}){0,3}(?:(?:\s*,\s*|\s+(?:and|&)\s+)${NAME}(?:\s+${NAME}){0,3}){0,3}(?:\s*[,|–—-]\s*[^.!?]{0,60})?` +
    String.raw`|©.*|\(?(?:Reporting|Writing|Editing|Additional reporting) by\b.*)$`,
  'u',
);
const DATE_WORD_RE =
  /^(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?|Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Updated|Published|Posted|at|on|of|[0-9]{1,4}(?:st|nd|rd|th)?|[0-9:.]+|a\.?m\.?|p\.?m\.?|GMT|UTC|ET|EST|BST)$/i;
// "MINSK, Nov 21 (Reuters) -", "WASHINGTON (AP) —", "FLINT, Mich., Oct. 4 (UPI) —", "LONDON —": a place in
// capitals, optional state and date, optional agency in brackets, a dash.
const DATELINE_PREFIX_RE =
  /^\p{Lu}[\p{Lu}\p{M}.'’ ]*\p{Lu}\.?((?:,\s*[\p{L}\p{M}.]+(?:\s+[\p{L}\p{M}.]+)?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)*)\s*(\([\p{L}\s.&/-]{1,30}\))?\s*(--|[-–—:])(?=\s)/u;

// Wikinews style: "Evansville, Indiana, United States -" (places in title case, at least two).
const PLACE = String.raw`\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*){0,3}`;
const PLACES_DATELINE_RE = new RegExp(
  String.raw`^${PLACE}(?:,\s*${PLACE}){1,3}\s+[-–—](?=\s+[\p{Lu}“"])`,
  'u',
);
// "Tuesday, September 1, 2015": a date line run into the headline before it or the lede after it.
const FULL_DATE = String.raw`(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}`;
const LEADING_DATE_RE = new RegExp(String.raw`^${FULL_DATE}(?=\s+[\p{Lu}“"‘(])`, 'u');
export const TRAILING_DATE_RE = new RegExp(
  String.raw`(?<![,;:]|\b(?:[Oo]n|of|since|until|by|from|to|before|after|and|or|between|than|through|as))\s+${FULL_DATE}$`,
  'u',
);

/** Length of a wire dateline at the start of `head`, or 0. A plain hyphen or colon needs an agency or a date. */
export function datelinePrefixLength(head: string): number {
  const m = DATELINE_PREFIX_RE.exec(head);
  if (!m) return PLACES_DATELINE_RE.exec(head)?.[0].length ?? LEADING_DATE_RE.exec(head)?.[0].length ?? 0;
  const [whole, placeAndDate, agency, dash] = m;
  if (dash === '—' || dash === '–' || dash === '--') return whole.length;
  return agency || /\d/.test(placeAndDate ?? '') ? whole.length : 0;
}

export function lineLooksStandalone(line: string): boolean {
  return BYLINE_RE.test(line) || datelinePrefixLength(line) > 0 || isDateLine(line);
}

export function isDateLine(line: string): boolean {
  const words = line.split(/[\s,|/–—-]+/).filter(Boolean);
  return (
    words.length > 0 && words.length <= 10 && words.every((w) => DATE_WORD_RE.test(w)) && /\d/.test(line)
  );
}

// Picture credits run onto a caption: "… in Washington D.C. Image: United States Navy." / "Photo: Reuters".
const CREDIT_WORDS = String.raw`(?:Image|Images|Photo|Photos|Photograph|Picture|Credit|Video|Graphic|Illustration)`;
const CREDIT_START_RE = new RegExp(String.raw`^${CREDIT_WORDS} ?:\s`);
const CREDIT_RE = new RegExp(String.raw`\s${CREDIT_WORDS} ?:\s`, 'g');

/** Splits a block before each picture credit. */
export function splitAtCredits(text: string, block: Span): Span[] {
  const body = text.slice(block.start, block.end);
  if (!body.includes(':')) return [block];
  const out: Span[] = [];
  let start = block.start;
  for (const m of body.matchAll(CREDIT_RE)) {
    const at = block.start + m.index + 1;
    if (at > start) out.push({ start, end: m.index + block.start });
    start = at;
  }
  out.push({ start, end: block.end });
  return out;
}

/** The kind of a sentence that is a whole block; prose unless it looks like a headline, tag line, byline or dateline. */
export function blockKind(sentence: string, wholeBlock: boolean, paragraphIndex: number): SentenceKind {
  // Most sentences: prose that ends like a sentence and is not a byline ("By …", "(Reporting by …").
  if (
    !wholeBlock &&
    /[.!?…][”’"'»)\]]*$/.test(sentence) &&
    !/^\(?(?:By|BY|Reporting|Writing|Editing|Written|Edited|Additional|©)/.test(sentence)
  )
    return 'prose';
  if ((BYLINE_RE.test(sentence) || CREDIT_START_RE.test(sentence)) && sentence.split(/\s+/).length <= 20)
    return 'byline';
  if (datelinePrefixLength(sentence) === sentence.length) return 'dateline';
  if (wholeBlock && MARKDOWN_HEADING_RE.test(sentence)) return 'headline';
  if (isDateLine(sentence)) return 'dateline';
  if (!wholeBlock || /[.!?…:;,][”’"'»)\]]*$/.test(sentence) || LIST_MARKER_RE.test(sentence)) return 'prose';
  const words = sentence.split(/\s+/);
  if (words.length > 25) return 'prose';
  // "Belarus, Russia", "Politics", "World News": a short list of capitalised labels.
  const items = sentence.split(/\s*[,;|/•·]\s*|\s+(?:and|&)\s+/);
  const isLabelList = items.every((item) =>
    /^(?:\p{Lu}[\p{L}\p{M}'’.-]*)(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}$/u.test(item),
  );
  if (isLabelList && (items.length > 1 || words.length <= 2)) return 'tagline';
  if (paragraphIndex >= 0) return 'headline';
  return 'prose';
}
