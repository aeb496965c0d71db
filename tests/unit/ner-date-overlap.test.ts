// Dates overlapping a kept date are dropped: the check in recognize.ts answers as the scan it replaced,
// for dates in any order. (Dates overlapping a name use span-index's anyOverlaps, tested there.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mention } from '../../shared/nlp/ner/recognize.js';
import { keptDates } from '../../shared/nlp/ner/recognize.js';

const span = fc
  .tuple(fc.nat({ max: 200 }), fc.nat({ max: 30 }))
  .map(([start, length]) => ({ start, end: start + length + 1 }));
const inTextOrder = fc.array(span, { maxLength: 30 }).map((s) => [...s].sort((a, b) => a.start - b.start));
const anyOrder = fc.oneof(inTextOrder, fc.array(span, { maxLength: 30 }));
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

describe('date overlap checks', () => {
  it('keeps the dates a scan over the kept ones would keep, in text order or not', () => {
    fc.assert(
      fc.property(anyOrder, (spans) => {
        const kept = keptDates();
        const scanned: Mention[] = [];
        for (const s of spans) {
          const m: Mention = { type: 'DATE', start: s.start, end: s.end, text: '' };
          if (!kept.overlaps(s.start, s.end)) kept.add(m);
          if (!scanned.some((k) => overlaps(k, s))) scanned.push(m);
        }
        expect(kept.list).toEqual(scanned);
      }),
      { numRuns: 500 },
    );
  });
});
