// What the quote rules work on (a document's text, sentences, quotations, paragraphs) and what they
// produce (drafts: quotes before speaker resolution).
import type { QuoteType, Span, Statement, TextSpan } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import type { Quotation } from './marks.js';
import { lastStartingBy } from './span-index.js';

/** One document as the rules see it. */
export interface QuoteDoc {
  text: string;
  sentences: readonly Sentence[];
  statements: readonly Statement[];
  quotations: Quotation[];
  paragraphs: Span[];
  /** Ids of the rules that applied, when the caller asks (rule examples, debugging). */
  trace?: Set<string>;
}

/** A quote before its speaker is resolved. */
export interface Draft {
  type: QuoteType;
  start: number;
  end: number;
  cue: TextSpan | null;
  speakerSpan: Span | null;
  /** Take the speaker of the previous quote (split quotes, continuation, "…, adding that"). */
  inherit: boolean;
  /** Direct quotes only: had no attribution of their own. */
  unattributed?: boolean;
  /** Direct quotes only: introduced by a clause ending in a colon ("… as its headline: “…”"). */
  introduced?: boolean;
  /** For a relative pronoun as the speaker ("…, Gwyneth Dunwoody, who says …"): the phrase it stands for. */
  antecedent?: Span;
  /** The pieces of the quoted words when the attribution interrupts them ("A, he said, B"). */
  parts?: Span[];
  paragraph: number;
  /** Provenance: the rules and model stages that made it ("rule:inverted-after-quotation", "model:stage3"). */
  via: string[];
}

/** A cue and speaker found around a quotation or a reporting verb. */
export interface Attribution {
  cue: TextSpan | null;
  speaker: Span | null;
  /** Token index after the attribution. */
  next: number;
}

/** A draft of reported or quoted speech (paragraph filled in by the caller). */
export function makeDraft(
  type: QuoteType,
  span: Span,
  cue: TextSpan | null,
  speakerSpan: Span | null,
  inherit: boolean,
): Draft {
  return { type, start: span.start, end: span.end, cue, speakerSpan, inherit, paragraph: 0, via: [] };
}

/** Index of the paragraph holding `pos` (the last one starting at or before it). */
export function paragraphAt(paragraphs: readonly Span[], pos: number): number {
  return Math.max(0, lastStartingBy(paragraphs, pos));
}

/** The type of reported speech over [start, end): mixed when a quotation opens inside it. */
export function reportedType(quotations: readonly Quotation[], start: number, end: number): QuoteType {
  return quotations.some((x) => x.start >= start && x.start < end) ? 'mixed' : 'indirect';
}
