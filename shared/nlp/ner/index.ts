import type { Entity } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import { linkWithGazetteer, type LinkOptions } from './link.js';
import { getNerTagger, recognizeWithTagger, type Mention } from './recognize.js';

export type { Mention } from './recognize.js';
export type { LinkOptions } from './link.js';
export { getNerTagger, NER_MODEL_FILE } from './recognize.js';

/**
 * Mentions of named entities, in text order: PERSON, ORGANIZATION, LOCATION, MISC from the trained
 * sequence model (CoNLL-2003), NATIONALITY where a MISC mention is a demonym, DATE from chrono-node.
 */
export function recognizeEntities(text: string, sentences: Sentence[]): Mention[] {
  return recognizeWithTagger(getNerTagger(), text, sentences);
}

/**
 * Groups mentions into document-level entities with canonical names and aliases. Ids are assigned by the
 * caller. PERSON entities carry `role` and `nationality` from titles ("Belarusian President ..."),
 * NATIONALITY entities their `country`, DATE entities an `iso` date when `publishedAt` allows.
 */
export function linkEntities(
  text: string,
  mentions: Mention[],
  opts: LinkOptions,
): Array<Omit<Entity, 'id'>> {
  return linkWithGazetteer(text, mentions, opts, getNerTagger().gazetteer);
}

/** 'male' / 'female' for an English first name listed under one gender only (@stdlib name lists), else null. */
export function firstNameGender(firstName: string): 'male' | 'female' | null {
  return getNerTagger().gazetteer?.gender(firstName) ?? null;
}
