// Example consumer (README "Consuming results"): every statement that quotes one speaker, delivered
// to an SQS queue of the consumer's own, from a stack of its own. Deploy it beside the pipeline with
//   npx cdk deploy --all -c speakerQuotesConsumer="Alexander Lukashenko"
// Each message is a Statement Processed event; its detail.quotes whose speaker.name is the speaker
// are the speaker's quotes (a statement may also quote others).
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PipelineSubscriptions } from '../constructs/pipeline-subscriptions.js';

export interface SpeakerQuotesConsumerProps extends StackProps {
  /** The pipeline stack, or PipelineSubscriptions.fromEventBusName(…) for a deployed one. */
  readonly pipeline: Pick<PipelineSubscriptions, 'onStatementProcessed'>;
  /** Canonical speaker name, as in quotes[].speaker.name. */
  readonly speaker: string;
}

export class SpeakerQuotesConsumerStack extends Stack {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SpeakerQuotesConsumerProps) {
    super(scope, id, props);
    // Messages the consumer fails on 5 times, and events EventBridge could not deliver.
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'SpeakerQuotes', {
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    props.pipeline.onStatementProcessed(
      'SpeakerQuotesRule',
      new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue }),
      { pattern: { quotes: { speaker: { name: [props.speaker] } } }, scope: this },
    );
  }
}
