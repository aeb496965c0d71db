// JSON articles: an object with the text (text/body/content/paragraphs) or the page (html), plus
// optional title, date and language under their common names.
import * as z from 'zod';
import { ArticleError } from '../domain/errors.js';
import { htmlToArticle } from './html.js';
import { cleanTitle, normaliseLanguage, normalisePublishedAt } from './metadata.js';

const textField = z.union([z.string(), z.array(z.string())]);
const dateField = z.union([z.string(), z.number()]).nullish();

const jsonArticleSchema = z.looseObject({
  title: z.string().nullish(),
  headline: z.string().nullish(),
  text: textField.optional(),
  body: textField.optional(),
  content: textField.optional(),
  paragraphs: z.array(z.string()).optional(),
  html: z.string().optional(),
  publishedAt: dateField,
  published_at: dateField,
  datePublished: dateField,
  published: dateField,
  date: dateField,
  language: z.string().nullish(),
  lang: z.string().nullish(),
});

export interface JsonArticle {
  text: string;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
}

const looksLikeHtml = (s: string) => /<(p|div|br|h[1-6]|article|section|ul|li|blockquote)[\s>/]/i.test(s);
const FIELD_HELP =
  'A JSON article must be an object with a "text", "body", "content" or "html" field holding the article (a string), and optionally "title", "publishedAt" and "language".';

export function jsonToArticle(source: string): JsonArticle {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    throw new ArticleError('INVALID_JSON', `The file is not valid JSON (${(err as Error).message}).`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ArticleError(
      'UNSUPPORTED_JSON',
      `${FIELD_HELP} This file holds ${Array.isArray(data) ? 'an array' : typeof data === 'object' ? 'null' : `a ${typeof data}`}.`,
    );
  }
  const parsed = jsonArticleSchema.safeParse(data);
  if (!parsed.success) {
    throw new ArticleError(
      'UNSUPPORTED_JSON',
      `${FIELD_HELP} ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
    );
  }
  const a = parsed.data;
  const raw = a.text ?? a.body ?? a.content ?? a.paragraphs;
  const title = cleanTitle(a.title ?? a.headline);
  const language = normaliseLanguage(a.language ?? a.lang);
  const publishedAt = normalisePublishedAt(
    a.publishedAt ?? a.published_at ?? a.datePublished ?? a.published ?? a.date,
  );

  const html = raw === undefined ? a.html : typeof raw === 'string' && looksLikeHtml(raw) ? raw : undefined;
  if (html !== undefined) {
    const page = htmlToArticle(html);
    return {
      text: page.text,
      title: title ?? page.title,
      language: language ?? page.language,
      publishedAt: publishedAt ?? page.publishedAt,
    };
  }
  if (raw === undefined)
    throw new ArticleError('UNSUPPORTED_JSON', `${FIELD_HELP} None of these fields is present.`);
  const text = (
    Array.isArray(raw)
      ? raw
          .map((p) => p.trim())
          .filter(Boolean)
          .join('\n\n')
      : raw
  ).replace(/\r\n?/g, '\n');
  return { text, title, language, publishedAt };
}
