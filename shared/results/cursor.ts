// Opaque pagination cursors: base64url JSON of where each queried partition stopped, bound to the query
// they came from (a cursor of another query is refused rather than silently misread).
import { createHash } from 'node:crypto';

export class CursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CursorError';
  }
}

export interface CursorState {
  /** Per source: the key to resume after, null to start at the beginning, 'done' when exhausted. */
  sources: Array<Record<string, unknown> | null | 'done'>;
  /** An item whose entries were only partly returned: its key and how many were. */
  partial?: { key: Record<string, unknown>; n: number } | undefined;
  /** For listings sorted in memory: how many entries were returned. */
  offset?: number;
}

export const queryFingerprint = (query: unknown) =>
  createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 12);

export function encodeCursor(query: unknown, state: CursorState): string {
  return Buffer.from(JSON.stringify({ q: queryFingerprint(query), ...state }), 'utf8').toString('base64url');
}

export function decodeCursor(query: unknown, cursor: string): CursorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('The cursor is not one this API returned.');
  }
  const state = parsed as CursorState & { q?: string };
  if (!state || typeof state !== 'object' || !Array.isArray(state.sources)) {
    throw new CursorError('The cursor is not one this API returned.');
  }
  if (state.q !== queryFingerprint(query)) {
    throw new CursorError('The cursor belongs to another query: pass the same query with its cursor.');
  }
  return { sources: state.sources, partial: state.partial, offset: state.offset };
}
