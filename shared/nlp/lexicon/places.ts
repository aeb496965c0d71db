import countries from 'world-countries';

// Demonyms from world-countries ("Belarusian", "American"…) plus regional ones.
const NATIONALITY_WORDS = new Set([
  ...countries
    .flatMap((c) => Object.values(c.demonyms ?? {}).flatMap((d) => [d.m, d.f]))
    .map((d) => d.toLowerCase()),
  ...[
    'european',
    'african',
    'asian',
    'arab',
    'latin',
    'western',
    'soviet',
    'kurdish',
    'palestinian',
    'british',
  ],
  ...['english', 'scottish', 'welsh', 'basque', 'catalan', 'hispanic', 'latino', 'middle eastern'],
]);

/** Country names and codes ("United States", "US", "USA"): places, never the "they" or "it" who speaks. */
const COUNTRY_NAMES = new Set(
  countries.flatMap((c) =>
    [c.name.common, c.name.official, c.cca2, c.cca3, ...c.altSpellings].map((n) => n.toLowerCase()),
  ),
);

export function isCountryName(name: string): boolean {
  return COUNTRY_NAMES.has(name.toLowerCase());
}

/** "Belarusian", "Russian", "American", "Chinese", "British"… (capitalised adjectives of nationality). */
export function isNationalityWord(w: string): boolean {
  return /^\p{Lu}/u.test(w) && NATIONALITY_WORDS.has(w.toLowerCase());
}

/** A dotted abbreviation of a state or city that ends a place name ("Washington D.C.", "Albany N.Y."). */
export const PLACE_ABBREVIATION = /\s(?:\p{Lu}\.){2,3}$/u;
