// Periods inside a sentence that end nothing: inline list markers ("1.) … 2.) …", "a. … b. …"), e-mail
// addresses and URLs, numero signs ("N°. 5"), brackets opened mid-sentence ("(Smith et al. 55)").
import { isSpace } from './chars.js';
import type { Mark } from './mark.js';

const LABEL_RE = /^(?:\d{1,2}|[a-zA-Z])$/;
const LIST_HEADS = new Set(['1', 'a', 'A']);
/** How far apart two markers of one inline list may be. */
const ITEM_REACH = 400;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The label one step after or before `label` ("2" after "1", "b" after "a"). */
function neighbour(label: string, step: 1 | -1): string {
  if (/^\d+$/.test(label)) return String(Number(label) + step);
  return String.fromCharCode(label.charCodeAt(0) + step);
}

/** Where `label` + `style` stands as a list marker (after a space or bracket) in text[from, to): the first or last. */
function findMarker(
  text: string,
  label: string,
  style: string,
  from: number,
  to: number,
  last: boolean,
): number {
  const re = new RegExp(String.raw`(?:^|[\s(])${escape(label)}${escape(style)}(?=\s)`, 'g');
  let found = -1;
  for (const x of text.slice(from, to).matchAll(re)) {
    found = from + x.index + x[0].length - label.length - style.length;
    if (!last) break;
  }
  return found;
}

/** A list's first marker starts the block or follows a colon, dash, comma, semicolon or bracket. */
function opensList(text: string, blockStart: number, labelStart: number, style: string): boolean {
  let i = labelStart - 1;
  while (i >= blockStart && isSpace(text[i])) i--;
  return i < blockStart || style === '.)' || ':;,—–-('.includes(text[i]!);
}

/**
 * Whether the period of `m` closes an inline list marker: a label ("3", "c") that follows the one before it
 * (back to a first "1" or "a" that opens a list) or, for the first, that the next label follows.
 */
export function isInlineListMarker(m: Mark): boolean {
  const style = m.mark;
  if ((style !== '.' && style !== '.)') || !LABEL_RE.test(m.word)) return false;
  const { text, blockStart } = m;
  let label = m.word;
  let at = m.start - label.length;
  if (at > blockStart && !isSpace(text[at - 1]) && text[at - 1] !== '(') return false;
  if (LIST_HEADS.has(label))
    return (
      opensList(text, blockStart, at, style) &&
      findMarker(text, neighbour(label, 1), style, m.end, Math.min(m.blockEnd, m.end + ITEM_REACH), false) >=
        0
    );
  for (let steps = 0; steps < 30 && !LIST_HEADS.has(label); steps++) {
    label = neighbour(label, -1);
    at = findMarker(text, label, style, Math.max(blockStart, at - ITEM_REACH), at, true);
    if (at < 0) return false;
  }
  return LIST_HEADS.has(label) && opensList(text, blockStart, at, style);
}

const ADDRESS_RE = /[\p{L}\p{N}]@[\p{L}\p{N}-]+\.|:\/\/|(?:^|[^\p{L}])www\./u;

/** The run of non-space characters around the mark (bounded, to stay linear). */
function tokenAround(m: Mark): string {
  let a = m.start;
  const lo = Math.max(m.blockStart, m.start - 100);
  while (a > lo && !isSpace(m.text[a - 1])) a--;
  let b = m.end;
  const hi = Math.min(m.blockEnd, m.end + 100);
  while (b < hi && !isSpace(m.text[b])) b++;
  return m.text.slice(a, b);
}

/** The mark is inside an e-mail address or a URL ("John.Smith@Example.Com", "www.Site.com/A.html"). */
export function insideAddress(m: Mark): boolean {
  return m.end < m.blockEnd && !isSpace(m.text[m.end]) && ADDRESS_RE.test(tokenAround(m));
}

const NUMERO_RE = /(?:^|[^\p{L}])(?:[Nn][°º˚]|№)$/u;

/** The mark is the period of a numero sign ("N°. 5", "nº. 12"). */
export function afterNumeroSign(m: Mark): boolean {
  return m.mark === '.' && NUMERO_RE.test(m.text.slice(Math.max(m.blockStart, m.start - 3), m.start));
}

/** How far a bracket opened mid-sentence may reach around a period inside it. */
const BRACKET_REACH = 150;

/** The unmatched opening bracket before `start` on its line (bounded look-back), or -1. */
function openBracketBefore(text: string, lo: number, start: number): number {
  let depth = 0;
  for (let i = start - 1; i >= Math.max(lo, start - BRACKET_REACH); i--) {
    const c = text[i]!;
    if (c === '\n') return -1;
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Whether a closing bracket comes soon after `end`, on the same line, before another opens. */
function closesSoon(text: string, end: number, hi: number): boolean {
  for (let i = end; i < Math.min(hi, end + BRACKET_REACH); i++) {
    const c = text[i]!;
    if (c === ')' || c === ']') return true;
    if (c === '(' || c === '[' || c === '\n') return false;
  }
  return false;
}

/**
 * The mark is inside brackets opened mid-sentence that close soon after ("(Smith et al. 55)", "(cf. Jones
 * 2001)"): the bracket is part of the sentence around it. Brackets that open a sentence ("(It was late.
 * Very late.)") may hold sentences.
 */
export function insideBrackets(m: Mark): boolean {
  if (m.hasCloser) return false;
  const open = openBracketBefore(m.text, m.blockStart, m.start);
  if (open < 0) return false;
  let i = open - 1;
  while (i >= m.blockStart && isSpace(m.text[i])) i--;
  const opensSentence =
    i < m.blockStart || /[.!?…][”’"'»)\]]*$/.test(m.text.slice(Math.max(0, i - 3), i + 1));
  return !opensSentence && closesSoon(m.text, m.end, m.blockEnd);
}
