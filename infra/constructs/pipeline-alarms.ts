import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
  /** Existing topic to notify; without it the alarms only change state (visible in the console). */
  readonly alarmTopic?: sns.ITopic;
}

/** "Something needs a human": a message reached the DLQ, or the function itself failed. */
export class PipelineAlarms extends Construct {
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly functionErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterMessages', {
      alarmDescription: 'Articles could not be processed after all retries and are in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Per-record failures are reported as batch item failures, not errors: an error here means the
    // function itself crashed or timed out.
    this.functionErrorsAlarm = new cloudwatch.Alarm(this, 'FunctionErrors', {
      alarmDescription: 'process-article invocations failed (crash, timeout or out of memory).',
      metric: props.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const alarm of [this.deadLetterAlarm, this.functionErrorsAlarm]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
