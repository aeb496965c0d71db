// Shared by the integration tests that run the embedded stack in-process.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRecord } from '../../shared/app/ports.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import type { BusEvent } from '../../infra/local/eventbridge-endpoint.js';
import { EmbeddedStack, type EmbeddedStackOptions } from '../../infra/local/embedded-stack.js';

export interface TestStack {
  stack: EmbeddedStack;
  repo: DynamoArticleRepository;
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
  const repo = new DynamoArticleRepository(stack.documentClient(), stack.resources.table);
  return {
    stack,
    repo,
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
