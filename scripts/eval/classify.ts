// Categories the quote evaluation breaks its numbers down by: the type of a quote, the class of its cue
// and the kind of its speaker mention. Computed the same way for gold (PolNeAR spans) and predictions.
import type { QuoteType, Span } from '../../shared/domain/schema.js';

export const QUOTE_TYPES = ['direct', 'mixed', 'indirect'] as const satisfies readonly QuoteType[];

/** How much of a content span's words lie inside quotation marks. */
function quotedShare(s: string): number {
  let inside = 0;
  let total = 0;
  let open = false;
  for (const ch of s) {
    if (/["“”]/.test(ch)) open = ch === '“' ? true : ch === '”' ? false : !open;
    else if (/\S/.test(ch)) {
      total++;
      if (open) inside++;
    }
  }
  return total ? inside / total : 0;
}

const contentText = (text: string, content: Span[]): string =>
  text.slice(content[0]!.start, content[content.length - 1]!.end).trim();

/** Gold content that starts and ends with quotation marks, or is mostly (80 %) inside them. */
export function isDirect(text: string, content: Span[]): boolean {
  const s = contentText(text, content);
  if (/^["“‘'«]/.test(s) && /["”’'»][.,!?]?$/.test(s)) return true;
  return quotedShare(s) >= 0.8;
}

/** A gold content's type: direct (see isDirect), mixed (some words quoted) or indirect. */
export function goldQuoteType(text: string, content: Span[]): QuoteType {
  if (isDirect(text, content)) return 'direct';
  return /["“”]/.test(contentText(text, content)) ? 'mixed' : 'indirect';
}

// The cue classes are the quotes lexicon's (shared/nlp/lexicon/cue-classes.ts): the rules and the
// evaluation read one list.
export { CUE_CLASSES, type CueClass, cueClass } from '../../shared/nlp/lexicon/index.js';

export const MENTION_KINDS = ['name', 'pronoun', 'description', 'none'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

const PRONOUNS = new Set(
  `he she it they i we you him her them me us his its their our my your who whom which that one someone
  everyone anyone nobody somebody himself herself itself themselves`.split(/\s+/),
);
const FUNCTION_WORDS = new Set(`the of and for on in at de von van del la le & 's ’s`.split(/\s+/));

/**
 * The kind of a speaker mention: none (no mention), pronoun ("he", "they", "who"), name (every word
 * capitalised but function words: "Sen. Ted Cruz", "The New York Times") or description ("the
 * official", "a spokesman for Trump", "Clinton aides").
 */
export function mentionKind(mention: string | null | undefined): MentionKind {
  const words = (mention ?? '').match(/[\p{L}\p{N}'’&.-]+/gu) ?? [];
  if (!words.length) return 'none';
  if (words.length <= 2 && words.every((w) => PRONOUNS.has(w.toLowerCase().replace(/[.'’]+$/, ''))))
    return 'pronoun';
  const content = words.filter((w) => !FUNCTION_WORDS.has(w.toLowerCase()));
  const capitalised = content.every((w) => /^[\p{Lu}\p{N}]/u.test(w));
  return content.length && capitalised ? 'name' : 'description';
}
