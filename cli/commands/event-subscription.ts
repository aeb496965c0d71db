// A temporary subscription to an EventBridge bus, the way a consumer subscribes on AWS: a queue of
// its own, a queue policy that lets the rule (and only the rule) send to it, a rule with the event
// pattern, and the queue as the rule's target. The same calls work against the embedded stack's
// bus and fauxqs and against a deployed stack. close() removes all of it.
import {
  DeleteRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { randomBytes } from 'node:crypto';

export interface SubscriptionOptions {
  eventBridge: EventBridgeClient;
  sqs: SQSClient;
  eventBusName: string;
  /** EventBridge event pattern (JSON text). */
  pattern: string;
  /** Prefix of the rule and queue names (a random suffix follows). */
  namePrefix?: string;
  /** Seconds a receive waits for messages (20 on AWS; shorter stops Ctrl-C sooner locally). */
  waitTimeSeconds?: number;
}

const TARGET_ID = 'follower';

export class TemporarySubscription {
  readonly name: string;
  private queueUrl: string | null = null;
  private queueArn: string | null = null;
  private ruleArn: string | null = null;
  private targetPut = false;

  private constructor(private readonly options: SubscriptionOptions) {
    // Rule names allow 64 characters of [.-_A-Za-z0-9]; queue names 80 of [-_A-Za-z0-9].
    this.name = `${options.namePrefix ?? 'article-pipeline-events'}-${randomBytes(4).toString('hex')}`;
  }

  /** Creates queue, policy, rule and target; on failure removes what it created and throws. */
  static async open(options: SubscriptionOptions): Promise<TemporarySubscription> {
    const subscription = new TemporarySubscription(options);
    try {
      await subscription.create();
    } catch (err) {
      await subscription.close().catch(() => undefined);
      throw err;
    }
    return subscription;
  }

  private async create(): Promise<void> {
    const { eventBridge, sqs, eventBusName, pattern } = this.options;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: this.name,
        // A follower that dies without cleaning up leaves a queue that empties itself within the hour.
        Attributes: { MessageRetentionPeriod: '3600', SqsManagedSseEnabled: 'true' },
      }),
    );
    this.queueUrl = QueueUrl ?? null;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    this.queueArn = Attributes?.QueueArn ?? null;
    if (!this.queueUrl || !this.queueArn) throw new Error(`Could not create the queue ${this.name}.`);

    const { RuleArn } = await eventBridge.send(
      new PutRuleCommand({
        Name: this.name,
        EventBusName: eventBusName,
        EventPattern: pattern,
        State: 'ENABLED',
        Description: 'Temporary rule of `article-pipeline events --follow`; removed when it exits.',
      }),
    );
    this.ruleArn = RuleArn ?? null;
    if (!this.ruleArn) throw new Error(`Could not create the rule ${this.name}.`);

    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: this.queueUrl,
        Attributes: { Policy: JSON.stringify(queuePolicy(this.queueArn, this.ruleArn)) },
      }),
    );
    const { FailedEntryCount, FailedEntries } = await eventBridge.send(
      new PutTargetsCommand({
        Rule: this.name,
        EventBusName: eventBusName,
        Targets: [{ Id: TARGET_ID, Arn: this.queueArn }],
      }),
    );
    if (FailedEntryCount)
      throw new Error(`PutTargets failed: ${FailedEntries?.[0]?.ErrorMessage ?? 'unknown error'}`);
    this.targetPut = true;
  }

  /**
   * Receives events until `signal` aborts, calling `onEvent` with each message body (the event
   * JSON) in the order received; a message is deleted after onEvent returns.
   */
  async receive(onEvent: (body: string) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    const { sqs } = this.options;
    while (!signal.aborted) {
      let messages: Message[];
      try {
        ({ Messages: messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queueUrl!,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
          }),
          { abortSignal: signal },
        ));
      } catch (err) {
        if (signal.aborted) return;
        throw err;
      }
      for (const message of messages) await onEvent(message.Body ?? '');
      if (messages.length) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.queueUrl!,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
  }

  /** Removes target, rule and queue (whatever exists). Returns what could not be removed. */
  async close(): Promise<string[]> {
    const { eventBridge, sqs, eventBusName } = this.options;
    const left: string[] = [];
    const attempt = async (what: string, action: () => Promise<unknown>) => {
      try {
        await action();
      } catch (err) {
        left.push(`${what} (${err instanceof Error ? err.message : String(err)})`);
      }
    };
    if (this.targetPut) {
      await attempt(`target of rule ${this.name}`, () =>
        eventBridge.send(
          new RemoveTargetsCommand({ Rule: this.name, EventBusName: eventBusName, Ids: [TARGET_ID] }),
        ),
      );
      this.targetPut = false;
    }
    if (this.ruleArn) {
      await attempt(`rule ${this.name} on bus ${eventBusName}`, () =>
        eventBridge.send(new DeleteRuleCommand({ Name: this.name, EventBusName: eventBusName })),
      );
      this.ruleArn = null;
    }
    if (this.queueUrl) {
      const queueUrl = this.queueUrl;
      await attempt(`queue ${queueUrl}`, () => sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })));
      this.queueUrl = null;
    }
    return left;
  }
}

/** Only EventBridge, on behalf of this rule, may send to the queue. */
export function queuePolicy(queueArn: string, ruleArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EventBridgeRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
    ],
  };
}
