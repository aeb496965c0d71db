// The one tokeniser of the quote rules and the attribution tagger, and small token predicates.
import type { Span, TextSpan } from '../../domain/schema.js';
import { TITLE_ABBREVIATION_BEFORE_DOT } from '../lexicon/index.js';
import { LETTER_OR_DIGIT, codePointIf, codePointLength, isAsciiLetterOrDigit } from '../code-points.js';
import { doubled } from '../typed-arrays.js';

export interface Tok extends Span {
  text: string;
  lower: string;
}

/** Words (with inner apostrophes, hyphens, dots, and thousands separators in numbers: "5,200"), or one mark. */
const TOKEN_RE = /\p{N}{1,3}(?:,\p{N}{3})+(?:\.\p{N}+)?|[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*|\S/gu;

/** Tokens of text[start, end) by the pattern itself. */
function scanTokens(text: string, start: number, end: number): Tok[] {
  const out: Tok[] = [];
  for (const m of text.slice(start, end).matchAll(TOKEN_RE)) {
    const s = start + (m.index ?? 0);
    out.push({ text: m[0], start: s, end: s + m[0].length, lower: m[0].toLowerCase() });
  }
  return out;
}

/**
 * The last text asked about: where each of its tokens starts and ends (the pattern run once over all of
 * it), and the token objects of the blocks of BLOCK_TOKENS tokens used last. The rules and the tagger ask
 * for many spans of one text, in text order; keeping a token object for every token of a long article
 * cost ~85 MB at 5 MB, and stayed until the next article (issue 13, bounded memory).
 */
interface TextTokens {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** Token objects by block index, most recently used last. */
  blocks: Map<number, Tok[]>;
}
let last: TextTokens | null = null;
const BLOCK_TOKENS = 1024;
const BLOCKS_KEPT = 8;

function textTokens(text: string): TextTokens {
  let starts = new Int32Array(1024);
  let ends = new Int32Array(1024);
  let n = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    if (n === starts.length) {
      starts = doubled(starts);
      ends = doubled(ends);
    }
    starts[n] = m.index;
    ends[n++] = m.index + m[0].length;
  }
  return { text, starts: starts.slice(0, n), ends: ends.slice(0, n), blocks: new Map() };
}

/** The token objects of block k (the same objects while the block is kept). */
function blockTokens(doc: TextTokens, k: number): Tok[] {
  let toks = doc.blocks.get(k);
  if (toks) doc.blocks.delete(k);
  else {
    toks = [];
    const to = Math.min(doc.starts.length, (k + 1) * BLOCK_TOKENS);
    for (let i = k * BLOCK_TOKENS; i < to; i++) {
      const word = doc.text.slice(doc.starts[i], doc.ends[i]);
      toks.push({ text: word, start: doc.starts[i]!, end: doc.ends[i]!, lower: word.toLowerCase() });
    }
  }
  doc.blocks.set(k, toks);
  if (doc.blocks.size > BLOCKS_KEPT) doc.blocks.delete(doc.blocks.keys().next().value!);
  return toks;
}

/** Index of the first token ending after `pos`. */
function firstEndingAfter(ends: Int32Array, pos: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Tokens of text[start, end) (fresh arrays; the token objects may be shared between calls: never change
 * them). The pattern has no anchors, boundaries nor look-arounds and every gap between its matches is
 * blank, so a span that cuts no token of the whole text has exactly the whole text's tokens inside it:
 * those are taken from the whole text's tokens, found once per text; a span that cuts one is scanned.
 */
export function tokenizeSpan(text: string, start: number, end: number): Tok[] {
  if (start < 0 || end < 0 || end > text.length) return scanTokens(text, start, end);
  if (start >= end) return [];
  if (last?.text !== text) last = textTokens(text);
  const { starts, ends } = last;
  const a = firstEndingAfter(ends, start);
  const b = firstEndingAfter(ends, end);
  // Cut at the start (a token runs across it) or at the end (token b starts before it).
  if ((a < starts.length && starts[a]! < start) || (b < starts.length && starts[b]! < end))
    return scanTokens(text, start, end);
  const out: Tok[] = [];
  for (let k = Math.floor(a / BLOCK_TOKENS); k * BLOCK_TOKENS < b; k++) {
    const toks = blockTokens(last, k);
    const from = Math.max(a - k * BLOCK_TOKENS, 0);
    const to = Math.min(b - k * BLOCK_TOKENS, toks.length);
    for (let i = from; i < to; i++) out.push(toks[i]!);
  }
  return out;
}

/** Lower-cased text of token i, or '' past either end. */
export const lowerAt = (toks: readonly Tok[], i: number): string => toks[i]?.lower ?? '';
/** Text of token i, or '' past either end. */
export const textAt = (toks: readonly Tok[], i: number): string => toks[i]?.text ?? '';

export const isWord = (t: Tok | undefined): boolean => t !== undefined && /^[\p{L}\p{N}]/u.test(t.text);
export const isCap = (t: Tok | undefined): boolean => t !== undefined && /^\p{Lu}/u.test(t.text);

/** A period after an initial or an abbreviated title ("J.", "Sen."): not a sentence end. */
export function isAbbrevDot(toks: readonly Tok[], i: number): boolean {
  return toks[i]?.text === '.' && i > 0 && TITLE_ABBREVIATION_BEFORE_DOT.test(toks[i - 1]!.text);
}

/** A sentence-ending mark at token i (not an abbreviation's period). */
export const isFullStop = (toks: readonly Tok[], i: number): boolean =>
  /^[.!?]$/.test(textAt(toks, i)) && !isAbbrevDot(toks, i);

/** Whether token `i` ends the sentence (or lies past the last token). */
export function isSentenceEnd(toks: readonly Tok[], i: number): boolean {
  return i >= toks.length || isFullStop(toks, i);
}

/** Index of the first sentence-ending mark (or ";") at or after `from`, else the token count. */
export function sentenceEndFrom(toks: readonly Tok[], from: number): number {
  let e = from;
  while (e < toks.length && !(/^[.;!?]$/.test(toks[e]!.text) && !isAbbrevDot(toks, e))) e++;
  return e;
}

/** Index just past the last sentence end among the tokens (0 when none). */
export function lastSentenceStart(toks: readonly Tok[], before = toks.length): number {
  let s = 0;
  for (let i = 0; i < before; i++) if (isFullStop(toks, i)) s = i + 1;
  return s;
}

/**
 * Where the clause ending before token `before` starts: the unit's start or after a colon or semicolon,
 * past an opening "but"/"and"/"so"/"yet" when `skipConjunction`.
 */
export function clauseStart(toks: readonly Tok[], before: number, skipConjunction: boolean): number {
  let s = 0;
  for (let j = 0; j < before; j++) if (/^[;:]$/.test(toks[j]!.text)) s = j + 1;
  if (skipConjunction && /^(but|and|so|yet)$/.test(lowerAt(toks, s))) s++;
  return s;
}

export function spanText(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}

/** Character span of tokens [a, b). */
export function spanOf(toks: readonly Tok[], [a, b]: readonly [number, number]): Span {
  return { start: toks[a]!.start, end: toks[b - 1]!.end };
}

/** Number of words (letter or digit runs, `[\p{L}\p{N}]+`) in a text, counted without collecting them. */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length;) {
    const step = codePointIf(text, i, isAsciiLetterOrDigit, LETTER_OR_DIGIT);
    if (step && !inWord) count++;
    inWord = step > 0;
    i += step || codePointLength(text, i);
  }
  return count;
}

/** Whether two spans overlap (either may be missing). */
export function overlaps(x: Span | null | undefined, y: Span | null | undefined): boolean {
  return !!x && !!y && x.start < y.end && y.start < x.end;
}

/** Whether a position lies inside one of the spans. */
export function isInside(spans: readonly Span[], pos: number): boolean {
  return spans.some((q) => q.start <= pos && pos < q.end);
}
