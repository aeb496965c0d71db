// span-index.ts answers exactly what a scan answers (same spans, same order), on ordered lists by binary
// search and on nested or unsorted ones by the scan itself; and it stays linear on a long ordered list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/domain/schema.js';
import type { Quotation } from '../../shared/nlp/quotes/marks.js';
import {
  anyOverlaps,
  anyStartingIn,
  firstHolding,
  firstStartingFrom,
  includesGrowing,
  insideAny,
  insideGrowing,
  lastStartingBy,
  overlapping,
  quotationWordsAt,
  startingIn,
} from '../../shared/nlp/quotes/span-index.js';

const span = fc
  .tuple(fc.nat({ max: 200 }), fc.nat({ max: 40 }))
  .map(([start, length]): Span => ({ start, end: start + length + 1 }));
/** Sorted by start with non-decreasing ends (quotations that do not nest). */
const ordered = fc.array(span, { maxLength: 30 }).map((spans) => {
  const starts = spans.map((s) => s.start).sort((a, b) => a - b);
  const ends = spans.map((s) => s.end).sort((a, b) => a - b);
  return starts.map((start, i): Span => ({ start, end: Math.max(start + 1, ends[i]!) }));
});
const anyList = fc.oneof(ordered, fc.array(span, { maxLength: 30 }));
/** Spans of any length, empty and inverted ones included, or missing. */
const looseSpan = fc.option(
  fc.tuple(fc.nat({ max: 200 }), fc.integer({ min: -3, max: 40 })).map(([start, length]): Span => ({
    start,
    end: start + length,
  })),
);
const overlapsRange = (s: Span | null, start: number, end: number) => !!s && s.start < end && start < s.end;

describe('span index', () => {
  it('finds the spans overlapping a range, in list order, as a scan does', () => {
    fc.assert(
      fc.property(anyList, fc.nat({ max: 260 }), fc.nat({ max: 60 }), (spans, start, length) => {
        const end = start + length;
        expect(overlapping(spans, start, end)).toEqual(spans.filter((q) => q.start < end && q.end > start));
      }),
      { numRuns: 500 },
    );
  });

  it('says whether a position is inside a span, as a scan does', () => {
    fc.assert(
      fc.property(anyList, fc.nat({ max: 260 }), (spans, pos) => {
        expect(insideAny(spans, pos)).toBe(spans.some((q) => q.start <= pos && pos < q.end));
      }),
      { numRuns: 500 },
    );
  });

  it('answers for a list that grows in any order as a scan does, between appends', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.array(span, { maxLength: 4 }), fc.array(fc.nat({ max: 260 }), { maxLength: 6 })),
          {
            maxLength: 12,
          },
        ),
        (steps) => {
          const consumed: Span[] = [];
          for (const [added, positions] of steps) {
            consumed.push(...added);
            for (const pos of positions) {
              expect(insideGrowing(consumed, pos)).toBe(consumed.some((q) => q.start <= pos && pos < q.end));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sees a list grow and re-checks its order', () => {
    const spans: Span[] = [
      { start: 0, end: 5 },
      { start: 10, end: 15 },
    ];
    expect(overlapping(spans, 11, 12)).toEqual([{ start: 10, end: 15 }]);
    spans.push({ start: 2, end: 30 }); // out of order now: answered by a scan
    expect(overlapping(spans, 11, 12)).toEqual([
      { start: 10, end: 15 },
      { start: 2, end: 30 },
    ]);
    expect(insideAny(spans, 20)).toBe(true);
  });

  it('says whether any item overlaps a range, as a scan does, for any spans and ranges', () => {
    const spanOf = (item: { s: Span | null }) => item.s;
    fc.assert(
      fc.property(
        fc.array(looseSpan, { maxLength: 30 }),
        fc.nat({ max: 260 }),
        fc.integer({ min: -2, max: 60 }),
        (spans, start, length) => {
          const items = spans.map((s) => ({ s }));
          const end = start + length;
          expect(anyOverlaps(items, spanOf, start, end)).toBe(
            items.some((x) => overlapsRange(x.s, start, end)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rebuilds its overlap index when the list grows', () => {
    const spans: Span[] = [{ start: 0, end: 5 }];
    const itself = (s: Span) => s;
    expect(anyOverlaps(spans, itself, 10, 12)).toBe(false);
    spans.push({ start: 11, end: 20 });
    expect(anyOverlaps(spans, itself, 10, 12)).toBe(true);
  });

  it('finds the spans starting in a range, in list order, as a filter does', () => {
    fc.assert(
      fc.property(anyList, fc.nat({ max: 260 }), fc.nat({ max: 60 }), (spans, from, length) => {
        const to = from + length;
        const scan = spans.filter((x) => x.start >= from && x.start < to);
        expect(startingIn(spans, from, to)).toEqual(scan);
        expect(anyStartingIn(spans, from, to)).toBe(scan.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the first span holding, the last starting by and the first starting from a position', () => {
    fc.assert(
      fc.property(anyList, fc.nat({ max: 260 }), (spans, pos) => {
        expect(firstHolding(spans, pos)).toBe(spans.findIndex((s) => s.start <= pos && pos < s.end));
        expect(lastStartingBy(spans, pos)).toBe(spans.findLastIndex((s) => s.start <= pos));
        expect(firstStartingFrom(spans, pos)).toBe(spans.findIndex((s) => s.start >= pos));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the quotation whose words hold a position, as findIndex does', () => {
    fc.assert(
      fc.property(anyList, fc.nat({ max: 260 }), (spans, pos) => {
        // Marks one character wide on either side (or none, for a one-character span).
        const quotations = spans.map((s): Quotation => ({
          ...s,
          innerStart: Math.min(s.start + 1, s.end),
          innerEnd: Math.max(s.end - 1, s.start),
          closed: true,
          paragraphs: 1,
        }));
        expect(quotationWordsAt(quotations, pos)).toBe(
          quotations.findIndex((q) => q.innerStart <= pos && pos < q.innerEnd),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('knows which items a growing list holds, as includes does', () => {
    const items = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const list: { id: number }[] = [items[0]!];
    expect(includesGrowing(list, items[0]!)).toBe(true);
    expect(includesGrowing(list, items[1]!)).toBe(false);
    list.push(items[1]!);
    expect(includesGrowing(list, items[1]!)).toBe(true);
    list.length = 0; // shrunk: the set is rebuilt
    list.push(items[2]!);
    expect(includesGrowing(list, items[0]!)).toBe(false);
    expect(includesGrowing(list, items[2]!)).toBe(true);
  });
});
