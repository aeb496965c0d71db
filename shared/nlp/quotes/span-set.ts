// Small sorted-array helpers for lookups that must not scan everything (see SpeakerResolver).
import { partitionPoint } from './span-index.js';

/** A set of offsets given as half-open spans [start, end): "is this offset inside any of them?" in log time. */
export class SpanSet {
  /** Disjoint, sorted spans: the union of those added (touching ones merged). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(spans: Iterable<{ start: number; end: number }> = []) {
    for (const span of spans) this.add(span);
  }

  add({ start, end }: { start: number; end: number }): void {
    if (end <= start) return; // contains no offset
    // The spans that overlap or touch [start, end) are replaced by their union.
    const lo = lastBefore(this.ends, start, (e) => e) + 1; // first span ending at or after start
    let hi = lo;
    while (hi < this.starts.length && this.starts[hi]! <= end) hi++;
    if (hi > lo) {
      start = Math.min(start, this.starts[lo]!);
      end = Math.max(end, this.ends[hi - 1]!);
    }
    this.starts.splice(lo, hi - lo, start);
    this.ends.splice(lo, hi - lo, end);
  }

  has(offset: number): boolean {
    const i = lastBefore(this.starts, offset + 1, (s) => s); // last span starting at or before offset
    return i >= 0 && offset < this.ends[i]!;
  }
}

/** Index of the last element whose key is < `limit` in a list sorted by key, or -1. */
export function lastBefore<T>(list: readonly T[], limit: number, key: (item: T) => number): number {
  return partitionPoint(list.length, (i) => key(list[i]!) < limit) - 1;
}

/** Inserts into a sorted list after the elements that compare equal (keeps insertion order among ties). */
export function sortedInsert<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  list.splice(
    partitionPoint(list.length, (i) => compare(list[i]!, item) <= 0),
    0,
    item,
  );
}
