// findNames (ner/link.ts) replaced one big alternation regex per article; it must find exactly what
// that regex found: whole words only (Unicode-aware), longest name first, non-overlapping, left to right.
import { describe, expect, it } from 'vitest';
import { findNames } from '../../shared/nlp/ner/link.js';
import { cpuGrowth, LINEAR_GROWTH_LIMIT } from './linear-time.js';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function byRegex(text: string, names: string[]) {
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRe);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, surface: m[0] }));
}

const cases: [string, string[]][] = [
  ['Union State talks: the Union met. Unionists left; Union.', ['Union', 'Union State']],
  ['Mr Lukashenko and Lukashenko-era and Lukashenko2 and ÅLukashenko, Lukashenko.', ['Lukashenko']],
  ['New York Times said New York was New Yorker country.', ['New York', 'New York Times', 'York']],
  ['U.S. and U.S.A. and U.S.Army', ['U.S.', 'U.S.A.']],
  ['AOL Europe (AOL) and AOL', ['AOL', 'AOL Europe']],
  ['𝐀Rome and 𝐀 Rome and Rome𝐀 and Rome', ['Rome']], // astral letters count as word characters
  ['Émile met Émile Zola; Zola.', ['Émile', 'Émile Zola', 'Zola']],
  ['Bank of America America Bank', ['Bank', 'America', 'Bank of America', 'America Bank']],
  ['', ['Abc']],
];

describe('findNames', () => {
  it.each(cases)('finds what the alternation regex finds in %j', (text, names) => {
    expect(findNames(text, names)).toEqual(byRegex(text, names));
  });

  it('prefers the longest name and skips names inside words', () => {
    expect(findNames('Union State and Unionists', ['Union', 'Union State'])).toEqual([
      { start: 0, end: 11, surface: 'Union State' },
    ]);
  });

  it('costs the same per position however many names share a first letter (issue 13)', () => {
    // `n` distinct names, all starting with S, each written once: as many names as positions to try.
    const names = (n: number) =>
      Array.from({ length: n }, (_, i) => `S${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[+d]!)}`);
    const input = (n: number) => ({ list: names(n), text: names(n).join(' and ') });
    const small = input(2_000);
    expect(findNames(small.text, small.list)).toHaveLength(2_000);
    expect(findNames(small.text, small.list)).toEqual(byRegex(small.text, small.list));
    const growth = cpuGrowth(({ text, list }) => findNames(text, list), small, input(8_000), 4, {
      limit: LINEAR_GROWTH_LIMIT,
    });
    expect(growth).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
