import { describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/nlp/tokenize.js';
import { growthOnFourfoldInput, LINEAR_GROWTH_LIMIT } from './linear-time.js';

const words = (text: string) => tokenize(text).map((t) => t.text);

describe('tokenize', () => {
  it('separates punctuation and splits clitics as in CoNLL', () => {
    expect(words("Lukashenko's team didn't go, and they're \"sure\".")).toEqual([
      'Lukashenko',
      "'s",
      'team',
      'did',
      "n't",
      'go',
      ',',
      'and',
      'they',
      "'re",
      '"',
      'sure',
      '"',
      '.',
    ]);
    expect(words('it’s the union’s (of Russia) level')).toEqual([
      'it',
      '’s',
      'the',
      'union',
      '’s',
      '(',
      'of',
      'Russia',
      ')',
      'level',
    ]);
  });

  it('keeps hyphenated words, names with apostrophes and numbers with separators whole', () => {
    expect(
      words("Belarus-Russia ties: O'Brien saw 8,000 firms, 3.5% growth and $1.13bn at 10:30 in the 1990s."),
    ).toEqual([
      'Belarus-Russia',
      'ties',
      ':',
      "O'Brien",
      'saw',
      '8,000',
      'firms',
      ',',
      '3.5',
      '%',
      'growth',
      'and',
      '$',
      '1.13bn',
      'at',
      '10:30',
      'in',
      'the',
      '1990s',
      '.',
    ]);
  });

  it('keeps abbreviations and initials with their period, but not a sentence-final period', () => {
    expect(words('Mr. Jonas E. Smith of the U.S. left at 9 a.m. on Jan. 5 with No. 5.')).toEqual([
      'Mr.',
      'Jonas',
      'E.',
      'Smith',
      'of',
      'the',
      'U.S.',
      'left',
      'at',
      '9',
      'a.m.',
      'on',
      'Jan.',
      '5',
      'with',
      'No.',
      '5',
      '.',
    ]);
    expect(words('He said no. Then it was March.')).toEqual([
      'He',
      'said',
      'no',
      '.',
      'Then',
      'it',
      'was',
      'March',
      '.',
    ]);
  });

  it('keeps a listed abbreviation before punctuation', () => {
    expect(words('FLINT, Mich., Oct. 4 (UPI)')).toEqual([
      'FLINT',
      ',',
      'Mich.',
      ',',
      'Oct.',
      '4',
      '(',
      'UPI',
      ')',
    ]);
    expect(words('U.S.-led talks')).toEqual(['U.S.-led', 'talks']);
  });

  it('keeps URLs, e-mail addresses and dotted names whole, and ellipses together', () => {
    expect(words('See https://example.com/a?b=1. Mail a.b@example.org about Node.js... Now.')).toEqual([
      'See',
      'https://example.com/a?b=1',
      '.',
      'Mail',
      'a.b@example.org',
      'about',
      'Node.js',
      '...',
      'Now',
      '.',
    ]);
  });

  it('gives exact offsets into the original text, also for a sub-range', () => {
    const text = 'Intro.  “Russia, it’s said, remains our ally,” Lukashenko said.';
    const start = text.indexOf('“');
    const tokens = tokenize(text, start, text.length);
    expect(tokens[0]).toEqual({ text: '“', start, end: start + 1 });
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(tokens.map((t) => t.text).join(' ')).toBe(
      '“ Russia , it ’s said , remains our ally , ” Lukashenko said .',
    );
  });

  it('handles non-Latin letters and combining marks', () => {
    expect(words('Ličen met Łukaszenka in Мінск.')).toEqual([
      'Ličen',
      'met',
      'Łukaszenka',
      'in',
      'Мінск',
      '.',
    ]);
  });

  it.each([
    ['initials run into a word', (n: number) => 'A.'.repeat(n) + 'Ab', 25_000],
    ['a long URL-like run', (n: number) => 'https://' + 'a.'.repeat(n), 25_000],
    ['one very long word', (n: number) => 'x'.repeat(n), 100_000],
  ])('stays linear on %s', (_name, make, n) => {
    const text = make(n);
    const tokens = tokenize(text);
    expect(tokens.filter((t) => text.slice(t.start, t.end) !== t.text)).toEqual([]);
    expect(growthOnFourfoldInput(tokenize, make, n)).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
