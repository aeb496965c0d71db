// Canonical entities within an article (shared/nlp/ner/link.ts): titles stripped for identity, acronyms
// linked to their expansion whichever comes first, a surname linked only to a unique full name, and a
// type confidence per entity. Mentions are given directly, so these test linking alone.
import { describe, expect, it } from 'vitest';
import type { EntityType } from '../../shared/domain/schema.js';
import { linkWithGazetteer } from '../../shared/nlp/ner/link.js';
import { initialsOf, isAcronym, isClippingOf } from '../../shared/nlp/ner/mentions.js';
import type { Mention } from '../../shared/nlp/ner/recognize.js';
import { isTitle, stripTitles } from '../../shared/nlp/ner/titles.js';
import { cpuGrowth, LINEAR_GROWTH_LIMIT } from './linear-time.js';

/** Mentions of the given surface forms at each of their occurrences in the text, in order. */
function mentionsOf(text: string, names: [string, EntityType, number?][]): Mention[] {
  const out: Mention[] = [];
  for (const [name, type, confidence] of names) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
      const covered = out.some((m) => m.start < i + name.length && i < m.end);
      if (!covered) out.push({ type, start: i, end: i + name.length, text: name, confidence });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const link = (text: string, mentions: Mention[]) =>
  linkWithGazetteer(text, mentions, { publishedAt: null, statementIndexAt: () => 0 }, null);

describe('titles and honorifics', () => {
  it('are recognised with or without a period and stripped from the front of a name only', () => {
    expect(['Mr', 'Mrs', 'Dr.', 'Lord', 'President', 'Gen.'].every(isTitle)).toBe(true);
    expect(isTitle('Robert')).toBe(false);
    expect(isTitle('president')).toBe(false);
    expect(stripTitles(['Mr', 'Robert', 'Mugabe'])).toEqual(['Robert', 'Mugabe']);
    expect(stripTitles(['Gen.', 'Colin', 'Powell'])).toEqual(['Colin', 'Powell']);
    // A title alone is left as it is (nothing else to name).
    expect(stripTitles(['President'])).toEqual(['President']);
  });

  it('link "Mr Mugabe" to "Robert Mugabe" when the article names him, whichever comes first', () => {
    const text = 'Mr Mugabe spoke first. Later Robert Mugabe left, and Lord Mugabe was not seen again.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Robert Mugabe', 'PERSON'],
        ['Mr Mugabe', 'PERSON'],
        ['Lord Mugabe', 'PERSON'],
      ]),
    );
    expect(entities).toHaveLength(1);
    expect(entities[0]!.name).toBe('Robert Mugabe');
    expect(entities[0]!.mentions).toHaveLength(3);
    expect(entities[0]!.aliases).toEqual(expect.arrayContaining(['Mr Mugabe', 'Lord Mugabe']));
  });

  it('give the canonical name without the title when no full name is written', () => {
    const text = 'Dr. Fox said no. Dr. Fox later agreed.';
    const entities = link(text, mentionsOf(text, [['Dr. Fox', 'PERSON']]));
    expect(entities.map((e) => e.name)).toEqual(['Fox']);
  });
});

describe('surnames', () => {
  it('link to the unique full name of that surname', () => {
    const text = 'Tony Blair met Gordon Brown. Blair said Brown agreed.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Tony Blair', 'PERSON'],
        ['Gordon Brown', 'PERSON'],
        ['Blair', 'PERSON'],
        ['Brown', 'PERSON'],
      ]),
    );
    expect(entities.map((e) => [e.name, e.mentions.length])).toEqual([
      ['Tony Blair', 2],
      ['Gordon Brown', 2],
    ]);
  });

  it('stay unresolved when two people share them, never guessed', () => {
    const text = 'Robert Mugabe and Grace Mugabe arrived. Mugabe spoke. Mugabe left.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Robert Mugabe', 'PERSON'],
        ['Grace Mugabe', 'PERSON'],
        ['Mugabe', 'PERSON'],
      ]),
    );
    expect(entities.map((e) => [e.name, e.mentions.length])).toEqual([
      ['Robert Mugabe', 1],
      ['Grace Mugabe', 1],
      ['Mugabe', 2],
    ]);
  });
});

describe('acronyms', () => {
  it('know their possible initials and their written shapes', () => {
    expect(initialsOf('British Retail Consortium')).toEqual(['BRC']);
    expect(initialsOf('Bank of England')).toEqual(['BOE', 'BE']);
    expect(initialsOf('Pirelli')).toEqual([]);
    // A word that is an acronym itself gives all its letters.
    expect(initialsOf('UBS Securities')).toEqual(['UBSS']);
    expect(['BRC', 'U.N.', 'AT&T', 'EU'].every(isAcronym)).toBe(true);
    expect(['Brc', 'A', 'Reuters'].some(isAcronym)).toBe(false);
  });

  it('link to an expansion that comes later, and their untagged uses become mentions', () => {
    const text = 'The BRC said sales fell. The British Retail Consortium said prices rose, the BRC added.';
    // The recogniser tagged the first BRC as MISC and missed the second.
    const mentions = mentionsOf(text, [['British Retail Consortium', 'ORGANIZATION']]);
    mentions.unshift({ type: 'MISC', start: 4, end: 7, text: 'BRC' });
    const entities = link(text, mentions);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      type: 'ORGANIZATION',
      name: 'British Retail Consortium',
      aliases: ['BRC'],
    });
    expect(entities[0]!.mentions.map((m) => m.start)).toEqual([
      4,
      text.indexOf('British'),
      text.lastIndexOf('BRC'),
    ]);
  });

  it('link when defined in parentheses after the expansion', () => {
    const text = 'The Collective Security Treaty Organization (CSTO) met. The CSTO agreed.';
    const entities = link(
      text,
      mentionsOf(text, [['Collective Security Treaty Organization', 'ORGANIZATION']]),
    );
    expect(entities).toHaveLength(1);
    expect(entities[0]!.aliases).toEqual(['CSTO']);
    expect(entities[0]!.mentions).toHaveLength(3);
  });

  it('are not linked to a name whose initials do not match ("US" is not "UBS Securities")', () => {
    const text = 'UBS Securities said the US economy grew. The US trade gap narrowed, UBS Securities said.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['UBS Securities', 'ORGANIZATION'],
        ['US', 'LOCATION'],
      ]),
    );
    expect(entities.map((e) => [e.type, e.name, e.aliases])).toEqual([
      ['ORGANIZATION', 'UBS Securities', []],
      ['LOCATION', 'US', []],
    ]);
  });

  it('stay apart when two different names share the initials', () => {
    const text = 'The Football Association and the Food Agency met. The FA said nothing.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Football Association', 'ORGANIZATION'],
        ['Food Agency', 'ORGANIZATION'],
        ['FA', 'ORGANIZATION'],
      ]),
    );
    expect(entities.map((e) => e.name)).toEqual(['Football Association', 'Food Agency', 'FA']);
  });
});

describe('clipped names', () => {
  it('link word for word to the one name they shorten ("Lib Dems", "Man Utd")', () => {
    const text =
      'The Liberal Democrats met Manchester United fans. The Lib Dems said Man Utd and Sheff Utd agreed.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Liberal Democrats', 'ORGANIZATION'],
        ['Manchester United', 'ORGANIZATION'],
        ['Lib Dems', 'ORGANIZATION'],
        ['Man Utd', 'ORGANIZATION'],
        ['Sheff Utd', 'ORGANIZATION'],
      ]),
    );
    expect(entities.map((e) => [e.name, e.aliases])).toEqual([
      ['Liberal Democrats', ['Lib Dems']],
      ['Manchester United', ['Man Utd']],
      ['Sheff Utd', []],
    ]);
  });

  it('are clippings only with as many words, each from its first letter on, one word shorter at least', () => {
    expect(isClippingOf('Lib Dems', 'Liberal Democrats')).toBe(true);
    expect(isClippingOf('EU Commission', 'European Commission')).toBe(true);
    expect(isClippingOf('Liberal Democrats', 'Liberal Democrats')).toBe(false);
    expect(isClippingOf('Dems', 'Democrats')).toBe(false); // one word alone
    expect(isClippingOf('Lab Party', 'Liberal Party')).toBe(false); // "lab" is not in "liberal"
    expect(isClippingOf('Manchester United', 'Manchester United-Arsenal')).toBe(false);
  });

  it('stay apart when they shorten two names', () => {
    const text = 'Bristol Holdings and Brent Holdings met. Br Holdings said nothing.';
    const entities = link(
      text,
      mentionsOf(text, [
        ['Bristol Holdings', 'ORGANIZATION'],
        ['Brent Holdings', 'ORGANIZATION'],
        ['Br Holdings', 'ORGANIZATION'],
      ]),
    );
    expect(isClippingOf('Br Holdings', 'Brent Holdings')).toBe(true);
    expect(entities.map((e) => [e.name, e.aliases])).toEqual([
      ['Bristol Holdings', []],
      ['Brent Holdings', []],
      ['Br Holdings', []],
    ]);
  });
});

describe('entity confidence', () => {
  it('is the mean of the model mentions, lowered when they disagree on the type', () => {
    const text = 'Tesco said profits rose. Tesco shares fell. Tesco hired staff.';
    const agreeing = link(text, mentionsOf(text, [['Tesco', 'ORGANIZATION', 0.9]]));
    expect(agreeing[0]!.confidence).toBeCloseTo(0.9, 3);
    const mentions = mentionsOf(text, [['Tesco', 'ORGANIZATION', 0.9]]);
    mentions[2] = { ...mentions[2]!, type: 'PERSON', confidence: 0.6 };
    const mixed = link(text, mentions);
    // Majority type wins; the dissenting mention counts against it.
    expect(mixed).toHaveLength(1);
    expect(mixed[0]!.type).toBe('ORGANIZATION');
    expect(mixed[0]!.confidence!).toBeLessThan(0.9 * 0.85);
    expect(mixed[0]!.confidence!).toBeGreaterThan(0);
  });

  it('is left out when no mention was scored by the model', () => {
    const text = 'Tesco said profits rose.';
    expect(link(text, mentionsOf(text, [['Tesco', 'ORGANIZATION']]))[0]!.confidence).toBeUndefined();
  });
});

describe('linking time (issue 13)', () => {
  /** `n` people, each named in full after a title, then by surname: as many names as mentions. */
  function people(n: number): { text: string; mentions: Mention[] } {
    const word = (i: number) =>
      'B' + [0, 1, 2, 3].map((k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
    const parts: string[] = [];
    const mentions: Mention[] = [];
    let at = 0;
    for (let i = 0; i < n; i++) {
      const full = `${word(i)} ${word(i + n)}son`;
      const surname = `${word(i + n)}son`;
      const s1 = `President ${full} met reporters in Paris. `;
      const s2 = `${surname} said it went well.\n\n`;
      mentions.push({ type: 'PERSON', start: at + 10, end: at + 10 + full.length, text: full });
      mentions.push({ type: 'LOCATION', start: at + s1.length - 7, end: at + s1.length - 2, text: 'Paris' });
      mentions.push({
        type: 'PERSON',
        start: at + s1.length,
        end: at + s1.length + surname.length,
        text: surname,
      });
      parts.push(s1, s2);
      at += s1.length + s2.length;
    }
    return { text: parts.join(''), mentions };
  }

  it('grows linearly with the people named: names are indexed by word, roles searched nearby', () => {
    const small = people(1000);
    const entities = link(small.text, small.mentions);
    expect(entities.filter((e) => e.type === 'PERSON')).toHaveLength(1000);
    expect(entities[0]).toMatchObject({ name: 'Baaaa Bmmbason', role: 'President' });
    expect(entities[0]!.mentions).toHaveLength(2);
    const growth = cpuGrowth(
      ({ text, mentions }: { text: string; mentions: Mention[] }) => link(text, mentions),
      small,
      people(4000),
      4,
      { limit: LINEAR_GROWTH_LIMIT },
    );
    expect(growth).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
