import type { Span, TextSpan } from '../domain/schema.js';
import { NUMBER_ABBREVIATIONS, TERMINAL_CAPABLE_ABBREVIATIONS, TITLE_ABBREVIATIONS } from './tokenize.js';

export type SentenceKind = 'prose' | 'headline' | 'tagline' | 'byline' | 'dateline';

export interface Sentence extends TextSpan {
  paragraphIndex: number;
  kind: SentenceKind;
}

/** Paragraphs: runs of text separated by blank lines. Spans exclude surrounding whitespace. Linear time. */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const add = (start: number, end: number) => {
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) out.push({ start, end });
  };
  const addBlock = (start: number, end: number) => {
    if (!linesAreParagraphs(text.slice(start, end))) return add(start, end);
    let s = start;
    for (let i = text.indexOf('\n', s); i >= 0 && i < end; i = text.indexOf('\n', s)) {
      add(s, i);
      s = i + 1;
    }
    add(s, end);
  };
  let start = 0;
  for (const m of text.matchAll(/\n(?:[^\S\n]*\n)+/g)) {
    addBlock(start, m.index);
    start = m.index + m[0].length;
  }
  addBlock(start, text.length);
  return out;
}

/**
 * A block whose lines are long and each end like a sentence ("…African-Americans.\n“I have been …") holds
 * one paragraph per line (texts that separate paragraphs by a single line break); a hard-wrapped block's
 * lines are short and mostly end mid-sentence.
 */
function linesAreParagraphs(block: string): boolean {
  const lines = block.trim().split('\n');
  if (lines.length < 2) return false;
  // A line ends like a sentence, or with a dash attribution ("…a dictator.” ― Christina Olidem").
  const ended = lines.slice(0, -1).every((l) => /(?:[.!?:”"’)]|[―—–]\s*\p{Lu}[^.!?―—–]{0,60})\s*$/u.test(l));
  const meanLength = block.length / lines.length;
  return ended && meanLength > 100;
}

// Rule-based splitter. Paragraphs first; inside a paragraph, a line break ends a sentence only when a
// line stands alone (list item, headline, byline, dateline); otherwise it is a stray wrap. Inside the
// resulting blocks a sentence ends after . ! ? … (plus closing quotes and brackets) when what follows
// looks like a sentence start and the word before the period is not an abbreviation or initial.

/** Words that commonly start a sentence: after "U.S." or "Inc." they signal a boundary. */
const SENTENCE_STARTERS = new Set(
  `The A An He She It They We I You This That These Those There Here In On At But And Or So If When While
  After Before As His Her Its Their Our My Your Some Many Most All No Not Yet However Also For With By From
  To What Why How Who Where Which One Two Three Both Each Meanwhile According Officials Police Other Another
  Since Although Though Despite During Under Last Next Earlier Later Now Then Today Yesterday Tomorrow Still
  Instead Such Several More Few Among Asked Because Until Unlike Like Over Even Only Just Please Let Thus
  Besides Nevertheless Moreover Furthermore Indeed Overall Currently Previously Finally First Second Third`.split(
    /\s+/,
  ),
);

/** Words after a time ("9 a.m. ET") that continue the sentence. */
const TIME_CONTINUATIONS = new Set(
  `ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST IST JST AEST AEDT MSK Eastern Central
  Mountain Pacific Moscow Greenwich local Local Monday Tuesday Wednesday Thursday Friday Saturday Sunday`.split(
    /\s+/,
  ),
);

/** Reporting verbs: `“Why?” Smith asked.` is one sentence. */
const REPORTING_VERBS =
  /^(?:said|says|say|asked|asks|told|tells|added|adds|wrote|writes|explained|noted|stated|replied|shouted|cried|continued|insisted|warned|recalled|wondered|stressed|emphasized|concluded)\b/;

const TERMINAL_RE = /(?:[.!?…]|\.\.\.)+[”’"'»)\]]*/g;
const MARKDOWN_HEADING_RE = /^#{1,6}\s/;
const LIST_MARKER_RE = /^(?:[-*•·▪◦–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s(?=\S))/;
// "By Jane Doe", "By JANE DOE and John Roe, Reuters", "(Reporting by …; Editing by …)", "© 2024 …".
const NAME = String.raw`\p{Lu}[\p{L}\p{M}.'’-]*`;
const BYLINE_RE = new RegExp(
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
const TRAILING_DATE_RE = new RegExp(
  String.raw`(?<![,;:]|\b(?:[Oo]n|of|since|until|by|from|to|before|after|and|or|between|than|through|as))\s+${FULL_DATE}$`,
  'u',
);

/** Length of a wire dateline at the start of `head`, or 0. A plain hyphen or colon needs an agency or a date. */
function datelinePrefixLength(head: string): number {
  const m = DATELINE_PREFIX_RE.exec(head);
  if (!m) return PLACES_DATELINE_RE.exec(head)?.[0].length ?? LEADING_DATE_RE.exec(head)?.[0].length ?? 0;
  const [whole, placeAndDate, agency, dash] = m;
  if (dash === '—' || dash === '–' || dash === '--') return whole.length;
  return agency || /\d/.test(placeAndDate ?? '') ? whole.length : 0;
}

const isUpper = (c: string | undefined): boolean => !!c && c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string | undefined): boolean => !!c && c !== c.toUpperCase() && c === c.toLowerCase();
const isDigit = (c: string | undefined): boolean => !!c && c >= '0' && c <= '9';
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || (!!c && c > '~' && /\s/.test(c));
const OPENERS = '“‘"\'(«[¿¡';

/** The word just before position `end` (letters and inner periods), e.g. "U.S" before the final period. */
function wordBefore(text: string, end: number, limit: number): string {
  let i = end;
  // Bounded look-back keeps the splitter linear on pathological runs ("Ab.Ab.Ab.…").
  const stop = Math.max(limit, end - 40);
  while (i > stop && /[\p{L}\p{M}\p{N}.'’&-]/u.test(text[i - 1]!)) i--;
  return text.slice(i, end).replace(/^[.'’-]+/, '');
}

/** The word starting at `start` (after opening punctuation). */
function wordAt(text: string, start: number, end: number): string {
  let i = start;
  while (i < end && i < start + 10 && OPENERS.includes(text[i]!)) i++;
  let j = i;
  const stop = Math.min(end, i + 40);
  while (j < stop && /[\p{L}\p{M}\p{N}'’-]/u.test(text[j]!)) j++;
  return text.slice(i, j);
}

/**
 * Whether the terminal punctuation `mark` (text[markStart, markEnd), closers included) ends a sentence,
 * given the block it is in ends at `blockEnd`.
 */
function endsSentence(
  text: string,
  blockStart: number,
  markStart: number,
  markEnd: number,
  blockEnd: number,
): boolean {
  if (markEnd >= blockEnd) return true;
  const mark = text.slice(markStart, markEnd);
  const next = text[markEnd];
  const isPeriodOnly = /^\.[”’"'»)\]]*$/.test(mark);
  const hasCloser = /[”’"'»)\]]$/.test(mark);

  if (!isSpace(next)) {
    // Missing space after a sentence: "the end.The next" / "great.”She". Never inside numbers, URLs, "U.S".
    const opened = OPENERS.includes(next ?? '') ? 1 : 0;
    if (!isUpper(text[markEnd + opened]) || !isLower(text[markEnd + opened + 1])) return false;
    if (hasCloser || /[!?]/.test(mark)) return true;
    const word = wordBefore(text, markStart, blockStart);
    return word.length >= 3 && isLower(word[word.length - 1]) && !word.includes('.');
  }

  let j = markEnd;
  while (j < blockEnd && isSpace(text[j])) j++;
  const first = text[j];
  let k = j;
  while (k < blockEnd && OPENERS.includes(text[k]!)) k++;
  const firstLetter = text[k];
  const nextWord = wordAt(text, j, blockEnd);
  // Lowercase brand names (iPhone, eBay, wikiHow) can start a sentence.
  const startsLikeSentence =
    isUpper(firstLetter) ||
    isDigit(firstLetter) ||
    (k > j && !isLower(firstLetter)) ||
    /^\p{Ll}{1,5}\p{Lu}/u.test(nextWord);
  if (!startsLikeSentence) return false;

  // `“Why?” Smith asked.` / `“Stop!” he said`: a quoted question or exclamation inside a sentence.
  if (hasCloser && /[!?]/.test(mark)) {
    const rest = text.slice(j, Math.min(blockEnd, j + 60));
    if (/^(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}/u.test(rest) && !SENTENCE_STARTERS.has(nextWord)) {
      const after = rest.replace(/^(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}/u, '');
      if (REPORTING_VERBS.test(after)) return false;
    }
  }
  if (!isPeriodOnly || mark.startsWith('..')) return true;

  const word = wordBefore(text, markStart, blockStart);
  if (!word) return true;
  const bare = word.replace(/\.$/, '');
  const starter = SENTENCE_STARTERS.has(nextWord) || OPENERS.includes(first ?? '');
  if (TITLE_ABBREVIATIONS.has(bare)) return false;
  // `... Cell Block H." Labour`: a closing quote or bracket after the period ends the sentence.
  if (hasCloser) return true;
  if (NUMBER_ABBREVIATIONS.has(bare) && isDigit(firstLetter)) return false;
  if (TERMINAL_CAPABLE_ABBREVIATIONS.has(bare)) return starter;
  // a.m. / p.m.: the sentence goes on with a time zone or a day.
  if (/^[ap]\.m$/i.test(bare)) return !TIME_CONTINUATIONS.has(nextWord);
  // Abbreviations with inner periods (U.S., U.N., Ph.D.) and e.g./i.e.: a boundary only before a usual starter.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(bare)) return /^(?:e\.g|i\.e)$/i.test(bare) ? false : starter;
  // A single capital is an initial ("Jonas E. Smith") unless a usual sentence start follows.
  if (/^\p{Lu}$/u.test(bare)) return starter;
  // A list number at the start of a block ("1. The first"): a marker, not a sentence.
  if (/^\d{1,3}$/.test(bare) && markStart - bare.length === blockStart) return false;
  return true;
}

function lineLooksStandalone(line: string): boolean {
  return BYLINE_RE.test(line) || datelinePrefixLength(line) > 0 || isDateLine(line);
}

function isDateLine(line: string): boolean {
  const words = line.split(/[\s,|/–—-]+/).filter(Boolean);
  return (
    words.length > 0 && words.length <= 10 && words.every((w) => DATE_WORD_RE.test(w)) && /\d/.test(line)
  );
}

const ENDS_WITH_TERMINAL = /[.!?…:;][”’"'»)\]]*$/;
const ENDS_MID_SENTENCE =
  /(?:[,;:(–—-]|\b(?:the|a|an|of|and|or|to|in|on|at|for|with|by|from|that|as|is|was|are|were|his|her|their|its)\s*)$/i;

const TITLE_CASE_MINOR = new Set('a an and as at but by for from in into of on or the to vs with'.split(' '));

/** "Belarus Says Russia Is Its Key Partner": every word but short function words capitalised. */
function isTitleCase(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < 3) return false;
  return words.every((w, i) => !isLower(w.replace(/^[“‘"'(]+/, '')[0]) || (i > 0 && TITLE_CASE_MINOR.has(w)));
}

/** Splits a paragraph into blocks at line breaks that end a line standing on its own. */
function paragraphBlocks(text: string, p: Span, isFirstParagraph: boolean): Span[] {
  const lines: Span[] = [];
  let s = p.start;
  for (let i = p.start; i <= p.end; i++) {
    if (i === p.end || text[i] === '\n') {
      const raw = text.slice(s, i);
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed) lines.push({ start: s + lead, end: s + lead + trimmed.length });
      s = i + 1;
    }
  }
  if (lines.length <= 1) return lines;
  let longest = 0;
  for (const l of lines) longest = Math.max(longest, l.end - l.start);
  const blocks: Span[] = [];
  let block = { ...lines[0]! };
  for (let i = 1; i < lines.length; i++) {
    const prev = text.slice(lines[i - 1]!.start, lines[i - 1]!.end);
    const line = text.slice(lines[i]!.start, lines[i]!.end);
    const nextStartsSentence = !isLower(line.replace(/^[“‘"'(«[]+/, '')[0]);
    const breakHere =
      LIST_MARKER_RE.test(line) ||
      MARKDOWN_HEADING_RE.test(line) ||
      MARKDOWN_HEADING_RE.test(prev) ||
      BYLINE_RE.test(line) ||
      lineLooksStandalone(prev) ||
      (nextStartsSentence &&
        !ENDS_WITH_TERMINAL.test(prev) &&
        !ENDS_MID_SENTENCE.test(prev) &&
        (prev.length < 0.7 * longest || (isFirstParagraph && i === 1 && isTitleCase(prev)))) ||
      // A line longer than any hard wrap is a paragraph of its own (text with single newlines between
      // paragraphs); it ends a sentence even after a colon, semicolon or dash.
      (nextStartsSentence && prev.length > 100 && !/[,(]$|\b(?:the|a|an|of|and|or|to)$/i.test(prev));
    if (breakHere) {
      blocks.push(block);
      block = { ...lines[i]! };
    } else {
      block.end = lines[i]!.end;
    }
  }
  blocks.push(block);
  return blocks;
}

// Picture credits run onto a caption: "… in Washington D.C. Image: United States Navy." / "Photo: Reuters".
const CREDIT_WORDS = String.raw`(?:Image|Images|Photo|Photos|Photograph|Picture|Credit|Video|Graphic|Illustration)`;
const CREDIT_START_RE = new RegExp(String.raw`^${CREDIT_WORDS} ?:\s`);
const CREDIT_RE = new RegExp(String.raw`\s${CREDIT_WORDS} ?:\s`, 'g');

/** Splits a block before each picture credit. */
function splitAtCredits(text: string, block: Span): Span[] {
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
function blockKind(sentence: string, wholeBlock: boolean, paragraphIndex: number): SentenceKind {
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

/** Sentences in document order, trimmed, with their paragraph and kind. Linear in the text length. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (start: number, end: number, paragraphIndex: number, kind: SentenceKind) => {
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) sentences.push({ text: text.slice(start, end), start, end, paragraphIndex, kind });
  };
  splitParagraphs(text).forEach((p, paragraphIndex) => {
    for (const block of paragraphBlocks(text, p, paragraphIndex === 0).flatMap((b) =>
      splitAtCredits(text, b),
    )) {
      let start = block.start;
      // A wire dateline ("MINSK, Nov 21 (Reuters) -") is a sentence of its own before the lede.
      const head = text.slice(block.start, Math.min(block.end, block.start + 120));
      const dateline = paragraphIndex < 4 && /[-–—:,]\s/.test(head) ? datelinePrefixLength(head) : 0;
      if (dateline > 0 && dateline < block.end - block.start) {
        push(start, start + dateline, paragraphIndex, 'dateline');
        start += dateline;
      }
      // A date line run onto the end of a headline ("… robotics competition Friday, July 21, 2017").
      const tailStart = Math.max(start, block.end - 60);
      const trailingDate =
        paragraphIndex < 4 ? TRAILING_DATE_RE.exec(text.slice(tailStart, block.end)) : null;
      const end = trailingDate ? tailStart + trailingDate.index : block.end;
      const first = sentences.length;
      TERMINAL_RE.lastIndex = start;
      for (let m = TERMINAL_RE.exec(text); m && m.index < end; m = TERMINAL_RE.exec(text)) {
        const markEnd = Math.min(m.index + m[0].length, end);
        if (endsSentence(text, block.start, m.index, markEnd, end)) {
          push(start, markEnd, paragraphIndex, 'prose');
          start = markEnd;
        }
      }
      push(start, end, paragraphIndex, 'prose');
      const blockSentences = sentences.length - first;
      for (let i = first; i < sentences.length; i++) {
        const s = sentences[i]!;
        s.kind = blockKind(s.text, blockSentences === 1, paragraphIndex);
      }
      if (end < block.end) push(end, block.end, paragraphIndex, 'dateline');
    }
  });
  return sentences;
}
