// The checked-in OpenAPI document is what the route table generates, and describes every route.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/query-api/openapi.js';
import { QUERY_ROUTES } from '../../functions/query-api/routes.js';

const committed = JSON.parse(
  readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
) as ReturnType<typeof buildOpenApiDocument>;

describe('OpenAPI document', () => {
  it('is up to date with the routes and their zod schemas', () => {
    expect(committed, 'docs/openapi.json is stale: run npm run api:openapi').toEqual(buildOpenApiDocument());
  });

  it('has one GET operation per route, with its path parameters and a response schema', () => {
    const paths = committed.paths as Record<string, { get: Record<string, unknown> }>;
    expect(Object.keys(paths).sort()).toEqual(QUERY_ROUTES.map((r) => r.path).sort());
    for (const route of QUERY_ROUTES) {
      const op = paths[route.path]!.get as {
        parameters: Array<{ name: string; in: string }>;
        responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
      };
      const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(inPath);
      const ref = op.responses['200']!.content['application/json'].schema.$ref;
      const name = ref.split('/').pop()!;
      expect((committed.components as { schemas: Record<string, unknown> }).schemas[name]).toBeDefined();
    }
  });
});
