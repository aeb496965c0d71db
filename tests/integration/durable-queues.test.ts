// The embedded stack's SQS journal (infra/local/durable-queues.ts): what a crash leaves in queues.jsonl
// comes back on the next start, through the real SQS API of a real fauxqs server: queued and in-flight
// messages with their ids and receive counts, moves to the dead-letter queue, deletions honoured.
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableQueues, replayJournal, type MessageMove } from '../../infra/local/durable-queues.js';

interface RunningSqs {
  queues: DurableQueues;
  sqs: SQSClient;
  port: number;
  moves: MessageMove[];
  stop(): Promise<void>;
}

/** fauxqs on a free port with the journal in `file`; restores what the journal holds. */
async function startSqs(file: string): Promise<RunningSqs> {
  const moves: MessageMove[] = [];
  const queues = await DurableQueues.open(file, { onMove: (m) => moves.push(m) });
  const stores = { sqsStore: queues.store } as unknown as NonNullable<
    Parameters<typeof buildApp>[0]
  >['stores'];
  // What is used of fauxqs's Fastify app (its typings do not resolve under this tsconfig).
  const app = buildApp({ logger: false, defaultRegion: 'us-east-1', stores }) as unknown as {
    listen(options: { port: number; host: string }): Promise<string>;
    close(): Promise<unknown>;
  };
  const port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
  const sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return {
    queues,
    sqs,
    port,
    moves,
    async stop() {
      sqs.destroy();
      await app.close();
      queues.close();
    },
  };
}

async function createQueues(sqs: SQSClient) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const work = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'work',
      Attributes: {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '2' }),
      },
    }),
  );
  return { workUrl: work.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

const receiveAll = async (sqs: SQSClient, url: string) =>
  (
    await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    )
  ).Messages ?? [];

describe('durable local queues', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'durable-queues-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('brings back queued and in-flight messages, with their ids and receive counts, after a crash', async () => {
    const file = join(dir, 'crash.jsonl');
    const first = await startSqs(file);
    const { workUrl } = await createQueues(first.sqs);
    const sent: string[] = [];
    for (const body of ['a', 'b', 'c', 'd'])
      sent.push(
        (await first.sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: body }))).MessageId!,
      );
    const inFlight = await first.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: workUrl, MaxNumberOfMessages: 2 }),
    );
    expect(inFlight.Messages?.map((m) => m.Body)).toEqual(['a', 'b']);
    await first.sqs.send(
      new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: inFlight.Messages![0]!.ReceiptHandle! }),
    );
    // The crash: the journal as it is now (every answered request is in it), the process gone.
    const crashed = join(dir, 'crash-copy.jsonl');
    await copyFile(file, crashed);
    await first.stop();

    const second = await startSqs(crashed);
    try {
      const { workUrl: again } = await createQueues(second.sqs);
      expect(second.queues.restore(second.port)).toEqual(new Map([['work', 3]]));
      const messages = await receiveAll(second.sqs, again);
      // b was in flight (received once): visible again at once, same id, now received twice.
      expect(messages.map((m) => [m.Body, m.MessageId, m.Attributes?.ApproximateReceiveCount])).toEqual([
        ['b', sent[1], '2'],
        ['c', sent[2], '1'],
        ['d', sent[3], '1'],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('keeps a message moved to the dead-letter queue there, and reports the move', async () => {
    const file = join(dir, 'dlq.jsonl');
    const first = await startSqs(file);
    const { workUrl } = await createQueues(first.sqs);
    await first.sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: 'poison' }));
    // Two receives without a delete (visibility 0 makes it visible again at once), the third moves it.
    for (let i = 0; i < 2; i++)
      await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl, VisibilityTimeout: 0 }));
    expect(await receiveAll(first.sqs, workUrl)).toEqual([]);
    expect(first.moves).toMatchObject([{ body: 'poison', from: 'work', to: 'work-dlq', receiveCount: 3 }]);
    await first.stop();

    const second = await startSqs(file);
    try {
      const { workUrl: work, dlqUrl: dlq } = await createQueues(second.sqs);
      second.queues.restore(second.port);
      expect(await receiveAll(second.sqs, work)).toEqual([]);
      expect((await receiveAll(second.sqs, dlq)).map((m) => m.Body)).toEqual(['poison']);
    } finally {
      await second.stop();
    }
  });

  it('re-creates queues it has no creator for (subscriber queues) with their attributes', async () => {
    const file = join(dir, 'subscriber.jsonl');
    const first = await startSqs(file);
    const { QueueUrl } = await first.sqs.send(
      new CreateQueueCommand({ QueueName: 'subscriber', Attributes: { VisibilityTimeout: '7' } }),
    );
    await first.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'event' }));
    await first.stop();

    const second = await startSqs(file);
    try {
      second.queues.restore(second.port);
      const url = (await second.sqs.send(new GetQueueUrlCommand({ QueueName: 'subscriber' }))).QueueUrl!;
      const { Attributes } = await second.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
      );
      expect(Attributes?.VisibilityTimeout).toBe('7');
      expect((await receiveAll(second.sqs, url)).map((m) => m.Body)).toEqual(['event']);
    } finally {
      await second.stop();
    }
  });

  it('compacts the journal on open: only queues and undeleted messages remain', async () => {
    const file = join(dir, 'compact.jsonl');
    const first = await startSqs(file);
    const { workUrl } = await createQueues(first.sqs);
    for (let i = 0; i < 20; i++) {
      await first.sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: `m${i}` }));
      const [m] = await receiveAll(first.sqs, workUrl);
      await first.sqs.send(new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: m!.ReceiptHandle! }));
    }
    await first.sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: 'left' }));
    await first.stop();
    const before = (await readFile(file, 'utf8')).trim().split('\n').length;
    const second = await startSqs(file);
    await second.stop();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(before).toBeGreaterThan(60);
    expect(lines.map((l) => (JSON.parse(l) as { op: string }).op)).toEqual(['queue', 'queue', 'put']);
  });
});

describe('replayJournal', () => {
  const q = { op: 'queue', name: 'q', arn: 'arn:aws:sqs:us-east-1:0:q', attributes: {}, tags: {} };
  const msg = (id: string) => ({ messageId: id, body: id, approximateReceiveCount: 0 });
  it('ignores a last line cut short by a crash and messages of deleted queues', () => {
    const lines = [
      JSON.stringify(q),
      JSON.stringify({ op: 'put', arn: q.arn, message: msg('1') }),
      JSON.stringify({ op: 'put', arn: 'arn:aws:sqs:us-east-1:0:gone', message: msg('2') }),
      JSON.stringify({ op: 'recv', arn: q.arn, ids: ['1'] }),
      '{"op":"put","arn":"arn:aws:sqs:us-east-1:0:q","mess',
    ];
    const { messages } = replayJournal(lines);
    expect(
      [...messages.values()].map((m) => [m.message.messageId, m.message.approximateReceiveCount]),
    ).toEqual([['1', 1]]);
  });
});
