/**
 * Open-addressing map from non-zero uint32 keys (feature hashes) to int32 values, in typed arrays.
 * Much faster than Map for hash keys ≥ 2^30, which V8 stores as heap numbers.
 */
export class HashTable {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  private slot(key: number): number {
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift; // Fibonacci hashing: top bits
    let k = this.keys[s]!;
    while (k !== key && k !== 0) {
      s = (s + 1) & this.mask;
      k = this.keys[s]!;
    }
    return s;
  }

  /** The value for key, or `missing` (default -1). Key 0 is never present. */
  get(key: number, missing = -1): number {
    const s = this.slot(key >>> 0);
    return this.keys[s] === 0 ? missing : this.values[s]!;
  }

  has(key: number): boolean {
    return this.keys[this.slot(key >>> 0)] !== 0;
  }

  set(key: number, value: number): void {
    key >>>= 0;
    if (key === 0) throw new Error('HashTable keys must be non-zero');
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const s = this.slot(key);
    if (this.keys[s] === 0) {
      this.keys[s] = key;
      this.size++;
    }
    this.values[s] = value;
  }

  /** Bitwise-ors value into the entry (0 when absent). */
  or(key: number, value: number): void {
    this.set(key, this.get(key, 0) | value);
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift--;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i]!, values[i]!);
  }
}
