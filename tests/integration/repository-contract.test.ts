// The DynamoDB adapter on dynalite against the same contract as the in-memory fake
// (tests/unit/repository-fake.test.ts): what the fake promises, the real table does.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
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
