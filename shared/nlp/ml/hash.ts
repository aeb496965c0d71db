// Feature hashing: 32-bit FNV-1a over UTF-16 code units, and a murmur3-style mixer to combine a
// template id with value hashes without building strings in the hot path.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of s[start, end) (code units). Never returns 0 (0 marks an empty slot in weight tables). */
export function hashString(s: string, start = 0, end = s.length): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0 || 1;
}

/** FNV-1a of codes[0, n), as hashString hashes a string of those code units (no string built). */
export function hashCodes(codes: ArrayLike<number>, n: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < n; i++) {
    h ^= codes[i]!;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0 || 1;
}

/** FNV-1a of s[start, end) lowercased (ASCII and Latin-1 fast path, toLowerCase otherwise). */
export function hashLower(s: string, start = 0, end = s.length): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c >= 0xc0 && c <= 0xde && c !== 0xd7) c += 32;
    else if (c > 0xff) c = String.fromCharCode(c).toLowerCase().charCodeAt(0);
    h ^= c;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0 || 1;
}

/** Combines two 32-bit values into a well-distributed non-zero 32-bit hash (murmur3 finaliser). */
export function mixHash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

/** Hash of a feature made of a template id and one or two value hashes. */
export function featureHash(template: number, value: number, value2?: number): number {
  const h = mixHash(template, value);
  return value2 === undefined ? h : mixHash(h, value2);
}
