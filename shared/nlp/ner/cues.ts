// Context cues around a run of capitalised words, gathered over the whole article: each occurrence's
// cues become features of every occurrence of the same word (so "Pirelli" in "shares of Pirelli" tells
// "Pirelli said" that it is a company). Each cue is a small named rule with an example; the recogniser
// learns from CoNLL-2003 how much each one weighs, so a list only needs to name the context, not decide.
// No maintained package lists these contexts (they are the recogniser's own features).
import { hashLower, mixHash } from '../ml/hash.js';
import { HashTable } from '../ml/hashtable.js';

/** Cue categories, one bit each (their order is part of the model's feature ids: only append). */
export const enum Cue {
  /** "shares of Pirelli", "a spokesman for Tesco", "chief executive of Magna", "analyst at Indosuez" */
  OrgBefore = 0,
  /** "Magna Inc.", "Pirelli shares", "Ericsson said in a statement", "Eagles owner Jeffrey Lurie" */
  OrgAfter,
  /** "Italian club Torino", "first division side Deportivo", "beat Leeds", "drew with Chelsea" */
  SportBefore,
  /** "Torino striker", "Rotor fans", "Chelsea manager", "Leeds won" */
  SportAfter,
  /** "Mr Mugabe", "President Lukashenko", "striker Ravanelli", "midfielder Gascoigne" */
  PersonBefore,
  /** "Smith, who", "Smith, 34,", "Smith said he" */
  PersonAfter,
  /** "in Volgograd", "near Lockerbie", "outside Moscow", "the town of Tavildara" */
  PlaceBefore,
  /** "Lockerbie, Scotland", "Markham, Ontario" (a comma, then a known country or region) */
  PlaceAfter,
  /** A run whose first word is a known first name ("Robert Mugabe"): its words are people's names. */
  FullName,
  /** A word followed by a number on a table-like line ("Leeds 2 Chelsea 1", "Jones 10.52"). */
  TableScore,
  /** Written as a headline only (all-caps line) and nowhere in running text. */
  HeadlineOnly,
}

const words = (s: string): string[] => s.split(' ');

/** One word right before a run. */
export const ONE_BEFORE: ReadonlyMap<string, Cue> = new Map<string, Cue>([
  // "carmaker Ford", "insurer Aviva", "rival Sainsbury's": a trade noun right before a name.
  ...words(
    'carmaker automaker retailer supermarket grocer insurer airline airlines bank lender broker brokerage ' +
      'firm company group conglomerate giant rival rivals subsidiary newspaper daily broadcaster agency ' +
      'publisher chipmaker manufacturer maker operator utility miner producer exporter shipper distributor ' +
      'outlet network party',
  ).map((w) => [w, Cue.OrgBefore] as const),
  ...words('club side champions beat beating defeated draw drew against v vs. vs').map(
    (w) => [w, Cue.SportBefore] as const,
  ),
  // Honorifics and roles: "Mr Mugabe", "striker Ravanelli".
  ...words(
    'mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady president premier minister senator sen. gov. gen. ' +
      'rep. judge striker midfielder defender goalkeeper coach captain skipper manager batsman bowler',
  ).map((w) => [w, Cue.PersonBefore] as const),
  ...words('in near outside across into from northern southern eastern western central').map(
    (w) => [w, Cue.PlaceBefore] as const,
  ),
]);

/** Two words right before a run. */
export const TWO_BEFORE: ReadonlyMap<string, Cue> = new Map<string, Cue>([
  ...[
    'shares of',
    'shares in',
    'stake in',
    'stakes in',
    'spokesman for',
    'spokeswoman for',
    'spokesperson for',
    'executive of',
    'chairman of',
    'subsidiary of',
    'unit of',
    'division of',
    'takeover of',
    'bid for',
    'analyst at',
    'analysts at',
    'economist at',
    'economists at',
    'dealer at',
    'dealers at',
    'strategist at',
    'statement from',
  ].map((w) => [w, Cue.OrgBefore] as const),
  ...['signed for', 'joined from', 'draw with', 'drew with', 'lost to', 'win over', 'victory over'].map(
    (w) => [w, Cue.SportBefore] as const,
  ),
  ...[
    'town of',
    'city of',
    'village of',
    'province of',
    'region of',
    'north of',
    'south of',
    'east of',
    'west of',
  ].map((w) => [w, Cue.PlaceBefore] as const),
]);

/** One word right after a run. */
export const ONE_AFTER: ReadonlyMap<string, Cue> = new Map<string, Cue>([
  ...words(
    'inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv bv gmbh spa shares stock stocks chief spokesman ' +
      'spokeswoman spokesperson chairman executive executives board shareholders subsidiary owner',
  ).map((w) => [w, Cue.OrgAfter] as const),
  ...words(
    'fc striker midfielder defender goalkeeper coach manager fans supporters players captain won beat drew lost',
  ).map((w) => [w, Cue.SportAfter] as const),
  ...words('who aged').map((w) => [w, Cue.PersonAfter] as const),
]);

/** Two words right after a run. */
export const TWO_AFTER: ReadonlyMap<string, Cue> = new Map<string, Cue>([
  ...[
    "'s shares",
    "'s board",
    "'s chief",
    "'s chairman",
    'said in',
    'announced on',
    'shares rose',
    'shares fell',
  ].map((w) => [w, Cue.OrgAfter] as const),
  ...[', who', 'said he', 'said she', 'told reporters'].map((w) => [w, Cue.PersonAfter] as const),
]);

/**
 * The cue lists as hash tables over lowercase word hashes (two-word cues: the two hashes mixed), so the
 * document pass looks them up with the hashes it already has, without building strings.
 */
function tableOf(cues: ReadonlyMap<string, Cue>): HashTable {
  const table = new HashTable(cues.size);
  for (const [phrase, cue] of cues) {
    const [a, b] = phrase.split(' ').map((w) => hashLower(w));
    table.set(b === undefined ? a! : mixHash(a!, b), cue);
  }
  return table;
}

export const ONE_BEFORE_HASHES = tableOf(ONE_BEFORE);
export const TWO_BEFORE_HASHES = tableOf(TWO_BEFORE);
export const ONE_AFTER_HASHES = tableOf(ONE_AFTER);
export const TWO_AFTER_HASHES = tableOf(TWO_AFTER);
