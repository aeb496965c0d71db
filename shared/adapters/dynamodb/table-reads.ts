// The reads the write side (DynamoArticleRepository) and the read side (ResultsClient) both make of
// the one table: every page of a query, and many items by key with the keys DynamoDB leaves
// unprocessed asked again after a backoff.
import {
  BatchGetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type TableItem = Record<string, unknown>;
export type TableKey = { pk: string; sk: string };

/** How often, and after how long (doubled each time), unprocessed keys are asked again. */
export interface BatchRetry {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_BATCH_RETRY: BatchRetry = { attempts: 8, baseDelayMs: 50 };

/** BatchGetItem takes at most 100 keys a request. */
const BATCH_GET_KEYS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every item a query matches, following LastEvaluatedKey page after page. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<TableItem[]> {
  const items: TableItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as TableItem[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * The items under these keys (missing ones are left out; order is not kept), eventually consistent.
 * Throws when DynamoDB still leaves keys unprocessed after `retry.attempts` requests.
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requestKeys: TableKey[],
  retry: BatchRetry = DEFAULT_BATCH_RETRY,
): Promise<TableItem[]> {
  const found: TableItem[] = [];
  for (let i = 0; i < requestKeys.length; i += BATCH_GET_KEYS) {
    let pending = requestKeys.slice(i, i + BATCH_GET_KEYS);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= retry.attempts)
        throw new Error('DynamoDB kept returning unprocessed keys (BatchGetItem).');
      if (attempt) await sleep(retry.baseDelayMs * 2 ** attempt);
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      found.push(...((out.Responses?.[tableName] ?? []) as TableItem[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as TableKey[];
    }
  }
  return found;
}
