// Where a single line break inside a paragraph ends a block (and so a sentence): when a line stands on its
// own (list item, heading, byline, dateline, headline, a paragraph of a text with single newlines between
// paragraphs); otherwise it is a stray wrap and the sentence runs on. Each case is a named rule with
// examples (`|` marks where the sentences end); the examples run as unit tests.
import type { Span } from '../../domain/schema.js';
import { SENTENCE_STARTERS } from './boundary-rules.js';
import { isLower, isUpper } from './chars.js';
import { BYLINE_RE, LIST_MARKER_RE, lineLooksStandalone, MARKDOWN_HEADING_RE } from './kinds.js';

/** A line break between two non-empty lines of a paragraph. */
export interface LineBreak {
  prev: string;
  line: string;
  /** The line starts with anything but a lowercase letter (after opening quotes and brackets). */
  nextStartsSentence: boolean;
  /** Length of the paragraph's longest line: at most the wrap width, if the text is hard-wrapped. */
  longest: number;
  /** Length of the line's first word. */
  nextWordLength: number;
  /** Four lines or more, each after the first starting like a sentence and none ending mid-phrase. */
  linesStartSentences: boolean;
  /** The break is after the first line of the article's first paragraph. */
  afterFirstLine: boolean;
}

export interface LineBreakRule {
  id: string;
  description: string;
  /** Texts with `|` where sentences end. */
  examples: string[];
  breaks(b: LineBreak): boolean;
}

const ENDS_WITH_TERMINAL = /[.!?…:;][”’"'»)\]]*$/;
const ENDS_MID_SENTENCE =
  /(?:[,;:(–—-]|\b(?:the|a|an|of|and|or|to|in|on|at|for|with|by|from|that|as|is|was|are|were|his|her|their|its)\s*)$/i;

/**
 * Narrowest wrap width assumed: a greedy wrap breaks a line only when the next word does not fit, and
 * text is not wrapped narrower than this, so a line with room for the next word was broken on purpose.
 */
const MIN_WRAP_WIDTH = 60;

const TITLE_CASE_MINOR = new Set('a an and as at but by for from in into of on or the to vs with'.split(' '));

/** "Belarus Says Russia Is Its Key Partner": every word but short function words capitalised. */
function isTitleCase(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < 3) return false;
  return words.every((w, i) => !isLower(w.replace(/^[“‘"'(]+/, '')[0]) || (i > 0 && TITLE_CASE_MINOR.has(w)));
}

export const LINE_BREAK_RULES: LineBreakRule[] = [
  {
    id: 'list-item',
    description: 'A line that starts with a list marker ("- ", "~ ", "1. ", "a) ") is an item of its own',
    examples: [
      'Key points:|\n- prices rose\n  sharply|\n- wages fell|\n1. first|\n2. second|\n~ third at the RNC.|\n~ fourth',
    ],
    breaks: (b) => LIST_MARKER_RE.test(b.line),
  },
  {
    id: 'markdown-heading',
    description: 'A Markdown heading line ("## Details") stands alone',
    examples: [
      '# Belarus and Russia|\nMinsk agreed.| It did.|\n## Details here.|\nMore text.',
      '## Background|\nthe talks began in May.',
    ],
    breaks: (b) => MARKDOWN_HEADING_RE.test(b.line) || MARKDOWN_HEADING_RE.test(b.prev),
  },
  {
    id: 'byline',
    description: 'A byline ("By Jane Doe") stands alone',
    examples: ['Belarus says Russia is its key strategic partner in the region, Minsk|\nBy Jane Doe'],
    breaks: (b) => BYLINE_RE.test(b.line),
  },
  {
    id: 'after-standalone-line',
    description: 'A byline, dateline or date line ends its line',
    examples: [
      'By Jane Doe and John Roe —|\nThe talks ended.',
      'Talks began.|\n\nUpdated Tuesday, 5 March 2024, 10:30 GMT|\nTalks ended on the day they began and nobody said why.',
    ],
    breaks: (b) => lineLooksStandalone(b.prev),
  },
  {
    id: 'line-ends-early',
    description:
      "A line with no end punctuation, not ending mid-phrase, before a capital, that the next line's first word would have fit on: no wrap broke it, so it ends there (a headline, a label, a sentence on a line of its own)",
    examples: [
      'Storm hits coast|\nThousands lost power on Tuesday as the storm hit the coast.|\nThe mayor said crews were working.',
      'The vote was delayed again|\nLawmakers said they needed more time',
      'He told the\nreporters that the\nmeeting was over.| It was.',
      'Minsk considers Russia to be a strategic partner, Belarusian President\nAlexander Lukashenko stated at a news conference.',
    ],
    breaks: (b) =>
      b.nextStartsSentence &&
      !ENDS_WITH_TERMINAL.test(b.prev) &&
      !ENDS_MID_SENTENCE.test(b.prev) &&
      b.prev.length + 1 + b.nextWordLength <= Math.max(b.longest, MIN_WRAP_WIDTH),
  },
  {
    id: 'title-case-line',
    description:
      'A title-case line is a headline when it is the first line or a title-case line follows it (a list of headlines)',
    examples: [
      'Work Starts Tomorrow|\nThe Paris Climate Agreement Is One Huge Step For Mankind|\nSpeaking with One Voice to Solve the Climate Crisis',
      'Belarus Says Russia Is Its Key Strategic Partner in the Region Today|\nMinsk considers Russia to be a strategic partner, Belarusian President\nAlexander Lukashenko stated at a news conference held on Thursday.',
    ],
    breaks: (b) =>
      b.nextStartsSentence &&
      !ENDS_WITH_TERMINAL.test(b.prev) &&
      !ENDS_MID_SENTENCE.test(b.prev) &&
      isTitleCase(b.prev) &&
      (b.afterFirstLine || isTitleCase(b.line)),
  },
  {
    id: 'lines-start-sentences',
    description:
      'In a paragraph of four lines or more where every line starts like a sentence and none ends mid-phrase, each line ends a sentence (text with one sentence a line); a hard wrap would start some line with a lowercase word',
    examples: [
      'Residents of the coastal town were evacuated overnight by the army|\nThe storm is expected to make landfall on Tuesday|\nOfficials urged calm|\nSchools are closed',
      'Belarus Says Russia Is Its Key Strategic Partner in the Region Today|\nMinsk considers Russia to be a strategic partner, Belarusian President\nAlexander Lukashenko stated at a news conference held on Thursday.',
    ],
    breaks: (b) => b.linesStartSentences && !splitsName(b),
  },
  {
    id: 'long-line',
    description:
      'A line longer than any hard wrap is a paragraph of its own (text with single newlines between paragraphs); it ends a sentence even after a colon, semicolon or dash',
    examples: [
      'The ministry published a statement on its website on Thursday evening, listing the two main reasons for it:|\nThe first reason is cost.| The second is time.',
    ],
    breaks: (b) =>
      b.nextStartsSentence && b.prev.length > 100 && !/[,(]$|\b(?:the|a|an|of|and|or|to)$/i.test(b.prev),
  },
];

/** The non-empty lines of a paragraph, trimmed. */
function linesOf(text: string, p: Span): Span[] {
  const lines: Span[] = [];
  let s = p.start;
  for (let i = p.start; i <= p.end; i++) {
    if (i === p.end || text[i] === '\n') {
      const raw = text.slice(s, i);
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed) lines.push({ start: s + lead, end: s + lead + trimmed.length });
      s = i + 1;
    }
  }
  return lines;
}

/** The break falls inside a name ("Belarusian President\nAlexander Lukashenko"): a capitalised word on each side, the second no usual sentence start. */
function splitsName(b: LineBreak): boolean {
  const last = /\S+$/.exec(b.prev)?.[0] ?? '';
  const first = /^\S+/.exec(b.line)?.[0] ?? '';
  return isUpper(last[0]) && isUpper(first[0]) && !SENTENCE_STARTERS.has(first.replace(/[^\p{L}'’-]/gu, ''));
}

const startsSentence = (line: string): boolean => !isLower(line.replace(/^[“‘"'(«[]+/, '')[0]);

/** Whether every line after the first starts like a sentence and none before the last ends mid-phrase. */
function linesStartSentences(lines: string[]): boolean {
  return (
    lines.length >= 4 &&
    lines.every(
      (l, i) => (i === 0 || startsSentence(l)) && (i === lines.length - 1 || !ENDS_MID_SENTENCE.test(l)),
    )
  );
}

/** Splits a paragraph into blocks at line breaks that end a line standing on its own. */
export function paragraphBlocks(text: string, p: Span, isFirstParagraph: boolean): Span[] {
  const spans = linesOf(text, p);
  if (spans.length <= 1) return spans;
  const lines = spans.map((l) => text.slice(l.start, l.end));
  const longest = Math.max(...lines.map((l) => l.length));
  const eachStartsSentence = linesStartSentences(lines);
  const blocks: Span[] = [];
  let block = { ...spans[0]! };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lineBreak: LineBreak = {
      prev: lines[i - 1]!,
      line,
      nextStartsSentence: startsSentence(line),
      nextWordLength: line.search(/\s|$/),
      longest,
      afterFirstLine: isFirstParagraph && i === 1,
      linesStartSentences: eachStartsSentence,
    };
    if (LINE_BREAK_RULES.some((rule) => rule.breaks(lineBreak))) {
      blocks.push(block);
      block = { ...spans[i]! };
    } else {
      block.end = spans[i]!.end;
    }
  }
  blocks.push(block);
  return blocks;
}
