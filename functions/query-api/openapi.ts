// The query API's OpenAPI 3.1 document, generated from the route table and its zod schemas (zod's own
// JSON Schema output: OpenAPI 3.1 schemas are JSON Schema 2020-12). Checked in as docs/openapi.json by
// `npm run api:openapi`; a test fails when the file is stale.
import * as z from 'zod';
import { errorBodySchema, QUERY_ROUTES } from './routes.js';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Component names of the response bodies: the route's operation id, capitalised. */
const componentName = (operationId: string) =>
  operationId[0]!.toUpperCase() + operationId.slice(1) + 'Response';

export function buildOpenApiDocument(): JsonSchema {
  const schemas: Record<string, JsonSchema> = { Error: jsonSchema(errorBodySchema, 'output') };
  const paths: Record<string, JsonSchema> = {};
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  for (const route of QUERY_ROUTES) {
    const parameters: JsonSchema[] = [];
    const add = (shape: Record<string, z.ZodType>, where: 'path' | 'query') => {
      for (const [name, field] of Object.entries(shape)) {
        const schema = jsonSchema(field, 'input');
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: where,
          required: where === 'path' || !field.safeParse(undefined).success,
          ...(description ? { description } : {}),
          schema: rest,
        });
      }
    };
    add(route.params.shape, 'path');
    add(route.query.shape, 'query');
    const name = componentName(route.operationId);
    schemas[name] = jsonSchema(route.response, 'output');
    paths[route.path] = {
      get: {
        operationId: route.operationId,
        summary: route.summary,
        description: route.description,
        parameters,
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
          },
          '400': errorResponse('Invalid parameters, or a cursor of another query.'),
          ...(route.notFound ? { '404': errorResponse('No such article.') } : {}),
          '403': errorResponse('On AWS: the request is not signed by an identity allowed to call the API.'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'article-pipeline query API',
      version: '1',
      description:
        'Read-only queries over the processed articles: the ResultsClient over HTTP. On AWS: API Gateway ' +
        'HTTP API, IAM-authorised (SigV4). Locally: the embedded stack serves it at the `api` endpoint of ' +
        'its READY line and stack.json. Listings are pages `{ items, cursor }`: pass `cursor` back for the next.',
    },
    paths,
    components: {
      schemas,
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS Signature Version 4 (execute-api) on AWS; none on the embedded stack.',
        },
      },
    },
    security: [{ sigv4: [] }],
  };
}
