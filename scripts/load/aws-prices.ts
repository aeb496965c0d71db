// AWS list prices, us-east-1, on demand, without free tiers, for the cost model of `npm run bench:load`
// and `npm run bench:writes`. Written down on 2026-12-01 from the public pricing pages named with each
// price, as published there in 2025 (this machine has no web access, so they were not re-read that
// day): update a figure and PRICES_AS_OF together when AWS changes a price.
export const PRICES_AS_OF = 'figures as published in 2025, written down 2026-12-01';

export const PRICES = {
  /** https://aws.amazon.com/lambda/pricing/ (Arm: the function is arm64) */
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  /** https://aws.amazon.com/sqs/pricing/ (standard queue, per request; each 64 KB chunk is a request) */
  sqsRequest: 0.4 / 1e6,
  /** https://aws.amazon.com/s3/pricing/ (S3 Standard) */
  s3Get: 0.0004 / 1000,
  s3Put: 0.005 / 1000,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ (since the 2024-11-01 price cut) */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** https://aws.amazon.com/dynamodb/pricing/provisioned/ (per unit-hour; a unit-hour is 3,600 unit-seconds) */
  dynamoWriteCapacityUnitHour: 0.00065,
  dynamoReadCapacityUnitHour: 0.00013,
  /** https://aws.amazon.com/eventbridge/pricing/ (custom events, per 64 KB chunk of an entry) */
  eventBridgeEvent: 1 / 1e6,
  /**
   * Same page, archive and replay: archive processing per GB, storage per GB-month. Applied to whole
   * events as the archive keeps them (envelope included: scripts/load/request-counter.ts), stored for
   * the archive's retention. A replay bills the replayed events again as custom events: not part of
   * normal operation, not counted. Schema discovery (per event ingested) is not enabled: not counted.
   */
  eventArchivePerGb: 0.1,
  eventArchiveStoragePerGbMonth: 0.023,
  /** https://aws.amazon.com/cloudwatch/pricing/ (Logs, standard class: ingestion per GB) */
  logsIngestPerGb: 0.5,
  /**
   * https://aws.amazon.com/comprehend/pricing/ DetectEntities: $0.0001 per unit of 100 characters,
   * at least 3 units a request (a request takes at most 100 KB of text).
   */
  comprehendUnit: 0.0001,
} as const;

export const GB = 1024 ** 3;

/**
 * What a write or read unit costs on provisioned capacity kept at `utilizationPercent` by auto scaling:
 * a unit-hour serves 3,600 units, of which that share is used.
 */
export function provisionedUnitPrice(unitHour: number, utilizationPercent: number): number {
  return unitHour / 3600 / (utilizationPercent / 100);
}
