import { ArticleError } from '../errors.js';
import type { DecodedArticle } from '../types.js';

/** Largest article accepted (bytes); larger input is rejected with TOO_LARGE. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

export interface DecodeOptions {
  /** File name or S3 key: its extension hints the format. */
  fileName?: string;
  contentType?: string;
}

/** Raw bytes to the article text every offset indexes. First version: UTF-8 plain text. */
export function decodeArticle(bytes: Uint8Array, _opts: DecodeOptions = {}): DecodedArticle {
  if (bytes.length === 0) throw new ArticleError('EMPTY_INPUT', 'The file is empty.');
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ArticleError('EMPTY_INPUT', 'The file has no text.');
  return { text, title: null, language: 'en', publishedAt: null, format: 'text' };
}
