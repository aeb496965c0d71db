// The word lists of the NLP core, each defined once, by concept: reporting verbs (verbs.ts) and their
// classes (cue-classes.ts), people (titles, honorifics, pronouns, groups: people.ts), places (places.ts),
// organisation heads and events (referents.ts),
// titles of works (works.ts) and function words (function-words.ts). Rules, the speaker resolver, the
// entity linker and the evaluation import them from here.
export * from './cue-classes.js';
export * from './function-words.js';
export * from './people.js';
export * from './places.js';
export * from './referents.js';
export * from './verbs.js';
export * from './works.js';
export { words } from './words.js';
