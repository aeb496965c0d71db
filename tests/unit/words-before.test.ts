import { describe, expect, it } from 'vitest';
import { lastWordsOf } from '../../shared/nlp/quotes/words-before.js';

const REGEX = /((?:[\p{L}.-]+\s+){0,4})$/u;

describe('lastWordsOf', () => {
  it('returns what the end-anchored pattern captures, on written examples', () => {
    const cases = [
      'said the Belarusian President ',
      'a b c d e f ',
      'no blank at the end',
      '',
      ' ',
      '(ministry spokesman ',
      'U.S. Secretary of State ',
      'Mr.  \n\t',
      'é à ü ß ',
      'Zürich-based \u00a0',
      '3 people ',
      '\udc00 lone surrogate ',
      'astral \u{1D400}\u{1D401} letters ',
      'x\u2028y\u2029 ',
    ];
    for (const s of cases) expect(lastWordsOf(s), JSON.stringify(s)).toBe(REGEX.exec(s)![1]);
  });

  it('agrees with the pattern on random strings of letters, marks, blanks and surrogates', () => {
    const alphabet = [
      'a',
      'Z',
      '.',
      '-',
      ' ',
      '\t',
      '\n',
      ',',
      '1',
      'é',
      '\u00a0',
      '\u{1D400}',
      '\ud800',
      '\udc00',
      '"',
    ];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = next() % 24;
      for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
      expect(lastWordsOf(s), JSON.stringify(s)).toBe(REGEX.exec(s)![1]);
    }
  });
});
