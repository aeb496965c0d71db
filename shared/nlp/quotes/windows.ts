// A very long text's quote extraction, window by window (issue 13, bounded memory): each window of whole
// paragraphs is analysed as a document of its own (its text a slice of the article's, offsets shifted),
// so that its tokens, drafts and speaker look-ups are let go before the next window is read. A window
// never splits a quotation or a statement. Every news article is far shorter than a window; the windows
// only ever split text of several articles' length, where the document-level context the quote rules
// use (the previous speaker, pronoun antecedents, the headline) is that of the window.
import type { Entity, Quote, Span, Statement } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import type { Quotation } from './marks.js';
import { partitionPoint } from './span-index.js';

/** Characters of text the quote extractor takes as one document. */
export const QUOTE_WINDOW_CHARS = 256 * 1024;

/** What a window is cut from: the text and its spans in text order. */
export interface WindowSource {
  text: string;
  paragraphs: readonly Span[];
  /** Spans a window must not split (quotations, statements), each list in text order. */
  unsplittable: readonly (readonly Span[])[];
}

/**
 * Windows of whole paragraphs covering the text: a window ends at the start of the first paragraph
 * reached after it spans `maxChars`, where no unsplittable span crosses. One window (the whole text)
 * when the text is shorter or no paragraph start can end one.
 */
export function quoteWindows({ text, paragraphs, unsplittable }: WindowSource, maxChars: number): Span[] {
  if (text.length < maxChars) return [{ start: 0, end: text.length }];
  const next = unsplittable.map(() => 0);
  let reach = 0; // the largest end of the unsplittable spans starting before the paragraph
  const windows: Span[] = [];
  let start = 0;
  for (const p of paragraphs) {
    unsplittable.forEach((spans, k) => {
      for (; next[k]! < spans.length && spans[next[k]!]!.start < p.start; next[k]!++)
        reach = Math.max(reach, spans[next[k]!]!.end);
    });
    if (p.start - start >= maxChars && reach <= p.start) {
      windows.push({ start, end: p.start });
      start = p.start;
    }
  }
  windows.push({ start, end: text.length });
  return windows;
}

/** The spans that start inside the window (text order: a binary search for each end). */
function within<T extends Span>(spans: readonly T[], w: Span): T[] {
  const from = partitionPoint(spans.length, (i) => spans[i]!.start < w.start);
  const to = partitionPoint(spans.length, (i) => spans[i]!.start < w.end);
  return spans.slice(from, to);
}

const shiftSpan = <T extends Span>(s: T, by: number): T => ({ ...s, start: s.start - by, end: s.end - by });

/** The window's sentences, statements, quotations and paragraphs, with offsets into the window's text. */
export function windowSpans(
  input: {
    sentences: readonly Sentence[];
    statements: readonly Statement[];
    quotations: readonly Quotation[];
    paragraphs: readonly Span[];
  },
  w: Span,
): { sentences: Sentence[]; statements: Statement[]; quotations: Quotation[]; paragraphs: Span[] } {
  const by = w.start;
  return {
    sentences: within(input.sentences, w).map((s) => shiftSpan(s, by)),
    // Statements keep their index in the article: quotes name the statement they start in.
    statements: within(input.statements, w).map((s) => shiftSpan(s, by)),
    quotations: within(input.quotations, w).map((q) => ({
      ...shiftSpan(q, by),
      innerStart: q.innerStart - by,
      innerEnd: q.innerEnd - by,
    })),
    paragraphs: within(input.paragraphs, w).map((p) => shiftSpan(p, by)),
  };
}

/**
 * The article's entities as each window sees them: those mentioned in it, with those mentions only,
 * made when the window asks (one pass over the mentions, each entity's in text order, notes where each
 * window's run of them is; a view of every window at once held ~5 MB for a 5 MB article).
 */
export function entitiesByWindow(
  entities: readonly Entity[],
  windows: readonly Span[],
): (k: number) => Entity[] {
  // Per window: entity index, first and end mention index, three numbers per entity mentioned there.
  const runs: number[][] = windows.map(() => []);
  entities.forEach((e, i) => {
    let k = -1;
    let from = 0;
    const flush = (to: number) => {
      if (k >= 0 && to > from) runs[k]!.push(i, from, to);
    };
    e.mentions.forEach((m, j) => {
      if (k >= 0 && m.start < windows[k]!.end) return;
      flush(j);
      k = partitionPoint(windows.length, (w) => windows[w]!.end <= m.start);
      from = j;
    });
    flush(e.mentions.length);
  });
  return (k) => {
    const run = runs[k]!;
    const out: Entity[] = [];
    for (let r = 0; r < run.length; r += 3) {
      const e = entities[run[r]!]!;
      out.push({ ...e, mentions: e.mentions.slice(run[r + 1], run[r + 2]) });
    }
    return out;
  };
}

/**
 * A window's entities with their mentions' offsets into the window's text (ids, names, aliases, roles
 * stay the article's). A mention is in the window it starts in (a window never splits a sentence).
 */
export function shiftedEntities(entities: readonly Entity[], w: Span): Entity[] {
  return entities.map((e) => ({ ...e, mentions: e.mentions.map((m) => shiftSpan(m, w.start)) }));
}

/** A quote found in a window, with its offsets moved back into the article's text (in place). */
export function unshiftQuote<Q extends Omit<Quote, 'id'>>(q: Q, by: number): Q {
  q.start += by;
  q.end += by;
  if (q.cue) q.cue = { ...q.cue, start: q.cue.start + by, end: q.cue.end + by };
  if (q.speaker.start !== null) q.speaker.start += by;
  if (q.speaker.end !== null) q.speaker.end += by;
  if (q.parts) q.parts = q.parts.map((p) => ({ start: p.start + by, end: p.end + by }));
  return q;
}
