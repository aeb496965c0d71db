// Rules on the embedded stack's bus, driven through the real EventBridgeClient and SQSClient: a rule
// with each pattern operator delivers exactly the matching events to a local (fauxqs) queue; HTTP
// targets, input shaping, dead-lettering, the rule API's answers and persistence across restarts.
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';
import { localEventBridgeClient, startTestStack } from './local-stack.helpers.js';

const noopHandler = async () => ({ batchItemFailures: [] });

/** Events the tests put on the bus; `n` identifies each one in what targets receive. */
const EVENTS: Array<{ n: number; source?: string; type: string; detail: Record<string, unknown> }> = [
  {
    n: 1,
    type: 'Statement Processed',
    detail: {
      index: 0,
      source: { key: 'incoming/belarus.txt' },
      quotes: [{ type: 'direct', speaker: { name: 'Alexander Lukashenko' } }],
      score: 0.95,
    },
  },
  {
    n: 2,
    type: 'Statement Processed',
    detail: { index: 3, source: { key: 'incoming/belarus.txt' }, quotes: [], score: 0.2 },
  },
  {
    n: 3,
    type: 'Statement Processed',
    detail: {
      index: 7,
      source: { key: 'incoming/other.md' },
      quotes: [{ type: 'indirect', speaker: { name: 'Vladimir Putin' } }],
      score: 0.5,
    },
  },
  { n: 4, type: 'Article Processed', detail: { source: { key: 'incoming/belarus.txt' }, title: 'Partners' } },
  {
    n: 5,
    type: 'Article Failed',
    detail: { source: { key: 'uploads/scan.PDF' }, error: { code: 'UNSUPPORTED_BINARY' } },
  },
  {
    n: 6,
    source: 'someone.else',
    type: 'Statement Processed',
    detail: { index: 1, source: { key: 'incoming/x.txt' }, quotes: [] },
  },
];

/** One rule per operator, with the events it must deliver (and no others). */
const OPERATOR_RULES: Array<[operator: string, pattern: Record<string, unknown>, expected: number[]]> = [
  ['exact', { source: ['article-pipeline'], 'detail-type': ['Article Processed'] }, [4]],
  ['prefix', { detail: { source: { key: [{ prefix: 'incoming/belarus' }] } } }, [1, 2, 4]],
  ['suffix', { detail: { source: { key: [{ suffix: '.md' }] } } }, [3]],
  [
    'suffix-ignore-case',
    { detail: { source: { key: [{ suffix: { 'equals-ignore-case': '.pdf' } }] } } },
    [5],
  ],
  [
    'equals-ignore-case',
    { detail: { quotes: { speaker: { name: [{ 'equals-ignore-case': 'alexander LUKASHENKO' }] } } } },
    [1],
  ],
  [
    'anything-but',
    { source: ['article-pipeline'], 'detail-type': [{ 'anything-but': 'Statement Processed' }] },
    [4, 5],
  ],
  [
    'anything-but-prefix',
    {
      'detail-type': ['Statement Processed'],
      detail: { source: { key: [{ 'anything-but': { prefix: 'incoming/b' } }] } },
    },
    [3, 6],
  ],
  ['anything-but-suffix', { detail: { source: { key: [{ 'anything-but': { suffix: '.txt' } }] } } }, [3, 5]],
  ['numeric', { detail: { index: [{ numeric: ['>', 0, '<=', 5] }] } }, [2, 6]],
  ['exists', { detail: { error: { code: [{ exists: true }] } } }, [5]],
  ['exists-false', { 'detail-type': ['Statement Processed'], detail: { score: [{ exists: false }] } }, [6]],
  ['wildcard', { detail: { source: { key: [{ wildcard: 'incoming/*.txt' }] } } }, [1, 2, 4, 6]],
  ['array-of-objects', { detail: { quotes: { type: ['indirect'] } } }, [3]],
  [
    'or',
    {
      source: ['article-pipeline'],
      $or: [{ 'detail-type': ['Article Failed'] }, { detail: { score: [{ numeric: ['>=', 0.9] }] } }],
    },
    [1, 5],
  ],
];

const entries = (bus: string): PutEventsRequestEntry[] =>
  EVENTS.map((e) => ({
    EventBusName: bus,
    Source: e.source ?? 'article-pipeline',
    DetailType: e.type,
    Detail: JSON.stringify({ n: e.n, ...e.detail }),
  }));

async function putAll(client: EventBridgeClient, list: PutEventsRequestEntry[]) {
  for (let i = 0; i < list.length; i += 10) {
    const out = await client.send(new PutEventsCommand({ Entries: list.slice(i, i + 10) }));
    expect(out.FailedEntryCount).toBe(0);
  }
}

async function createQueue(sqs: SQSClient, name: string) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** Every message now in the queue (bodies), emptying it. */
async function drain(
  sqs: SQSClient,
  url: string,
): Promise<Array<{ body: string; attributes: Record<string, string> }>> {
  const out: Array<{ body: string; attributes: Record<string, string> }> = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return out;
    for (const m of Messages) {
      const attributes = Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']),
      );
      out.push({ body: m.Body!, attributes });
    }
  }
}

const numbersIn = (messages: Array<{ body: string }>) =>
  messages.map((m) => (JSON.parse(m.body) as { detail: { n: number } }).detail.n).sort((a, b) => a - b);

describe('local bus rules through the SDK', () => {
  let stateDir: string;
  let stack: EmbeddedStack;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let bus: string;

  const start = async () => {
    stack = new EmbeddedStack({ stateDir, handler: noopHandler });
    const info = await stack.start();
    events = localEventBridgeClient(stack);
    sqs = stack.sqs();
    bus = info.resources.eventBusName;
  };
  const stop = async () => {
    events?.destroy();
    await stack?.stop();
  };

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'bus-rules-'));
    await start();
  });
  afterAll(async () => {
    await stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('delivers exactly the matching events for a rule with each operator', async () => {
    const queues = new Map<string, { url: string; arn: string }>();
    for (const [operator, pattern] of OPERATOR_RULES) {
      const queue = await createQueue(sqs, `op-${operator}`);
      queues.set(operator, queue);
      const { RuleArn } = await events.send(
        new PutRuleCommand({
          Name: `op-${operator}`,
          EventBusName: bus,
          EventPattern: JSON.stringify(pattern),
        }),
      );
      expect(RuleArn).toBe(`arn:aws:events:us-east-1:000000000000:rule/${bus}/op-${operator}`);
      const put = await events.send(
        new PutTargetsCommand({
          Rule: `op-${operator}`,
          EventBusName: bus,
          Targets: [{ Id: 'queue', Arn: queue.arn }],
        }),
      );
      expect(put.FailedEntryCount).toBe(0);
    }
    await putAll(events, entries(bus));
    // Events on another bus never reach these rules.
    await putAll(events, entries('default'));
    await stack.eventBus.flush();

    const delivered: Record<string, number[]> = {};
    const expected: Record<string, number[]> = {};
    for (const [operator, , want] of OPERATOR_RULES) {
      delivered[operator] = numbersIn(await drain(sqs, queues.get(operator)!.url));
      expected[operator] = want;
    }
    expect(delivered).toEqual(expected);
  });

  it('delivers the EventBridge envelope a rule target receives', async () => {
    const queue = await createQueue(sqs, 'envelope');
    await events.send(
      new PutRuleCommand({ Name: 'envelope', EventBusName: bus, EventPattern: '{"detail":{"n":[4]}}' }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'envelope', EventBusName: bus, Targets: [{ Id: 'q', Arn: queue.arn }] }),
    );
    const { Entries } = await events.send(new PutEventsCommand({ Entries: entries(bus).slice(3, 4) }));
    await stack.eventBus.flush();
    const [message] = await drain(sqs, queue.url);
    expect(JSON.parse(message!.body)).toEqual({
      version: '0',
      id: Entries![0]!.EventId,
      'detail-type': 'Article Processed',
      source: 'article-pipeline',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail: { n: 4, source: { key: 'incoming/belarus.txt' }, title: 'Partners' },
    });
  });

  it('POSTs to HTTP targets, shaped by InputPath and InputTransformer', async () => {
    const received: Array<{ path: string; body: unknown; header: string | undefined }> = [];
    const server: Server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          body: JSON.parse(text),
          header: req.headers['x-consumer'] as string,
        });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await events.send(
        new PutRuleCommand({
          Name: 'http',
          EventBusName: bus,
          EventPattern: '{"detail-type":["Statement Processed"],"source":["article-pipeline"]}',
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: 'http',
          EventBusName: bus,
          Targets: [
            {
              Id: 'details',
              Arn: `${url}/details`,
              InputPath: '$.detail',
              HttpParameters: { HeaderParameters: { 'x-consumer': 'tests' } },
            },
            {
              Id: 'summary',
              Arn: `${url}/summary`,
              InputTransformer: {
                InputPathsMap: { n: '$.detail.n', key: '$.detail.source.key' },
                InputTemplate:
                  '{"number": <n>, "text": "statement <n> of <key>", "rule": "<aws.events.rule-name>"}',
              },
            },
          ],
        }),
      );
      await putAll(events, entries(bus));
      await stack.eventBus.flush();
      const details = received.filter((r) => r.path === '/details');
      expect(details.map((r) => (r.body as { n: number }).n)).toEqual([1, 2, 3]);
      expect(details[0]!.header).toBe('tests');
      expect(received.filter((r) => r.path === '/summary').map((r) => r.body)).toEqual([
        { number: 1, text: 'statement 1 of incoming/belarus.txt', rule: 'http' },
        { number: 2, text: 'statement 2 of incoming/belarus.txt', rule: 'http' },
        { number: 3, text: 'statement 3 of incoming/other.md', rule: 'http' },
      ]);
    } finally {
      await events.send(
        new RemoveTargetsCommand({ Rule: 'http', EventBusName: bus, Ids: ['details', 'summary'] }),
      );
      await new Promise((r) => server.close(r));
    }
  });

  it('sends what cannot be delivered to the target’s dead-letter queue', async () => {
    const dlq = await createQueue(sqs, 'rule-dlq');
    await events.send(
      new PutRuleCommand({ Name: 'to-nowhere', EventBusName: bus, EventPattern: '{"detail":{"n":[5]}}' }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'to-nowhere',
        EventBusName: bus,
        Targets: [
          {
            Id: 'gone',
            Arn: 'arn:aws:sqs:us-east-1:000000000000:no-such-queue',
            DeadLetterConfig: { Arn: dlq.arn },
          },
        ],
      }),
    );
    await putAll(events, entries(bus));
    await stack.eventBus.flush();
    const [message, ...rest] = await drain(sqs, dlq.url);
    expect(rest).toEqual([]);
    expect((JSON.parse(message!.body) as { detail: { n: number } }).detail.n).toBe(5);
    expect(message!.attributes).toMatchObject({
      RULE_ARN: expect.stringMatching(/rule\/article-pipeline\/to-nowhere$/),
      TARGET_ARN: 'arn:aws:sqs:us-east-1:000000000000:no-such-queue',
      ERROR_MESSAGE: expect.stringMatching(/does not exist/),
    });
  });

  it('answers the rule API as EventBridge does', async () => {
    const pattern = '{"source":["article-pipeline"]}';
    await events.send(
      new PutRuleCommand({ Name: 'api-a', EventBusName: bus, EventPattern: pattern, Description: 'first' }),
    );
    await events.send(
      new PutRuleCommand({ Name: 'api-b', EventBusName: bus, EventPattern: pattern, State: 'DISABLED' }),
    );
    expect(await events.send(new DescribeRuleCommand({ Name: 'api-a', EventBusName: bus }))).toMatchObject({
      Name: 'api-a',
      Arn: `arn:aws:events:us-east-1:000000000000:rule/${bus}/api-a`,
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'first',
      EventBusName: bus,
    });

    const firstPage = await events.send(
      new ListRulesCommand({ EventBusName: bus, NamePrefix: 'api-', Limit: 1 }),
    );
    expect(firstPage.Rules!.map((r) => r.Name)).toEqual(['api-a']);
    const secondPage = await events.send(
      new ListRulesCommand({
        EventBusName: bus,
        NamePrefix: 'api-',
        Limit: 1,
        NextToken: firstPage.NextToken,
      }),
    );
    expect(secondPage.Rules!.map((r) => [r.Name, r.State])).toEqual([['api-b', 'DISABLED']]);
    expect(secondPage.NextToken).toBeUndefined();

    const queue = await createQueue(sqs, 'api');
    await events.send(
      new PutTargetsCommand({ Rule: 'api-a', EventBusName: bus, Targets: [{ Id: 't1', Arn: queue.arn }] }),
    );
    expect(
      (await events.send(new ListTargetsByRuleCommand({ Rule: 'api-a', EventBusName: bus }))).Targets,
    ).toEqual([{ Id: 't1', Arn: queue.arn }]);

    // A disabled rule delivers nothing; enabled again, it does.
    await events.send(new DisableRuleCommand({ Name: 'api-a', EventBusName: bus }));
    await putAll(events, entries(bus).slice(0, 1));
    await stack.eventBus.flush();
    expect(await drain(sqs, queue.url)).toEqual([]);
    await events.send(new EnableRuleCommand({ Name: 'api-a', EventBusName: bus }));
    await putAll(events, entries(bus).slice(0, 1));
    await stack.eventBus.flush();
    expect(numbersIn(await drain(sqs, queue.url))).toEqual([1]);

    await expect(
      events.send(new DeleteRuleCommand({ Name: 'api-a', EventBusName: bus })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    const removed = await events.send(
      new RemoveTargetsCommand({ Rule: 'api-a', EventBusName: bus, Ids: ['t1', 'zz'] }),
    );
    expect(removed.FailedEntryCount).toBe(1);
    expect(removed.FailedEntries![0]!.TargetId).toBe('zz');
    await events.send(new DeleteRuleCommand({ Name: 'api-a', EventBusName: bus }));
    await expect(
      events.send(new DescribeRuleCommand({ Name: 'api-a', EventBusName: bus })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });

    await expect(
      events.send(
        new PutRuleCommand({ Name: 'bad', EventBusName: bus, EventPattern: '{"source":"article-pipeline"}' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(
      events.send(
        new PutRuleCommand({ Name: 'elsewhere', EventBusName: 'no-such-bus', EventPattern: pattern }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      events.send(
        new PutTargetsCommand({
          Rule: 'api-b',
          EventBusName: bus,
          Targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('tests patterns with TestEventPattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'article-pipeline',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'Article Failed',
      detail: { error: { code: 'TOO_LARGE' } },
    });
    const test = (pattern: unknown) =>
      events.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: event }));
    expect((await test({ detail: { error: { code: [{ prefix: 'TOO' }] } } })).Result).toBe(true);
    expect((await test({ detail: { error: { code: ['EMPTY_INPUT'] } } })).Result).toBe(false);
  });

  it('keeps rules and targets across a restart on the same state directory', async () => {
    const queue = await createQueue(sqs, 'kept');
    await events.send(
      new PutRuleCommand({ Name: 'kept', EventBusName: bus, EventPattern: '{"detail":{"n":[2,3]}}' }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'kept', EventBusName: bus, Targets: [{ Id: 'q', Arn: queue.arn }] }),
    );
    await stop();
    const saved = JSON.parse(await readFile(join(stateDir, 'rules.json'), 'utf8')) as {
      rules: Array<{ Name: string }>;
    };
    expect(saved.rules.map((r) => r.Name)).toContain('kept');

    await start();
    const { Rules = [] } = await events.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: 'kept' }));
    expect(Rules.map((r) => r.Name)).toEqual(['kept']);
    // fauxqs keeps queues in memory: the target queue is created again under the same name.
    const again = await createQueue(sqs, 'kept');
    expect(again.arn).toBe(queue.arn);
    await putAll(events, entries(bus));
    await stack.eventBus.flush();
    expect(numbersIn(await drain(sqs, again.url))).toEqual([2, 3]);
  });
});

describe('a rule on the real pipeline’s events (the README example)', () => {
  it('sends every statement that quotes the speaker, and nothing else, to the queue', async () => {
    const test = await startTestStack();
    try {
      const { stack } = test;
      const client = localEventBridgeClient(stack);
      const sqs = stack.sqs();
      const queue = await createQueue(sqs, 'lukashenko');
      const bus = stack.resources.eventBusName;
      await client.send(
        new PutRuleCommand({
          Name: 'lukashenko',
          EventBusName: bus,
          EventPattern: JSON.stringify({
            source: ['article-pipeline'],
            'detail-type': ['Statement Processed'],
            detail: { quotes: { speaker: { name: ['Alexander Lukashenko'] } } },
          }),
        }),
      );
      await client.send(
        new PutTargetsCommand({
          Rule: 'lukashenko',
          EventBusName: bus,
          Targets: [{ Id: 'q', Arn: queue.arn }],
        }),
      );
      await test.put(
        'incoming/belarus.txt',
        await readFile(new URL('../../examples/belarus-russia-partners.txt', import.meta.url)),
      );
      expect((await test.waitForSource('incoming/belarus.txt')).status).toBe('PROCESSED');
      await stack.eventBus.flush();
      client.destroy();

      const quoting = test.events.filter(
        (e) =>
          e['detail-type'] === 'Statement Processed' &&
          (e.detail as { quotes: Array<{ speaker: { name: string | null } }> }).quotes.some(
            (q) => q.speaker.name === 'Alexander Lukashenko',
          ),
      );
      expect(quoting.length).toBeGreaterThan(5);
      const received = (await drain(sqs, queue.url)).map((m) => (JSON.parse(m.body) as { id: string }).id);
      expect(received.sort()).toEqual(quoting.map((e) => e.id).sort());
    } finally {
      await test.stop();
    }
  });
});
