// A bug in the NLP core (an exception it should never throw) must not take the pipeline down or
// loop through retries: the article is recorded FAILED with PROCESSING_ERROR and the message consumed.
// The core is replaced (ProcessArticleDeps.analyze) by a throwing stand-in: the one failure no real
// input is known to produce. Everything else is the real handler over the emulators.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/schemas.js';
import { createHandler, defaultDeps } from '../../functions/process-article/handler.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { articleIdFor, sha256Hex } from '../../shared/domain/ids.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { s3Record, sqsEvent, startStack, type Stack } from './handler-harness.js';

const throwingCore = () => {
  throw new RangeError('Maximum call stack size exceeded');
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

it('records an exception from the core as FAILED (PROCESSING_ERROR), once, without retrying', async () => {
  const handler = createHandler(() => ({ ...defaultDeps(), analyze: throwingCore }));
  const repo = new DynamoArticleRepository(createDocumentClient(), stack.tableName);
  const key = 'incoming/trigger.txt';
  const text = 'The minister said the talks went well.\n';
  await stack.put(key, text);
  const record = s3Record(stack.bucket, key);
  expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
  expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);

  const articleId = articleIdFor(sha256Hex(text));
  const source = await repo.getSource(stack.bucket, key);
  expect(source).toMatchObject({ status: 'FAILED', articleId, error: { code: 'PROCESSING_ERROR' } });
  expect(source!.error!.message).toMatch(/Maximum call stack/);
  expect(await repo.getArticle(articleId)).toMatchObject({ status: 'FAILED', error: source!.error });
  const failed = stack.events.filter((e) => e.detailType === DETAIL_TYPES.articleFailed);
  expect(failed).toHaveLength(1);
  expect(failed[0]!.detail).toMatchObject({ articleId, error: source!.error });
});
