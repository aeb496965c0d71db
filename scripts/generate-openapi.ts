// npm run api:openapi — writes docs/openapi.json, the query API's OpenAPI document generated from the
// route table and its zod schemas (functions/query-api/openapi.ts). A unit test fails when the committed
// file is stale.
import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from '../functions/query-api/openapi.js';

export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);

await writeFile(OPENAPI_FILE, JSON.stringify(buildOpenApiDocument(), null, 2) + '\n');
process.stderr.write(`wrote ${OPENAPI_FILE.pathname}\n`);
