// Where a terminal mark (. ! ? … with closing quotes and brackets) ends a sentence. Each special case is a
// named rule with examples (`|` marks where the sentences end; an example without `|` is one sentence);
// the examples run as unit tests. The first rule with an opinion decides; with none, the mark ends the
// sentence.
import { NUMBER_ABBREVIATIONS, TERMINAL_CAPABLE_ABBREVIATIONS, TITLE_ABBREVIATIONS } from '../tokenize.js';
import { isDigit, isLower, isSpace, isUpper, OPENERS, wordBefore } from './chars.js';
import { afterNumeroSign, insideAddress, insideBrackets, isInlineListMarker } from './inline.js';
import { type Block, Mark } from './mark.js';

export interface BoundaryRule {
  id: string;
  description: string;
  /** Texts with `|` where sentences end. */
  examples: string[];
  /** true: the sentence ends at the mark; false: it goes on; undefined: the rule does not apply. */
  decide(mark: Mark): boolean | undefined;
}

/** Words that commonly start a sentence: after "U.S." or "Inc." they signal a boundary. */
export const SENTENCE_STARTERS = new Set(
  `The A An He She It They We I You This That These Those There Here In On At But And Or So If When While
  After Before As His Her Its Their Our My Your Some Many Most All No Not Yet However Also For With By From
  To What Why How Who Where Which One Two Three Both Each Meanwhile According Officials Police Other Another
  Since Although Though Despite During Under Last Next Earlier Later Now Then Today Yesterday Tomorrow Still
  Instead Such Several More Few Among Asked Because Until Unlike Like Over Even Only Just Please Let Thus
  Besides Nevertheless Moreover Furthermore Indeed Overall Currently Previously Finally First Second Third`.split(
    /\s+/,
  ),
);

/** Words after a time ("9 a.m. ET") that continue the sentence. */
const TIME_CONTINUATIONS = new Set(
  `ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST IST JST AEST AEDT MSK Eastern Central
  Mountain Pacific Moscow Greenwich local Local Monday Tuesday Wednesday Thursday Friday Saturday Sunday`.split(
    /\s+/,
  ),
);

/** Reporting verbs: `“Why?” Smith asked.` is one sentence. */
const REPORTING_VERBS =
  /^(?:said|says|say|asked|asks|told|tells|added|adds|wrote|writes|explained|noted|stated|replied|shouted|cried|continued|insisted|warned|recalled|wondered|stressed|emphasized|concluded)\b/;
const CAPITALISED_WORDS = /^(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}/u;

/** A usual sentence start follows: a common sentence-initial word or an opening quote or bracket. */
const starterFollows = (m: Mark): boolean =>
  SENTENCE_STARTERS.has(m.nextWord) || OPENERS.includes(m.text[m.next] ?? '');

/** What follows looks like a sentence start: a capital or digit, or an opener not before lowercase. */
function startsLikeSentence(m: Mark): boolean {
  const c = m.firstLetter;
  // Lowercase brand names (iPhone, eBay, wikiHow) can start a sentence.
  return isUpper(c) || isDigit(c) || (m.opened && !isLower(c)) || /^\p{Ll}{1,5}\p{Lu}/u.test(m.nextWord);
}

/** Lowercase abbreviations that are in none of the tokeniser's lists. */
const LOWERCASE_ABBREVIATIONS = new Set('etc al cf ibid viz esp incl resp min max est'.split(' '));

/** A word that is no abbreviation: letters ending in lowercase, in no abbreviation list ("Commons", "here"). */
const isPlainWord = (word: string): boolean =>
  /^\p{L}[\p{Ll}\p{M}]+$/u.test(word) &&
  !LOWERCASE_ABBREVIATIONS.has(word.toLowerCase()) &&
  !TITLE_ABBREVIATIONS.has(word) &&
  !NUMBER_ABBREVIATIONS.has(word) &&
  !TERMINAL_CAPABLE_ABBREVIATIONS.has(word);

export const BOUNDARY_RULES: BoundaryRule[] = [
  {
    id: 'inside-address',
    description: 'A period inside an e-mail address or URL ends nothing; one after it may end the sentence',
    examples: [
      'Email John.Smith@Example.Com today.| Send tips to news@Example.Com.| We read them all.',
      'See www.Example.Com/News.html now.',
    ],
    decide: (m) => (insideAddress(m) ? false : undefined),
  },
  {
    id: 'no-space-after',
    description:
      'A mark run into the next word ends a sentence only before a capitalised word ("the end.The next"), never inside numbers, URLs or "U.S"',
    examples: [
      'The talks ended.|The delegates left.|“Fine,” she said.|But not in Node.js or the U.S.A.',
      'Prices rose 3.5% to $8,000.50 at 10.30 today.| See example.com/a.html for v2.1.3 notes.',
    ],
    decide(m) {
      const after = m.text[m.end];
      if (isSpace(after)) return undefined;
      const letter = OPENERS.includes(after ?? '') ? m.end + 1 : m.end;
      if (!isUpper(m.text[letter]) || !isLower(m.text[letter + 1])) return false;
      if (m.hasCloser || /[!?]/.test(m.mark)) return true;
      const word = wordBefore(m.text, m.start, m.blockStart);
      return word.length >= 3 && isLower(word[word.length - 1]) && !word.includes('.');
    },
  },
  {
    id: 'bracket-after-sentence',
    description:
      'A bracket opened after a period that follows a plain word starts a sentence, even before a lowercase word ("… Commons. (http://…).")',
    examples: [
      'It is licensed under Creative Commons.| (http://example.org/licence).| It grew.',
      'Apples, pears etc. (and more) sold.',
    ],
    decide: (m) =>
      m.mark === '.' && m.next > m.end && '(['.includes(m.text[m.next]!) && isPlainWord(m.word)
        ? true
        : undefined,
  },
  {
    id: 'line-end-before-lowercase',
    description:
      'A question or exclamation mark, or a period after a plain word or closing quote, at the end of a line ends the sentence even before a lowercase word',
    examples: [
      'Talks ended.|\nthen the delegates left.| Why?|\nnobody knew.',
      'He lives in the U.S.\nand Canada.',
    ],
    decide(m) {
      if (!m.text.slice(m.end, m.next).includes('\n')) return undefined;
      return /[!?]/.test(m.mark) || (m.periodOnly && (m.hasCloser || isPlainWord(m.word))) ? true : undefined;
    },
  },
  {
    id: 'lowercase-continuation',
    description:
      'What follows does not start like a sentence (a lowercase word, punctuation): the sentence goes on',
    examples: ['He said it was ... fine.', '“Is it?” he asked.', 'It launched.| iPhone sales rose.'],
    decide: (m) => (startsLikeSentence(m) ? undefined : false),
  },
  {
    id: 'inline-list-marker',
    description:
      'The period of an inline list marker ("1.) … 2.) …", "a. … b. …") is no sentence end; an item may still end with one',
    examples: [
      'Our demands are: 1.) Fair pay 2.) Safe workplaces 3.) Respect.| The union met today.',
      'Three options remain: a. Leave the EU b. Stay in it c. Hold a vote.| Neither pleased anyone.',
      'The bill would: 1. Raise taxes.| 2. Cut spending.| 3. Fund schools.| It passed.',
      'He chose Plan A.| Then Plan B.| Both failed.',
    ],
    decide: (m) => (isInlineListMarker(m) ? false : undefined),
  },
  {
    id: 'numero-sign',
    description: 'The period of a numero sign ("N°. 5", "nº. 12") ends nothing',
    examples: ['He lives at N°. 5 Main Street.| Decree nº. 123 took effect.'],
    decide: (m) => (afterNumeroSign(m) ? false : undefined),
  },
  {
    id: 'inside-brackets',
    description:
      'A period inside brackets opened mid-sentence ("(Smith et al. 55)", "(cf. Jones 2001)") ends nothing: the sentence goes on past the bracket',
    examples: [
      'Voters are tired (Smith et al. 55).| They want change (cf. Jones 2001, p. 4).',
      'He left.| (It was late.| Nobody saw him.)| Then it ended.',
    ],
    decide: (m) => (insideBrackets(m) ? false : undefined),
  },
  {
    id: 'quote-before-attribution',
    description:
      'A quoted question, exclamation or trailing-off (…) followed by a name and a reporting verb is inside the sentence',
    examples: [
      '“Why?” Smith asked.| “Stop!” Mr. Jones shouted.| “We will see...” Smith said.',
      '“Why?”| The answer came.',
    ],
    decide(m) {
      if (!m.hasCloser || !/[!?…]|\.\./.test(m.mark)) return undefined;
      const rest = m.text.slice(m.next, Math.min(m.blockEnd, m.next + 60));
      if (!CAPITALISED_WORDS.test(rest) || SENTENCE_STARTERS.has(m.nextWord)) return undefined;
      return REPORTING_VERBS.test(rest.replace(CAPITALISED_WORDS, '')) ? false : undefined;
    },
  },
  {
    id: 'question-exclamation-ellipsis',
    description: 'A question mark, exclamation mark or ellipsis before a sentence start ends the sentence',
    examples: ['Did he choose Plan B?| Yes!| It went on.', 'It was Plan B...| Nobody knew.', 'Wait…| What?'],
    decide: (m) => (!m.periodOnly || m.mark.startsWith('..') ? true : undefined),
  },
  {
    id: 'title-abbreviation',
    description: 'A title or the like ("Mr.", "Gen.", "St.") goes on to the name',
    examples: ['Mr. Smith met Gen. Jonas Lee at St. Paul’s.| Dr. Lee was late.'],
    decide: (m) => (TITLE_ABBREVIATIONS.has(m.word) ? false : undefined),
  },
  {
    id: 'closing-quote-or-bracket',
    description: 'A period with a closing quote or bracket after it ends the sentence',
    examples: ['He was held in Cell Block H.”| Labour objected.', '(It was late.)| Then it ended.'],
    decide: (m) => (m.hasCloser ? true : undefined),
  },
  {
    id: 'number-abbreviation',
    description: '"No.", "Fig.", "Jan." and the like go on before a number',
    examples: ['He lives at No. 5 Main Road.| See Fig. 3 on Jan. 5 for more.'],
    decide: (m) => (NUMBER_ABBREVIATIONS.has(m.word) && isDigit(m.firstLetter) ? false : undefined),
  },
  {
    id: 'terminal-capable-abbreviation',
    description: '"Inc.", "Jr.", "Calif." end a sentence only before a usual sentence start',
    examples: ['Apple Inc.| The company grew.', 'Apple Inc. Chief Executive Tim Cook spoke.'],
    decide: (m) => (TERMINAL_CAPABLE_ABBREVIATIONS.has(m.word) ? starterFollows(m) : undefined),
  },
  {
    id: 'time-of-day',
    description: '"a.m." and "p.m." go on before a time zone or a day',
    examples: ['The talks start at 9 a.m. ET today.| They ended at 5 p.m.| Nobody left.'],
    decide: (m) => (/^[ap]\.m$/i.test(m.word) ? !TIME_CONTINUATIONS.has(m.nextWord) : undefined),
  },
  {
    id: 'initialism',
    description:
      'Abbreviations with inner periods ("U.S.", "Ph.D.") end a sentence only before a usual sentence start; "e.g." and "i.e." never',
    examples: [
      'The U.S. Army said so.| He lives in the U.S.| The talks went on.',
      'Fruit, e.g. Apples, sold.',
    ],
    decide(m) {
      if (!/^(?:\p{L}\.)+\p{L}$/u.test(m.word)) return undefined;
      return /^(?:e\.g|i\.e)$/i.test(m.word) ? false : starterFollows(m);
    },
  },
  {
    id: 'initial',
    description: 'A single capital is an initial ("Jonas E. Smith") unless a usual sentence start follows',
    examples: ['Gen. Jonas E. Smith spoke.| He chose Plan B.| Then he left.'],
    decide: (m) => (/^\p{Lu}$/u.test(m.word) ? starterFollows(m) : undefined),
  },
  {
    id: 'list-number-at-block-start',
    description: 'A number at the start of a block ("1. The first") is a list marker, not a sentence',
    examples: ['1. The first point is cost.'],
    decide: (m) => (/^\d{1,3}$/.test(m.word) && m.start - m.word.length === m.blockStart ? false : undefined),
  },
];

/** Whether the terminal mark at text[start, end) ends a sentence in `block`. */
export function endsSentence(block: Block, start: number, end: number): boolean {
  if (end >= block.end) return true;
  const m = new Mark(block, start, end);
  for (const rule of BOUNDARY_RULES) {
    const decision = rule.decide(m);
    if (decision !== undefined) return decision;
  }
  return true;
}
