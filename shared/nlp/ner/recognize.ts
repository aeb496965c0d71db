import type { EntityType } from '../../domain/schema.js';
import { FUNCTION_WORDS_ALONE, PARTY_WORDS } from '../lexicon/index.js';
import type { Sentence } from '../segment.js';
import { findDates } from './dates.js';
import { hasLowercase } from './features.js';
import { GAZ_CLASSES, type Gazetteer } from './gazetteer.js';
import type { NerTagger, ScoredSpan } from './tagger.js';
import { isTitle } from './titles.js';
import { nerTokenize } from './tokens.js';
import { anyOverlaps, selfSpan } from '../quotes/span-index.js';

export interface Mention {
  type: EntityType;
  start: number;
  end: number;
  text: string;
  /** How sure the recogniser is of this mention's type and extent (0–1, calibrated on CoNLL testa). */
  confidence?: number;
}

const TYPE: Record<string, EntityType> = {
  PER: 'PERSON',
  ORG: 'ORGANIZATION',
  LOC: 'LOCATION',
  MISC: 'MISC',
};
// Longest token run tagged at once; longer "sentences" (tables, lists, a missing splitter) are cut.
const MAX_TOKENS = 200;

// Head words of organisation names: a multi-word "place" with one of these that no gazetteer lists as a
// place is an organisation ("Union State", "Eurasian Economic Union").
const ORG_HEAD_RE =
  /\s(?:Union|Organi[sz]ation|Council|Committee|Commission|Party|Bank|Agency|Ministry|Association|Alliance|Court|Parliament|Assembly|Institute|University|Company|Corporation|Fund|Forum|Front|Movement|League|Authority|Office|Service|Department|Board|Group)\b|^(?:Union|Bank|Council|Committee|Ministry|University)\s/;
// A compass word makes it a region whatever its head ("West Bank", "North Bank").
const COMPASS_RE = /^(?:North|South|East|West)(?:ern)?\s/;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

const PUNCT_RE = /^[^\p{L}\p{N}]+$/u;

/**
 * A run of tokens to tag, compact: the words (one string per distinct word of the document) and where
 * its tokens' offsets start in the document's offset table. A long article has a million tokens; one
 * object per token held them all at once and was most of the recogniser's memory (issue 13).
 */
interface TokenRun {
  words: string[];
  /** Index of the run's first token in TokenRuns.offsets (start at 2i, end at 2i + 1). */
  first: number;
}

interface TokenRuns {
  runs: TokenRun[];
  /** Start and end offset of every token of the document, run after run. */
  offsets: Int32Array;
}

/** Token runs to tag: the sentences' tokens, or the whole text's lines if there are no sentences. */
function tokenRuns(text: string, sentences: readonly Sentence[]): TokenRuns {
  const spans =
    sentences.length > 0
      ? sentences.map((s) => [s.start, s.end] as const)
      : [...text.matchAll(/[^\n]+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const distinct = new Map<string, string>();
  const word = (w: string): string => {
    const seen = distinct.get(w);
    if (seen !== undefined) return seen;
    distinct.set(w, w);
    return w;
  };
  const runs: TokenRun[] = [];
  let offsets = new Int32Array(1024);
  let count = 0;
  for (const [s, e] of spans) {
    const toks = nerTokenize(text, s, e);
    if (2 * (count + toks.length) > offsets.length) {
      const grown = new Int32Array(Math.max(offsets.length * 2, 2 * (count + toks.length)));
      grown.set(offsets);
      offsets = grown;
    }
    for (let i = 0; i < toks.length; i += MAX_TOKENS) {
      const part = toks.slice(i, i + MAX_TOKENS);
      runs.push({ words: part.map((t) => word(t.word)), first: count });
      for (const t of part) {
        offsets[2 * count] = t.start;
        offsets[2 * count + 1] = t.end;
        count++;
      }
    }
  }
  return { runs, offsets: offsets.slice(0, 2 * count) };
}

/**
 * Words as the tagger sees them. Title-case headlines ("Belarus Considers Russia a Strategic Partner")
 * go in upper case: the model learnt from CoNLL's all-caps headlines not to trust capitals there.
 */
function taggerWords(run: TokenRun, gaz: Gazetteer | null): string[] {
  const words = asReutersWrites(run.words, gaz);
  const last = words[words.length - 1];
  if (last === '.' || last === '!' || last === '?') return words;
  if (!looksLikeHeadline(words)) return words;
  let capitalised = 0;
  for (const w of words) {
    if (!/^\p{L}/u.test(w)) continue;
    if (/^\p{Lu}/u.test(w)) capitalised++;
    else if (!HEADLINE_LOWER.has(w)) return words;
  }
  return capitalised >= 3 ? words.map((w) => w.toUpperCase()) : words;
}

/**
 * Words as Reuters (the training text) writes them where British news writes them otherwise, on lines with
 * lowercase letters (on an all-caps line "US" may be the pronoun): the country "U.S." ("US" 6 times in
 * eng.train, "U.S." 377 times), a middle initial with its full stop ("George W. Bush", "Michael J. Fox":
 * without it the model ends the name at the initial and starts another), and an organisation the gazetteer
 * lists written from a lowercase letter, capitalised ("eBay": the model never saw a name so written and tagged
 * none; products such as "iPod", which no list names, are left alone).
 */
function asReutersWrites(words: string[], gaz: Gazetteer | null): string[] {
  let out = words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const reuters =
      w === 'US'
        ? 'U.S.'
        : isMiddleInitial(words, i)
          ? `${w}.`
          : CAMEL_BRAND_RE.test(w) && gaz && gaz.classesOf(w) & ORGANISATION_BIT
            ? w[0]!.toUpperCase() + w.slice(1)
            : null;
    if (reuters === null) continue;
    if (out === words) {
      if (!words.some(hasLowercase)) return words;
      out = words.slice();
    }
    out[i] = reuters;
  }
  return out;
}

/** A capital letter alone between two capitalised words of a name ("George W Bush"; not "I", "A"). */
function isMiddleInitial(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  if (w.length !== 1 || w < 'B' || w > 'Z' || w === 'I') return false;
  return (
    i > 0 && i + 1 < words.length && NAME_WORD_RE.test(words[i - 1]!) && NAME_WORD_RE.test(words[i + 1]!)
  );
}

const NAME_WORD_RE = /^\p{Lu}\p{Ll}/u;
/** "eBay", "iPod": names written from a lowercase letter, which 1990s Reuters never did. */
const CAMEL_BRAND_RE = /^\p{Ll}\p{Lu}\p{Ll}{2,}/u;
const ORGANISATION_BIT = 1 << GAZ_CLASSES.indexOf('organisation');

/**
 * A headline is a phrase, not a table row or a list of names: no figures or brackets ("65 Billy Andrade ,
 * Duffy Waldorf ( Sweden )"), at most one comma.
 */
function looksLikeHeadline(words: readonly string[]): boolean {
  let commas = 0;
  for (const w of words) {
    if (/\p{N}|^[()[\]]$/u.test(w)) return false;
    if (w === ',' && ++commas > 1) return false;
  }
  return true;
}

// Short words that title-case headlines leave in lower case.
const HEADLINE_LOWER = new Set(
  'a an the of in on at to for and or but nor as by with from into onto over off up out via vs v per amid than'.split(
    ' ',
  ),
);

/** Words that open a sentence before a name but are no part of it: conjunctions, adverbs, "like", "with". */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set([
  ...[...FUNCTION_WORDS_ALONE].filter((w) => w !== 'there' && w !== 'here'),
  'with',
  'without',
  'unlike',
]);

/** Whether words[a] is a sentence opener opening its sentence or a quotation (only punctuation before it, or a quotation mark). */
function isSentenceOpener(words: readonly string[], a: number): boolean {
  if (!SENTENCE_OPENERS.has(words[a]!.toLowerCase())) return false;
  if (a > 0 && /^["“‘]$/.test(words[a - 1]!)) return true;
  for (let i = 0; i < a; i++) if (!PUNCT_RE.test(words[i]!)) return false;
  return true;
}

/** Token range of a span without punctuation at its edges nor, for people, leading titles; null if empty. */
function trimSpan(words: readonly string[], span: ScoredSpan): [number, number] | null {
  let a = span.start;
  let b = span.end;
  while (a < b && PUNCT_RE.test(words[a]!)) a++;
  while (b > a && PUNCT_RE.test(words[b - 1]!)) b--;
  if (a >= b) return null;
  // Without the sentence's opening conjunction or adverb ("But Human Rights Watch", "Although Wal-Mart").
  if (b - a > 1 && isSentenceOpener(words, a) && /^\p{Lu}/u.test(words[a + 1]!)) a++;
  // People's names without a leading title ("Ms Hewitt", "President Putin").
  if (span.label === 'PER') while (b - a > 1 && isTitle(words[a]!)) a++;
  return [a, b];
}

/** "Belarus-Russia (integration)", "Belarusian-Russian (relations)": one mention per place or demonym. */
function hyphenatedPlaces(surface: string, start: number, gaz: Gazetteer | null): Mention[] {
  const parts = surface.includes('-') && gaz ? surface.split('-') : [];
  if (parts.length < 2 || !parts.every((p) => gaz!.isPlace(p) || gaz!.demonyms.has(p.toLowerCase())))
    return [];
  let offset = start;
  return parts.map((p) => {
    const m: Mention = {
      type: gaz!.isPlace(p) ? 'LOCATION' : 'NATIONALITY',
      start: offset,
      end: offset + p.length,
      text: p,
    };
    offset += p.length + 1;
    return m;
  });
}

/**
 * The pipeline's type of a tagged span: demonyms are NATIONALITY, "places" with an organisation head
 * ORGANIZATION, people and places made of party words a party.
 */
function typeOf(label: string, surface: string, gaz: Gazetteer | null): EntityType {
  const type = TYPE[label] ?? 'MISC';
  if (type === 'MISC' && gaz?.demonyms.has(surface.toLowerCase())) return 'NATIONALITY';
  if (type === 'LOCATION' && ORG_HEAD_RE.test(surface) && !COMPASS_RE.test(surface) && !gaz?.isPlace(surface))
    return 'ORGANIZATION';
  // Party words name no person and no place: "the Lib Dems", "the Tories" are the party.
  if (type === 'PERSON' || type === 'LOCATION') return partyNameType(surface) ?? type;
  // "the Tories" as MISC (party members, CoNLL-style) is the party when its name is all party words.
  if (type === 'MISC' && partyNameType(surface) === 'ORGANIZATION') return 'ORGANIZATION';
  return type;
}

/**
 * Party words are no one's name: "the Lib Dems", "Labour" name a party (ORGANIZATION); "Tory leader",
 * "Lib Dem spokesman" use the party as an adjective (MISC, as CoNLL tags it). Null if not all party words.
 */
export function partyNameType(surface: string): EntityType | null {
  const words = surface.toLowerCase().split(/\s+/);
  // "Green" alone is more often a surname (Philip Green) than the Greens.
  if (words.length === 1 && words[0] === 'green') return null;
  if (!words.every((w) => PARTY_WORDS.has(w))) return null;
  const last = words[words.length - 1]!;
  return last.endsWith('s') || PARTY_NAMES.has(last) ? 'ORGANIZATION' : 'MISC';
}

/** Party words that are the party's own name, not an adjective of it. */
const PARTY_NAMES = new Set(['labour', 'snp', 'ukip', 'gop']);

/** Mentions of one tagged span (several for hyphenated places). */
function mentionsOfSpan(
  tagger: NerTagger,
  text: string,
  { run, offsets }: { run: TokenRun; offsets: Int32Array },
  span: ScoredSpan,
): Mention[] {
  const range = trimSpan(run.words, span);
  if (!range) return [];
  const start = offsets[2 * (run.first + range[0])]!;
  const end = offsets[2 * (run.first + range[1] - 1) + 1]!;
  const surface = text.slice(start, end);
  const parts = hyphenatedPlaces(surface, start, tagger.gazetteer);
  if (parts.length) return parts;
  const confidence = round3(tagger.confidence(span.margin));
  return [{ type: typeOf(span.label, surface, tagger.gazetteer), start, end, text: surface, confidence }];
}

/**
 * Characters of text the tagger takes at once. A longer article is tagged in windows of whole paragraphs
 * of about this size, so that its tokens, feature rows and scores are let go window by window (issue 13,
 * bounded memory); its document-level context (how the same words were tagged elsewhere) then spans a
 * window. Every news article is far shorter: windows only ever split text of several articles' length.
 */
export const RECOGNITION_WINDOW_CHARS = 256 * 1024;

/**
 * The sentences in windows of whole paragraphs: a new window starts at the first sentence of a
 * paragraph once the current one spans `maxChars` or more. One window (the same array) when the
 * sentences span less.
 */
export function sentenceWindows<S extends Sentence>(
  sentences: readonly S[],
  maxChars: number,
): (readonly S[])[] {
  const last = sentences[sentences.length - 1];
  if (!last || last.end - sentences[0]!.start < maxChars) return [sentences];
  const windows: S[][] = [];
  let from = 0;
  for (let i = 1; i < sentences.length; i++) {
    const s = sentences[i]!;
    const newParagraph = s.paragraphIndex !== sentences[i - 1]!.paragraphIndex;
    if (newParagraph && s.start - sentences[from]!.start >= maxChars) {
      windows.push(sentences.slice(from, i));
      from = i;
    }
  }
  windows.push(sentences.slice(from));
  return windows;
}

/** The tagger's mentions in one window of sentences (all the text's lines if there are none). */
function taggedMentions(nerTagger: NerTagger, text: string, sentences: readonly Sentence[]): Mention[] {
  const { runs, offsets } = tokenRuns(text, sentences);
  const tagged = nerTagger.tagDocument(runs.map((r) => taggerWords(r, nerTagger.gazetteer)));
  const mentions: Mention[] = [];
  runs.forEach((run, r) => {
    for (const span of tagged[r]!) mentions.push(...mentionsOfSpan(nerTagger, text, { run, offsets }, span));
  });
  return mentions;
}

/** Named-entity mentions (PERSON, ORGANIZATION, LOCATION, NATIONALITY, MISC by the model; DATE by chrono). */
export function recognizeWithTagger(
  nerTagger: NerTagger,
  text: string,
  sentences: readonly Sentence[],
  publishedAt: string | null = null,
  windowChars = RECOGNITION_WINDOW_CHARS,
): Mention[] {
  const mentions: Mention[] = [];
  const windows = sentenceWindows(sentences, windowChars);
  for (const window of windows) {
    for (const m of taggedMentions(nerTagger, text, window)) mentions.push(m);
  }
  // A text long enough for windows filled the tagger's word cache: the rest of its analysis needs the memory.
  if (windows.length > 1) nerTagger.dropCaches();
  const dates = keptDates();
  for (const d of findDates(text, publishedAt)) {
    if (anyOverlaps(mentions, selfSpan, d.start, d.end) || dates.overlaps(d.start, d.end)) continue;
    dates.add({ type: 'DATE', start: d.start, end: d.end, text: d.text });
  }
  return [...mentions, ...dates.list].sort((x, y) => x.start - y.start || y.end - x.end);
}

/**
 * The dates kept so far, disjoint. While they come in text order (as chrono gives them) the last one has
 * the largest end, so it alone can reach a later date; out of order, every kept date is checked.
 */
export function keptDates(): {
  list: Mention[];
  overlaps: (start: number, end: number) => boolean;
  add: (m: Mention) => void;
} {
  const list: Mention[] = [];
  let inOrder = true;
  return {
    list,
    overlaps(start, end) {
      const last = list[list.length - 1];
      if (last && inOrder && last.start <= start) return last.end > start;
      return list.some((m) => m.start < end && start < m.end);
    },
    add(m) {
      const last = list[list.length - 1];
      if (last && last.start > m.start) inOrder = false;
      list.push(m);
    },
  };
}
