import type { Entity, EntityType, TextSpan } from '../../types.js';
import type { Sentence } from '../segment.js';

export interface Mention extends TextSpan {
  type: EntityType;
}

export interface LinkOptions {
  publishedAt: string | null;
  /** Statement index of the statement containing this offset. */
  statementIndexAt: (offset: number) => number;
}

/** Mentions of named entities, in text order. (First version: none; the trained recogniser replaces this.) */
export function recognizeEntities(_text: string, _sentences: Sentence[]): Mention[] {
  return [];
}

/** Groups mentions into document-level entities with canonical names and aliases. Ids are assigned by the caller. */
export function linkEntities(_text: string, _mentions: Mention[], _opts: LinkOptions): Array<Omit<Entity, 'id'>> {
  return [];
}
