// The stack's own plumbing, observed through a recording handler: S3 → SQS notifications in the
// shape S3 sends (URL-encoded keys, prefix filter) and the event source mapping's contract
// (SQSEvent records, partial batch failures, whole-batch retry when the handler throws).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '../../infra/local/s3-notifications.js';
import { startTestStack, type TestStack } from './local-stack.helpers.js';

describe('S3 event key encoding', () => {
  it('encodes keys as S3 does in notifications', () => {
    expect(encodeS3EventKey('incoming/a b+c%d.txt')).toBe('incoming/a+b%2Bc%25d.txt');
    expect(encodeS3EventKey('incoming/Zürich (1).txt')).toBe('incoming/Z%C3%BCrich+%281%29.txt');
    expect(decodeURIComponent(encodeS3EventKey('incoming/x y+z.txt').replace(/\+/g, ' '))).toBe(
      'incoming/x y+z.txt',
    );
  });
});

describe('embedded stack plumbing', () => {
  let t: TestStack;
  const invocations: SQSRecord[][] = [];
  let respond: (records: SQSRecord[]) => SQSBatchResponse = () => ({ batchItemFailures: [] });

  const keyOf = (r: SQSRecord) => (JSON.parse(r.body) as S3Event).Records[0]!.s3.object.key;
  const waitFor = async (predicate: () => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    t = await startTestStack({
      visibilityTimeoutSeconds: 1,
      handler: async (event: SQSEvent) => {
        invocations.push(event.Records);
        return respond(event.Records);
      },
    });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('sends an S3 notification per created object under the prefix, with the key encoded', async () => {
    await t.put('incoming/a b+c%.txt', 'hello');
    await t.put('elsewhere/ignored.txt', 'not under the prefix');
    await t.stack.waitForIdle();
    const records = invocations.flat();
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: t.stack.resources.queueArn,
      awsRegion: t.stack.resources.region,
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record.messageId).toBeTruthy();
    expect(record.receiptHandle).toBeTruthy();
    const s3 = (JSON.parse(record.body) as S3Event).Records[0]!;
    expect(s3).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: t.stack.resources.bucket, arn: `arn:aws:s3:::${t.stack.resources.bucket}` },
        object: { key: 'incoming/a+b%2Bc%25.txt', size: 5 },
      },
    });
    expect(s3.s3.object.eTag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('deletes the records that succeeded and redelivers only the failed ones', async () => {
    invocations.length = 0;
    respond = (records) => ({
      batchItemFailures: records
        .filter((r) => keyOf(r).includes('fail') && r.attributes.ApproximateReceiveCount === '1')
        .map((r) => ({ itemIdentifier: r.messageId })),
    });
    const s3 = t.stack.s3Client();
    // Both objects land before the first poll returns, so that they can share a batch.
    await Promise.all(
      ['incoming/ok.txt', 'incoming/fail-once.txt'].map((Key) =>
        s3.send(new PutObjectCommand({ Bucket: t.stack.resources.bucket, Key, Body: Buffer.from('x') })),
      ),
    );
    await waitFor(() => invocations.flat().filter((r) => keyOf(r).includes('fail')).length === 2);
    await t.stack.waitForIdle();
    const deliveries = invocations.flat().map((r) => `${keyOf(r)}#${r.attributes.ApproximateReceiveCount}`);
    expect(deliveries.sort()).toEqual([
      'incoming/fail-once.txt#1',
      'incoming/fail-once.txt#2',
      'incoming/ok.txt#1',
    ]);
  });

  it('retries the whole batch when the handler throws', async () => {
    invocations.length = 0;
    let thrown = false;
    respond = () => {
      if (!thrown) {
        thrown = true;
        throw new Error('handler crashed');
      }
      return { batchItemFailures: [] };
    };
    await t.put('incoming/crash.txt', 'x');
    await waitFor(() => invocations.length === 2);
    await t.stack.waitForIdle();
    expect(invocations.flat().map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it('treats a batchItemFailures identifier that is not in the batch as a whole-batch failure', async () => {
    invocations.length = 0;
    let answered = false;
    respond = () => {
      if (answered) return { batchItemFailures: [] };
      answered = true;
      return { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] };
    };
    await t.put('incoming/bad-id.txt', 'x');
    await waitFor(() => invocations.length === 2);
    await t.stack.waitForIdle();
    expect(invocations.flat().map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });
});
