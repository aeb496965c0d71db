// The storage adapters the write-unit benchmark drives, over a (metered) document client; results too
// large for an item go to an in-memory stand-in for S3 that counts its PUTs.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoArticleRepository,
  type LargeResultStore,
} from '../shared/adapters/dynamodb/dynamo-repository.js';
import type { ArticleRepository } from '../shared/app/ports.js';

export function createStorage(
  doc: DynamoDBDocumentClient,
  tableName: string,
): { repo: ArticleRepository; s3Puts: () => number } {
  const objects = new Map<string, Uint8Array>();
  let puts = 0;
  const largeResults: LargeResultStore = {
    put: async (name, body) => {
      puts++;
      objects.set(name, body);
      return { bucket: 'results', key: name };
    },
    get: async (ref) => objects.get(ref.key) ?? new Uint8Array(),
    delete: async (ref) => void objects.delete(ref.key),
  };
  return { repo: new DynamoArticleRepository(doc, tableName, { largeResults }), s3Puts: () => puts };
}
