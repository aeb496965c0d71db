// A terminal mark (. ! ? … with closing quotes and brackets) and what stands around it: the facts the
// sentence-boundary rules decide on.
import type { Span } from '../../domain/schema.js';
import { isSpace, OPENERS, wordAt, wordBefore } from './chars.js';

const CLOSERS = '”’"\'»)]';
const PERIOD_ONLY_RE = /^\.[”’"'»)\]]*$/;

// "@host." of an e-mail address, "://" or "www." of a URL.
const ADDRESS_ANCHOR_RE = /[\p{L}\p{N}]@[\p{L}\p{N}-]+\.|:\/\/|(?<!\p{L})www\./gu;
// "1." / "b." / "3.)" after a space or bracket (or the start) and before a space.
const LIST_MARKER_RE = /(?<![^\s(])((?:\d{1,2}|[a-zA-Z])\.\)?)(?=\s)/g;
/** How far an address may reach either side of its anchor (keeps pathological runs linear). */
const ADDRESS_REACH = 100;

/** A block of text the splitter cuts into sentences, with facts computed once for all its marks. */
export class Block {
  private addressSpans: Span[] | undefined;
  private openBrackets: number[] | undefined;
  private markers: Map<string, number[]> | undefined;
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {}

  /** E-mail addresses and URLs: the runs of non-space characters around an anchor, in order, merged. */
  addresses(): Span[] {
    this.addressSpans ??= this.findAddresses();
    return this.addressSpans;
  }

  /**
   * Where each possible list marker ("1.", "b.", "3.)") stands after a space or bracket and before a space:
   * positions of the label, in order, by marker text.
   */
  listMarkers(): Map<string, number[]> {
    if (!this.markers) {
      this.markers = new Map();
      for (const m of this.text.slice(this.start, this.end).matchAll(LIST_MARKER_RE)) {
        const positions = this.markers.get(m[1]!) ?? [];
        positions.push(this.start + m.index);
        this.markers.set(m[1]!, positions);
      }
    }
    return this.markers;
  }

  /** Positions of the opening brackets "(" and "[", in order. */
  opens(): number[] {
    if (!this.openBrackets) {
      this.openBrackets = [];
      const body = this.text.slice(this.start, this.end);
      for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '(' || c === '[') this.openBrackets.push(this.start + i);
      }
    }
    return this.openBrackets;
  }

  private findAddresses(): Span[] {
    const spans: Span[] = [];
    for (const m of this.text.slice(this.start, this.end).matchAll(ADDRESS_ANCHOR_RE)) {
      const anchor = this.start + m.index;
      let a = anchor;
      while (a > Math.max(this.start, anchor - ADDRESS_REACH) && !isSpace(this.text[a - 1])) a--;
      let b = anchor + m[0].length;
      while (b < Math.min(this.end, anchor + ADDRESS_REACH) && !isSpace(this.text[b])) b++;
      const last = spans[spans.length - 1];
      if (last && a <= last.end) last.end = Math.max(last.end, b);
      else spans.push({ start: a, end: b });
    }
    return spans;
  }
}

/** A terminal mark, text[start, end), closers included, inside a block. Words around it are read on demand. */
export class Mark {
  readonly text: string;
  readonly blockStart: number;
  readonly blockEnd: number;
  /** The mark itself: ".", "?”", "...", ".)". */
  readonly mark: string;
  /** A single period, perhaps with closers: the ambiguous case (abbreviations, initials, numbers). */
  readonly periodOnly: boolean;
  /** The mark ends with a closing quote or bracket. */
  readonly hasCloser: boolean;
  /** Position of the first non-space character after the mark (the mark's end when none follows). */
  readonly next: number;
  /** The first letter after the mark and any opening quotes or brackets. */
  readonly firstLetter: string | undefined;
  /** Opening quotes or brackets stand between the mark and that letter. */
  readonly opened: boolean;
  private wordCache: string | undefined;
  private nextWordCache: string | undefined;

  constructor(
    readonly block: Block,
    readonly start: number,
    readonly end: number,
  ) {
    const { text } = block;
    this.text = text;
    this.blockStart = block.start;
    this.blockEnd = block.end;
    this.mark = text.slice(start, end);
    let next = end;
    if (isSpace(text[end])) while (next < block.end && isSpace(text[next])) next++;
    let letter = next;
    while (letter < block.end && OPENERS.includes(text[letter]!)) letter++;
    this.next = next;
    this.firstLetter = text[letter];
    this.opened = letter > next;
    this.periodOnly = this.mark[0] === '.' && PERIOD_ONLY_RE.test(this.mark);
    this.hasCloser = CLOSERS.includes(this.mark[this.mark.length - 1]!);
  }

  /** The word before the mark, without its final period ("U.S", "Mr", "5"). */
  get word(): string {
    this.wordCache ??= wordBefore(this.text, this.start, this.blockStart).replace(/\.$/, '');
    return this.wordCache;
  }

  /** The word after the mark. */
  get nextWord(): string {
    this.nextWordCache ??= wordAt(this.text, this.next, this.blockEnd);
    return this.nextWordCache;
  }
}
