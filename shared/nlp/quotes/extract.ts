import type { Entity, Quote, QuoteType, Span, Speaker, Statement, TextSpan } from '../../domain/schema.js';
import { splitParagraphs, type Sentence } from '../segment.js';
import { TELL_OBJECTS, isCueVerb, isGerundCue, isStrongCue } from './cues.js';
import { FeatureSequence } from '../ml/index.js';
import {
  RuleLabel,
  type AttributionModels,
  paragraphFeatures,
  paragraphTokens,
  predictParagraph,
  tokenizeSpan as tokenizeRange,
  type Tok,
} from './attribution-model.js';
import { findQuotationsDetailed, type Quotation } from './marks.js';
import { PRONOUNS, SpeakerResolver, TITLES, stripTitles } from './speakers.js';

export interface QuoteInput {
  text: string;
  sentences: Sentence[];
  statements: Statement[];
  /** Document-level entities (with ids) for speaker resolution. */
  entities: Entity[];
  /** Quotation spans, marks included, from findQuotations. */
  quotations: Span[];
  models: QuoteModels;
}

/** What the quote extractor takes from the trained models (loaded by the models adapter). */
export interface QuoteModels {
  /** The attribution tagger (no stages: the rules alone). */
  attribution: AttributionModels;
  /** 'male' / 'female' for a first name the name lists know (pronoun agreement); null otherwise. */
  firstNameGender?: (firstName: string) => 'male' | 'female' | null;
}

/** The input of the rule extractor alone (no models). */
export type RuleInput = Pick<QuoteInput, 'text' | 'sentences' | 'statements' | 'quotations'>;

// Words that end a speaker noun phrase when scanning away from the cue.
const NP_STOP = new Set(
  (
    'that which who whom whose and but or nor so because if when while as although though than to is are was ' +
    'were be been being has have had do does did will would can could should may might must not it there here ' +
    'what how why where by into after before during about over under since until up out also just even only ' +
    'then now this these those said says say told adding no yes however meanwhile including like'
  ).split(' '),
);
const NP_INNER = new Set(['of', 'for', 'at', 'in', 'from', 'with', 'on', '’s', "'s", '-', '&']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'another',
  'one',
  'some',
  'several',
  'many',
  'two',
  'three',
  'his',
  'her',
  'their',
  'its',
  'other',
  'both',
  'most',
]);
// Adverbs and auxiliaries allowed between a speaker and the cue ("he also said", "Smith has repeatedly argued").
const BETWEEN = new Set(
  'also then later later, previously repeatedly recently once again further reportedly has had have would will had earlier first last yesterday today tonight finally subsequently immediately quickly simply flatly publicly privately firmly bluntly angrily frequently often always never still again has since'.split(
    ' ',
  ),
);
const ADJUNCT_START = new Set([
  'at',
  'in',
  'on',
  'during',
  'after',
  'before',
  'to',
  'while',
  'when',
  'from',
  'last',
  'this',
  'earlier',
  'late',
  'via',
  'by',
  'through',
  'over',
  'with',
  'yesterday',
  'today',
  'tuesday',
  'monday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

export interface Draft {
  type: QuoteType;
  start: number;
  end: number;
  cue: TextSpan | null;
  speakerSpan: Span | null;
  /** Take the speaker of the previous quote (split quotes, continuation, "…, adding that"). */
  inherit: boolean;
  /** Direct quotes only: had no attribution of their own. */
  unattributed?: boolean;
  /** Direct quotes only: introduced by a clause ending in a colon ("… as its headline: “…”"). */
  introduced?: boolean;
  /** For a relative pronoun as the speaker ("…, Gwyneth Dunwoody, who says …"): the phrase it stands for. */
  antecedent?: Span;
  /** The pieces of the quoted words when the attribution interrupts them ("A, he said, B"). */
  parts?: Span[];
  paragraph: number;
}

const isWord = (t: Tok | undefined) => t !== undefined && /^[\p{L}\p{N}]/u.test(t.text);
const isCap = (t: Tok) => /^\p{Lu}/u.test(t.text);
const isAbbrevDot = (toks: Tok[], i: number) =>
  toks[i]?.text === '.' &&
  i > 0 &&
  /^(\p{Lu}|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Rev|Prof)$/u.test(toks[i - 1]!.text);

/** Speaker noun phrase ending right before toks[end] (exclusive), scanning left. Null if none. */
function npBackward(toks: Tok[], end: number, limit: number): [number, number] | null {
  let i = end - 1;
  while (i >= limit && BETWEEN.has(toks[i]!.lower)) i--;
  // A parenthesis between name and verb: "Sen. Claire McCaskill (D-Mo.) said".
  if (i >= limit && toks[i]!.text === ')') {
    let j = i - 1;
    while (j >= limit && j > i - 10 && toks[j]!.text !== '(') j--;
    if (j >= limit && toks[j]!.text === '(') i = j - 1;
  }
  const npEnd = i + 1;
  if (i < limit) return null;
  if (PRONOUNS.has(toks[i]!.lower) || toks[i]!.lower === 'it') return [i, npEnd];
  let j = i;
  while (j >= limit) {
    const t = toks[j]!;
    // (A noun that is also a cue may head the phrase: "the World Bank report said".)
    const nounHead = j === i && !isStrongCue(t.lower);
    if (isWord(t) && !NP_STOP.has(t.lower) && (nounHead || !(isCueVerb(t.lower) && !isCap(t)))) {
      j--;
      continue;
    }
    if (
      isAbbrevDot(toks, j) ||
      ((t.lower === "'s" || t.lower === '’s' || t.text === '-' || t.text === '&') && j > limit)
    ) {
      j--;
      continue;
    }
    break;
  }
  let s = j + 1;
  // Prepositions cannot start the phrase.
  while (s < npEnd && NP_INNER.has(toks[s]!.lower)) s++;
  if (s >= npEnd || npEnd - s > 9) return null;
  // A phrase of lowercase words only must be a description ("the source") or a bare plural ("officials").
  const words = toks.slice(s, npEnd);
  if (!words.some(isCap) && !DETERMINERS.has(words[0]!.lower) && !/s$/.test(words[words.length - 1]!.lower))
    return null;
  if (NP_INNER.has(toks[npEnd - 1]!.lower)) return null;
  return [s, npEnd];
}

/** Speaker noun phrase starting at toks[start] (inverted "said Lukashenko", "according to X"). */
function npForward(toks: Tok[], start: number, limit: number): [number, number] | null {
  if (start >= limit) return null;
  if (PRONOUNS.has(toks[start]!.lower)) return [start, start + 1];
  let j = start;
  while (j < limit) {
    const t = toks[j]!;
    if (isWord(t) && !NP_STOP.has(t.lower) && !ADJUNCT_START.has(t.lower)) {
      j++;
      continue;
    }
    if (
      NP_INNER.has(t.lower) &&
      j > start &&
      j + 1 < limit &&
      (isCap(toks[j + 1]!) || DETERMINERS.has(toks[j + 1]!.lower))
    ) {
      j++;
      continue;
    }
    if (isAbbrevDot(toks, j) && j + 1 < limit && isCap(toks[j + 1]!)) {
      j++;
      continue;
    }
    // A plural possessive: "Sky Networks' Sophie Turner Laing".
    if (
      /^['’]$/.test(t.text) &&
      j > start &&
      /s$/.test(toks[j - 1]!.text) &&
      j + 1 < limit &&
      isCap(toks[j + 1]!)
    ) {
      j++;
      continue;
    }
    break;
  }
  while (j > start && NP_INNER.has(toks[j - 1]!.lower)) j--;
  if (j === start || j - start > 9) return null;
  const words = toks.slice(start, j);
  if (!words.some(isCap) && !DETERMINERS.has(words[0]!.lower) && !/s$/.test(words[words.length - 1]!.lower))
    return null;
  return [start, j];
}

const AUX_OR_ADVERB =
  /^(has|have|had|is|are|was|were|will|would|could|should|may|might|must|also|already|repeatedly|previously|recently|since|often|again|later|now|still|never|always|once|then)$/;
const TIME_WORD =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|night|morning|afternoon|evening|weekend)$/;

interface Attribution {
  cue: TextSpan | null;
  speaker: Span | null;
  /** Token index after the attribution. */
  next: number;
}

/** "…,” Lukashenko said" / "…,” said the president" / "…,” according to X" right after a quotation. */
function trailingAttribution(text: string, toks: Tok[]): Attribution | null {
  // Byline-style attribution: "“…”― Pamela Padilla" / "“…” — John Smith, a voter in Ohio".
  if (toks[0] && /^[―—–]$/.test(toks[0].text)) {
    const np = npForward(toks, 1, Math.min(toks.length, 8));
    if (
      np &&
      toks.slice(np[0], np[1]).every((t) => isCap(t) || isAbbrevDot(toks, toks.indexOf(t))) &&
      (!toks[np[1]] || /^[,.]$/.test(toks[np[1]]!.text))
    )
      return { cue: null, speaker: spanOf(toks, np), next: np[1] };
  }
  let i = 0;
  while (i < toks.length && /^[,—–-]$/.test(toks[i]!.text)) i++;
  if (i >= toks.length) return null;
  const cueTok = (k: number): TextSpan => cueSpan(text, toks, k);
  // Inverted: "said Lukashenko".
  if (isCueVerb(toks[i]!.lower) && !isCap(toks[i]!)) {
    const np = npForward(toks, i + 1, Math.min(toks.length, i + 11));
    if (np) return { cue: cueTok(i), speaker: spanOf(toks, np), next: np[1] };
  }
  if (toks[i]!.lower === 'according' && toks[i + 1]?.lower === 'to') {
    const np = npForward(toks, i + 2, Math.min(toks.length, i + 12));
    if (np)
      return {
        cue: spanText(text, toks[i]!.start, toks[i + 1]!.end),
        speaker: spanOf(toks, np),
        next: np[1],
      };
  }
  // Normal: "Lukashenko said", "the Belarusian president went on to say".
  for (let k = i + 1; k < Math.min(toks.length, i + 16); k++) {
    const t = toks[k]!;
    if (t.text === '(') {
      const close = toks.findIndex((x, j) => j > k && j < k + 10 && x.text === ')');
      if (close > k) {
        k = close;
        continue;
      }
    }
    if (!isWord(t) && !isAbbrevDot(toks, k) && t.text !== ')') break;
    // A noun that is also a cue ("the World Bank report said"): the verb after it is the cue.
    if (!isStrongCue(t.lower) && toks[k + 1] && isStrongCue(toks[k + 1]!.lower)) continue;
    if (isCueVerb(t.lower) || (t.lower === 'went' && toks[k + 1]?.lower === 'on')) {
      const np = npBackward(toks, k, i);
      if (np && np[0] === i) return { cue: cueTok(k), speaker: spanOf(toks, np), next: cueEnd(toks, k) };
    }
  }
  // Name, apposition, verb: "…,” Scott Pruitt, the Republican attorney general of Oklahoma, said at …".
  const name = npForward(toks, i, Math.min(toks.length, i + 6));
  if (name && isCap(toks[name[0]]!) && toks[name[1]]?.text === ',') {
    for (let k = name[1] + 1; k < Math.min(toks.length, name[1] + 40); k++) {
      const t = toks[k]!;
      if (/^[.;!?]$/.test(t.text) && !isAbbrevDot(toks, k)) break;
      if (toks[k - 1]!.text === ',' && isCueVerb(t.lower) && !isCap(t) && k > name[1] + 2)
        return { cue: cueTok(k), speaker: spanOf(toks, name), next: cueEnd(toks, k) };
    }
  }
  return null;
}

/** The last sentence of the paragraph before a quotation that opens its paragraph, when it ends in a colon. */
function introducingParagraph(text: string, paragraphs: Span[], quoteStart: number): Tok[] | null {
  const i = paragraphs.findIndex((p) => p.start <= quoteStart && quoteStart < p.end);
  const prev = i > 0 ? paragraphs[i - 1]! : null;
  if (!prev || text.slice(prev.start, quoteStart).trim() !== text.slice(prev.start, prev.end).trim())
    return null;
  const toks = tokenizeRange(text, prev.start, prev.end);
  if (toks[toks.length - 1]?.text !== ':') return null;
  let s = 0;
  for (let k = 0; k < toks.length - 1; k++)
    if (/^[.!?]$/.test(toks[k]!.text) && !isAbbrevDot(toks, k)) s = k + 1;
  return toks.slice(s);
}

/** `He said: “…”`, `Lukashenko told reporters, “…”` right before a quotation. */
function leadingAttribution(text: string, toks: Tok[]): Attribution | null {
  let k = toks.length - 1;
  while (k >= 0 && /^[,:—–-]$/.test(toks[k]!.text)) k--;
  if (k >= 0 && toks[k]!.lower === 'that') k--;
  for (let back = 0; back < 8 && k - back >= 0; back++) {
    const c = k - back;
    const t = toks[c]!;
    if (!isCueVerb(t.lower) || isCap(t)) continue;
    // "Mr Crosby said in a statement: “…”": the verb and a short prepositional adjunct before the colon.
    const adjunct =
      back > 0 &&
      back <= 6 &&
      /^(in|on|at|during|after|before|via|through|from|to)$/.test(toks[c + 1]?.lower ?? '') &&
      !toks.slice(c + 1, k + 1).some((x) => isCueVerb(x.lower));
    if (
      back > 0 &&
      !adjunct &&
      !/^(told|tells|tell|telling|asked|asks|reminded|informed|assured|warned|urged)$/.test(t.lower)
    )
      continue;
    // ", saying: “…”" is ordinary punctuation; only a finite verb after a comma lacks its subject.
    const np =
      npBackward(toks, c, 0) ??
      subjectBeforeInterruption(toks, c) ??
      (isGerundCue(t.lower) ? null : nameBeforeStrayComma(toks, c));
    if (np) return { cue: cueSpan(text, toks, c), speaker: spanOf(toks, np), next: k + 1 };
    if (isGerundCue(t.lower)) return { cue: cueSpan(text, toks, c), speaker: null, next: k + 1 };
  }
  return null;
}

/**
 * The subject before a relative clause or apposition that ends right before the verb at `c`:
 * "Ms Dunwoody, who chairs the committee, says: …", "Mr Reed, a spokesman for the ministry, said: …".
 */
function subjectBeforeInterruption(toks: Tok[], c: number): [number, number] | null {
  if (toks[c - 1]?.text !== ',') return null;
  for (let j = c - 2; j > 0 && j > c - 25; j--) {
    const t = toks[j]!;
    if (/^[.;:!?"“”]$/.test(t.text)) return null;
    if (t.text !== ',') continue;
    const subject = npBackward(toks, j, 0);
    // The interruption must open with a relative pronoun or a determiner/lowercase noun phrase.
    const opener = toks[j + 1];
    if (!subject || !opener || !/^(who|which|a|an|the|whose)$/i.test(opener.text)) return null;
    return subject;
  }
  return null;
}

/** A name set off from its verb by a stray comma: "Gov. John Kasich (R-OH), said, “…”". */
function nameBeforeStrayComma(toks: Tok[], c: number): [number, number] | null {
  if (toks[c - 1]?.text !== ',') return null;
  const np = npBackward(toks, c - 1, 0);
  // Not the object of a preposition ("In Ohio, said, …" has no subject).
  const before = np ? (toks[np[0] - 1]?.lower ?? '') : '';
  return np &&
    isCap(toks[np[0]]!) &&
    isCap(toks[np[1] - 1]!) &&
    !/^(in|on|at|from|to|for|with|by|of|after|before|since)$/.test(before)
    ? np
    : null;
}

/** A one-word phrase that is never a speaker: an article, or a sentence-opening participle ("Addressing"). */
function isNonSpeakerWord(word: string): boolean {
  return /^(the|a|an)$/i.test(word) || /^\p{Lu}\p{Ll}+ing$/u.test(word);
}

/** The noun phrase a relative pronoun at toks[w] stands for: "Gwyneth Dunwoody" in "…, Gwyneth Dunwoody, who …". */
function antecedentOf(toks: Tok[], w: number): [number, number] | null {
  // Set off by a comma or a dash: "Gerry Conlon - who was wrongly convicted - said".
  return w > 1 && /^[,—–-]$/.test(toks[w - 1]!.text) ? npBackward(toks, w - 1, 0) : null;
}

/** Index of the first sentence-ending mark (or ";") at or after `from`, else the token count. */
function sentenceEndFrom(toks: Tok[], from: number): number {
  let e = from;
  while (e < toks.length && !(/^[.;!?]$/.test(toks[e]!.text) && !isAbbrevDot(toks, e))) e++;
  return e;
}

function spanText(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}
function spanOf(toks: Tok[], [a, b]: [number, number]): Span {
  return { start: toks[a]!.start, end: toks[b - 1]!.end };
}
/** Cue phrase at token k: "said", "went on to say", "told reporters", "pointed out". */
function cueEnd(toks: Tok[], k: number): number {
  const l = toks[k]!.lower;
  const n1 = toks[k + 1]?.lower;
  if (l === 'went' && n1 === 'on')
    return toks[k + 2]?.lower === 'to' && toks[k + 3] && isWord(toks[k + 3]) ? k + 4 : k + 2;
  if (/^(point|points|pointed|pointing)$/.test(l) && n1 === 'out') return k + 2;
  if (/^(told|tells|tell|telling)$/.test(l)) {
    const rest = toks
      .slice(k + 1, k + 4)
      .map((t) => t.text)
      .join(' ');
    const m = TELL_OBJECTS.exec(rest);
    if (m) return k + 1 + m[0].split(' ').length;
  }
  return k + 1;
}
function cueSpan(text: string, toks: Tok[], k: number): TextSpan {
  const e = cueEnd(toks, k);
  return spanText(text, toks[k]!.start, toks[e - 1]!.end);
}

/** Quotes with cues and speakers, in text order. Ids are assigned by the caller. */
export function extractQuotes(input: QuoteInput): Array<Omit<Quote, 'id'>> {
  const rules = ruleDrafts(input);
  if (input.models.attribution.stages.length) addModelDrafts(input, rules, input.models.attribution);
  addHeadlineDraft(input, rules);
  addCharacterizationDrafts(input, rules);
  return resolveDrafts(input, rules);
}

export interface RuleResult {
  drafts: Draft[];
  quotations: Quotation[];
  paragraphs: Span[];
}

/** The rule extractor: direct quotes around quotation marks, reported speech around reporting verbs. */
export function ruleDrafts(input: RuleInput): RuleResult {
  const { text } = input;
  const units: Span[] = (input.statements.length ? input.statements : input.sentences).map(
    ({ start, end }) => ({
      start,
      end,
    }),
  );
  const paragraphSpans = splitParagraphs(text);
  const quotations = findQuotationsDetailed(text, paragraphSpans).filter((q) =>
    input.quotations.length ? input.quotations.some((s) => s.start <= q.start && q.end <= s.end) : true,
  );
  const paragraphAt = (pos: number) => {
    let idx = 0;
    for (let i = 0; i < paragraphSpans.length; i++) if (paragraphSpans[i]!.start <= pos) idx = i;
    return idx;
  };

  const drafts: Draft[] = [];
  const consumed: Span[] = []; // attribution regions already used (cue + speaker)
  const directSpans: Quotation[] = [];

  // 1. Direct quotes: quotations that stand as their own utterance, with the attribution around them.
  for (const u of units) {
    const inUnit = quotations.filter((q) => q.start >= u.start && q.start < u.end);
    inUnit.forEach((q, qi) => {
      const prevEnd = qi > 0 ? inUnit[qi - 1]!.end : u.start;
      const nextStart = qi + 1 < inUnit.length ? inUnit[qi + 1]!.start : Math.max(u.end, q.end);
      const leadToks = tokenizeRange(text, prevEnd, q.start);
      // The lead counts from the last sentence end before the quotation.
      let ls = 0;
      for (let i = 0; i < leadToks.length; i++)
        if (/^[.!?]$/.test(leadToks[i]!.text) && !isAbbrevDot(leadToks, i)) ls = i + 1;
      const lead = leadToks.slice(ls);
      const inner = text.slice(q.innerStart, q.innerEnd);
      const innerWords = inner.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
      const startsUpper = /^\W*\p{Lu}/u.test(inner);
      if (innerWords === 0) return;
      // A block quotation whose attribution closes the paragraph before it: "The New York Times reports:".
      const introLine = lead.length ? null : introducingParagraph(text, paragraphSpans, q.start);
      const leadAttr = lead.length
        ? leadingAttribution(text, lead)
        : introLine
          ? leadingAttribution(text, introLine)
          : null;
      // The second part of a split quote: “A,” Trump said at a rally, “but B.” / “A,” he said, but “B.”
      const prevDraft = drafts[drafts.length - 1];
      const prevQ = qi > 0 ? inUnit[qi - 1]! : null;
      const lastLead = lead[lead.length - 1]?.lower ?? '';
      const continuation =
        prevQ !== null &&
        prevDraft !== undefined &&
        directSpans.includes(prevQ) &&
        prevDraft.start >= prevQ.innerStart &&
        prevDraft.cue !== null &&
        prevDraft.speakerSpan !== null &&
        prevDraft.cue.start >= prevQ.end &&
        prevDraft.speakerSpan.start >= prevQ.end &&
        leadToks.length <= 16 &&
        (lastLead === ',' || (/^(but|and)$/.test(lastLead) && lead[lead.length - 2]?.text === ','));
      if (continuation && innerWords >= 3) {
        let end = q.innerEnd;
        while (end > q.innerStart && /[\s,;:—–-]/.test(text[end - 1]!)) end--;
        drafts.push({
          type: 'direct',
          start: q.innerStart,
          end,
          cue: null,
          speakerSpan: null,
          inherit: true,
          paragraph: paragraphAt(q.start),
        });
        directSpans.push(q);
        return;
      }
      const standalone =
        lead.length === 0 ||
        /^[:,—–-]$/.test(lead[lead.length - 1]!.text) ||
        (leadAttr !== null && startsUpper && innerWords >= 3);
      if (!standalone) return; // a fragment inside a sentence: part of an indirect (mixed) quote
      const trailToks = tokenizeRange(text, q.end, Math.min(nextStart, u.end));
      const trailAttr = trailingAttribution(text, trailToks);
      const attr =
        trailAttr ??
        (leadAttr && lead.length && /^[:,—–-]$/.test(lead[lead.length - 1]!.text) ? leadAttr : leadAttr);
      // Transcript style: "WALLACE: Let's start …" — the label names the speaker.
      const label = !attr ? /^(\p{Lu}[\p{Lu}.'’ -]{1,30}):\s+/u.exec(inner) : null;
      if (!attr && !label && (innerWords < 3 || !startsUpper)) return; // titles, scare quotes, nicknames
      let end = q.innerEnd;
      while (end > q.innerStart && /[\s,;:—–-]/.test(text[end - 1]!)) end--;
      const labelSpan = label ? { start: q.innerStart, end: q.innerStart + label[1]!.length } : null;
      drafts.push({
        type: 'direct',
        start: label ? q.innerStart + label[0].length : q.innerStart,
        end,
        cue: attr?.cue ?? null,
        speakerSpan: attr?.speaker ?? labelSpan,
        inherit: !(attr?.speaker ?? labelSpan),
        unattributed: !attr && !label,
        introduced: (lead.length > 2 && lead[lead.length - 1]!.text === ':') || leadAttr !== null,
        paragraph: paragraphAt(q.start),
      });
      directSpans.push(q);
      if (attr) {
        if (attr.cue) consumed.push({ start: attr.cue.start, end: attr.cue.end });
        if (attr.speaker) consumed.push(attr.speaker);
        // "…,” Lukashenko said, adding that X" — reported speech by the same speaker in the same sentence.
        if (trailAttr) {
          // (To the unit's end: the added clause may quote a fragment, "adding they were a “huge first step”".)
          const rest = tokenizeRange(text, q.end, u.end).slice(trailAttr.next);
          let r = 0;
          while (r < rest.length && /^[,]$/.test(rest[r]!.text)) r++;
          if (rest[r] && (isGerundCue(rest[r]!.lower) || rest[r]!.lower === 'and')) {
            const cueAt = rest[r]!.lower === 'and' ? r + 1 : r;
            const cueTok = rest[cueAt];
            if (cueTok && isCueVerb(cueTok.lower)) {
              const content = contentAfter(text, rest, cueAt, quotations);
              if (content) {
                drafts.push({
                  type: content.mixed ? 'mixed' : 'indirect',
                  start: content.start,
                  end: content.end,
                  cue: cueSpan(text, rest, cueAt),
                  speakerSpan: null,
                  inherit: true,
                  paragraph: paragraphAt(content.start),
                });
                consumed.push({ start: cueTok.start, end: content.end });
              }
            }
          }
        }
      }
    });
  }

  const isConsumed = (pos: number) => consumed.some((c) => c.start <= pos && pos < c.end);

  // 2. Indirect and mixed quotes: reporting verbs with a speaker and a reported clause.
  for (const u of units) {
    const local = quotations.filter((q) => q.start < u.end && q.end > u.start);
    const localDirect = directSpans.filter((q) => q.start < u.end && q.end > u.start);
    const toks = tokenizeRange(text, u.start, u.end).filter(
      (t) => !localDirect.some((q) => q.start <= t.start && t.start < q.end),
    );
    // Clause starts: the unit's start, or right after a direct quotation's attribution.
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (isConsumed(t.start) || isInsideQuotation(local, t.start)) continue;
      const according = t.lower === 'according' && toks[k + 1]?.lower === 'to';
      // "the economics think tank said": a noun compound, not the verb.
      if (t.lower === 'think' && /^tanks?$/.test(toks[k + 1]?.lower ?? '')) continue;
      if (
        !according &&
        (!isCueVerb(t.lower) || isCap(t)) &&
        !(t.lower === 'went' && toks[k + 1]?.lower === 'on')
      )
        continue;
      const draft = according
        ? accordingTo(text, toks, k, quotations)
        : reportedSpeech(text, toks, k, quotations);
      if (!draft) continue;
      if (drafts.some((d) => d.type === 'direct' && d.start < draft.end && draft.start < d.end)) continue;
      if (drafts.some((d) => d.type !== 'direct' && d.start < draft.end && draft.start < d.end)) continue;
      draft.paragraph = paragraphAt(draft.start);
      drafts.push(draft);
      consumed.push({ start: draft.cue!.start, end: draft.cue!.end });
      if (draft.speakerSpan) consumed.push(draft.speakerSpan);
      k = toks.findIndex((x) => x.start >= draft.cue!.end) - 1;
      if (k < 0) break;
    }
  }

  return { drafts, quotations, paragraphs: paragraphSpans };
}

/** Character labels of the rule drafts (model features). */
export function ruleLabels(text: string, drafts: Draft[]): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (const d of drafts) {
    out.fill(d.type === 'direct' ? RuleLabel.DirectContent : RuleLabel.ReportedContent, d.start, d.end);
    if (d.cue) out.fill(RuleLabel.Cue, d.cue.start, d.cue.end);
    if (d.speakerSpan) out.fill(RuleLabel.Source, d.speakerSpan.start, d.speakerSpan.end);
  }
  return out;
}

/** A title-case headline "Lindsey Graham Says Trump Could Address Clean Energy": speaker, cue, content. */
function addHeadlineDraft(input: QuoteInput, rules: RuleResult): void {
  const { text } = input;
  const first = rules.paragraphs[0];
  if (!first || rules.paragraphs.length < 2) return;
  const toks = tokenizeRange(text, first.start, first.end);
  const allCap = (from: number, to: number) =>
    to > from && toks.slice(from, to).every((t, i) => isCap(t) || isAbbrevDot(toks, from + i));
  let span: [number, number] | null = null; // content tokens
  let speaker: [number, number] | null = null;
  let k = toks.findIndex((t, i) => i > 0 && i <= 8 && HEADLINE_CUE.test(t.text));
  if (k > 0 && allCap(0, k)) {
    let e = toks.length;
    while (e > k + 1 && !isWord(toks[e - 1]) && !/^[”"’'»]$/.test(toks[e - 1]!.text)) e--;
    span = [k + 1, e];
    speaker = [0, k];
  } else {
    // "Trump Could Address Clean Energy, Lindsey Graham Says."
    k = toks.length - 1;
    while (k > 0 && !isWord(toks[k])) k--;
    const comma = toks.findLastIndex((t, i) => t.text === ',' && i < k && i >= k - 8);
    if (k > 0 && HEADLINE_CUE.test(toks[k]!.text) && comma > 0 && allCap(comma + 1, k)) {
      span = [0, comma];
      speaker = [comma + 1, k];
    }
  }
  if (!span || !speaker || toks.slice(span[0], span[1]).filter(isWord).length < 3) return;
  const start = toks[span[0]]!.start;
  const end = toks[span[1] - 1]!.end;
  if (rules.drafts.some((d) => d.start < end && start < d.end)) return;
  const mixed = rules.quotations.some((x) => x.start >= start && x.start < end);
  rules.drafts.push({
    type: mixed ? 'mixed' : 'indirect',
    start,
    end,
    cue: spanText(text, toks[k]!.start, toks[k]!.end),
    speakerSpan: spanOf(toks, speaker),
    inherit: false,
    paragraph: 0,
  });
}
const HEADLINE_CUE = /^(Says|Say|Said|Tells|Warns|Claims|Insists|Argues|Admits|Predicts|Vows|Urges)$/;

/** Adds the model's attributions that no rule found (beliefs, plans, paraphrase the cue lexicon misses). */
function addModelDrafts(input: QuoteInput, rules: RuleResult, models: AttributionModels): void {
  const { text } = input;
  const labels = ruleLabels(text, rules.drafts);
  const seq = new FeatureSequence(256, 32);
  const found: Draft[] = [];
  rules.paragraphs.forEach((p, pi) => {
    const sentences = input.sentences.filter((s) => s.start >= p.start && s.start < p.end);
    const sentenceTokensAt = (pos: number): Tok[] => {
      const sent = sentences.find((s) => s.start <= pos && pos < s.end);
      return sent ? tokenizeRange(text, sent.start, sent.end) : [];
    };
    // The phrase a relative pronoun starting at `pos` stands for.
    const antecedentAt = (pos: number): Span | null => {
      const stoks = sentenceTokensAt(pos);
      const np = antecedentOf(
        stoks,
        stoks.findIndex((t) => t.start === pos),
      );
      return np ? spanOf(stoks, np) : null;
    };
    const { toks, sentenceIds } = paragraphTokens(text, p, sentences);
    if (!toks.length) return;
    paragraphFeatures(toks, sentenceIds, labels, rules.quotations, seq);
    for (const a of predictParagraph(models, toks, sentenceIds, seq)) {
      let { start, end } = a.content;
      // Reported content keeps its words; strip the punctuation around it (marks of a whole direct quote too).
      const q = rules.quotations.find((x) => x.start <= start && end <= x.end + 1 && x.start >= start - 1);
      const direct = q !== undefined && q.start >= start && q.end <= end + 1;
      if (direct) {
        start = q.innerStart;
        end = q.innerEnd;
      }
      while (end > start && /[\s,;:.—–-]/.test(text[end - 1]!) && !direct) end--;
      while (end > start && /[\s,;:—–-]/.test(text[end - 1]!)) end--;
      // The length bar applies to what the tagger found, before any extension.
      const taggedWords = text.slice(start, end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
      // Reported content the tagger cut mid-clause ("that 74 percent of likely" | "voters said …") runs on
      // to the clause end: the next comma, semicolon or sentence end (not into a quotation).
      if (
        !direct &&
        /^\s+[\p{L}\p{N}]/u.test(text.slice(end, end + 2)) &&
        !rules.quotations.some((x) => x.start < end && start < x.end)
      ) {
        const sent = sentences.find((x) => x.start <= end && end < x.end);
        if (sent) {
          let e = end;
          while (e < sent.end && !/[.;!?,]/.test(text[e]!)) e++;
          if (e > end && e - end < 200 && !/["“”«»]/.test(text.slice(end, e))) {
            end = e;
            while (end > start && /[\s,;:.—–-]/.test(text[end - 1]!)) end--;
          }
        }
      }
      const mixed = rules.quotations.some((x) => x.start >= start && x.start < end);
      if (taggedWords < (direct || mixed ? 2 : 3)) continue;
      let source = a.source;
      if (source) source = withNameAfterTitle(text, source);
      // An article, an opening participle or a reporting verb tagged as the source ("said", "Addressing …").
      const sourceText = source ? text.slice(source.start, source.end) : '';
      if (
        isNonSpeakerWord(sourceText) ||
        (/^\p{L}+$/u.test(sourceText) && isCueVerb(sourceText.toLowerCase()))
      )
        continue;
      let antecedent: Span | undefined;
      // A whole relative clause tagged as the source ("Gerry Conlon - who was wrongly convicted - said"):
      // its antecedent speaks.
      if (source && /^(who|which)\s+\S/i.test(sourceText)) {
        const np = antecedentAt(source.start);
        if (!np) continue;
        source = np;
      }
      // "…, including Labour backbencher Gwyneth Dunwoody, who says …": "who" speaks for its antecedent.
      else if (source && /^(who$|whose\b)/i.test(sourceText))
        antecedent = antecedentAt(source.start) ?? undefined;
      // No Source tagged: the subject before the cue, as the rules find it ("He says he has …").
      if (!source && a.cue) {
        const stoks = sentenceTokensAt(a.cue.start);
        const k = stoks.findIndex((t) => t.start >= a.cue!.start);
        const np = k > 0 ? npBackward(stoks, k, 0) : null;
        if (np && !(stoks[np[0]]!.start < end && start < stoks[np[1] - 1]!.end)) source = spanOf(stoks, np);
      }
      if (rules.drafts.some((d) => d.start < end && start < d.end)) continue;
      // Reported speech is kept only with a speaker the text names next to it: who said it is the point.
      if (!source && !direct) continue;
      // A lone preposition or article tagged as the cue ("for the Roper Center …") is a tagger slip.
      if (
        !direct &&
        a.cue &&
        /^(for|to|of|in|on|with|about|at|from|by|a|an|the)$/i.test(text.slice(a.cue.start, a.cue.end).trim())
      )
        continue;
      // A quotation the tagger found with no cue or source: the rules' bar for a lone quotation (an utterance).
      if (direct && !source && !a.cue && (taggedWords < 3 || !/^\W*\p{Lu}/u.test(text.slice(start, end))))
        continue;
      // Tagger slips outside its training genre: a source cut off after a preposition ("The owners of"),
      // content that starts with a particle or preposition ("ahead in December", "from foreign banks").
      if (source && /\b(of|for|to|in|at|the|a|an|and|by|with)$/i.test(text.slice(source.start, source.end)))
        continue;
      if (!direct && /^(from|ahead|over|off|up|out|down)\b/i.test(text.slice(start, end))) continue;
      // A passive cue ("aid to X was criticised by aid groups"): the phrase before it is not who spoke.
      if (
        !direct &&
        a.cue &&
        source &&
        source.end <= a.cue.start &&
        /\bby$/i.test(text.slice(a.cue.start, a.cue.end))
      )
        continue;
      // Content that introduces a quotation ("told the Reuters news agency: “…”") is not content.
      if (/^\s*:?\s*["“«„']/.test(text.slice(end, end + 4)) && text.slice(start, end + 2).includes(':'))
        continue;
      // A cue or speaker the rules already attributed elsewhere does not introduce a second content.
      const overlaps = (x: Span | null, y: Span | null) =>
        x !== null && y !== null && x.start < y.end && y.start < x.end;
      if (rules.drafts.some((d) => overlaps(d.cue, a.cue) || overlaps(d.speakerSpan, { start, end })))
        continue;
      // A cue used already does not reach into another sentence for a second content ("… was announced by
      // the jury foreman" tagged as the cue of the sentences around it).
      const sentenceOf = (pos: number) => sentences.findIndex((x) => x.start <= pos && pos < x.end);
      if (a.cue && sentenceOf(a.cue.start) !== sentenceOf(start) && found.some((d) => overlaps(d.cue, a.cue)))
        continue;
      // A content that runs over its own cue is a tagger slip.
      if (a.cue && a.cue.start < end && start < a.cue.end) continue;
      // "Asked whether …, Alencar replied": whoever opens with "Asked" is questioned, not the one asking.
      if (a.cue && /^(Asked|Told|Pressed|Questioned|Quizzed)\b/.test(text.slice(a.cue.start, a.cue.end)))
        continue;
      found.push({
        type: direct ? 'direct' : mixed ? 'mixed' : 'indirect',
        start,
        end,
        cue: a.cue ? { text: text.slice(a.cue.start, a.cue.end), ...a.cue } : null,
        speakerSpan: source,
        inherit: !source && (a.cue === null || isGerundCue(text.slice(a.cue.start, a.cue.end).toLowerCase())),
        unattributed: !source && !a.cue,
        ...(antecedent ? { antecedent } : {}),
        paragraph: pi,
      });
    }
  });
  rules.drafts.push(...found);
}

/** A source cut after a title ("Mr" | "Elgindy had predicted …") runs on over the name that follows. */
export function withNameAfterTitle(text: string, source: Span): Span {
  if (!/\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?$/.test(text.slice(source.start, source.end))) return source;
  const name = /^\s+((?:\p{Lu}[\p{L}'’-]*\s?)+)/u.exec(text.slice(source.end, source.end + 60));
  return name ? { start: source.start, end: source.end + name[0].trimEnd().length } : source;
}

/** Speakers, in text order: resolve mentions; inherit for split quotes, continuations and "adding that". */
function resolveDrafts(input: QuoteInput, rules: RuleResult): Array<Omit<Quote, 'id'>> {
  const { text } = input;
  const { drafts, quotations } = rules;
  drafts.sort((a, b) => a.start - b.start);
  const resolver = new SpeakerResolver(text, input.entities, quotations, input.models.firstNameGender);
  const out: Array<Omit<Quote, 'id'>> = [];
  let prev: { speaker: Speaker; paragraph: number } | null = null;
  let last: { quote: Omit<Quote, 'id'>; paragraph: number } | null = null;
  const order = drafts
    .map((d, i) => ({ d, i, at: d.speakerSpan ? d.speakerSpan.start : d.start }))
    .sort((a, b) => a.d.start - b.d.start);
  for (const { d } of order) {
    let speaker: Speaker | null = null;
    if (d.speakerSpan && d.antecedent) {
      // The mention stays "who", as written; its referent is the antecedent's.
      const span = nameInPhrase(text, d.antecedent);
      const ref = resolver.resolve(span.start, span.end);
      speaker = {
        ...ref,
        mention: text.slice(d.speakerSpan.start, d.speakerSpan.end),
        start: d.speakerSpan.start,
        end: d.speakerSpan.end,
        resolution: ref.name ? 'pronoun' : 'unresolved',
      };
    } else if (d.speakerSpan) {
      const span = nameInPhrase(text, d.speakerSpan);
      speaker = resolver.resolve(span.start, span.end);
    } else if (d.inherit && prev && d.paragraph - prev.paragraph <= 1) speaker = prev.speaker;
    if (!speaker) {
      // Nobody named and a cue that is no verb ("A decision on", a headline's "Rank"): not an attribution.
      if (d.cue && !isVerbLikeCue(d.cue.text)) continue;
      // A lone quotation with nobody to attribute it to is kept only when it reads as an utterance.
      if (d.unattributed && !d.introduced && d.paragraph !== 0 && prev === null) continue;
      speaker = {
        mention: null,
        start: null,
        end: null,
        name: null,
        entityId: null,
        resolution: 'unresolved',
      };
    }
    // A split quote ("“A,” he said. “B.”"): the next quotation in the paragraph, with no attribution of its
    // own, continues the same utterance; one quote whose parts are the quoted pieces.
    if (
      last &&
      d.type === 'direct' &&
      last.quote.type === 'direct' &&
      !d.speakerSpan &&
      !d.cue &&
      speaker.start !== null &&
      speaker.start === last.quote.speaker.start &&
      d.paragraph === last.paragraph &&
      d.start - last.quote.end < 400 &&
      !introducesAgain(text, last.quote, d.start)
    ) {
      const q = last.quote;
      q.parts = [...(q.parts ?? [{ start: q.start, end: q.end }]), { start: d.start, end: d.end }];
      q.end = d.end;
      q.text = text.slice(q.start, q.end);
      continue;
    }
    const quote: Omit<Quote, 'id'> = {
      type: d.type,
      text: text.slice(d.start, d.end),
      start: d.start,
      end: d.end,
      statementIndex: statementIndexAt(input.statements, d.start),
      cue: d.cue,
      speaker,
      ...(d.parts ? { parts: d.parts } : {}),
    };
    out.push(quote);
    if (quote.type !== 'direct') resolver.addReportedContent(quote);
    last = { quote, paragraph: d.paragraph };
    if (speaker.mention !== null) prev = { speaker, paragraph: d.paragraph };
  }
  return out;
}

/** Narration or a second reporting verb between two quotations ("…,” Blige sings, before asking her, “…”): a new utterance. */
function introducesAgain(text: string, first: Omit<Quote, 'id'>, nextStart: number): boolean {
  const from = Math.max(first.end, first.cue?.end ?? 0, first.speaker.end ?? 0);
  const words =
    text
      .slice(from, nextStart)
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  return words.length > 20 || words.some((w) => isCueVerb(w) || isGerundCue(w));
}

const AUXILIARY =
  /^(is|are|was|were|be|been|has|have|had|will|would|could|can|may|might|should|must|did|does|do)$/;
/** A cue with a reporting verb, an auxiliary or a lowercase verb form in it ("is defending", "cited"). */
function isVerbLikeCue(cue: string): boolean {
  return cue
    .split(/\s+/)
    .some((w) => isCueVerb(w.toLowerCase()) || AUXILIARY.test(w) || /^\p{Ll}+(ed|ing)$/u.test(w));
}

/**
 * A long speaker phrase with an apposition or relative clause ("one of the so-called Guildford Four,
 * Gerry Conlon - who was wrongly convicted …") is reduced to the name in it, else to its first part.
 */
function nameInPhrase(text: string, fullSpan: Span): Span {
  // A time phrase the speaker phrase swept up: "Last month the EU said …".
  const time =
    /^(?:(?:last|next|this|earlier|later)\s+(?:week|month|year|night|morning|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|on\s+\p{Lu}\p{Ll}+day)\s+(?=\S)/iu.exec(
      text.slice(fullSpan.start, fullSpan.end),
    );
  const span = time ? { start: fullSpan.start + time[0].length, end: fullSpan.end } : fullSpan;
  // Thousands separators ("5,200 flight attendants") do not split the phrase (same length kept).
  const phrase = text.slice(span.start, span.end).replace(/(\d),(?=\d{3})/g, '$1\u0001');
  // "Sky Networks' Sophie Turner Laing", "Microsoft's Bill Gates": the person after the possessive.
  const afterPossessive = /^.*\S['’]s?\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)+)$/u.exec(phrase);
  if (afterPossessive)
    return {
      start: span.start + phrase.length - afterPossessive[1]!.length,
      end: span.start + phrase.length,
    };
  // "Nicolas Sarkozy of France", "Mr Tanase of JPMorgan": a person of somewhere (two name words, or one
  // after a title: "Bank of England" stays whole). "Marie-Pierre Ripert at IXIS" is split below.
  const name = stripTitles(phrase);
  const before = /^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)\s+of\s+(?:the\s+)?\p{Lu}/u.exec(name);
  const personOf = before !== null && (name !== phrase.trim() || before[1]!.split(/\s+/).length >= 2);
  if (personOf && !TITLES.has(name.split(/\s+/)[0]!.toLowerCase())) {
    const end = phrase.indexOf(' of ', phrase.length - name.length - 1);
    return { start: span.start, end: span.start + end };
  }
  if (!/[,(—–]|\s-\s|\bwho\b|\bwhich\b|\sat\s+\p{Lu}/u.test(phrase)) return span;
  const parts: Span[] = [];
  const re = /[^,(—–]+?(?=\s*(?:[,(—–]|\s-\s|\bwho\b|\bwhich\b|\sat\s+\p{Lu}|$))/gu;
  for (const m of phrase.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    if (t && !/^-$/.test(t))
      parts.push({
        start: span.start + (m.index ?? 0) + lead,
        end: span.start + (m.index ?? 0) + lead + t.length,
      });
  }
  const isName = (p: Span) =>
    /^(?:\p{Lu}[\p{L}'’.-]*\s+)+\p{Lu}[\p{L}'’.-]*$/u.test(text.slice(p.start, p.end));
  return parts.find(isName) ?? parts[0] ?? span;
}

function isInsideQuotation(quotations: Quotation[], pos: number): boolean {
  return quotations.some((q) => q.start <= pos && pos < q.end);
}

/** A strong reporting verb in a finite form ("said", "argues"), not an infinitive ("… and ask them"). */
const isFiniteCue = (lower: string) =>
  isStrongCue(lower) && (/(ed|s)$/.test(lower) || /^(said|told|wrote|thought)$/.test(lower));

const THAT_AS_SUBJECT =
  /^(will|would|was|is|has|had|can|could|should|may|might|must|does|did|won't|wouldn't|isn't|wasn't)$/;

/** Reported clause after the cue at toks[k]: skips "that", the addressee of "told", short adjuncts before "that". */
function contentAfter(
  text: string,
  toks: Tok[],
  k: number,
  quotations: Quotation[],
  strict = false,
): { start: number; end: number; mixed: boolean; stop: number } | null {
  let c = afterTimeAdjunct(toks, cueEnd(toks, k));
  if (toks[c]?.lower === 'that') {
    // "say that will not happen": a verb right after "that" makes it the clause's subject, not a conjunction.
    if (!THAT_AS_SUBJECT.test(toks[c + 1]?.lower ?? '')) c++;
  } else {
    // "said on Thursday that", "told the BBC that": find "that" within a few tokens.
    let found = -1;
    // The addressee of "told" can be long: "told one of his young protégés on a regular basis that".
    const reach = /^(told|tell|tells|telling|informed|assured|reminded|warned)$/.test(toks[k]!.lower)
      ? 16
      : 8;
    for (let j = c; j < Math.min(toks.length, c + reach); j++) {
      if (toks[j]!.lower === 'that' && (toks[j - 1] === undefined || toks[j - 1]!.text !== ',')) {
        found = j;
        break;
      }
      if (/^[.;!?]$/.test(toks[j]!.text)) break;
    }
    if (
      found >= 0 &&
      (ADJUNCT_START.has(toks[c]?.lower ?? '') ||
        /^(told|tell|tells|telling|informed|assured|reminded|warned)$/.test(toks[k]!.lower))
    )
      c = found + 1;
    else if (strict) return null;
    else if (ADJUNCT_START.has(toks[c]?.lower ?? '') || toks[c]?.text === ',' || toks[c]?.text === '.')
      return null;
  }
  if (c >= toks.length) return null;
  // "told the Reuters news agency: “…”" introduces a direct quote, not reported content.
  for (let j = c; j < Math.min(toks.length, c + 8); j++) {
    if (/^[.;!?]$/.test(toks[j]!.text)) break;
    if (toks[j]!.text === ':' && /^\s*["“«„']/.test(text.slice(toks[j]!.end, toks[j]!.end + 3))) return null;
  }
  let e = c;
  while (e < toks.length) {
    const t = toks[e]!;
    if (/^[.;!?]$/.test(t.text) && !isAbbrevDot(toks, e) && !isInsideQuotation(quotations, t.start)) break;
    // ", adding: …" starts a new attribution.
    if (t.text === ',' && toks[e + 1] && isGerundCue(toks[e + 1]!.lower)) break;
    // So does a coordinated reporting verb: "… and said a curfew would …", "… — and he noted that …".
    if (
      t.lower === 'and' &&
      e > c + 2 &&
      (isFiniteCue(toks[e + 1]?.lower ?? '') ||
        (PRONOUNS.has(toks[e + 1]?.lower ?? '') && isFiniteCue(toks[e + 2]?.lower ?? '')))
    )
      break;
    // A trailing attribution of a quoted fragment ends the clause: "…,” the president went on to say.
    if (t.text === ',' || /^[”"»’]$/.test(t.text)) {
      const after = toks.slice(e + 1, e + 12);
      const attr = trailingAttribution(text, after);
      if (attr && attr.speaker) {
        if (/^[”"»’]$/.test(t.text)) e++;
        break;
      }
    }
    e++;
  }
  while (e > c && /^[,—–-]$/.test(toks[e - 1]!.text)) e--;
  if (e - c < 3) return null;
  const start = toks[c]!.start;
  let end = toks[e - 1]!.end;
  // A clause ending inside a quoted fragment keeps its closing mark.
  const q = quotations.find((x) => x.start < end && end < x.end);
  if (q) end = q.end;
  const mixed = quotations.some((x) => x.start >= start && x.start < end);
  return { start, end, mixed, stop: e };
}

/**
 * "…, said X." — reported speech whose inverted attribution closes the clause (`k` the verb after the comma,
 * `np` the phrase after it). The content runs from the clause start to the comma.
 */
function invertedTrailing(text: string, toks: Tok[], k: number, np: [number, number]): Draft | null {
  let speaker = np;
  let after = np[1];
  // An apposition naming the speaker: "said the company's chief executive, John J. Ferriola."
  if (toks[after]?.text === ',') {
    const name = npForward(toks, after + 1, Math.min(toks.length, after + 8));
    if (!name || !isCap(toks[name[0]]!) || !isSentenceEnd(toks, name[1])) return null;
    speaker = name;
    after = name[1];
  }
  if (!isSentenceEnd(toks, after)) return null;
  const s = clauseStart(toks, k - 1, true);
  // A quotation's own attribution ("…,” said X.") belongs to the quote rules.
  if (k - 1 - s < 3 || /^[”"»’']$/.test(toks[k - 2]!.text)) return null;
  return mk(
    'indirect',
    { start: toks[s]!.start, end: toks[k - 2]!.end },
    cueSpan(text, toks, k),
    spanOf(toks, speaker),
    false,
  );
}

/** The subject before a parenthetical adverb: "Forbes, however, says that …". */
function subjectBeforeAdverb(toks: Tok[], k: number): [number, number] | null {
  if (toks[k - 1]?.text !== ',' || toks[k - 3]?.text !== ',') return null;
  if (
    !/^(however|meanwhile|though|too|also|instead|nonetheless|nevertheless|moreover|meantime)$/.test(
      toks[k - 2]!.lower,
    )
  )
    return null;
  return npBackward(toks, k - 3, 0);
}

/** Verbs that characterise someone or something in the speaker's words: "called it “a disgrace”". */
const CHARACTERIZING_VERB =
  /^(?:accus(?:e|es|ed|ing)|call(?:s|ed|ing)?|describ(?:e|es|ed|ing)|label(?:s|ed|led|ing|ling)?|brand(?:s|ed|ing)?|dub(?:s|bed|bing)?|denounc(?:e|es|ed|ing))$/;

/**
 * "X accused Y of “…”", "X called them “…”", "X described Y as “…”": a short quoted phrase a few words after
 * the verb (past its object) that nothing else attributed is a direct quote of the subject's. Runs after the
 * rules and the tagger, so it only fills gaps and changes neither's input.
 */
function addCharacterizationDrafts(input: QuoteInput, rules: RuleResult): void {
  const { text } = input;
  for (const sent of input.sentences) {
    // Only sentences with a quotation opening inside them can hold one (no tokenising of the rest).
    if (!rules.quotations.some((q) => q.start > sent.start && q.start < sent.end)) continue;
    const toks = tokenizeRange(text, sent.start, sent.end);
    for (let k = 1; k < toks.length; k++) {
      if (!CHARACTERIZING_VERB.test(toks[k]!.lower) || isCap(toks[k]!)) continue;
      for (let j = k + 1; j < Math.min(toks.length, k + 12); j++) {
        if (/^[.;:!?]$/.test(toks[j]!.text) && !isAbbrevDot(toks, j)) break;
        const q = rules.quotations.find((x) => x.start === toks[j]!.start);
        if (!q) continue;
        const words = text.slice(q.innerStart, q.innerEnd).match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
        const verbAt = verbGroupStart(toks, k);
        const subject = npBackward(toks, verbAt, 0);
        // The passive names, it does not quote ("is dubbed “…”"); a noun before a participle is no subject
        // ("a group called “…”" — the subject must open its clause).
        const passive = toks.slice(verbAt, k).some((x) => /^(is|are|was|were|be|been|being)$/.test(x.lower));
        const opens = subject && (subject[0] === 0 || /^[,;:(—–]$/.test(toks[subject[0] - 1]!.text));
        // An object between verb and quotation: "a class called “Perception”" names the class.
        if (
          j > k + 1 &&
          words >= 1 &&
          words <= 8 &&
          subject &&
          subject[1] === verbAt &&
          opens &&
          !passive &&
          !isNonSpeakerWord(toks[subject[0]]!.text) &&
          !rules.drafts.some((d) => d.start < q.end && q.start < d.end)
        )
          rules.drafts.push({
            ...mk(
              'direct',
              { start: q.innerStart, end: q.innerEnd },
              cueSpan(text, toks, k),
              spanOf(toks, subject),
              false,
            ),
            paragraph: rules.paragraphs.findIndex((p) => p.start <= q.start && q.start < p.end),
          });
        break;
      }
    }
  }
}

/** Where the verb group of the verb at `k` starts, past auxiliaries and adverbs ("has repeatedly warned"). */
function verbGroupStart(toks: Tok[], k: number): number {
  let verbAt = k;
  while (verbAt > 1 && AUX_OR_ADVERB.test(toks[verbAt - 1]!.lower)) verbAt--;
  return verbAt;
}

/** Past a time adjunct at token `c`: "said on Thursday (that) …", "said yesterday …", "reported last week." */
function afterTimeAdjunct(toks: Tok[], c: number): number {
  if (/^(yesterday|today|tonight|recently|earlier|later)$/.test(toks[c]?.lower ?? '')) return c + 1;
  if (/^(on|last|this|late|early)$/.test(toks[c]?.lower ?? '') && TIME_WORD.test(toks[c + 1]?.lower ?? '')) {
    c += 2;
    // "on Wednesday night", "last Friday morning".
    while (TIME_WORD.test(toks[c]?.lower ?? '')) c++;
  }
  return c;
}

/**
 * Where the clause ending before token `before` starts: the unit's start or after a colon or semicolon,
 * past an opening "but"/"and"/"so"/"yet" when `skipConjunction`.
 */
function clauseStart(toks: Tok[], before: number, skipConjunction: boolean): number {
  let s = 0;
  for (let j = 0; j < before; j++) if (/^[;:]$/.test(toks[j]!.text)) s = j + 1;
  if (skipConjunction && toks[s] && /^(but|and|so|yet)$/.test(toks[s]!.lower)) s++;
  return s;
}

/** Whether token `i` ends the sentence (or lies past the last token). */
function isSentenceEnd(toks: Tok[], i: number): boolean {
  return i >= toks.length || (/^[.!?]$/.test(toks[i]!.text) && !isAbbrevDot(toks, i));
}

/** "X said (that) …", "…, X said", "X told reporters …". */
function reportedSpeech(text: string, toks: Tok[], k: number, quotations: Quotation[]): Draft | null {
  const t = toks[k]!;
  const strong = isStrongCue(t.lower) || t.lower === 'went';
  const np = npBackward(toks, k, 0) ?? subjectBeforeAdverb(toks, k);
  const next = toks[cueEnd(toks, k)];
  // Inverted and interrupting: "The ministers' comments, said Junya Tanase of JPMorgan, were too weak."
  if (strong && k >= 3 && toks[k - 1]!.text === ',') {
    const speakerNp = npForward(toks, k + 1, Math.min(toks.length, k + 14));
    const after = speakerNp ? speakerNp[1] : -1;
    const resume = toks[after + 1];
    if (
      speakerNp &&
      toks[after]?.text === ',' &&
      resume &&
      /^\p{Ll}/u.test(resume.text) &&
      !isCueVerb(resume.lower)
    ) {
      const s = clauseStart(toks, k - 1, false);
      const e = sentenceEndFrom(toks, after + 1);
      if (k - 1 - s >= 2 && e - (after + 1) >= 2) {
        const first = { start: toks[s]!.start, end: toks[k - 2]!.end };
        let end = toks[e - 1]!.end;
        const q = quotations.find((x) => x.start < end && end < x.end);
        if (q) end = q.end;
        const mixed = quotations.some((x) => x.start >= first.start && x.start < end);
        const draft = mk(
          mixed ? 'mixed' : 'indirect',
          { start: first.start, end },
          cueSpan(text, toks, k),
          spanOf(toks, speakerNp),
          false,
        );
        draft.parts = [first, { start: resume.start, end }];
        return draft;
      }
    }
    // Inverted at the clause's end: "The plant is hanging on, said the company's chief executive, John
    // Ferriola." The speaker is the name of an apposition when there is one.
    const inverted = speakerNp ? invertedTrailing(text, toks, k, speakerNp) : null;
    if (inverted) return inverted;
  }
  // Progressive or participle reporting: "The city is demanding that …", "X issued a statement saying …":
  // the clause's subject speaks.
  if (!np && isGerundCue(t.lower) && k > 0) {
    let j = k - 1;
    while (j >= 0 && /^(is|are|was|were|been|be|has|have|had|also|now|still)$/.test(toks[j]!.lower)) j--;
    const subject =
      j < k - 1 ? npBackward(toks, j + 1, 0) : toks[k - 1]!.text !== ',' ? npForward(toks, 0, k) : null;
    if (subject && subject[1] <= k && (next?.lower === 'that' || isStrongCue(t.lower))) {
      const content = contentAfter(text, toks, k, quotations);
      if (content)
        return mk(
          content.mixed ? 'mixed' : 'indirect',
          content,
          cueSpan(text, toks, k),
          spanOf(toks, subject),
          false,
        );
    }
  }
  // A coordinated verb continuing the sentence's speaker: "X announced … and said a curfew would …".
  if (!np && k > 1 && toks[k - 1]!.lower === 'and' && isFiniteCue(t.lower)) {
    const content = contentAfter(text, toks, k, quotations);
    if (!content) return null;
    return mk(content.mixed ? 'mixed' : 'indirect', content, cueSpan(text, toks, k), null, true);
  }
  // Gerund continuing the sentence's speaker: "…, adding that …".
  if (!np && isGerundCue(t.lower) && k > 0) {
    if (next?.lower !== 'that') return null;
    const content = contentAfter(text, toks, k, quotations);
    if (!content) return null;
    return mk(content.mixed ? 'mixed' : 'indirect', content, cueSpan(text, toks, k), null, true);
  }
  // Auxiliaries and adverbs between the subject and the verb: "He has said that …", "X, whose …, has
  // repeatedly warned that …".
  const verbAt = verbGroupStart(toks, k);
  let speakerNp = np ?? (verbAt < k && !isGerundCue(t.lower) ? npBackward(toks, verbAt, 0) : null);
  // "Umbro, which recently lost deals with Chelsea, said …": the subject is before the relative clause.
  const before = speakerNp ? speakerNp[0] - 1 : verbAt - 1;
  if (toks[before]?.text === ',') {
    for (let j = before - 1; j > 0 && j > before - 25; j--) {
      if (/^[.;:!?]$/.test(toks[j]!.text)) break;
      if (/^(which|who|whose)$/.test(toks[j]!.lower) && toks[j - 1]!.text === ',') {
        const subject = npBackward(toks, j - 1, 0);
        if (subject) speakerNp = subject;
        break;
      }
    }
  }
  if (!speakerNp) return null;
  const oneWord = speakerNp[1] - speakerNp[0] === 1 ? toks[speakerNp[0]]! : null;
  // No speaker: an article ("The think tank's proposals …", a noun, not the verb "think"), a possessive
  // ("his reported views": an adjective, not a cue), an opening participle ("Addressing claims …, X said").
  if (oneWord && (isNonSpeakerWord(oneWord.text) || /^(his|her|its|their|our|my|your)$/.test(oneWord.lower)))
    return null;
  // "…, Paul Smith of Safe Speed, who says it will …": the relative pronoun speaks for its antecedent.
  const relative = oneWord?.lower === 'who' ? antecedentOf(toks, speakerNp[0]) : null;
  const speaker = spanOf(toks, speakerNp);
  const withAntecedent = (d: Draft): Draft => (relative ? { ...d, antecedent: spanOf(toks, relative) } : d);
  // Trailing: "Minsk considers Russia …, Belarusian President Alexander Lukashenko stated at …".
  const comma = speakerNp[0] - 1;
  // The verb ends its clause here ("…, X said." / "…, X stated at a news conference"), else it introduces content.
  // (Not before a colon: "In an article for the Times, Dunwoody says: …" introduces what follows.)
  const clauseEnds = !next || /^[.,;!?)]$/.test(next.text) || ADJUNCT_START.has(next.lower);
  // Clause-final, a past-tense cue is a verb even when its base is also a noun ("…, the agency reported.").
  const closing = toks[afterTimeAdjunct(toks, cueEnd(toks, k))];
  const trailingCue = strong || (/ed$/.test(t.lower) && (!closing || /^[.,;!?]$/.test(closing.text)));
  if (toks[comma]?.text === ',' && comma >= 3 && trailingCue && next?.lower !== 'that' && clauseEnds) {
    const s = clauseStart(toks, comma, true);
    if (comma - s >= 3) {
      const start = toks[s]!.start;
      let end = toks[comma - 1]!.end;
      const cue = cueSpan(text, toks, k);
      // The attribution interrupts the sentence: "Acts of protest, Mr. Obama said, are acts of patriotism."
      // The content is both pieces (one utterance, as in a split quote).
      let parts: Span[] | undefined;
      const after = toks.findIndex((x) => x.start >= cue.end);
      const resume = toks[after + 1];
      if (
        after > 0 &&
        toks[after]!.text === ',' &&
        resume &&
        /^\p{Ll}/u.test(resume.text) &&
        !isCueVerb(resume.lower) &&
        !isGerundCue(resume.lower) &&
        !ADJUNCT_START.has(resume.lower) &&
        !/^(according|as|in|on|at|but|and|who|which|where|when|while|because|after|before|citing|noting|during)$/.test(
          resume.lower,
        )
      ) {
        const e = sentenceEndFrom(toks, after + 1);
        if (e - (after + 1) >= 2 && !toks.slice(after + 1, e).some((x) => /^["“”«»]$/.test(x.text))) {
          parts = [
            { start, end },
            { start: resume.start, end: toks[e - 1]!.end },
          ];
          end = toks[e - 1]!.end;
        }
      }
      const mixed = quotations.some((x) => x.start >= start && x.start < end);
      const draft = mk(mixed ? 'mixed' : 'indirect', { start, end }, cue, speaker, false);
      if (parts) draft.parts = parts;
      return draft;
    }
  }
  // Leading: "He added that …", "Lukashenko noted that …", "He also highlighted the fact that …".
  if (
    speakerNp[0] > 0 &&
    !(
      /^[,;:(—–"”]$/.test(toks[speakerNp[0] - 1]!.text) ||
      (/^[.!?]$/.test(toks[speakerNp[0] - 1]!.text) && !isAbbrevDot(toks, speakerNp[0] - 1))
    ) &&
    !/^(and|but|so|yet|while|because|as|when|although|though)$/i.test(toks[speakerNp[0] - 1]!.text)
  ) {
    // The speaker phrase must start its clause.
    return null;
  }
  if (!strong && next?.lower !== 'that') return null;
  const content = contentAfter(text, toks, k, quotations, !strong);
  if (!content) return null;
  // The verb's object is a whole quotation and the sentence goes on with a second verb: "Protesters
  // chanted “What curfew?” and kept going", "He yelled “Fire!” before running out". The quotation is it.
  const q = quotations.find((x) => x.start === content.start && x.end < content.end);
  if (q && /^\s*(?:,\s*)?(?:and|but|before|after|then|while|as)\b/.test(text.slice(q.end, content.end)))
    return withAntecedent(
      mk('direct', { start: q.innerStart, end: q.innerEnd }, cueSpan(text, toks, k), speaker, false),
    );
  return withAntecedent(
    mk(content.mixed ? 'mixed' : 'indirect', content, cueSpan(text, toks, k), speaker, false),
  );
}

function accordingTo(text: string, toks: Tok[], k: number, quotations: Quotation[]): Draft | null {
  const np = npForward(toks, k + 2, Math.min(toks.length, k + 12));
  if (!np) return null;
  const cue = spanText(text, toks[k]!.start, toks[k + 1]!.end);
  const speaker = spanOf(toks, np);
  let s: number;
  let e: number;
  if (toks[np[1]]?.text === ',' && (k === 0 || /^[,;:]$/.test(toks[k - 1]!.text))) {
    // "According to X, content." — past an apposition: "According to Pat Ferguson, President of AMBO, work …".
    s = np[1] + 1;
    const close = toks.findIndex((x, j) => j > s && j <= s + 8 && x.text === ',');
    const appositive =
      close > s &&
      (TITLES.has(toks[s]!.lower) || /^(a|an|the)$/.test(toks[s]!.lower)) &&
      !toks.slice(s, close).some((x) => AUX_OR_ADVERB.test(x.lower) || isCueVerb(x.lower));
    if (appositive && close + 1 < toks.length) s = close + 1;
    e = sentenceEndFrom(toks, s);
  } else if (k > 0 && toks[k - 1]!.text === ',') {
    // "Content, according to X."
    e = k - 1;
    s = clauseStart(toks, e, false);
  } else return null;
  if (e - s < 3) return null;
  const start = toks[s]!.start;
  const end = toks[e - 1]!.end;
  const mixed = quotations.some((x) => x.start >= start && x.start < end);
  return mk(mixed ? 'mixed' : 'indirect', { start, end }, cue, speaker, false);
}

function mk(type: QuoteType, span: Span, cue: TextSpan, speakerSpan: Span | null, inherit: boolean): Draft {
  return { type, start: span.start, end: span.end, cue, speakerSpan, inherit, paragraph: 0 };
}

function statementIndexAt(statements: Statement[], pos: number): number {
  let found = 0;
  for (const s of statements) if (s.start <= pos) found = s.index;
  return found;
}
