import type { Span, TextSpan } from '../domain/schema.js';
import { endsSentence } from './segment/boundary-rules.js';
import { isSpace } from './segment/chars.js';
import { Block } from './segment/mark.js';
import { blockKind, datelinePrefixLength, splitAtCredits, TRAILING_DATE_RE } from './segment/kinds.js';
import { paragraphBlocks } from './segment/line-rules.js';

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
// line stands alone (segment/line-rules.ts); otherwise it is a stray wrap. Inside the resulting blocks a
// sentence ends after . ! ? … (plus closing quotes and brackets) unless a rule says it goes on
// (segment/boundary-rules.ts: abbreviations, initials, numbers…). Line kinds (headline, byline, dateline)
// are in segment/kinds.ts.

const TERMINAL_RE = /(?:[.!?…]|\.\.\.)+[”’"'»)\]]*/g;

type Push = (start: number, end: number, kind: SentenceKind) => void;

/** A wire dateline ("MINSK, Nov 21 (Reuters) -") at the start of a block in the first paragraphs: its length. */
function leadingDateline(text: string, block: Span, paragraphIndex: number): number {
  const head = text.slice(block.start, Math.min(block.end, block.start + 120));
  const dateline = paragraphIndex < 4 && /[-–—:,]\s/.test(head) ? datelinePrefixLength(head) : 0;
  return dateline < block.end - block.start ? dateline : 0;
}

/** Where a date line run onto the end of a headline starts ("… robotics competition Friday, July 21, 2017"). */
function trailingDateStart(text: string, start: number, block: Span, paragraphIndex: number): number {
  const tailStart = Math.max(start, block.end - 60);
  const trailingDate = paragraphIndex < 4 ? TRAILING_DATE_RE.exec(text.slice(tailStart, block.end)) : null;
  return trailingDate ? tailStart + trailingDate.index : block.end;
}

/** The sentences of text[start, end) in a block that starts at blockStart: a cut after each sentence end. */
function splitProse(text: string, blockStart: number, start: number, end: number, push: Push): void {
  const block = new Block(text, blockStart, end);
  TERMINAL_RE.lastIndex = start;
  for (let m = TERMINAL_RE.exec(text); m && m.index < end; m = TERMINAL_RE.exec(text)) {
    const markEnd = Math.min(m.index + m[0].length, end);
    if (endsSentence(block, m.index, markEnd)) {
      push(start, markEnd, 'prose');
      start = markEnd;
    }
  }
  push(start, end, 'prose');
}

/** Sentences in document order, trimmed, with their paragraph and kind. Linear in the text length. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  splitParagraphs(text).forEach((p, paragraphIndex) => {
    const push: Push = (start, end, kind) => {
      while (start < end && isSpace(text[start])) start++;
      while (end > start && isSpace(text[end - 1])) end--;
      if (end > start) sentences.push({ text: text.slice(start, end), start, end, paragraphIndex, kind });
    };
    for (const block of paragraphBlocks(text, p, paragraphIndex === 0).flatMap((b) =>
      splitAtCredits(text, b),
    )) {
      const dateline = leadingDateline(text, block, paragraphIndex);
      if (dateline > 0) push(block.start, block.start + dateline, 'dateline');
      const start = block.start + dateline;
      const end = trailingDateStart(text, start, block, paragraphIndex);
      const first = sentences.length;
      splitProse(text, block.start, start, end, push);
      for (const s of sentences.slice(first))
        s.kind = blockKind(s.text, sentences.length - first === 1, paragraphIndex);
      if (end < block.end) push(end, block.end, 'dateline');
    }
  });
  return sentences;
}
