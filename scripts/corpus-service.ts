// What the scripts that push the corpus through the real application service and DynamoDB repository
// share (bench:writes, registry:report): an in-memory dynalite table, an object store that reads
// corpus files by path (the key is the path), and redelivery of a failed article as SQS would do it.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tableDefinition } from '../shared/adapters/dynamodb/create-table.js';
import {
  processArticle,
  type ProcessArticleDeps,
  type ProcessArticleRef,
  type ProcessOutcome,
} from '../shared/app/process-article.js';
import type { ObjectStore } from '../shared/app/ports.js';

export interface ScriptTable {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  table: ReturnType<typeof tableDefinition>;
  tableName: string;
  close: () => Promise<void>;
}

/** The pipeline's table in a dynalite held in memory, created and active. */
export async function startScriptTable(name: string): Promise<ScriptTable> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 8,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const table = tableDefinition(name);
  await client.send(new CreateTableCommand(table));
  return {
    client,
    doc,
    table,
    tableName: name,
    close: async () => {
      client.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Objects whose keys are paths of local files (the corpus), read as plain text. */
export const localFiles: ObjectStore = {
  get: async (ref) => ({
    bucket: ref.bucket,
    key: ref.key,
    bytes: readFileSync(ref.key),
    contentType: 'text/plain',
    eTag: undefined,
  }),
};

/**
 * Processes one article, retrying a thrown (transient) error up to 5 times as SQS would redeliver the
 * message (dynalite on a busy machine times out now and then). `onRetry` counts the retries.
 */
export async function processWithRedelivery(
  ref: ProcessArticleRef,
  deps: ProcessArticleDeps,
  onRetry: () => void = () => undefined,
): Promise<ProcessOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await processArticle(ref, deps);
    } catch (err) {
      if (attempt >= 5) throw err;
      onRetry();
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
