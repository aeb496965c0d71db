// Pagination cursors are opaque to callers but must round-trip, and must be refused — with a message
// that says why — when they are garbage or belong to another query.
import { describe, expect, it } from 'vitest';
import { CursorError, decodeCursor, encodeCursor } from '../../shared/results/cursor.js';

const query = { route: 'quotes-by', name: 'blair', minConfidence: 0.5 };

describe('pagination cursors', () => {
  it('round-trip the state of every source, a partly returned item and an offset', () => {
    const state = {
      sources: [{ pk: 'NAME#blair', sk: '2026-01-01#art_1' }, null, 'done' as const],
      partial: { key: { pk: 'NAME#blair', sk: '2026-01-02#art_2' }, n: 3 },
      offset: 20,
    };
    expect(decodeCursor(query, encodeCursor(query, state))).toEqual(state);
  });

  it('refuses a cursor that is not base64url JSON', () => {
    expect(() => decodeCursor(query, '%%%not-a-cursor')).toThrow(CursorError);
    expect(() => decodeCursor(query, '%%%not-a-cursor')).toThrow(/not one this API returned/);
  });

  it('refuses JSON that is not a cursor', () => {
    const notCursor = Buffer.from(JSON.stringify({ hello: 'world' })).toString('base64url');
    expect(() => decodeCursor(query, notCursor)).toThrow(/not one this API returned/);
    expect(() => decodeCursor(query, Buffer.from('null').toString('base64url'))).toThrow(CursorError);
  });

  it('refuses the cursor of another query', () => {
    const cursor = encodeCursor(query, { sources: [null] });
    expect(() => decodeCursor({ ...query, name: 'brown' }, cursor)).toThrow(/another query/);
  });
});
