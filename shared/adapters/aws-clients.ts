import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// Endpoints, region, credentials and checksum behaviour all come from the SDK's own default
// resolution (AWS_REGION, AWS_ENDPOINT_URL_S3 / _DYNAMODB / _EVENTBRIDGE,
// AWS_REQUEST_CHECKSUM_CALCULATION, ...). Nothing here knows whether it talks to AWS or an emulator.

/** S3_FORCE_PATH_STYLE=true: bucket in the path, not the host name (s3rver, LocalStack). Plain config. */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
}

export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function createEventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient({});
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set.`);
  return value;
}
