// The application's error classes, in one place.

/** An error a user can act on: a stable machine-readable code and a message in plain words. */
export class ArticleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleError';
  }
}

/** An ArticleError about an object, with the key the store resolved the event's key to. */
export class ObjectError extends ArticleError {
  constructor(
    code: string,
    message: string,
    readonly key: string,
  ) {
    super(code, message);
  }
}

/** Thrown when another delivery of the same article holds it: transient, the message is retried. */
export class ArticleBusyError extends Error {
  constructor(articleId: string) {
    super(`Article ${articleId} is being processed by another delivery; retrying later.`);
    this.name = 'ArticleBusyError';
  }
}

export function toErrorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof ArticleError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL_ERROR', message: err instanceof Error ? err.message : String(err) };
}
