import type { Span } from '../../domain/schema.js';
import type { Quotation } from './marks.js';

// The spans of a list that overlap a range, for per-unit lookups that must not rescan the whole list
// (a scan per unit is quadratic: issue 13). When the list is sorted by start with non-decreasing ends
// (quotations that do not nest, the common case) a binary search finds the first one and the walk stops
// at the range's end; otherwise the list is scanned. Either way: the same spans, in the same order, as
// `spans.filter((q) => q.start < end && q.end > start)`. Lists are only ever appended to, so the
// ordering check is cached per list and redone when its length changes.

const ordering = new WeakMap<readonly Span[], { length: number; ordered: boolean }>();

/** The list asked about last and its answer (most calls ask about one list many times in a row). */
let lastList: readonly Span[] | null = null;
let lastAnswer = { length: 0, ordered: true };

function isOrdered(spans: readonly Span[]): boolean {
  if (spans === lastList && lastAnswer.length === spans.length) return lastAnswer.ordered;
  const known = ordering.get(spans);
  lastList = spans;
  if (known && known.length === spans.length) {
    lastAnswer = known;
    return known.ordered;
  }
  let ordered = true;
  for (let i = 1; i < spans.length && ordered; i++) {
    ordered = spans[i - 1]!.start <= spans[i]!.start && spans[i - 1]!.end <= spans[i]!.end;
  }
  lastAnswer = { length: spans.length, ordered };
  ordering.set(spans, lastAnswer);
  return ordered;
}

/**
 * The first index in [0, n) where `isBefore` stops holding (n if it never does), for a predicate that
 * holds on a prefix of the list: the binary search every look-up below shares.
 */
export function partitionPoint(n: number, isBefore: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Spans with `q.start < end && q.end > start`, in list order. */
export function overlapping<T extends Span>(spans: readonly T[], start: number, end: number): T[] {
  if (!isOrdered(spans)) return spans.filter((q) => q.start < end && q.end > start);
  const lo = partitionPoint(spans.length, (i) => spans[i]!.end <= start);
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
  const lo = partitionPoint(spans.length, (i) => spans[i]!.start <= pos);
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
  const lo = partitionPoint(c.ends.length, (i) => c.ends[i]! < start);
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
  const lo = partitionPoint(c.starts.length, (i) => c.starts[i]! <= pos);
  return lo > 0 && pos < c.ends[lo - 1]!;
}

/** A list's spans (as `spanOf` gives them) sorted by start, with the running maximum of their ends. */
interface Reach {
  length: number;
  starts: number[];
  maxEnds: number[];
}
type Projection = (item: never) => Span | null | undefined;
const reaches = new WeakMap<readonly object[], Map<Projection, Reach>>();

function reachOf<T extends object>(list: readonly T[], spanOf: (item: T) => Span | null | undefined): Reach {
  let byProjection = reaches.get(list);
  if (!byProjection) reaches.set(list, (byProjection = new Map<Projection, Reach>()));
  const known = byProjection.get(spanOf);
  if (known && known.length === list.length) return known;
  const spans = list.map(spanOf).filter((s): s is Span => !!s);
  spans.sort((a, b) => a.start - b.start);
  const maxEnds: number[] = [];
  for (const s of spans) maxEnds.push(Math.max(s.end, maxEnds[maxEnds.length - 1] ?? -Infinity));
  const reach = { length: list.length, starts: spans.map((s) => s.start), maxEnds };
  byProjection.set(spanOf, reach);
  return reach;
}

/**
 * Whether any item's span overlaps [start, end), as `list.some((x) => overlaps(spanOf(x), range))`: of
 * the spans starting before `end`, the one reaching furthest decides. For lists that are not changed
 * while they are asked about (rebuilt when their length changes); `spanOf` must be one function, not
 * a new closure per call, and the items' spans must not move.
 */
export function anyOverlaps<T extends object>(
  list: readonly T[],
  spanOf: (item: T) => Span | null | undefined,
  start: number,
  end: number,
): boolean {
  const { starts, maxEnds } = reachOf(list, spanOf);
  const lo = partitionPoint(starts.length, (i) => starts[i]! < end);
  return lo > 0 && maxEnds[lo - 1]! > start;
}

/** A span as its own span: the projection for `anyOverlaps` over a list of spans. */
export const selfSpan = <T extends Span>(s: T): T => s;

/** Whether any span starts in [from, to), as `spans.some((x) => x.start >= from && x.start < to)`. */
export function anyStartingIn(spans: readonly Span[], from: number, to: number): boolean {
  return anyOverlaps(spans, startPoint, from, to);
}
const startPoint = (s: Span): Span => ({ start: s.start, end: s.start + 1 });

/**
 * Spans by start (binary search), for look-ups that would otherwise scan every sentence or quotation of
 * the document once per paragraph or per tagger attribution (quadratic in the article's length).
 */
export class StartIndex {
  /** Indices into the spans, by start (stable). */
  private readonly order: number[];

  constructor(private readonly spans: readonly Span[]) {
    this.order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || a - b);
  }

  /** Position in `order` of the first span starting at or after `pos`. */
  private lowerBound(pos: number): number {
    return partitionPoint(this.order.length, (i) => this.spans[this.order[i]!]!.start < pos);
  }

  /** Indices of the spans starting in [from, to), in their original order. */
  startingIn(from: number, to: number): number[] {
    const out: number[] = [];
    for (let k = this.lowerBound(from); k < this.order.length; k++) {
      const i = this.order[k]!;
      if (this.spans[i]!.start >= to) break;
      out.push(i);
    }
    return out.sort((a, b) => a - b);
  }
}

const startIndexes = new WeakMap<readonly Span[], { length: number; index: StartIndex }>();

/** The spans starting in [from, to), in list order, as `spans.filter((x) => x.start >= from && x.start < to)`. */
export function startingIn<T extends Span>(spans: readonly T[], from: number, to: number): T[] {
  let known = startIndexes.get(spans);
  if (!known || known.length !== spans.length) {
    known = { length: spans.length, index: new StartIndex(spans) };
    startIndexes.set(spans, known);
  }
  return known.index.startingIn(from, to).map((i) => spans[i]!);
}

/** Index of the first span holding `pos` (start ≤ pos < end), as `findIndex` answers, or -1. */
export function firstHolding(spans: readonly Span[], pos: number): number {
  if (!isOrdered(spans)) return spans.findIndex((s) => s.start <= pos && pos < s.end);
  // Ordered: the spans ending after pos are a suffix, those starting by pos a prefix.
  const lo = partitionPoint(spans.length, (i) => spans[i]!.end <= pos);
  return lo < spans.length && spans[lo]!.start <= pos ? lo : -1;
}

/** Index of the last span (in list order) starting at or before `pos`, or -1. */
export function lastStartingBy(spans: readonly Span[], pos: number): number {
  if (!isOrdered(spans)) return spans.findLastIndex((s) => s.start <= pos);
  const lo = partitionPoint(spans.length, (i) => spans[i]!.start <= pos);
  return lo - 1;
}

const members = new WeakMap<readonly object[], { taken: number; set: Set<object> }>();

/**
 * Whether a list that is only ever appended to holds an item, as `includes` answers: a set of its items
 * is kept and topped up with those appended since the last question.
 */
export function includesGrowing<T extends object>(list: readonly T[], item: T): boolean {
  let known = members.get(list);
  if (!known || known.taken > list.length) members.set(list, (known = { taken: 0, set: new Set() }));
  for (; known.taken < list.length; known.taken++) known.set.add(list[known.taken]!);
  return known.set.has(item);
}

/** Index of the first span (in list order) starting at or after `pos`, or -1. */
export function firstStartingFrom(spans: readonly Span[], pos: number): number {
  if (!isOrdered(spans)) return spans.findIndex((s) => s.start >= pos);
  const lo = partitionPoint(spans.length, (i) => spans[i]!.start < pos);
  return lo < spans.length ? lo : -1;
}

const inners = new WeakMap<readonly Quotation[], Span[]>();

/** Index of the first quotation whose words (marks excluded) hold `pos`, as `findIndex` answers, or -1. */
export function quotationWordsAt(quotations: readonly Quotation[], pos: number): number {
  let spans = inners.get(quotations);
  if (!spans || spans.length !== quotations.length) {
    spans = quotations.map((q) => ({ start: q.innerStart, end: q.innerEnd }));
    inners.set(quotations, spans);
  }
  return firstHolding(spans, pos);
}
