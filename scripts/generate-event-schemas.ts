// npm run events:schemas — writes the JSON Schema (draft 4, the format the EventBridge schema
// registry takes) of every event detail from the zod schemas in events/schemas.ts into
// events/schemas/v<major>/<slug>.json, appending it to that major's history when it changed, and one
// complete sample event per type (events/samples/*.json) produced by the real code path from a short
// article written for it. A changed schema that would break consumers of the published one (see
// events/compatibility.ts) is refused: it needs a new major version (bump `schemaVersion`). Unit
// tests fail when a committed schema is stale; the samples are only checked to be valid events, since
// their content follows the NLP output, so regenerate them when that changes.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { deletedEvent, failedEvent, processedEvents } from '../shared/app/article-events.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { processArticleBytes } from '../shared/app/process-file.js';
import { breakingChanges, type BreakingChange } from '../events/compatibility.js';
import { historyFiles, majorDir, schemaFile, schemaMajor, slug } from '../events/schema-files.js';
import {
  DETAIL_SCHEMAS,
  DETAIL_TYPES,
  EVENT_SOURCE,
  type DetailType,
  type PipelineEvent,
} from '../events/schemas.js';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'events');

export { slug };

/** JSON Schema (draft 4) of a detail type (input view: extra fields allowed, so the contract can grow). */
export function jsonSchemaFor(detailType: DetailType): Record<string, unknown> {
  const major = schemaMajor(detailType);
  const { $schema, ...schema } = z.toJSONSchema(DETAIL_SCHEMAS[detailType], {
    io: 'input',
    target: 'draft-4',
  });
  return {
    $schema,
    id: `urn:article-pipeline:events:v${major}:${slug(detailType)}`,
    ...schema,
    'x-eventbridge': { source: EVENT_SOURCE, 'detail-type': detailType, schemaVersion: major },
  };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** What `npm run events:schemas` would do for a detail type, or why it refuses. */
export function plannedSchemaUpdate(
  detailType: DetailType,
):
  | { status: 'unchanged' | 'new-version'; major: number; version: number; schema: Record<string, unknown> }
  | { status: 'breaking'; major: number; changes: BreakingChange[] } {
  const major = schemaMajor(detailType);
  const schema = jsonSchemaFor(detailType);
  const history = historyFiles(detailType, major);
  const last = history.length ? readJson(history.at(-1)!) : null;
  if (last && isDeepStrictEqual(last, JSON.parse(JSON.stringify(schema))))
    return { status: 'unchanged', major, version: history.length, schema };
  const changes = last ? breakingChanges(last, schema) : [];
  if (changes.length) return { status: 'breaking', major, changes };
  return { status: 'new-version', major, version: history.length + 1, schema };
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
  // A reprocessed article (the pipeline version changed): its events say what they supersede.
  const processed = processedEvents(analysis, 'text', source, processedAt, {
    pipelineVersion: 'pv-5d41402abc4b',
    supersedes: { articleId: analysis.article.id, pipelineVersion: 'pv-7d793037a076', reason: 'reprocessed' },
  });
  const deleted = deletedEvent(
    'art_0a4d55a8d778e5022fab',
    'replaced',
    analysis.article.id,
    source,
    processedAt,
    `replaced:${analysis.article.id}`,
  );
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
    [DETAIL_TYPES.articleDeleted]: envelope(deleted, 4),
  };
}

async function main() {
  const plans = Object.values(DETAIL_TYPES).map((t) => [t, plannedSchemaUpdate(t)] as const);
  const refused = plans.filter(([, plan]) => plan.status === 'breaking');
  if (refused.length) {
    for (const [detailType, plan] of refused) {
      if (plan.status !== 'breaking') continue;
      process.stderr.write(
        `${detailType}: this change breaks consumers of schema v${plan.major}:\n` +
          plan.changes.map((c) => `  ${c.path}: ${c.change}\n`).join(''),
      );
    }
    process.stderr.write(
      'Nothing written. Make the change additive (a new optional field), or publish a new major version: ' +
        'bump `schemaVersion` in events/schemas.ts (v1 stays published for existing consumers).\n',
    );
    process.exitCode = 1;
    return;
  }
  await mkdir(join(here, 'samples'), { recursive: true });
  const samples = sampleEvents();
  for (const [detailType, plan] of plans) {
    if (plan.status === 'breaking') continue;
    const text = JSON.stringify(plan.schema, null, 2) + '\n';
    await mkdir(join(majorDir(plan.major), 'history'), { recursive: true });
    const file = schemaFile(detailType, plan.major);
    await writeFile(file, text);
    const versioned = join(majorDir(plan.major), 'history', `${slug(detailType)}.${plan.version}.json`);
    if (plan.status === 'new-version' || !existsSync(versioned)) await writeFile(versioned, text);
    const sampleFile = join(here, 'samples', `${slug(detailType)}.json`);
    await writeFile(sampleFile, JSON.stringify(samples[detailType], null, 2) + '\n');
    process.stderr.write(
      `${detailType}: v${plan.major} version ${plan.version} (${plan.status}) → ${file}; sample → ${sampleFile}\n`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
