// Words about people: pronouns, titles and roles, honorifics, groups, gender hints, name particles,
// parties. Written once here, by concept, for the quote rules, the speaker resolver and the entity linker.
import { words } from './words.js';

/** Personal pronouns that speak ("he said", "they argued"). */
export const PRONOUNS = words('he she they i we');
/** Pronouns a speaker mention can be ("it" for a company or body). */
export const SPEAKER_PRONOUNS = new Set([...PRONOUNS, 'it']);
/** A possessive as the source ("his stance against the war") refers like its pronoun. */
export const POSSESSIVE_PRONOUNS: Readonly<Record<string, string>> = {
  his: 'he',
  her: 'she',
  its: 'it',
  their: 'they',
  our: 'we',
  my: 'i',
};

/** Plural nouns for groups of people that open sentences as speakers ("Critics say …"). */
export const GROUP_NOUNS = words(`
  critics analysts officials experts economists lawyers ministers observers campaigners protesters residents
  researchers scientists doctors police sources reports surveys studies officers investors traders fans
  supporters opponents witnesses voters parents teachers students workers unions executives managers
  diplomats activists environmentalists historians commentators prosecutors investigators authorities
  insiders aides advisers advisors organisers organizers participants members leaders politicians
  correspondents reporters journalists mps senators lawmakers legislators councillors delegates`);
/** A share of people as a speaker: "Three-quarters said …", "Forty-three per cent thought …". */
export const QUANTITY =
  /^(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half|quarter|third|most|many|some|all|both|none)(?:\b|-))/i;

/** Honorifics as written before a name, with and without the period ("Mr", "Sen.", "Dame"). */
const SPEAKER_HONORIFICS = words(
  'mr mr. mrs mrs. ms ms. dr dr. prof. sen sen. rep rep. gov gov. gen gen. col. lt. rev. reverend sir dame lord',
);
/** Offices and positions ("President", "Foreign Minister", "spokeswoman"). */
const OFFICES = words(`
  president vice prime minister secretary senator representative governor mayor chancellor king queen
  prince princess pope general colonel chairman chairwoman chair ceo director judge justice speaker leader
  ambassador spokesman spokeswoman spokesperson backbencher commissioner premier emir sheikh ayatollah
  patriarch archbishop bishop captain sergeant agent detective inspector lawmaker congressman congresswoman
  official officer executive founder chairperson treasurer`);
/** Words that qualify an office ("former", "Foreign", "Deputy", "Republican"). */
const OFFICE_MODIFIERS = words(
  'former foreign defense defence interior finance state attorney candidate nominee head chief deputy democratic republican',
);
/** Occupations and roles written before a name ("economist", "striker", "singer"). */
const OCCUPATIONS = words(`
  professor coach analyst adviser advisor economist researcher businessman businesswoman billionaire host
  anchor author actor actress editor boss star singer champion medallist medalist winner manager striker
  midfielder goalkeeper defender player`);
/** Titles and roles that may precede a speaker's name ("Belarusian President Alexander Lukashenko"). */
export const TITLES: ReadonlySet<string> = new Set([
  ...SPEAKER_HONORIFICS,
  ...OFFICES,
  ...OFFICE_MODIFIERS,
  ...OCCUPATIONS,
]);
/** Title words that say nothing about the role itself ("former", "Foreign", "Vice"). */
export const NON_ROLE_TITLES = words('former foreign state vice deputy');
/** Head nouns that make a generic leader description match a person with any head-of-state/government title. */
export const LEADER_ROLES = new Set([
  'president',
  'prime minister',
  'chancellor',
  'king',
  'queen',
  'premier',
  'leader',
  'emir',
]);

/** Honorifics before a name, as the entity recogniser's tokens write them (no period). */
export const HONORIFICS = words(
  'mr mrs ms miss mx dr prof sir dame lord lady sen rep gov gen lt col capt sgt maj adm rev fr hon',
);
/** Abbreviated titles whose period does not end a sentence ("Sen. Warren"), with single initials. */
export const TITLE_ABBREVIATION_BEFORE_DOT =
  /^(\p{Lu}|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Rev|Prof)$/u;
/** A phrase ending in an honorific ("Mr", "Sen.") that the name follows. */
export const ENDS_WITH_HONORIFIC = /\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?$/;

// Head nouns of titles and roles written before or after a name ("Belarusian President Alexander
// Lukashenko", "Sergei Lavrov, the Russian foreign minister"). No maintained package lists these.
export const ROLE_HEADS = words(`
  president premier minister chancellor secretary spokesman spokeswoman spokesperson leader chairman chairwoman
  chair director governor mayor senator congressman congresswoman ambassador envoy general commander chief
  king queen prince princess pope head ceo executive officer judge justice attorney prosecutor lawyer coach
  manager captain editor professor analyst economist diplomat official commissioner speaker lawmaker mp
  sheikh emir sultan patriarch archbishop bishop cardinal rabbi imam founder owner president-elect
  vice-president deputy representative negotiator adviser advisor aide counsellor councillor monarch dictator
  chairperson treasurer governor-general`);
/** Words that may stand between role heads in a title ("former deputy foreign minister"). */
export const ROLE_MODIFIERS = words(`
  former foreign prime vice deputy acting interim defence defense finance interior economy trade health
  education energy agriculture state general chief executive senior top assistant then incoming outgoing
  first second of for the and security affairs national regional press opposition party`);

/** Words of a description that say the person is a woman or a man. */
export const FEMALE_HINTS =
  /\b(mrs|ms|miss|madam|queen|princess|chairwoman|spokeswoman|congresswoman|businesswoman|actress|lady|dame)\b/i;
export const MALE_HINTS = /\b(mr|king|prince|chairman|spokesman|congressman|businessman|actor|lord|sir)\b/i;

/** Particles inside personal names ("Lula da Silva", "Ludwig van Beethoven"). */
export const NAME_PARTICLES = words(
  'da de di do dos das du del della der den van von ten ter bin ibn al el le la lo y e zu',
);
/** Parties written before a politician's name ("Lib Dem Norman Baker", "Tory Liam Fox"). */
export const PARTY_WORDS = words(
  'lib dem dems tory tories labour conservative conservatives democrat democratic republican gop snp ukip green',
);
