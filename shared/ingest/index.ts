// Ingest: the raw bytes of an uploaded article → the text every offset indexes, plus metadata.
// Formats: plain text, Markdown, HTML, JSON (by extension, then Content-Type, then content sniffing).
// For plain text, `text` is the decoded file with a BOM removed and CRLF/CR turned into LF, and
// nothing else changed, so offsets map straight back onto the user's file.
import { ArticleError } from '../domain/errors.js';
import type { DecodedArticle } from '../domain/schema.js';
import { decodeBytes } from './encoding.js';
import { htmlToArticle } from './html.js';
import { jsonToArticle } from './json.js';
import { markdownToArticle } from './markdown.js';
import { detectLanguage } from './metadata.js';

/** Largest article accepted (bytes); larger input is rejected with TOO_LARGE. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

export type ArticleFormat = DecodedArticle['format'];

export interface DecodeOptions {
  /** File name or S3 key: its extension hints the format. */
  fileName?: string;
  contentType?: string;
}

const BY_EXTENSION: Record<string, ArticleFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  mkdn: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  shtml: 'html',
  json: 'json',
};

const BY_MEDIA_TYPE: Record<string, ArticleFormat> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/json': 'json',
  'text/json': 'json',
};

/** Format from the file name's extension, else a specific Content-Type, else the content itself. */
export function detectFormat(text: string, opts: DecodeOptions = {}): ArticleFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(opts.fileName ?? '')?.[1]?.toLowerCase();
  const byExtension = ext ? BY_EXTENSION[ext] : undefined;
  if (byExtension) return byExtension;
  const mediaType = opts.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType) {
    const byType = BY_MEDIA_TYPE[mediaType] ?? (mediaType.endsWith('+json') ? 'json' : undefined);
    if (byType) return byType;
  }
  return sniffFormat(text);
}

/** Content sniffing, conservative: text with no recognised markup stays plain text. */
export function sniffFormat(text: string): ArticleFormat {
  const head = text.slice(0, 4096).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!doctype html/i.test(head) || /^<html[\s>]/i.test(head))
    return 'html';
  if (
    /^<(head|body|article|main|div|p|h[1-6]|section)[\s>]/i.test(head) &&
    /<\/(p|div|article|body|h[1-6])>/i.test(head)
  )
    return 'html';
  if (/^[{]/.test(head)) {
    try {
      const data: unknown = JSON.parse(text);
      if (data && typeof data === 'object' && !Array.isArray(data)) return 'json';
    } catch {
      // not JSON after all
    }
  }
  if (/^---\n(?:[\w-]+:.*\n)+---(\n|$)/.test(head)) return 'markdown'; // YAML front matter
  if (/^#{1,6} \S/.test(head)) return 'markdown'; // starts with a heading
  const features = [
    /^#{1,6} \S/m, // headings
    /\[[^\]\n]+\]\((?:https?:|\/|#|mailto:)[^)\s]*\)/, // links
    /^```/m, // fenced code
    /\*\*[^*\n]+\*\*|__[^_\n]+__/, // strong emphasis
    /^>\s\S/m, // block quotes
  ].filter((re) => re.test(text)).length;
  return features >= 2 ? 'markdown' : 'text';
}

/** Raw bytes to the article text every offset indexes. Throws ArticleError for input it cannot read. */
export function decodeArticle(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedArticle {
  if (bytes.length === 0) throw new ArticleError('EMPTY_INPUT', 'The file is empty.');
  if (bytes.length > MAX_ARTICLE_BYTES) {
    throw new ArticleError(
      'TOO_LARGE',
      `The file (${bytes.length.toLocaleString('en')} bytes) is larger than the ${MAX_ARTICLE_BYTES / 1024 / 1024} MB limit for articles.`,
    );
  }
  const decodedBytes = decodeBytes(bytes, opts.contentType);
  const source = decodedBytes.text.replace(/\r\n?/g, '\n');
  if (!source.trim()) throw new ArticleError('EMPTY_INPUT', 'The file has no text (only whitespace).');

  const format = detectFormat(source, opts);
  let doc: Omit<DecodedArticle, 'format'>;
  switch (format) {
    case 'html':
      doc = htmlToArticle(source);
      break;
    case 'markdown':
      doc = markdownToArticle(source);
      break;
    case 'json':
      doc = jsonToArticle(source);
      break;
    default:
      doc = { text: source, title: null, language: null, publishedAt: null };
  }
  if (!/\p{L}/u.test(doc.text)) {
    throw new ArticleError(
      'NO_TEXT',
      format === 'text'
        ? 'The file contains no words.'
        : `No article text was found in the ${format === 'json' ? 'JSON' : format === 'html' ? 'HTML page' : 'Markdown'}.`,
    );
  }
  return {
    ...doc,
    language: doc.language ?? detectLanguage(doc.text),
    format,
    ...(decodedBytes.warnings.length ? { warnings: decodedBytes.warnings } : {}),
  };
}
