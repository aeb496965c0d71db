// `npm run test:e2e`: the pipeline as a user meets it, on whichever stack E2E_TARGET names (targets.ts):
// subscribe to the bus as a consumer would (an EventBridge rule targeting an SQS queue of our own),
// upload an article under the incoming prefix, wait for its `Article Processed`, then check the
// events, the stored statements and the query API against each other. The same calls and assertions
// run against every target.
import { S3Client, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemporarySubscription } from '../../cli/commands/event-subscription.js';
import {
  DETAIL_TYPES,
  EVENT_SOURCE,
  articleProcessedSchema,
  statementProcessedSchema,
  type ArticleProcessedDetail,
  type StatementProcessedDetail,
} from '../../events/schemas.js';
import {
  createDocumentClient,
  createEventBridgeClient,
  createS3Client,
} from '../../shared/adapters/aws-clients.js';
import { ResultsClient } from '../../shared/results/client.js';
import { signedGet } from './signed-fetch.js';
import { resolveTarget, type PipelineTarget } from './targets.js';

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

interface Received {
  detailType: string;
  detail: unknown;
}

describe(`the pipeline end to end (E2E_TARGET=${process.env.E2E_TARGET ?? 'embedded'})`, () => {
  let target: PipelineTarget;
  let s3: S3Client;
  let eventBridge: EventBridgeClient;
  let sqs: SQSClient;
  let subscription: TemporarySubscription | undefined;
  const stopReceiving = new AbortController();
  let receiving: Promise<void> = Promise.resolve();
  const received: Received[] = [];
  // A key and a text of this run only: a deployed stack keeps earlier runs' articles, and identical
  // text would be recognised as an article it already has.
  const runId = `e2e-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  let key = '';
  let body: Buffer;

  beforeAll(async () => {
    target = await resolveTarget();
    process.stderr.write(`e2e: running against ${target.description}\n`);
    key = `${target.incomingPrefix}${runId}/belarus-russia-partners.txt`;
    body = Buffer.concat([
      await readFile(SAMPLE),
      Buffer.from(`\nThe end-to-end check ${runId} was filed on Tuesday.\n`),
    ]);
    // The clients the deployed code uses, from the SDK's default resolution (the target set it up).
    s3 = createS3Client();
    eventBridge = createEventBridgeClient();
    // Requests go to the resolved SQS endpoint, not the queue URL's host (fauxqs's and LocalStack's
    // queue URLs name hosts that need not resolve; on AWS both are the same).
    sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    subscription = await TemporarySubscription.open({
      eventBridge,
      sqs,
      eventBusName: target.eventBusName,
      namePrefix: 'article-pipeline-e2e',
      waitTimeSeconds: target.name === 'embedded' ? 1 : 10,
      pattern: JSON.stringify({
        source: [EVENT_SOURCE],
        'detail-type': [DETAIL_TYPES.articleProcessed, DETAIL_TYPES.statementProcessed],
        detail: { source: { key: [key] } },
      }),
    });
    receiving = subscription.receive((message) => {
      const event = JSON.parse(message) as { 'detail-type': string; detail: unknown };
      received.push({ detailType: event['detail-type'], detail: event.detail });
    }, stopReceiving.signal);
    if (target.ruleSettleMs) await new Promise((r) => setTimeout(r, target.ruleSettleMs));
  });

  afterAll(async () => {
    stopReceiving.abort();
    await receiving.catch(() => undefined);
    const left = (await subscription?.close()) ?? [];
    if (left.length) process.stderr.write(`e2e: could not remove ${left.join('; ')}\n`);
    // The uploaded object goes again (its results are then marked deleted on stacks that keep them).
    if (key && s3)
      await s3.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key })).catch(() => {});
    for (const client of [s3, eventBridge, sqs]) client?.destroy();
    await target?.close();
  });

  const ofType = (detailType: string) => received.filter((e) => e.detailType === detailType);

  async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`${what}: not within ${timeoutMs} ms (received ${received.length} event(s)).`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('processes an upload, announces it through a subscriber rule and serves it from the store and the API', async () => {
    const uploadedAt = Date.now();
    await s3.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body, ContentType: 'text/plain' }),
    );

    // Article Processed reaches our queue through our rule, in the published shape.
    const processed: ArticleProcessedDetail = await waitFor(
      `Article Processed for s3://${target.bucket}/${key}`,
      () => {
        const event = ofType(DETAIL_TYPES.articleProcessed)[0];
        return event ? articleProcessedSchema.parse(event.detail) : undefined;
      },
      target.processTimeoutMs,
    );
    process.stderr.write(
      `e2e: ${processed.articleId} processed ${Date.now() - uploadedAt} ms after upload\n`,
    );
    expect(processed.source).toMatchObject({ bucket: target.bucket, key });
    expect(processed.format).toBe('text');
    expect(processed.counts.statements).toBeGreaterThan(10);
    expect(processed.counts.quotes).toBeGreaterThan(5);

    // One Statement Processed per statement (SQS may deliver one twice: only as the same event id).
    const statementEvents = await waitFor(
      `${processed.counts.statements} Statement Processed events`,
      () => {
        const events = ofType(DETAIL_TYPES.statementProcessed).map((e) =>
          statementProcessedSchema.parse(e.detail),
        );
        const byId = new Map(events.map((e) => [e.eventId, e]));
        return byId.size >= processed.counts.statements ? [...byId.values()] : undefined;
      },
      30_000,
    );
    const byIndex = new Map<number, StatementProcessedDetail>(statementEvents.map((e) => [e.index, e]));
    expect(byIndex.size).toBe(processed.counts.statements);
    expect(new Set(statementEvents.map((e) => e.statementId)).size).toBe(statementEvents.length);
    for (const e of statementEvents) {
      expect(e.articleId).toBe(processed.articleId);
      expect(e.pipelineVersion).toBe(processed.pipelineVersion);
    }
    expect(statementEvents.reduce((n, e) => n + e.quotes.length, 0)).toBe(processed.counts.quotes);
    expect(statementEvents.some((e) => e.text.includes(runId))).toBe(true);

    // The store holds the article as PROCESSED, with the statements the events announced.
    const results = new ResultsClient({
      tableName: target.tableName,
      documentClient: createDocumentClient(),
      s3Client: s3,
    });
    const article = await results.getArticle(processed.articleId);
    expect(article).toMatchObject({
      articleId: processed.articleId,
      status: 'PROCESSED',
      counts: processed.counts,
    });
    expect(article!.speakers.map((s) => s.name)).toContain('Alexander Lukashenko');
    const stored = await results.statements(processed.articleId).all();
    expect(stored).toHaveLength(processed.counts.statements);
    for (const statement of stored) {
      const announced = byIndex.get(statement.index);
      expect(announced, `event for statement ${statement.index}`).toBeDefined();
      expect(statement.id).toBe(announced!.statementId);
      expect(statement.text.startsWith(announced!.text.replace(/…$/, ''))).toBe(true);
      expect(statement.quotes.map((q) => q.id)).toEqual(announced!.quotes.map((q) => q.id));
    }
    const lukashenkoQuotes = stored
      .flatMap((s) => s.quotes)
      .filter((q) => q.speaker.name === 'Alexander Lukashenko');
    expect(lukashenkoQuotes.length).toBeGreaterThan(5);

    // The query API serves the same article and statements.
    const api = async <T>(path: string): Promise<T> => {
      const response = await signedGet(`${target.queryApiUrl}${path}`, {
        region: await s3.config.region(),
        credentials: s3.config.credentials,
      });
      expect(response.status, `GET ${path}`).toBe(200);
      return (await response.json()) as T;
    };
    const viaApi = await api<{ status: string; counts: unknown }>(`/articles/${processed.articleId}`);
    expect(viaApi).toMatchObject({
      articleId: processed.articleId,
      status: 'PROCESSED',
      counts: processed.counts,
    });
    const page = await api<{ items: Array<{ id: string; text: string }>; cursor: string | null }>(
      `/articles/${processed.articleId}/statements?limit=1000`,
    );
    expect(page.cursor).toBeNull();
    expect(page.items.map((s) => [s.id, s.text])).toEqual(stored.map((s) => [s.id, s.text]));
  });
});
