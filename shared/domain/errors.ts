// Why an article could not be processed, as users and consumers see it: the codes recorded on FAILED
// items, in Article Failed events and in the CLI's error lines. They are part of the published contract:
// add codes freely, never rename one. The application's other error classes are in shared/app/errors.ts.

/** Every code an article's failure is recorded with, and what it means. */
export const ARTICLE_ERROR_CODES = {
  EMPTY_INPUT: 'The file is empty or holds only whitespace.',
  NO_TEXT: 'No article text was found (no words, or markup with no article in it).',
  UNSUPPORTED_BINARY: 'The file is a binary format (PDF, image, archive …), not text.',
  INVALID_JSON: 'The file looks like JSON but does not parse.',
  UNSUPPORTED_JSON: 'The JSON holds none of the fields an article can be read from.',
  TOO_LARGE: 'The file is larger than the size limit for articles.',
  OBJECT_NOT_FOUND: 'The uploaded object was deleted before it could be processed.',
  PROCESSING_ERROR: 'The NLP core failed on the article (a bug: the input was readable).',
  ITEM_TOO_LARGE: "A stored item of the article would exceed DynamoDB's 400 KB item limit.",
  RESULT_TOO_LARGE: 'The analysis is too large for a table item and no S3 location for large results is set.',
  EVENT_TOO_LARGE: 'An event is too large for the bus and no S3 location for large events is set.',
  RESULT_REJECTED:
    "The store or the event bus rejected the article's results with an error no retry can fix.",
} as const;

export type ArticleErrorCode = keyof typeof ARTICLE_ERROR_CODES;

/**
 * An article that cannot be processed as given: a stable code and a message in plain words the user
 * can act on. Permanent: processing the same bytes again fails the same way, so it is recorded as
 * FAILED, never retried.
 */
export class ArticleError extends Error {
  /** A retry cannot fix bad input. */
  readonly transient = false;

  constructor(
    readonly code: ArticleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleError';
  }
}
