// Models adapter: reads the model files (and the environment switches that pick other files) once and
// hands the NLP core a loaded NlpModels. The only place model files are read at run time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SequenceModel } from '../../nlp/ml/model.js';
import { StagedModel } from '../../nlp/ml/staged.js';
import type { NlpModels } from '../../nlp/models.js';
import { NerTagger } from '../../nlp/ner/tagger.js';
import type { AttributionModels } from '../../nlp/quotes/attribution-model.js';
import type { ConfidenceTables } from '../../nlp/quotes/confidence.js';

export const NER_MODEL_FILE = 'ner.bin';
/** The attribution tagger: every stage packed in one file (`npm run train:attribution`). */
export const ATTRIBUTION_MODEL_FILE = 'attribution.bin';
/** Calibrated confidence rates for quotes and speakers (`npm run calibrate:quotes`). */
export const QUOTE_CONFIDENCE_FILE = 'quote-confidence.json';

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
 * Which attribution tagger to load: `off` for the rules alone, or a file (default: the shipped one; a
 * packed staged model, or a single-stage sequence model); `stages` keeps only the first stages.
 */
export interface AttributionChoice {
  /** A model file, or 'off'. */
  file?: string;
  stages?: number;
}

/** Reads the attribution tagger (a missing file means the rules alone). */
export function loadAttributionModels(choice: AttributionChoice = {}, dir = MODELS_DIR): AttributionModels {
  if (choice.file === 'off') return { tagger: null };
  let bytes: Buffer;
  try {
    bytes = readFileSync(choice.file ?? modelPath(ATTRIBUTION_MODEL_FILE, dir));
  } catch {
    return { tagger: null };
  }
  const tagger = isStagedModel(bytes)
    ? StagedModel.fromBuffer(bytes)
    : StagedModel.fromModels([SequenceModel.fromBuffer(bytes)]);
  return { tagger: choice.stages ? tagger.firstStages(choice.stages) : tagger };
}

const isStagedModel = (bytes: Buffer) => bytes.length >= 4 && bytes.toString('latin1', 0, 4) === 'SQS1';

/**
 * Switches for evaluating candidates: QUOTES_ATTRIBUTION_MODEL=off (rules only) or =<file.bin> (another
 * tagger); QUOTES_ATTRIBUTION_STAGES=<n> (its first n stages only).
 */
export function attributionChoiceFromEnv(env: NodeJS.ProcessEnv = process.env): AttributionChoice {
  const file = env.QUOTES_ATTRIBUTION_MODEL;
  const stages = Number(env.QUOTES_ATTRIBUTION_STAGES);
  return {
    ...(file === 'off' || file?.endsWith('.bin') ? { file } : {}),
    ...(stages > 0 ? { stages } : {}),
  };
}

export interface LoadModelsOptions {
  /** Directory of the model files (default: the shipped ones). */
  dir?: string;
  attribution?: AttributionChoice;
}

/** The calibrated confidence rates (none when the file is missing or calibration is switched off). */
export function loadQuoteConfidence(
  dir = MODELS_DIR,
  env: NodeJS.ProcessEnv = process.env,
): ConfidenceTables | undefined {
  if (env.QUOTES_CONFIDENCE === 'off') return undefined;
  try {
    const file = JSON.parse(readFileSync(modelPath(QUOTE_CONFIDENCE_FILE, dir), 'utf8')) as {
      tables: ConfidenceTables;
    };
    return file.tables;
  } catch {
    return undefined;
  }
}

/** Loads every model of the core. The NER model is required; without attribution files quotes come from rules. */
export function loadModels(options: LoadModelsOptions = {}): NlpModels {
  const dir = options.dir ?? MODELS_DIR;
  return {
    ner: NerTagger.fromBuffer(readFileSync(modelPath(NER_MODEL_FILE, dir))),
    attribution: loadAttributionModels(options.attribution, dir),
    quoteConfidence: loadQuoteConfidence(dir),
  };
}

let loaded: NlpModels | undefined;

/** The shipped models (with the environment's attribution switches), loaded once per process. */
export function defaultModels(): NlpModels {
  loaded ??= loadModels({ attribution: attributionChoiceFromEnv() });
  return loaded;
}
