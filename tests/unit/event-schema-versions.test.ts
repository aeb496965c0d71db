// Event schema versions: within a major version every published schema stays readable by the
// consumers of the ones before it, and the current zod schemas do not break the published one.
// A change that removes or retypes a field, or makes one required, fails here until it becomes a
// new major version (a bump of `schemaVersion`, a new events/schemas/v<n>/ directory).
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { breakingChanges, type JsonSchema } from '../../events/compatibility.js';
import {
  historyFiles,
  publishedSchemas,
  registrySchemaName,
  schemaFile,
  schemaMajor,
} from '../../events/schema-files.js';
import {
  articleFailedSchema,
  articleProcessedSchema,
  DETAIL_TYPES,
  statementEntitySchema,
  statementProcessedSchema,
} from '../../events/schemas.js';
import { jsonSchemaFor, plannedSchemaUpdate } from '../../scripts/generate-event-schemas.js';
import { entityTypeSchema, quoteSchema } from '../../shared/domain/schema.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', target: 'draft-4' }) as JsonSchema;
const paths = (published: JsonSchema, current: JsonSchema) =>
  breakingChanges(published, current).map((c) => `${c.path}: ${c.change}`);

describe('published event schemas', () => {
  it.each(Object.values(DETAIL_TYPES))('%s: the current schema does not break the published one', (type) => {
    const major = schemaMajor(type);
    const history = historyFiles(type, major);
    expect(history.length, `no published history for ${type} v${major}`).toBeGreaterThan(0);
    const published = readJson(history.at(-1)!);
    expect(paths(published, jsonSchemaFor(type))).toEqual([]);
    expect(plannedSchemaUpdate(type).status).toBe('unchanged');
  });

  it.each(Object.values(DETAIL_TYPES))('%s: each version in the history reads every later one', (type) => {
    const major = schemaMajor(type);
    const versions = historyFiles(type, major).map(readJson);
    for (let i = 1; i < versions.length; i++) expect(paths(versions[i - 1]!, versions[i]!)).toEqual([]);
    expect(readJson(schemaFile(type, major))).toEqual(versions.at(-1));
  });

  it('lists one registry schema per detail type and major version', () => {
    const published = publishedSchemas();
    expect(published.map((p) => [p.detailType, p.major])).toEqual(
      expect.arrayContaining(Object.values(DETAIL_TYPES).map((t) => [t, schemaMajor(t)])),
    );
    expect(registrySchemaName('Statement Processed', 1)).toBe('article-pipeline@StatementProcessed');
    expect(registrySchemaName('Statement Processed', 2)).toBe('article-pipeline@StatementProcessedV2');
    for (const p of published)
      expect(JSON.parse(p.content)).toHaveProperty('$schema', 'http://json-schema.org/draft-04/schema#');
  });
});

describe('breaking-change detection', () => {
  const current = toSchema(statementProcessedSchema);

  // Changes the other engineers are planning: optional fields are additive.
  const additive: Array<[string, z.ZodType]> = [
    [
      'a new optional field (pipeline version)',
      statementProcessedSchema.extend({ pipelineVersion: z.string().optional() }),
    ],
    [
      'a new optional field (a list)',
      statementProcessedSchema.extend({ relatedArticles: z.array(z.string()).optional() }),
    ],
    [
      'a new optional field inside quotes (confidence of the cue)',
      statementProcessedSchema.extend({
        quotes: z.array(
          quoteSchema
            .omit({ statementIndex: true })
            .extend({ cueConfidence: z.number().min(0).max(1).optional() }),
        ),
      }),
    ],
    [
      'a changed description',
      statementProcessedSchema.extend({ text: z.string().meta({ description: 'The words.' }) }),
    ],
    [
      'a new enum value',
      statementProcessedSchema.extend({
        entities: z.array(
          statementEntitySchema.extend({ type: z.enum([...entityTypeSchema.options, 'EVENT']) }),
        ),
      }),
    ],
  ];
  it.each(additive)('accepts %s', (_name, changed) => {
    expect(paths(current, toSchema(changed))).toEqual([]);
  });

  const breaking: Array<[string, z.ZodType, string]> = [
    ['a removed required field', statementProcessedSchema.omit({ text: true }), '$.text: removed'],
    [
      'a removed optional field',
      statementProcessedSchema.omit({ textTruncated: true }),
      '$.textTruncated: removed',
    ],
    [
      'a retyped field',
      statementProcessedSchema.extend({ index: z.string() }),
      '$.index: retyped from integer to string',
    ],
    [
      'a field made nullable',
      statementProcessedSchema.extend({ text: z.string().nullable() }),
      '$.text: retyped from string to string | null',
    ],
    [
      'a nullable field made non-null',
      statementProcessedSchema.extend({
        article: z.object({
          title: z.string(),
          publishedAt: z.string().nullable(),
          statementCount: z.number().int().min(0),
        }),
      }),
      '$.article.title: retyped from string | null to string',
    ],
    [
      'a new required field',
      statementProcessedSchema.extend({ checksum: z.string() }),
      '$.checksum: added as a required field (make it optional)',
    ],
    [
      'an optional field made required',
      statementProcessedSchema.extend({ textTruncated: z.boolean() }),
      '$.textTruncated: newly required (events published before lack it)',
    ],
    [
      'a required field made optional',
      statementProcessedSchema.extend({ articleId: z.string().optional() }),
      '$.articleId: no longer required (consumers may rely on it being there)',
    ],
    [
      'a date-time turned into a date',
      statementProcessedSchema.extend({ processedAt: z.iso.date() }),
      '$.processedAt: retyped from string(date-time) to string(date)',
    ],
    [
      'a field removed deep inside an array of objects',
      statementProcessedSchema.extend({
        quotes: z.array(quoteSchema.omit({ statementIndex: true, cue: true })),
      }),
      '$.quotes[].cue: removed',
    ],
    [
      'an enum value removed',
      statementProcessedSchema.extend({
        quotes: z.array(
          quoteSchema.omit({ statementIndex: true }).extend({ type: z.enum(['direct', 'indirect']) }),
        ),
      }),
      '$.quotes[].type: enum value(s) removed: "mixed"',
    ],
  ];
  it.each(breaking)('rejects %s', (_name, changed, expected) => {
    expect(paths(current, toSchema(changed))).toContain(expected);
  });

  it('checks the other event types the same way', () => {
    expect(
      paths(toSchema(articleProcessedSchema), toSchema(articleProcessedSchema.omit({ counts: true }))),
    ).toEqual(['$.counts: removed']);
    expect(
      paths(toSchema(articleFailedSchema), toSchema(articleFailedSchema.extend({ articleId: z.string() }))),
    ).toEqual(['$.articleId: retyped from string | null to string']);
  });
});
