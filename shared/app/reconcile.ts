// Application service: reconcile what the bucket holds with what the table says, and re-enqueue what
// fell through the cracks. S3 notifications are at-least-once only while every hop works: a crash of the
// local stack before a notification was queued, a message that expired or was purged from a queue, an
// article left PROCESSING by a killed attempt whose message is gone. Reconcile finds
//   - objects under the incoming prefix with no terminal record for their current content: no source
//     item, a source still PROCESSING (its announcement is pending), a source recorded for an older
//     version of the object (another ETag, or modified after the record was written), or a source
//     DELETED while the object exists again;
//   - articles PROCESSING whose lease has expired (or was released) a while ago,
// and sends each object's S3 notification again. Re-enqueueing is idempotent: the handler finds an
// already-processed text PROCESSED and stores or publishes nothing new (process-article.ts, step 2).
import type { ArticleRepository, SourceRef } from './ports.js';

/** An object as a bucket listing returns it. */
export interface ListedObject {
  key: string;
  eTag: string | null;
  lastModified: Date | null;
}

export interface ObjectLister {
  /** Every object under the prefix (all pages). */
  list(bucket: string, prefix: string): AsyncIterable<ListedObject>;
}

/** An article head left PROCESSING with no live lease. */
export interface StuckArticle {
  articleId: string;
  source: SourceRef | null;
  /** When its lease ran out (null: released, or never set). */
  leaseUntil: string | null;
  updatedAt: string;
}

export interface ReconcileRepository extends Pick<ArticleRepository, 'getSource'> {
  /** Articles PROCESSING whose lease ended before `now` (or that hold none). */
  stuckArticles(now: string): AsyncIterable<StuckArticle>;
}

/** Sends the S3 notification of each object again (to the ingest queue). */
export interface NotificationRequeuer {
  requeue(sources: SourceRef[]): Promise<void>;
}

export type ReconcileReason =
  /** No source item: the notification never arrived or its message was lost. */
  | 'unrecorded'
  /** Source PROCESSING: processing or its announcement was interrupted. */
  | 'interrupted'
  /** The source item is about an older version of the object. */
  | 'changed'
  /** The source was recorded DELETED, but an object is there again. */
  | 'reuploaded'
  /** Its article has been PROCESSING past its lease. */
  | 'expired-lease';

export interface ReconcileItem extends SourceRef {
  reason: ReconcileReason;
  articleId?: string;
}

export interface ReconcileOptions {
  bucket: string;
  incomingPrefix: string;
  /**
   * Leave alone objects modified, and articles whose lease ended, less than this long ago: their
   * notification is probably still queued or being retried. 0 when nothing can be in flight (on start).
   */
  minAgeMs: number;
  /** Object keys whose notification is known to be queued already (skipped). */
  queuedKeys?: ReadonlySet<string>;
  /** Report what would be re-enqueued without sending anything. */
  dryRun?: boolean;
}

export interface ReconcileDeps {
  objects: ObjectLister;
  repo: ReconcileRepository;
  requeuer: NotificationRequeuer;
  clock: { now(): Date };
}

export interface ReconcileReport {
  /** Objects listed under the prefix. */
  objects: number;
  /** What was (or, with dryRun, would be) re-enqueued, each object once. */
  requeued: ReconcileItem[];
  /** Candidates left alone because they are recent or already queued. */
  skipped: number;
}

/** What an operator's reconcile leaves alone by default: changed in the last 5 minutes, maybe queued. */
export const DEFAULT_RECONCILE_MIN_AGE_MS = 5 * 60_000;

/** One line for logs: how many were re-enqueued, by reason. */
export function describeReconcile(report: ReconcileReport, dryRun = false): string {
  const byReason = new Map<string, number>();
  for (const item of report.requeued) byReason.set(item.reason, (byReason.get(item.reason) ?? 0) + 1);
  const reasons = [...byReason].map(([reason, n]) => `${n} ${reason}`).join(', ');
  return (
    `${dryRun ? 'would re-enqueue' : 're-enqueued'} ${report.requeued.length} of ${report.objects} object(s)` +
    (reasons ? ` (${reasons})` : '') +
    (report.skipped ? `; left ${report.skipped} recent or already queued` : '')
  );
}

const unquote = (eTag: string | null | undefined) => (eTag ? eTag.replace(/^"|"$/g, '') : null);

/** Why the object needs processing, or null when its source item is terminal for this content. */
export function reasonFor(
  object: ListedObject,
  record: Awaited<ReturnType<ReconcileRepository['getSource']>>,
): ReconcileReason | null {
  if (!record) return 'unrecorded';
  if (record.status === 'PROCESSING') return 'interrupted';
  if (record.status === 'DELETED') return 'reuploaded';
  const listed = unquote(object.eTag);
  const recorded = unquote(record.eTag);
  if (listed && recorded) return listed === recorded ? null : 'changed';
  // No ETag on record (a failure before the object was read): compare times instead.
  if (object.lastModified && object.lastModified.getTime() > Date.parse(record.updatedAt)) return 'changed';
  return null;
}

const REQUEUE_BATCH = 10;

export async function reconcile(opts: ReconcileOptions, deps: ReconcileDeps): Promise<ReconcileReport> {
  const now = deps.clock.now();
  const settled = now.getTime() - opts.minAgeMs;
  const chosen = new Map<string, ReconcileItem>();
  let objects = 0;
  let skipped = 0;
  const consider = (item: ReconcileItem, since: number | null) => {
    if (chosen.has(item.key)) return;
    if (opts.queuedKeys?.has(item.key) || (since !== null && since > settled)) skipped += 1;
    else chosen.set(item.key, item);
  };

  for await (const object of deps.objects.list(opts.bucket, opts.incomingPrefix)) {
    if (object.key.endsWith('/')) continue; // "folder" placeholders are not articles
    objects += 1;
    const reason = reasonFor(object, await deps.repo.getSource(opts.bucket, object.key));
    if (reason)
      consider({ bucket: opts.bucket, key: object.key, reason }, object.lastModified?.getTime() ?? null);
  }
  for await (const stuck of deps.repo.stuckArticles(now.toISOString())) {
    const source = stuck.source;
    if (!source?.key || source.bucket !== opts.bucket || !source.key.startsWith(opts.incomingPrefix))
      continue;
    consider(
      { ...source, reason: 'expired-lease', articleId: stuck.articleId },
      Date.parse(stuck.leaseUntil ?? stuck.updatedAt),
    );
  }

  const requeued = [...chosen.values()];
  if (!opts.dryRun) {
    for (let i = 0; i < requeued.length; i += REQUEUE_BATCH) {
      await deps.requeuer.requeue(
        requeued.slice(i, i + REQUEUE_BATCH).map(({ bucket, key }) => ({ bucket, key })),
      );
    }
  }
  return { objects, requeued, skipped };
}
