// The article's text as the page draws it: statements in order, each cut into runs at every quote and
// entity-mention boundary, so that a run is inside at most one quote and one entity mention. Offsets
// are the article's (UTF-16, end exclusive), as in the domain schema. Pure: no DOM.
import type { EntityType, Quote } from '../../shared/domain/schema.js';

export interface LayoutStatement {
  index: number;
  text: string;
  start: number;
  end: number;
  kind?: string;
  quotes: Quote[];
  entities: Array<{
    entityId: string;
    name: string;
    type: EntityType;
    mentions: Array<{ start: number; end: number }>;
  }>;
}

export interface Run {
  text: string;
  start: number;
  end: number;
  /** The quote this run is part of (its quoted words, not the cue or the speaker). */
  quote: Quote | null;
  entity: { entityId: string; name: string; type: EntityType } | null;
}

export interface Block {
  statementIndex: number;
  kind: string;
  /** The statement starts a new paragraph (the text had more than a space before it). */
  paragraph: boolean;
  runs: Run[];
}

interface Range<T> {
  start: number;
  end: number;
  value: T;
}

/** The article's quotes: every quote of every statement, in text order. */
export const quotesOf = (statements: LayoutStatement[]): Quote[] =>
  statements.flatMap((s) => s.quotes).sort((a, b) => a.start - b.start || a.end - b.end);

export function layoutArticle(statements: LayoutStatement[]): Block[] {
  const ordered = [...statements].sort((a, b) => a.start - b.start);
  // A quote may run over several statements: ranges are the article's, cut per statement below.
  const quoteRanges: Array<Range<Quote>> = quotesOf(ordered).flatMap((quote) =>
    (quote.parts ?? [{ start: quote.start, end: quote.end }]).map((part) => ({ ...part, value: quote })),
  );
  const entityRanges: Array<Range<Run['entity']>> = ordered.flatMap((s) =>
    s.entities.flatMap(({ mentions, ...entity }) =>
      mentions.map((m) => ({ start: m.start, end: m.end, value: entity })),
    ),
  );
  return ordered.map((statement, i) => {
    const previous = ordered[i - 1];
    return {
      statementIndex: statement.index,
      kind: statement.kind ?? 'prose',
      paragraph: !previous || statement.start - previous.end > 1 || (statement.kind ?? 'prose') !== 'prose',
      runs: runsOf(statement, quoteRanges, entityRanges),
    };
  });
}

function runsOf(
  statement: LayoutStatement,
  quotes: Array<Range<Quote>>,
  entities: Array<Range<Run['entity']>>,
): Run[] {
  const { start, end } = statement;
  const inside = <T>(ranges: Array<Range<T>>) => ranges.filter((r) => r.start < end && r.end > start);
  const q = inside(quotes);
  const e = inside(entities);
  const cuts = new Set([start, end]);
  for (const r of [...q, ...e]) {
    cuts.add(Math.max(start, r.start));
    cuts.add(Math.min(end, r.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k]!;
    const to = points[k + 1]!;
    const covering = <T>(ranges: Array<Range<T>>) =>
      ranges.find((r) => r.start <= from && r.end >= to)?.value ?? null;
    const run: Run = {
      text: statement.text.slice(from - start, to - start),
      start: from,
      end: to,
      quote: covering(q),
      entity: covering(e),
    };
    const last = runs[runs.length - 1];
    // Neighbouring runs with the same marks are one run.
    if (last && last.quote === run.quote && last.entity === run.entity) {
      last.text += run.text;
      last.end = to;
    } else runs.push(run);
  }
  return runs;
}

/** The confidence a quote is filtered by: the lower of the quote's and its attribution's, if known. */
export function quoteConfidence(quote: Quote): number | null {
  const known = [quote.confidence, quote.speaker.confidence].filter((c): c is number => c !== undefined);
  return known.length ? Math.min(...known) : null;
}

/** Who a quote is by, as the page groups and colours quotes. */
export const speakerKey = (quote: Quote): string =>
  quote.speaker.entityId ?? (quote.speaker.name ? `name:${quote.speaker.name}` : 'unresolved');
