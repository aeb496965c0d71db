// The DynamoDB adapter on dynalite against the same contract as the in-memory fake
// (tests/unit/repository-fake.test.ts): what the fake promises, the real table does.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/create-table.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { LEASE_INDEX } from '../../shared/adapters/dynamodb/table-design.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import { repositoryContract } from '../fakes/repository-contract.js';
import { startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let doc: DynamoDBDocumentClient;
let repo: DynamoArticleRepository;

beforeAll(async () => {
  stack = await startStack();
  doc = createDocumentClient();
  repo = new DynamoArticleRepository(doc, stack.tableName);
});
afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
});

describe('DynamoArticleRepository (dynalite)', () => {
  repositoryContract(() => repo);
});

describe('a table created before the lease index', () => {
  it('is Scanned for stuck articles instead (dynalite cannot add the index to a state dir)', async () => {
    const legacy = `${stack.tableName}-legacy`;
    const definition = tableDefinition(legacy);
    definition.GlobalSecondaryIndexes = definition.GlobalSecondaryIndexes!.filter(
      (i) => i.IndexName !== LEASE_INDEX.indexName,
    );
    const ddb = new DynamoDBClient({});
    await ddb.send(new CreateTableCommand(definition));
    ddb.destroy();
    const old = new DynamoArticleRepository(doc, legacy);
    const text = 'Anna Petrova said the plant would close.';
    const analysis: Analysis = {
      article: { id: 'art_legacy', title: null, text, contentHash: 'h', language: 'en', publishedAt: null },
      statements: [{ id: 'art_legacy:s0', index: 0, text, start: 0, end: text.length }],
      quotes: [],
      entities: [],
    };
    await old.claimArticle({
      analysis,
      format: 'text',
      source: { bucket: 'b', key: 'incoming/legacy.txt' },
      pipelineVersion: { id: 'pv', code: 'c', models: 'm' },
      now: '2026-01-01T00:00:00.000Z',
      owner: 'one',
      leaseUntil: '2026-01-01T00:02:00.000Z',
    });
    const stuck = async (now: string) => {
      const found = [];
      for await (const a of old.stuckArticles(now)) found.push(a);
      return found;
    };
    expect(await stuck('2026-01-01T00:01:00.000Z')).toEqual([]);
    expect(await stuck('2026-01-01T00:03:00.000Z')).toEqual([
      {
        articleId: 'art_legacy',
        source: { bucket: 'b', key: 'incoming/legacy.txt' },
        leaseUntil: '2026-01-01T00:02:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    await old.releaseArticle('art_legacy', 'one');
    expect(await stuck('2026-01-01T00:01:00.000Z')).toMatchObject([
      { articleId: 'art_legacy', leaseUntil: null },
    ]);
  });
});
