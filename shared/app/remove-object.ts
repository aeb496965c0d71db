// Application service for s3:ObjectRemoved: the object is gone, so its article's results go too when no
// other object holds the same text (ON_OBJECT_REMOVED=delete, the default), or stay queryable
// (keep) with the source recorded as DELETED. Idempotent under redelivery.
import { retire, type ProcessArticleDeps } from './process-article.js';
import type { SourceRecord } from './ports.js';

export type ObjectRemovedPolicy = 'delete' | 'keep';

export interface RemovedObjectRef {
  bucket: string;
  /** The keys the notification's key may stand for (URL-encoded by S3, raw from emulators). */
  keys: string[];
  /** S3's sequencer of the removal (tells one removal from a later one of the same key). */
  sequencer?: string;
}

export type RemoveOutcome =
  | { status: 'IGNORED'; reason: 'unknown-object' | 'already-deleted' }
  | { status: 'DELETED'; key: string; articleId: string | null; articleRemoved: boolean };

export async function removeObject(
  ref: RemovedObjectRef,
  deps: Pick<ProcessArticleDeps, 'repo' | 'events' | 'clock' | 'logger'>,
  policy: ObjectRemovedPolicy = 'delete',
): Promise<RemoveOutcome> {
  let record: SourceRecord | null = null;
  for (const key of ref.keys) {
    record = await deps.repo.getSource(ref.bucket, key);
    if (record) break;
  }
  if (!record) return { status: 'IGNORED', reason: 'unknown-object' };
  if (record.status === 'DELETED') return { status: 'IGNORED', reason: 'already-deleted' };
  const source = { bucket: record.bucket, key: record.key };
  let articleRemoved = false;
  if (policy === 'delete' && record.articleId && record.status === 'PROCESSED') {
    articleRemoved = await retire(
      deps,
      record.articleId,
      null,
      source,
      ref.sequencer ?? record.objectHash ?? '',
    );
  }
  await deps.repo.putSource({ ...record, status: 'DELETED', updatedAt: deps.clock.now().toISOString() });
  return { status: 'DELETED', key: record.key, articleId: record.articleId, articleRemoved };
}
