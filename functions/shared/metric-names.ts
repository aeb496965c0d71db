// The pipeline's custom CloudWatch metrics (EMF, written by the process-article handler), named once
// for the code that emits them and for the alarms and dashboard that read them (infra/constructs/).
export const METRICS_NAMESPACE = 'ArticlePipeline';

/** Counts, one value per SQS message or article. */
export const COUNT_METRICS = {
  messagesReceived: 'MessagesReceived',
  articlesProcessed: 'ArticlesProcessed',
  articlesFailed: 'ArticlesFailed',
  articlesDuplicate: 'ArticlesDuplicate',
  statementsProcessed: 'StatementsProcessed',
  /** Events put on the bus for the article (statements + Article Processed, or Article Failed). */
  eventsPublished: 'EventsPublished',
  articleRetries: 'ArticleRetries',
} as const;

/** The steps of one article through the function; each is an X-Ray subsegment and a latency metric. */
export const STAGES = ['read', 'decode', 'analyse', 'store', 'publish'] as const;
export type Stage = (typeof STAGES)[number];

/** Milliseconds an article spent in a stage (exclusive: a store call made while publishing counts as store). */
export const stageLatencyMetric = (stage: Stage) =>
  `${stage[0]!.toUpperCase()}${stage.slice(1)}Latency` as const;

/** Sizes, one value per article. */
export const BYTE_METRICS = {
  /** The uploaded object, as read from S3. */
  objectBytes: 'ObjectBytes',
  /** The decoded text the core analysed (UTF-8). */
  textBytes: 'TextBytes',
  /** The event details published for the article (the JSON EventBridge bills by 64 KB chunk). */
  eventBytes: 'EventBytes',
} as const;

/** Metric dimensions besides Powertools' `service`: the function, so that stages (dev, prod) stay apart. */
export const FUNCTION_DIMENSION = 'FunctionName';
