// Character classes by code point, with ASCII answered directly: the Unicode patterns they stand for
// cost a regex call per character on the hot paths that scan text by hand (token counts, name runs,
// language detection).

/**
 * Length in code units of the code point at `i` when it passes — `ascii` answers ASCII code units,
 * `test` (a pattern anchored with ^ and the u flag) the others — else 0 (0 past the end too).
 */
export function codePointIf(text: string, i: number, ascii: (c: number) => boolean, test: RegExp): number {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c < 128) return ascii(c) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  const len = cp > 0xffff ? 2 : 1;
  return test.test(text.slice(i, i + len)) ? len : 0;
}

export const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isAsciiLetterOrDigit = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57);

/** `\p{L}`, `\p{Lu}` and `[\p{L}\p{N}]` at the start of a string. */
export const LETTER = /^\p{L}/u;
export const UPPER = /^\p{Lu}/u;
export const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;

/** Code units to step past the code point at `i` (2 for a surrogate pair). */
export const codePointLength = (text: string, i: number): number =>
  (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
