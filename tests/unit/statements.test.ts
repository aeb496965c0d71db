import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../shared/nlp/segment.js';
import { buildStatements, groupStatements } from '../../shared/nlp/statements.js';
import type { Span } from '../../shared/domain/schema.js';

/** Quotation spans for “…” pairs, as the quotes module reports them (marks included). */
function curlyQuotations(text: string): Span[] {
  return [...text.matchAll(/“[^”]*”/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

describe('groupStatements', () => {
  it('makes one statement per sentence when no quotation crosses a boundary', () => {
    const text = 'He spoke. “We agree,” he said. They left.';
    const sentences = splitSentences(text);
    expect(groupStatements(sentences, curlyQuotations(text))).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('joins the sentences a quotation spans, and only those', () => {
    const text =
      'Intro. “Russia is our ally. It is a fraternal state. We agree,” Lukashenko said. He left. “Fine.” Done.';
    const sentences = splitSentences(text);
    expect(sentences).toHaveLength(7);
    const statements = buildStatements(text, sentences, curlyQuotations(text));
    expect(statements.map((s) => s.text)).toEqual([
      'Intro.',
      '“Russia is our ally. It is a fraternal state. We agree,” Lukashenko said.',
      'He left.',
      '“Fine.”',
      'Done.',
    ]);
    for (const s of statements) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('handles overlapping and unsorted quotations', () => {
    const text = 'A one. B two. C three. D four.';
    const sentences = splitSentences(text);
    const quotations = [
      { start: 16, end: 30 }, // C … D
      { start: 0, end: 10 }, // A … B
      { start: 2, end: 5 }, // inside A
    ];
    expect(groupStatements(sentences, quotations)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('joins sentences across paragraphs when a quotation spans them', () => {
    const text = '“We will win.\n\nWe always do,” he said.\n\nNext.';
    const sentences = splitSentences(text);
    expect(groupStatements(sentences, curlyQuotations(text))).toEqual([
      [0, 1],
      [2, 2],
    ]);
  });

  it('keeps headlines, tag lines and bylines as statements of their own, with their kind', () => {
    // A stray opening mark in the headline must not swallow the byline and the lede.
    const text = '“Brotherly nations\nBy Jane Doe\n\nBelarus, Russia\n\nMinsk agreed,” he said. It did.';
    const sentences = splitSentences(text);
    const statements = buildStatements(text, sentences, [{ start: 0, end: text.indexOf('”') + 1 }]);
    expect(statements.map((s) => [s.kind, s.text])).toEqual([
      ['headline', '“Brotherly nations'],
      ['byline', 'By Jane Doe'],
      ['tagline', 'Belarus, Russia'],
      ['prose', 'Minsk agreed,” he said.'],
      ['prose', 'It did.'],
    ]);
  });

  it('returns nothing for no sentences', () => {
    expect(groupStatements([], [{ start: 0, end: 5 }])).toEqual([]);
  });
});
