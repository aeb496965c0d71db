// What operators get from the real handler in Lambda: X-Ray subsegments per stage (sent to a UDP
// X-Ray daemon started here, as in Lambda), captured AWS SDK calls under them, EMF metrics for stage
// latencies and sizes, and log lines that carry the correlation id and the article id. The handler runs
// against the real-protocol emulators of handler-harness.ts with the Lambda environment set.
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BYTE_METRICS,
  COUNT_METRICS,
  FUNCTION_DIMENSION,
  STAGES,
  stageLatencyMetric,
} from '../../functions/shared/metric-names.js';
import { s3Record, sqsEvent, startStack, type Stack } from './handler-harness.js';

interface TraceDocument {
  id: string;
  name: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  annotations?: Record<string, unknown>;
  aws?: { operation?: string };
}

let stack: Stack;
let daemon: dgram.Socket;
const traces: TraceDocument[] = [];
const stdout: string[] = [];
let restoreStdout: () => void;

beforeAll(async () => {
  stack = await startStack();
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (message) => {
    // Each datagram: a header line, then one segment document.
    const [, body] = message.toString('utf8').split('\n');
    if (body) traces.push(JSON.parse(body) as TraceDocument);
  });
  await new Promise<void>((done) => daemon.bind(0, '127.0.0.1', () => done()));
  // The Lambda environment (what the runtime sets), tracing and metrics on, logs at INFO.
  Object.assign(process.env, {
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: 'ProcessArticleFunction',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    POWERTOOLS_TRACE_ENABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  };
  restoreStdout = () => (process.stdout.write = write);

  const { handler } = await import('../../functions/process-article/handler.js');
  const article = await readFile(new URL('../../examples/belarus-russia-partners.txt', import.meta.url));
  await stack.put('incoming/belarus.txt', article, 'text/plain');
  const result = await handler(
    sqsEvent(s3Record(stack.bucket, 'incoming/belarus.txt', { messageId: 'message-1' })),
  );
  expect(result.batchItemFailures).toEqual([]);
  await new Promise((r) => setTimeout(r, 200)); // UDP delivery
  restoreStdout();
}, 60_000);

afterAll(async () => {
  restoreStdout?.();
  daemon?.close();
  await stack?.stop();
});

const jsonLines = () =>
  stdout
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('process-article in Lambda: traces, metrics, logs', () => {
  it('sends a subsegment per stage under the article, with the SDK calls under their stage', () => {
    const byId = new Map(traces.map((t) => [t.id, t]));
    const article = traces.find((t) => t.name === 'article');
    expect(article?.annotations).toMatchObject({ objectKey: 'incoming/belarus.txt' });
    expect(article?.annotations?.articleId).toMatch(/\S/);
    expect(byId.get(article!.parent_id!)?.name).toBe('## handler');
    for (const stage of STAGES) {
      const subsegments = traces.filter((t) => t.name === stage);
      expect(subsegments.length, stage).toBeGreaterThan(0);
      for (const s of subsegments) {
        // Directly under the article, or (a store call while publishing) under publish.
        expect(['article', 'publish']).toContain(byId.get(s.parent_id!)?.name);
      }
    }
    const sdkCall = (operation: string) =>
      traces.find((t) => t.namespace === 'aws' && t.aws?.operation === operation);
    expect(byId.get(sdkCall('GetObject')!.parent_id!)?.name).toBe('read');
    expect(byId.get(sdkCall('PutEvents')!.parent_id!)?.name).toBe('publish');
    const dynamoParents = traces
      .filter((t) => t.namespace === 'aws' && t.name === 'DynamoDB')
      .map((t) => byId.get(t.parent_id!)?.name);
    expect(dynamoParents.length).toBeGreaterThan(0);
    expect(new Set(dynamoParents)).toEqual(new Set(['store']));
  });

  it('writes EMF metrics: counts, one latency per stage and the sizes, by function', () => {
    const emf = jsonLines().find((l) => l._aws);
    const aws = emf?._aws as {
      CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
    };
    const names = aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name);
    expect(names).toEqual(
      expect.arrayContaining([
        COUNT_METRICS.articlesProcessed,
        ...STAGES.map(stageLatencyMetric),
        ...Object.values(BYTE_METRICS),
      ]),
    );
    expect(aws.CloudWatchMetrics[0]!.Dimensions[0]).toEqual(
      expect.arrayContaining(['service', FUNCTION_DIMENSION]),
    );
    expect(emf![FUNCTION_DIMENSION]).toBe('ProcessArticleFunction');
    expect(emf!.AnalyseLatency).toBeGreaterThan(0);
    expect(emf!.ObjectBytes).toBeGreaterThan(1000);
  });

  it('logs every line about the article with its correlation id and article id', () => {
    const logs = jsonLines().filter((l) => l.level);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).toMatchObject({ correlation_id: 'message-1', articleId: expect.stringMatching(/\S/) });
    }
    expect(logs.map((l) => l.message)).toContain('Article processed');
  });
});
