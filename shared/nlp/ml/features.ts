import { doubled } from '../typed-arrays.js';
import { featureHash, hashLower, hashString } from './hash.js';

/**
 * Hashed features of one sequence, stored flat: the features of token i are
 * `ids[offsets[i] .. offsets[i + 1])`. Reusable (`reset()`) so the hot path allocates nothing.
 */
export class FeatureSequence {
  ids: Uint32Array;
  offsets: Uint32Array;
  /** Number of finished tokens. */
  length = 0;
  private count = 0;

  constructor(tokenCapacity = 64, featuresPerToken = 48) {
    this.ids = new Uint32Array(tokenCapacity * featuresPerToken);
    this.offsets = new Uint32Array(tokenCapacity + 1);
  }

  reset(): this {
    this.length = 0;
    this.count = 0;
    this.offsets[0] = 0;
    return this;
  }

  /** Adds an already hashed feature to the current token. */
  add(hash: number): void {
    if (this.count === this.ids.length) this.ids = doubled(this.ids);
    this.ids[this.count++] = hash;
  }

  /**
   * Adds feature (template, value hash[, second value hash]): featureHash's mixHash rounds written out
   * here, on the hot path, where V8 did not inline the calls; a loop over the two rounds measured ~15 %
   * slower (tests check this agrees with featureHash).
   */
  addFeature(template: number, value: number, value2?: number): void {
    let h = Math.imul(template ^ 0x9e3779b9, 0x85ebca6b) ^ value;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h = h >>> 0 || 1;
    if (value2 !== undefined) {
      h = Math.imul(h ^ 0x9e3779b9, 0x85ebca6b) ^ value2;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h = h >>> 0 || 1;
    }
    if (this.count === this.ids.length) this.ids = doubled(this.ids);
    this.ids[this.count++] = h;
  }

  /** Adds feature (template, s[start,end)) hashing the characters in place. */
  addString(template: number, s: string, start = 0, end = s.length): void {
    this.add(featureHash(template, hashString(s, start, end)));
  }

  /** Same, lowercased. */
  addLower(template: number, s: string, start = 0, end = s.length): void {
    this.add(featureHash(template, hashLower(s, start, end)));
  }

  /** Closes the current token; the next add() starts the following token. */
  endToken(): void {
    if (this.length + 1 >= this.offsets.length) this.offsets = doubled(this.offsets);
    this.length++;
    this.offsets[this.length] = this.count;
  }

  /** Features of token i (a view; copy it if you keep it past reset()). */
  token(i: number): Uint32Array {
    return this.ids.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  /** A compact copy (for training sets). */
  clone(): FeatureSequence {
    const c = new FeatureSequence(0, 0);
    c.ids = this.ids.slice(0, this.count);
    c.offsets = this.offsets.slice(0, this.length + 1);
    c.length = this.length;
    c.count = this.count;
    return c;
  }

  /** Builds a sequence from per-token lists of hashes (convenient in tests and small tools). */
  static from(tokens: ArrayLike<number>[]): FeatureSequence {
    const seq = new FeatureSequence(tokens.length + 1, 8);
    for (const t of tokens) {
      for (let j = 0; j < t.length; j++) seq.add(t[j]!);
      seq.endToken();
    }
    return seq;
  }
}
