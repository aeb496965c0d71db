// What a speaker phrase's head says about its referent: an organisation's head word ("Policy Center":
// it, not he), an event (which happens but does not speak).
import { words } from './words.js';

/**
 * Head words of organisation names of every kind — bodies, institutions, media, companies ("National
 * Audit Office", "Policy Center", "Financial Times", "British Airways"): such a name is an "it", not a
 * "he" or "she". Not the entity recogniser's ORG_HEADS (ner/cues.ts): that is a narrower list of company
 * name heads ("Bancshares", "Mining") whose weight the recogniser learns from CoNLL, part of its model's
 * features; this one decides pronoun agreement outright.
 */
export const ORGANISATION_HEADS = words(`
  union organisation organization council committee commission party bank agency ministry association
  alliance court parliament assembly institute university company corporation corp fund forum front
  movement league authority office service services department board group center centre coalition
  foundation federation federations network trust society club bureau administration government police
  army navy times post journal news press herald telegraph tribune gazette chambers inc ltd plc llc
  airways airlines motors systems technologies holdings partners securities capital industries
  congress senate commons lords circuit institution college school hospital`);

/**
 * Kinds of organisation that, after "the", may well be another organisation than the last one named (a
 * rival, a party, a paper or an agency the article quotes without naming it, a group of people): "the
 * firm said" is the company in the story, "the newspaper said" need not be.
 */
export const NOT_THE_LAST_ORGANISATION = words(
  'rival rivals subsidiary group party newspaper daily broadcaster agency outlet network publisher',
);

/** Events and occasions, which happen but do not speak ("The summit agreed to …" is its members). */
export const EVENT_NOUNS = words(`
  summit meeting conference talks explosion blast crash fire storm earthquake election debate match game
  race session move trip visit tour ceremony`);
