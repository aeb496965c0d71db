import { decodeArticle } from '../ingest/index.js';
import { analyzeArticle, type Analysis, type NlpModels } from '../nlp/pipeline.js';

/** Bytes of one article (file or S3 object) through ingest and the NLP core, with the loaded models. */
export function processArticleBytes(
  bytes: Uint8Array,
  models: NlpModels,
  fileName?: string,
  contentType?: string,
): Analysis {
  return analyzeArticle(decodeArticle(bytes, { fileName, contentType }), models);
}
