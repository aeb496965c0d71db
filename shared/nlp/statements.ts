import type { Span, TextSpan } from '../domain/schema.js';
import type { Sentence, SentenceKind } from './segment.js';

/**
 * A statement is the smallest run of whole sentences that no quotation crosses: usually one
 * sentence, several when a quotation spans them. Returns runs as [firstSentence, lastSentence]
 * (indices into `sentences`, inclusive), covering every sentence once, in order.
 *
 * Headlines, tag lines, bylines and datelines are always statements of their own: a quotation
 * "crossing" one is a stray quotation mark, not a quote that spans it.
 * Linear in sentences + quotations (quotations need not be sorted).
 */
export function groupStatements(sentences: Sentence[], quotations: Span[]): Array<[number, number]> {
  const quotes = [...quotations].sort((a, b) => a.start - b.start);
  const groups: Array<[number, number]> = [];
  let q = 0;
  // Furthest end of the quotations that start before the current boundary.
  let reach = -1;
  let first = 0;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i]!;
    const next = sentences[i + 1];
    const boundary = sentence.end;
    while (q < quotes.length && quotes[q]!.start < boundary) reach = Math.max(reach, quotes[q++]!.end);
    // A quotation crosses the boundary when it starts before this sentence ends and ends after the next starts.
    const crossed = next !== undefined && reach > next.start;
    const standalone = sentence.kind !== 'prose' || next?.kind !== 'prose';
    if (!crossed || standalone || !next) {
      groups.push([first, i]);
      first = i + 1;
    }
  }
  return groups;
}

export interface StatementSpan extends TextSpan {
  /** Sentence indices, inclusive. */
  firstSentence: number;
  lastSentence: number;
  /** The sentence kind for a one-sentence statement that is not prose (headline, byline…); else 'prose'. */
  kind: SentenceKind;
  paragraphIndex: number;
}

/** Statements with their text, offsets and kind, ready for ids to be added. */
export function buildStatements(text: string, sentences: Sentence[], quotations: Span[]): StatementSpan[] {
  return groupStatements(sentences, quotations).map(([a, b]) => {
    const first = sentences[a]!;
    const last = sentences[b]!;
    return {
      text: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      firstSentence: a,
      lastSentence: b,
      kind: a === b ? first.kind : 'prose',
      paragraphIndex: first.paragraphIndex,
    };
  });
}
