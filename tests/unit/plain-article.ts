import type { DecodedArticle } from '../../shared/domain/schema.js';

/** A decoded plain-text English article with no date, as the ingest hands text to the core. */
export const plainArticle = (text: string, title: string | null = null): DecodedArticle => ({
  text,
  title,
  language: 'en',
  publishedAt: null,
  format: 'text',
});
