import type { Span } from '../../domain/schema.js';

/** A top-level quotation: `start..end` includes the marks, `innerStart..innerEnd` excludes them. */
export interface Quotation extends Span {
  innerStart: number;
  innerEnd: number;
  /** False when the quotation ran to a paragraph's end without a closing mark. */
  closed: boolean;
  /** Number of paragraphs the quotation runs over. */
  paragraphs: number;
}

type Family = 'double' | 'single';

interface Open {
  pos: number;
  /** Characters of the opening mark (2 for typewriter '' and ``). */
  width?: number;
  mark: string;
  family: Family;
}

const LETTER = /[\p{L}\p{N}]/u;
const isLetter = (c: string | undefined) => c !== undefined && LETTER.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
// Characters after which a straight quote opens rather than closes.
const OPENING_CONTEXT = /[\s([{\u2014\u2013\-/:;,“‘«‹„‚"']/;

/** Closing marks accepted for each opening mark (German „…“ and ‚…‘, English “…” and ‘…’, guillemets either way). */
const CLOSERS: Record<string, string> = {
  '“': '”"',
  '„': '“”',
  '"': '"”',
  '«': '»',
  '»': '«',
  '‹': '›',
  '‘': "’'",
  '‚': '‘’',
  "'": "'’",
};
const FAMILY: Record<string, Family> = {
  '“': 'double',
  '„': 'double',
  '"': 'double',
  '«': 'double',
  '»': 'double',
  '‹': 'single',
  '‘': 'single',
  '‚': 'single',
  "'": 'single',
};

/** Code units that can begin a mark (markAt looks no further at any other character). */
const MARK_CODES = new Set([...Object.keys(FAMILY), ...'”’›`'].map((ch) => ch.charCodeAt(0)));

/** Opening marks that may begin a continuation paragraph of a multi-paragraph quotation. */
const CONTINUATION_OPENERS = '“„"«»‹‘\'';

/**
 * Quotation spans (marks included), outermost only, in text order. Handles every common style
 * (“…” ‘…’ "…" '…' «…» „…“ ‹…› »…«), nesting, apostrophes and inch/foot marks, and quotations
 * that run over several paragraphs: an unclosed quotation at a paragraph's end continues when the
 * next paragraph opens with a quotation mark; otherwise it ends with its paragraph.
 */
export function findQuotationsDetailed(text: string, paragraphs: Span[]): Quotation[] {
  const scanner = new QuotationScanner(text, paragraphs);
  paragraphs.forEach((_, pi) => scanner.paragraph(pi));
  return scanner.out;
}

/** A quotation left open at a paragraph's end that the next paragraph continues. */
interface Carried {
  start: number;
  opener: Open;
  paragraphs: number;
}

/** A mark at a position: the character (typewriter '' and `` read as "), its width, its neighbours. */
interface MarkAt {
  c: string;
  width: number;
  prev: string | undefined;
  next: string | undefined;
}

/** Scans paragraphs in order for quotation marks, keeping the open marks of the current paragraph. */
class QuotationScanner {
  readonly out: Quotation[] = [];
  private carried: Carried | null = null;
  private stack: Open[] = [];
  /** Start of the quotation carried into this paragraph (when its opening mark re-opened it). */
  private carriedStart: number | null = null;
  private carriedParagraphs = 0;

  constructor(
    private readonly text: string,
    private readonly paragraphs: Span[],
  ) {}

  paragraph(pi: number): void {
    const p = this.paragraphs[pi]!;
    let i = this.reopen(p);
    for (; i < p.end; i++) {
      const mark = this.markAt(i);
      if (mark) i += this.handle(mark, i, p) - 1;
    }
    this.endParagraph(pi, p);
  }

  /** A continuation paragraph's leading opening mark re-opens the carried quotation; returns where to scan from. */
  private reopen(p: Span): number {
    const { text, carried } = this;
    this.stack = [];
    let i = p.start;
    const first = text[p.start];
    if (carried && first !== undefined && CONTINUATION_OPENERS.includes(first)) {
      this.stack.push({ ...carried.opener, pos: carried.start });
      i = p.start + (text.startsWith("''", p.start) || text.startsWith('``', p.start) ? 2 : 1);
    }
    this.carriedStart = carried && this.stack.length ? carried.start : null;
    this.carriedParagraphs = carried?.paragraphs ?? 0;
    this.carried = null;
    return i;
  }

  /** The quotation mark at i, or null for any other character and for apostrophes, primes and elisions. */
  private markAt(i: number): MarkAt | null {
    const { text } = this;
    if (!MARK_CODES.has(text.charCodeAt(i))) return null;
    let c = text[i]!;
    // Typewriter double quotes written as two single marks: ''…'' and ``…''.
    // Three marks close a single quotation inside a double one at once: ''… 'We'll go,''' said X.
    const closesInner = text.startsWith("'''", i) && this.stack[this.stack.length - 1]?.family === 'single';
    const width =
      (c === "'" || c === '`') && text[i + 1] === "'" && !closesInner
        ? 2
        : c === '`' && text[i + 1] === '`'
          ? 2
          : 1;
    if (width === 2) c = '"';
    if (!(c in FAMILY) && !'”’›'.includes(c)) return null;
    const mark = {
      c,
      width,
      prev: i > 0 ? text[i - 1] : undefined,
      next: i + width < text.length ? text[i + width] : undefined,
    };
    return this.isApostropheOrPrime(mark, i) ? null : mark;
  }

  /**
   * Apostrophes and primes: a single mark between letters (don’t), after a digit (5'10"), an elision of a
   * year ('90s, ‘08 — often typed as an opening mark), rock 'n' roll.
   */
  private isApostropheOrPrime({ c, prev, next }: MarkAt, i: number): boolean {
    const { text } = this;
    if ((c === '’' || c === "'" || c === '‘') && /^\d\ds?(?![\p{L}\p{N}])/u.test(text.slice(i + 1, i + 5)))
      return true;
    if (c === '’' || c === "'") {
      if (isLetter(prev) && isLetter(next)) return true;
      if (/\d/.test(prev ?? '') && !this.stack.some((o) => o.family === 'single')) return true;
    }
    if (c === '"' && /\d/.test(prev ?? '') && !this.stack.length) return true;
    return /^['‘’]n['’]$/.test(text.slice(i, i + 3)) || /^['‘’]n['’]$/.test(text.slice(i - 2, i + 1));
  }

  /** Closes or opens a quotation at the mark; returns the characters consumed. */
  private handle(mark: MarkAt, i: number, p: Span): number {
    const { c, width, prev, next } = mark;
    // Does it close an open quotation? Look from the innermost outwards.
    const closingAt = findCloser(this.stack, c, prev, next);
    if (closingAt >= 0) {
      this.close(closingAt, i, width);
      return width;
    }
    // A closing mark typed as the opener (”Fear. I am afraid.” ― a reader): at a word's start, with
    // another one later in the paragraph to close it.
    if (
      c === '”' &&
      !this.stack.length &&
      (i === p.start || isSpace(prev)) &&
      isLetter(next) &&
      this.text.slice(i + 1, p.end).includes('”')
    ) {
      this.stack.push({ pos: i, mark: '“', family: 'double' });
      return 1;
    }
    if (!this.canOpen(mark, i, p)) return 1;
    this.stack.push({ pos: i, mark: c, family: FAMILY[c]!, width });
    return width;
  }

  /** Opens only where an opening mark can stand: before a non-space, after a space/bracket/dash/mark. */
  private canOpen({ c, prev, next }: MarkAt, i: number, p: Span): boolean {
    if (!(c in FAMILY)) return false; // a lone closing mark (or a possessive ’)
    if (isSpace(next)) return false;
    if (
      (c === "'" || c === '‘' || c === '"') &&
      prev !== undefined &&
      !OPENING_CONTEXT.test(prev) &&
      i !== p.start
    )
      return false;
    return !((c === "'" || c === '’') && isLetter(prev));
  }

  private close(closingAt: number, i: number, width: number): void {
    const opener = this.stack[closingAt]!;
    this.stack.length = closingAt;
    if (this.stack.length) return;
    const start =
      this.carriedStart !== null && opener.pos === this.carriedStart ? this.carriedStart : opener.pos;
    this.out.push({
      start,
      end: i + width,
      innerStart: start + (opener.width ?? 1),
      innerEnd: i,
      closed: true,
      paragraphs: start === this.carriedStart ? this.carriedParagraphs + 1 : 1,
    });
  }

  /**
   * Unclosed at the paragraph's end: single marks were apostrophes after all; a double mark either
   * continues into the next paragraph (which must open with a mark) or ends here.
   */
  private endParagraph(pi: number, p: Span): void {
    const outer = this.stack.find((o) => o.family === 'double') ?? null;
    if (!outer) return;
    const nextP = this.paragraphs[pi + 1];
    const start =
      this.carriedStart !== null && outer.pos === this.carriedStart ? this.carriedStart : outer.pos;
    const count = start === this.carriedStart ? this.carriedParagraphs + 1 : 1;
    if (nextP && continues(this.text, nextP.start, outer)) {
      this.carried = { start, opener: outer, paragraphs: count };
      return;
    }
    this.out.push({
      start,
      end: p.end,
      innerStart: start + (outer.width ?? 1),
      innerEnd: p.end,
      closed: false,
      paragraphs: count,
    });
  }
}

/**
 * A paragraph continues an unclosed quotation when it opens with the same mark — not with another style
 * (an inner “…” after a block of "…" paragraphs) and not with a transcript label ("WALLACE: …).
 */
function continues(text: string, at: number, opener: Open): boolean {
  const width = opener.width ?? 1;
  const mark = width === 2 ? text.slice(opener.pos, opener.pos + 2) : opener.mark;
  if (!text.startsWith(mark, at)) return false;
  return !/^[\p{Lu}][\p{Lu}.'’ -]{1,30}:\s/u.test(text.slice(at + width, at + width + 40));
}

function findCloser(stack: Open[], c: string, prev: string | undefined, next: string | undefined): number {
  for (let k = stack.length - 1; k >= 0; k--) {
    const o = stack[k]!;
    // “…“ typed with two opening marks: the second closes when it ends a word.
    const sloppy = c === '“' && o.mark === '“' && !isSpace(prev) && !isLetter(next);
    if (!sloppy && !CLOSERS[o.mark]!.includes(c)) continue;
    // After a space, a mark that can open ("…", '…', “…) opens a nested quotation instead.
    if (isSpace(prev) && c in FAMILY && !isSpace(next)) return -1;
    return k;
  }
  return -1;
}

/** Quotation spans, marks included (used to group sentences into statements). */
export function findQuotations(text: string, paragraphs: Span[]): Span[] {
  return findQuotationsDetailed(text, paragraphs).map(({ start, end }) => ({ start, end }));
}
