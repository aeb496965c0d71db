// SDK clients for a running local stack (from its stack.json), for commands that talk to it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StackInfo } from '../../infra/local/embedded-stack.js';
import { ResultsClient } from '../../shared/results/client.js';

const credentials = (info: StackInfo) => ({
  accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? 'local',
  secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? 'local',
});

export function localS3Client(info: StackInfo): S3Client {
  return new S3Client({
    endpoint: info.endpoints.s3,
    region: info.resources.region,
    credentials: credentials(info),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}

export function localDocumentClient(info: StackInfo): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint: info.endpoints.dynamodb,
    region: info.resources.region,
    credentials: credentials(info),
    maxAttempts: 2,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** A ResultsClient over the local stack's table (and its S3, for results kept there). */
export function localResultsClient(info: StackInfo): { client: ResultsClient; destroy: () => void } {
  const doc = localDocumentClient(info);
  const s3 = localS3Client(info);
  return {
    client: new ResultsClient({ tableName: info.resources.table, documentClient: doc, s3Client: s3 }),
    destroy: () => {
      doc.destroy();
      s3.destroy();
    },
  };
}
