// The committed NER model is tied to the code whose output its weights depend on: changing the
// tokeniser, the features, the cues or the gazetteer encoding without retraining fails here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURE_CODE, featureCodeHashes } from '../../scripts/ner/manifest.js';

const manifest = JSON.parse(readFileSync('shared/nlp/models/ner.manifest.json', 'utf8')) as {
  sha256: string;
  featureCode: Record<string, string>;
};

describe('NER model manifest', () => {
  it('describes the committed model file', () => {
    const bytes = readFileSync('shared/nlp/models/ner.bin');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.sha256);
  });

  it('matches the feature code the model was trained with (retrain after changing it: see the model card)', () => {
    expect(Object.keys(manifest.featureCode).sort()).toEqual([...FEATURE_CODE].sort());
    expect(featureCodeHashes()).toEqual(manifest.featureCode);
  });
});
