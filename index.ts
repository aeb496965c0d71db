// The package's public entry (`import { ResultsClient } from 'article-pipeline'`): the typed read side
// of the pipeline's results, its response schemas, and the event contract. Built to dist/ by
// `npm run build` (run by npm ci / npm install through `prepare`); see scripts/build-package.mjs.
export {
  ResultsClient,
  Pager,
  CursorError,
  statementViews,
  type DateRange,
  type MentionQuery,
  type NamedPage,
  type Page,
  type PageOptions,
  type QuoteQuery,
  type ResultsClientOptions,
  type SpeakersQuery,
} from './shared/results/client.js';
export * from './shared/results/views.js';
export {
  DETAIL_SCHEMAS,
  DETAIL_TYPES,
  EVENT_SOURCE,
  type ArticleDeletedDetail,
  type ArticleFailedDetail,
  type ArticleProcessedDetail,
  type PipelineEvent,
  type StatementProcessedDetail,
  type Supersedes,
} from './events/schemas.js';
export type { Analysis } from './shared/nlp/pipeline.js';
export type * from './shared/domain/schema.js';
