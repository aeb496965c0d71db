import type { Span } from '../../domain/schema.js';

// The spans of a list that overlap a range, for per-unit lookups that must not rescan the whole list
// (a scan per unit is quadratic: issue 13). When the list is sorted by start with non-decreasing ends
// (quotations that do not nest, the common case) a binary search finds the first one and the walk stops
// at the range's end; otherwise the list is scanned. Either way: the same spans, in the same order, as
// `spans.filter((q) => q.start < end && q.end > start)`. Lists are only ever appended to, so the
// ordering check is cached per list and redone when its length changes.

const ordering = new WeakMap<readonly Span[], { length: number; ordered: boolean }>();

function isOrdered(spans: readonly Span[]): boolean {
  const known = ordering.get(spans);
  if (known && known.length === spans.length) return known.ordered;
  let ordered = true;
  for (let i = 1; i < spans.length && ordered; i++) {
    ordered = spans[i - 1]!.start <= spans[i]!.start && spans[i - 1]!.end <= spans[i]!.end;
  }
  ordering.set(spans, { length: spans.length, ordered });
  return ordered;
}

/** Spans with `q.start < end && q.end > start`, in list order. */
export function overlapping<T extends Span>(spans: readonly T[], start: number, end: number): T[] {
  if (!isOrdered(spans)) return spans.filter((q) => q.start < end && q.end > start);
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end > start) hi = mid;
    else lo = mid + 1;
  }
  const out: T[] = [];
  for (let i = lo; i < spans.length && spans[i]!.start < end; i++) out.push(spans[i]!);
  return out;
}

/**
 * Whether a position lies inside one of the spans, as `isInside` answers. On an ordered list the span
 * with the last start at or before the position has the largest end of all such spans: it alone decides.
 */
export function insideAny(spans: readonly Span[], pos: number): boolean {
  if (!isOrdered(spans)) return spans.some((q) => q.start <= pos && pos < q.end);
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && pos < spans[lo - 1]!.end;
}

/** The union of a list's spans so far, as disjoint sorted intervals, and how many spans it has taken in. */
interface Coverage {
  taken: number;
  starts: number[];
  ends: number[];
}
const coverages = new WeakMap<readonly Span[], Coverage>();

/** Adds [start, end) to the union, merging the intervals it overlaps or touches. */
function cover(c: Coverage, start: number, end: number): void {
  if (end <= start) return;
  // First interval whose end reaches start (it may merge), last whose start is at or before end.
  let lo = 0;
  let hi = c.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.ends[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last < c.starts.length && c.starts[last]! <= end) last++;
  const s = lo < last ? Math.min(start, c.starts[lo]!) : start;
  const e = lo < last ? Math.max(end, c.ends[last - 1]!) : end;
  c.starts.splice(lo, last - lo, s);
  c.ends.splice(lo, last - lo, e);
}

/**
 * Whether a position lies inside one of the spans of a list that grows by appending in any order (the
 * spans a rule pass has consumed), as `isInside` answers: the union of the spans taken in so far is kept
 * as sorted disjoint intervals and searched, so each question costs a logarithm, not a scan.
 */
export function insideGrowing(spans: readonly Span[], pos: number): boolean {
  let c = coverages.get(spans);
  if (!c || c.taken > spans.length) {
    c = { taken: 0, starts: [], ends: [] };
    coverages.set(spans, c);
  }
  for (; c.taken < spans.length; c.taken++) cover(c, spans[c.taken]!.start, spans[c.taken]!.end);
  let lo = 0;
  let hi = c.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.starts[mid]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && pos < c.ends[lo - 1]!;
}
