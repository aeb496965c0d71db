import type { Entity, Quote, Span, Statement } from '../../types.js';
import type { Sentence } from '../segment.js';

export interface QuoteInput {
  text: string;
  sentences: Sentence[];
  statements: Statement[];
  /** Document-level entities (with ids) for speaker resolution. */
  entities: Entity[];
  /** Quotation spans, marks included, from findQuotations. */
  quotations: Span[];
}

/** Spans of quotations (opening mark to closing mark inclusive). First version: “…” and "…" within a paragraph. */
export function findQuotations(text: string, _paragraphs: Span[]): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(/“[^”]*”|"[^"\n]*"/g)) {
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** Quotes with cues and speakers, in text order. Ids are assigned by the caller. */
export function extractQuotes(_input: QuoteInput): Array<Omit<Quote, 'id'>> {
  return [];
}
