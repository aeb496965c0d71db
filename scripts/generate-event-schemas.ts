// npm run events:schemas — writes the JSON Schema of every event detail (events/schemas/*.json) from
// the zod schemas in events/schemas.ts, and one complete sample event per type (events/samples/*.json)
// produced by the real code path from a short article written for it. A unit test fails when the
// committed files are stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { failedEvent, processedEvents } from '../shared/app/article-events.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { processArticleBytes } from '../shared/app/process-file.js';
import {
  DETAIL_SCHEMAS,
  DETAIL_TYPES,
  EVENT_SOURCE,
  type DetailType,
  type PipelineEvent,
} from '../events/schemas.js';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');

export const slug = (detailType: string) => detailType.toLowerCase().replace(/\s+/g, '-');

/** JSON Schema of a detail type (input view: extra fields allowed, so the contract can grow). */
export function jsonSchemaFor(detailType: DetailType): Record<string, unknown> {
  return {
    $id: `urn:article-pipeline:events:${slug(detailType)}`,
    ...z.toJSONSchema(DETAIL_SCHEMAS[detailType], { io: 'input' }),
    'x-eventbridge': { source: EVENT_SOURCE, 'detail-type': detailType },
  };
}

export const SAMPLE_ARTICLE = [
  'SPRINGFIELD, March 3. The new river bridge will open in May, Mayor Alice Brown said on Monday.',
  '"We are proud of this project," she told reporters at City Hall.',
].join('\n\n');

/** One EventBridge event per detail type, as a rule target receives it. */
export function sampleEvents(): Record<DetailType, unknown> {
  const source = { bucket: 'article-pipeline-articles', key: 'incoming/bridge.txt' };
  const processedAt = '2026-03-03T09:15:00.000Z';
  const analysis = processArticleBytes(new TextEncoder().encode(SAMPLE_ARTICLE), defaultModels(), source.key);
  const processed = processedEvents(analysis, 'text', source, processedAt);
  const failed = failedEvent(
    { bucket: source.bucket, key: 'incoming/scan.pdf' },
    'c0ffee'.repeat(10),
    null,
    {
      code: 'UNSUPPORTED_BINARY',
      message:
        'The file looks like a PDF document, not text. Upload the article as plain text, Markdown, HTML or JSON.',
    },
    processedAt,
  );
  const envelope = (e: PipelineEvent, n: number) => ({
    version: '0',
    id: `6a7e8feb-b491-4cf7-a9f1-bf3703467${String(n).padStart(3, '0')}`,
    'detail-type': e.detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: '2026-03-03T09:15:01Z',
    region: 'eu-west-1',
    resources: [],
    detail: e.detail,
  });
  return {
    [DETAIL_TYPES.statementProcessed]: envelope(processed[1] ?? processed[0]!, 1),
    [DETAIL_TYPES.articleProcessed]: envelope(processed.at(-1)!, 2),
    [DETAIL_TYPES.articleFailed]: envelope(failed, 3),
  };
}

async function main() {
  await mkdir(join(here, 'schemas'), { recursive: true });
  await mkdir(join(here, 'samples'), { recursive: true });
  const samples = sampleEvents();
  for (const detailType of Object.values(DETAIL_TYPES)) {
    const schemaFile = join(here, 'schemas', `${slug(detailType)}.json`);
    await writeFile(schemaFile, JSON.stringify(jsonSchemaFor(detailType), null, 2) + '\n');
    const sampleFile = join(here, 'samples', `${slug(detailType)}.json`);
    await writeFile(sampleFile, JSON.stringify(samples[detailType], null, 2) + '\n');
    process.stderr.write(`wrote ${schemaFile} and ${sampleFile}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
