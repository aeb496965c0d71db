import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';

// How the table pays for throughput. On demand (the default) needs no planning and suits bursts. For a
// steady flow of articles, provisioned capacity with auto scaling costs less per write: the queue in
// front of the function already smooths uploads into a flow bounded by the function's maximum
// concurrency, so the table sees a rate auto scaling can follow; a burst above the scaled capacity is
// throttled, and throttling is retried (transient) through the queue, not lost. `npm run bench:load`
// prices both modes from the same measured write and read units.

/** Auto scaling bounds and target of a provisioned table (its index gets the same). */
export interface ProvisionedCapacity {
  mode: 'provisioned';
  minWrite: number;
  maxWrite: number;
  minRead: number;
  maxRead: number;
  /** Consumed / provisioned capacity auto scaling aims at, in percent. */
  targetUtilizationPercent: number;
}

export type TableCapacity = { mode: 'on-demand' } | ProvisionedCapacity;

/** Auto scaling's target when none is given: headroom for a rate rising faster than scaling reacts. */
export const DEFAULT_TARGET_UTILIZATION_PERCENT = 70;

/** Table props for the capacity mode (billing mode, and the starting provisioned units). */
export function tableBillingProps(
  capacity: TableCapacity,
): Pick<dynamodb.TableProps, 'billingMode' | 'readCapacity' | 'writeCapacity'> {
  if (capacity.mode === 'on-demand') return { billingMode: dynamodb.BillingMode.PAY_PER_REQUEST };
  return {
    billingMode: dynamodb.BillingMode.PROVISIONED,
    readCapacity: capacity.minRead,
    writeCapacity: capacity.minWrite,
  };
}

/** Index props for the capacity mode: a provisioned table's index starts at the same units. */
export function indexCapacityProps(
  capacity: TableCapacity,
): Pick<dynamodb.GlobalSecondaryIndexProps, 'readCapacity' | 'writeCapacity'> {
  return capacity.mode === 'on-demand'
    ? {}
    : { readCapacity: capacity.minRead, writeCapacity: capacity.minWrite };
}

/** Target tracking on reads and writes of the table and of each index (provisioned mode only). */
export function autoScaleTable(table: dynamodb.Table, capacity: TableCapacity, indexNames: string[]): void {
  if (capacity.mode === 'on-demand') return;
  const target = { targetUtilizationPercent: capacity.targetUtilizationPercent };
  const writes = { minCapacity: capacity.minWrite, maxCapacity: capacity.maxWrite };
  const reads = { minCapacity: capacity.minRead, maxCapacity: capacity.maxRead };
  table.autoScaleWriteCapacity(writes).scaleOnUtilization(target);
  table.autoScaleReadCapacity(reads).scaleOnUtilization(target);
  for (const indexName of indexNames) {
    table.autoScaleGlobalSecondaryIndexWriteCapacity(indexName, writes).scaleOnUtilization(target);
    table.autoScaleGlobalSecondaryIndexReadCapacity(indexName, reads).scaleOnUtilization(target);
  }
}
