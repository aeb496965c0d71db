// Typed arrays that grow by doubling (offset tables, hash buffers).

/** A typed array twice as long holding the same values first. */
export function doubled(a: Int32Array): Int32Array<ArrayBuffer>;
export function doubled(a: Uint32Array): Uint32Array<ArrayBuffer>;
export function doubled(a: Int32Array | Uint32Array): Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> {
  const b = a instanceof Int32Array ? new Int32Array(a.length * 2) : new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
