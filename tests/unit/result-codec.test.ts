// The stored form of an analysis is written in pieces and compressed as it is written (issue 13, bounded
// memory): the pieces are exactly the JSON that JSON.stringify gives whole, for any text (quotes,
// backslashes, control characters, surrogate pairs and lone surrogates at any piece boundary), none of
// them is more than a small part of a long article's JSON, and what is stored decodes to the analysis.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultModels } from '../../shared/adapters/models/index.js';
import {
  compactAnalysis,
  compactJsonPieces,
  decodeResult,
  encodeResult,
  type ResultMeta,
} from '../../shared/adapters/dynamodb/result-codec.js';
import { analyzeArticle, type Analysis } from '../../shared/nlp/pipeline.js';
import { plainArticle } from './plain-article.js';

const models = defaultModels();
const meta: ResultMeta = {
  pipelineVersion: { id: 'pv-1', code: 'c1', models: 'm1' },
  processedAt: '2026-12-02T00:00:00.000Z',
  format: 'text',
  source: { bucket: 'b', key: 'incoming/a.txt' },
  indexKeys: ['pk\nsk'],
};

const doc = plainArticle;

const ARTICLE = `Harbour plans approved by council

The city council approved the new harbour plans on Tuesday, Mayor Anna Berg said.

“This is a good day for the port. We waited ten years,” Berg told reporters. The work starts in May.

Opposition leader Tom Hale said the costs had been underestimated by at least £4m.`;

/** An analysis whose statement, quote and mention texts differ from their slices too (own texts stored). */
function withOwnTexts(a: Analysis): Analysis {
  return {
    ...a,
    statements: a.statements.map((s, i) => (i % 2 ? { ...s, text: `${s.text} (own)` } : s)),
    quotes: a.quotes.map((q) => ({ ...q, text: `«${q.text}»` })),
  };
}

describe('the stored result', () => {
  it('is written in pieces that join to the JSON of the whole, and decodes to the analysis', async () => {
    for (const analysis of [
      analyzeArticle(doc(ARTICLE), models),
      withOwnTexts(analyzeArticle(doc(ARTICLE), models)),
    ]) {
      expect(analysis.quotes.length).toBeGreaterThan(0);
      expect([...compactJsonPieces(analysis, meta)].join('')).toBe(
        JSON.stringify(compactAnalysis(analysis, meta)),
      );
      const stored = decodeResult(analysis.article.id, await encodeResult(analysis, meta));
      expect(stored).toEqual({ analysis, meta });
    }
  });

  it('escapes any text as JSON.stringify does, wherever a piece boundary falls', () => {
    // Units with the characters JSON escapes or that a cut could split: pairs, lone halves, quotes…
    const unit = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '"',
        '\\',
        '\n',
        '\u0000',
        '\u2028',
        '😀',
        '\ud83d',
        '\ude00',
        'é',
        '“',
      ),
      minLength: 1,
      maxLength: 9,
    });
    fc.assert(
      fc.property(unit, fc.nat({ max: 20 }), (u, lead) => {
        const text = 'x'.repeat(lead) + u.repeat(Math.ceil(150_000 / u.length));
        const analysis: Analysis = {
          article: { id: 'art_1', title: 'T "1"', text, contentHash: 'h', language: null, publishedAt: null },
          statements: [{ id: 'art_1:s0', index: 0, text: text.slice(0, 5), start: 0, end: 5 }],
          quotes: [],
          entities: [],
        };
        const pieces = [...compactJsonPieces(analysis, meta)];
        expect(pieces.join('')).toBe(JSON.stringify(compactAnalysis(analysis, meta)));
        // No piece holds more than a small part of the text's JSON.
        const json = JSON.stringify(text).length;
        expect(pieces.length).toBeGreaterThan(2);
        for (const p of pieces) expect(p.length).toBeLessThan(json / 2);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a long article’s statements, quotes and entities in pieces of about a hundred each', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${ARTICLE.replace('Berg', `Berg${i % 7}`)}`).join(
      '\n\n',
    );
    const analysis = analyzeArticle(doc(text), models);
    expect(analysis.statements.length).toBeGreaterThan(1500);
    const pieces = [...compactJsonPieces(analysis, meta)];
    const whole = JSON.stringify(compactAnalysis(analysis, meta));
    expect(pieces.join('')).toBe(whole);
    expect(whole.length).toBeGreaterThan(500_000);
    for (const p of pieces) expect(p.length).toBeLessThan(70_000);
  });
});
