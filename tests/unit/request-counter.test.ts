// The load benchmark's request counter on real SDK clients, their HTTP answered by a canned handler:
// it counts what the SDK sends (retries included) and the payload-dependent billing units.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../scripts/load/request-counter.js';

/** An HTTP handler that answers every request with the next of `bodies` (JSON), status `statuses`. */
function cannedHttp(bodies: object[], statuses: number[] = []) {
  let call = 0;
  return {
    handle: async () => {
      const i = call++;
      return {
        response: {
          statusCode: statuses[i] ?? 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([Buffer.from(JSON.stringify(bodies[Math.min(i, bodies.length - 1)]))]),
        },
      };
    },
    calls: () => call,
  };
}

const config = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
};

describe('RequestCounter', () => {
  it('counts SQS sends by 64 KB chunk and receives with their messages', async () => {
    const http = cannedHttp([
      { MessageId: 'm1', MD5OfMessageBody: '' },
      {
        Messages: [
          { MessageId: 'a', Body: 'x' },
          { MessageId: 'b', Body: 'y' },
        ],
      },
      {},
    ]);
    // md5: false, as the canned answers carry no checksums of the bodies.
    const sqs = new SQSClient({ ...config, requestHandler: http, useQueueUrlAsEndpoint: false, md5: false });
    const counter = new RequestCounter();
    counter.attach(sqs, 'sqs');
    const queue = 'http://127.0.0.1:1/000000000000/q';
    await sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'z'.repeat(70 * 1024) }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue }));
    expect(counter.counts.requests['sqs:ReceiveMessage']).toBe(2);
    expect(counter.counts.sqsMessagesReceived).toBe(2);
    expect(counter.counts.sqsEmptyReceives).toBe(1);
    expect(counter.counts.sqsMessagesSent).toBe(1);
    // 70 KB sent is two 64 KB chunks; each receive is one.
    expect(counter.counts.sqsBilledRequests).toBe(4);
    sqs.destroy();
  });

  it('counts accepted EventBridge entries by 64 KB chunk, and the attempts of a retried call', async () => {
    const http = cannedHttp(
      [
        { __type: 'ThrottlingException', message: 'slow down' },
        {
          FailedEntryCount: 1,
          Entries: [{ EventId: '1' }, { ErrorCode: 'InternalFailure' }, { EventId: '3' }],
        },
      ],
      [400, 200],
    );
    const eventBridge = new EventBridgeClient({ ...config, requestHandler: http, maxAttempts: 3 });
    const counter = new RequestCounter();
    counter.attach(eventBridge, 'eventbridge');
    const entry = (detailBytes: number) => ({
      Source: 'article-pipeline',
      DetailType: 'Statement Processed',
      Detail: JSON.stringify({ text: 'x'.repeat(detailBytes) }),
    });
    await eventBridge.send(new PutEventsCommand({ Entries: [entry(10), entry(10), entry(100 * 1024)] }));
    expect(http.calls()).toBe(2);
    expect(counter.counts.requests['eventbridge:PutEvents']).toBe(2);
    // The rejected second entry is not billed; the third is two 64 KB chunks.
    expect(counter.counts.eventEntries).toBe(2);
    expect(counter.counts.eventChunks).toBe(3);
    eventBridge.destroy();
  });
});
