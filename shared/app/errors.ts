// The application's errors, in one place. Each has a stable code and says whether it is transient
// (thrown, so that SQS redelivers the message and the retry resumes) or permanent (recorded as FAILED
// with a message the user sees, or, for a message that names no article, left to the DLQ).
//
// Input errors of the pure core (ArticleError and its codes) live in shared/domain/errors.ts, where the
// core may import them; they are re-exported here so that callers need one import.
import type { ErrorInfo } from '../domain/schema.js';
import { ArticleError, type ArticleErrorCode } from '../domain/errors.js';

export { ARTICLE_ERROR_CODES, ArticleError, type ArticleErrorCode } from '../domain/errors.js';

/** Codes of the application's own failures (never recorded on an article: see ARTICLE_ERROR_CODES). */
export const APPLICATION_ERROR_CODES = {
  ARTICLE_BUSY: 'Another delivery of the same text holds the article (transient: retried).',
  EVENT_PUBLISH_FAILED: 'The event bus did not accept every event (transient: retried, resumes).',
  MALFORMED_MESSAGE: 'An SQS message that is not an S3 notification (permanent: kept in the DLQ).',
  INTERNAL_ERROR: 'Anything else, e.g. an AWS call that failed (transient: retried).',
} as const;

export type ApplicationErrorCode = keyof typeof APPLICATION_ERROR_CODES;

/** An error of the application itself (not of the article's content): a code and whether to retry. */
export abstract class ApplicationError extends Error {
  abstract readonly code: ApplicationErrorCode;
  abstract readonly transient: boolean;
}

/** An ArticleError about an object, with the key the store resolved the event's key to. */
export class ObjectError extends ArticleError {
  constructor(
    code: Extract<ArticleErrorCode, 'OBJECT_NOT_FOUND' | 'TOO_LARGE'>,
    message: string,
    readonly key: string,
  ) {
    super(code, message);
  }
}

/** The object an event announced is gone (deleted before it could be processed). */
export function objectNotFound(bucket: string, key: string): ObjectError {
  return new ObjectError(
    'OBJECT_NOT_FOUND',
    `s3://${bucket}/${key} no longer exists (it was deleted before it could be processed).`,
    key,
  );
}

/** The object is over the size limit for articles (checked before it is downloaded when possible). */
export function objectTooLarge(size: number, max: number, key: string): ObjectError {
  const mb = (n: number) =>
    n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
  return new ObjectError(
    'TOO_LARGE',
    `The file (${size.toLocaleString('en')} bytes) is larger than the ${mb(max)} limit for articles.`,
    key,
  );
}

/** Thrown when another delivery of the same article holds it: transient, the message is retried. */
export class ArticleBusyError extends ApplicationError {
  readonly code = 'ARTICLE_BUSY';
  readonly transient = true;

  constructor(articleId: string) {
    super(`Article ${articleId} is being processed by another delivery; retrying later.`);
    this.name = 'ArticleBusyError';
  }
}

/** A PutEvents entry the bus rejected (the shape of the SDK's PutEventsResultEntry). */
export interface RejectedEvent {
  ErrorCode?: string;
  ErrorMessage?: string;
}

/**
 * PutEvents entry error codes a retry can fix: throttling and the bus's own failures, and access or KMS
 * errors (configuration: once an operator fixes it, the retry or a redrive goes through). Any other
 * code (MalformedDetail, InvalidArgument, …) rejects the entry itself: resending it cannot help.
 */
const RETRYABLE_ENTRY_CODE =
  /^(ThrottlingException|InternalFailure|InternalException|ServiceUnavailable(Exception)?|AccessDenied\w*|NotAuthorized\w*|KMS\w*)$/;

/** Whether an entry the bus rejected with this code may be accepted on a retry. */
export const isRetryableEntryCode = (code: string | undefined): boolean =>
  code === undefined || RETRYABLE_ENTRY_CODE.test(code);

/**
 * Some events were not accepted by the bus (after the publisher's own retries). Transient when every
 * rejection may pass on a retry: the ids of those that were accepted are recorded, and the retry
 * publishes only the rest. Permanent when the bus rejected an entry with a code no retry can fix.
 */
export class EventPublishError extends ApplicationError {
  readonly code = 'EVENT_PUBLISH_FAILED';
  readonly transient: boolean;

  constructor(
    message: string,
    readonly failed: RejectedEvent[],
  ) {
    super(message);
    this.name = 'EventPublishError';
    this.transient = failed.every((f) => isRetryableEntryCode(f.ErrorCode));
  }
}

/**
 * An SQS message that is not an S3 event notification. Permanent, but there is no article to record it
 * on: the record is failed so that the message ends in the DLQ for inspection.
 */
export class MalformedMessageError extends ApplicationError {
  readonly code = 'MALFORMED_MESSAGE';
  readonly transient = false;

  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

/**
 * AWS service errors (by the SDK's error name) that reject the request itself: the same request fails
 * the same way on every retry. DynamoDB answers an item over 400 KB with a ValidationException.
 * Throttling, timeouts, 5xx, network errors and configuration errors (access, missing resources) are
 * not here: a retry, or a redrive once an operator fixed the configuration, may succeed.
 */
const PERMANENT_SERVICE_ERRORS = new Set([
  'ValidationException',
  'SerializationException',
  'ItemCollectionSizeLimitExceededException',
  'EntityTooLarge',
  'RequestEntityTooLargeException',
]);

const SIZE_LIMIT = /size|too large|exceed/i;

/**
 * A failure while storing or publishing an article's results, as the permanent ArticleError it is
 * recorded with (ITEM_TOO_LARGE, RESULT_REJECTED), or null when a retry may succeed.
 */
export function permanentResultError(err: unknown): ArticleError | null {
  if (err instanceof ArticleError) return err;
  if (err instanceof EventPublishError) {
    if (err.transient) return null;
    const codes = [...new Set(err.failed.map((f) => f.ErrorCode ?? 'Unknown'))].join(', ');
    return new ArticleError('RESULT_REJECTED', `The event bus rejected the article's events (${codes}).`);
  }
  if (err instanceof ApplicationError || !(err instanceof Error)) return null;
  if (!PERMANENT_SERVICE_ERRORS.has(err.name)) return null;
  const tooLarge = err.name !== 'ValidationException' || SIZE_LIMIT.test(err.message);
  return new ArticleError(
    tooLarge ? 'ITEM_TOO_LARGE' : 'RESULT_REJECTED',
    `The article's results could not be stored (${err.name}: ${err.message}).`,
  );
}

/**
 * Whether a retry may succeed. The errors above say so themselves; AWS errors that reject the request
 * itself (permanentResultError) are permanent; anything else (throttling, a timeout, a 5xx) is transient.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof ArticleError || err instanceof ApplicationError) return err.transient;
  return permanentResultError(err) === null;
}

/**
 * What is recorded (FAILED items, Article Failed event) for a permanent failure of an article: an
 * ArticleError as it is; anything else thrown by the pure steps is a bug of the core (PROCESSING_ERROR).
 */
export function recordedError(err: unknown): ErrorInfo {
  if (err instanceof ArticleError) return { code: err.code, message: err.message };
  return {
    code: 'PROCESSING_ERROR',
    message: `The article could not be analysed (${err instanceof Error ? err.message : String(err)}).`,
  };
}

/** The CLI's error line for a file: an ArticleError as it is, anything else as INTERNAL_ERROR. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ArticleError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL_ERROR', message: err instanceof Error ? err.message : String(err) };
}
