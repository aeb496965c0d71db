// The class of an attribution's cue: speech ("said"), manner of speaking ("shouted"), belief ("thinks"),
// intention ("plans to") or action (anything else: "invited employees to", "sent messages to"). Each
// class is a short list of lemmas; a cue phrase takes the class of its first listed word. Used by the
// quote rules (only speech and belief make indirect quotes on their own) and by the evaluation's
// breakdowns. No maintained npm package classes English reporting verbs, so the lists are written here.
import { MANNER_OF_SPEAKING } from './verbs.js';
import { words } from './words.js';

export const CUE_CLASSES = ['speech', 'manner', 'belief', 'intention', 'action', 'none'] as const;
export type CueClass = (typeof CUE_CLASSES)[number];

/** Lemmas of each class (nouns of speech too: "in a statement", "according to"). */
const CLASS_LEMMAS: Record<Exclude<CueClass, 'none' | 'action'>, ReadonlySet<string>> = {
  speech: words(`say tell add state announce explain note claim report write ask reply respond answer
    argue comment declare insist warn testify mention describe call confirm deny admit acknowledge tweet
    post quip joke recall continue assert maintain stress emphasize emphasise repeat reiterate told praise
    criticize criticise accuse charge contend concede point remark observe inform advise caution urge
    according statement interview speech remarks comment comments letter tweet testimony release
    conference memo email told interview`),
  manner: words(`${MANNER_OF_SPEAKING.join(' ')} cry exclaim laugh sigh snap boast grumble bellow roar
    shriek sneer gush rant`),
  belief: words(`think believe feel know expect fear worry doubt suspect assume consider reckon guess
    estimate predict agree understand realize realise view find conclude hope sense convinced sure
    skeptical concerned worried optimistic pessimistic confident`),
  intention: words(`want plan intend propose promise vow pledge threaten seek aim push demand offer
    decide refuse wish vote commit determined`),
};

const LEMMA_CLASS = new Map<string, CueClass>();
for (const [cls, lemmas] of Object.entries(CLASS_LEMMAS) as Array<[CueClass, ReadonlySet<string>]>)
  for (const lemma of lemmas) if (!LEMMA_CLASS.has(lemma)) LEMMA_CLASS.set(lemma, cls);

const IRREGULAR_LEMMAS: Readonly<Record<string, string>> = {
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

const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['s', ''],
  ['es', ''],
  ['ed', ''],
  ['ed', 'e'],
  ['d', ''],
  ['ing', ''],
  ['ing', 'e'],
  ['ies', 'y'],
  ['ied', 'y'],
];

/** Candidate lemmas of an inflected word: "warned" → warn, "argues" → argue, "hoping" → hope. */
function lemmasOf(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w, IRREGULAR_LEMMAS[w] ?? ''];
  for (const [suffix, add] of SUFFIXES)
    if (w.endsWith(suffix) && w.length > suffix.length + 2) out.push(w.slice(0, -suffix.length) + add);
  // Doubled consonants: "planned" → plan, "committed" → commit.
  const undoubled = /^(.*([bdglmnprt]))\2(?:ed|ing)$/.exec(w);
  if (undoubled) out.push(undoubled[1]!);
  return out.filter(Boolean);
}

/** The class of a word, or null when no class lists it. */
export function wordCueClass(word: string): CueClass | null {
  for (const lemma of lemmasOf(word)) {
    const cls = LEMMA_CLASS.get(lemma);
    if (cls) return cls;
  }
  return null;
}

/** The class of a cue phrase (its first listed word decides); `none` without a cue, `action` when none is listed. */
export function cueClass(cue: string | null | undefined): CueClass {
  if (!cue?.trim()) return 'none';
  for (const word of cue.match(/[\p{L}]+/gu) ?? []) {
    const cls = wordCueClass(word);
    if (cls) return cls;
  }
  return 'action';
}
