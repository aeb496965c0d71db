// Mention items: one per (name key, article), holding what the cross-article queries return for that
// article: the entities filed under the key (with their identity and how it was linked), the
// statements that mention them and the quotes they said. Built here from an analysis and the
// registry's link decisions (write side), read back by the ResultsClient (read side).
import { INDEXED_TYPES, type LinkDecision, type LinkOutcome } from '../../domain/identity.js';
import type { Entity, EntityType, Quote } from '../../domain/schema.js';
import type { Analysis } from '../../nlp/pipeline.js';
import { itemSize } from './item-size.js';
import { compressJson, decompressJson } from './result-codec.js';
import { GSI1, ITEM_TYPES, keys } from './table-design.js';

/** Statement text kept in a mention item; the full text is in the article's result. */
export const MENTION_STATEMENT_CHARS = 1000;
/** Quote text kept in a mention item. */
export const MENTION_QUOTE_CHARS = 2000;
/** Lists are compressed above this many bytes of JSON. */
const COMPRESS_ABOVE_BYTES = 600;
/** A body larger than this (compressed) is left out: readers take the lists from the article's result. */
export const MAX_MENTION_BODY_BYTES = 64 * 1024;
/**
 * An item still larger than this once its body is left out (tens of thousands of distinct entities
 * under one key) leaves out its entities too: readers take them from the result (`overflow: 'all'`).
 */
export const MAX_MENTION_ITEM_BYTES = 300 * 1024;
const MAX_TITLE_CHARS = 300;

export interface MentionEntity {
  /** Identity id. */
  id: string;
  name: string;
  type: EntityType;
  /** Entity id in its article ("art_…:e3"). */
  entityId: string;
  mentions: number;
  /** Indexes of the statements that mention it (omitted in an overflowing item). */
  statements?: number[];
  role?: string;
  confidence?: number;
  link: LinkOutcome;
  candidates?: string[];
}

export interface MentionQuote {
  /** Index of the quote in its article. */
  n: number;
  /** Identity id of the speaker. */
  by: string;
  type: Quote['type'];
  text: string;
  textTruncated?: true;
  cue: string | null;
  statementIndex: number;
  speaker: Pick<Quote['speaker'], 'mention' | 'resolution' | 'confidence'>;
  confidence?: number;
}

export interface MentionStatement {
  index: number;
  text: string;
  textTruncated?: true;
}

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
  title: string | null;
  version: string;
  entities: MentionEntity[];
  /** null when the item overflowed: read the lists from the article's result. */
  body: MentionBody | null;
  /** The entities were left out too (read them from the result: those filed under `key`). */
  entitiesLeftOut: boolean;
}

const cut = (text: string, max: number) =>
  text.length > max ? { text: text.slice(0, max), textTruncated: true as const } : { text };

/** A decided entity of the analysis: the entity and the identity the registry linked it to. */
export interface DecidedEntity {
  entity: Entity;
  decision: LinkDecision;
}

/** The mention items of one article (grouped by name key), and its speakers by identity. */
export function buildMentionItems(
  analysis: Analysis,
  decided: DecidedEntity[],
  context: MentionItemContext,
): Array<Record<string, unknown>> {
  const { article, statements, quotes } = analysis;
  const byKey = new Map<string, DecidedEntity[]>();
  for (const d of decided) {
    if (!INDEXED_TYPES.has(d.entity.type)) continue;
    const list = byKey.get(d.decision.key) ?? [];
    list.push(d);
    byKey.set(d.decision.key, list);
  }
  const identityOfEntity = new Map(decided.map((d) => [d.entity.id, d.decision.identityId]));
  const items: Array<Record<string, unknown>> = [];
  for (const [key, group] of byKey) {
    const entityIds = new Set(group.map((d) => d.entity.id));
    const statementIndexes = new Set<number>();
    const entities: MentionEntity[] = group.map(({ entity, decision }) => {
      const indexes = [...new Set(entity.mentions.map((m) => m.statementIndex))].sort((a, b) => a - b);
      indexes.forEach((i) => statementIndexes.add(i));
      return {
        id: decision.identityId,
        name: decision.name,
        type: entity.type,
        entityId: entity.id,
        mentions: entity.mentions.length,
        statements: indexes,
        ...(entity.role ? { role: entity.role } : {}),
        ...(entity.confidence !== undefined ? { confidence: entity.confidence } : {}),
        link: decision.outcome,
        ...(decision.candidates?.length ? { candidates: decision.candidates } : {}),
      };
    });
    const said = quotes
      .map((q, n) => ({ q, n }))
      .filter(({ q }) => q.speaker.entityId && entityIds.has(q.speaker.entityId));
    const body: MentionBody = {
      statements: [...statementIndexes]
        .sort((a, b) => a - b)
        .map((index) => ({ index, ...cut(statements[index]?.text ?? '', MENTION_STATEMENT_CHARS) })),
      quotes: said.map(({ q, n }) => ({
        n,
        by: identityOfEntity.get(q.speaker.entityId!)!,
        type: q.type,
        ...cut(q.text, MENTION_QUOTE_CHARS),
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
    const ambiguous = entities.filter((e) => e.link === 'ambiguous');
    const item: Record<string, unknown> = {
      ...keys.mention(key, context.date, article.id),
      itemType: ITEM_TYPES.mention,
      articleId: article.id,
      date: context.date,
      title: article.title === null ? null : article.title.slice(0, MAX_TITLE_CHARS),
      version: context.version,
      identities: new Set(entities.map((e) => e.id)),
      types: new Set(entities.map((e) => e.type)),
      quoteCount: body.quotes.length,
      ...encodeBody(body, entities),
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
      // Too many entities under one key for one item: the result lists them (see parseMention).
      for (const field of ['entities', 'identities', 'types', 'ambiguous', GSI1.partitionKey, GSI1.sortKey]) {
        delete item[field];
      }
      item.overflow = 'all';
    }
    items.push(item);
  }
  return items;
}

/** The lists: plain when small, compressed when larger, left out (overflow) when too large. */
function encodeBody(body: MentionBody, entities: MentionEntity[]): Record<string, unknown> {
  const plainSize = itemSize({ body });
  if (plainSize <= COMPRESS_ABOVE_BYTES) return { entities, body };
  const compressed = compressJson(body);
  if (compressed.byteLength <= MAX_MENTION_BODY_BYTES) return { entities, bodyBr: compressed };
  // Overflow: an entity named in thousands of statements. Keep the entities, not their index lists.
  return { entities: entities.map(({ statements: _s, ...e }) => e), overflow: true };
}

export function parseMention(item: Record<string, unknown>): ParsedMention {
  const pk = item.pk as string;
  const body = item.body
    ? (item.body as MentionBody)
    : item.bodyBr
      ? decompressJson<MentionBody>(item.bodyBr as Uint8Array)
      : null;
  return {
    key: pk.slice('NAME#'.length),
    articleId: item.articleId as string,
    date: item.date as string,
    title: (item.title as string | null | undefined) ?? null,
    version: item.version as string,
    entities: (item.entities as MentionEntity[] | undefined) ?? [],
    body,
    entitiesLeftOut: item.overflow === 'all',
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
