// Retries and the dead-letter queue, with the real handler: a message that is not an S3
// notification fails on every delivery and lands in the DLQ after 5 receives (the queue's
// RedrivePolicy, as in AWS); a transient bus failure (injected: a healthy bus never fails) is
// retried through redelivery and ends with every event published exactly once.
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/schemas.js';
import type { SqsHandler } from '../../infra/local/sqs-event-source.js';
import { eventsFor, startTestStack, type TestStack } from './local-stack.helpers.js';

describe('embedded stack: retries and dead-letter queue', () => {
  let t: TestStack;
  /** Receive counts seen by the handler, per message body. */
  const receives = new Map<string, number[]>();
  let failBusWhile: (receiveCount: number) => boolean = () => false;
  let busFailing = false;

  beforeAll(async () => {
    let real: SqsHandler | undefined;
    // The real handler (loaded on first use, after the stack has set its environment), observed:
    // which deliveries it gets, and whether the bus should fail during them.
    const handler: SqsHandler = async (event: SQSEvent, context: Context) => {
      real ??= ((await import('../../functions/process-article/handler.js')) as { handler: SqsHandler })
        .handler;
      for (const r of event.Records) {
        receives.set(r.body, [...(receives.get(r.body) ?? []), Number(r.attributes.ApproximateReceiveCount)]);
      }
      busFailing = event.Records.some((r) => failBusWhile(Number(r.attributes.ApproximateReceiveCount)));
      try {
        return await real(event, context);
      } finally {
        busFailing = false;
      }
    };
    t = await startTestStack({ handler, visibilityTimeoutSeconds: 1, batchSize: 1 });
    // While failing, the bus takes the first two events it is sent, then throttles everything.
    let allowance = 2;
    t.stack.eventBus.injectFailures(() =>
      busFailing && allowance-- <= 0
        ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
        : null,
    );
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('moves a poison message to the DLQ after 5 receives', async () => {
    const body = 'this is not an S3 event notification';
    const sqs = t.stack.sqs();
    await sqs.send(new SendMessageCommand({ QueueUrl: t.stack.resources.queueUrl, MessageBody: body }));
    await t.stack.waitForIdle(40_000);

    expect(receives.get(body)).toEqual([1, 2, 3, 4, 5]);
    const dlq = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: t.stack.resources.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(dlq.Messages?.map((m) => m.Body)).toEqual([body]);
  });

  it('retries a transient failure by redelivery and publishes every event exactly once', async () => {
    failBusWhile = (receiveCount) => receiveCount <= 2;
    const key = 'incoming/retry.txt';
    const text = [
      'Lisbon hosted the summit on Tuesday.',
      '"We are ready to sign," Portuguese Prime Minister Luis Montenegro said.',
      'He added that talks would continue.',
      'The delegations left on Wednesday.',
    ].join('\n\n');
    const since = new Date().toISOString();
    await t.put(key, text);
    const source = await t.waitForSource(key, since, 40_000);
    await t.stack.waitForIdle(40_000);
    failBusWhile = () => false;

    expect(source.status).toBe('PROCESSED');
    const deliveries = [...receives.entries()].find(([b]) => b.includes('retry.txt'))?.[1];
    expect(deliveries).toEqual([1, 2, 3]);
    const { statements } = await t.stored(source.articleId!);
    const events = eventsFor(t.events, DETAIL_TYPES.statementProcessed, source.articleId);
    expect(statements.length).toBeGreaterThan(2);
    expect(events).toHaveLength(statements.length);
    expect(new Set(events.map((e) => (e.detail as { eventId: string }).eventId)).size).toBe(
      statements.length,
    );
    expect(eventsFor(t.events, DETAIL_TYPES.articleProcessed, source.articleId)).toHaveLength(1);
  });
});
