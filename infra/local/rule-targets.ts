// Delivery of matched events to rule targets on the local bus: what EventBridge does after a rule
// matches. Targets are SQS queues (`arn:aws:sqs:<region>:<account>:<name>`, sent through the SQS
// API of the local fauxqs) and HTTP endpoints (`http://…` / `https://…`, a local stand-in for API
// destinations: the event is POSTed as JSON). Input, InputPath and InputTransformer shape the
// payload as on AWS; failed deliveries are retried with backoff and then sent to the target's
// dead-letter queue when it has one.
import { SendMessageCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A target as PutTargets stores it (the subset of fields the local bus acts on is typed). */
export interface RuleTarget {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  SqsParameters?: { MessageGroupId?: string };
  HttpParameters?: {
    HeaderParameters?: Record<string, string>;
    QueryStringParameters?: Record<string, string>;
  };
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  [field: string]: unknown;
}

/** What a delivery needs to know about the rule that matched. */
export interface MatchedRule {
  name: string;
  arn: string;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** False for errors a retry cannot fix (no such queue, a 4xx answer). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const SQS_ARN = /^arn:aws[a-z-]*:sqs:([^:]+):(\d{12}):([^:]+)$/;

/** True for target ARNs the local bus can deliver to. */
export function isDeliverableTarget(arn: string): boolean {
  return SQS_ARN.test(arn) || /^https?:\/\/[^\s]+$/.test(arn);
}

/** `$.detail.quotes[0].speaker` → the value at that path (undefined when absent). */
export function valueAtPath(root: unknown, path: string): unknown {
  if (path === '$') return root;
  if (!path.startsWith('$')) throw new Error(`Invalid JSON path ${path}.`);
  const steps = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)];
  let value = root;
  for (const [, name, index, quoted] of steps) {
    if (value === null || typeof value !== 'object') return undefined;
    const key = name ?? quoted ?? Number(index);
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * Fills an InputTransformer template: `<name>` inside a JSON string takes the value's text, outside
 * a string its JSON. Also knows EventBridge's predefined `<aws.events.*>` variables.
 */
export function renderTemplate(
  template: string,
  paths: Record<string, string>,
  event: unknown,
  rule: MatchedRule,
): string {
  const variables: Record<string, unknown> = {
    'aws.events.rule-arn': rule.arn,
    'aws.events.rule-name': rule.name,
    'aws.events.event.ingestion-time': (event as { time?: unknown }).time,
    'aws.events.event': event,
    'aws.events.event.json': event,
  };
  for (const [name, path] of Object.entries(paths)) variables[name] = valueAtPath(event, path);
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && inString) {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    const placeholder = c === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i)) : null;
    if (placeholder && placeholder[1]! in variables) {
      const value = variables[placeholder[1]!];
      const json = JSON.stringify(value ?? null);
      out += inString
        ? typeof value === 'string'
          ? JSON.stringify(value).slice(1, -1)
          : json.replace(/"/g, '\\"')
        : json;
      i += placeholder[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** The payload a target receives for an event. */
export function targetPayload(target: RuleTarget, event: unknown, rule: MatchedRule): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(valueAtPath(event, target.InputPath) ?? null);
  if (target.InputTransformer)
    return renderTemplate(
      target.InputTransformer.InputTemplate,
      target.InputTransformer.InputPathsMap ?? {},
      event,
      rule,
    );
  return JSON.stringify(event);
}

interface SendExtras {
  messageGroupId?: string;
  dedupId?: string;
  /** SQS message attributes (string values). */
  attributes?: Record<string, string>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface TargetSenderOptions {
  /** SQS client of the local stack (explicit endpoint). */
  sqs?: SQSClient;
}

/** Sends one payload to one target ARN; throws DeliveryError. */
export class TargetSender {
  private readonly queueUrls = new Map<string, string>();

  constructor(private readonly options: TargetSenderOptions) {}

  async send(arn: string, payload: string, extra: SendExtras = {}): Promise<void> {
    const sqsArn = SQS_ARN.exec(arn);
    if (sqsArn) return this.sendToQueue(sqsArn[3]!, sqsArn[2]!, payload, extra);
    if (/^https?:\/\//.test(arn)) return this.post(arn, payload, extra);
    throw new DeliveryError(`The local bus cannot deliver to ${arn}.`, false);
  }

  private async sendToQueue(
    name: string,
    account: string,
    payload: string,
    extra: SendExtras,
  ): Promise<void> {
    const sqs = this.options.sqs;
    if (!sqs) throw new DeliveryError('The local bus has no SQS endpoint to deliver to.', false);
    const key = `${account}/${name}`;
    let queueUrl = this.queueUrls.get(key);
    try {
      if (!queueUrl) {
        ({ QueueUrl: queueUrl } = await sqs.send(
          new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
        ));
        if (!queueUrl) throw new Error(`No URL for queue ${name}.`);
        this.queueUrls.set(key, queueUrl);
      }
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: payload,
          ...(extra.attributes
            ? {
                MessageAttributes: Object.fromEntries(
                  Object.entries(extra.attributes).map(([k, v]) => [
                    k,
                    { DataType: 'String', StringValue: v },
                  ]),
                ),
              }
            : {}),
          ...(name.endsWith('.fifo')
            ? { MessageGroupId: extra.messageGroupId, MessageDeduplicationId: extra.dedupId }
            : {}),
        }),
      );
    } catch (err) {
      this.queueUrls.delete(key);
      const code = (err as { name?: string }).name ?? '';
      const gone = /NonExistentQueue|QueueDoesNotExist/.test(code);
      throw new DeliveryError(
        gone ? `Queue ${name} does not exist.` : `SQS ${code || 'error'}: ${(err as Error).message}`,
        !gone,
      );
    }
  }

  private async post(url: string, payload: string, extra: SendExtras): Promise<void> {
    const target = new URL(url);
    for (const [name, value] of Object.entries(extra.query ?? {})) target.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...extra.headers },
        body: payload,
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
    } catch (err) {
      throw new DeliveryError(`POST ${url} failed: ${(err as Error).message}`, true);
    }
    if (!response.ok) {
      // As for API destinations: 429 and 5xx are retried, other 4xx are not.
      const retryable = response.status === 429 || response.status >= 500;
      throw new DeliveryError(`POST ${url} answered ${response.status}.`, retryable);
    }
  }
}

export interface DeliveryFailure {
  rule: MatchedRule;
  target: RuleTarget;
  eventId: string;
  error: DeliveryError;
  /** Where the event went instead (the target's dead-letter queue), if anywhere. */
  deadLetteredTo?: string;
}

export interface RuleTargetDeliveryOptions extends TargetSenderOptions {
  /** Retries after the first attempt when a target's RetryPolicy sets none (local default: 5). */
  defaultRetryAttempts?: number;
  /** First retry delay; doubles each time, up to 5 s. */
  retryBaseDelayMs?: number;
  onFailure?: (failure: DeliveryFailure) => void;
}

/**
 * Delivers matched events to targets: one ordered chain per target (so a follower sees events in
 * the order the bus accepted them), with retries and dead-lettering.
 */
export class RuleTargetDelivery {
  private readonly sender: TargetSender;
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: RuleTargetDeliveryOptions = {}) {
    this.sender = new TargetSender(options);
  }

  deliver(rule: MatchedRule, target: RuleTarget, event: { id: string }): void {
    const key = `${rule.arn}|${target.Id}`;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.deliverWithRetries(rule, target, event));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Resolves when every delivery started so far has succeeded or failed for good. */
  async flush(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  /** Stops retrying; pending deliveries end at their next attempt. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.flush();
  }

  private async deliverWithRetries(rule: MatchedRule, target: RuleTarget, event: { id: string }) {
    let payload: string;
    try {
      payload = targetPayload(target, event, rule);
    } catch (err) {
      return this.failed(rule, target, event, new DeliveryError((err as Error).message, false));
    }
    const extra = {
      messageGroupId: target.SqsParameters?.MessageGroupId,
      dedupId: event.id,
      headers: target.HttpParameters?.HeaderParameters,
      query: target.HttpParameters?.QueryStringParameters,
    };
    const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? this.options.defaultRetryAttempts ?? 5;
    const baseDelay = this.options.retryBaseDelayMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sender.send(target.Arn, payload, extra);
        return;
      } catch (err) {
        const error = err instanceof DeliveryError ? err : new DeliveryError(String(err), true);
        if (!error.retryable || attempt >= maxRetries || this.stopped)
          return this.failed(rule, target, event, error);
        await new Promise((r) => setTimeout(r, Math.min(5_000, baseDelay * 2 ** attempt)));
      }
    }
  }

  private async failed(rule: MatchedRule, target: RuleTarget, event: { id: string }, error: DeliveryError) {
    const failure: DeliveryFailure = { rule, target, eventId: event.id, error };
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq) {
      try {
        // As EventBridge does: the original event, the reason in the failure record.
        await this.sender.send(dlq, JSON.stringify(event), {
          attributes: {
            RULE_ARN: rule.arn,
            TARGET_ARN: target.Arn,
            ERROR_MESSAGE: error.message.slice(0, 1000),
          },
        });
        failure.deadLetteredTo = dlq;
      } catch {
        // Reported below without deadLetteredTo.
      }
    }
    this.options.onFailure?.(failure);
  }
}
