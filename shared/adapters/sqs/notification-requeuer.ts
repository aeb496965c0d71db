import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SourceRef } from '../../app/ports.js';
import type { NotificationRequeuer } from '../../app/reconcile.js';
import { objectCreatedNotification } from '../s3/event-notification.js';

/** Sends objects' ObjectCreated notifications to the ingest queue, 10 a request. */
export class SqsNotificationRequeuer implements NotificationRequeuer {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly principal = 'article-pipeline:reconcile',
  ) {}

  async requeue(sources: SourceRef[]): Promise<void> {
    for (let i = 0; i < sources.length; i += 10) {
      const batch = sources.slice(i, i + 10);
      const sent = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((s, n) => ({
            Id: String(n),
            MessageBody: objectCreatedNotification(s, this.principal),
          })),
        }),
      );
      if (sent.Failed?.length)
        throw new Error(
          `${sent.Failed.length} of ${batch.length} notification(s) could not be queued: ${sent.Failed[0]?.Message ?? ''}`,
        );
    }
  }
}
