// Mention items: one per (name key, article), an index entry for the cross-article queries: which
// entities of the article are filed under the key (with their identity, how it was linked, how often
// they are named and how many quotes they said) and which article version holds their statements and
// quotes. No text: the readers take the statements and quotes from the article's result item (a
// BatchGet per page of a query), so that an entry stays under one write unit (1 KB) whatever the
// article says. Built here from an analysis and the registry's link decisions (write side), read
// back by the ResultsClient (read side), which derives the lists with mentionBody.
import { INDEXED_TYPES, type LinkDecision, type LinkOutcome } from '../../domain/identity.js';
import type { Entity, EntityType, Quote } from '../../domain/schema.js';
import type { Analysis } from '../../nlp/pipeline.js';
import { itemSize } from './item-size.js';
import { decompressJson } from './result-codec.js';
import { GSI1, ITEM_TYPES, keys } from './table-design.js';

/**
 * An item still larger than this (tens of thousands of distinct entities under one key) leaves out its
 * entities: readers take them from the result (`overflow: 'all'`).
 */
export const MAX_MENTION_ITEM_BYTES = 300 * 1024;

export interface MentionEntity {
  /** Identity id. */
  id: string;
  name: string;
  type: EntityType;
  /** Entity id in its article ("art_…:e3"): where the result lists its mentions. */
  entityId: string;
  mentions: number;
  /** Quotes this entity is the speaker of (omitted when none). */
  quotes?: number;
  role?: string;
  confidence?: number;
  link: LinkOutcome;
  candidates?: string[];
  /** Indexes of the statements that mention it: filled in by mentionBody from the result. */
  statements?: number[];
}

export interface MentionQuote {
  /** Index of the quote in its article. */
  n: number;
  /** Identity id of the speaker. */
  by: string;
  type: Quote['type'];
  text: string;
  cue: string | null;
  statementIndex: number;
  speaker: Pick<Quote['speaker'], 'mention' | 'resolution' | 'confidence'>;
  confidence?: number;
}

export interface MentionStatement {
  index: number;
  text: string;
}

/** What a mention item stands for in its article's result: the statements and quotes of its entities. */
export interface MentionBody {
  statements: MentionStatement[];
  quotes: MentionQuote[];
}

export interface MentionItemContext {
  date: string;
  version: string;
}

export interface ParsedMention {
  key: string;
  articleId: string;
  date: string;
  version: string;
  entities: MentionEntity[];
  quoteCount: number;
  /** The entities were left out (read them from the result: those filed under `key`). */
  entitiesLeftOut: boolean;
}

/** A decided entity of the analysis: the entity and the identity the registry linked it to. */
export interface DecidedEntity {
  entity: Entity;
  decision: LinkDecision;
}

/** The mention items of one article, one per name key its indexed entities are filed under. */
export function buildMentionItems(
  analysis: Analysis,
  decided: DecidedEntity[],
  context: MentionItemContext,
): Array<Record<string, unknown>> {
  const { article, quotes } = analysis;
  const byKey = new Map<string, DecidedEntity[]>();
  for (const d of decided) {
    if (!INDEXED_TYPES.has(d.entity.type)) continue;
    const list = byKey.get(d.decision.key) ?? [];
    list.push(d);
    byKey.set(d.decision.key, list);
  }
  const quotesBy = new Map<string, number>();
  for (const q of quotes) {
    if (q.speaker.entityId) quotesBy.set(q.speaker.entityId, (quotesBy.get(q.speaker.entityId) ?? 0) + 1);
  }
  const items: Array<Record<string, unknown>> = [];
  for (const [key, group] of byKey) {
    const entities: MentionEntity[] = group.map(({ entity, decision }) => ({
      id: decision.identityId,
      name: decision.name,
      type: entity.type,
      entityId: entity.id,
      mentions: entity.mentions.length,
      ...(quotesBy.get(entity.id) ? { quotes: quotesBy.get(entity.id) } : {}),
      ...(entity.role ? { role: entity.role } : {}),
      ...(entity.confidence !== undefined ? { confidence: entity.confidence } : {}),
      link: decision.outcome,
      ...(decision.candidates?.length ? { candidates: decision.candidates } : {}),
    }));
    const ambiguous = entities.filter((e) => e.link === 'ambiguous');
    const item: Record<string, unknown> = {
      ...keys.mention(key, context.date, article.id),
      itemType: ITEM_TYPES.mention,
      articleId: article.id,
      date: context.date,
      version: context.version,
      identities: new Set(entities.map((e) => e.id)),
      types: new Set(entities.map((e) => e.type)),
      quoteCount: entities.reduce((n, e) => n + (e.quotes ?? 0), 0),
      entities,
      ...(ambiguous.length
        ? {
            [GSI1.partitionKey]: keys.ambiguousGsi(),
            [GSI1.sortKey]: `${context.date}#${article.id}#${key}`,
            ambiguous: ambiguous.map((e) => ({
              identityId: e.id,
              name: e.name,
              candidates: e.candidates ?? [],
            })),
          }
        : {}),
    };
    if (itemSize(item) > MAX_MENTION_ITEM_BYTES) {
      // Too many entities under one key for one item: the result lists them (see mentionBody).
      for (const field of ['entities', 'identities', 'types', 'ambiguous', GSI1.partitionKey, GSI1.sortKey]) {
        delete item[field];
      }
      item.overflow = 'all';
    }
    items.push(item);
  }
  return items;
}

export function parseMention(item: Record<string, unknown>): ParsedMention {
  const pk = item.pk as string;
  const entities = ((item.entities as MentionEntity[] | undefined) ?? []).map((e) => ({ ...e }));
  // An item written by design v2 carried its quotes (`body`, or `bodyBr` compressed), not counts.
  const legacy = item.body ?? (item.bodyBr ? decompressJson(item.bodyBr as Uint8Array) : undefined);
  const legacyQuotes = (legacy as { quotes?: Array<{ by: string }> } | undefined)?.quotes;
  if (legacyQuotes) {
    const said = new Set<string>();
    for (const e of entities) {
      if (said.has(e.id)) continue; // v2 attributed quotes to identities, not entities
      said.add(e.id);
      const n = legacyQuotes.filter((q) => q.by === e.id).length;
      if (n) e.quotes = n;
    }
  }
  return {
    key: pk.slice('NAME#'.length),
    articleId: item.articleId as string,
    date: item.date as string,
    version: item.version as string,
    entities,
    quoteCount: (item.quoteCount as number | undefined) ?? 0,
    entitiesLeftOut: item.overflow === 'all',
  };
}

/**
 * The statements and quotes a mention item stands for, from its article's result: the statements that
 * name its entities and the quotes they said. Fills in each entity's statement indexes, and, for an
 * item that left its entities out, the entities filed under its key (as the write side filed them,
 * without registry links).
 */
export function mentionBody(
  mention: ParsedMention,
  analysis: Pick<Analysis, 'statements' | 'quotes' | 'entities'>,
  fileOf: (entity: Entity) => { key: string; identityId: string; name: string },
): MentionBody {
  const { statements, quotes, entities } = analysis;
  if (mention.entitiesLeftOut && !mention.entities.length) {
    for (const e of entities) {
      if (!INDEXED_TYPES.has(e.type)) continue;
      const filed = fileOf(e);
      if (filed.key !== mention.key) continue;
      mention.entities.push({
        id: filed.identityId,
        name: filed.name,
        type: e.type,
        entityId: e.id,
        mentions: e.mentions.length,
        link: 'new',
      });
    }
  }
  const byId = new Map(entities.map((e) => [e.id, e]));
  const identityOf = new Map(mention.entities.map((e) => [e.entityId, e.id]));
  const mentioned = new Set<number>();
  for (const e of mention.entities) {
    const indexes = [...new Set(byId.get(e.entityId)?.mentions.map((m) => m.statementIndex) ?? [])];
    e.statements = indexes.sort((a, b) => a - b);
    indexes.forEach((i) => mentioned.add(i));
  }
  return {
    statements: statements
      .filter((s) => mentioned.has(s.index))
      .map((s) => ({ index: s.index, text: s.text })),
    quotes: quotes
      .map((q, n) => ({ q, n }))
      .filter(({ q }) => q.speaker.entityId && identityOf.has(q.speaker.entityId))
      .map(({ q, n }) => ({
        n,
        by: identityOf.get(q.speaker.entityId!)!,
        type: q.type,
        text: q.text,
        cue: q.cue?.text ?? null,
        statementIndex: q.statementIndex,
        speaker: {
          mention: q.speaker.mention,
          resolution: q.speaker.resolution,
          ...(q.speaker.confidence !== undefined ? { confidence: q.speaker.confidence } : {}),
        },
        ...(q.confidence !== undefined ? { confidence: q.confidence } : {}),
      })),
  };
}

/** Speakers of an article by identity, with how many quotes each said (for the article head). */
export function speakersOf(
  quotes: Quote[],
  decided: DecidedEntity[],
): Array<{ identityId: string; name: string; quotes: number }> {
  const byEntity = new Map(decided.map((d) => [d.entity.id, d.decision]));
  const counts = new Map<string, { identityId: string; name: string; quotes: number }>();
  for (const q of quotes) {
    const decision = q.speaker.entityId ? byEntity.get(q.speaker.entityId) : undefined;
    if (!decision) continue;
    const entry = counts.get(decision.identityId) ?? {
      identityId: decision.identityId,
      name: decision.name,
      quotes: 0,
    };
    entry.quotes++;
    counts.set(decision.identityId, entry);
  }
  return [...counts.values()].sort((a, b) => b.quotes - a.quotes || a.identityId.localeCompare(b.identityId));
}
