// Where a single line break inside a paragraph ends a block (and so a sentence): when a line stands on its
// own (list item, heading, byline, dateline, headline, a paragraph of a text with single newlines between
// paragraphs); otherwise it is a stray wrap and the sentence runs on. Each case is a named rule with
// examples (`|` marks where the sentences end); the examples run as unit tests.
import type { Span } from '../../domain/schema.js';
import { isLower } from './chars.js';
import { BYLINE_RE, LIST_MARKER_RE, lineLooksStandalone, MARKDOWN_HEADING_RE } from './kinds.js';

/** A line break between two non-empty lines of a paragraph. */
export interface LineBreak {
  prev: string;
  line: string;
  /** The line starts with anything but a lowercase letter (after opening quotes and brackets). */
  nextStartsSentence: boolean;
  /** Length of the paragraph's longest line: about the wrap width, if the text is hard-wrapped. */
  longest: number;
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
    description: 'A line that starts with a list marker ("- ", "1. ", "a) ") is an item of its own',
    examples: ['Key points:|\n- prices rose\n  sharply|\n- wages fell|\n1. first|\n2. second'],
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
    examples: ['Belarus says Russia is its key partner|\nBy Jane Doe'],
    breaks: (b) => BYLINE_RE.test(b.line),
  },
  {
    id: 'after-standalone-line',
    description: 'A byline, dateline or date line ends its line',
    examples: [
      'By Jane Doe|\nThe talks ended.',
      'Talks began.|\n\nUpdated 5 March 2024, 10:30 GMT|\nTalks ended.',
    ],
    breaks: (b) => lineLooksStandalone(b.prev),
  },
  {
    id: 'short-line',
    description:
      'A line much shorter than the longest, with no end punctuation and not ending mid-phrase, before a capital: a headline or label',
    examples: [
      'Storm hits coast|\nThousands lost power on Tuesday as the storm hit the coast.|\nThe mayor said crews were working.',
      'He told the\nreporters that the\nmeeting was over.| It was.',
    ],
    breaks: (b) =>
      b.nextStartsSentence &&
      !ENDS_WITH_TERMINAL.test(b.prev) &&
      !ENDS_MID_SENTENCE.test(b.prev) &&
      b.prev.length < 0.7 * b.longest,
  },
  {
    id: 'title-case-first-line',
    description: 'A title-case first line before hard-wrapped text is a headline',
    examples: [
      'Belarus Says Russia Is Its Key Strategic Partner in the Region|\nMinsk considers Russia to be a strategic partner, Belarusian President\nAlexander Lukashenko stated at a news conference held on Thursday.',
    ],
    breaks: (b) =>
      b.afterFirstLine &&
      b.nextStartsSentence &&
      !ENDS_WITH_TERMINAL.test(b.prev) &&
      !ENDS_MID_SENTENCE.test(b.prev) &&
      isTitleCase(b.prev),
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

/** Splits a paragraph into blocks at line breaks that end a line standing on its own. */
export function paragraphBlocks(text: string, p: Span, isFirstParagraph: boolean): Span[] {
  const lines = linesOf(text, p);
  if (lines.length <= 1) return lines;
  let longest = 0;
  for (const l of lines) longest = Math.max(longest, l.end - l.start);
  const blocks: Span[] = [];
  let block = { ...lines[0]! };
  for (let i = 1; i < lines.length; i++) {
    const line = text.slice(lines[i]!.start, lines[i]!.end);
    const lineBreak: LineBreak = {
      prev: text.slice(lines[i - 1]!.start, lines[i - 1]!.end),
      line,
      nextStartsSentence: !isLower(line.replace(/^[“‘"'(«[]+/, '')[0]),
      longest,
      afterFirstLine: isFirstParagraph && i === 1,
    };
    if (LINE_BREAK_RULES.some((rule) => rule.breaks(lineBreak))) {
      blocks.push(block);
      block = { ...lines[i]! };
    } else {
      block.end = lines[i]!.end;
    }
  }
  blocks.push(block);
  return blocks;
}
