import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTION_STAGE_FILES,
  attributionChoiceFromEnv,
  loadModels,
  modelPath,
  NER_MODEL_FILE,
} from '../../shared/adapters/models/index.js';

describe('models adapter', () => {
  it('loads the recogniser and every shipped attribution stage, in order', () => {
    const models = loadModels();
    expect(models.ner.model.tags).toContain('O');
    expect(models.attribution.stages.map((m) => m.meta.stage ?? 1)).toEqual([1, 2, 3]);
  });

  it('reads the evaluation switches from the environment it is given', () => {
    expect(attributionChoiceFromEnv({})).toEqual({ stage1: undefined, later: undefined });
    expect(attributionChoiceFromEnv({ QUOTES_ATTRIBUTION_MODEL: 'off' }).stage1).toBe('off');
    expect(
      attributionChoiceFromEnv({
        QUOTES_ATTRIBUTION_MODEL: '/tmp/a.bin',
        QUOTES_ATTRIBUTION_STACKED: 'b.bin,c.bin',
      }),
    ).toEqual({ stage1: '/tmp/a.bin', later: ['b.bin', 'c.bin'] });
    expect(loadModels({ attribution: { stage1: 'off' } }).attribution.stages).toEqual([]);
    expect(loadModels({ attribution: { later: 'off' } }).attribution.stages).toHaveLength(1);
  });

  it('falls back to the rules alone without attribution files, and stops at the first missing stage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    copyFileSync(modelPath(NER_MODEL_FILE), join(dir, NER_MODEL_FILE));
    expect(loadModels({ dir }).attribution.stages).toEqual([]);
    copyFileSync(modelPath(ATTRIBUTION_STAGE_FILES[0]), join(dir, ATTRIBUTION_STAGE_FILES[0]));
    copyFileSync(modelPath(ATTRIBUTION_STAGE_FILES[2]), join(dir, ATTRIBUTION_STAGE_FILES[2]));
    expect(loadModels({ dir }).attribution.stages).toHaveLength(1);
  });

  it('fails clearly when the recogniser is missing', () => {
    expect(() => loadModels({ dir: mkdtempSync(join(tmpdir(), 'models-')) })).toThrow(/ner\.bin/);
  });
});
