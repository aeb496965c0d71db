// Where the published event schemas live: one directory per major version (the detail's
// `schemaVersion`), the current schema of each detail type in it, and every version published
// within that major under history/ (numbered like the registry's versions). Written by
// `npm run events:schemas`; read by the CDK stack (schema registry) and the compatibility test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DETAIL_SCHEMAS, DETAIL_TYPES, EVENT_SOURCE, type DetailType } from './schemas.js';

export const SCHEMAS_DIR = fileURLToPath(new URL('./schemas/', import.meta.url));

export const slug = (detailType: string) => detailType.toLowerCase().replace(/\s+/g, '-');

/** The major version events of this type carry now (their `schemaVersion`). */
export function schemaMajor(detailType: DetailType): number {
  const literal = DETAIL_SCHEMAS[detailType].shape.schemaVersion;
  return Number(literal.value);
}

export const majorDir = (major: number) => join(SCHEMAS_DIR, `v${major}`);
/** The current schema of a detail type within a major version. */
export const schemaFile = (detailType: string, major: number) =>
  join(majorDir(major), `${slug(detailType)}.json`);

/** history/<slug>.<n>.json files of a major version, oldest first. */
export function historyFiles(detailType: string, major: number): string[] {
  const dir = join(majorDir(major), 'history');
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${slug(detailType)}\\.(\\d+)\\.json$`);
  return readdirSync(dir)
    .map((name) => ({ name, n: Number(pattern.exec(name)?.[1]) }))
    .filter(({ n }) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a.n - b.n)
    .map(({ name }) => join(dir, name));
}

/** Name of a detail type's schema in the EventBridge schema registry (AWS style: source@Type). */
export const registrySchemaName = (detailType: string, major: number) =>
  `${EVENT_SOURCE}@${detailType.replace(/\s+/g, '')}${major > 1 ? `V${major}` : ''}`;

export interface PublishedSchema {
  detailType: DetailType;
  major: number;
  file: string;
  /** The schema file's text (JSON Schema draft 4). */
  content: string;
}

/** Every published schema: each detail type in each major-version directory present. */
export function publishedSchemas(): PublishedSchema[] {
  const majors = existsSync(SCHEMAS_DIR)
    ? readdirSync(SCHEMAS_DIR)
        .map((name) => /^v(\d+)$/.exec(name)?.[1])
        .filter((m): m is string => m !== undefined)
        .map(Number)
        .sort((a, b) => a - b)
    : [];
  const out: PublishedSchema[] = [];
  for (const major of majors) {
    for (const detailType of Object.values(DETAIL_TYPES)) {
      const file = schemaFile(detailType, major);
      if (existsSync(file)) out.push({ detailType, major, file, content: readFileSync(file, 'utf8') });
    }
  }
  return out;
}
