import type { TextSpan } from '../types.js';

export type Token = TextSpan;

// Words (with inner apostrophes, hyphens, periods of abbreviations and digits' separators),
// or single non-space characters. Offsets index the original text.
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’.\-,/][\p{L}\p{M}\p{N}]+)*|\S/gu;

export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = text.slice(start, end);
  for (const m of slice.matchAll(TOKEN_RE)) {
    const s = start + (m.index ?? 0);
    tokens.push({ text: m[0], start: s, end: s + m[0].length });
  }
  return tokens;
}
