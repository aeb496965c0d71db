import { describe, expect, it } from 'vitest';
import { fullNameAt } from '../../shared/nlp/quotes/name-run.js';

// Offsets inside a surrogate pair are never asked about (the caller skips them, as a unicode scan does).
const insidePair = (text: string, p: number) =>
  p > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(p)) && /[\uD800-\uDBFF]/.test(text.charAt(p - 1));

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pattern fullNameAt stands for, at offset p. */
function byPattern(text: string, p: number, surname: string): string | null {
  const re = new RegExp(`((?:(?:\\p{Lu}\\.|\\p{Lu}[\\p{L}'’-]*)[ \\t]+){1,3})${escapeRe(surname)}\\b`, 'uy');
  re.lastIndex = p;
  return re.exec(text)?.[0] ?? null;
}

describe('fullNameAt', () => {
  it('matches written names as the pattern does', () => {
    const text =
      'Prime Minister Tony Blair met J. R. Smith and Mary-Jane O’Brien Smith. Rangers. Smith left; ' +
      'Dr  Émile\tZola Zola said. John Smithson, Anne Smith_x, Ana Smith2, Ą Ęlżbieta Smith';
    for (const surname of ['Blair', 'Smith', 'Zola', 'O’Brien', 'Smith.', '']) {
      for (let p = 0; p <= text.length; p++)
        if (!insidePair(text, p))
          expect(fullNameAt(text, p, surname), `${surname} at ${p}`).toBe(byPattern(text, p, surname));
    }
  });

  it('agrees with the pattern on random runs of capitals, initials, blanks and marks', () => {
    const pieces = [
      'A',
      'Bo',
      'J.',
      ' ',
      '\t',
      '  ',
      'x',
      "'",
      '’',
      '-',
      '.',
      ',',
      'Smith',
      'É',
      '𝐀',
      '\ud835',
      '_',
      '1',
    ];
    let seed = 3;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = next() % 16;
      for (let i = 0; i < len; i++) text += pieces[next() % pieces.length];
      for (const surname of ['Smith', 'Bo', 'A']) {
        for (let p = 0; p <= text.length; p++)
          if (!insidePair(text, p))
            expect(fullNameAt(text, p, surname), `${JSON.stringify(text)} ${surname} at ${p}`).toBe(
              byPattern(text, p, surname),
            );
      }
    }
  });
});
