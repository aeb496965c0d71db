// DynamoDB adapter of the ArticleRepository port over the single table of table-design.ts (v2).
// No transactions (dynalite has none): every write is idempotent (deterministic keys, set-valued
// updates) and replacement is a pointer flip on the article head followed by a cleanup that a
// redelivery can finish (see table-design.ts).
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { ArticleError } from '../../app/errors.js';
import type { ReconcileRepository, StuckArticle } from '../../app/reconcile.js';
import type {
  ArticleRecord,
  ArticleRepository,
  ArticleStatus,
  ClaimRequest,
  ClaimResult,
  CompleteRequest,
  ErrorInfo,
  PipelineVersion,
  RemovalReason,
  SavedAnalysis,
  SaveRequest,
  SourceRecord,
  SourceRef,
} from '../../app/ports.js';
import {
  decideLink,
  evidenceOf,
  identityIdFor,
  isFullPersonName,
  initialsFormsOf,
  learnedAliases,
  nameKey,
  keyTokens,
  REGISTRY_TYPES,
  type AliasTarget,
  type KnownIdentity,
} from '../../domain/identity.js';
import type { Entity, EntityType } from '../../domain/schema.js';
import { itemSize, MAX_DYNAMODB_ITEM_BYTES } from './item-size.js';
import { buildMentionItems, speakersOf, type DecidedEntity } from './mention-items.js';
import { decodeResult, encodeResult, type StoredAnalysis } from './result-codec.js';
import type { Supersedes } from '../../../events/schemas.js';
import { GSI1, IDENTITY_SK_PREFIX, ITEM_TYPES, keys, LEASE_INDEX, RELEASED_LEASE } from './table-design.js';
import { batchGetAll, queryAll } from './table-reads.js';
import { isCountryName } from '../../nlp/lexicon/index.js';

/** Where results too large for an item are kept (S3, claim check). */
export interface LargeResultStore {
  put(
    name: string,
    body: Uint8Array,
    options?: { contentEncoding?: string },
  ): Promise<{ bucket: string; key: string }>;
  get(ref: { bucket: string; key: string }): Promise<Uint8Array>;
  delete(ref: { bucket: string; key: string }): Promise<void>;
}

/** A compressed result above this size goes to the LargeResultStore; the item keeps a pointer. */
export const MAX_INLINE_RESULT_BYTES = 300 * 1024;
/** Strings kept on the article head (the full title is in the result). */
const MAX_HEAD_TEXT_CHARS = 1000;
/** Source objects counted on one article head; beyond this the article is never removed automatically. */
const MAX_SOURCE_REFS = 500;
/** Event ids per publish-log item (bounded items however many statements an article has). */
const EVENT_IDS_PER_LOG_ITEM = 1000;
/** Roles and organisations remembered per identity (evidence for linking a surname). */
const MAX_EVIDENCE = 50;
/** Identities remembered under one learned alias. */
const MAX_ALIAS_TARGETS = 50;
const WRITE_CONCURRENCY = 4;

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cutText = (text: string | null | undefined) =>
  text === null || text === undefined ? null : text.slice(0, MAX_HEAD_TEXT_CHARS);
const cutError = (error: ErrorInfo): ErrorInfo => ({
  code: error.code.slice(0, 100),
  message: error.message.slice(0, MAX_HEAD_TEXT_CHARS),
});
/** A short stable reference to a source object (heads count them, bounded in size). */
export const sourceRefId = (source: SourceRef) =>
  createHash('sha256').update(`${source.bucket}/${source.key}`).digest('hex').slice(0, 16);

function isConditionalCheckFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

export interface DynamoRepositoryOptions {
  /** Results over MAX_INLINE_RESULT_BYTES compressed go here; without it they fail as RESULT_TOO_LARGE. */
  largeResults?: LargeResultStore;
  retry?: { attempts: number; baseDelayMs: number };
}

export class DynamoArticleRepository implements ArticleRepository, ReconcileRepository {
  private readonly retry: { attempts: number; baseDelayMs: number };
  private readonly largeResults: LargeResultStore | undefined;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoRepositoryOptions = {},
  ) {
    this.retry = options.retry ?? { attempts: 8, baseDelayMs: 50 };
    this.largeResults = options.largeResults;
  }

  // ---- article head -----------------------------------------------------------------------

  async getArticle(articleId: string): Promise<ArticleRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.articleHead(articleId), ConsistentRead: true }),
    );
    return Item ? toArticleRecord(Item) : null;
  }

  async claimArticle(req: ClaimRequest): Promise<ClaimResult> {
    const { article, statements, quotes, entities } = req.analysis;
    const indexed = req.inLeaseIndex !== false;
    let before: Item | undefined;
    try {
      ({ Attributes: before } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(article.id),
          UpdateExpression:
            'SET itemType = :type, articleId = :id, #status = :processing, title = :title, #language = :language, ' +
            `publishedAt = :publishedAt, #date = ${article.publishedAt ? ':date' : 'if_not_exists(#date, :date)'}, ` +
            'contentHash = :hash, #format = :format, #source = :source, pendingVersion = :version, ' +
            'counts = :counts, createdAt = if_not_exists(createdAt, :now), updatedAt = :now, ' +
            `leaseOwner = :owner, leaseUntil = :leaseUntil${indexed ? ', leaseShard = :shard' : ''} ` +
            `ADD sourceRefs :ref REMOVE #error${indexed ? '' : ', leaseShard'}`,
          ConditionExpression:
            '(attribute_not_exists(pk) OR #status <> :processed OR version <> :versionId) AND ' +
            '(attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#language': 'language',
            '#format': 'format',
            '#error': 'error',
            '#date': 'date',
            '#source': 'source',
          },
          ExpressionAttributeValues: {
            ':type': ITEM_TYPES.article,
            ':id': article.id,
            ':processing': 'PROCESSING' satisfies ArticleStatus,
            ':processed': 'PROCESSED' satisfies ArticleStatus,
            ':title': cutText(article.title),
            ':language': article.language,
            ':publishedAt': article.publishedAt,
            ':date': article.publishedAt ?? req.now,
            ':hash': article.contentHash,
            ':format': req.format,
            ':source': req.source,
            ':version': req.pipelineVersion,
            ':versionId': req.pipelineVersion.id,
            ':counts': { statements: statements.length, quotes: quotes.length, entities: entities.length },
            ':now': req.now,
            ':owner': req.owner,
            ':leaseUntil': req.leaseUntil,
            ...(indexed ? { ':shard': keys.leaseShard(article.id) } : {}),
            ':ref': new Set([sourceRefId(req.source)]),
          },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const current = await this.getArticle(article.id);
      return current?.status === 'PROCESSED' && current.version === req.pipelineVersion.id
        ? 'already-processed'
        : 'busy';
    }
    // A version saved by an attempt that never completed, under another pipeline version: its items
    // are overwritten or left over, so they are cleaned up with the next completion.
    const abandoned = (before?.pendingVersion as PipelineVersion | undefined)?.id;
    if (abandoned && abandoned !== req.pipelineVersion.id && abandoned !== before?.version) {
      await this.addStaleVersions(article.id, [abandoned]);
    }
    return 'claimed';
  }

  async completeArticle(articleId: string, req: CompleteRequest): Promise<void> {
    const { Attributes: before } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.articleHead(articleId),
        UpdateExpression:
          'SET #status = :processed, processedAt = :at, updatedAt = :at, version = :version, ' +
          'pipelineVersion = pendingVersion, speakers = :speakers, gsi1pk = :listing, gsi1sk = :listingSk' +
          (req.supersedes ? ', supersedes = :supersedes ' : ' ') +
          'REMOVE leaseOwner, leaseUntil, leaseShard, #error, pendingVersion, supersededBy, deletedAt, removal' +
          (req.supersedes ? '' : ', supersedes'),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: {
          ':processed': 'PROCESSED' satisfies ArticleStatus,
          ':at': req.processedAt,
          ':version': req.version,
          ':speakers': req.speakers.slice(0, 100),
          ':listing': keys.statusGsi('PROCESSED'),
          ':listingSk': keys.listingSk(req.date, articleId),
          ...(req.supersedes ? { ':supersedes': req.supersedes } : {}),
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    const previous = before?.version as string | undefined;
    if (previous && previous !== req.version) await this.addStaleVersions(articleId, [previous]);
    if ((previous && previous !== req.version) || (before?.staleVersions as Set<string> | undefined)?.size) {
      await this.finishReplacement(articleId);
    }
  }

  async finishReplacement(articleId: string): Promise<void> {
    const head = await this.getArticle(articleId);
    const stale = (head?.staleVersions ?? []).filter((v) => v !== head?.version);
    if (!head || !stale.length) return;
    const current = head.version ? await this.readResult(articleId, head.version) : null;
    const keep = new Set(current?.meta.indexKeys ?? []);
    for (const version of stale) {
      const old = await this.readResult(articleId, version);
      const doomed = (old?.meta.indexKeys ?? []).filter((k) => !keep.has(k)).map(splitKey);
      await this.batchDelete([
        ...doomed,
        ...(await this.publishLogKeys(articleId, version)),
        keys.result(articleId, version),
      ]);
      if (old?.largeRef && this.largeResults) await this.largeResults.delete(old.largeRef);
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(articleId),
          UpdateExpression: 'DELETE staleVersions :version',
          ExpressionAttributeValues: { ':version': new Set([version]) },
        }),
      );
    }
  }

  async releaseArticle(articleId: string, owner: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(articleId),
          // Still PROCESSING and in the lease index, with a lease that has ended: a redelivery claims it
          // at once, and reconcile finds it if none comes.
          UpdateExpression: 'SET leaseUntil = :released REMOVE leaseOwner',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner, ':released': RELEASED_LEASE },
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
          Key: keys.articleHead(articleId),
          UpdateExpression:
            'SET itemType = :type, articleId = :id, #status = :failed, #error = :error, updatedAt = :now, ' +
            'createdAt = if_not_exists(createdAt, :now), #date = if_not_exists(#date, :now), ' +
            'gsi1pk = :listing, gsi1sk = :listingSk REMOVE leaseOwner, leaseUntil, leaseShard',
          // A processed article stays processed: a later failure of another copy does not undo it.
          ConditionExpression: 'attribute_not_exists(#status) OR #status <> :processed',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#date': 'date' },
          ExpressionAttributeValues: {
            ':type': ITEM_TYPES.article,
            ':id': articleId,
            ':failed': 'FAILED' satisfies ArticleStatus,
            ':processed': 'PROCESSED' satisfies ArticleStatus,
            ':error': cutError(error),
            ':now': now,
            ':listing': keys.statusGsi('FAILED'),
            ':listingSk': keys.listingSk(now, articleId),
          },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  async attachSource(articleId: string, source: SourceRef): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(articleId),
          UpdateExpression: 'ADD sourceRefs :ref',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(sourceRefs) OR size(sourceRefs) < :max)',
          ExpressionAttributeValues: { ':ref': new Set([sourceRefId(source)]), ':max': MAX_SOURCE_REFS },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  async detachSource(articleId: string, source: SourceRef): Promise<number> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(articleId),
          UpdateExpression: 'DELETE sourceRefs :ref',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':ref': new Set([sourceRefId(source)]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const refs = (Attributes?.sourceRefs as Set<string> | undefined)?.size ?? 0;
      // A head that stopped counting its sources (MAX_SOURCE_REFS) is never removed automatically.
      return refs >= MAX_SOURCE_REFS - 1 ? MAX_SOURCE_REFS : refs;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return 0;
      throw err;
    }
  }

  async removeArticle(
    articleId: string,
    removal: { reason: RemovalReason; supersededBy: string | null; at: string },
  ): Promise<void> {
    const { Attributes: before } = await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.articleHead(articleId),
          // Tombstone first: from here on the article reads as DELETED and no query returns its results.
          UpdateExpression:
            'SET #status = :deleted, deletedAt = :at, updatedAt = :at, removal = :reason, gsi1pk = :listing, ' +
            'gsi1sk = :listingSk, supersededBy = :by REMOVE version, speakers, pendingVersion, leaseShard',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':deleted': 'DELETED' satisfies ArticleStatus,
            ':at': removal.at,
            ':reason': removal.reason,
            ':listing': keys.statusGsi('DELETED'),
            ':listingSk': keys.listingSk(removal.at, articleId),
            ':by': removal.supersededBy,
          },
          ReturnValues: 'ALL_OLD',
        }),
      )
      .catch((err: unknown) => {
        if (isConditionalCheckFailed(err)) return { Attributes: undefined };
        throw err;
      });
    if (!before) return;
    const versions = [
      before.version as string | undefined,
      (before.pendingVersion as PipelineVersion | undefined)?.id,
    ];
    await this.addStaleVersions(
      articleId,
      versions.filter((v): v is string => !!v),
    );
    await this.finishReplacement(articleId);
  }

  // ---- results ------------------------------------------------------------------------------

  async saveAnalysis(req: SaveRequest): Promise<SavedAnalysis> {
    const { analysis } = req;
    const articleId = analysis.article.id;
    const head = await this.getArticle(articleId);
    const date = analysis.article.publishedAt ?? head?.date ?? req.processedAt;
    const { decided, identityItems, aliasHeads } = await this.linkEntities(articleId, analysis.entities);
    const mentionItems = buildMentionItems(analysis, decided, { date, version: req.pipelineVersion.id });
    for (const item of mentionItems) this.checkSize(item, 'mention');
    const indexKeys = mentionItems.map((i) => `${i.pk as string}\n${i.sk as string}`);
    const body = await encodeResult(analysis, {
      pipelineVersion: req.pipelineVersion,
      processedAt: req.processedAt,
      format: req.format,
      source: req.source,
      indexKeys,
    });
    const resultItem: Item = {
      ...keys.result(articleId, req.pipelineVersion.id),
      itemType: ITEM_TYPES.result,
      articleId,
      version: req.pipelineVersion.id,
    };
    if (body.byteLength <= MAX_INLINE_RESULT_BYTES) resultItem.body = body;
    else if (this.largeResults) {
      resultItem.s3 = await this.largeResults.put(`${articleId}/${req.pipelineVersion.id}.json.br`, body, {
        contentEncoding: 'br',
      });
    } else {
      throw new ArticleError(
        'RESULT_TOO_LARGE',
        `The analysis is ${Math.round(body.byteLength / 1024)} KB compressed, more than a table item holds, and no S3 location for large results is configured.`,
      );
    }
    // The result first: mention items point readers to it for their statements and quotes.
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: resultItem }));
    await this.batchPut(mentionItems);
    await this.learnFrom(decided, identityItems, aliasHeads);
    return { speakers: speakersOf(analysis.quotes, decided), date };
  }

  /** The stored analysis of one version (decoded; fetched from S3 when it was too large for an item). */
  async readResult(
    articleId: string,
    version: string,
  ): Promise<
    (StoredAnalysis & { meta: { indexKeys?: string[] }; largeRef?: { bucket: string; key: string } }) | null
  > {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.result(articleId, version),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    if (Item.body) return decodeResult(articleId, Item.body as Uint8Array);
    const ref = Item.s3 as { bucket: string; key: string } | undefined;
    if (!ref || !this.largeResults) return null;
    return { ...decodeResult(articleId, await this.largeResults.get(ref)), largeRef: ref };
  }

  async publishedEventIds(articleId: string, version: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.articlePk(articleId),
        ':prefix': keys.publishLogPrefix(version),
      },
      ConsistentRead: true,
    });
    return [...new Set(items.flatMap((i) => [...((i.eventIds as Set<string> | undefined) ?? [])]))].sort();
  }

  async markEventsPublished(articleId: string, version: string, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    const existing = await this.publishLogKeys(articleId, version);
    const ids = [...eventIds];
    const items: Item[] = [];
    for (let n = existing.length; ids.length; n++) {
      items.push({
        ...keys.publishLog(articleId, version, n),
        itemType: ITEM_TYPES.publishLog,
        eventIds: new Set(ids.splice(0, EVENT_IDS_PER_LOG_ITEM)),
      });
    }
    await this.batchPut(items);
  }

  // ---- operator merges of identities --------------------------------------------------------

  /**
   * An operator's merge: from now on a query for `into` also finds `from` (a person the link rules kept
   * apart, e.g. a surname-only "Blair" that is Tony Blair). Recorded on `into`'s identity item as a
   * member; `undo` removes it again. Idempotent (a set ADD/DELETE); the mention items are untouched,
   * so an undo is exact.
   */
  async mergeIdentity(from: IdentityName, into: IdentityName, undo = false): Promise<MergedIdentity> {
    const target = { key: nameKey(into.type, into.name), identityId: identityIdFor(into.type, into.name) };
    const member = { key: nameKey(from.type, from.name), identityId: identityIdFor(from.type, from.name) };
    if (target.key === member.key && target.identityId === member.identityId) {
      throw new Error(`"${from.name}" and "${into.name}" are the same identity (${target.identityId}).`);
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.identity(target.key, target.identityId),
        UpdateExpression:
          'SET itemType = :type, identityId = :id, #name = if_not_exists(#name, :name), ' +
          `entityType = :entityType, nameKey = :key ${undo ? 'DELETE' : 'ADD'} members :member`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':type': ITEM_TYPES.identity,
          ':id': target.identityId,
          ':name': into.name,
          ':entityType': into.type,
          ':key': target.key,
          ':member': new Set([`${member.key}|${member.identityId}`]),
        },
      }),
    );
    return { into: target.identityId, member: member.identityId, merged: !undo };
  }

  // ---- source objects -----------------------------------------------------------------------

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
      ...(Item.alreadyProcessed === true ? { alreadyProcessed: true } : {}),
      updatedAt: Item.updatedAt as string,
    };
  }

  async putSource(record: SourceRecord): Promise<void> {
    const failed = record.status === 'FAILED';
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.source(record.bucket, record.key),
          itemType: ITEM_TYPES.source,
          ...record,
          error: record.error ? cutError(record.error) : null,
          // Failed sources are listed with failed articles (a file that never decoded has no article).
          ...(failed
            ? {
                [GSI1.partitionKey]: keys.statusGsi('FAILED'),
                [GSI1.sortKey]: keys.failedSourceSk(record.updatedAt, record.bucket, record.key),
              }
            : {}),
        },
      }),
    );
  }

  // ---- reconcile -----------------------------------------------------------------------------

  /**
   * Article heads PROCESSING with no live lease: a Query per partition of the sparse lease index
   * (table-design.ts), for entries whose lease ended before `now` (released ones sort first). Only
   * articles being processed are in it, so this reads what is in flight, not the table. A table created
   * before the index existed (an embedded stack's state dir: dynalite cannot add an index to a table)
   * is Scanned as before.
   */
  async *stuckArticles(now: string): AsyncIterable<StuckArticle> {
    try {
      for (const shard of keys.leaseShards()) {
        yield* this.stuckPages(now, {
          IndexName: LEASE_INDEX.indexName,
          KeyConditionExpression: '#shard = :shard AND #until < :now',
          // Removal drops the entry in the write that ends processing; status is checked all the same.
          FilterExpression: '#status = :processing',
          ExpressionAttributeNames: { '#shard': LEASE_INDEX.partitionKey },
          ExpressionAttributeValues: { ':shard': shard },
        });
      }
    } catch (err) {
      if (!/does not have the specified index/i.test((err as Error).message ?? '')) throw err;
      yield* this.stuckPages(now, {
        FilterExpression:
          'itemType = :article AND #status = :processing AND ' +
          '(attribute_not_exists(#until) OR #until < :now)',
        ExpressionAttributeValues: { ':article': ITEM_TYPES.article },
      });
    }
  }

  private async *stuckPages(
    now: string,
    request: {
      IndexName?: string;
      KeyConditionExpression?: string;
      FilterExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): AsyncIterable<StuckArticle> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const input = {
        TableName: this.tableName,
        ...request,
        ProjectionExpression: 'articleId, #source, #until, updatedAt',
        ExpressionAttributeNames: {
          ...request.ExpressionAttributeNames,
          '#until': LEASE_INDEX.sortKey,
          '#status': 'status',
          '#source': 'source',
        },
        ExpressionAttributeValues: {
          ...request.ExpressionAttributeValues,
          ':now': now,
          ':processing': 'PROCESSING',
        },
        ExclusiveStartKey: startKey,
      };
      const out = await this.doc.send(
        request.KeyConditionExpression ? new QueryCommand(input) : new ScanCommand(input),
      );
      for (const item of out.Items ?? []) {
        const source = item.source as SourceRef | undefined;
        const leaseUntil = item.leaseUntil as string | undefined;
        yield {
          articleId: item.articleId as string,
          source: source?.bucket && source.key ? { bucket: source.bucket, key: source.key } : null,
          leaseUntil: !leaseUntil || leaseUntil === RELEASED_LEASE ? null : leaseUntil,
          updatedAt: item.updatedAt as string,
        };
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  // ---- identity registry ----------------------------------------------------------------------

  /**
   * Links each entity to an identity (domain/identity.ts decides; this gathers what is known):
   * identity items under the keys its names fall under, and the identities its short forms are
   * learned aliases of. Reads only: one BatchGet (organisations, aliases) plus one Query per surname
   * (a person's partition holds every known person of that surname: "George Bush" meets "George W Bush").
   */
  private async linkEntities(
    articleId: string,
    entities: Entity[],
  ): Promise<{ decided: DecidedEntity[]; identityItems: Map<string, Item>; aliasHeads: Map<string, Item> }> {
    const registry = entities.filter((e) => REGISTRY_TYPES.has(e.type));
    const identityKeys = new Map<string, Key>();
    const aliasKeys = new Map<string, Key>();
    const surnameKeys = new Set<string>();
    for (const e of registry) {
      const key = nameKey(e.type, e.name);
      const alone = e.type === 'PERSON' && !isFullPersonName(e.name);
      if (e.type === 'PERSON') surnameKeys.add(key);
      else {
        const own = decideLink(e, { articleId, known: [], aliasTargets: [] });
        identityKeys.set(`${key}\n${own.identityId}`, keys.identity(key, own.identityId));
      }
      const short = keyTokens(e.type, e.name).join(' ');
      if (alone || e.type === 'ORGANIZATION') aliasKeys.set(short, { pk: keys.aliasPk(short), sk: 'HEAD' });
    }
    // The aliases this article may teach are read with the ones it may use (one BatchGet for both).
    for (const e of registry) {
      for (const alias of learnedAliases(e, isCountryName))
        aliasKeys.set(alias, { pk: keys.aliasPk(alias), sk: 'HEAD' });
    }
    const [identityItems, aliasItems, surnameItems] = await Promise.all([
      this.batchGet([...identityKeys.values()]),
      this.batchGet([...aliasKeys.values()]),
      Promise.all(
        [...surnameKeys].map((key) =>
          queryAll(this.doc, {
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.namePk(key), ':prefix': IDENTITY_SK_PREFIX },
          }),
        ),
      ),
    ]);
    const known = [...identityItems, ...surnameItems.flat()].map(toKnownIdentity);
    const aliasTargets = new Map(
      aliasItems.map((i) => [
        (i.pk as string).slice('ALIAS#'.length),
        Object.values((i.targets as Record<string, AliasTarget> | undefined) ?? {}),
      ]),
    );
    const initialsForms = initialsFormsOf(registry.filter((e) => e.type === 'PERSON').map((e) => e.name));
    const decided = entities.map((entity) => {
      const key = nameKey(entity.type, entity.name);
      const decision = decideLink(entity, {
        articleId,
        known: known.filter((k) => k.key === key),
        aliasTargets: aliasTargets.get(keyTokens(entity.type, entity.name).join(' ')) ?? [],
        initialsForms,
      });
      return { entity, decision };
    });
    const byKey = (items: Item[]) => new Map(items.map((i) => [`${i.pk as string}\n${i.sk as string}`, i]));
    return {
      decided,
      identityItems: byKey([...identityItems, ...surnameItems.flat()]),
      aliasHeads: new Map(aliasItems.map((i) => [(i.pk as string).slice('ALIAS#'.length), i])),
    };
  }

  /**
   * What this article teaches the registry: role and organisation evidence of full-name persons, and
   * the aliases (acronyms, short forms) of identities. Written only when new (set updates: idempotent).
   */
  private async learnFrom(
    decided: DecidedEntity[],
    existing: Map<string, Item>,
    aliasItems: Map<string, Item>,
  ): Promise<void> {
    const updates: Array<Promise<unknown>> = [];
    const evidence = decided.filter(
      ({ entity, decision }) =>
        entity.type === 'PERSON' && isFullPersonName(entity.name) && decision.outcome !== 'ambiguous',
    );
    for (const { entity, decision } of evidence) {
      const { roles, orgs } = evidenceOf(entity);
      if (!roles.length && !orgs.length) continue;
      const key = keys.identity(decision.key, decision.identityId);
      const item = existing.get(`${key.pk}\n${key.sk}`);
      const has = (field: string, values: string[]) =>
        values.every((v) => (item?.[field] as Set<string> | undefined)?.has(v));
      if (item && has('roles', roles) && has('orgs', orgs)) continue;
      const add = [roles.length ? '#roles :roles' : '', orgs.length ? 'orgs :orgs' : ''].filter(Boolean);
      updates.push(
        this.doc
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: key,
              UpdateExpression:
                'SET itemType = :type, identityId = :id, #name = if_not_exists(#name, :name), ' +
                `entityType = :entityType, nameKey = :key ADD ${add.join(', ')}`,
              // Bounded: an identity keeps at most MAX_EVIDENCE roles and organisations.
              ConditionExpression:
                '(attribute_not_exists(#roles) OR size(#roles) < :max) AND (attribute_not_exists(orgs) OR size(orgs) < :max)',
              ExpressionAttributeNames: { '#name': 'name', '#roles': 'roles' },
              ExpressionAttributeValues: {
                ':max': MAX_EVIDENCE,
                ':type': ITEM_TYPES.identity,
                ':id': decision.identityId,
                ':name': decision.name,
                ':entityType': entity.type,
                ':key': decision.key,
                ...(roles.length
                  ? { ':roles': new Set(roles.map((r) => r.slice(0, 100)).slice(0, 20)) }
                  : {}),
                ...(orgs.length ? { ':orgs': new Set(orgs.map((o) => o.slice(0, 100)).slice(0, 20)) } : {}),
              },
            }),
          )
          .catch((err: unknown) => {
            if (!isConditionalCheckFailed(err)) throw err;
          }),
      );
    }
    const aliases = decided.flatMap(({ entity, decision }) =>
      REGISTRY_TYPES.has(entity.type) && decision.outcome !== 'ambiguous'
        ? learnedAliases(entity, isCountryName).map((alias) => ({ alias, decision, type: entity.type }))
        : [],
    );
    const seen = new Map<string, Set<string>>();
    for (const { alias, decision, type } of aliases) {
      const item = aliasItems.get(alias);
      const known = seen.get(alias) ?? new Set(Object.keys((item?.targets as Record<string, unknown>) ?? {}));
      seen.set(alias, known);
      if (known.has(decision.identityId) || known.size >= MAX_ALIAS_TARGETS) continue;
      const target: AliasTarget = {
        identityId: decision.identityId,
        type,
        name: decision.name,
        key: decision.key,
      };
      updates.push(this.addAliasTarget(alias, target, item === undefined && known.size === 0));
      known.add(decision.identityId);
    }
    await Promise.all(updates);
  }

  /** Adds an identity under an alias: creates the alias item when it is new, else sets one map entry. */
  private async addAliasTarget(alias: string, target: AliasTarget, isNew: boolean): Promise<void> {
    const key = { pk: keys.aliasPk(alias), sk: 'HEAD' };
    const names = { '#targets': 'targets', '#id': target.identityId };
    const create = () =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, itemType: ITEM_TYPES.alias, alias, targets: { [target.identityId]: target } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    if (isNew) {
      try {
        await create();
        return;
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err; // created meanwhile: add to it below
      }
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #targets.#id = :target, itemType = :type, alias = :alias',
          ConditionExpression: 'attribute_exists(#targets)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':target': target, ':type': ITEM_TYPES.alias, ':alias': alias },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      await create().catch(async (e: unknown) => {
        if (!isConditionalCheckFailed(e)) throw e;
        await this.addAliasTarget(alias, target, false); // created meanwhile
      });
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async addStaleVersions(articleId: string, versions: string[]): Promise<void> {
    if (!versions.length) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.articleHead(articleId),
        UpdateExpression: 'ADD staleVersions :versions',
        ExpressionAttributeValues: { ':versions': new Set(versions) },
      }),
    );
  }

  private async publishLogKeys(articleId: string, version: string): Promise<Key[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.articlePk(articleId),
        ':prefix': keys.publishLogPrefix(version),
      },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    return items.map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
  }

  private checkSize(item: Item, what: string): void {
    const size = itemSize(item);
    if (size > MAX_DYNAMODB_ITEM_BYTES) {
      throw new ArticleError(
        'ITEM_TOO_LARGE',
        `A ${what} item of this article would be ${Math.round(size / 1024)} KB, over DynamoDB's 400 KB item limit.`,
      );
    }
  }

  /** Registry lookups read eventually consistent items (half the cost; a late link is harmless). */
  private batchGet(requestKeys: Key[]): Promise<Item[]> {
    return batchGetAll(this.doc, this.tableName, requestKeys, this.retry);
  }

  private batchPut(items: Item[]): Promise<void> {
    return this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  private batchDelete(itemKeys: Key[]): Promise<void> {
    return this.batchWrite(itemKeys.map((Key) => ({ DeleteRequest: { Key } })));
  }

  /** BatchWriteItem in chunks of 25 (a few requests in flight), re-sending UnprocessedItems with backoff. */
  private async batchWrite(requests: Array<Record<string, unknown>>): Promise<void> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.writeChunk(chunks[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
  }

  private async writeChunk(chunk: Array<Record<string, unknown>>): Promise<void> {
    let requests = chunk;
    for (let attempt = 0; requests.length; attempt++) {
      if (attempt >= this.retry.attempts) {
        throw new Error(`DynamoDB left ${requests.length} item(s) unprocessed after ${attempt} attempts.`);
      }
      if (attempt) await sleep(this.retry.baseDelayMs * 2 ** attempt * (0.5 + Math.random()));
      const out = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      requests = out.UnprocessedItems?.[this.tableName] ?? [];
    }
  }
}

const splitKey = (joined: string): Key => {
  const [pk, sk] = joined.split('\n');
  return { pk: pk!, sk: sk! };
};

function toKnownIdentity(item: Item): KnownIdentity & { key: string } {
  return {
    key: item.nameKey as string,
    identityId: item.identityId as string,
    type: item.entityType as KnownIdentity['type'],
    name: item.name as string,
    roles: [...((item.roles as Set<string> | undefined) ?? [])],
    orgs: [...((item.orgs as Set<string> | undefined) ?? [])],
    rejectedArticles: [...((item.rejected as Set<string> | undefined) ?? [])],
    mergedInto: (item.mergedInto as string | undefined) ?? null,
  };
}

export function toArticleRecord(item: Item): ArticleRecord {
  return {
    articleId: item.articleId as string,
    status: item.status as ArticleStatus,
    title: (item.title as string | null | undefined) ?? null,
    language: (item.language as string | null | undefined) ?? null,
    publishedAt: (item.publishedAt as string | null | undefined) ?? null,
    date: (item.date as string | undefined) ?? (item.createdAt as string),
    contentHash: (item.contentHash as string | undefined) ?? '',
    format: (item.format as ArticleRecord['format'] | undefined) ?? null,
    source: (item.source as SourceRef | undefined) ?? { bucket: '', key: '' },
    counts: (item.counts as ArticleRecord['counts'] | undefined) ?? { statements: 0, quotes: 0, entities: 0 },
    version: (item.version as string | undefined) ?? null,
    pipelineVersion: (item.pipelineVersion as PipelineVersion | undefined) ?? null,
    staleVersions: [...((item.staleVersions as Set<string> | undefined) ?? [])].sort(),
    sourceCount: (item.sourceRefs as Set<string> | undefined)?.size ?? 0,
    error: (item.error as ErrorInfo | undefined) ?? null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    processedAt: (item.processedAt as string | undefined) ?? null,
    supersedes: (item.supersedes as Supersedes | undefined) ?? null,
  };
}

/** A person or organisation named by an operator. */
export interface IdentityName {
  type: EntityType;
  name: string;
}

export interface MergedIdentity {
  /** The identity queries name. */
  into: string;
  /** The identity found with it (merged) or no longer (undone). */
  member: string;
  merged: boolean;
}
