// DynamoDB's item size, as it bills and limits items, computed on the plain values the document client
// writes (hand-written: the SDK has no such function). Rules from the DynamoDB developer guide
// ("Item sizes and formats"): attribute names count their UTF-8 bytes; strings their UTF-8 bytes;
// binary its bytes; a number 1 byte per two significant digits plus 1; null and booleans 1 byte;
// lists and maps 3 bytes plus 1 byte per element plus the elements (map keys count as names); sets
// the sum of their elements.

/** DynamoDB's hard limit on one item. */
export const MAX_DYNAMODB_ITEM_BYTES = 400 * 1024;
/** One write unit covers up to this many bytes of an item. */
export const WRITE_UNIT_BYTES = 1024;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function numberSize(n: number | bigint): number {
  const digits = String(n)
    .replace(/^-/, '')
    .replace(/e[+-]?\d+$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return digits.length === 0 ? 1 : Math.ceil(digits.length / 2) + 1;
}

export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let size = 0;
    for (const element of value as Set<unknown>) size += valueSize(element);
    return size;
  }
  if (Array.isArray(value)) {
    let size = 3;
    for (const element of value) size += 1 + valueSize(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [name, element] of Object.entries(value as Record<string, unknown>)) {
      if (element === undefined) continue;
      size += 1 + utf8Bytes(name) + valueSize(element);
    }
    return size;
  }
  throw new TypeError(`No DynamoDB size for a value of type ${typeof value}.`);
}

/** Size of an item (its attributes by name) as DynamoDB counts it. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8Bytes(name) + valueSize(value);
  }
  return size;
}

/** Write units one write of an item of this many bytes consumes (at least one). */
export const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
