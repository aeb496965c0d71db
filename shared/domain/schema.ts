// The domain, once: zod schemas of what the processing core produces, with the TypeScript types
// inferred from them. The CLI contract's ArticleResult (../shared/contracts/cli.md), the stored items and
// the published events (events/schemas.ts) are all built from these shapes.
//
// Offsets are UTF-16 code-unit indices into `article.text`, end exclusive. Extension fields beyond the
// contract are optional ("extend, don't break"); objects are not .strict() so the contract can grow.
import * as z from 'zod';
import { ENTITY_TYPES } from './entity-types.js';

const offset = z.number().int().nonnegative();
const probability = z.number().min(0).max(1);

export const spanSchema = z.object({ start: offset, end: offset });
export const textSpanSchema = z.object({ text: z.string(), start: offset, end: offset });

export { ENTITY_TYPES };
export const entityTypeSchema = z.enum(ENTITY_TYPES);
export const quoteTypeSchema = z.enum(['direct', 'indirect', 'mixed']);
export const speakerResolutionSchema = z.enum(['name', 'pronoun', 'description', 'unresolved']);
export const statementKindSchema = z.enum(['prose', 'headline', 'tagline', 'byline', 'dateline']);

/** Something ingest had to repair or guess, recorded on the article (e.g. INVALID_UTF8 bytes replaced). */
export const ingestWarningSchema = z.object({ code: z.string().min(1), message: z.string().min(1) });

export const articleInfoSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullable(),
  text: z.string().meta({ description: 'The text that every offset indexes.' }),
  contentHash: z.string().min(1),
  language: z.string().nullable().meta({ description: 'BCP 47, e.g. "en".' }),
  publishedAt: z.string().nullable().meta({ description: 'ISO 8601 when known.' }),
  warnings: z
    .array(ingestWarningSchema)
    .optional()
    .meta({ description: 'Extension: what decoding repaired or guessed (absent when nothing).' }),
});

export const statementSchema = z.object({
  id: z.string(),
  index: z.number().int().nonnegative(),
  text: z.string(),
  start: offset,
  end: offset,
  kind: statementKindSchema
    .optional()
    .meta({ description: 'Extension: prose, or a headline, tag line, byline or dateline.' }),
});

export const speakerSchema = z.object({
  mention: z
    .string()
    .nullable()
    .meta({ description: 'The speaker as written: "he", "the Belarusian president", "Lukashenko".' }),
  start: offset.nullable(),
  end: offset.nullable(),
  name: z.string().nullable().meta({ description: 'Canonical name of the resolved entity.' }),
  entityId: z.string().nullable(),
  resolution: speakerResolutionSchema,
  confidence: probability
    .optional()
    .meta({ description: 'Extension: how sure the attribution to this speaker is (0–1, calibrated).' }),
});

export const quoteSchema = z.object({
  id: z.string(),
  type: quoteTypeSchema,
  text: z.string().meta({
    description:
      'The quoted or reported words, without the quotation marks that enclose a whole direct quote.',
  }),
  start: offset,
  end: offset,
  statementIndex: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'The statement where the quote starts.' }),
  cue: textSpanSchema.nullable().meta({ description: '"said", "told reporters", "according to".' }),
  speaker: speakerSchema,
  parts: z.array(spanSchema).min(2).optional().meta({
    description:
      'Extension: the quoted pieces when the attribution interrupts them (a split quote: “A,” he said, “B.”); `text`, `start` and `end` then span all of it.',
  }),
  confidence: probability
    .optional()
    .meta({ description: 'Extension: how sure the quote and its content span are (0–1, calibrated).' }),
  via: z.array(z.string()).optional().meta({
    description: 'Extension: the rules and models that produced the quote, e.g. "rule:inverted-attribution".',
  }),
});

export const entityMentionSchema = z.object({
  text: z.string(),
  start: offset,
  end: offset,
  statementIndex: z.number().int().nonnegative(),
});

export const entitySchema = z.object({
  id: z.string(),
  type: entityTypeSchema,
  name: z.string().meta({ description: 'Canonical: the fullest form the article uses.' }),
  aliases: z.array(z.string()),
  mentions: z.array(entityMentionSchema),
  role: z.string().nullable().optional().meta({ description: 'Extension: e.g. "president".' }),
  nationality: z.string().nullable().optional(),
  country: z
    .string()
    .nullable()
    .optional()
    .meta({ description: 'Extension, for NATIONALITY: the canonical name of the country it refers to.' }),
  iso: z
    .string()
    .nullable()
    .optional()
    .meta({ description: 'Extension, for DATE: ISO 8601 date when it could be normalised.' }),
  confidence: probability.optional().meta({ description: 'Extension: how sure the entity type is (0–1).' }),
});

export const articleResultSchema = z.object({
  source: z.string().meta({ description: 'The path as given.' }),
  article: articleInfoSchema,
  statements: z.array(statementSchema),
  quotes: z.array(quoteSchema),
  entities: z.array(entitySchema),
});

export const errorInfoSchema = z.object({ code: z.string().min(1), message: z.string().min(1) });

/** What `process` prints for a file it could not process. */
export const articleErrorLineSchema = z.object({ source: z.string(), error: errorInfoSchema });

export const inputFormatSchema = z.enum(['text', 'markdown', 'html', 'json']);

/** What ingest produces from raw bytes: the text every offset indexes, plus metadata. */
export const decodedArticleSchema = z.object({
  text: z.string(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  publishedAt: z.string().nullable(),
  format: inputFormatSchema.meta({ description: 'Detected input format.' }),
  warnings: z.array(ingestWarningSchema).optional(),
});

export type Span = z.infer<typeof spanSchema>;
export type TextSpan = z.infer<typeof textSpanSchema>;
export type EntityType = z.infer<typeof entityTypeSchema>;
export type QuoteType = z.infer<typeof quoteTypeSchema>;
export type SpeakerResolution = z.infer<typeof speakerResolutionSchema>;
export type StatementKind = z.infer<typeof statementKindSchema>;
export type ArticleInfo = z.infer<typeof articleInfoSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type Speaker = z.infer<typeof speakerSchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type EntityMention = z.infer<typeof entityMentionSchema>;
export type Entity = z.infer<typeof entitySchema>;
export type ArticleResult = z.infer<typeof articleResultSchema>;
export type ErrorInfo = z.infer<typeof errorInfoSchema>;
export type IngestWarning = z.infer<typeof ingestWarningSchema>;
export type InputFormat = z.infer<typeof inputFormatSchema>;
export type DecodedArticle = z.infer<typeof decodedArticleSchema>;
