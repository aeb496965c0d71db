import { describe, expect, it } from 'vitest';
import { tokenizeSpan, wordCount } from '../../shared/nlp/quotes/tokens.js';

// The tokeniser as it was: the pattern run over the slice.
const TOKEN_RE = /\p{N}{1,3}(?:,\p{N}{3})+(?:\.\p{N}+)?|[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*|\S/gu;
const scan = (text: string, start: number, end: number) =>
  [...text.slice(start, end).matchAll(TOKEN_RE)].map((m) => {
    const s = start + m.index;
    return { text: m[0], start: s, end: s + m[0].length, lower: m[0].toLowerCase() };
  });

describe('tokenizeSpan', () => {
  it('gives every span of a text the tokens a scan of that span gives, cut tokens included', () => {
    const texts = [
      "Mr O’Neill said 5,200 jobs (and 3.5%) were “at risk” — U.S.-based firms' shares fell.\n\nNext: 1,000,00 x",
      'Émile Zola’s “J’accuse…!” 😀 e-mail re-elected 12,345.67 well-known  a.b.c',
    ];
    for (const text of texts)
      for (let start = -2; start <= text.length; start++)
        for (let end = start - 1; end <= text.length + 1; end++)
          expect(tokenizeSpan(text, start, end), `${start}-${end}`).toEqual(scan(text, start, end));
  });

  it('answers for a new text after another, and for the same text again', () => {
    const a = 'First text, first words.';
    const b = 'Second text: other words.';
    expect(tokenizeSpan(a, 0, a.length)).toEqual(scan(a, 0, a.length));
    expect(tokenizeSpan(b, 7, 12)).toEqual(scan(b, 7, 12));
    expect(tokenizeSpan(a, 6, 10)).toEqual(scan(a, 6, 10));
    const first = tokenizeSpan(a, 0, a.length);
    first.pop();
    expect(tokenizeSpan(a, 0, a.length)).toEqual(scan(a, 0, a.length));
  });

  it('answers spans of a long text across its blocks, in any order, as a scan does', () => {
    // ~250,000 characters, ~100,000 tokens: more blocks of token objects (1,024 tokens) than are kept
    // (8), a run of 70,000 characters without a blank, spans across block bounds, in random order.
    const words = ['Mr', 'O’Neill', 'said', '5,200', 'jobs', '(and', '3.5%)', '“at', 'risk”', 'U.S.-based'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const parts: string[] = [];
    for (let i = 0; i < 30000; i++) parts.push(words[next(words.length)]!, next(9) ? ' ' : '\n\n');
    const text = `${parts.slice(0, 20000).join('')}${'x.'.repeat(35000)} ${parts.slice(20000).join('')}`;
    const spans: [number, number][] = [
      [0, text.length],
      [65530, 65560],
      [131000, 200000],
    ];
    for (let i = 0; i < 300; i++) {
      const start = next(text.length);
      spans.push([start, Math.min(text.length, start + next(i % 10 ? 400 : 150000))]);
    }
    for (const [start, end] of spans)
      expect(tokenizeSpan(text, start, end), `${start}-${end}`).toEqual(scan(text, start, end));
  });
});

describe('wordCount', () => {
  it('counts the letter and digit runs the pattern finds', () => {
    const pieces = ['a', 'Zz', '9', ' ', ',', 'é', '٣', '𝐀', '😀', '\ud800', '\udc00', '-', "'", 'ß'];
    let seed = 5;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const len = next() % 30;
      for (let i = 0; i < len; i++) s += pieces[next() % pieces.length];
      expect(wordCount(s), JSON.stringify(s)).toBe(s.match(/[\p{L}\p{N}]+/gu)?.length ?? 0);
    }
  });
});
