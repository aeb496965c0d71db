// CoNLL-2003-style tokenisation of raw text with exact offsets: punctuation split off, hyphenated words
// and numbers kept whole, clitics ('s, n't, 're ...) split, abbreviations with inner periods kept
// ("U.S.", "Mr."). The recogniser was trained on CoNLL tokens, so runtime tokens must look like them.

export interface NerToken {
  start: number;
  end: number;
  /** Token text with typographic quotes/apostrophes/dashes mapped to ASCII, as in CoNLL. */
  word: string;
}

// Order matters: initialisms (U.S.), a word with inner hyphens/apostrophes/dots-between-digits,
// ellipses and dash runs, any other single non-space character.
const TOKEN_RE =
  /(?:\p{L}\.){2,}(?!\p{L})|\p{N}+(?:[.,:/-]\p{N}+)*(?:[-]\p{L}[\p{L}\p{M}\p{N}]*)*|[\p{L}\p{M}\p{N}]+(?:[-'’&][\p{L}\p{M}\p{N}]+)*\.?|\.{2,}|-{2,}|\S/gu;

// Words that keep a trailing period (titles and company abbreviations); other word-final periods split.
const KEEPS_PERIOD = new Set(
  'mr mrs ms dr prof st jr sr inc corp co ltd gen sen rep gov lt col capt sgt maj adm messrs no vs etc jan feb mar apr aug sept sep oct nov dec mt ft bros plc'.split(
    ' ',
  ),
);

const CLITIC_RE = /(?:n['’]t|['’](?:s|re|ve|ll|d|m))$/i;

function normalise(word: string): string {
  return hasTypographic(word) ? word.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-') : word;
}

/** Whether a word has a typographic quote or dash (’ ‘ “ ” – —: U+2013-U+201D), by a scan. */
function hasTypographic(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x2013 && c <= 0x201d && (c <= 0x2014 || c >= 0x2018) && c !== 0x201a && c !== 0x201b)
      return true;
  }
  return false;
}

/** The clitic ending a word ("n't", "'s", "’re" …), by the regex only when the word has an apostrophe. */
function cliticOf(raw: string): RegExpExecArray | null {
  return raw.length > 2 && (raw.includes("'") || raw.includes('’')) ? CLITIC_RE.exec(raw) : null;
}

/** Tokens of text[start, end), in order. */
export function nerTokenize(text: string, start = 0, end = text.length): NerToken[] {
  const out: NerToken[] = [];
  // Match on the whole text (no copy per sentence); a token running past `end` is re-read within bounds.
  let source = text;
  let base = 0;
  TOKEN_RE.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(source)) !== null) {
    if (base + m.index >= end) break;
    if (base === 0 && m.index + m[0].length > end) {
      source = text.slice(m.index, end);
      base = m.index;
      TOKEN_RE.lastIndex = 0;
      continue;
    }
    let s = base + m.index;
    let raw = m[0];
    // A word-final period is a separate token unless the word is a known abbreviation or a single letter.
    if (raw.length > 1 && raw.endsWith('.') && !raw.startsWith('.')) {
      const stem = raw.slice(0, -1);
      if (!(
        KEEPS_PERIOD.has(stem.toLowerCase()) ||
        /^\p{L}$/u.test(stem) ||
        /(?:\p{L}\.)+\p{L}$/u.test(stem)
      )) {
        pushWord(out, stem, s);
        out.push({ start: s + stem.length, end: s + raw.length, word: '.' });
        continue;
      }
    }
    const clitic = cliticOf(raw);
    if (clitic && clitic.index > 0) {
      pushWord(out, raw.slice(0, clitic.index), s);
      s += clitic.index;
      raw = clitic[0];
    }
    out.push({ start: s, end: s + raw.length, word: normalise(raw) });
  }
  return out;
}

function pushWord(out: NerToken[], raw: string, s: number): void {
  const clitic = cliticOf(raw);
  if (clitic && clitic.index > 0) {
    out.push({ start: s, end: s + clitic.index, word: normalise(raw.slice(0, clitic.index)) });
    out.push({ start: s + clitic.index, end: s + raw.length, word: normalise(clitic[0]) });
  } else out.push({ start: s, end: s + raw.length, word: normalise(raw) });
}
