// Options of `query`, kept free of heavy imports: main.ts loads this eagerly, query.ts only when it runs.
import { InvalidArgumentError } from 'commander';
import { ENTITY_TYPES } from '../../shared/domain/entity-types.js';
import type { EntityType } from '../../shared/domain/schema.js';

export interface QueryOptions {
  stateDir: string;
  since?: string;
  until?: string;
  limit?: number;
  minConfidence?: number;
  type?: EntityType;
  status?: 'PROCESSED' | 'FAILED' | 'DELETED';
  top?: boolean;
  cursor?: string;
  /** jsonl (default): one JSON object per line; table: readable columns. */
  format?: 'jsonl' | 'table';
}

export const parseDate = (value: string): string => {
  if (
    !/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ||
    Number.isNaN(Date.parse(value))
  )
    throw new InvalidArgumentError('Not an ISO 8601 date (YYYY-MM-DD, or a timestamp).');
  return value;
};

export const parseLimit = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Not a positive whole number.');
  return n;
};

export const parseConfidence = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('Not a number from 0 to 1.');
  return n;
};

export const parseEntityType = (value: string): EntityType => {
  const type = value.toUpperCase();
  if (!(ENTITY_TYPES as readonly string[]).includes(type))
    throw new InvalidArgumentError(`Not an entity type (${ENTITY_TYPES.join(', ')}).`);
  return type as EntityType;
};
