// query-api: the read side over HTTP. API Gateway HTTP API (payload 2.0) → this handler → the
// ResultsClient; the embedded stack serves the same handler (infra/local/query-api-server.ts).
// Routing and error responses are Powertools' event handler; the routes themselves are QUERY_ROUTES.
import { BadRequestError, NotFoundError, Router } from '@aws-lambda-powertools/event-handler/http';
import { cors } from '@aws-lambda-powertools/event-handler/http/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { createDocumentClient, createS3Client, requireEnv } from '../../shared/adapters/aws-clients.js';
import { CursorError, ResultsClient } from '../../shared/results/client.js';
import { logger, tracer } from '../shared/powertools.js';
import { buildOpenApiDocument } from './openapi.js';
import { QUERY_ROUTES } from './routes.js';

/** `/articles/{id}` → `/articles/:id`, the router's syntax. */
export const routerPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1') as `/${string}`;

/** Field → messages, from a failed zod parse: what the 400 response's `details` carry. */
function issues(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join('.') || '(request)'] ??= []).push(issue.message);
  return out;
}

/** The router of every query route over the client `makeClient` returns (built on first request). */
export function createQueryApi(makeClient: () => ResultsClient): Router {
  let client: ResultsClient | undefined; // module-scope reuse across warm invocations
  const router = new Router({ logger });
  // Read-only and public data: any origin may read (on AWS, IAM still authorises every request).
  router.use(cors({ origin: '*', allowMethods: ['GET'] }));
  for (const spec of QUERY_ROUTES) {
    router.get(routerPath(spec.path), async ({ params, req }) => {
      const decoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, safeDecode(v)]));
      const parsedParams = spec.params.safeParse(decoded);
      const query = Object.fromEntries(new URL(req.url).searchParams);
      const parsedQuery = spec.query.safeParse(query);
      if (!parsedParams.success || !parsedQuery.success) {
        throw new BadRequestError('The request has invalid parameters.', undefined, {
          ...(parsedParams.success ? {} : issues(parsedParams.error)),
          ...(parsedQuery.success ? {} : issues(parsedQuery.error)),
        });
      }
      client ??= makeClient();
      // Each route's run() matches its own schemas; the table's union cannot say so to the compiler.
      const run = spec.run as (c: ResultsClient, p: unknown, q: unknown) => Promise<unknown>;
      const body = await run(client, parsedParams.data, parsedQuery.data);
      if (body === null) throw new NotFoundError(`No article ${String(decoded.id)}.`);
      return body as Record<string, never>;
    });
  }
  router.get('/openapi.json', () => buildOpenApiDocument() as Record<string, never>);
  router.errorHandler(CursorError, async (err) => {
    throw new BadRequestError(err.message);
  });
  return router;
}

/** Path parameters arrive percent-encoded from some sources and decoded from others. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The ResultsClient over the deployed table (and the results bucket, for claim-checked results). */
export function defaultClient(): ResultsClient {
  return new ResultsClient({
    tableName: requireEnv('TABLE_NAME'),
    documentClient: tracer.captureAWSv3Client(createDocumentClient()),
    ...(process.env.RESULTS_BUCKET ? { s3Client: tracer.captureAWSv3Client(createS3Client()) } : {}),
  });
}

export function createHandler(makeClient: () => ResultsClient = defaultClient) {
  const api = createQueryApi(makeClient);
  return (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    logger.addContext(context);
    return api.resolve(event, context);
  };
}

export const handler = createHandler();
