import { describe, expect, it } from 'vitest';
import { SpanSet, lastBefore, sortedInsert } from '../../shared/nlp/quotes/span-set.js';

describe('SpanSet', () => {
  it('answers membership as a scan of the half-open spans would, for overlapping and touching spans', () => {
    const spans = [
      { start: 10, end: 20 },
      { start: 15, end: 25 },
      { start: 25, end: 30 },
      { start: 40, end: 40 },
      { start: 5, end: 8 },
      { start: 50, end: 60 },
      { start: 0, end: 100 },
    ];
    for (let n = 1; n <= spans.length; n++) {
      const set = new SpanSet(spans.slice(0, n));
      for (let offset = -1; offset <= 101; offset++) {
        const scan = spans.slice(0, n).some((s) => s.start <= offset && offset < s.end);
        expect(set.has(offset), `${n} spans, offset ${offset}`).toBe(scan);
      }
    }
  });
});

describe('sorted-array helpers', () => {
  it('lastBefore finds the last key below the limit', () => {
    const list = [1, 3, 3, 7];
    expect([0, 1, 2, 3, 4, 8].map((limit) => lastBefore(list, limit, (x) => x))).toEqual([
      -1, -1, 0, 0, 2, 3,
    ]);
  });

  it('sortedInsert keeps the list sorted and equal items in insertion order', () => {
    const list: Array<{ key: number; tag: string }> = [];
    for (const [key, tag] of [
      [3, 'a'],
      [1, 'b'],
      [3, 'c'],
      [2, 'd'],
      [1, 'e'],
    ] as const)
      sortedInsert(list, { key, tag }, (x, y) => x.key - y.key);
    expect(list.map((x) => x.tag).join('')).toBe('bedac');
  });
});
