// One-line subscriptions to the pipeline's events: a rule on the pipeline's bus that matches one
// detail type (and optionally a pattern on its detail) and sends to a target.
//
//   pipeline.onStatementProcessed('LukashenkoQuotes', new targets.SqsQueue(queue), {
//     pattern: { quotes: { speaker: { name: ['Alexander Lukashenko'] } } },
//   });
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import {
  DETAIL_TYPES,
  EVENT_SOURCE,
  type ArticleFailedDetail,
  type ArticleProcessedDetail,
  type DetailType,
  type StatementProcessedDetail,
} from '../../events/schemas.js';

/** A leaf condition of an EventBridge pattern: a value, or an operator object ({ prefix: … }). */
type Condition = string | number | boolean | null | Record<string, unknown>;

/**
 * An EventBridge pattern on a detail of type T: the fields of T (nested objects and arrays of objects
 * as nested patterns, values as a list of conditions), and `$or`. `events.Match.*` helpers fit too.
 */
export type DetailPattern<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends Array<infer E>
    ? E extends object
      ? DetailPattern<E>
      : Condition[]
    : NonNullable<T[K]> extends object
      ? DetailPattern<NonNullable<T[K]>>
      : Condition[];
} & { $or?: Array<DetailPattern<T>> };

export interface SubscriptionOptions<T> {
  /** Pattern on the event's `detail`; without it every event of the type matches. */
  readonly pattern?: DetailPattern<T>;
  /**
   * Where the rule is created; default: the pipeline's stack. Give the consumer's own stack (or a
   * construct in it) when the target lives there: the rule then depends on the bus, not the other
   * way round, so the stacks form no cycle.
   */
  readonly scope?: Construct;
  readonly ruleName?: string;
  readonly description?: string;
  /** Default true. */
  readonly enabled?: boolean;
}

/** Subscriptions to the pipeline's three event types on its bus. */
export class PipelineSubscriptions {
  /** For consumers in another CDK app: subscribe to a deployed pipeline's bus by name. */
  static fromEventBusName(scope: Construct, id: string, eventBusName: string): PipelineSubscriptions {
    return new PipelineSubscriptions(scope, events.EventBus.fromEventBusName(scope, id, eventBusName));
  }

  constructor(
    private readonly scope: Construct,
    readonly eventBus: events.IEventBus,
  ) {}

  /** One event per statement of a processed article (its quotes, speakers and entities). */
  onStatementProcessed(
    id: string,
    target: events.IRuleTarget,
    options: SubscriptionOptions<StatementProcessedDetail> = {},
  ): events.Rule {
    return this.subscribe(DETAIL_TYPES.statementProcessed, id, target, options);
  }

  /** One event per processed article, after its statements. */
  onArticleProcessed(
    id: string,
    target: events.IRuleTarget,
    options: SubscriptionOptions<ArticleProcessedDetail> = {},
  ): events.Rule {
    return this.subscribe(DETAIL_TYPES.articleProcessed, id, target, options);
  }

  /** One event per upload that could not be processed. */
  onArticleFailed(
    id: string,
    target: events.IRuleTarget,
    options: SubscriptionOptions<ArticleFailedDetail> = {},
  ): events.Rule {
    return this.subscribe(DETAIL_TYPES.articleFailed, id, target, options);
  }

  /** The full event pattern of a subscription (also what `article-pipeline events --pattern` takes). */
  static eventPattern<T>(detailType: DetailType, pattern?: DetailPattern<T>): events.EventPattern {
    return {
      source: [EVENT_SOURCE],
      detailType: [detailType],
      ...(pattern ? { detail: pattern } : {}),
    };
  }

  private subscribe<T>(
    detailType: DetailType,
    id: string,
    target: events.IRuleTarget,
    options: SubscriptionOptions<T>,
  ): events.Rule {
    return new events.Rule(options.scope ?? this.scope, id, {
      eventBus: this.eventBus,
      eventPattern: PipelineSubscriptions.eventPattern(detailType, options.pattern),
      targets: [target],
      description: options.description ?? `article-pipeline ${detailType} events`,
      ...(options.ruleName ? { ruleName: options.ruleName } : {}),
      ...(options.enabled === false ? { enabled: false } : {}),
    });
  }
}
