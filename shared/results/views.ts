// What the ResultsClient (and the HTTP query API, which serves it) returns: zod schemas, the one source
// of the response shapes, the types inferred from them and the OpenAPI document generated from them.
import * as z from 'zod';
import {
  entityTypeSchema,
  errorInfoSchema,
  inputFormatSchema,
  quoteTypeSchema,
  speakerResolutionSchema,
  statementSchema,
  quoteSchema,
  entitySchema,
  textSpanSchema,
} from '../domain/schema.js';

const probability = z.number().min(0).max(1);

export const articleStatusSchema = z.enum(['PROCESSING', 'PROCESSED', 'FAILED', 'DELETED']);
export const listedStatusSchema = z.enum(['PROCESSED', 'FAILED', 'DELETED']);

export const sourceRefViewSchema = z.object({ bucket: z.string(), key: z.string() });

export const pipelineVersionViewSchema = z
  .object({ id: z.string(), code: z.string(), models: z.string() })
  .meta({ description: 'What produced the stored analysis: the core code and the model files.' });

export const articleSpeakerViewSchema = z.object({
  identityId: z.string(),
  name: z.string(),
  quotes: z.number().int().nonnegative(),
});

export const articleViewSchema = z
  .object({
    articleId: z.string(),
    status: articleStatusSchema,
    title: z.string().nullable(),
    language: z.string().nullable(),
    publishedAt: z.string().nullable(),
    date: z.string().meta({ description: 'publishedAt, else when the article was first processed.' }),
    format: inputFormatSchema.nullable(),
    source: sourceRefViewSchema,
    counts: z.object({
      statements: z.number().int().nonnegative(),
      quotes: z.number().int().nonnegative(),
      entities: z.number().int().nonnegative(),
    }),
    version: z.string().nullable().meta({ description: 'Pipeline version of the results served.' }),
    pipelineVersion: pipelineVersionViewSchema.nullable(),
    speakers: z.array(articleSpeakerViewSchema),
    error: errorInfoSchema.nullable(),
    sources: z.number().int().nonnegative().meta({ description: 'Source objects holding this text.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    processedAt: z.string().nullable(),
    deletedAt: z.string().nullable(),
    supersededBy: z.string().nullable(),
  })
  .meta({ title: 'Article', description: 'An article with its status and counts.' });

export const statementViewSchema = statementSchema
  .extend({
    articleId: z.string(),
    quotes: z.array(quoteSchema),
    entities: z.array(
      z.object({
        entityId: z.string(),
        name: z.string(),
        type: entityTypeSchema,
        mentions: z.array(textSpanSchema),
      }),
    ),
  })
  .meta({ title: 'Statement', description: 'A statement of an article with the quotes that start in it.' });

export const identityRefSchema = z.object({
  identityId: z.string().meta({ description: 'Canonical id across articles, e.g. "per.tony-blair".' }),
  name: z.string(),
  type: entityTypeSchema,
});

export const quoteViewSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    articleTitle: z.string().nullable(),
    date: z.string(),
    type: quoteTypeSchema,
    text: z.string(),
    textTruncated: z.boolean().optional(),
    cue: z.string().nullable(),
    statementIndex: z.number().int().nonnegative(),
    speaker: z.object({
      identityId: z.string(),
      name: z.string(),
      mention: z.string().nullable(),
      resolution: speakerResolutionSchema,
      confidence: probability.optional(),
    }),
    confidence: probability.optional(),
  })
  .meta({ title: 'Quote', description: 'A quote with its speaker and article, across articles.' });

export const mentionStatementViewSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    articleTitle: z.string().nullable(),
    date: z.string(),
    index: z.number().int().nonnegative(),
    text: z.string(),
    textTruncated: z.boolean().optional(),
    entities: z
      .array(identityRefSchema)
      .meta({ description: 'The matched entities this statement mentions.' }),
  })
  .meta({ title: 'Statement mentioning an entity' });

export const articleListItemSchema = z
  .object({
    kind: z.enum(['article', 'source']).meta({
      description: 'source: an uploaded object that failed before it had an article (e.g. not text).',
    }),
    articleId: z.string().nullable(),
    status: listedStatusSchema,
    title: z.string().nullable(),
    date: z.string(),
    counts: articleViewSchema.shape.counts.nullable(),
    version: z.string().nullable(),
    error: errorInfoSchema.nullable(),
    source: sourceRefViewSchema.nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ title: 'Listed article' });

export const speakerViewSchema = z
  .object({
    identityId: z.string(),
    name: z.string(),
    quotes: z.number().int().nonnegative(),
    articles: z.number().int().nonnegative(),
    firstQuotedAt: z.string(),
    lastQuotedAt: z.string(),
  })
  .meta({
    title: 'Speaker',
    description: 'An identity that was quoted, with its quote count in the window.',
  });

export const identityViewSchema = z
  .object({
    identityId: z.string(),
    type: entityTypeSchema,
    name: z.string(),
    names: z.array(z.string()).meta({ description: 'Names and aliases it appeared under.' }),
    roles: z.array(z.string()),
    orgs: z.array(z.string()),
    articles: z.number().int().nonnegative(),
    mentions: z.number().int().nonnegative(),
    quotes: z.number().int().nonnegative(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    links: z.record(z.string(), z.number().int()).meta({ description: 'Articles per link rule.' }),
    mergedInto: z.string().nullable(),
    members: z.array(z.string()),
  })
  .meta({ title: 'Identity', description: 'A person or organisation across articles (the registry).' });

export const ambiguousLinkViewSchema = z.object({
  articleId: z.string(),
  date: z.string(),
  key: z.string(),
  identityId: z.string(),
  name: z.string(),
  candidates: z.array(z.string()),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z
      .string()
      .nullable()
      .meta({ description: 'Opaque: pass it back for the next page; null on the last page.' }),
  });

export const namedPageSchema = <T extends z.ZodType>(item: T) =>
  pageSchema(item).extend({
    matched: z.array(identityRefSchema).meta({
      description: 'The identities the name matched (several when the name is ambiguous, e.g. a surname).',
    }),
  });

export const resultSchema = z.object({
  article: articleViewSchema,
  statements: z.array(statementSchema),
  quotes: z.array(quoteSchema),
  entities: z.array(entitySchema),
});

export type ArticleView = z.infer<typeof articleViewSchema>;
export type StatementView = z.infer<typeof statementViewSchema>;
export type IdentityRef = z.infer<typeof identityRefSchema>;
export type QuoteView = z.infer<typeof quoteViewSchema>;
export type MentionStatementView = z.infer<typeof mentionStatementViewSchema>;
export type ArticleListItem = z.infer<typeof articleListItemSchema>;
export type SpeakerView = z.infer<typeof speakerViewSchema>;
export type IdentityView = z.infer<typeof identityViewSchema>;
export type AmbiguousLinkView = z.infer<typeof ambiguousLinkViewSchema>;
export type ListedStatus = z.infer<typeof listedStatusSchema>;
