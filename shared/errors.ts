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

export function toErrorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof ArticleError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL_ERROR', message: err instanceof Error ? err.message : String(err) };
}
