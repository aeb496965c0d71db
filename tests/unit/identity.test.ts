// The cross-article identity rules (shared/domain/identity.ts): keys, ids and link decisions.
import { describe, expect, it } from 'vitest';
import {
  decideLink,
  evidenceOf,
  identityIdFor,
  initialsFormsOf,
  learnedAliases,
  nameKey,
  normaliseName,
  surnameOf,
  type KnownIdentity,
} from '../../shared/domain/identity.js';
import type { Entity } from '../../shared/domain/schema.js';

const person = (name: string, extra: Partial<Entity> = {}) => ({
  type: 'PERSON' as const,
  name,
  aliases: [] as string[],
  role: null,
  country: null,
  ...extra,
});
const known = (
  name: string,
  roles: string[] = [],
  orgs: string[] = [],
  extra: Partial<KnownIdentity> = {},
) => ({
  identityId: identityIdFor('PERSON', name),
  type: 'PERSON' as const,
  name,
  roles,
  orgs,
  ...extra,
});

describe('names, keys and ids', () => {
  it('normalise case, accents, spacing, possessives and titles', () => {
    expect(normaliseName('  José  MARÍA Aznar’s ')).toBe('jose maria aznar');
    expect(nameKey('PERSON', 'Mr Tony Blair')).toBe('blair');
    expect(nameKey('PERSON', 'President George W. Bush')).toBe('bush');
    expect(surnameOf('Martin Luther King Jr')).toBe('king');
    expect(nameKey('ORGANIZATION', 'Bank of England')).toBe('bank of england');
    expect(nameKey('NATIONALITY', 'Belarusian', 'Belarus')).toBe('belarus');
    expect(identityIdFor('PERSON', 'Tony  Blair')).toBe('per.tony-blair');
    expect(identityIdFor('ORGANIZATION', 'Collective Security Treaty Organization')).toBe(
      'org.collective-security-treaty-organization',
    );
    expect(identityIdFor('NATIONALITY', 'Belarusian', 'Belarus')).toBe('loc.belarus');
    // Title words are dropped from people's names only.
    expect(identityIdFor('ORGANIZATION', 'General Motors')).toBe('org.general-motors');
    expect(nameKey('ORGANIZATION', 'General Motors')).toBe('general motors');
    expect(identityIdFor('PERSON', 'General Motors')).toBe('per.motors');
    expect(nameKey('LOCATION', 'x'.repeat(500)).length).toBeLessThan(220);
    // A leading "the" is not part of the identity ("The London Stock Exchange" at a sentence start).
    expect(identityIdFor('ORGANIZATION', 'The London Stock Exchange')).toBe('org.london-stock-exchange');
    expect(nameKey('ORGANIZATION', 'the London Stock Exchange')).toBe('london stock exchange');
    expect(nameKey('ORGANIZATION', 'The')).toBe('the');
  });

  it('link a full name written with or without middle initials to the one such person known', () => {
    const ctx = (names: string[]) => ({
      articleId: 'a9',
      known: names.map((n) => known(n, ['president'])),
      aliasTargets: [],
    });
    expect(decideLink(person('George Bush'), ctx(['George W Bush']))).toMatchObject({
      identityId: 'per.george-w-bush',
      outcome: 'full-name+initials',
    });
    expect(decideLink(person('George W. Bush'), ctx(['George Bush']))).toMatchObject({
      identityId: 'per.george-bush',
      outcome: 'full-name+initials',
    });
    // Father and son both known: not guessed.
    expect(decideLink(person('George Bush'), ctx(['George W Bush', 'George H W Bush']))).toMatchObject({
      identityId: 'per.george-bush',
      outcome: 'ambiguous',
      candidates: ['per.george-h-w-bush', 'per.george-w-bush'],
    });
    // An article that names both is about two people ("Presidents George W Bush, …, George Bush").
    expect(
      decideLink(person('George Bush'), {
        ...ctx(['George W Bush']),
        initialsForms: initialsFormsOf(['George W Bush', 'George Bush', 'Bill Clinton']),
      }).outcome,
    ).toBe('new');
    // Another first name, or a middle name that is not an initial, is another person.
    expect(decideLink(person('Laura Bush'), ctx(['George W Bush'])).outcome).toBe('new');
    expect(decideLink(person('George Walker Bush'), ctx(['George Bush'])).outcome).toBe('new');
  });

  it('take role and organisation evidence from the role and the words before the name', () => {
    expect(
      evidenceOf({ name: 'Martin Broughton', aliases: ['BA chairman Martin Broughton'], role: 'chairman' }),
    ).toEqual({
      roles: ['chairman'],
      orgs: ['ba'],
    });
    expect(
      evidenceOf({ name: 'Tony Blair', aliases: ['Prime Minister Tony Blair'], role: 'Prime Minister' }),
    ).toEqual({
      roles: ['prime minister'],
      orgs: [],
    });
  });

  it('learn acronyms and short forms, not role-prefixed copies of the name', () => {
    expect(
      learnedAliases({
        type: 'ORGANIZATION',
        name: 'Collective Security Treaty Organization',
        aliases: ['CSTO'],
      }),
    ).toEqual(['csto']);
    expect(
      learnedAliases({
        type: 'PERSON',
        name: 'Susilo Bambang Yudhoyono',
        aliases: ['Yudhoyono', 'President Yudhoyono', 'President Susilo Bambang Yudhoyono'],
      }),
    ).toEqual([]);
    expect(learnedAliases({ type: 'PERSON', name: 'Mike Powell', aliases: ['analyst Mike Powell'] })).toEqual(
      [],
    );
  });

  it('teach no form that names someone or something else in other articles', () => {
    // A first name alone is shared by many people; a nickname is not part of the name.
    expect(
      learnedAliases({ type: 'PERSON', name: 'Charles Kennedy', aliases: ['Charles', 'Charlie'] }),
    ).toEqual(['charlie']);
    expect(learnedAliases({ type: 'PERSON', name: 'Tory MP Patrick Mercer', aliases: ['Tory'] })).toEqual([]);
    // A form the caller reserves (country codes) is not an organisation's acronym across articles.
    const isCountry = (form: string) => ['us', 'uk'].includes(form);
    expect(
      learnedAliases(
        { type: 'ORGANIZATION', name: 'Universal Studios', aliases: ['US', 'Universal'] },
        isCountry,
      ),
    ).toEqual(['universal']);
  });
});

describe('linking a mention to a known identity', () => {
  const ctx = (
    k: KnownIdentity[] = [],
    aliasTargets: Parameters<typeof decideLink>[1]['aliasTargets'] = [],
  ) => ({
    articleId: 'art_2',
    known: k,
    aliasTargets,
  });

  it('full name: the same identity in every article', () => {
    expect(decideLink(person('Tony Blair'), ctx())).toMatchObject({
      identityId: 'per.tony-blair',
      key: 'blair',
      outcome: 'new',
    });
    expect(decideLink(person('Tony Blair'), ctx([known('Tony Blair')]))).toMatchObject({
      outcome: 'full-name',
    });
  });

  it('surname + the same role links to the one identity seen with it', () => {
    const blair = known('Tony Blair', ['prime minister']);
    const cherie = known('Cherie Blair', ['barrister']);
    expect(decideLink(person('Blair', { role: 'Prime Minister' }), ctx([blair, cherie]))).toMatchObject({
      identityId: 'per.tony-blair',
      outcome: 'surname+role',
    });
  });

  it('surname + the same organisation links', () => {
    const broughton = known('Martin Broughton', [], ['ba']);
    expect(
      decideLink(person('Broughton', { aliases: ['BA boss Broughton'] }), ctx([broughton])),
    ).toMatchObject({
      identityId: 'per.martin-broughton',
      outcome: 'surname+org',
    });
  });

  it('keeps a surname apart when the evidence does not single one out, and says who it could be', () => {
    const a = known('Gordon Brown', ['chancellor']);
    const b = known('Nick Brown', ['chancellor']);
    expect(decideLink(person('Brown', { role: 'Chancellor' }), ctx([a, b]))).toMatchObject({
      identityId: 'per.brown',
      outcome: 'ambiguous',
      candidates: ['per.gordon-brown', 'per.nick-brown'],
    });
    // No role at all: never guessed, even with one candidate.
    expect(decideLink(person('Brown'), ctx([a]))).toMatchObject({
      identityId: 'per.brown',
      outcome: 'ambiguous',
    });
    expect(decideLink(person('Smith'), ctx())).toMatchObject({ identityId: 'per.smith', outcome: 'new' });
  });

  it('an alias already learned links a short form to its identity', () => {
    const target = {
      identityId: 'org.british-retail-consortium',
      type: 'ORGANIZATION' as const,
      name: 'British Retail Consortium',
      key: 'british retail consortium',
    };
    expect(
      decideLink(
        { type: 'ORGANIZATION', name: 'BRC', aliases: [], role: null, country: null },
        ctx([], [target]),
      ),
    ).toMatchObject({
      identityId: 'org.british-retail-consortium',
      key: 'british retail consortium',
      outcome: 'alias',
    });
    const other = {
      ...target,
      identityId: 'org.british-rowing-club',
      name: 'British Rowing Club',
      key: 'british rowing club',
    };
    expect(
      decideLink(
        { type: 'ORGANIZATION', name: 'BRC', aliases: [], role: null, country: null },
        ctx([], [target, other]),
      ),
    ).toMatchObject({ identityId: 'org.brc', outcome: 'ambiguous' });
  });

  it('respects operator decisions: merges and undone links', () => {
    const merged = known('Tony Blair', [], [], { mergedInto: 'per.anthony-blair' });
    expect(decideLink(person('Tony Blair'), ctx([merged]))).toMatchObject({
      identityId: 'per.anthony-blair',
      outcome: 'merged',
    });
    const rejected = known('Tony Blair', ['prime minister'], [], { rejectedArticles: ['art_2'] });
    expect(decideLink(person('Blair', { role: 'prime minister' }), ctx([rejected]))).toMatchObject({
      identityId: 'per.blair',
      outcome: 'new',
    });
  });

  it('leaves places and other types alone', () => {
    expect(
      decideLink({ type: 'LOCATION', name: 'Minsk', aliases: [], role: null, country: null }, ctx()),
    ).toEqual({
      identityId: 'loc.minsk',
      key: 'minsk',
      name: 'Minsk',
      outcome: 'new',
    });
  });
});
