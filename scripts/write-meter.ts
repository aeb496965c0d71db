// Counts the DynamoDB capacity a repository consumes, item by item, as DynamoDB bills it: each write of
// an item costs ceil(max(size before, size after) / 1 KB) write units in the base table, and every
// global secondary index the item is in (before or after) costs the same again on its projected entry
// (a delete plus a put when the index key changes; nothing when neither its key nor a projected
// attribute changed). A proxy around the document client: the repository runs unchanged; the meter
// reads each written item before and after (unmetered) to size it. Benchmarks only: never in runtime code.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import { itemSize, writeUnits } from '../shared/adapters/dynamodb/item-size.js';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

interface IndexShape {
  name: string;
  keys: string[];
  /** null: every attribute (ALL); otherwise the non-key attributes projected. */
  projected: string[] | null;
}

export interface WriteMeterTotals {
  /** Write units by where they were spent: "table" or the index name. */
  writeUnits: Record<string, number>;
  /** Write units by the kind of item (its itemType attribute, else its sort-key prefix). */
  writeUnitsByKind: Record<string, number>;
  writeRequests: number;
  readUnits: number;
  readRequests: number;
  /** Largest item written, in bytes. */
  largestItemBytes: number;
}

const emptyTotals = (): WriteMeterTotals => ({
  writeUnits: {},
  writeUnitsByKind: {},
  writeRequests: 0,
  readUnits: 0,
  readRequests: 0,
  largestItemBytes: 0,
});

const add = (record: Record<string, number>, key: string, n: number) => {
  if (n) record[key] = (record[key] ?? 0) + n;
};

const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

export interface WriteMeterOptions {
  /**
   * Every write to the table goes through this meter, from an empty table (the benchmarks' fresh
   * tables): the meter then keeps each item as it last wrote it and reads none before writing it, nor a
   * put item after, so that its own reads barely slow the store (a handler's measured time stays close
   * to what it is without the meter). Only updates are read back.
   */
  soleWriter?: boolean;
}

/** One item a write request touches: its key, and the item itself when the request puts it whole. */
interface Written {
  key: Key;
  put?: Item;
  deleted?: boolean;
}

export class WriteMeter {
  totals: WriteMeterTotals = emptyTotals();
  private readonly tableKeys: string[];
  private readonly indexes: IndexShape[];
  /** The items as this meter last wrote them (soleWriter). */
  private readonly mirror: Map<string, Item | undefined> | null;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: CreateTableCommandInput,
    options: WriteMeterOptions = {},
  ) {
    this.mirror = options.soleWriter ? new Map() : null;
    this.tableKeys = (table.KeySchema ?? []).map((k) => k.AttributeName!);
    this.indexes = (table.GlobalSecondaryIndexes ?? []).map((gsi) => ({
      name: gsi.IndexName!,
      keys: (gsi.KeySchema ?? []).map((k) => k.AttributeName!),
      projected:
        gsi.Projection?.ProjectionType === 'ALL'
          ? null
          : gsi.Projection?.ProjectionType === 'INCLUDE'
            ? (gsi.Projection.NonKeyAttributes ?? [])
            : [],
    }));
  }

  reset(): WriteMeterTotals {
    const totals = this.totals;
    this.totals = emptyTotals();
    return totals;
  }

  /** A document client that sends through the real one and meters what it sends. */
  client(): DynamoDBDocumentClient {
    return { send: (command: unknown) => this.send(command) } as unknown as DynamoDBDocumentClient;
  }

  private async send(command: unknown): Promise<unknown> {
    if (command instanceof PutCommand) {
      const item = command.input.Item as Item;
      return this.metered([{ key: item, put: item }], () => this.doc.send(command));
    }
    if (command instanceof UpdateCommand) {
      return this.metered([{ key: command.input.Key as Key }], () => this.doc.send(command));
    }
    if (command instanceof DeleteCommand) {
      return this.metered([{ key: command.input.Key as Key, deleted: true }], () => this.doc.send(command));
    }
    if (command instanceof BatchWriteCommand) {
      const requests = command.input.RequestItems?.[this.table.TableName!] ?? [];
      const written = requests.map((r): Written => {
        const put = r.PutRequest?.Item as Item | undefined;
        return put ? { key: put, put } : { key: r.DeleteRequest!.Key as Key, deleted: true };
      });
      return this.metered(
        written,
        () => this.doc.send(command),
        (out) => {
          const unprocessed = (out as { UnprocessedItems?: Record<string, unknown[]> }).UnprocessedItems;
          return new Set(
            (unprocessed?.[this.table.TableName!] ?? []).map((r) =>
              this.keyId(
                ((r as { PutRequest?: { Item: Item } }).PutRequest?.Item ??
                  (r as { DeleteRequest?: { Key: Key } }).DeleteRequest?.Key) as Key,
              ),
            ),
          );
        },
      );
    }
    if (
      command instanceof GetCommand ||
      command instanceof QueryCommand ||
      command instanceof BatchGetCommand
    ) {
      (command.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const out = (await this.doc.send(command as GetCommand)) as {
        ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
      };
      const consumed = [out.ConsumedCapacity ?? []].flat();
      this.totals.readRequests++;
      this.totals.readUnits += consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      return out;
    }
    throw new Error(`The write meter does not know ${(command as object).constructor.name}.`);
  }

  private keyId(itemOrKey: Key): string {
    return JSON.stringify(this.tableKeys.map((k) => itemOrKey[k]));
  }

  private async get(itemOrKey: Key): Promise<Item | undefined> {
    const Key = Object.fromEntries(this.tableKeys.map((k) => [k, itemOrKey[k]]));
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table.TableName, Key, ConsistentRead: true }),
    );
    return out.Item as Item | undefined;
  }

  /** An item as it is before a write: as the meter last wrote it (soleWriter), else read. */
  private before(key: Key): Promise<Item | undefined> {
    if (!this.mirror) return this.get(key);
    return Promise.resolve(this.mirror.get(this.keyId(key)));
  }

  /** An item as a write left it: the put item, nothing after a delete, else read back. */
  private after(w: Written): Promise<Item | undefined> {
    if (!this.mirror) return this.get(w.key);
    if (w.put) return Promise.resolve(w.put);
    if (w.deleted) return Promise.resolve(undefined);
    return this.get(w.key);
  }

  private async metered<T>(
    written: Written[],
    write: () => Promise<T>,
    notWritten: (out: T) => Set<string> = () => new Set(),
  ): Promise<T> {
    const itemsOrKeys = written.map((w) => w.key);
    const before = await Promise.all(itemsOrKeys.map((k) => this.before(k)));
    this.totals.writeRequests++;
    let out: T;
    try {
      out = await write();
    } catch (err) {
      // A failed conditional write still consumes the units of the item it was checked against.
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') {
        const size = before[0] ? itemSize(before[0]) : 0;
        add(this.totals.writeUnits, 'table', writeUnits(size));
        add(
          this.totals.writeUnitsByKind,
          `${this.kind(before[0] ?? itemsOrKeys[0]!)} (failed condition)`,
          writeUnits(size),
        );
      }
      throw err;
    }
    const skipped = notWritten(out);
    const done = written.filter((w) => !skipped.has(this.keyId(w.key)));
    const after = await Promise.all(done.map((w) => this.after(w)));
    done.forEach((w, i) => {
      this.count(before[written.indexOf(w)], after[i], w.key);
      this.mirror?.set(this.keyId(w.key), after[i]);
    });
    return out;
  }

  private count(before: Item | undefined, after: Item | undefined, key: Key) {
    const kind = this.kind(after ?? before ?? key);
    const size = Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0);
    this.totals.largestItemBytes = Math.max(this.totals.largestItemBytes, after ? itemSize(after) : 0);
    const units = writeUnits(size);
    add(this.totals.writeUnits, 'table', units);
    add(this.totals.writeUnitsByKind, kind, units);
    for (const index of this.indexes) {
      const indexUnits = this.indexUnits(index, before, after);
      add(this.totals.writeUnits, index.name, indexUnits);
      add(this.totals.writeUnitsByKind, `${kind} → ${index.name}`, indexUnits);
    }
  }

  private entry(index: IndexShape, item: Item | undefined): Item | null {
    if (!item || index.keys.some((k) => item[k] === undefined)) return null;
    const names = new Set([...this.tableKeys, ...index.keys, ...(index.projected ?? Object.keys(item))]);
    return Object.fromEntries([...names].filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
  }

  private indexUnits(index: IndexShape, before: Item | undefined, after: Item | undefined): number {
    const old = this.entry(index, before);
    const next = this.entry(index, after);
    if (!old && !next) return 0;
    if (!old) return writeUnits(itemSize(next!));
    if (!next) return writeUnits(itemSize(old));
    if (index.keys.some((k) => !sameValue(old[k], next[k]))) {
      return writeUnits(itemSize(old)) + writeUnits(itemSize(next));
    }
    if (sameValue(old, next)) return 0;
    return writeUnits(Math.max(itemSize(old), itemSize(next)));
  }

  private kind(item: Item): string {
    if (typeof item.itemType === 'string') return item.itemType;
    const key = item[this.tableKeys[1] ?? ''] ?? item[this.tableKeys[0] ?? ''];
    const sk = typeof key === 'string' ? key : '';
    return sk.split('#')[0] ?? sk;
  }
}
