// Lambda's SQS event source mapping, locally: long-polls the queue, hands batches to the handler
// as real SQSEvent records with a Lambda-like context, deletes what succeeded and leaves the rest
// (the whole batch when the handler throws; the listed ones with ReportBatchItemFailures) to
// become visible again after the visibility timeout. The queue's RedrivePolicy moves a message to
// the DLQ after maxReceiveCount receives, as in AWS.
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | void> | SQSBatchResponse | void;

export interface InvocationReport {
  messageIds: string[];
  failedMessageIds: string[];
  error: unknown;
  ms: number;
}

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsHandler;
  functionName?: string;
  batchSize?: number;
  /** Long-poll wait per ReceiveMessage (s). */
  waitTimeSeconds?: number;
  /** The function timeout the context reports (getRemainingTimeInMillis). */
  timeoutMs?: number;
  onInvoke?: (report: InvocationReport) => void;
  onError?: (err: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SqsEventSource {
  private running = false;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  private invoking = false;

  constructor(private readonly options: SqsEventSourceOptions) {}

  /** True while the handler is running a batch. */
  get busy(): boolean {
    return this.invoking;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loop = this.run();
  }

  /** Stops polling; waits for the batch in progress, if any, to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    const { sqs, queueUrl } = this.options;
    while (this.running) {
      let messages: Message[] = [];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: this.options.batchSize ?? 10,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 5,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (err) {
        if (!this.running) break;
        this.options.onError?.(err);
        await sleep(500);
        continue;
      }
      if (messages.length) await this.invoke(messages);
    }
  }

  private async invoke(messages: Message[]): Promise<void> {
    const records = messages.map((m) => this.toRecord(m));
    const started = Date.now();
    let failedIds: string[] = [];
    let error: unknown = null;
    this.invoking = true;
    try {
      const response = await this.options.handler({ Records: records }, this.context(started));
      failedIds = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      // As Lambda does: an identifier that is not in the batch (or empty) fails the whole batch.
      const ids = new Set(records.map((r) => r.messageId));
      if (failedIds.some((id) => !id || !ids.has(id))) failedIds = [...ids];
    } catch (err) {
      // An invocation error retries the whole batch, as Lambda does.
      error = err;
      failedIds = records.map((r) => r.messageId);
    }
    try {
      const done = messages.filter((m) => m.MessageId && !failedIds.includes(m.MessageId));
      if (done.length) {
        const result = await this.options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
        if (result.Failed?.length)
          this.options.onError?.(new Error(`DeleteMessageBatch failed: ${JSON.stringify(result.Failed)}`));
      }
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      this.invoking = false;
    }
    this.options.onInvoke?.({
      messageIds: records.map((r) => r.messageId),
      failedMessageIds: failedIds,
      error,
      ms: Date.now() - started,
    });
  }

  private toRecord(m: Message): SQSRecord {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? 'LOCAL',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [
          name,
          {
            stringValue: v.StringValue,
            binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined,
            stringListValues: v.StringListValues ?? [],
            binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
            dataType: v.DataType ?? 'String',
          },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: this.options.region,
    };
  }

  private context(started: number): Context {
    const functionName = this.options.functionName ?? 'process-article';
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const unsupported = () => {
      throw new Error('Callback-style completion is not supported; return a promise.');
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.options.region}:000000000000:function:${functionName}`,
      memoryLimitInMB: '1024',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
      // The Context type still requires the deprecated callback methods; they throw if called.
      /* eslint-disable @typescript-eslint/no-deprecated */
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
      /* eslint-enable @typescript-eslint/no-deprecated */
    };
  }
}
