// The published event contract of article-pipeline: every event on the bus has
// Source = EVENT_SOURCE and one of the DetailTypes below, and its `detail` matches the schema here.
// The JSON Schema files in events/schemas/v<major>/ are generated from these (npm run events:schemas);
// events/samples/ holds one complete EventBridge event per type.
//
// Evolution rule (checked by events/compatibility.ts): add optional fields freely; never remove or
// retype a field without a new schemaVersion. Consumers should ignore fields they do not know.
import * as z from 'zod';
import {
  entityTypeSchema,
  errorInfoSchema,
  inputFormatSchema,
  quoteSchema,
  textSpanSchema,
} from '../shared/domain/schema.js';

export const EVENT_SOURCE = 'article-pipeline';

export const DETAIL_TYPES = {
  statementProcessed: 'Statement Processed',
  articleProcessed: 'Article Processed',
  articleFailed: 'Article Failed',
  articleDeleted: 'Article Deleted',
} as const;
export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

const offset = z.number().int().min(0);
const isoTimestamp = z.iso.datetime({ offset: true });
/** Publication dates are a full timestamp when the source gives one, else a calendar date. */
const publishedAt = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const sourceRefSchema = z
  .object({
    bucket: z.string().min(1),
    key: z.string().min(1),
  })
  .meta({ description: 'The S3 object the article was read from.' });

const eventIdentity = {
  schemaVersion: z.literal(1),
  eventId: z.string().min(1).meta({
    description:
      'Deterministic id of this event. The pipeline may (rarely) publish an event twice after a retry: consumers deduplicate on eventId.',
  }),
  claimCheck: z
    .object({
      bucket: z.string(),
      key: z.string(),
      bytes: z.number().int().nonnegative(),
    })
    .optional()
    .meta({
      description:
        'Set when the detail was too large for an event: the complete detail is the JSON object at s3://bucket/key; this event carries its scalar fields, long strings cut and lists left empty.',
    }),
};

/** Additive fields: which pipeline version produced the results, and what they replace. */
const versioning = {
  pipelineVersion: z.string().min(1).optional().meta({
    description:
      'Id of the pipeline version (code + models) that produced this analysis. A reprocessed article is announced again under its new version, with new event ids.',
  }),
  supersedes: z
    .object({
      articleId: z.string(),
      pipelineVersion: z.string().nullable(),
      reason: z.enum(['reprocessed', 'replaced']).meta({
        description:
          'reprocessed: the same article analysed again by a new pipeline version (replace its earlier statements); replaced: a new object version under the same key holds a different text (the earlier article is deleted).',
      }),
    })
    .optional()
    .meta({
      description:
        'Set when these results replace earlier ones. Absent: a first announcement. A consumer drops what it kept of the superseded article/version.',
    }),
};

/** A quote as events carry it: the domain quote, less the statement index the event already gives. */
export const statementQuoteSchema = quoteSchema.omit({ statementIndex: true });

export const statementEntitySchema = z.object({
  entityId: z.string(),
  name: z.string(),
  type: entityTypeSchema,
  mentions: z.array(textSpanSchema).meta({ description: 'Mentions of the entity inside this statement.' }),
});

export const statementProcessedSchema = z
  .object({
    ...eventIdentity,
    articleId: z.string(),
    statementId: z.string(),
    index: z.number().int().min(0),
    text: z.string(),
    textTruncated: z
      .boolean()
      .optional()
      .meta({ description: 'True when `text` was cut to keep the event within size limits.' }),
    start: offset.meta({
      description: 'UTF-16 offset of the statement in the article text (end exclusive).',
    }),
    end: offset,
    quotes: z.array(statementQuoteSchema).meta({ description: 'Quotes that start in this statement.' }),
    entities: z.array(statementEntitySchema),
    article: z.object({
      title: z.string().nullable(),
      publishedAt: publishedAt.nullable(),
      statementCount: z.number().int().min(0),
    }),
    source: sourceRefSchema,
    processedAt: isoTimestamp,
    ...versioning,
  })
  .meta({ title: 'Statement Processed', description: 'One per statement of a processed article.' });

export const articleProcessedSchema = z
  .object({
    ...eventIdentity,
    articleId: z.string(),
    title: z.string().nullable(),
    language: z.string().nullable(),
    publishedAt: publishedAt.nullable(),
    contentHash: z.string(),
    format: inputFormatSchema,
    counts: z.object({
      statements: z.number().int().min(0),
      quotes: z.number().int().min(0),
      entities: z.number().int().min(0),
    }),
    source: sourceRefSchema,
    processedAt: isoTimestamp,
    ...versioning,
  })
  .meta({
    title: 'Article Processed',
    description: 'Published once per article, after all of its Statement Processed events.',
  });

export const articleFailedSchema = z
  .object({
    ...eventIdentity,
    articleId: z.string().nullable().meta({ description: 'Null when the file could not be decoded at all.' }),
    error: errorInfoSchema.extend({
      code: z
        .string()
        .min(1)
        .meta({ description: 'Stable machine-readable reason, e.g. UNSUPPORTED_BINARY, TOO_LARGE.' }),
    }),
    source: sourceRefSchema,
    failedAt: isoTimestamp,
  })
  .meta({ title: 'Article Failed', description: 'An uploaded object could not be processed.' });

export const articleDeletedSchema = z
  .object({
    ...eventIdentity,
    articleId: z.string(),
    reason: z.enum(['object-removed', 'replaced']).meta({
      description:
        'object-removed: the last object holding the text was deleted; replaced: a new version of the object holds another text (supersededBy).',
    }),
    supersededBy: z.string().nullable().meta({ description: 'The article that replaces it, if any.' }),
    source: sourceRefSchema,
    deletedAt: isoTimestamp,
  })
  .meta({
    title: 'Article Deleted',
    description:
      "An article's results were removed: its statements, quotes and entities are no longer queryable.",
  });

export type StatementProcessedDetail = z.infer<typeof statementProcessedSchema>;
export type ArticleProcessedDetail = z.infer<typeof articleProcessedSchema>;
export type ArticleFailedDetail = z.infer<typeof articleFailedSchema>;
export type ArticleDeletedDetail = z.infer<typeof articleDeletedSchema>;
export type Supersedes = NonNullable<StatementProcessedDetail['supersedes']>;

export const DETAIL_SCHEMAS = {
  [DETAIL_TYPES.statementProcessed]: statementProcessedSchema,
  [DETAIL_TYPES.articleProcessed]: articleProcessedSchema,
  [DETAIL_TYPES.articleFailed]: articleFailedSchema,
  [DETAIL_TYPES.articleDeleted]: articleDeletedSchema,
} as const;

export type PipelineEvent =
  | { detailType: typeof DETAIL_TYPES.statementProcessed; detail: StatementProcessedDetail }
  | { detailType: typeof DETAIL_TYPES.articleProcessed; detail: ArticleProcessedDetail }
  | { detailType: typeof DETAIL_TYPES.articleFailed; detail: ArticleFailedDetail }
  | { detailType: typeof DETAIL_TYPES.articleDeleted; detail: ArticleDeletedDetail };

/** The full EventBridge envelope as a consumer (rule target) receives it. */
export const eventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.enum([
    DETAIL_TYPES.statementProcessed,
    DETAIL_TYPES.articleProcessed,
    DETAIL_TYPES.articleFailed,
    DETAIL_TYPES.articleDeleted,
  ]),
  source: z.literal(EVENT_SOURCE),
  account: z.string(),
  time: isoTimestamp,
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

/** Validates a detail against the schema of its detail type; throws a ZodError when it does not match. */
export function validateDetail(detailType: DetailType, detail: unknown): unknown {
  return DETAIL_SCHEMAS[detailType].parse(detail);
}
