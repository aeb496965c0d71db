import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  GSI1,
  GSI1_PROJECTED_ATTRIBUTES,
  LEASE_INDEX,
  LEASE_INDEX_PROJECTED_ATTRIBUTES,
  TABLE_KEYS,
} from './table-design.js';

/** CreateTable input for the single table (dynalite, tests, scripts); the CDK stack mirrors table-design.ts. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      { AttributeName: GSI1.partitionKey, AttributeType: 'S' },
      { AttributeName: GSI1.sortKey, AttributeType: 'S' },
      { AttributeName: LEASE_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: LEASE_INDEX.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1.indexName,
        KeySchema: [
          { AttributeName: GSI1.partitionKey, KeyType: 'HASH' },
          { AttributeName: GSI1.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...GSI1_PROJECTED_ATTRIBUTES] },
      },
      {
        IndexName: LEASE_INDEX.indexName,
        KeySchema: [
          { AttributeName: LEASE_INDEX.partitionKey, KeyType: 'HASH' },
          { AttributeName: LEASE_INDEX.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...LEASE_INDEX_PROJECTED_ATTRIBUTES] },
      },
    ],
  };
}
