import type { Span } from '../types.js';
import type { Sentence } from './segment.js';

/**
 * A statement is the smallest run of whole sentences that no quotation crosses: usually one
 * sentence, several when a quotation spans them. Returns runs as [firstSentence, lastSentence].
 */
export function groupStatements(sentences: Sentence[], quotations: Span[]): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let first = 0;
  for (let i = 0; i < sentences.length; i++) {
    const boundary = sentences[i]!.end;
    const crossed = quotations.some((q) => q.start < boundary && q.end > boundary);
    if (!crossed || i === sentences.length - 1) {
      groups.push([first, i]);
      first = i + 1;
    }
  }
  return groups;
}
