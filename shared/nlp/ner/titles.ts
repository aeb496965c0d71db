// Titles and honorifics before people's names, for the recogniser and linking. The word lists are the
// NLP core's one lexicon (shared/nlp/lexicon/people.ts).
import { HONORIFICS, ROLE_HEADS } from '../lexicon/index.js';

const key = (word: string): string => word.replace(/\.$/, '').toLowerCase();

/** A capitalised title before a name: an honorific ("Mr", "Dr.") or a role ("President", "Gen."). */
export function isTitle(word: string): boolean {
  const w = key(word);
  return /^\p{Lu}/u.test(word) && (HONORIFICS.has(w) || ROLE_HEADS.has(w));
}

/** A name's words without leading titles ("Mr Robert Mugabe" → ["Robert", "Mugabe"]); keeps the last word. */
export function stripTitles(words: readonly string[]): string[] {
  let a = 0;
  while (a < words.length - 1 && isTitle(words[a]!)) a++;
  return words.slice(a);
}
