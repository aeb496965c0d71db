// The word lists of the NLP core, each defined once, by concept: reporting verbs (verbs.ts), people
// (titles, honorifics, pronouns, groups: people.ts), places (places.ts) and function words
// (function-words.ts). Rules, the speaker resolver and the entity linker import them from here.
export * from './function-words.js';
export * from './people.js';
export * from './places.js';
export * from './verbs.js';
export { words } from './words.js';
