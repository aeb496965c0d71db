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

/** Opening marks that may begin a continuation paragraph of a multi-paragraph quotation. */
const CONTINUATION_OPENERS = '“„"«»‹‘\'';

/**
 * Quotation spans (marks included), outermost only, in text order. Handles every common style
 * (“…” ‘…’ "…" '…' «…» „…“ ‹…› »…«), nesting, apostrophes and inch/foot marks, and quotations
 * that run over several paragraphs: an unclosed quotation at a paragraph's end continues when the
 * next paragraph opens with a quotation mark; otherwise it ends with its paragraph.
 */
export function findQuotationsDetailed(text: string, paragraphs: Span[]): Quotation[] {
  const out: Quotation[] = [];
  let carried = null as { start: number; opener: Open; paragraphs: number } | null;

  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi]!;
    const stack: Open[] = [];
    let i = p.start;
    if (carried) {
      // Continuation paragraph: its leading opening mark re-opens the carried quotation.
      const first = text[p.start];
      if (first !== undefined && CONTINUATION_OPENERS.includes(first)) {
        stack.push({ ...carried.opener, pos: carried.start });
        i = p.start + (text.startsWith("''", p.start) || text.startsWith('``', p.start) ? 2 : 1);
      }
    }
    const carriedStart: number | null = carried && stack.length ? carried.start : null;
    const carriedParagraphs: number = carried?.paragraphs ?? 0;
    carried = null;

    for (; i < p.end; i++) {
      let c = text[i]!;
      // Typewriter double quotes written as two single marks: ''…'' and ``…''.
      const width =
        (c === "'" || c === '`') && text[i + 1] === "'" ? 2 : c === '`' && text[i + 1] === '`' ? 2 : 1;
      if (width === 2) c = '"';
      if (!(c in FAMILY) && !'”’›'.includes(c)) continue;
      const prev = i > 0 ? text[i - 1] : undefined;
      const next = i + width < text.length ? text[i + width] : undefined;

      // Apostrophes and primes: a single mark between letters (don’t), after a digit (5'10"), or an elision
      // of a year ('90s, ‘08 — often typed as an opening mark).
      if (c === '’' || c === "'" || c === '‘') {
        if (/^\d\ds?(?![\p{L}\p{N}])/u.test(text.slice(i + 1, i + 5))) continue;
      }
      if (c === '’' || c === "'") {
        if (isLetter(prev) && isLetter(next)) continue;
        if (/\d/.test(prev ?? '') && !stack.some((o) => o.family === 'single')) continue;
      }
      if (c === '"' && /\d/.test(prev ?? '') && !stack.length) continue;
      // Elisions like rock 'n' roll.
      if (/^['‘’]n['’]$/.test(text.slice(i, i + 3)) || /^['‘’]n['’]$/.test(text.slice(i - 2, i + 1)))
        continue;

      // Does it close an open quotation? Look from the innermost outwards.
      const closingAt = findCloser(stack, c, prev, next);
      if (closingAt >= 0) {
        const opener = stack[closingAt]!;
        stack.length = closingAt;
        if (stack.length === 0) {
          const start = carriedStart !== null && opener.pos === carriedStart ? carriedStart : opener.pos;
          out.push({
            start,
            end: i + width,
            innerStart: start + (opener.width ?? 1),
            innerEnd: i,
            closed: true,
            paragraphs: start === carriedStart ? carriedParagraphs + 1 : 1,
          });
        }
        i += width - 1;
        continue;
      }
      // A closing mark typed as the opener (”Fear. I am afraid.” ― a reader): at a word's start, with
      // another one later in the paragraph to close it.
      if (
        c === '”' &&
        !stack.length &&
        (i === p.start || isSpace(prev)) &&
        isLetter(next) &&
        text.slice(i + 1, p.end).includes('”')
      ) {
        stack.push({ pos: i, mark: '“', family: 'double' });
        continue;
      }
      if (!(c in FAMILY)) continue; // a lone closing mark (or a possessive ’)
      // Opens only where an opening mark can stand: before a non-space, after a space/bracket/dash/mark.
      if (isSpace(next)) continue;
      if (c === "'" || c === '‘' || c === '"') {
        if (prev !== undefined && !OPENING_CONTEXT.test(prev) && i !== p.start) continue;
      }
      if ((c === "'" || c === '’') && isLetter(prev)) continue;
      stack.push({ pos: i, mark: c, family: FAMILY[c]!, width });
      i += width - 1;
    }

    // Unclosed at the paragraph's end: single marks were apostrophes after all; a double mark either
    // continues into the next paragraph (which must open with a mark) or ends here.
    const outer = stack.find((o) => o.family === 'double') ?? null;
    if (outer) {
      const nextP = paragraphs[pi + 1];
      const start: number = carriedStart !== null && outer.pos === carriedStart ? carriedStart : outer.pos;
      const count: number = start === carriedStart ? carriedParagraphs + 1 : 1;
      if (nextP && continues(text, nextP.start, outer)) {
        carried = { start, opener: outer, paragraphs: count };
      } else {
        out.push({
          start,
          end: p.end,
          innerStart: start + (outer.width ?? 1),
          innerEnd: p.end,
          closed: false,
          paragraphs: count,
        });
      }
    }
  }
  return out;
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
