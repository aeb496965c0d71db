import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Article ids derive from the decoded text, so the same article delivered twice (S3 events are
 * at-least-once; users re-upload) maps onto the same records instead of duplicating them.
 */
export function articleIdFor(contentHash: string): string {
  return `art_${contentHash.slice(0, 20)}`;
}

export const statementId = (articleId: string, index: number) => `${articleId}:s${index}`;
export const quoteId = (articleId: string, index: number) => `${articleId}:q${index}`;
export const entityId = (articleId: string, index: number) => `${articleId}:e${index}`;
