// A run of one to three name words ending in a given surname, matched by a scan rather than by a
// regular expression built for each surname: compiling a new Unicode pattern per surname per article
// cost more than the matching.
import {
  LETTER,
  UPPER,
  codePointIf,
  isAsciiLetter,
  isAsciiLetterOrDigit,
  isAsciiUpper,
} from '../code-points.js';

const isAsciiWordChar = (c: number) => isAsciiLetterOrDigit(c) || c === 95;

/** Where the name word (`\p{Lu}\.` or `\p{Lu}[\p{L}'’-]*`) starting at `i` ends, or -1. */
function nameWordEnd(text: string, i: number): number {
  const first = codePointIf(text, i, isAsciiUpper, UPPER);
  if (!first) return -1;
  let e = i + first;
  if (text.charCodeAt(e) === 46) return e + 1; // an initial: "J."
  for (;;) {
    const c = text.charCodeAt(e);
    if (c === 39 || c === 0x2019 || c === 45) e++;
    else {
      const step = codePointIf(text, e, isAsciiLetter, LETTER);
      if (!step) return e;
      e += step;
    }
  }
}

/** `\b` at `at` as a pattern with the u flag (and no i flag) sees it: between ASCII word and non-word characters. */
function isAsciiWordBoundary(text: string, at: number): boolean {
  const before = at > 0 && isAsciiWordChar(text.charCodeAt(at - 1));
  const after = at < text.length && isAsciiWordChar(text.charCodeAt(at));
  return before !== after;
}

/**
 * What the sticky pattern `((?:(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]*)[ \t]+){1,3})<surname>\b` (flags uy)
 * matches at `p`, or null. Each name word matches in one way only (what follows it must be a blank),
 * so the pattern's backtracking comes down to trying three, two, then one words before the surname.
 * `p` is never inside a surrogate pair (a unicode pattern would start at the pair instead).
 */
export function fullNameAt(text: string, p: number, surname: string): string | null {
  const ends: number[] = [];
  let e = p;
  while (ends.length < 3) {
    const wordEnd = nameWordEnd(text, e);
    if (wordEnd < 0) break;
    let b = wordEnd;
    while (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9) b++;
    if (b === wordEnd) break;
    ends.push(b);
    e = b;
  }
  for (let k = ends.length - 1; k >= 0; k--) {
    const s = ends[k]!;
    if (text.startsWith(surname, s) && isAsciiWordBoundary(text, s + surname.length))
      return text.slice(p, s + surname.length);
  }
  return null;
}
