// Reconcile on the embedded stack: notifications lost while the stack ran (a handler that acked
// without processing stands in for a lost message) are found on the next start and by
// `article-pipeline reconcile`; repeating it re-enqueues nothing and publishes nothing twice.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileCommand } from '../../cli/commands/operate.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';

const text = (n: number) =>
  `Report ${n}.\n\n"The bridge will open in spring," mayor Jana Novak said of project ${n}.\n`;

async function capture(run: (out: NodeJS.WritableStream) => Promise<number>) {
  const lines: string[] = [];
  const sink = { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) };
  const code = await run(sink as unknown as NodeJS.WritableStream);
  return { code, rows: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function waitProcessed(stack: EmbeddedStack, keys: string[], timeoutMs = 60_000) {
  const repo = new DynamoArticleRepository(stack.documentClient(), stack.resources.table);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await Promise.all(keys.map((k) => repo.getSource(stack.resources.bucket, k)));
    if (records.every((r) => r?.status === 'PROCESSED')) return records;
    if (Date.now() > deadline) throw new Error(`not processed: ${JSON.stringify(records)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reconcile on the embedded stack', () => {
  let stateDir: string;
  let stack: EmbeddedStack | null = null;
  const lines: string[] = [];
  const keys = ['incoming/r1.txt', 'incoming/r 2.txt'];

  beforeAll(async () => {
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    stateDir = await mkdtemp(join(tmpdir(), 'reconcile-'));
    // First run: every notification is taken off the queue and dropped (as if lost).
    const dropping = new EmbeddedStack({ stateDir, handler: async () => ({ batchItemFailures: [] }) });
    await dropping.start();
    const s3 = dropping.s3Client();
    for (const [i, key] of keys.entries())
      await s3.send(
        new PutObjectCommand({ Bucket: dropping.resources.bucket, Key: key, Body: Buffer.from(text(i)) }),
      );
    await dropping.waitForIdle();
    await dropping.stop();
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('re-enqueues on start what was never processed, and then nothing more', async () => {
    stack = new EmbeddedStack({ stateDir, log: (l) => lines.push(l) });
    await stack.start();
    expect(lines).toContain('reconcile: re-enqueued 2 of 2 object(s) (2 unrecorded)');
    await waitProcessed(stack, keys);
    await stack.waitForIdle();

    const again = await stack.reconcile({ minAgeMs: 0 });
    expect(again).toMatchObject({ objects: 2, requeued: [] });
  });

  it('`reconcile` finds an object whose notification was lost while the stack ran; a forced re-send publishes nothing new', async () => {
    const s = stack!;
    // The upload's notification is dropped on its way to the queue.
    await withoutNotifications(s, () =>
      s.s3Client().send(
        new PutObjectCommand({
          Bucket: s.resources.bucket,
          Key: 'incoming/r3.txt',
          Body: Buffer.from(text(3)),
        }),
      ),
    );

    const dry = await capture((out) => reconcileCommand({ stateDir, dryRun: true, minAge: 0 }, out));
    expect(dry).toEqual({
      code: 0,
      rows: [{ bucket: s.resources.bucket, key: 'incoming/r3.txt', reason: 'unrecorded', queued: false }],
    });
    // Younger than the default minimum age: left alone (its notification may still be queued).
    expect((await capture((out) => reconcileCommand({ stateDir }, out))).rows).toEqual([]);

    const wet = await capture((out) => reconcileCommand({ stateDir, minAge: 0 }, out));
    expect(wet.rows).toEqual([{ ...dry.rows[0], queued: true }]);
    await waitProcessed(s, ['incoming/r3.txt']);
    await s.waitForIdle();

    // Every event once, even after sending every object's notification again.
    const before = await eventLog(stateDir);
    const { SqsNotificationRequeuer } = await import('../../shared/adapters/sqs/notification-requeuer.js');
    await new SqsNotificationRequeuer(s.sqs(), s.resources.queueUrl).requeue(
      [...keys, 'incoming/r3.txt'].map((key) => ({ bucket: s.resources.bucket, key })),
    );
    await s.waitForIdle();
    const after = await eventLog(stateDir);
    expect(after).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
    expect(after.length).toBeGreaterThanOrEqual(6); // a statement event and Article Processed each
    expect((await capture((out) => reconcileCommand({ stateDir, minAge: 0 }, out))).rows).toEqual([]);
  });
});

/** The event ids in the stack's events.jsonl, in order. */
async function eventLog(stateDir: string): Promise<string[]> {
  const text = await readFile(join(stateDir, 'events.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { detail: { eventId: string } }).detail.eventId);
}

/** Runs `write` with the stack's S3 → SQS notifier detached (its private s3rver: failure injection). */
async function withoutNotifications(stack: EmbeddedStack, write: () => Promise<unknown>): Promise<void> {
  const s3rver = (stack as unknown as { s3rver: NodeJS.EventEmitter }).s3rver;
  const listeners = s3rver.listeners('event') as Array<(...args: unknown[]) => void>;
  for (const l of listeners) s3rver.off('event', l);
  try {
    await write();
  } finally {
    for (const l of listeners) s3rver.on('event', l);
  }
}
