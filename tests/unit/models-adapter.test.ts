import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTION_MODEL_FILE,
  attributionChoiceFromEnv,
  loadModels,
  modelPath,
  NER_MODEL_FILE,
} from '../../shared/adapters/models/index.js';

describe('models adapter', () => {
  it('loads the recogniser and the attribution tagger with all its stages', () => {
    const models = loadModels();
    expect(models.ner.model.tags).toContain('O');
    expect(models.attribution.tagger?.stages).toBeGreaterThan(1);
  });

  it('reads the evaluation switches from the environment it is given', () => {
    expect(attributionChoiceFromEnv({})).toEqual({});
    expect(attributionChoiceFromEnv({ QUOTES_ATTRIBUTION_MODEL: 'off' })).toEqual({ file: 'off' });
    expect(
      attributionChoiceFromEnv({ QUOTES_ATTRIBUTION_MODEL: '/tmp/a.bin', QUOTES_ATTRIBUTION_STAGES: '2' }),
    ).toEqual({ file: '/tmp/a.bin', stages: 2 });
    expect(loadModels({ attribution: { file: 'off' } }).attribution.tagger).toBeNull();
    expect(loadModels({ attribution: { stages: 1 } }).attribution.tagger?.stages).toBe(1);
  });

  it('falls back to the rules alone without the attribution file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    copyFileSync(modelPath(NER_MODEL_FILE), join(dir, NER_MODEL_FILE));
    expect(loadModels({ dir }).attribution.tagger).toBeNull();
    copyFileSync(modelPath(ATTRIBUTION_MODEL_FILE), join(dir, ATTRIBUTION_MODEL_FILE));
    expect(loadModels({ dir }).attribution.tagger).not.toBeNull();
  });

  it('fails clearly when the recogniser is missing', () => {
    expect(() => loadModels({ dir: mkdtempSync(join(tmpdir(), 'models-')) })).toThrow(/ner\.bin/);
  });
});
