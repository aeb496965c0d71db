// Character, word and position helpers shared by the sentence splitter's rules.

export const isUpper = (c: string | undefined): boolean =>
  !!c && c !== c.toLowerCase() && c === c.toUpperCase();
export const isLower = (c: string | undefined): boolean =>
  !!c && c !== c.toUpperCase() && c === c.toLowerCase();
export const isDigit = (c: string | undefined): boolean => !!c && c >= '0' && c <= '9';
export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || (!!c && c > '~' && /\s/.test(c));

/** Opening quotes and brackets that may stand before a sentence's first letter. */
export const OPENERS = '“‘"\'(«[¿¡';

/** A character test that answers ASCII from a table and asks the Unicode regex only beyond it. */
function charTest(re: RegExp): (c: string) => boolean {
  const ascii = new Uint8Array(128);
  for (let code = 0; code < 128; code++) ascii[code] = re.test(String.fromCharCode(code)) ? 1 : 0;
  return (c) => {
    const code = c.charCodeAt(0);
    return code < 128 ? ascii[code] === 1 : re.test(c);
  };
}

const isWordBeforeChar = charTest(/[\p{L}\p{M}\p{N}.'’&-]/u);
const isWordChar = charTest(/[\p{L}\p{M}\p{N}'’-]/u);

/** The word just before position `end` (letters and inner periods), e.g. "U.S" before the final period. */
export function wordBefore(text: string, end: number, limit: number): string {
  let i = end;
  // Bounded look-back keeps the splitter linear on pathological runs ("Ab.Ab.Ab.…").
  const stop = Math.max(limit, end - 40);
  while (i > stop && isWordBeforeChar(text[i - 1]!)) i--;
  return text.slice(i, end).replace(/^[.'’-]+/, '');
}

/** The word starting at `start` (after opening punctuation). */
export function wordAt(text: string, start: number, end: number): string {
  let i = start;
  while (i < end && i < start + 10 && OPENERS.includes(text[i]!)) i++;
  let j = i;
  const stop = Math.min(end, i + 40);
  while (j < stop && isWordChar(text[j]!)) j++;
  return text.slice(i, j);
}

/** The index of the first of the sorted `values` that is at least `x` (values.length when none is). */
export function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
