// Character and word helpers shared by the sentence splitter's rules.

export const isUpper = (c: string | undefined): boolean =>
  !!c && c !== c.toLowerCase() && c === c.toUpperCase();
export const isLower = (c: string | undefined): boolean =>
  !!c && c !== c.toUpperCase() && c === c.toLowerCase();
export const isDigit = (c: string | undefined): boolean => !!c && c >= '0' && c <= '9';
export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || (!!c && c > '~' && /\s/.test(c));

/** Opening quotes and brackets that may stand before a sentence's first letter. */
export const OPENERS = '“‘"\'(«[¿¡';

/** The word just before position `end` (letters and inner periods), e.g. "U.S" before the final period. */
export function wordBefore(text: string, end: number, limit: number): string {
  let i = end;
  // Bounded look-back keeps the splitter linear on pathological runs ("Ab.Ab.Ab.…").
  const stop = Math.max(limit, end - 40);
  while (i > stop && /[\p{L}\p{M}\p{N}.'’&-]/u.test(text[i - 1]!)) i--;
  return text.slice(i, end).replace(/^[.'’-]+/, '');
}

/** The word starting at `start` (after opening punctuation). */
export function wordAt(text: string, start: number, end: number): string {
  let i = start;
  while (i < end && i < start + 10 && OPENERS.includes(text[i]!)) i++;
  let j = i;
  const stop = Math.min(end, i + 40);
  while (j < stop && /[\p{L}\p{M}\p{N}'’-]/u.test(text[j]!)) j++;
  return text.slice(i, j);
}
