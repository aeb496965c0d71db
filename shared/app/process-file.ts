import { decodeArticle } from '../ingest/index.js';
import { analyzeArticle, type Analysis } from '../nlp/pipeline.js';

/** Bytes of one article (file or S3 object) through ingest and the NLP core. */
export function processArticleBytes(bytes: Uint8Array, fileName?: string, contentType?: string): Analysis {
  return analyzeArticle(decodeArticle(bytes, { fileName, contentType }));
}
