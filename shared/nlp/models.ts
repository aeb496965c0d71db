import type { NerTagger } from './ner/tagger.js';
import type { AttributionModels } from './quotes/attribution-model.js';
import type { ConfidenceTables } from './quotes/confidence.js';

/**
 * Every trained model the NLP core uses, loaded by the models adapter (shared/adapters/models/) and
 * passed in: the core itself reads no files and no environment.
 */
export interface NlpModels {
  /** The entity recogniser (ner.bin) with its gazetteer and name lists. */
  ner: NerTagger;
  /** The attribution tagger's stages (no stages: quotes by the rules alone). */
  attribution: AttributionModels;
  /** Calibrated confidence rates for quotes and speakers (quote-confidence.json); none: no confidence. */
  quoteConfidence?: ConfidenceTables;
}
