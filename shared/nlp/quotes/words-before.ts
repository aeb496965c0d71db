// The last few words before an offset, without a regular expression anchored at the end: V8 tries such
// a pattern from every start position (each attempt running to the end), which showed in the profile of
// speaker resolution (once per entity mention).

/** Whether code point `cp` is a word character of the pattern: a letter, "." or "-". */
function isWordChar(cp: number): boolean {
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 46 || cp === 45;
  return /\p{L}/u.test(String.fromCodePoint(cp));
}

/** Whether code point `cp` is whitespace as `\s` sees it. */
function isSpace(cp: number): boolean {
  if (cp < 128) return cp === 32 || (cp >= 9 && cp <= 13);
  return /\s/u.test(String.fromCodePoint(cp));
}

/** The code point ending at `i` (exclusive) and its length in code units. */
function codePointBefore(s: string, i: number): [number, number] {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return [(high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000, 2];
  }
  return [low, 1];
}

/**
 * What `/((?:[\p{L}.-]+\s+){0,4})$/u.exec(s)[1]` returns: the longest tail of `s` made of at most four
 * (word, blank run) pairs, each word a run of letters, dots and hyphens ('' when `s` does not end in a
 * blank after such a word).
 */
export function lastWordsOf(s: string): string {
  let i = s.length;
  let start = s.length;
  for (let pairs = 0; pairs < 4; pairs++) {
    // A blank run, then a word run, both non-empty.
    let j = i;
    while (j > 0) {
      const [cp, len] = codePointBefore(s, j);
      if (!isSpace(cp)) break;
      j -= len;
    }
    if (j === i) break;
    let k = j;
    while (k > 0) {
      const [cp, len] = codePointBefore(s, k);
      if (!isWordChar(cp)) break;
      k -= len;
    }
    if (k === j) break;
    i = k;
    start = k;
  }
  return s.slice(start);
}
