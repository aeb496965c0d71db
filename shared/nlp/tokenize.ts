import type { TextSpan } from '../domain/schema.js';

export type Token = TextSpan;

const words = (list: string): Set<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Titles and the like: the sentence goes on after them ("Mr. Smith", "Gen. Petraeus", "St. Louis"). */
export const TITLE_ABBREVIATIONS = words(`
  Mr Mrs Ms Messrs Mssrs Dr Drs Prof Gen Gens Sen Sens Rep Reps Gov Lt Lieut Col Sgt Capt Cmdr Cmdt Adm Maj Brig
  Pvt Cpl Supt Insp Det Rev Fr Hon Pres Amb Atty Del Msgr Mt Ft St Ste Mme Mlle vs v`);

/** Abbreviations that go on only before a number ("No. 5", "Fig. 3", "Jan. 5", "approx. 20"). */
export const NUMBER_ABBREVIATIONS = words(`
  No Nos no nos Vol vol Vols Ch ch Fig fig Figs figs Art art Sec sec pp p Pt pt approx ca Op op Nr nr
  Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec`);

/** Abbreviations that end a sentence as often as not ("... Apple Inc. The company", "in Fresno, Calif."). */
export const TERMINAL_CAPABLE_ABBREVIATIONS = words(`
  Corp Inc Ltd Co Plc LLC Bhd Bros Esq Jr Sr Jnr Snr Ave Blvd Rd Hwy Dept Univ Assn
  Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  Ala Ariz Ark Calif Colo Conn Fla Ga Kan Kans Ky Md Mich Minn Neb Nev Okla Tenn Tex Va Vt Wis Wyo`);

// Token alternatives, in priority order: URLs; initialisms with inner periods (U.S., a.m., Ph.D.);
// numbers with separators (8,000  3.5  10:30  1/2, 1990s); words with inner hyphens, apostrophes and
// dots before lowercase (Node.js, example.com), e-mail addresses, and an optional final period that is
// kept only for listed abbreviations and initials (decided in code: a Set lookup beats a long regex
// alternation); any other single non-space character.
const TOKEN_RE = new RegExp(
  [
    String.raw`(?:https?:\/\/|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’]`,
    String.raw`(?:\p{L}\.){2,10}(?:-[\p{L}\p{N}]+)*(?!\p{L})`,
    String.raw`\p{N}+(?:[.,:/]\p{N}+)*(?:\p{L}+(?:-[\p{L}\p{N}]+)*)?`,
    String.raw`[\p{L}\p{M}\p{N}]+(?:(?:[-‐'’&_]|\.(?=\p{Ll}))[\p{L}\p{M}\p{N}]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|\.(?!\.))?`,
    String.raw`\.{2,}|-{2,}|\S`,
  ].join('|'),
  'gu',
);

const UPPER_AFTER_SPACE_RE = /^\s+\p{Lu}/u;
const DIGIT_AFTER_SPACE_RE = /^\s+\p{N}/u;

/** Whether `word` + "." (ending at `end` in `text`) is an abbreviation or initial, kept as one token. */
function keepsPeriod(word: string, text: string, end: number): boolean {
  // Listed abbreviations keep their period before a space or punctuation ("Flint, Mich., Oct. 4").
  if (end < text.length && !/[\s,;:)\]”’"']/.test(text[end]!)) return false;
  if (TITLE_ABBREVIATIONS.has(word) || TERMINAL_CAPABLE_ABBREVIATIONS.has(word) || word === 'etc')
    return true;
  const following = text.slice(end, end + 8);
  if (NUMBER_ABBREVIATIONS.has(word)) return DIGIT_AFTER_SPACE_RE.test(following);
  return word.length === 1 && word !== word.toLowerCase() && UPPER_AFTER_SPACE_RE.test(following);
}

// Clitics split off as separate tokens, as in the Penn Treebank / CoNLL: do|n't, it|'s, they|'re.
const CLITIC_RE = /(?:n['’]t|['’](?:s|re|ve|ll|d|m))$/i;

export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  for (const m of slice.matchAll(TOKEN_RE)) {
    const word = m[0];
    const s = start + m.index;
    if (word.length > 1 && word.endsWith('.') && !word.endsWith('..') && !/\.\p{L}\.$/u.test(word)) {
      const bare = word.slice(0, -1);
      if (!keepsPeriod(bare, slice, m.index + word.length)) {
        pushWord(tokens, bare, s);
        tokens.push({ text: '.', start: s + bare.length, end: s + word.length });
        continue;
      }
    }
    pushWord(tokens, word, s);
  }
  return tokens;
}

function pushWord(tokens: Token[], word: string, s: number): void {
  const clitic = word.length > 2 && /['’]/.test(word) ? CLITIC_RE.exec(word) : null;
  if (clitic && clitic.index > 0) {
    tokens.push({ text: word.slice(0, clitic.index), start: s, end: s + clitic.index });
    tokens.push({ text: clitic[0], start: s + clitic.index, end: s + word.length });
  } else {
    tokens.push({ text: word, start: s, end: s + word.length });
  }
}
