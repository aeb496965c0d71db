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
  /** A run ending in an organisation head noun: "Boatmen's Bancshares", "Gold Fields", "Kloof Gold Mining". */
  OrgHead,
  /** A run with a club word: "Norwich City", "Leeds United", "Real Madrid", "Standard Liege". */
  ClubName,
  /** A run after a person's full name and "of": "Keith O'Neill of Norwich City", "James Weber of Goldman". */
  MemberOf,
  /** A run before "'s" and a person's full name: "Birmingham's Gary Breen", "Magna's Frank Stronach". */
  PossessivePerson,
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
  ...words('club side team champions beat beating defeated draw drew against v vs. vs joined play host').map(
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
    'officials at',
    'executives at',
    'spokesman at',
    'owner of',
    'acquisition of',
    'merger with',
    'shareholders in',
    'published by',
    'quoted by',
    'reported by',
  ].map((w) => [w, Cue.OrgBefore] as const),
  ...[
    'signed for',
    'joined from',
    'draw with',
    'drew with',
    'lost to',
    'win over',
    'victory over',
    'transferred to',
    'loaned to',
    'moved to',
    'signed from',
    'game with',
    'game against',
    'match with',
    'match against',
  ].map((w) => [w, Cue.SportBefore] as const),
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
  // Corporate designators ("Magna Inc.", "Cofinec S.A.", "Nokia Oyj") and company roles after a name.
  ...words(
    'inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv bv gmbh spa shares stock stocks chief spokesman ' +
      'spokeswoman spokesperson chairman executive executives board shareholders subsidiary owner ' +
      's.a. n.v. a.g. s.p.a. b.v. a/s ab asa oyj pty bhd tbk kk lp llp l.p. sarl srl limited ' +
      'incorporated corporation newspaper daily agency magazine weekly television radio posted ' +
      'manufactures exported employs',
  ).map((w) => [w, Cue.OrgAfter] as const),
  ...words(
    'fc striker midfielder defender goalkeeper coach manager fans supporters players captain won beat drew lost ' +
      'side team squad defeated',
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
    // "Comelf said it", "Comelf 's output": a company speaks of itself as "it" and reports figures.
    'said it',
    "'s profit",
    "'s profits",
    "'s output",
    "'s net",
    "'s revenue",
    "'s sales",
    "'s earnings",
    "'s stock",
    "'s unit",
    "'s subsidiary",
    ', based',
  ].map((w) => [w, Cue.OrgAfter] as const),
  ...[', who', 'said he', 'said she', 'told reporters'].map((w) => [w, Cue.PersonAfter] as const),
]);

/** Head nouns of organisation names, anywhere after a run's first word ("Boatmen's Bancshares Inc."). */
export const ORG_HEADS: ReadonlySet<string> = new Set(
  words(
    'bank banks bancorp bancshares bankshares holdings holding group securities airlines airways motors ' +
      'industries systems technologies technology pharmaceuticals resources petroleum mining mines telecom ' +
      'communications electronics chemicals enterprises investments partners associates capital trust ' +
      'insurance foods breweries brewery steel airline exchange',
  ),
);

/** Words of football and other clubs' names ("Norwich City", "Real Madrid", "Standard Liege"). */
export const CLUB_WORDS: ReadonlySet<string> = new Set(
  words(
    'fc afc sc ac cf united city rovers wanderers athletic athletico atletico albion hotspur ' +
      'real dynamo dinamo sporting olympique olympiakos standard racing borussia spartak lokomotiv',
  ),
);

/** Words that make an article a sports report (any case: "SOCCER -" headlines count). */
export const SPORT_WORDS: ReadonlySet<string> = new Set(
  words(
    'soccer football rugby cricket tennis golf baseball basketball hockey athletics cycling boxing ' +
      'match matches goal goals striker midfielder defender goalkeeper league championship tournament cup ' +
      'coach innings wicket wickets batsman bowler quarterback touchdown inning pitcher homer referee ' +
      'halftime half-time scored semifinal semi-final quarterfinal olympic medal champions squad',
  ),
);

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
export const ORG_HEAD_HASHES = tableOf(new Map([...ORG_HEADS].map((w) => [w, Cue.OrgHead] as const)));
export const SPORT_WORD_HASHES = tableOf(new Map([...SPORT_WORDS].map((w) => [w, 0] as const)));
export const CLUB_WORD_HASHES = tableOf(new Map([...CLUB_WORDS].map((w) => [w, Cue.ClubName] as const)));
