// Identity across articles: how a name becomes a lookup key and an identity id, and the rules that
// link a mention in a new article to an identity already known. Pure (no I/O): the DynamoDB adapter
// gathers the candidates, these functions decide. Rules, each a small named value (see LINK_RULES):
//
//   full-name       "Tony Blair" is per.tony-blair in every article (the id derives from the name).
//   full-name+initials  "George Bush" links to the one known person written with middle initials
//                   ("George W Bush"), and the other way round; two such candidates stay apart.
//   alias           a short form an earlier article taught ("BRC" for British Retail Consortium) links
//                   to that identity when exactly one identity of the same type has learned it.
//   surname+role    a surname alone ("Blair", "Mr Blair") links to the one known full-name identity of
//                   that surname seen with the same role ("prime minister") or organisation ("BA");
//   surname+org     when several share the surname and role it stays apart (ambiguous, counted).
//
// Anything else stays apart: a surname alone with no role evidence keeps the surname identity
// (per.blair), never guessed onto a full name. The query side still finds it under the surname.
import type { Entity, EntityType } from './schema.js';

/** Titles dropped from names before they become keys ("Mr Blair" → "Blair"). */
const HONORIFICS = new Set(
  (
    'mr mrs ms miss mx dr prof professor sir dame lord lady baroness baron sen senator rep gov governor gen ' +
    'general lt col capt captain sgt maj adm rev fr hon president pres pm king queen prince princess sheikh ' +
    'judge justice mayor minister chancellor secretary'
  ).split(' '),
);
/** Generational suffixes that are not the surname ("Martin Luther King Jr"). */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

const TYPE_PREFIX: Record<EntityType, string> = {
  PERSON: 'per',
  ORGANIZATION: 'org',
  LOCATION: 'loc',
  NATIONALITY: 'loc',
  MISC: 'misc',
  DATE: 'date',
};

/** Entity types indexed across articles. DATE is not a name ("Monday" in every article). */
export const INDEXED_TYPES: ReadonlySet<EntityType> = new Set([
  'PERSON',
  'ORGANIZATION',
  'LOCATION',
  'NATIONALITY',
  'MISC',
]);
/** Types the registry links across articles (people and organisations). */
export const REGISTRY_TYPES: ReadonlySet<EntityType> = new Set(['PERSON', 'ORGANIZATION']);

/** Longest name kept in a key; longer names (junk, attacks) are cut and keep a hash suffix. */
const MAX_KEY_CHARS = 200;

/**
 * Case-, accent- and spacing-insensitive form of a name: NFKD without combining marks, lower case,
 * punctuation other than inner hyphens and apostrophes dropped, a possessive "'s" dropped.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .replace(/[^\p{L}\p{N}'’-]+/gu, ' ')
    .replace(/(^|\s)['’-]+|['’-]+(?=\s|$)/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Name tokens without leading titles ("president george w bush" → ["george", "w", "bush"]). */
export function nameTokens(name: string): string[] {
  const tokens = normaliseName(name).split(' ').filter(Boolean);
  while (tokens.length > 1 && HONORIFICS.has(tokens[0]!)) tokens.shift();
  return tokens;
}

/**
 * The tokens a name is keyed by: titles are dropped from people's names only, so an organisation whose
 * name starts with a title word keeps it ("General Motors" is org.general-motors, not org.motors).
 * A leading "the" is dropped from other names: articles write "the London Stock Exchange" and, at a
 * sentence start, "The London Stock Exchange"; both are org.london-stock-exchange.
 */
export function keyTokens(type: EntityType, name: string): string[] {
  if (type === 'PERSON') return nameTokens(name);
  const tokens = normaliseName(name).split(' ').filter(Boolean);
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  return tokens;
}

/**
 * A person's full name without its middle initials ("george bush" for "George W. Bush" and "George
 * Bush"), or null when it has no first name or a middle token that is more than an initial.
 */
export function initialsFreeForm(name: string): string | null {
  const t = nameTokens(name);
  if (t.length < 2 || !t.slice(1, -1).every((w) => w.length === 1)) return null;
  return `${t[0]} ${t[t.length - 1]}`;
}

/** How many differently written people of one initials-free form an article names (for LinkContext). */
export function initialsFormsOf(names: readonly string[]): Map<string, number> {
  const spellings = new Map<string, Set<string>>();
  for (const name of names) {
    const form = initialsFreeForm(name);
    if (form === null) continue;
    const set = spellings.get(form) ?? new Set<string>();
    set.add(nameTokens(name).join(' '));
    spellings.set(form, set);
  }
  return new Map([...spellings].map(([form, set]) => [form, set.size]));
}

/** A known identity's initials-free form, computed once per object (a partition may hold thousands). */
const knownForms = new WeakMap<KnownIdentity, string | null>();
function knownForm(k: KnownIdentity): string | null {
  let form = knownForms.get(k);
  if (form === undefined) knownForms.set(k, (form = initialsFreeForm(k.name)));
  return form;
}

/** The surname of a person's name: its last token that is not a suffix ("King" in "… King Jr"). */
export function surnameOf(name: string): string {
  const tokens = nameTokens(name);
  while (tokens.length > 1 && NAME_SUFFIXES.has(tokens[tokens.length - 1]!)) tokens.pop();
  return tokens[tokens.length - 1] ?? '';
}

/** A person named by more than one token (after titles): a full name, not a surname alone. */
export const isFullPersonName = (name: string) => nameTokens(name).length >= 2;

function bounded(key: string): string {
  if (key.length <= MAX_KEY_CHARS) return key;
  let h = 0;
  for (const ch of key) h = (Math.imul(h, 31) + ch.codePointAt(0)!) >>> 0;
  return `${key.slice(0, MAX_KEY_CHARS)}~${h.toString(36)}`;
}

/**
 * The lookup key a name is indexed under: a person under the surname (so "Blair" finds every Blair
 * in one query), a nationality under its country ("Belarusian" with "Belarus"), anything else under
 * its whole normalised name.
 */
export function nameKey(type: EntityType, name: string, country?: string | null): string {
  if (type === 'PERSON') return bounded(surnameOf(name));
  if (type === 'NATIONALITY' && country) return bounded(keyTokens(type, country).join(' '));
  return bounded(keyTokens(type, name).join(' '));
}

/** The identity an entity is when nothing links it elsewhere: type prefix and slug of its name. */
export function identityIdFor(type: EntityType, name: string, country?: string | null): string {
  const base = type === 'NATIONALITY' && country ? country : name;
  const slug = bounded(keyTokens(type, base).join('-'));
  return `${TYPE_PREFIX[type]}.${slug}`;
}

/** Normalised role and organisation words that identify a person ("BA chairman" → role, org). */
export interface LinkEvidence {
  roles: string[];
  orgs: string[];
}

/**
 * Role and organisation evidence of an entity: its role ("Prime Minister" → "prime minister"), and the
 * capitalised words its aliases put before the name that are not the role ("BA chairman Martin
 * Broughton" → org "ba").
 */
export function evidenceOf(entity: Pick<Entity, 'name' | 'aliases' | 'role'>): LinkEvidence {
  const roles = new Set<string>();
  const orgs = new Set<string>();
  const role = entity.role ? normaliseName(entity.role) : '';
  if (role) roles.add(role);
  const roleWords = new Set(role.split(' '));
  const nameWords = new Set(nameTokens(entity.name));
  for (const alias of entity.aliases) {
    const words = alias.split(/\s+/);
    const firstNameWord = words.findIndex((w) => nameWords.has(normaliseName(w)));
    for (const word of words.slice(0, firstNameWord < 0 ? 0 : firstNameWord)) {
      const w = normaliseName(word);
      if (!w || roleWords.has(w) || HONORIFICS.has(w) || !/^\p{Lu}/u.test(word)) continue;
      orgs.add(w);
    }
  }
  return { roles: [...roles].sort(), orgs: [...orgs].sort() };
}

/**
 * Short forms an entity teaches beyond its own name and surname: acronyms and other names its
 * aliases reduce to ("CSTO" for "Collective Security Treaty Organization"). Role-prefixed forms
 * ("analyst Mike Powell") reduce to the name itself and teach nothing. Across articles a short form
 * must point to one identity, so some teach nothing either:
 * - a person's own words alone ("Charles" of Charles Kennedy is Prince Charles elsewhere; "Tory" of a
 *   name the recogniser ran into a party);
 * - a form `isReserved` says names something else everywhere (a country code: "US" is not Universal
 *   Studios, whatever one article's acronym matching decided).
 */
export function learnedAliases(
  entity: Pick<Entity, 'type' | 'name' | 'aliases'>,
  isReserved: (form: string) => boolean = () => false,
): string[] {
  const own = new Set([keyTokens(entity.type, entity.name).join(' ')]);
  if (entity.type === 'PERSON') own.add(surnameOf(entity.name));
  const nameWords = keyTokens(entity.type, entity.name);
  const out = new Set<string>();
  for (const alias of entity.aliases) {
    const tokens = keyTokens(entity.type, alias);
    const form = tokens.join(' ');
    if (!form || own.has(form)) continue;
    // A role or description before the full name ("economy minister Heizo Takenaka"), or the name
    // with a title: the tail is the name itself.
    const tail = tokens.slice(-nameWords.length).join(' ');
    if (tokens.length > nameWords.length && tail === nameWords.join(' ')) continue;
    if (entity.type === 'PERSON' && tokens.length > 1 && tokens[tokens.length - 1] === surnameOf(entity.name))
      continue; // "President Yudhoyono", "Judge Clark"
    if (entity.type === 'PERSON' && tokens.every((t) => nameWords.includes(t))) continue;
    if (isReserved(form)) continue;
    out.add(form);
  }
  return [...out].sort();
}

/** What the registry already knows under a key: identities with full names and their evidence. */
export interface KnownIdentity {
  identityId: string;
  type: EntityType;
  name: string;
  roles: string[];
  orgs: string[];
  /** Articles in which an operator undid a link to this identity: never linked there again. */
  rejectedArticles?: string[];
  /** Set when an operator merged this identity into another. */
  mergedInto?: string | null;
}

export interface AliasTarget {
  identityId: string;
  type: EntityType;
  name: string;
  key: string;
}

export const LINK_RULES = {
  fullName: 'full-name',
  initials: 'full-name+initials',
  alias: 'alias',
  surnameRole: 'surname+role',
  surnameOrg: 'surname+org',
  merged: 'merged',
} as const;

export type LinkOutcome =
  | (typeof LINK_RULES)[keyof typeof LINK_RULES]
  /** No identity was known that this could be: a new identity (or a name not in the registry). */
  | 'new'
  /** Candidates existed but the evidence did not single one out: kept apart. */
  | 'ambiguous';

export interface LinkDecision {
  identityId: string;
  /** Index key the mention is filed under (the linked identity's key). */
  key: string;
  /** Display name of the identity. */
  name: string;
  outcome: LinkOutcome;
  /** For ambiguous decisions: the identities it could have been. */
  candidates?: string[];
}

export interface LinkContext {
  articleId: string;
  /** Known identities with evidence under the entity's key (from its partition's identity items). */
  known: KnownIdentity[];
  /** Identities that learned the entity's name as an alias. */
  aliasTargets: AliasTarget[];
  /**
   * Per initials-free form, how many differently written people the article names (initialsFormsOf):
   * two ("George W Bush" and "George Bush") are two people here.
   */
  initialsForms?: ReadonlyMap<string, number>;
}

const shares = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** Decides which identity an entity of a new article is. */
export function decideLink(
  entity: Pick<Entity, 'type' | 'name' | 'aliases' | 'role' | 'country'>,
  context: LinkContext,
): LinkDecision {
  const own: LinkDecision = {
    identityId: identityIdFor(entity.type, entity.name, entity.country),
    key: nameKey(entity.type, entity.name, entity.country),
    name: entity.type === 'NATIONALITY' && entity.country ? entity.country : entity.name,
    outcome: 'new',
  };
  if (!REGISTRY_TYPES.has(entity.type)) return own;
  const merged = (decision: LinkDecision): LinkDecision => {
    const target = context.known.find((k) => k.identityId === decision.identityId)?.mergedInto;
    return target ? { ...decision, identityId: target, outcome: LINK_RULES.merged } : decision;
  };
  const fullName = entity.type === 'ORGANIZATION' || isFullPersonName(entity.name);
  if (fullName) {
    const known = context.known.some((k) => k.identityId === own.identityId);
    // An organisation named only by a short form an earlier article expanded links to the expansion.
    const aliasOf = context.aliasTargets.filter(
      (t) => t.type === entity.type && t.identityId !== own.identityId,
    );
    if (!known && entity.type === 'ORGANIZATION' && aliasOf.length === 1) {
      const [t] = aliasOf;
      return merged({ identityId: t!.identityId, key: t!.key, name: t!.name, outcome: LINK_RULES.alias });
    }
    if (!known && entity.type === 'ORGANIZATION' && aliasOf.length > 1) {
      return { ...own, outcome: 'ambiguous', candidates: aliasOf.map((t) => t.identityId).sort() };
    }
    // "Presidents George W Bush, Bill Clinton, George Bush": the article itself tells them apart.
    const form = !known && entity.type === 'PERSON' ? initialsFreeForm(entity.name) : null;
    const toldApart = form !== null && (context.initialsForms?.get(form) ?? 0) > 1;
    if (form !== null && !toldApart) {
      const variants = context.known.filter(
        (k) =>
          k.type === 'PERSON' &&
          k.identityId !== own.identityId &&
          !k.rejectedArticles?.includes(context.articleId) &&
          knownForm(k) === form,
      );
      if (variants.length === 1) {
        const [v] = variants;
        return merged({
          identityId: v!.identityId,
          key: own.key,
          name: v!.name,
          outcome: LINK_RULES.initials,
        });
      }
      // "George Bush" when both George W and George H W Bush are known: kept apart.
      if (variants.length > 1) {
        return { ...own, outcome: 'ambiguous', candidates: variants.map((k) => k.identityId).sort() };
      }
    }
    return merged({ ...own, outcome: known ? LINK_RULES.fullName : 'new' });
  }
  // A person named by one word: a learned alias, else the surname with matching evidence.
  const aliasOf = context.aliasTargets.filter((t) => t.type === entity.type);
  if (aliasOf.length === 1) {
    const [t] = aliasOf;
    if (
      !context.known
        .find((k) => k.identityId === t!.identityId)
        ?.rejectedArticles?.includes(context.articleId)
    )
      return merged({ identityId: t!.identityId, key: t!.key, name: t!.name, outcome: LINK_RULES.alias });
  }
  const candidates = context.known.filter(
    (k) =>
      k.type === 'PERSON' &&
      isFullPersonName(k.name) &&
      surnameOf(k.name) === own.key &&
      !k.mergedInto &&
      !k.rejectedArticles?.includes(context.articleId),
  );
  if (candidates.length === 0) return own;
  const evidence = evidenceOf({ name: entity.name, aliases: entity.aliases, role: entity.role ?? null });
  const byRole = candidates.filter((k) => shares(k.roles, evidence.roles));
  const byOrg = candidates.filter((k) => shares(k.orgs, evidence.orgs));
  const pick = (list: KnownIdentity[], outcome: LinkOutcome) =>
    merged({ identityId: list[0]!.identityId, key: own.key, name: list[0]!.name, outcome });
  if (byRole.length === 1 && (byOrg.length === 0 || byOrg[0] === byRole[0]))
    return pick(byRole, LINK_RULES.surnameRole);
  if (byOrg.length === 1 && byRole.length === 0) return pick(byOrg, LINK_RULES.surnameOrg);
  const matching = [...new Set([...byRole, ...byOrg])];
  return {
    ...own,
    outcome: 'ambiguous',
    candidates: (matching.length ? matching : candidates).map((k) => k.identityId).sort(),
  };
}
