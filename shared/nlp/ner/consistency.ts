// One name, one type per article (unless its own context clearly says otherwise): after tagging, the
// type evidence of every mention of a name is pooled across the article, weighted by how sure the
// tagger was of each mention, and mentions whose own evidence is weak take the pooled type. The classic
// non-learned document-level step (label consistency in the spirit of Krishnan & Manning 2006 and
// Ratinov & Roth 2009), on the tagger's own scores: a hand-written step because no library does this
// on top of our model's scores.
import { hashLower, mixHash } from '../ml/hash.js';
import { hasLowercase, isTableLine } from './features.js';

/** A tagged span with the tagger's score for each entity type (NER_LABELS order) over its tokens. */
export interface TypedSpan {
  label: string;
  start: number;
  end: number;
  /** Score of labelling the span's tokens with each type (B- first, I- after), in emission units. */
  typeScores: Float32Array;
  /** How far the span's type leads (emission units); lowered when the span is relabelled. */
  margin: number;
}

export interface ConsistencyOptions {
  /** Score units per unit of log-odds when turning a mention's type scores into probabilities. */
  temperature: number;
  /** Weight of the other mentions' pooled probabilities relative to the mention's own. */
  othersWeight: number;
  /** Weight of a headline (all-caps line) mention's vote for the others (prose counts 1). */
  headlineWeight: number;
  /**
   * Weight of a strong local cue next to a mention ("Lord X", "Mr X": a person; "X Inc.", "shares of X",
   * "X said in a statement": an organisation), per mention of the name: a cue outweighs the tagger.
   */
  cueWeight: number;
}

export const DEFAULT_CONSISTENCY: ConsistencyOptions = {
  temperature: 5,
  othersWeight: 1,
  headlineWeight: 0.25,
  cueWeight: 1,
};

/** Where a mention stands: running text, a headline, or a table line (results, standings, schedules). */
const enum Line {
  Prose,
  Headline,
  Table,
}

/** Whether words[start, end) name a known place (a gazetteer lookup). */
export type PlaceTest = (words: readonly string[], start: number, end: number) => boolean;

interface Vote {
  span: TypedSpan;
  /** Probability of each type from the mention's own scores (filled only for names that need a vote). */
  p: Float32Array | null;
  line: Line;
  /** Type index a strong cue around this mention points to, or -1. */
  cue: number;
}

const words = (list: string): number[] => list.split(' ').map((w) => hashLower(w));
/** Titles that only people carry, right before a name ("Lord Falconer", "Mrs Thatcher"). */
const PERSON_TITLES = new Set(words('mr mr. mrs mrs. ms ms. dr dr. lord lady sir dame'));
/** Company designators right after a name ("Magna Inc.", "Pirelli SpA"). */
const DESIGNATORS = new Set(words('inc inc. corp corp. ltd ltd. plc llc ag gmbh spa nv'));
/**
 * A kind of firm right before its name. In eng.train's gold these words precede 90 organisations and 2 other
 * names ("the daily Iran", a place-named paper; a misread list); "analyst", "rival" and "insurer" (often people)
 * are not among them.
 */
const FIRM_BEFORE = new Set(
  words(
    'firm company group retailer supermarket carmaker automaker chipmaker maker manufacturer giant conglomerate ' +
      'bank lender operator utility miner distributor subsidiary newspaper daily agency publisher broadcaster ' +
      'airline consultancy watchdog regulator',
  ),
);
/** Plural kinds of firms before "such as", "like", "including". */
const FIRM_KINDS = new Set(
  words(
    'firms companies retailers rivals groups banks carmakers giants makers operators manufacturers competitors ' +
      'chains providers airlines insurers lenders supermarkets publishers developers brokers broadcasters',
  ),
);
const [AS, SUCH, LIKE, INCLUDING, COM] = words('as such like including com') as [
  number,
  number,
  number,
  number,
  number,
];
/** Two words right before a company ("shares of X", "a stake in X"). */
const STOCK_BEFORE = new Set(
  ['shares of', 'shares in', 'stake in'].map((p) => mixHash(...(words(p) as [number, number]))),
);

/** Type index of an organisation in a cue (NER_LABELS order). */
const ORG_CUE = 1;

/**
 * The type a strong cue right around the span points to (NER_LABELS order: PER 0, ORG 1), or -1.
 * Only cues that hardly ever mislead: the recogniser's softer cues (cues.ts) are features, not votes.
 */
function cueAround(
  words: readonly string[],
  span: TypedSpan,
  isPlace: PlaceTest,
  isFirstName: FirstNameTest,
): number {
  const { start: a, end: b } = span;
  // "Mr Smith 's firm", "shares of France-registered Cofinec": the name is not the one the cue is about.
  if (words[b] === "'s" || words[b] === "'" || /-\p{Ll}+$/u.test(words[b - 1]!)) return -1;
  const titled = b - a > 1 && PERSON_TITLES.has(hashAt(words, a)) && /^\p{Lu}/u.test(words[a + 1]!);
  if (PERSON_TITLES.has(hashAt(words, a - 1)) || titled) return 0;
  if (DESIGNATORS.has(hashAt(words, b))) return 1;
  // "Amazon.com": a web company.
  if (words[b] === '.' && hashAt(words, b + 1) === COM) return 1;
  // "shares in London" is a market, not a company; "firms such as Ireland 's Ryanair" (above).
  if (
    a >= 2 &&
    (STOCK_BEFORE.has(mixHash(hashAt(words, a - 2), hashAt(words, a - 1))) || firmsSuchAs(words, a))
  )
    return isPlace(words, a, b) ? -1 : 1;
  // "research firm Gartner", "carmaker Saab", "the daily Izvestia": not a place ("the daily Iran") nor a
  // full name ("the company John Smith founded").
  if (
    FIRM_BEFORE.has(hashAt(words, a - 1)) &&
    !isPlace(words, a, b) &&
    !(b - a > 1 && isFirstName(words[a]!))
  )
    return 1;
  return -1;
}

/** "retailers such as X", "firms like X", "companies including X": a kind of firm, then examples. */
function firmsSuchAs(words: readonly string[], a: number): boolean {
  const prev = hashAt(words, a - 1);
  if (prev === AS && hashAt(words, a - 2) === SUCH) return FIRM_KINDS.has(hashAt(words, a - 3));
  return (prev === LIKE || prev === INCLUDING) && FIRM_KINDS.has(hashAt(words, a - 2));
}

/** Lowercase hash of words[k], 0 outside the sentence. */
function hashAt(words: readonly string[], k: number): number {
  return k >= 0 && k < words.length ? hashLower(words[k]!) : 0;
}

/** A mention's own probability of each type: a softmax of its type scores. */
function probabilitiesOf(span: TypedSpan, temperature: number): Float32Array {
  const s = span.typeScores;
  let best = -Infinity;
  for (let t = 0; t < s.length; t++) best = Math.max(best, s[t]!);
  const p = new Float32Array(s.length);
  let sum = 0;
  for (let t = 0; t < s.length; t++) sum += p[t] = Math.exp((s[t]! - best) / temperature);
  for (let t = 0; t < s.length; t++) p[t]! /= sum;
  return p;
}

/** "TORONTO AT CHICAGO", "Leeds v Chelsea": a fixture line, where a city may be a team or a venue. */
const FIXTURE_WORDS = new Set(['AT', 'V', 'VS', 'VS.', 'v', 'vs', 'vs.']);
/** A date ending a dateline ("LEEDS , England 1996-08-26"). */
const DATE_RE = /^\d{4}-\d\d-\d\d$|^\d\d?\/\d\d?(?:\/\d{2,4})?$/;

/** Table lines (results, standings, fixtures) and datelines neither vote nor take votes. */
function lineOf(words: readonly string[]): Line {
  if (isTableLine(words) || words.some((w) => FIXTURE_WORDS.has(w) || DATE_RE.test(w))) return Line.Table;
  return words.length > 2 && !words.some(hasLowercase) ? Line.Headline : Line.Prose;
}

/** Lowercased words of a span: the key that makes mentions "the same name". */
function keyOf(words: readonly string[], span: TypedSpan): string {
  if (span.end - span.start === 1) return words[span.start]!.toLowerCase();
  return words.slice(span.start, span.end).join(' ').toLowerCase();
}

/** Whether a word is a known first name (a gazetteer lookup). */
export type FirstNameTest = (word: string) => boolean;

/** Words joining the names of a list ("Sony , IBM and Toshiba"). */
const LIST_JOINERS = new Set([',', 'and', 'or']);

/** Whether words[end, start) joins two names of a list: a comma, "and", "or", or ", and" / ", or". */
function joined(words: readonly string[], end: number, start: number): boolean {
  if (start === end + 1) return LIST_JOINERS.has(words[end]!);
  return start === end + 2 && words[end] === ',' && (words[end + 1] === 'and' || words[end + 1] === 'or');
}

/**
 * Names listed with two or more organisations ("Sony , IBM and Toshiba", "Google , Yahoo , eBay , and
 * Amazon") that the tagger typed a person or a place: a list names things of one kind. Not a known place
 * ("TUI , Lufthansa and France") nor a full name starting with a first name ("John Peel"). On CoNLL-2003's
 * gold spans of eng.train this finds one name (a person); on the tagger's testa output 4, all organisations.
 */
function listedWithFirms(
  words: readonly string[],
  list: readonly TypedSpan[],
  isPlace: PlaceTest,
  isFirstName: FirstNameTest,
): Set<TypedSpan> {
  const out = new Set<TypedSpan>();
  for (let i = 0; i < list.length;) {
    let j = i;
    while (j + 1 < list.length && joined(words, list[j]!.end, list[j + 1]!.start)) j++;
    let firms = 0;
    for (let k = i; k <= j; k++) if (list[k]!.label === 'ORG') firms++;
    for (let k = i; k <= j && firms >= 2; k++) {
      const s = list[k]!;
      if (s.label !== 'PER' && s.label !== 'LOC') continue;
      if (isPlace(words, s.start, s.end) || (s.end - s.start > 1 && isFirstName(words[s.start]!))) continue;
      out.add(s);
    }
    i = j + 1;
  }
  return out;
}

function votesByName(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly TypedSpan[])[],
  isPlace: PlaceTest,
  isFirstName: FirstNameTest,
): Map<string, Vote[]> {
  const groups = new Map<string, Vote[]>();
  for (let i = 0; i < spans.length; i++) {
    const list = spans[i]!;
    if (list.length === 0) continue;
    const words = sentences[i]!;
    const line = lineOf(words);
    const listed = list.length > 2 ? listedWithFirms(words, list, isPlace, isFirstName) : null;
    for (const span of list) {
      const key = keyOf(words, span);
      const near = cueAround(words, span, isPlace, isFirstName);
      const cue = near < 0 && listed?.has(span) ? ORG_CUE : near;
      const vote: Vote = { span, p: null, line, cue };
      const group = groups.get(key);
      if (group) group.push(vote);
      else groups.set(key, [vote]);
    }
  }
  return groups;
}

/**
 * Relabels, in place, mentions whose type disagrees with the pooled evidence of the other mentions of
 * the same name in the document: each mention's own type probabilities plus the others' (weighted),
 * the largest sum wins. Table lines neither vote nor take votes: a city is a place in a dateline and a
 * team in a standings table of the same article. `labels` names the types in `typeScores` order.
 * Returns how many mentions changed type.
 */
export function harmoniseTypes(
  sentences: readonly (readonly string[])[],
  spans: readonly (readonly TypedSpan[])[],
  labels: readonly string[],
  o: ConsistencyOptions = DEFAULT_CONSISTENCY,
  isPlace: PlaceTest = () => false,
  isFirstName: FirstNameTest = () => false,
): number {
  let changed = 0;
  for (const group of votesByName(sentences, spans, isPlace, isFirstName).values()) {
    // Most names are mentioned once, without a cue: nothing to pool.
    if (group.length === 1 && group[0]!.cue < 0) continue;
    const voters = group.filter((v) => v.line !== Line.Table);
    const cues = voters.filter((v) => v.cue >= 0);
    const mixed = voters.some((v) => v.span.label !== voters[0]!.span.label);
    if (!(mixed && voters.length > 1) && cues.length === 0) continue;
    const total = new Float32Array(labels.length);
    for (const v of voters) {
      const w = v.line === Line.Headline ? o.headlineWeight : 1;
      v.p = probabilitiesOf(v.span, o.temperature);
      for (let t = 0; t < total.length; t++) total[t]! += w * v.p[t]!;
    }
    // Each cue weighs as much as all the name's mentions together (times cueWeight).
    for (const v of cues) total[v.cue]! += (o.cueWeight * voters.length) / cues.length;
    for (const v of voters)
      changed += relabel(v, total, v.line === Line.Headline ? o.headlineWeight : 1, o, labels);
  }
  return changed;
}

/** Gives one mention the type with the largest own-plus-others score; 1 when its type changed. */
function relabel(
  v: Vote,
  total: Float32Array,
  ownWeight: number,
  o: ConsistencyOptions,
  labels: readonly string[],
): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let t = 0; t < total.length; t++) {
    const own = v.p![t]!;
    const score = own + o.othersWeight * (total[t]! - ownWeight * own);
    if (score > bestScore) [best, bestScore] = [t, score];
  }
  if (labels[best] === v.span.label) return 0;
  v.span.label = labels[best]!;
  // The tagger preferred another type: the span's margin is its new type's lead (negative) at most.
  const s = v.span.typeScores;
  const other = Math.max(...s.filter((_, t) => t !== best));
  v.span.margin = Math.min(v.span.margin, s[best]! - other);
  return 1;
}
