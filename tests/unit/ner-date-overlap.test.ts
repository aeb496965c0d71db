// Dates the tagger's names already cover are dropped, and so are dates overlapping a kept date: the
// indexed checks in recognize.ts answer as the scans they replaced, for spans in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mention } from '../../shared/nlp/ner/recognize.js';
import { keptDates, overlapTest } from '../../shared/nlp/ner/recognize.js';

const span = fc
  .tuple(fc.nat({ max: 200 }), fc.nat({ max: 30 }))
  .map(([start, length]) => ({ start, end: start + length + 1 }));
const inTextOrder = fc.array(span, { maxLength: 30 }).map((s) => [...s].sort((a, b) => a.start - b.start));
const anyOrder = fc.oneof(inTextOrder, fc.array(span, { maxLength: 30 }));
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

describe('date overlap checks', () => {
  it('says whether a span overlaps any of a list, as a scan does', () => {
    fc.assert(
      fc.property(anyOrder, span, (spans, probe) => {
        expect(overlapTest(spans)(probe.start, probe.end)).toBe(spans.some((s) => overlaps(s, probe)));
      }),
      { numRuns: 500 },
    );
  });

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
