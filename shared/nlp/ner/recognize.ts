import type { EntityType } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import { findDates } from './dates.js';
import { HONORIFICS, ROLE_HEADS } from '../lexicon/index.js';
import type { NerTagger } from './tagger.js';
import { nerTokenize, type NerToken } from './tokens.js';

export interface Mention {
  type: EntityType;
  start: number;
  end: number;
  text: string;
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
/** A title before a name: an honorific ("Mr", "Dr.") or a capitalised role ("President", "Minister"). */
function isTitle(word: string): boolean {
  const w = word.replace(/\.$/, '').toLowerCase();
  return /^\p{Lu}/u.test(word) && (HONORIFICS.has(w) || ROLE_HEADS.has(w));
}

const PUNCT_RE = /^[^\p{L}\p{N}]+$/u;

/** Token runs to tag: the sentences' tokens, or the whole text's lines if there are no sentences. */
function tokenRuns(text: string, sentences: readonly Sentence[]): NerToken[][] {
  const spans =
    sentences.length > 0
      ? sentences.map((s) => [s.start, s.end] as const)
      : [...text.matchAll(/[^\n]+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const runs: NerToken[][] = [];
  for (const [s, e] of spans) {
    const toks = nerTokenize(text, s, e);
    for (let i = 0; i < toks.length; i += MAX_TOKENS) runs.push(toks.slice(i, i + MAX_TOKENS));
  }
  return runs;
}

/**
 * Words as the tagger sees them. Title-case headlines ("Belarus Considers Russia a Strategic Partner")
 * go in upper case: the model learnt from CoNLL's all-caps headlines not to trust capitals there.
 */
function taggerWords(run: readonly NerToken[]): string[] {
  const words = run.map((t) => t.word);
  const last = words[words.length - 1];
  if (last === '.' || last === '!' || last === '?') return words;
  let capitalised = 0;
  for (const w of words) {
    if (!/^\p{L}/u.test(w)) continue;
    if (/^\p{Lu}/u.test(w)) capitalised++;
    else if (!HEADLINE_LOWER.has(w)) return words;
  }
  return capitalised >= 3 ? words.map((w) => w.toUpperCase()) : words;
}

// Short words that title-case headlines leave in lower case.
const HEADLINE_LOWER = new Set(
  'a an the of in on at to for and or but nor as by with from into onto over off up out via vs v per amid than'.split(
    ' ',
  ),
);

/** Named-entity mentions (PERSON, ORGANIZATION, LOCATION, NATIONALITY, MISC by the model; DATE by chrono). */
export function recognizeWithTagger(
  nerTagger: NerTagger,
  text: string,
  sentences: readonly Sentence[],
  publishedAt: string | null = null,
): Mention[] {
  const runs = tokenRuns(text, sentences);
  const tagged = nerTagger.tagDocument(runs.map((r) => taggerWords(r)));
  const gaz = nerTagger.gazetteer;
  const demonyms = gaz?.demonyms;
  const mentions: Mention[] = [];
  runs.forEach((toks, r) => {
    for (const span of tagged[r]!) {
      let a = span.start;
      let b = span.end;
      // Spans cover the name only: no punctuation at either edge.
      while (a < b && PUNCT_RE.test(toks[a]!.word)) a++;
      while (b > a && PUNCT_RE.test(toks[b - 1]!.word)) b--;
      if (a >= b) continue;
      // People's names without a leading title ("Ms Hewitt", "President Putin").
      if (span.label === 'PER') while (b - a > 1 && isTitle(toks[a]!.word)) a++;
      const start = toks[a]!.start;
      const end = toks[b - 1]!.end;
      const surface = text.slice(start, end);
      let type = TYPE[span.label] ?? 'MISC';
      if (type === 'MISC' && demonyms?.has(surface.toLowerCase())) type = 'NATIONALITY';
      if (type === 'LOCATION' && ORG_HEAD_RE.test(surface) && !gaz?.isPlace(surface)) type = 'ORGANIZATION';
      // "Belarus-Russia (integration)", "Belarusian-Russian (relations)": one mention per place or demonym.
      const parts = surface.includes('-') && gaz ? surface.split('-') : [];
      if (parts.length >= 2 && parts.every((p) => gaz!.isPlace(p) || demonyms!.has(p.toLowerCase()))) {
        let offset = start;
        for (const p of parts) {
          mentions.push({
            type: gaz!.isPlace(p) ? 'LOCATION' : 'NATIONALITY',
            start: offset,
            end: offset + p.length,
            text: p,
          });
          offset += p.length + 1;
        }
        continue;
      }
      mentions.push({ type, start, end, text: surface });
    }
  });
  for (const d of findDates(text, publishedAt)) {
    if (mentions.some((m) => m.start < d.end && d.start < m.end)) continue;
    mentions.push({ type: 'DATE', start: d.start, end: d.end, text: d.text });
  }
  return mentions.sort((x, y) => x.start - y.start || y.end - x.end);
}
