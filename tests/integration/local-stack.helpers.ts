// Shared by the integration tests that run the embedded stack in-process.
import { EventBridgeClient, PutEventsCommand, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRecord } from '../../shared/app/ports.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { ResultsClient } from '../../shared/results/client.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import type { BusEvent } from '../../infra/local/eventbridge-endpoint.js';
import { EmbeddedStack, type EmbeddedStackOptions } from '../../infra/local/embedded-stack.js';

export interface TestStack {
  stack: EmbeddedStack;
  repo: DynamoArticleRepository;
  results: ResultsClient;
  /** The analysis stored for an article (the version queries serve). */
  stored(articleId: string): Promise<Analysis>;
  events: BusEvent[];
  put(key: string, body: string | Uint8Array): Promise<void>;
  /** Polls the SOURCE item of `key` until it is PROCESSED or FAILED (and newer than `since`). */
  waitForSource(key: string, since?: string, timeoutMs?: number): Promise<SourceRecord>;
  stop(): Promise<void>;
}

export async function startTestStack(options: Partial<EmbeddedStackOptions> = {}): Promise<TestStack> {
  const stateDir = await mkdtemp(join(tmpdir(), 'stack-test-'));
  const stack = new EmbeddedStack({ stateDir, ...options });
  await stack.start();
  const events: BusEvent[] = [];
  stack.onEvent((e) => events.push(e));
  const s3 = stack.s3Client();
  const doc = stack.documentClient();
  const repo = new DynamoArticleRepository(doc, stack.resources.table);
  const results = new ResultsClient({ tableName: stack.resources.table, documentClient: doc, s3Client: s3 });
  return {
    stack,
    repo,
    results,
    async stored(articleId) {
      const analysis = (await results.getResult(articleId))?.stored?.analysis;
      if (!analysis) throw new Error(`No stored result for ${articleId}.`);
      return analysis;
    },
    events,
    async put(key, body) {
      await s3.send(
        new PutObjectCommand({
          Bucket: stack.resources.bucket,
          Key: key,
          Body: typeof body === 'string' ? Buffer.from(body) : body,
        }),
      );
    },
    async waitForSource(key, since = '', timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await repo.getSource(stack.resources.bucket, key);
        if (record && record.status !== 'PROCESSING' && record.updatedAt >= since) return record;
        if (Date.now() > deadline)
          throw new Error(`${key} did not reach a terminal state: ${JSON.stringify(record)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await stack.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export const detailOf = <T = Record<string, unknown>>(e: BusEvent) => e.detail as T;

export const eventsFor = (events: BusEvent[], detailType: string, articleId: string | null) =>
  events.filter((e) => e['detail-type'] === detailType && detailOf(e).articleId === articleId);

/** The real EventBridgeClient, pointed at the stack's bus. */
export const localEventBridgeClient = (stack: EmbeddedStack) =>
  new EventBridgeClient({
    endpoint: stack.endpoints.eventbridge,
    region: stack.resources.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

export interface BusTestStack {
  stack: EmbeddedStack;
  stateDir: string;
  client: EventBridgeClient;
  /** Puts pipeline events (source article-pipeline) on the stack's bus; throws if any is rejected. */
  put(...events: Array<[detailType: string, detail: object]>): Promise<PutEventsResultEntry[]>;
  stop(): Promise<void>;
}

/** The stack without the NLP (a handler that does nothing): bus, queues and buckets for bus tests. */
export async function startBusTestStack(prefix: string): Promise<BusTestStack> {
  const stateDir = await mkdtemp(join(tmpdir(), prefix));
  const stack = new EmbeddedStack({ stateDir, handler: async () => ({ batchItemFailures: [] }) });
  await stack.start();
  const client = localEventBridgeClient(stack);
  return {
    stack,
    stateDir,
    client,
    async put(...events) {
      const out = await client.send(
        new PutEventsCommand({
          Entries: events.map(([detailType, detail]) => ({
            EventBusName: stack.resources.eventBusName,
            Source: 'article-pipeline',
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          })),
        }),
      );
      if (out.FailedEntryCount) throw new Error(`PutEvents rejected: ${JSON.stringify(out.Entries)}`);
      return out.Entries ?? [];
    },
    async stop() {
      client.destroy();
      await stack.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
