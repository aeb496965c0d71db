// ResultsClient: the typed read side of the pipeline's table (design: shared/adapters/dynamodb/
// table-design.ts), used by the CLI, the HTTP query API and any consumer (`import { ResultsClient }
// from 'article-pipeline'`). Every access pattern is one request per partition it reads (a GetItem,
// or a Query; never a Scan), paginated with opaque cursors, and iterable lazily:
//
//   const client = new ResultsClient({ tableName });
//   for await (const quote of client.quotesBySpeaker('Blair', { since: '2005-01-01' })) …
//   const { items, cursor, matched } = await client.quotesBySpeaker('Blair').page({ limit: 20 });
//
// Names match case- and accent-insensitively, persons by surname (one Query finds every Blair; the
// identity ids in `matched` tell them apart), organisations also through learned aliases ("BRC").
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EntityType } from '../domain/schema.js';
import { identityIdFor, keyTokens, nameKey, nameTokens, surnameOf } from '../domain/identity.js';
import { decodeResult, type StoredAnalysis } from '../adapters/dynamodb/result-codec.js';
import {
  mentionBody,
  parseMention,
  type MentionBody,
  type ParsedMention,
} from '../adapters/dynamodb/mention-items.js';
import { toArticleRecord } from '../adapters/dynamodb/dynamo-repository.js';
import { batchGetAll, queryAll, type TableKey } from '../adapters/dynamodb/table-reads.js';
import { DATE_MAX, GSI1, ITEM_TYPES, keys, type ListedStatus } from '../adapters/dynamodb/table-design.js';
import { CursorError, decodeCursor, encodeCursor, type CursorState } from './cursor.js';
import type {
  AmbiguousLinkView,
  ArticleListItem,
  ArticleView,
  IdentityRef,
  IdentityView,
  MentionStatementView,
  QuoteView,
  SpeakerView,
  StatementView,
} from './views.js';

export { CursorError };

type Item = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  /** Pass back for the next page; null on the last one. */
  cursor: string | null;
}

export interface NamedPage<T> extends Page<T> {
  /** Identities the results on this page belong to (several when a name is ambiguous). */
  matched: IdentityRef[];
}

export interface PageOptions {
  /** Entries per page (default 50, at most 1000). */
  limit?: number;
  cursor?: string | null;
}

/** A paginated result: `page()` for one page at a time, `for await` for every entry lazily. */
export class Pager<T, P extends Page<T> = Page<T>> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (limit: number, cursor: string | null) => Promise<P>) {}

  page(options: PageOptions = {}): Promise<P> {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 50)), 1000);
    return this.fetchPage(limit, options.cursor ?? null);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let cursor: string | null = null;
    do {
      const page: P = await this.page({ limit: 100, cursor });
      yield* page.items;
      cursor = page.cursor;
    } while (cursor);
  }

  /** Every entry (or the first `max`). */
  async all(max = Infinity): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) {
      if (out.length >= max) break;
      out.push(item);
    }
    return out;
  }
}

export interface DateRange {
  /** Earliest date (ISO 8601 date or timestamp), inclusive. */
  since?: string;
  /** Latest date, inclusive (a date includes that whole day). */
  until?: string;
}

export interface QuoteQuery extends DateRange {
  /** Quotes (and speakers) with a confidence below this are left out; ones without a confidence stay. */
  minConfidence?: number;
}

export interface MentionQuery extends DateRange {
  type?: EntityType;
  /** Entities whose type confidence is below this are left out; ones without a confidence stay. */
  minConfidence?: number;
}

export interface SpeakersQuery extends DateRange {
  /** recent: most recently quoted first (default); quotes: most quotes first ("top speakers"). */
  order?: 'recent' | 'quotes';
}

export interface ResultsClientOptions {
  tableName: string;
  documentClient?: DynamoDBDocumentClient;
  /** Reads results kept in S3 (claim checks of very large articles). */
  s3Client?: S3Client;
}

/** A partition a name is filed under, and which identities in it the name means (null: all). */
interface NameSource {
  key: string;
  identities: Set<string> | null;
}

/** One partition of a merged query, newest first. */
interface QuerySource {
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;
  keyOf: (item: Item) => Record<string, unknown>;
  sortOf: (item: Item) => string;
}

const tableKey = (item: Item) => ({ pk: item.pk, sk: item.sk });
const indexKey = (item: Item) => ({ pk: item.pk, sk: item.sk, gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk });
const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) => a.pk === b.pk && a.sk === b.sk;
/** The upper end of a date range: a calendar date includes its whole day. */
const upper = (until?: string) => (until ? `${until}${DATE_MAX}` : DATE_MAX);
const lower = (since?: string) => since ?? '';
const passes = (confidence: number | undefined, min: number | undefined) =>
  min === undefined || confidence === undefined || confidence >= min;

export class ResultsClient {
  readonly tableName: string;
  private readonly doc: DynamoDBDocumentClient;
  private readonly s3: S3Client | undefined;

  constructor(options: ResultsClientOptions) {
    this.tableName = options.tableName;
    this.doc =
      options.documentClient ??
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      });
    this.s3 = options.s3Client;
  }

  // ---- one article ---------------------------------------------------------------------------

  /** An article with its status, counts, speakers and error (one GetItem). */
  async getArticle(articleId: string): Promise<ArticleView | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.articleHead(articleId) }),
    );
    return Item ? toArticleView(Item) : null;
  }

  /**
   * The full stored analysis of the version queries serve (statements, quotes, entities), with the
   * article: one Query of the article's partition (head and result items).
   */
  async getResult(
    articleId: string,
  ): Promise<{ article: ArticleView; stored: StoredAnalysis | null } | null> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :head',
      ExpressionAttributeValues: { ':pk': keys.articlePk(articleId), ':head': 'HEAD' },
    });
    const head = items.find((i) => i.sk === 'HEAD');
    if (!head) return null;
    const article = toArticleView(head);
    const result = article.version ? items.find((i) => i.sk === `RESULT#${article.version}`) : undefined;
    return { article, stored: result ? await this.decodeResultItem(articleId, result) : null };
  }

  /** An article's statements in order, each with its quotes and entity mentions. */
  statements(articleId: string): Pager<StatementView> {
    let loaded: Promise<StatementView[]> | undefined;
    const all = () =>
      (loaded ??= this.getResult(articleId).then((r) => (r?.stored ? statementViews(r.stored) : [])));
    return offsetPager({ q: 'statements', articleId }, all);
  }

  // ---- across articles -------------------------------------------------------------------------

  /** Quotes by a speaker (name, surname or alias) across articles, newest article first. */
  quotesBySpeaker(name: string, query: QuoteQuery = {}): Pager<QuoteView, NamedPage<QuoteView>> {
    const fingerprint = { q: 'quotes-by', name: nameTokens(name).join(' '), ...query };
    return new Pager((limit, cursor) =>
      this.namedPage(name, undefined, fingerprint, limit, cursor, {
        filter: 'quoteCount > :zero',
        values: { ':zero': 0 },
        expand: (mention, body, wanted) =>
          body.quotes
            .filter((q) => wanted(q.by))
            .filter((q) => passes(q.confidence, query.minConfidence))
            .filter((q) => passes(q.speaker.confidence, query.minConfidence))
            .map((q): QuoteView => {
              const who = mention.entities.find((e) => e.id === q.by);
              return {
                id: `${mention.articleId}:q${q.n}`,
                articleId: mention.articleId,
                articleTitle: mention.title,
                date: mention.date,
                type: q.type,
                text: q.text,
                cue: q.cue,
                statementIndex: q.statementIndex,
                speaker: {
                  identityId: q.by,
                  name: who?.name ?? q.by,
                  mention: q.speaker.mention,
                  resolution: q.speaker.resolution,
                  ...(q.speaker.confidence !== undefined ? { confidence: q.speaker.confidence } : {}),
                },
                ...(q.confidence !== undefined ? { confidence: q.confidence } : {}),
              };
            }),
        matchedOf: (quote) => ({
          identityId: quote.speaker.identityId,
          name: quote.speaker.name,
          type: 'PERSON',
        }),
        query,
      }),
    );
  }

  /** Statements that mention an entity (name, surname or alias; optionally of one type), newest first. */
  statementsAbout(
    name: string,
    query: MentionQuery = {},
  ): Pager<MentionStatementView, NamedPage<MentionStatementView>> {
    const fingerprint = { q: 'statements-about', name: nameTokens(name).join(' '), ...query };
    return new Pager((limit, cursor) =>
      this.namedPage(name, query.type, fingerprint, limit, cursor, {
        expand: (mention, body, wanted) => {
          const entities = mention.entities.filter(
            (e) =>
              wanted(e.id) &&
              (!query.type || e.type === query.type) &&
              passes(e.confidence, query.minConfidence),
          );
          const byStatement = new Map<number, IdentityRef[]>();
          for (const e of entities) {
            for (const index of e.statements ?? []) {
              const list = byStatement.get(index) ?? [];
              if (!list.some((r) => r.identityId === e.id))
                list.push({ identityId: e.id, name: e.name, type: e.type });
              byStatement.set(index, list);
            }
          }
          return body.statements
            .filter((s) => byStatement.has(s.index))
            .map((s) => ({
              id: `${mention.articleId}:s${s.index}`,
              articleId: mention.articleId,
              articleTitle: mention.title,
              date: mention.date,
              index: s.index,
              text: s.text,
              entities: byStatement.get(s.index)!,
            }));
        },
        matchedOf: (statement) => statement.entities,
        query,
      }),
    );
  }

  /** Articles by status, newest first; FAILED ones with their error (and failed uploads with no article). */
  articles(status: ListedStatus, range: DateRange = {}): Pager<ArticleListItem> {
    const fingerprint = { q: 'articles', status, ...range };
    return new Pager((limit, cursor) =>
      this.mergedPage(
        fingerprint,
        [this.listingSource(keys.statusGsi(status), range)],
        limit,
        cursor,
        async (item) => [toListItem(item)],
      ),
    );
  }

  /**
   * People and organisations quoted in the window, with their quote counts: most recently quoted first
   * (order 'recent') or most quoted first ('quotes', top speakers). One Query of the processed-article
   * listing over the window, aggregated; pass `since` to bound what is read.
   */
  speakers(query: SpeakersQuery = {}): Pager<SpeakerView> {
    const fingerprint = { q: 'speakers', ...query };
    let loaded: Promise<SpeakerView[]> | undefined;
    const all = () =>
      (loaded ??= (async () => {
        const byId = new Map<string, SpeakerView & { seen: Set<string> }>();
        const source = this.listingSource(keys.statusGsi('PROCESSED'), query);
        for (const item of await queryAll(this.doc, source.input)) {
          for (const s of (item.speakers as Array<{ identityId: string; name: string; quotes: number }>) ??
            []) {
            const date = item.date as string;
            const entry = byId.get(s.identityId) ?? {
              identityId: s.identityId,
              name: s.name,
              quotes: 0,
              articles: 0,
              firstQuotedAt: date,
              lastQuotedAt: date,
              seen: new Set<string>(),
            };
            entry.quotes += s.quotes;
            if (!entry.seen.has(item.articleId as string)) {
              entry.seen.add(item.articleId as string);
              entry.articles++;
            }
            if (date < entry.firstQuotedAt) entry.firstQuotedAt = date;
            if (date > entry.lastQuotedAt) entry.lastQuotedAt = date;
            byId.set(s.identityId, entry);
          }
        }
        const list = [...byId.values()].map(({ seen: _seen, ...s }) => s);
        return query.order === 'quotes'
          ? list.sort((a, b) => b.quotes - a.quotes || b.lastQuotedAt.localeCompare(a.lastQuotedAt))
          : list.sort((a, b) => b.lastQuotedAt.localeCompare(a.lastQuotedAt) || b.quotes - a.quotes);
      })());
    return offsetPager(fingerprint, all);
  }

  /** The registry's record of every identity a name matches: names, roles, counts, first and last seen. */
  async identities(name: string, type?: EntityType): Promise<IdentityView[]> {
    const sources = await this.resolveName(name, type);
    const views = new Map<string, IdentityView & { seenArticles: Set<string> }>();
    for (const source of sources) {
      const items = await queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.namePk(source.key) },
      });
      const identityItems = new Map(
        items.filter((i) => i.itemType === ITEM_TYPES.identity).map((i) => [i.identityId as string, i]),
      );
      for (const item of items.filter((i) => i.itemType === ITEM_TYPES.mention)) {
        const mention = parseMention(item);
        for (const e of mention.entities) {
          if (source.identities && !source.identities.has(e.id)) continue;
          if (type && e.type !== type) continue;
          const view = views.get(e.id) ?? {
            identityId: e.id,
            type: e.type,
            name: e.name,
            names: [],
            roles: [],
            orgs: [],
            articles: 0,
            mentions: 0,
            quotes: 0,
            firstSeen: mention.date,
            lastSeen: mention.date,
            links: {},
            mergedInto: null,
            members: [],
            seenArticles: new Set<string>(),
          };
          if (!view.seenArticles.has(mention.articleId)) {
            view.seenArticles.add(mention.articleId);
            view.articles++;
            view.links[e.link] = (view.links[e.link] ?? 0) + 1;
          }
          view.mentions += e.mentions;
          view.quotes += e.quotes ?? 0;
          if (!view.names.includes(e.name)) view.names.push(e.name);
          if (mention.date < view.firstSeen) view.firstSeen = mention.date;
          if (mention.date > view.lastSeen) view.lastSeen = mention.date;
          if (e.role && !view.roles.includes(e.role.toLowerCase())) view.roles.push(e.role.toLowerCase());
          views.set(e.id, view);
        }
      }
      for (const [id, item] of identityItems) {
        const view = views.get(id);
        if (!view) continue;
        for (const r of (item.roles as Set<string> | undefined) ?? [])
          if (!view.roles.includes(r)) view.roles.push(r);
        view.orgs = [...((item.orgs as Set<string> | undefined) ?? [])].sort();
        view.mergedInto = (item.mergedInto as string | undefined) ?? null;
        view.members = [...((item.members as Set<string> | undefined) ?? [])]
          .map((m) => m.split('|')[1]!)
          .sort();
      }
    }
    return [...views.values()]
      .map(({ seenArticles: _s, ...v }) => ({ ...v, roles: v.roles.sort() }))
      .sort((a, b) => b.articles - a.articles || a.identityId.localeCompare(b.identityId));
  }

  /** Mentions the registry could not link unambiguously (kept apart, for an operator to review). */
  ambiguousLinks(range: DateRange = {}): Pager<AmbiguousLinkView> {
    const fingerprint = { q: 'ambiguous', ...range };
    return new Pager((limit, cursor) =>
      this.mergedPage(
        fingerprint,
        [this.listingSource(keys.ambiguousGsi(), range)],
        limit,
        cursor,
        async (item) =>
          ((item.ambiguous as Array<{ identityId: string; name: string; candidates: string[] }>) ?? []).map(
            (a) => ({
              articleId: (item.gsi1sk as string).split('#')[1] ?? '',
              date: (item.gsi1sk as string).split('#')[0] ?? '',
              key: (item.pk as string).slice('NAME#'.length),
              ...a,
            }),
          ),
      ),
    );
  }

  // ---- name resolution ------------------------------------------------------------------------

  /**
   * The partitions a name is filed under: a person's surname partition (all of it for a single word,
   * else the identity of that full name and identities merged into it), the whole name's partition
   * for other types, and the identities that learned the name as an alias.
   */
  async resolveName(name: string, type?: EntityType): Promise<NameSource[]> {
    const tokens = nameTokens(name);
    if (!tokens.length) return [];
    const full = tokens.join(' ');
    // Other types keep a leading title word ("General Motors"); people's names drop it.
    const fullOther = keyTokens('ORGANIZATION', name).join(' ');
    const sources = new Map<string, Set<string> | null>();
    const add = (key: string, identities: Set<string> | null) => {
      if (!key) return;
      const existing = sources.get(key);
      if (existing === null) return;
      if (identities === null) sources.set(key, null);
      else sources.set(key, new Set([...(existing ?? []), ...identities]));
    };
    const explicit: Array<{ key: string; identityId: string }> = [];
    if (!type || type === 'PERSON') {
      const key = nameKey('PERSON', name);
      if (tokens.length === 1) add(key, null);
      else {
        const identityId = identityIdFor('PERSON', name);
        add(key, new Set([identityId]));
        explicit.push({ key, identityId });
      }
    }
    if (type !== 'PERSON') add(type === 'NATIONALITY' ? nameKey('NATIONALITY', name, name) : fullOther, null);
    const aliasForms = new Set<string>();
    if (type !== 'PERSON') aliasForms.add(fullOther);
    if (!type || type === 'PERSON') aliasForms.add(full);
    const aliases = await this.batchGet(
      [...aliasForms].map((form) => ({ pk: keys.aliasPk(form), sk: 'HEAD' })),
    );
    for (const target of aliases.flatMap((alias) =>
      Object.values((alias.targets as Record<string, { key: string; identityId: string }>) ?? {}),
    )) {
      add(target.key, new Set([target.identityId]));
      explicit.push(target);
    }
    // Identities an operator merged into the ones named.
    const identityItems = await this.batchGet(explicit.map((e) => keys.identity(e.key, e.identityId)));
    for (const item of identityItems) {
      for (const member of (item.members as Set<string> | undefined) ?? []) {
        const [key, identityId] = member.split('|');
        if (key && identityId) add(key, new Set([identityId]));
      }
    }
    return [...sources].map(([key, identities]) => ({ key, identities }));
  }

  // ---- query engine -----------------------------------------------------------------------------

  private listingSource(partition: string, range: DateRange): QuerySource {
    return {
      input: {
        TableName: this.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': GSI1.partitionKey, '#sk': GSI1.sortKey },
        ExpressionAttributeValues: {
          ':pk': partition,
          ':from': lower(range.since),
          ':to': upper(range.until),
        },
        ScanIndexForward: false,
      },
      keyOf: indexKey,
      sortOf: (item) => item.gsi1sk as string,
    };
  }

  private async namedPage<T>(
    name: string,
    type: EntityType | undefined,
    fingerprint: unknown,
    limit: number,
    cursor: string | null,
    spec: {
      filter?: string;
      values?: Record<string, unknown>;
      expand: (mention: TitledMention, body: MentionBody, wanted: (identityId: string) => boolean) => T[];
      matchedOf: (entry: T) => IdentityRef | IdentityRef[];
      query: DateRange;
    },
  ): Promise<NamedPage<T>> {
    const resolved = await this.resolveName(name, type);
    const sources: QuerySource[] = resolved.map((source) => {
      const filters: string[] = spec.filter ? [spec.filter] : [];
      const values: Record<string, unknown> = {
        ':pk': keys.namePk(source.key),
        ':from': lower(spec.query.since),
        ':to': upper(spec.query.until),
        ...spec.values,
      };
      // An item that left its entities out (overflow 'all') is kept: its result says whom it holds.
      if (type) {
        values[':type'] = type;
        filters.push('(contains(#types, :type) OR overflow = :all)');
      }
      if (source.identities) {
        const ids = [...source.identities];
        ids.forEach((id, i) => (values[`:id${i}`] = id));
        filters.push(
          `(${ids.map((_, i) => `contains(identities, :id${i})`).join(' OR ')} OR overflow = :all)`,
        );
      }
      if (type || source.identities) values[':all'] = 'all';
      return {
        input: {
          TableName: this.tableName,
          // Mention items only: identity items ('~ID#…') sort after the range's upper end ('…~').
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: values,
          ...(type ? { ExpressionAttributeNames: { '#types': 'types' } } : {}),
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
        },
        keyOf: tableKey,
        sortOf: (item: Item) => item.sk as string,
      };
    });
    const wantedFor = (key: string) => {
      const identities = resolved.find((s) => s.key === key)?.identities;
      return (identityId: string) => !identities || identities.has(identityId);
    };
    // Mention items index; the statements and quotes are read from the articles' results, a BatchGet
    // for the items a page is about to expand.
    const results = new ResultCache((items) => this.loadResults(items));
    const page = await this.mergedPage(
      fingerprint,
      sources,
      limit,
      cursor,
      async (item) => {
        if (item.itemType !== ITEM_TYPES.mention) return [];
        const mention = parseMention(item);
        const stored = await results.get(item);
        if (!stored) return []; // the version was replaced while this page was read
        const body = mentionBody(mention, stored.analysis, (e) => ({
          key: nameKey(e.type, e.name, e.country),
          identityId: identityIdFor(e.type, e.name, e.country),
          name: e.type === 'NATIONALITY' && e.country ? e.country : e.name,
        }));
        return spec.expand(
          { ...mention, title: stored.analysis.article.title },
          body,
          wantedFor(mention.key),
        );
      },
      (upcoming) => results.prefetch(upcoming),
    );
    const matched = new Map<string, IdentityRef>();
    for (const entry of page.items)
      for (const ref of [spec.matchedOf(entry)].flat()) matched.set(ref.identityId, ref);
    return { ...page, matched: [...matched.values()] };
  }

  /**
   * Entries from several partitions merged newest first (each Query sorted by its sort key), `limit`
   * entries a page. The cursor records, per partition, the last item fully returned, and an item
   * returned only in part with how many of its entries were.
   */
  private async mergedPage<T>(
    fingerprint: unknown,
    sources: QuerySource[],
    limit: number,
    cursor: string | null,
    expand: (item: Item) => Promise<T[]>,
    /** Called before an item is expanded with it and the items that may be expanded after it. */
    prefetch?: (upcoming: Item[]) => Promise<void>,
  ): Promise<Page<T>> {
    const state: CursorState = cursor
      ? decodeCursor(fingerprint, cursor)
      : { sources: sources.map(() => null) };
    if (state.sources.length !== sources.length) throw new CursorError('The cursor does not fit this query.');
    const streams = sources.map((source, i) => ({
      source,
      next: state.sources[i] === 'done' ? undefined : (state.sources[i] as Record<string, unknown> | null),
      exhausted: state.sources[i] === 'done',
      buffer: [] as Item[],
      consumed: state.sources[i] as Record<string, unknown> | null | 'done',
    }));
    const fill = async (stream: (typeof streams)[number]) => {
      while (!stream.buffer.length && !stream.exhausted) {
        const out = await this.doc.send(
          new QueryCommand({
            ...stream.source.input,
            Limit: Math.min(Math.max(limit, 10), 200),
            ...(stream.next ? { ExclusiveStartKey: stream.next } : {}),
          }),
        );
        stream.buffer.push(...((out.Items ?? []) as Item[]));
        stream.next = out.LastEvaluatedKey;
        if (!out.LastEvaluatedKey) stream.exhausted = true;
      }
    };
    const items: T[] = [];
    let partial = state.partial;
    let stopped: { stream: (typeof streams)[number]; key: Record<string, unknown>; n: number } | undefined;
    while (items.length < limit) {
      await Promise.all(streams.map(fill));
      const candidates = streams.filter((s) => s.buffer.length);
      if (!candidates.length) break;
      const stream = candidates.reduce((best, s) =>
        s.source.sortOf(s.buffer[0]!) > best.source.sortOf(best.buffer[0]!) ? s : best,
      );
      const item = stream.buffer.shift()!;
      const key = stream.source.keyOf(item);
      if (prefetch) {
        const room = limit - items.length;
        await prefetch([item, ...streams.flatMap((s) => s.buffer.slice(0, room))]);
      }
      const entries = await expand(item);
      const skip = partial && sameKey(partial.key, key) ? partial.n : 0;
      partial = undefined;
      const taken = entries.slice(skip, skip + (limit - items.length));
      items.push(...taken);
      if (skip + taken.length < entries.length) {
        stopped = { stream, key, n: skip + taken.length };
        break;
      }
      stream.consumed = key;
    }
    // Per stream: resume after the last item fully returned; 'done' once nothing is left.
    const resume = streams.map((s) =>
      s !== stopped?.stream && s.exhausted && !s.buffer.length ? ('done' as const) : s.consumed,
    );
    const finished = resume.every((r) => r === 'done');
    return {
      items,
      cursor: finished
        ? null
        : encodeCursor(fingerprint, {
            sources: resume,
            ...(stopped ? { partial: { key: stopped.key, n: stopped.n } } : {}),
          }),
    };
  }

  /** The results mention items point to (articleId, version), one BatchGet per 100, decoded. */
  private async loadResults(mentionItems: Item[]): Promise<Map<string, StoredAnalysis | null>> {
    const wanted = new Map<string, TableKey>();
    for (const m of mentionItems) {
      const key = keys.result(m.articleId as string, m.version as string);
      wanted.set(`${key.pk}\n${key.sk}`, key);
    }
    const found = await this.batchGet([...wanted.values()]);
    const loaded = new Map<string, StoredAnalysis | null>([...wanted.keys()].map((k) => [k, null]));
    await Promise.all(
      found.map(async (item) =>
        loaded.set(
          `${item.pk as string}\n${item.sk as string}`,
          await this.decodeResultItem(item.articleId as string, item),
        ),
      ),
    );
    return loaded;
  }

  private async decodeResultItem(articleId: string, item: Item): Promise<StoredAnalysis | null> {
    if (item.body) return decodeResult(articleId, item.body as Uint8Array);
    const ref = item.s3 as { bucket: string; key: string } | undefined;
    if (!ref) return null;
    const s3 = this.s3 ?? new S3Client({});
    const out = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    if (!out.Body) return null;
    return decodeResult(articleId, await out.Body.transformToByteArray());
  }

  private batchGet(requestKeys: TableKey[]): Promise<Item[]> {
    return batchGetAll(this.doc, this.tableName, requestKeys);
  }
}

/** A mention item with its article's title (from the result). */
type TitledMention = ParsedMention & { title: string | null };

/** Results by mention item for one page of a query: fetched in batches ahead of use, each once. */
class ResultCache {
  private readonly loaded = new Map<string, Promise<StoredAnalysis | null>>();

  constructor(private readonly load: (items: Item[]) => Promise<Map<string, StoredAnalysis | null>>) {}

  private static keyOf(item: Item): string {
    const key = keys.result(item.articleId as string, item.version as string);
    return `${key.pk}\n${key.sk}`;
  }

  /** Loads, in one batch, the results of the mention items among these not loaded yet. */
  async prefetch(items: Item[]): Promise<void> {
    const missing = new Map<string, Item>();
    for (const item of items) {
      if (item.itemType !== ITEM_TYPES.mention) continue;
      const key = ResultCache.keyOf(item);
      if (!this.loaded.has(key) && missing.size < 100) missing.set(key, item);
    }
    if (!missing.size) return;
    const batch = this.load([...missing.values()]);
    for (const key of missing.keys())
      this.loaded.set(
        key,
        batch.then((found) => found.get(key) ?? null),
      );
    await batch;
  }

  async get(item: Item): Promise<StoredAnalysis | null> {
    await this.prefetch([item]);
    return this.loaded.get(ResultCache.keyOf(item))!;
  }
}

/** A listing computed in memory (one article's statements, aggregated speakers), paged by offset. */
function offsetPager<T>(fingerprint: unknown, all: () => Promise<T[]>): Pager<T> {
  return new Pager(async (limit, cursor) => {
    const offset = cursor ? (decodeCursor(fingerprint, cursor).offset ?? 0) : 0;
    const list = await all();
    const items = list.slice(offset, offset + limit);
    const next = offset + items.length;
    return {
      items,
      cursor: next < list.length ? encodeCursor(fingerprint, { sources: [], offset: next }) : null,
    };
  });
}

export function toArticleView(item: Item): ArticleView {
  const record = toArticleRecord(item);
  return {
    articleId: record.articleId,
    status: record.status,
    title: record.title,
    language: record.language,
    publishedAt: record.publishedAt,
    date: record.date,
    format: record.format,
    source: record.source,
    counts: record.counts,
    version: record.version,
    pipelineVersion: record.pipelineVersion,
    speakers: (item.speakers as ArticleView['speakers'] | undefined) ?? [],
    error: record.error,
    sources: record.sourceCount,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    processedAt: record.processedAt,
    deletedAt: (item.deletedAt as string | undefined) ?? null,
    supersededBy: (item.supersededBy as string | undefined) ?? null,
  };
}

function toListItem(item: Item): ArticleListItem {
  const isSource = item.itemType === ITEM_TYPES.source;
  return {
    kind: isSource ? 'source' : 'article',
    articleId: (item.articleId as string | undefined) ?? null,
    status: item.status as ArticleListItem['status'],
    title: (item.title as string | undefined) ?? null,
    date: isSource ? (item.updatedAt as string) : (item.date as string),
    counts: (item.counts as ArticleListItem['counts'] | undefined) ?? null,
    version: (item.version as string | undefined) ?? null,
    error: (item.error as ArticleListItem['error'] | undefined) ?? null,
    source: isSource
      ? { bucket: item.bucket as string, key: item.key as string }
      : ((item.source as ArticleListItem['source'] | undefined) ?? null),
    updatedAt: (item.updatedAt as string | undefined) ?? null,
  };
}

/** Statement views of a stored analysis: each statement with its quotes and entity mentions. */
export function statementViews(stored: StoredAnalysis): StatementView[] {
  const { article, statements, quotes, entities } = stored.analysis;
  return statements.map((s) => ({
    ...s,
    articleId: article.id,
    quotes: quotes.filter((q) => q.statementIndex === s.index),
    entities: entities
      .map((e) => ({
        entityId: e.id,
        name: e.name,
        type: e.type,
        mentions: e.mentions
          .filter((m) => m.statementIndex === s.index)
          .map((m) => ({ text: m.text, start: m.start, end: m.end })),
      }))
      .filter((e) => e.mentions.length > 0),
  }));
}

export { surnameOf };
