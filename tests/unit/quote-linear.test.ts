// Issue 13, linear time in quote extraction: the look-ups done once per quote are searches, not scans of
// every statement. The rule pass for reported speech (reported.ts) still scans the spans consumed so far
// for each token; it is hashed into the attribution model's manifest and left as it is until retraining.
import { describe, expect, it } from 'vitest';
import type { Statement } from '../../shared/domain/schema.js';
import { statementIndexAt } from '../../shared/nlp/quotes/resolve.js';
import { cpuGrowth, LINEAR_GROWTH_LIMIT } from './linear-time.js';

/** `n` statements of 40 characters, in text order. */
const statements = (n: number): Statement[] =>
  Array.from({ length: n }, (_, index) => ({
    id: `s${index}`,
    index,
    text: 'x'.repeat(39),
    start: index * 40,
    end: index * 40 + 39,
    kind: 'prose',
  }));

describe('statementIndexAt', () => {
  it('is the last statement starting at or before the offset, as a scan finds it', () => {
    const list = statements(50);
    const scan = (pos: number) => list.filter((s) => s.start <= pos).pop()?.index ?? 0;
    for (const pos of [-5, 0, 1, 39, 40, 41, 799, 800, 1999, 2000, 5000])
      expect(statementIndexAt(list, pos)).toBe(scan(pos));
    expect(statementIndexAt([], 10)).toBe(0);
  });

  it('costs the same per quote however many statements the article has', () => {
    // One look-up per statement: linear overall with a binary search, quadratic with a scan.
    const lookUps = (list: Statement[]) => {
      for (const s of list) statementIndexAt(list, s.start + 3);
    };
    expect(
      cpuGrowth(lookUps, statements(5_000), statements(20_000), 4, { limit: LINEAR_GROWTH_LIMIT }),
    ).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
