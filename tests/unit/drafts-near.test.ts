// extract.ts's DraftsNear answers which drafts overlap a span, in list order, as a scan of the list does,
// while the characterisation pass drops some drafts and appends others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../shared/nlp/quotes/draft.js';
import { makeDraft } from '../../shared/nlp/quotes/draft.js';
import { DraftsNear } from '../../shared/nlp/quotes/extract.js';

const draft = fc
  .tuple(fc.nat({ max: 200 }), fc.integer({ min: -2, max: 60 }))
  .map(([start, length]): Draft => makeDraft('indirect', { start, end: start + length }, null, null, false));
const range = fc.tuple(fc.nat({ max: 260 }), fc.nat({ max: 40 }));
/** A step: drop the draft at an index of the list (when any), or append a new one; then ask. */
const step = fc.tuple(fc.oneof(fc.nat({ max: 40 }), draft), range);

describe('DraftsNear', () => {
  it('finds the drafts overlapping a span, in list order, as a scan does, between drops and appends', () => {
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 30 }), fc.array(step, { maxLength: 12 }), (initial, steps) => {
        const drafts = [...initial];
        const near = new DraftsNear(drafts);
        for (const [change, [start, length]] of steps) {
          if (typeof change === 'number') {
            const gone = drafts[change % Math.max(1, drafts.length)];
            if (gone) {
              drafts.splice(drafts.indexOf(gone), 1);
              near.drop(gone);
            }
          } else {
            drafts.push(change);
            near.add(change);
          }
          const end = start + length;
          expect(near.overlapping(start, end)).toEqual(drafts.filter((d) => d.start < end && d.end > start));
        }
      }),
      { numRuns: 400 },
    );
  });
});
