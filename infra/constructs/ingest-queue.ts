import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface IngestQueueProps {
  /** Timeout of the function consuming the queue; the visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount?: number;
}

/** Receives before a message is given up on and moved to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/** AWS guidance for SQS → Lambda: visibility timeout at least 6× the function timeout, so retries
 * of a throttled batch do not make the message visible again while it is still being processed. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** S3 notification queue feeding process-article, with its dead-letter queue. SSE-SQS (S3 can
 * publish to it without a KMS key policy) and TLS-only queue policies on both. */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVE_COUNT,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
