// Confidence on quotes and speakers: looked up by kind in the calibrated rates, most specific kind first;
// the shipped rates are tied to the shipped attribution model (recalibrate after retraining).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTION_MODEL_FILE,
  QUOTE_CONFIDENCE_FILE,
  defaultModels,
  modelPath,
} from '../../shared/adapters/models/index.js';
import type { Quote } from '../../shared/domain/schema.js';
import { analyzeArticle } from '../../shared/nlp/pipeline.js';
import { addConfidence, quoteKeys, speakerKeys } from '../../shared/nlp/quotes/confidence.js';
import { readManifest } from '../../scripts/attribution-manifest.js';

const quote = (over: Partial<Quote> = {}): Quote => ({
  id: 'q0',
  type: 'direct',
  text: 'We are proud',
  start: 1,
  end: 13,
  statementIndex: 0,
  cue: { text: 'said', start: 20, end: 24 },
  speaker: { mention: 'Brown', start: 15, end: 20, name: 'Alice Brown', entityId: 'e1', resolution: 'name' },
  via: ['rule:speaker-cue-after-quotation'],
  ...over,
});

describe('quote confidence', () => {
  const tables = {
    quote: { '*': 0.7, direct: 0.9, 'direct rule:speaker-cue-after-quotation': 0.97 },
    speaker: { '*': 0.8, pronoun: 0.6, 'name cue': 0.95 },
  };

  it('takes the rate of the most specific kind it has', () => {
    const [q] = addConfidence([quote()], tables);
    expect(q!.confidence).toBe(0.97);
    expect(q!.speaker.confidence).toBe(0.95);
  });

  it('falls back to broader kinds, and to the overall rate', () => {
    const [q] = addConfidence(
      [
        quote({
          type: 'indirect',
          via: ['model:stage2'],
          cue: null,
          speaker: { ...quote().speaker, mention: 'she', resolution: 'pronoun' },
        }),
      ],
      tables,
    );
    expect(q!.confidence).toBe(0.7);
    expect(q!.speaker.confidence).toBe(0.6);
  });

  it('tells an inherited speaker (a continuation) from one with its own cue', () => {
    const own = speakerKeys(quote());
    const continued = speakerKeys(
      quote({ cue: null, via: ['rule:lone-quotation', 'rule:continues-previous-speaker'] }),
    );
    expect(own[0]).not.toBe(continued[0]);
    expect(continued[1]).toBe('name no-cue inherited');
    expect(quoteKeys(quote()).at(-1)).toBe('*');
  });

  it('keeps a speaker taken from paragraphs back apart from the previous quote’s', () => {
    const far = speakerKeys(
      quote({ cue: null, via: ['rule:lone-quotation', 'rule:continues-earlier-speaker'] }),
    );
    expect(far[1]).toBe('name no-cue inherited-far');
  });

  it('gives no confidence without calibrated rates', () => {
    const [q] = addConfidence([quote()], undefined);
    expect(q!.confidence).toBeUndefined();
    expect(q!.speaker.confidence).toBeUndefined();
  });

  it('ships rates calibrated for the shipped attribution model', () => {
    const shipped = JSON.parse(readFileSync(modelPath(QUOTE_CONFIDENCE_FILE), 'utf8')) as {
      attributionModelSha256: string;
      tables: { quote: Record<string, number>; speaker: Record<string, number> };
    };
    expect(shipped.attributionModelSha256, 'retrained the tagger? run npm run calibrate:quotes').toBe(
      readManifest(modelPath(ATTRIBUTION_MODEL_FILE)).sha256,
    );
    for (const p of [...Object.values(shipped.tables.quote), ...Object.values(shipped.tables.speaker)]) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
  });

  it('puts a confidence on every quote and speaker the pipeline finds', () => {
    const text =
      'The bridge will open in May, Mayor Alice Brown said.\n\n“We are proud of it,” she told reporters.';
    const { quotes } = analyzeArticle(
      { text, title: null, language: 'en', publishedAt: null, format: 'text' },
      defaultModels(),
    );
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      expect(q.confidence).toBeGreaterThan(0);
      expect(q.speaker.confidence).toBeGreaterThan(0);
    }
  });
});
