// Periods inside a sentence that end nothing: inline list markers ("1.) … 2.) …", "a. … b. …"), e-mail
// addresses and URLs, numero signs ("N°. 5"), brackets opened mid-sentence ("(Smith et al. 55)").
import { isSpace, lowerBound } from './chars.js';
import type { Span } from '../../domain/schema.js';
import type { Block, Mark } from './mark.js';

const LABEL_RE = /^(?:\d{1,2}|[a-zA-Z])$/;
const LIST_HEADS = new Set(['1', 'a', 'A']);
/** How far apart two markers of one inline list may be. */
const ITEM_REACH = 400;

/** The label one step after or before `label` ("2" after "1", "b" after "a"). */
function neighbour(label: string, step: 1 | -1): string {
  if (/^\d+$/.test(label)) return String(Number(label) + step);
  return String.fromCharCode(label.charCodeAt(0) + step);
}

/** Where `label` + `style` stands as a list marker in [from, to): the first or the last such position, or -1. */
function findMarker(
  block: Block,
  label: string,
  style: string,
  from: number,
  to: number,
  last: boolean,
): number {
  const positions = block.listMarkers().get(label + style) ?? [];
  const i = last ? lowerBound(positions, to) - 1 : lowerBound(positions, from);
  const at = positions[i];
  return at !== undefined && at >= from && at < to ? at : -1;
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
      findMarker(
        m.block,
        neighbour(label, 1),
        style,
        m.end,
        Math.min(m.blockEnd, m.end + ITEM_REACH),
        false,
      ) >= 0
    );
  for (let steps = 0; steps < 30 && !LIST_HEADS.has(label); steps++) {
    label = neighbour(label, -1);
    at = findMarker(m.block, label, style, Math.max(blockStart, at - ITEM_REACH), at, true);
    if (at < 0) return false;
  }
  return LIST_HEADS.has(label) && opensList(text, blockStart, at, style);
}

/** Whether some span of the sorted, disjoint `spans` holds [start, end). Binary search on the ends. */
function covered(spans: Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end < end) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.length && spans[lo]!.start <= start;
}

/** The mark is inside an e-mail address or a URL ("John.Smith@Example.Com", "www.Site.com/A.html"). */
export function insideAddress(m: Mark): boolean {
  return m.end < m.blockEnd && !isSpace(m.text[m.end]) && covered(m.block.addresses(), m.start, m.end);
}

const NUMERO_RE = /(?:^|[^\p{L}])(?:[Nn][°º˚]|№)$/u;

/** The mark is the period of a numero sign ("N°. 5", "nº. 12"). */
export function afterNumeroSign(m: Mark): boolean {
  return m.mark === '.' && NUMERO_RE.test(m.text.slice(Math.max(m.blockStart, m.start - 3), m.start));
}

/** How far a bracket opened mid-sentence may reach around a period inside it. */
const BRACKET_REACH = 150;

/** Whether a position of the sorted `opens` lies in [from, to). */
function openBracketWithin(opens: number[], from: number, to: number): boolean {
  const i = lowerBound(opens, from);
  return i < opens.length && opens[i]! < to;
}

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
  if (m.hasCloser || !openBracketWithin(m.block.opens(), m.start - BRACKET_REACH, m.start)) return false;
  const open = openBracketBefore(m.text, m.blockStart, m.start);
  if (open < 0) return false;
  let i = open - 1;
  while (i >= m.blockStart && isSpace(m.text[i])) i--;
  const opensSentence =
    i < m.blockStart || /[.!?…][”’"'»)\]]*$/.test(m.text.slice(Math.max(0, i - 3), i + 1));
  return !opensSentence && closesSoon(m.text, m.end, m.blockEnd);
}
