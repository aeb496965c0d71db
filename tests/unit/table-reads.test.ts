// The shared table reads: BatchGetItem's unprocessed keys (which dynalite never returns) are asked
// again until none are left, and a table that keeps leaving some is an error, not a partial answer.
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGetAll, queryAll, type TableKey } from '../../shared/adapters/dynamodb/table-reads.js';

type Sent = BatchGetCommand | QueryCommand;

/** A document client that answers with the given function and records what was sent. */
function scriptedClient(answer: (command: Sent, call: number) => unknown) {
  const sent: Sent[] = [];
  const doc = {
    send: async (command: Sent) => {
      sent.push(command);
      return answer(command, sent.length);
    },
  } as unknown as DynamoDBDocumentClient;
  return { doc, sent };
}

const keysOf = (n: number): TableKey[] => Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'S' }));
const requested = (command: Sent) => (command as BatchGetCommand).input.RequestItems!.t!.Keys as TableKey[];

describe('batchGetAll', () => {
  it('asks 100 keys at a time and asks again for the keys left unprocessed', async () => {
    const { doc, sent } = scriptedClient((command, call) => {
      const keys = requested(command);
      // The first request leaves its last two keys unprocessed.
      const served = call === 1 ? keys.slice(0, -2) : keys;
      return {
        Responses: { t: served.map((k) => ({ ...k, found: true })) },
        UnprocessedKeys: call === 1 ? { t: { Keys: keys.slice(-2) } } : {},
      };
    });
    const items = await batchGetAll(doc, 't', keysOf(150), { attempts: 3, baseDelayMs: 1 });
    expect(sent.map((c) => requested(c).length)).toEqual([100, 2, 50]);
    expect(new Set(items.map((i) => i.pk)).size).toBe(150);
  });

  it('throws when keys stay unprocessed after the last attempt', async () => {
    const { doc, sent } = scriptedClient((command) => ({
      Responses: { t: [] },
      UnprocessedKeys: { t: { Keys: requested(command) } },
    }));
    await expect(batchGetAll(doc, 't', keysOf(3), { attempts: 3, baseDelayMs: 1 })).rejects.toThrow(
      /unprocessed keys/,
    );
    expect(sent).toHaveLength(3);
  });
});

describe('queryAll', () => {
  it('follows LastEvaluatedKey to the last page', async () => {
    const { doc, sent } = scriptedClient((_command, call) => ({
      Items: [{ page: call }],
      LastEvaluatedKey: call < 3 ? { pk: 'P', sk: String(call) } : undefined,
    }));
    const items = await queryAll(doc, { TableName: 't', KeyConditionExpression: 'pk = :p' });
    expect(items.map((i) => i.page)).toEqual([1, 2, 3]);
    expect((sent[2] as QueryCommand).input.ExclusiveStartKey).toEqual({ pk: 'P', sk: '2' });
  });
});
