// Models adapter: reads the model files (and the environment switches that pick other files) once and
// hands the NLP core a loaded NlpModels. The only place model files are read at run time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SequenceModel } from '../../nlp/ml/model.js';
import type { NlpModels } from '../../nlp/models.js';
import { NerTagger } from '../../nlp/ner/tagger.js';
import type { AttributionModels } from '../../nlp/quotes/attribution-model.js';

export const NER_MODEL_FILE = 'ner.bin';
/** The attribution tagger's stages in order: each later stage sees the tags of the stage before. */
export const ATTRIBUTION_STAGE_FILES = [
  'attribution.bin',
  'attribution-stage2.bin',
  'attribution-stage3.bin',
] as const;

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Where the shipped model files are: beside the bundle's index.mjs in the Lambda package (the CDK stack
 * copies shared/nlp/models/ there as models/), else shared/nlp/models/ of the source tree.
 */
export const MODELS_DIR =
  [join(here, 'models'), join(here, '..', '..', 'nlp', 'models')].find((d) =>
    existsSync(join(d, NER_MODEL_FILE)),
  ) ?? join(here, '..', '..', 'nlp', 'models');

/** Path of a shipped model file. */
export function modelPath(name: string, dir = MODELS_DIR): string {
  return join(dir, name);
}

/**
 * Which attribution stages to load: `off` for the rules alone; otherwise the first stage (`stage1`, a
 * file path; default the shipped one) and the later stages (`later`: `off`, or file paths; default the
 * shipped ones up to the first missing file).
 */
export interface AttributionChoice {
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- 'off' named for readers
  stage1?: 'off' | string;
  later?: 'off' | string[];
}

/** Reads the attribution stages; a missing first stage means the rules alone, a missing later one stops there. */
export function loadAttributionModels(choice: AttributionChoice = {}, dir = MODELS_DIR): AttributionModels {
  if (choice.stage1 === 'off') return { stages: [] };
  const stages: SequenceModel[] = [];
  try {
    stages.push(
      SequenceModel.fromBuffer(readFileSync(choice.stage1 ?? modelPath(ATTRIBUTION_STAGE_FILES[0], dir))),
    );
  } catch {
    return { stages: [] };
  }
  if (choice.later === 'off') return { stages };
  for (const file of choice.later ?? ATTRIBUTION_STAGE_FILES.slice(1).map((f) => modelPath(f, dir))) {
    try {
      stages.push(SequenceModel.fromBuffer(readFileSync(file)));
    } catch {
      break; // a stage needs every stage before it
    }
  }
  return { stages };
}

/**
 * Switches for evaluating candidates: QUOTES_ATTRIBUTION_MODEL=off (rules only) or =<file.bin> (another
 * first stage); QUOTES_ATTRIBUTION_STACKED=off (first stage alone) or =<a.bin>,<b.bin> (other later stages).
 */
export function attributionChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): AttributionChoice {
  const first = env.QUOTES_ATTRIBUTION_MODEL;
  const later = env.QUOTES_ATTRIBUTION_STACKED;
  return {
    stage1: first === 'off' ? 'off' : first?.endsWith('.bin') ? first : undefined,
    later: later === 'off' ? 'off' : later?.endsWith('.bin') ? later.split(',') : undefined,
  };
}

export interface LoadModelsOptions {
  /** Directory of the model files (default: the shipped ones). */
  dir?: string;
  attribution?: AttributionChoice;
}

/** Loads every model of the core. The NER model is required; without attribution files quotes come from rules. */
export function loadModels(options: LoadModelsOptions = {}): NlpModels {
  const dir = options.dir ?? MODELS_DIR;
  return {
    ner: NerTagger.fromBuffer(readFileSync(modelPath(NER_MODEL_FILE, dir))),
    attribution: loadAttributionModels(options.attribution, dir),
  };
}

let loaded: NlpModels | undefined;

/** The shipped models (with the environment's attribution switches), loaded once per process. */
export function defaultModels(): NlpModels {
  loaded ??= loadModels({ attribution: attributionChoiceFromEnv() });
  return loaded;
}
