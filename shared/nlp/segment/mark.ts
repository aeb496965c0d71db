// A terminal mark (. ! ? … with closing quotes and brackets) and what stands around it: the facts the
// sentence-boundary rules decide on.
import { isSpace, OPENERS, wordAt, wordBefore } from './chars.js';

const CLOSERS = '”’"\'»)]';

/** A terminal mark, text[start, end), closers included, inside the block text[blockStart, blockEnd). */
export interface Mark {
  text: string;
  blockStart: number;
  blockEnd: number;
  start: number;
  end: number;
  /** The mark itself: ".", "?”", "...", ".)". */
  mark: string;
  /** A single period, perhaps with closers: the ambiguous case (abbreviations, initials, numbers). */
  periodOnly: boolean;
  /** The mark ends with a closing quote or bracket. */
  hasCloser: boolean;
  /** Position of the first non-space character after the mark (the mark's end when none follows). */
  next: number;
  /** The first letter after the mark and any opening quotes or brackets. */
  firstLetter: string | undefined;
  /** Opening quotes or brackets stand between the mark and that letter. */
  opened: boolean;
  /** The word after the mark. */
  nextWord: string;
  /** The word before the mark, without its final period ("U.S", "Mr", "5"). */
  word: string;
}

/** The mark found by TERMINAL_RE at text[start, end), in the block text[blockStart, blockEnd). */
export function markAt(text: string, blockStart: number, start: number, end: number, blockEnd: number): Mark {
  const mark = text.slice(start, end);
  let next = end;
  if (isSpace(text[end])) while (next < blockEnd && isSpace(text[next])) next++;
  let letter = next;
  while (letter < blockEnd && OPENERS.includes(text[letter]!)) letter++;
  return {
    text,
    blockStart,
    blockEnd,
    start,
    end,
    mark,
    periodOnly: /^\.[”’"'»)\]]*$/.test(mark),
    hasCloser: CLOSERS.includes(mark[mark.length - 1]!),
    next,
    firstLetter: text[letter],
    opened: letter > next,
    nextWord: wordAt(text, next, blockEnd),
    word: wordBefore(text, start, blockStart).replace(/\.$/, ''),
  };
}
