// Builds the published events (contract: events/schemas.ts) from an analysis. Event ids are
// deterministic so that consumers can deduplicate the rare re-publication after a retry.
import {
  DETAIL_TYPES,
  type ArticleDeletedDetail,
  type ArticleFailedDetail,
  type PipelineEvent,
  type StatementProcessedDetail,
  type Supersedes,
} from '../../events/schemas.js';
import type { SourceRef, ErrorInfo, RemovalReason } from './ports.js';
import { sha256Hex } from '../domain/ids.js';
import type { Analysis } from '../nlp/pipeline.js';
import type { DecodedArticle } from '../domain/schema.js';

/** Statement text beyond this many UTF-16 units is cut in events (an event must stay well under 1 MB). */
export const MAX_EVENT_TEXT_CHARS = 64 * 1024;

/** Ids carry the pipeline version: a reprocessed article's events are new events, not copies. */
const versioned = (id: string, pipelineVersion?: string) =>
  pipelineVersion ? `${id}:${pipelineVersion}` : id;
export const statementEventId = (statementId: string, pipelineVersion?: string) =>
  versioned(`${statementId}:statement-processed`, pipelineVersion);
export const articleProcessedEventId = (articleId: string, pipelineVersion?: string) =>
  versioned(`${articleId}:article-processed`, pipelineVersion);
/** `occasion` tells one deletion from another: the replacing article, or the S3 event's sequencer. */
export const articleDeletedEventId = (articleId: string, occasion: string) =>
  `${articleId}:article-deleted:${sha256Hex(occasion).slice(0, 12)}`;

/** What an announcement says about the version it comes from and what it replaces. */
export interface Announcement {
  pipelineVersion: string;
  supersedes?: Supersedes | null;
}
export const articleFailedEventId = (source: SourceRef, objectHash: string | null) =>
  `failed_${sha256Hex(`${source.bucket}/${source.key}#${objectHash ?? ''}`).slice(0, 24)}`;

const cut = (text: string) =>
  text.length > MAX_EVENT_TEXT_CHARS ? text.slice(0, MAX_EVENT_TEXT_CHARS) : text;

/** One Statement Processed event per statement, then one Article Processed event (in that order). */
export function processedEvents(
  analysis: Analysis,
  format: DecodedArticle['format'],
  source: SourceRef,
  processedAt: string,
  announcement?: Announcement,
): PipelineEvent[] {
  const { article, statements, quotes, entities } = analysis;
  const perStatement = byStatement(analysis);
  const version = announcement?.pipelineVersion;
  const versioning = announcement
    ? {
        pipelineVersion: announcement.pipelineVersion,
        ...(announcement.supersedes ? { supersedes: announcement.supersedes } : {}),
      }
    : {};
  const events: PipelineEvent[] = statements.map((s) => {
    const detail: StatementProcessedDetail = {
      schemaVersion: 1,
      eventId: statementEventId(s.id, version),
      articleId: article.id,
      statementId: s.id,
      index: s.index,
      text: cut(s.text),
      ...(s.text.length > MAX_EVENT_TEXT_CHARS ? { textTruncated: true } : {}),
      start: s.start,
      end: s.end,
      quotes: (perStatement.quotes.get(s.index) ?? []).map((q) => ({
        id: q.id,
        type: q.type,
        text: cut(q.text),
        start: q.start,
        end: q.end,
        cue: q.cue,
        speaker: q.speaker,
        ...(q.parts ? { parts: q.parts } : {}),
        ...(q.confidence !== undefined ? { confidence: q.confidence } : {}),
      })),
      entities: perStatement.entities.get(s.index) ?? [],
      article: { title: article.title, publishedAt: article.publishedAt, statementCount: statements.length },
      source,
      processedAt,
      ...versioning,
    };
    return { detailType: DETAIL_TYPES.statementProcessed, detail };
  });
  events.push({
    detailType: DETAIL_TYPES.articleProcessed,
    detail: {
      schemaVersion: 1,
      eventId: articleProcessedEventId(article.id, version),
      articleId: article.id,
      title: article.title,
      language: article.language,
      publishedAt: article.publishedAt,
      contentHash: article.contentHash,
      format,
      counts: { statements: statements.length, quotes: quotes.length, entities: entities.length },
      source,
      processedAt,
      ...versioning,
    },
  });
  return events;
}

type StatementEntity = StatementProcessedDetail['entities'][number];

/**
 * The quotes and the entity mentions of each statement, in one pass (filtering every quote and mention
 * for every statement made building the events quadratic: minutes for a few MB). Entities keep their
 * order, and each its mentions' order.
 */
function byStatement({ quotes, entities }: Analysis): {
  quotes: Map<number, Analysis['quotes']>;
  entities: Map<number, StatementEntity[]>;
} {
  const quotesOf = new Map<number, Analysis['quotes']>();
  for (const q of quotes) {
    const list = quotesOf.get(q.statementIndex);
    if (list) list.push(q);
    else quotesOf.set(q.statementIndex, [q]);
  }
  const entitiesOf = new Map<number, StatementEntity[]>();
  for (const e of entities) {
    for (const m of e.mentions) {
      let list = entitiesOf.get(m.statementIndex);
      if (!list) entitiesOf.set(m.statementIndex, (list = []));
      let entry = list[list.length - 1];
      if (entry?.entityId !== e.id) {
        entry = { entityId: e.id, name: e.name, type: e.type, mentions: [] };
        list.push(entry);
      }
      entry.mentions.push({ text: m.text, start: m.start, end: m.end });
    }
  }
  return { quotes: quotesOf, entities: entitiesOf };
}

export function failedEvent(
  source: SourceRef,
  objectHash: string | null,
  articleId: string | null,
  error: ErrorInfo,
  failedAt: string,
): PipelineEvent {
  const detail: ArticleFailedDetail = {
    schemaVersion: 1,
    eventId: articleFailedEventId(source, objectHash),
    articleId,
    error,
    source,
    failedAt,
  };
  return { detailType: DETAIL_TYPES.articleFailed, detail };
}

export function deletedEvent(
  articleId: string,
  reason: RemovalReason,
  supersededBy: string | null,
  source: SourceRef,
  deletedAt: string,
  occasion: string,
): PipelineEvent {
  const detail: ArticleDeletedDetail = {
    schemaVersion: 1,
    eventId: articleDeletedEventId(articleId, occasion),
    articleId,
    reason,
    supersededBy,
    source,
    deletedAt,
  };
  return { detailType: DETAIL_TYPES.articleDeleted, detail };
}
