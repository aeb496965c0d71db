import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../shared/ingest/metadata.js';

const ENGLISH = new Set(
  `the of and to in a is that for on was with he it as said by at from his be have has are were an not
  but they this who their its had which will would been she her we after also i you more about than one
  there or says told new year over when what into could can last two up out other them our all`.split(/\s+/),
);

// The detector as it was written first: every letter run, then two passes over them.
function reference(text: string): string | null {
  const words =
    text
      .slice(0, 20_000)
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  if (words.length < 3) return null;
  const hits = words.filter((w) => ENGLISH.has(w)).length;
  const latin = words.filter((w) => /^[a-z]+$/.test(w)).length;
  if (latin / words.length < 0.8) return null;
  return hits / words.length >= (words.length < 20 ? 0.15 : 0.2) ? 'en' : null;
}

describe('detectLanguage', () => {
  it('tells English from other languages and scripts', () => {
    expect(detectLanguage('The minister said that the plan would be announced on Monday.')).toBe('en');
    expect(detectLanguage('Le ministre a déclaré que le plan serait annoncé lundi.')).toBeNull();
    expect(detectLanguage('Министр заявил, что план будет объявлен в понедельник.')).toBeNull();
    expect(detectLanguage('Hi there')).toBeNull();
  });

  it('answers as the run-by-run reference does, on mixed and random text', () => {
    const pieces = [
      'the',
      'said',
      ' ',
      ', ',
      'Minister',
      'ÉTÉ',
      'déjà',
      '𝐀𝐁',
      '\ud800',
      '\udc00',
      'İ',
      '42',
      'and',
      'x',
      '—',
    ];
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const len = next() % 40;
      for (let i = 0; i < len; i++) s += pieces[next() % pieces.length];
      expect(detectLanguage(s), JSON.stringify(s)).toBe(reference(s));
    }
    const long = 'the cat and the dog said '.repeat(1000) + 'é';
    expect(detectLanguage(long)).toBe(reference(long));
    const cut = 'x'.repeat(19_999) + '𝐀 the and of';
    expect(detectLanguage(cut)).toBe(reference(cut));
  });
});
