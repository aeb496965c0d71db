// The shipped attribution model is tied to the code whose output it uses as features: change the rules,
// the lexicon or the feature extractor and this fails until the model is retrained (npm run train:attribution).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_MODEL_FILE, modelPath } from '../../shared/adapters/models/index.js';
import { featureSourcesHash, readManifest } from '../../scripts/attribution-manifest.js';

const file = modelPath(ATTRIBUTION_MODEL_FILE);
const manifest = readManifest(file);

describe('attribution model manifest', () => {
  it('describes the shipped file: name, size and sha256', () => {
    const bytes = readFileSync(file);
    expect(manifest.file).toBe(ATTRIBUTION_MODEL_FILE);
    expect(manifest.bytes).toBe(bytes.length);
    expect(manifest.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('names its training data, command, options and seed', () => {
    expect(manifest.training.data).toMatch(/PolNeAR/);
    expect(manifest.training.documents).toBeGreaterThan(800);
    expect(manifest.training.command).toBe('npm run train:attribution');
    expect(manifest.training.seed).toBeTypeOf('number');
  });

  it('was trained on the rules, lexicon and features as they are now', () => {
    expect(manifest.features.sourcesHash, 'the feature sources changed: run npm run train:attribution').toBe(
      featureSourcesHash(),
    );
  });

  it('stays within the size budget (all attribution stages ≤ 3 MB)', () => {
    expect(manifest.bytes).toBeLessThanOrEqual(3_000_000);
  });
});
