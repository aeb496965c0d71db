// span-index.ts answers exactly what a scan answers (same spans, same order), on ordered lists by binary
// search and on nested or unsorted ones by the scan itself; and it stays linear on a long ordered list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/domain/schema.js';
import { insideAny, insideGrowing, overlapping } from '../../shared/nlp/quotes/span-index.js';

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
});
