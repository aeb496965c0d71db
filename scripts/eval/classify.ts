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

export const CUE_CLASSES = ['speech', 'manner', 'belief', 'intention', 'action', 'none'] as const;
export type CueClass = (typeof CUE_CLASSES)[number];

// PROVISIONAL: a small lemma list per class, until the quotes lexicon (shared/nlp/quotes, issue 9 §1)
// defines each reporting verb's class; then cueClass should read that lexicon instead. A cue none of whose
// words is listed is an action ("invited employees to", "sent messages").
const CLASS_LEMMAS: Record<Exclude<CueClass, 'none' | 'action'>, string> = {
  speech: `say tell add state announce explain note claim report write ask reply respond answer argue
    comment declare insist warn testify mention describe call confirm deny admit acknowledge tweet post
    quip joke recall continue assert maintain stress emphasize emphasise repeat reiterate told praise
    criticize criticise accuse charge contend concede point remark observe inform advise caution urge
    according statement interview speech remarks comment comments letter tweet testimony release
    conference memo email told interview`,
  manner: `shout yell scream whisper chant scoff mutter murmur cry exclaim laugh sigh snap boast grumble
    bellow roar shriek sneer gush rant`,
  belief: `think believe feel know expect fear worry doubt suspect assume consider reckon guess estimate
    predict agree understand realize realise view find conclude hope sense convinced sure skeptical
    concerned worried optimistic pessimistic confident`,
  intention: `want plan intend propose promise vow pledge threaten seek aim push demand offer decide
    refuse wish vote commit determined`,
};

const LEMMA_CLASS = new Map<string, CueClass>();
for (const [cls, list] of Object.entries(CLASS_LEMMAS) as Array<[CueClass, string]>)
  for (const lemma of list.split(/\s+/).filter(Boolean))
    if (!LEMMA_CLASS.has(lemma)) LEMMA_CLASS.set(lemma, cls);

const IRREGULAR: Record<string, string> = {
  said: 'say',
  says: 'say',
  told: 'tell',
  thought: 'think',
  wrote: 'write',
  written: 'write',
  knew: 'know',
  known: 'know',
  felt: 'feel',
  found: 'find',
  sought: 'seek',
  understood: 'understand',
  cried: 'cry',
  replied: 'reply',
  denied: 'deny',
  testified: 'testify',
  implied: 'imply',
};

/** Candidate lemmas of an inflected word: "warned" → warn, "argues" → argue, "hoping" → hope. */
function lemmas(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w, IRREGULAR[w] ?? ''];
  for (const [suffix, add] of [
    ['s', ''],
    ['es', ''],
    ['ed', ''],
    ['ed', 'e'],
    ['d', ''],
    ['ing', ''],
    ['ing', 'e'],
    ['ies', 'y'],
    ['ied', 'y'],
  ] as const)
    if (w.endsWith(suffix) && w.length > suffix.length + 2) out.push(w.slice(0, -suffix.length) + add);
  // Doubled consonants: "planned" → plan, "committed" → commit.
  const undoubled = /^(.*([bdglmnprt]))\2(?:ed|ing)$/.exec(w);
  if (undoubled) out.push(undoubled[1]!);
  return out.filter(Boolean);
}

/** The class of a cue (its first listed word decides); `none` without a cue. PROVISIONAL: see above. */
export function cueClass(cue: string | null | undefined): CueClass {
  if (!cue?.trim()) return 'none';
  for (const word of cue.match(/[\p{L}]+/gu) ?? [])
    for (const lemma of lemmas(word)) {
      const cls = LEMMA_CLASS.get(lemma);
      if (cls) return cls;
    }
  return 'action';
}

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
