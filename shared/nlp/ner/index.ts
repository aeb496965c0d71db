import type { Entity } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import { linkWithGazetteer, type LinkOptions } from './link.js';
import { recognizeWithTagger, type Mention } from './recognize.js';
import type { NerTagger } from './tagger.js';

export type { Mention } from './recognize.js';
export type { LinkOptions } from './link.js';
export { NerTagger } from './tagger.js';

/**
 * Mentions of named entities, in text order: PERSON, ORGANIZATION, LOCATION, MISC from the trained
 * sequence model (CoNLL-2003; `ner`, loaded by the models adapter), NATIONALITY where a MISC mention is a
 * demonym, DATE from chrono-node.
 */
export function recognizeEntities(ner: NerTagger, text: string, sentences: Sentence[]): Mention[] {
  return recognizeWithTagger(ner, text, sentences);
}

/**
 * Groups mentions into document-level entities with canonical names and aliases. Ids are assigned by the
 * caller. PERSON entities carry `role` and `nationality` from titles ("Belarusian President ..."),
 * NATIONALITY entities their `country`, DATE entities an `iso` date when `publishedAt` allows.
 */
export function linkEntities(
  ner: NerTagger,
  text: string,
  mentions: Mention[],
  opts: LinkOptions,
): Array<Omit<Entity, 'id'>> {
  return linkWithGazetteer(text, mentions, opts, ner.gazetteer);
}

/** 'male' / 'female' for an English first name listed under one gender only (@stdlib name lists), else null. */
export function firstNameGender(ner: NerTagger, firstName: string): 'male' | 'female' | null {
  return ner.gazetteer?.gender(firstName) ?? null;
}
