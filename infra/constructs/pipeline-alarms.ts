import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineMetrics } from './pipeline-metrics.js';

export interface PipelineAlarmsProps {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
  /** Existing topic to notify; without it the construct creates one (encrypted, TLS only). */
  readonly alarmTopic?: sns.ITopic;
  /** Subscribed to the created topic (a confirmation mail is sent on deployment). */
  readonly alarmEmail?: string;
  /** Alarm when the oldest queued article has waited longer than this (default 15 minutes). */
  readonly maxMessageAge?: Duration;
  /** Alarm when more than this percentage of finished articles failed over 15 minutes (default 10). */
  readonly maxFailedArticlePercent?: number;
  /** Removal of the created topic's key (RETAIN with the data in production). */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * "Something needs a human": an article gave up in the DLQ, the queue is falling behind, the function
 * crashes or is throttled, or too many articles fail. Every alarm notifies the topic, on alarm and on OK.
 */
export class PipelineAlarms extends Construct {
  readonly topic: sns.ITopic;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly oldestMessageAlarm: cloudwatch.Alarm;
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;
  readonly failedArticleRateAlarm: cloudwatch.Alarm;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.topic = props.alarmTopic ?? this.createTopic(props);
    const metrics = new PipelineMetrics(props.function);
    const maxAge = props.maxMessageAge ?? Duration.minutes(15);

    const alarm = (name: string, description: string, metric: cloudwatch.IMetric, threshold = 0) =>
      new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.deadLetterAlarm = alarm(
      'DeadLetterMessages',
      'Articles could not be processed after all retries and are in the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    this.oldestMessageAlarm = alarm(
      'OldestMessageAge',
      `An article has waited more than ${maxAge.toHumanString()} in the ingest queue: processing is falling behind or stuck.`,
      props.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      maxAge.toSeconds(),
    );
    // Per-record failures are reported as batch item failures, not errors: an error here means the
    // function itself crashed or timed out.
    this.functionErrorsAlarm = alarm(
      'FunctionErrors',
      'process-article invocations failed (crash, timeout or out of memory).',
      props.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    );
    this.throttlesAlarm = alarm(
      'FunctionThrottles',
      'process-article invocations were throttled (account or reserved concurrency exhausted).',
      props.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    );
    const maxFailed = props.maxFailedArticlePercent ?? 10;
    this.failedArticleRateAlarm = alarm(
      'FailedArticleRate',
      `More than ${maxFailed}% of the articles finished in 15 minutes failed (Article Failed): bad input at the source, or a regression.`,
      metrics.failedArticleRate(),
      maxFailed,
    );

    this.alarms = [
      this.deadLetterAlarm,
      this.oldestMessageAlarm,
      this.functionErrorsAlarm,
      this.throttlesAlarm,
      this.failedArticleRateAlarm,
    ];
    const action = new actions.SnsAction(this.topic);
    for (const a of this.alarms) {
      a.addAlarmAction(action);
      a.addOkAction(action);
    }
  }

  /** SNS topic with a customer-managed key CloudWatch may use (the AWS-managed SNS key does not allow it). */
  private createTopic(props: PipelineAlarmsProps): sns.Topic {
    const key = new kms.Key(this, 'TopicKey', {
      description: 'article-pipeline: encrypts the alarm notification topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'article-pipeline alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    return topic;
  }
}
