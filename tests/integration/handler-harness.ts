// Real-protocol emulators for the handler and storage integration tests, started on free ports:
// s3rver (S3), dynalite (DynamoDB) and a minimal PutEvents endpoint (EventBridge). The code under test
// reaches them only through the SDK's standard AWS_ENDPOINT_URL_* variables.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { tableDefinition } from '../../shared/adapters/dynamodb/create-table.js';

const require = createRequire(import.meta.url);
type Closable = { close(cb: (err?: Error) => void): void };
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => Closable & {
  run(): Promise<AddressInfo>;
};
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName?: string;
}
export interface ReceivedEvent {
  source: string;
  detailType: string;
  busName: string | undefined;
  detail: { eventId: string; [k: string]: unknown };
}

/** Decides per entry whether the fake bus rejects it (failure injection); null accepts. */
export type EntryFailureInjector = (entry: PutEventsEntry) => string | null;

export interface Stack {
  bucket: string;
  tableName: string;
  busName: string;
  s3: S3Client;
  events: ReceivedEvent[];
  putEventsCalls: number;
  /** Reject entries (per-entry partial failure) or, with 'http', fail whole requests with HTTP 500. */
  failEvents: EntryFailureInjector | 'http' | null;
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Closable): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startStack(): Promise<Stack> {
  const bucket = 'articles';
  const tableName = 'article-pipeline';
  const busName = 'article-pipeline-bus';
  const dir = await mkdtemp(join(tmpdir(), 'handler-it-'));

  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const s3Port = (await s3rver.run()).port;
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynamo);

  const stack: Stack = {
    bucket,
    tableName,
    busName,
    s3: undefined as unknown as S3Client,
    events: [],
    putEventsCalls: 0,
    failEvents: null,
    put: async () => undefined,
    stop: async () => undefined,
  };
  const bus = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stack.putEventsCalls++;
      if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents' || stack.failEvents === 'http') {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InternalException', message: 'injected' }));
        return;
      }
      const { Entries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: PutEventsEntry[] };
      const inject = stack.failEvents;
      const results = Entries.map((entry) => {
        const code = inject ? inject(entry) : null;
        if (code) return { ErrorCode: code, ErrorMessage: 'injected failure' };
        stack.events.push({
          source: entry.Source,
          detailType: entry.DetailType,
          busName: entry.EventBusName,
          detail: JSON.parse(entry.Detail) as ReceivedEvent['detail'],
        });
        return { EventId: `ev-${stack.events.length}` };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
          Entries: results,
        }),
      );
    });
  });
  const busPort = await listen(bus);

  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${dynamoPort}`,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${busPort}`,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    S3_FORCE_PATH_STYLE: 'true',
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: busName,
    // As the CDK stack configures the function: claim checks under results/ in the articles bucket.
    RESULTS_BUCKET: bucket,
    RESULTS_PREFIX: 'results/',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });

  const s3 = new S3Client({ forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const ddb = new DynamoDBClient({});
  await ddb.send(new CreateTableCommand(tableDefinition(tableName)));
  ddb.destroy();

  stack.s3 = s3;
  stack.put = async (key, body, contentType) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  };
  stack.stop = async () => {
    s3.destroy();
    bus.closeAllConnections();
    await Promise.all([close(s3rver), close(dynamo), close(bus)]);
    await rm(dir, { recursive: true, force: true });
  };
  return stack;
}

let messageCounter = 0;

/** An SQS record carrying an S3 event notification, as S3 sends it (key URL-encoded unless `rawKey`). */
export function s3Record(
  bucket: string,
  key: string,
  opts: { rawKey?: boolean; messageId?: string; eventName?: string; sequencer?: string } = {},
): SQSRecord {
  const encodedKey = opts.rawKey ? key : encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
  const body = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: opts.eventName ?? 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodedKey, size: 1, ...(opts.sequencer ? { sequencer: opts.sequencer } : {}) },
        },
      },
    ],
  };
  return sqsRecord(JSON.stringify(body), opts.messageId);
}

export function sqsRecord(body: string, messageId = `msg-${++messageCounter}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:article-pipeline-incoming',
    awsRegion: 'us-east-1',
  };
}

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
