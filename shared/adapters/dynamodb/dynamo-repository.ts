import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  ArticleRecord,
  ArticleRepository,
  ArticleStatus,
  ClaimRequest,
  ClaimResult,
  ErrorInfo,
  SourceRecord,
  SourceRef,
} from '../../app/ports.js';
import type { Analysis } from '../../nlp/pipeline.js';
import type { Entity, EntityType, Quote, QuoteType, Speaker } from '../../domain/schema.js';
import { GSI1, ITEM_TYPES, keys } from './table-design.js';

/** DynamoDB items are at most 400 KB; text beyond these lengths is cut in items (offsets stay exact). */
export const MAX_ITEM_TEXT_CHARS = 100_000;
const MAX_EMBEDDED = 200;
const MAX_ITEM_BYTES = 390_000;
const WRITE_CONCURRENCY = 4;

export interface StatementQuoteRef {
  id: string;
  type: QuoteType;
  text: string;
  speakerName: string | null;
  speakerMention: string | null;
}

export interface StatementEntityMention {
  entityId: string;
  name: string;
  type: EntityType;
  text: string;
  start: number;
  end: number;
}

export interface StoredStatement {
  articleId: string;
  id: string;
  index: number;
  text: string;
  textTruncated?: boolean;
  start: number;
  end: number;
  quotes: StatementQuoteRef[];
  entityMentions: StatementEntityMention[];
}

export interface StoredQuote extends Quote {
  articleId: string;
  articleTitle: string | null;
  publishedAt: string | null;
  textTruncated?: boolean;
}

export interface StoredEntity extends Entity {
  articleId: string;
  statementIndexes: number[];
  mentionsTruncated?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cut = (text: string) => (text.length > MAX_ITEM_TEXT_CHARS ? text.slice(0, MAX_ITEM_TEXT_CHARS) : text);
const approxSize = (item: object) => Buffer.byteLength(JSON.stringify(item), 'utf8');

type Item = Record<string, unknown>;

function isConditionalCheckFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** DynamoDB adapter over the single table described in table-design.ts. No transactions (dynalite has none). */
export class DynamoArticleRepository implements ArticleRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry = { attempts: 8, baseDelayMs: 50 },
  ) {}

  // ---- articles ---------------------------------------------------------------------------

  async getArticle(articleId: string): Promise<ArticleRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.articleMeta(articleId), ConsistentRead: true }),
    );
    return Item ? toArticleRecord(Item) : null;
  }

  async claimArticle(req: ClaimRequest): Promise<ClaimResult> {
    const { article, statements, quotes, entities } = req.analysis;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleMeta(article.id),
          UpdateExpression:
            'SET itemType = :type, articleId = :id, #status = :processing, title = :title, #language = :language, ' +
            'publishedAt = :publishedAt, contentHash = :hash, #format = :format, sourceBucket = :bucket, ' +
            'sourceKey = :key, statementCount = :statements, quoteCount = :quotes, entityCount = :entities, ' +
            'createdAt = if_not_exists(createdAt, :now), updatedAt = :now, leaseOwner = :owner, leaseUntil = :leaseUntil ' +
            'REMOVE #error',
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status <> :processed AND ' +
            '(attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner))',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#language': 'language',
            '#format': 'format',
            '#error': 'error',
          },
          ExpressionAttributeValues: {
            ':type': ITEM_TYPES.article,
            ':id': article.id,
            ':processing': 'PROCESSING' satisfies ArticleStatus,
            ':processed': 'PROCESSED' satisfies ArticleStatus,
            ':title': article.title,
            ':language': article.language,
            ':publishedAt': article.publishedAt,
            ':hash': article.contentHash,
            ':format': req.format,
            ':bucket': req.source.bucket,
            ':key': req.source.key,
            ':statements': statements.length,
            ':quotes': quotes.length,
            ':entities': entities.length,
            ':now': req.now,
            ':owner': req.owner,
            ':leaseUntil': req.leaseUntil,
          },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const current = await this.getArticle(article.id);
      return current?.status === 'PROCESSED' ? 'already-processed' : 'busy';
    }
  }

  async saveAnalysis(analysis: Analysis, _source: SourceRef, processedAt: string): Promise<void> {
    await this.batchWrite(analysisItems(analysis, processedAt));
  }

  async markEventsPublished(articleId: string, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.articleMeta(articleId),
        UpdateExpression: 'ADD publishedEventIds :ids',
        ExpressionAttributeValues: { ':ids': new Set(eventIds) },
      }),
    );
  }

  async completeArticle(articleId: string, processedAt: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.articleMeta(articleId),
        UpdateExpression:
          'SET #status = :processed, processedAt = :at, updatedAt = :at REMOVE leaseOwner, leaseUntil, #error',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':processed': 'PROCESSED' satisfies ArticleStatus, ':at': processedAt },
      }),
    );
  }

  async releaseArticle(articleId: string, owner: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleMeta(articleId),
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  async failArticle(articleId: string, error: ErrorInfo, now: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleMeta(articleId),
          UpdateExpression:
            'SET itemType = :type, articleId = :id, #status = :failed, #error = :error, updatedAt = :now, ' +
            'createdAt = if_not_exists(createdAt, :now) REMOVE leaseOwner, leaseUntil',
          // A processed article stays processed: a later failure of another copy does not undo it.
          ConditionExpression: 'attribute_not_exists(#status) OR #status <> :processed',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: {
            ':type': ITEM_TYPES.article,
            ':id': articleId,
            ':failed': 'FAILED' satisfies ArticleStatus,
            ':processed': 'PROCESSED' satisfies ArticleStatus,
            ':error': error,
            ':now': now,
          },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  // ---- source objects ---------------------------------------------------------------------

  async getSource(bucket: string, key: string): Promise<SourceRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.source(bucket, key), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      bucket: Item.bucket as string,
      key: Item.key as string,
      status: Item.status as ArticleStatus,
      articleId: (Item.articleId as string | undefined) ?? null,
      error: (Item.error as ErrorInfo | undefined) ?? null,
      objectHash: (Item.objectHash as string | undefined) ?? null,
      eTag: (Item.eTag as string | undefined) ?? null,
      failureEventPublished: Item.failureEventPublished === true,
      updatedAt: Item.updatedAt as string,
    };
  }

  async putSource(record: SourceRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.source(record.bucket, record.key), itemType: ITEM_TYPES.source, ...record },
      }),
    );
  }

  // ---- queries ----------------------------------------------------------------------------

  async listStatements(articleId: string): Promise<StoredStatement[]> {
    return (await this.queryArticle(articleId, 'STATEMENT#')) as unknown as StoredStatement[];
  }

  async listQuotes(articleId: string): Promise<StoredQuote[]> {
    return (await this.queryArticle(articleId, 'QUOTE#')).map(toStoredQuote);
  }

  async listEntities(articleId: string): Promise<StoredEntity[]> {
    return (await this.queryArticle(articleId, 'ENTITY#'))
      .filter((i) => i.itemType === ITEM_TYPES.entity)
      .map(toStoredEntity);
  }

  /**
   * Quotes whose speaker resolved to this name (any article), newest article first. A short form
   * ("Lukashenko") also finds the quotes of the entity it is an alias of, in the articles where it is
   * one (quotes are indexed under the canonical name, aliases under the entity index).
   */
  async quotesBySpeaker(name: string): Promise<StoredQuote[]> {
    const direct = await this.queryGsi1(keys.speakerGsi(name), false);
    const aliasArticles = new Map<string, Set<string>>(); // canonical name → articles where `name` is its alias
    for (const item of await this.queryGsi1(keys.entityGsi(name), false)) {
      if (item.itemType !== ITEM_TYPES.entityAlias) continue;
      const canonical = item.name as string;
      if (keys.speakerGsi(canonical) === keys.speakerGsi(name)) continue;
      const set = aliasArticles.get(canonical) ?? new Set<string>();
      set.add(item.articleId as string);
      aliasArticles.set(canonical, set);
    }
    const viaAlias = await Promise.all(
      [...aliasArticles].map(async ([canonical, articles]) =>
        (await this.queryGsi1(keys.speakerGsi(canonical), false)).filter((q) =>
          articles.has(q.articleId as string),
        ),
      ),
    );
    const seen = new Set<string>();
    return [...direct, ...viaAlias.flat()]
      .sort((a, b) => String(b[GSI1.sortKey]).localeCompare(String(a[GSI1.sortKey])))
      .filter((q) => !seen.has(q.quoteId as string) && seen.add(q.quoteId as string))
      .map((q) => toStoredQuote(stripKeys(q)));
  }

  /** Statements that mention an entity with this name or alias (any article), newest article first. */
  async statementsByEntity(name: string): Promise<StoredStatement[]> {
    const wanted: Array<{ articleId: string; index: number }> = [];
    const seen = new Set<string>();
    for (const item of await this.queryGsi1(keys.entityGsi(name))) {
      for (const index of (item.statementIndexes as number[] | undefined) ?? []) {
        const id = `${item.articleId as string}#${index}`;
        if (!seen.has(id)) {
          seen.add(id);
          wanted.push({ articleId: item.articleId as string, index });
        }
      }
    }
    const found = new Map<string, StoredStatement>();
    for (let i = 0; i < wanted.length; i += 100) {
      let requestKeys = wanted.slice(i, i + 100).map((w) => keys.statement(w.articleId, w.index));
      for (let attempt = 0; requestKeys.length; attempt++) {
        if (attempt >= this.retry.attempts)
          throw new Error('DynamoDB kept returning unprocessed keys (BatchGetItem).');
        if (attempt) await sleep(this.retry.baseDelayMs * 2 ** attempt);
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: requestKeys } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          found.set(
            `${item.articleId as string}#${item.index as number}`,
            item as unknown as StoredStatement,
          );
        }
        requestKeys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof requestKeys;
      }
    }
    return wanted.flatMap((w) => found.get(`${w.articleId}#${w.index}`) ?? []).map(stripKeys);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private async queryArticle(articleId: string, skPrefix: string): Promise<Item[]> {
    return this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.articlePk(articleId), ':prefix': skPrefix },
      ConsistentRead: true,
    });
  }

  private async queryGsi1(partition: string, strip = true): Promise<Item[]> {
    return this.queryAll(
      {
        TableName: this.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
      },
      strip,
    );
  }

  private async queryAll(input: QueryCommandInput, strip = true): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...((out.Items ?? []) as Item[]));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return strip ? items.map(stripKeys) : items;
  }

  /** BatchWriteItem in chunks of 25 (a few requests in flight), re-sending UnprocessedItems with backoff. */
  private async batchWrite(items: Item[]): Promise<void> {
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.writeChunk(chunks[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
  }

  private async writeChunk(chunk: Item[]): Promise<void> {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      if (attempt >= this.retry.attempts) {
        throw new Error(`DynamoDB left ${requests.length} item(s) unprocessed after ${attempt} attempts.`);
      }
      if (attempt) await sleep(this.retry.baseDelayMs * 2 ** attempt * (0.5 + Math.random()));
      const out = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }
}

function stripKeys<T>(item: T): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item as Item;
  return rest as T;
}

function toArticleRecord(item: Item): ArticleRecord {
  return {
    articleId: item.articleId as string,
    status: item.status as ArticleStatus,
    title: (item.title as string | null | undefined) ?? null,
    language: (item.language as string | null | undefined) ?? null,
    publishedAt: (item.publishedAt as string | null | undefined) ?? null,
    contentHash: (item.contentHash as string | undefined) ?? '',
    format: (item.format as ArticleRecord['format'] | undefined) ?? null,
    source: { bucket: (item.sourceBucket as string) ?? '', key: (item.sourceKey as string) ?? '' },
    counts: {
      statements: (item.statementCount as number | undefined) ?? 0,
      quotes: (item.quoteCount as number | undefined) ?? 0,
      entities: (item.entityCount as number | undefined) ?? 0,
    },
    publishedEventIds: [...((item.publishedEventIds as Set<string> | undefined) ?? [])].sort(),
    error: (item.error as ErrorInfo | undefined) ?? null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    processedAt: (item.processedAt as string | undefined) ?? null,
  };
}

function toStoredQuote(item: Item): StoredQuote {
  const { itemType: _t, quoteId, ...rest } = item;
  return { ...(rest as unknown as StoredQuote), id: quoteId as string };
}

function toStoredEntity(item: Item): StoredEntity {
  const { itemType: _t, entityId, ...rest } = item;
  return { ...(rest as unknown as StoredEntity), id: entityId as string };
}

/** Statement, quote, entity and alias items of one analysis, each kept under the item size limit. */
export function analysisItems(analysis: Analysis, processedAt: string): Item[] {
  const { article, statements, quotes, entities } = analysis;
  const sortDate = article.publishedAt ?? processedAt;
  const items: Item[] = [];

  for (const s of statements) {
    const statementQuotes = quotes.filter((q) => q.statementIndex === s.index);
    const mentions: StatementEntityMention[] = entities.flatMap((e) =>
      e.mentions
        .filter((m) => m.statementIndex === s.index)
        .map((m) => ({
          entityId: e.id,
          name: e.name,
          type: e.type,
          text: m.text,
          start: m.start,
          end: m.end,
        })),
    );
    items.push(
      sized({
        ...keys.statement(article.id, s.index),
        itemType: ITEM_TYPES.statement,
        articleId: article.id,
        id: s.id,
        index: s.index,
        text: cut(s.text),
        ...(s.text.length > MAX_ITEM_TEXT_CHARS ? { textTruncated: true } : {}),
        start: s.start,
        end: s.end,
        quotes: statementQuotes.slice(0, MAX_EMBEDDED).map((q) => ({
          id: q.id,
          type: q.type,
          text: q.text.slice(0, 1000),
          speakerName: q.speaker.name,
          speakerMention: q.speaker.mention,
        })),
        entityMentions: mentions.slice(0, MAX_EMBEDDED),
      }),
    );
  }

  for (const [i, q] of quotes.entries()) {
    const speakerKey = q.speaker.name ?? null;
    items.push(
      sized({
        ...keys.quote(article.id, i),
        ...(speakerKey
          ? {
              [GSI1.partitionKey]: keys.speakerGsi(speakerKey),
              [GSI1.sortKey]: `${sortDate}#${article.id}#${String(i).padStart(6, '0')}`,
            }
          : {}),
        itemType: ITEM_TYPES.quote,
        articleId: article.id,
        articleTitle: article.title,
        publishedAt: article.publishedAt,
        quoteId: q.id,
        type: q.type,
        text: cut(q.text),
        ...(q.text.length > MAX_ITEM_TEXT_CHARS ? { textTruncated: true } : {}),
        start: q.start,
        end: q.end,
        statementIndex: q.statementIndex,
        cue: q.cue,
        speaker: q.speaker satisfies Speaker,
        ...(q.parts ? { parts: q.parts } : {}),
      }),
    );
  }

  for (const [i, e] of entities.entries()) {
    const statementIndexes = [...new Set(e.mentions.map((m) => m.statementIndex))].sort((a, b) => a - b);
    const gsiSort = `${sortDate}#${article.id}`;
    const { id, mentions, ...entity } = e;
    items.push(
      sized({
        ...keys.entity(article.id, i),
        [GSI1.partitionKey]: keys.entityGsi(e.name),
        [GSI1.sortKey]: gsiSort,
        itemType: ITEM_TYPES.entity,
        articleId: article.id,
        entityId: id,
        ...entity,
        mentions: mentions.slice(0, MAX_EMBEDDED * 5),
        ...(mentions.length > MAX_EMBEDDED * 5 ? { mentionsTruncated: true } : {}),
        statementIndexes,
      }),
    );
    const names = new Set([normalise(e.name)]);
    let n = 0;
    for (const alias of e.aliases) {
      if (names.has(normalise(alias))) continue;
      names.add(normalise(alias));
      items.push({
        ...keys.entityAlias(article.id, i, n++),
        [GSI1.partitionKey]: keys.entityGsi(alias),
        [GSI1.sortKey]: gsiSort,
        itemType: ITEM_TYPES.entityAlias,
        articleId: article.id,
        entityId: id,
        name: e.name,
        alias,
        statementIndexes,
      });
    }
  }
  return items;
}

const normalise = (name: string) => keys.entityGsi(name);

function sized(item: Item): Item {
  const size = approxSize(item);
  if (size > MAX_ITEM_BYTES) {
    // Text is already cut; what is left is embedded lists, so keep their first entries only.
    for (const field of ['quotes', 'entityMentions', 'mentions', 'aliases', 'statementIndexes']) {
      const value = item[field];
      if (Array.isArray(value)) item[field] = value.slice(0, 20);
    }
    item.listsTruncated = true;
  }
  return item;
}
