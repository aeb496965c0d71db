// The query API's routes: one table that the HTTP handler serves (on AWS behind API Gateway, locally
// from the embedded stack) and the OpenAPI document describes (openapi.ts). Each route is one call of
// the ResultsClient; its path and query parameters and its response are zod schemas, so the document
// and the validation cannot disagree.
import * as z from 'zod';
import { entityTypeSchema } from '../../shared/domain/schema.js';
import type { ResultsClient } from '../../shared/results/client.js';
import {
  articleListItemSchema,
  articleViewSchema,
  listedStatusSchema,
  mentionStatementViewSchema,
  namedPageSchema,
  pageSchema,
  quoteViewSchema,
  speakerViewSchema,
  statementViewSchema,
} from '../../shared/results/views.js';

const isoDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'Not an ISO 8601 date.')
  .meta({ description: 'ISO 8601 date (YYYY-MM-DD) or timestamp; inclusive (a date covers its whole day).' });

/** Paging: every listing returns `{ items, cursor }`; pass `cursor` back for the next page. */
const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: 'Entries per page (default 50, at most 1000).' }),
  cursor: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The `cursor` of the previous page of the same query (opaque).' }),
};
const dateRange = {
  since: isoDate.optional().meta({ description: 'Only articles dated on or after this date.' }),
  until: isoDate.optional().meta({ description: 'Only articles dated on or before this date.' }),
};
const minConfidence = z.coerce
  .number()
  .min(0)
  .max(1)
  .optional()
  .meta({ description: 'Leave out entries less sure than this (0-1); entries without a confidence stay.' });

export const errorBodySchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string().meta({ description: 'e.g. BadRequestError, NotFoundError.' }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ title: 'Error' });

interface RouteSpec<P extends z.ZodObject, Q extends z.ZodObject, R extends z.ZodType> {
  /** Stable id (OpenAPI operationId). */
  operationId: string;
  /** OpenAPI path template (`{name}` parameters); the router's own syntax is derived from it. */
  path: string;
  summary: string;
  description: string;
  params: P;
  query: Q;
  response: R;
  /** 404 when the resource named in the path does not exist. */
  notFound?: boolean;
  run: (client: ResultsClient, params: z.infer<P>, query: z.infer<Q>) => Promise<z.infer<R> | null>;
}

/** Keeps each route's types while the table holds them all. */
const route = <P extends z.ZodObject, Q extends z.ZodObject, R extends z.ZodType>(spec: RouteSpec<P, Q, R>) =>
  spec;

const articleId = z.object({
  id: z.string().min(1).meta({ description: 'Article id, e.g. art_c280633571ebc5948c99.' }),
});
const name = z.object({
  name: z
    .string()
    .min(1)
    .meta({ description: 'A name, surname or alias; case- and accent-insensitive (URL-encoded).' }),
});
const page = ({ limit, cursor }: { limit?: number | undefined; cursor?: string | undefined }) => ({
  ...(limit !== undefined ? { limit } : {}),
  cursor: cursor ?? null,
});
const range = ({ since, until }: { since?: string | undefined; until?: string | undefined }) => ({
  ...(since ? { since } : {}),
  ...(until ? { until } : {}),
});

export const QUERY_ROUTES = [
  route({
    operationId: 'getArticle',
    path: '/articles/{id}',
    summary: 'One article with its status and counts',
    description:
      'The article, its status (PROCESSING, PROCESSED, FAILED, DELETED), counts, speakers and error.',
    params: articleId,
    query: z.object({}),
    response: articleViewSchema,
    notFound: true,
    run: (client, { id }) => client.getArticle(id),
  }),
  route({
    operationId: 'listArticleStatements',
    path: '/articles/{id}/statements',
    summary: "An article's statements in order",
    description: 'Each statement with the quotes that start in it and the entities it mentions.',
    params: articleId,
    query: z.object({ ...pageQuery }),
    response: pageSchema(statementViewSchema),
    notFound: true,
    run: async (client, { id }, query) =>
      (await client.getArticle(id)) ? client.statements(id).page(page(query)) : null,
  }),
  route({
    operationId: 'listSpeakerQuotes',
    path: '/speakers/{name}/quotes',
    summary: 'Quotes by a speaker across articles, newest first',
    description:
      'Matches the name, a surname alone or an alias; `matched` lists the identities found (several when ambiguous).',
    params: name,
    query: z.object({ ...dateRange, minConfidence, ...pageQuery }),
    response: namedPageSchema(quoteViewSchema),
    run: (client, { name }, query) =>
      client
        .quotesBySpeaker(name, {
          ...range(query),
          ...(query.minConfidence !== undefined ? { minConfidence: query.minConfidence } : {}),
        })
        .page(page(query)),
  }),
  route({
    operationId: 'listEntityStatements',
    path: '/entities/{name}/statements',
    summary: 'Statements mentioning an entity across articles, newest first',
    description: 'Optionally only entities of one type; `matched` lists the identities found.',
    params: name,
    query: z.object({ type: entityTypeSchema.optional(), ...dateRange, minConfidence, ...pageQuery }),
    response: namedPageSchema(mentionStatementViewSchema),
    run: (client, { name }, query) =>
      client
        .statementsAbout(name, {
          ...range(query),
          ...(query.type ? { type: query.type } : {}),
          ...(query.minConfidence !== undefined ? { minConfidence: query.minConfidence } : {}),
        })
        .page(page(query)),
  }),
  route({
    operationId: 'listArticles',
    path: '/articles',
    summary: 'Articles by status, newest first',
    description: 'FAILED ones with their error (and uploads that failed before they had an article).',
    params: z.object({}),
    query: z.object({
      status: listedStatusSchema.default('PROCESSED'),
      ...dateRange,
      ...pageQuery,
    }),
    response: pageSchema(articleListItemSchema),
    run: (client, _params, query) => client.articles(query.status, range(query)).page(page(query)),
  }),
  route({
    operationId: 'listSpeakers',
    path: '/speakers',
    summary: 'Speakers with their quote counts (top speakers first)',
    description: 'order=quotes (default): most quoted first; order=recent: most recently quoted first.',
    params: z.object({}),
    query: z.object({
      order: z.enum(['quotes', 'recent']).default('quotes'),
      ...dateRange,
      ...pageQuery,
    }),
    response: pageSchema(speakerViewSchema),
    run: (client, _params, query) =>
      client.speakers({ ...range(query), order: query.order }).page(page(query)),
  }),
] as const;

export type QueryRoute = (typeof QUERY_ROUTES)[number];
