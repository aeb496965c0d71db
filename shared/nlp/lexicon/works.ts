// Words around the titles of works and campaigns in quotation marks ("a show called “The 411”", "the film
// “13th”"): such a quotation names something; nobody is quoted.
import { words } from './words.js';

/** Participles that introduce a name rather than spoken words ("a class called “…”", "is dubbed “…”"). */
export const NAMING_WORDS = words('called titled entitled dubbed named nicknamed billed branded');

/** Nouns for named works, shows and campaigns: a short quotation right after one is its title. */
export const WORK_NOUNS = words(`
  film films movie movies show shows book books song songs album albums series documentary
  documentaries play plays programme programmes program novel novels memoir memoirs column episode
  episodes slogan slogans hashtag campaign campaigns ad ads advert video videos poem poems musical
  exhibition opera track single podcast sitcom drama painting sculpture anthem hymn app game magazine
  newspaper blog website initiative`);

/** Nouns for a quoted term someone uses ("has used the phrase “…”"). */
export const QUOTED_TERM_NOUN = /^(?:phrase|term|word|words|expression|label|slogan|epithet|nickname)$/;
