import { describe, expect, it } from 'vitest';
import { parseConll, SpanScorer } from '../../scripts/ner/conll.js';
import { findDates } from '../../shared/nlp/ner/dates.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { firstNameGender, linkEntities, recognizeEntities } from '../../shared/nlp/ner/index.js';
import { nerTokenize } from '../../shared/nlp/ner/tokens.js';
import { splitSentences } from '../../shared/nlp/segment.js';

const { ner } = defaultModels();
const entitiesOf = (text: string, publishedAt: string | null = null) => {
  const mentions = recognizeEntities(ner, text, splitSentences(text));
  return {
    mentions,
    entities: linkEntities(ner, text, mentions, { publishedAt, statementIndexAt: () => 0 }),
  };
};

describe('CoNLL-style tokenisation', () => {
  it('splits punctuation and clitics, keeps hyphenated words, initialisms and titles, with exact offsets', () => {
    const text = 'Mr. Smith’s U.S. firm, Belarus-Russia ties (CSTO) don’t end.';
    const tokens = nerTokenize(text);
    expect(tokens.map((t) => t.word)).toEqual([
      'Mr.',
      'Smith',
      "'s",
      'U.S.',
      'firm',
      ',',
      'Belarus-Russia',
      'ties',
      '(',
      'CSTO',
      ')',
      'do',
      "n't",
      'end',
      '.',
    ]);
    for (const t of tokens) expect(text.slice(t.start, t.end).replace('’', "'")).toBe(t.word);
  });

  it('tokenises a slice of the text with offsets into the whole text', () => {
    const text = 'First one. Second one here.';
    const tokens = nerTokenize(text, 11, text.length);
    expect(tokens[0]).toEqual({ start: 11, end: 17, word: 'Second' });
  });
});

describe('recognizeEntities', () => {
  it('finds people, places, organisations and nationalities with exact offsets', () => {
    const text =
      'German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Tuesday. ' +
      'The talks at the European Commission focused on trade.';
    const { mentions } = entitiesOf(text);
    const got = mentions.map((m) => `${m.type}:${m.text}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'NATIONALITY:German',
        'PERSON:Angela Merkel',
        'NATIONALITY:French',
        'PERSON:Emmanuel Macron',
        'LOCATION:Paris',
        'DATE:Tuesday',
        'ORGANIZATION:European Commission',
      ]),
    );
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    // Titles are not part of the name.
    expect(got).not.toContain('PERSON:Chancellor Angela Merkel');
    expect(got.filter((g) => g.startsWith('PERSON:'))).toHaveLength(2);
  });

  it('leaves out trailing punctuation and possessives', () => {
    const text = 'The decision was welcomed by Boris Johnson. Johnson’s spokesman said London agreed.';
    const { mentions } = entitiesOf(text);
    const people = mentions.filter((m) => m.type === 'PERSON').map((m) => m.text);
    expect(people).toEqual(['Boris Johnson', 'Johnson']);
    expect(mentions.find((m) => m.text === 'London')?.type).toBe('LOCATION');
  });

  it('leaves out the conjunction or adverb opening a sentence or a quotation ("But", "Like", "With")', () => {
    const text =
      'But Human Rights Watch said the law was unfair. ' +
      'Liam Fox said: "Like Labour, the Lib Dems are soft on crime." ' +
      'Even Denzel Washington was there.';
    const names = entitiesOf(text).mentions.map((m) => m.text);
    expect(names).toEqual(expect.arrayContaining(['Human Rights Watch', 'Labour', 'Denzel Washington']));
    expect(names.filter((n) => /^(But|Like|Even) /.test(n))).toEqual([]);
  });

  it('does not read title-case headline capitals as names, and links the headline surname', () => {
    const text =
      'Belarus Considers Russia a Strategic Partner, Lukashenko Says\n\n' +
      'Minsk considers Russia a partner, Belarusian President Alexander Lukashenko said on Thursday.';
    const { mentions, entities } = entitiesOf(text);
    const headline = mentions.filter((m) => m.start < 60);
    expect(headline.filter((m) => m.type === 'LOCATION').map((m) => m.text)).toEqual(['Belarus', 'Russia']);
    expect(headline.map((m) => m.text)).not.toContain('Strategic Partner');
    expect(entities.filter((e) => e.type === 'ORGANIZATION')).toEqual([]);
    const person = entities.find((e) => e.type === 'PERSON')!;
    expect(person.name).toBe('Alexander Lukashenko');
    expect(person.aliases).toContain('Lukashenko');
    expect(person.mentions.map((m) => m.start)).toContain(text.indexOf('Lukashenko'));
  });

  it('reads a results line or a list of names as written, not as a title-case headline', () => {
    const text =
      'Leading scores after the first round:\n\n' +
      '65 Billy Andrade, Duffy Waldorf, Jesper Parnevik (Sweden)\n\n' +
      'Mike Hulbert, Brian Henninger, Tiger Woods, Steve Jurgenson';
    const { mentions } = entitiesOf(text);
    const people = mentions.filter((m) => m.type === 'PERSON').map((m) => m.text);
    expect(people).toEqual(expect.arrayContaining(['Billy Andrade', 'Jesper Parnevik', 'Steve Jurgenson']));
    // Found whole, as written; a bare name in a list has no context to type it by ("Tiger" is also a firm's
    // name), so only its extent is checked.
    expect(mentions.map((m) => m.text)).toContain('Tiger Woods');
  });

  it('types a party named by party words an organisation, and its adjective MISC', () => {
    const { mentions } = entitiesOf(
      'Labour is ahead of the Tories in the polls. Tory leader Michael Howard disagreed.',
    );
    expect(mentions.filter((m) => m.type !== 'DATE').map((m) => [m.text, m.type])).toEqual([
      ['Labour', 'ORGANIZATION'],
      ['Tories', 'ORGANIZATION'],
      ['Tory', 'MISC'],
      ['Michael Howard', 'PERSON'],
    ]);
  });

  it('reads the British "US" as the country Reuters writes "U.S.", in prose and title-case headlines', () => {
    const text =
      'US trade gap hits record\n\nQuarterly profits at US media giant TimeWarner jumped 76%. It faces a probe ' +
      'by the US Securities Exchange Commission (SEC) and an inquiry by US market regulators.';
    const us = entitiesOf(text).mentions.filter((m) => m.text === 'US');
    expect(us.length).toBe(3);
    for (const m of us) expect(m.type).toBe('LOCATION');
    expect(entitiesOf(text).mentions.find((m) => m.text.startsWith('US Securities'))?.type).toBe(
      'ORGANIZATION',
    );
  });

  it('reads a middle initial without its full stop as part of the name ("George W Bush")', () => {
    const { mentions, entities } = entitiesOf(
      'Since President George W Bush came to office the budget has grown. Mr Bush said so.',
    );
    expect(mentions.filter((m) => m.type === 'PERSON').map((m) => m.text)).toEqual(['George W Bush', 'Bush']);
    expect(entities.find((e) => e.type === 'PERSON')?.name).toBe('George W Bush');
  });

  it('finds a listed company written from a lowercase letter ("eBay"), not unlisted products', () => {
    const { mentions } = entitiesOf(
      'Online auction firm eBay said its profits rose. Apple sold more iPhoto copies.',
    );
    expect(mentions.find((m) => m.text === 'eBay')?.type).toBe('ORGANIZATION');
    expect(mentions.find((m) => m.text === 'iPhoto')).toBeUndefined();
  });

  it('knows "U.S." for the country "US" the gazetteer lists: "shares in US phone company MCI"', () => {
    const { mentions } = entitiesOf('Shares in US phone company MCI rose on Monday.');
    expect(mentions.find((m) => m.text === 'US')?.type).toBe('LOCATION');
    expect(mentions.find((m) => m.text === 'MCI')?.type).toBe('ORGANIZATION');
  });

  it('keeps a region with an organisation-like head a place ("West Bank")', () => {
    const { mentions } = entitiesOf('Settlers in the West Bank protested on Monday.');
    expect(mentions.find((m) => m.text === 'West Bank')?.type).toBe('LOCATION');
  });

  it('leaves honorifics and titles out of names and links the surname', () => {
    const text =
      'Trade Secretary Patricia Hewitt spoke to reporters on Sunday. Ms Hewitt said the plan was fair.';
    const { mentions, entities } = entitiesOf(text);
    const people = mentions.filter((m) => m.type === 'PERSON').map((m) => m.text);
    expect(people).toEqual(['Patricia Hewitt', 'Hewitt']);
    expect(entities.filter((e) => e.type === 'PERSON')).toHaveLength(1);
  });

  it('maps names past a 200-token run and after typographic quotes back to exact offsets', () => {
    // One "sentence" of 260 tokens (a list the splitter cannot cut) is tagged in two runs; a name in the
    // second run, and one after curly quotes and dashes (tagged as ASCII words), keep their offsets.
    const list = Array.from({ length: 130 }, (_, i) => `item ${i}`).join(' ; ');
    const text = `${list} ; Angela Merkel met “Barack Obama” – in Berlin.`;
    const mentions = recognizeEntities(ner, text, [
      { start: 0, end: text.length, text, paragraphIndex: 0, kind: 'prose' },
    ]);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(mentions.map((m) => m.text)).toEqual(
      expect.arrayContaining(['Angela Merkel', 'Barack Obama', 'Berlin']),
    );
  });

  it('tags an article the same before and after a long one (whose caches the tagger lets go)', () => {
    const text = 'Trade Secretary Patricia Hewitt met Gordon Brown in London on Monday, Reuters said.';
    const before = entitiesOf(text).mentions;
    // ~66,000 tokens: past the size after which the tagger drops its word cache and document scores.
    const long = 'Angela Merkel met the Foreign Secretary in Berlin and talks went on. '.repeat(5500);
    expect(entitiesOf(long).mentions.length).toBeGreaterThan(5500);
    expect(entitiesOf(text).mentions).toEqual(before);
  });

  it('returns nothing for text without names', () => {
    expect(entitiesOf('the cat sat on the mat and nothing else happened.').mentions).toEqual([]);
    expect(recognizeEntities(ner, '', [])).toEqual([]);
  });
});

describe('linkEntities', () => {
  it('groups a surname with the full name and keeps the title as role and nationality', () => {
    const text =
      'Belarusian President Alexander Lukashenko met reporters in Minsk. ' +
      '"We are partners," Lukashenko said. Lukashenko added that Minsk was ready.';
    const { entities } = entitiesOf(text);
    const person = entities.find((e) => e.type === 'PERSON');
    expect(person).toMatchObject({
      name: 'Alexander Lukashenko',
      role: 'President',
      nationality: 'Belarusian',
    });
    expect(person!.aliases).toContain('Lukashenko');
    expect(person!.mentions).toHaveLength(3);
    const nationality = entities.find((e) => e.type === 'NATIONALITY');
    expect(nationality).toMatchObject({ name: 'Belarusian', country: 'Belarus' });
    expect(entities.filter((e) => e.name === 'Minsk')).toHaveLength(1);
    expect(entities.find((e) => e.name === 'Minsk')!.mentions).toHaveLength(2);
  });

  it('links an acronym defined in parentheses to its expansion, and its later uses', () => {
    const text =
      'Ministers met at the North Atlantic Treaty Organization (NATO) summit on Monday. ' +
      'Officials said NATO would expand its mission.';
    const { entities } = entitiesOf(text);
    const org = entities.find((e) => e.name === 'North Atlantic Treaty Organization');
    expect(org?.type).toBe('ORGANIZATION');
    expect(org!.aliases).toContain('NATO');
    expect(org!.mentions.map((m) => m.text)).toEqual(['North Atlantic Treaty Organization', 'NATO', 'NATO']);
    expect(entities.filter((e) => e.name === 'NATO')).toHaveLength(0);
  });

  it('reads roles from an apposition after the name', () => {
    const text = 'Sergei Lavrov, the Russian foreign minister, arrived in Berlin.';
    const { entities } = entitiesOf(text);
    expect(entities.find((e) => e.type === 'PERSON')).toMatchObject({
      name: 'Sergei Lavrov',
      role: 'foreign minister',
      nationality: 'Russian',
    });
  });

  it('reads multi-word titles and takes the nationality from a country before them', () => {
    const text = 'U.S. Secretary of State John Kerry arrived in Kiev on Monday.';
    const { entities } = entitiesOf(text);
    expect(entities.find((e) => e.type === 'PERSON')).toMatchObject({
      name: 'John Kerry',
      role: 'Secretary of State',
      nationality: 'American',
    });
  });

  it('normalises dates against the publication date', () => {
    const text = 'The leaders will meet on November 22 in Moscow, officials said on Thursday.';
    const { entities } = entitiesOf(text, '2018-11-16T09:00:00Z');
    const dates = Object.fromEntries(entities.filter((e) => e.type === 'DATE').map((e) => [e.name, e.iso]));
    expect(dates).toEqual({ 'November 22': '2018-11-22', Thursday: '2018-11-15' });
    const undated = entitiesOf(text).entities.filter((e) => e.type === 'DATE');
    expect(undated.map((e) => e.iso)).toEqual([null, null]);
  });
});

describe('dates', () => {
  it('keeps calendar expressions without prepositions or punctuation and skips bare relative words', () => {
    const text = 'On 3 March 2020, the court ruled. Today we know more. In March, talks resumed.';
    const found = findDates(text, null);
    expect(found.map((d) => [d.text, d.iso])).toEqual([
      ['3 March 2020', '2020-03-03'],
      ['March', null],
    ]);
    for (const d of found) expect(text.slice(d.start, d.end)).toBe(d.text);
  });

  it('answers a text asked for again with the same dates, for its own reference date', () => {
    const text = 'The leaders will meet on November 22 in Moscow, officials said on Thursday.';
    const first = findDates(text, null);
    first[0]!.start = -1;
    expect(findDates(text, null)).toEqual(findDates(text + ' ', null));
    expect(findDates(text, null)[0]!.start).toBeGreaterThan(0);
    expect(findDates(text, '2018-11-16T09:00:00Z').map((d) => d.iso)).toEqual(['2018-11-22', '2018-11-15']);
    expect(findDates(text, 'not a date').map((d) => d.iso)).toEqual([null, null]);
  });
});

describe('first-name gender', () => {
  it('answers from the name lists and stays silent for unknown or shared names', () => {
    expect(firstNameGender(ner, 'Alexander')).toBe('male');
    expect(firstNameGender(ner, 'Angela')).toBe('female');
    expect(firstNameGender(ner, 'Lukashenko')).toBeNull();
  });
});

describe('CoNLL reading and scoring', () => {
  const sample = [
    '-DOCSTART- -X- O O',
    '',
    'EU NNP I-NP I-ORG',
    'rejects VBZ I-VP O',
    'German JJ I-NP I-MISC',
    'call NN I-NP O',
    '',
    'Peter NNP I-NP I-PER',
    'Blackburn NNP I-NP I-PER',
    '',
  ].join('\n');

  it('parses documents, sentences and IOB1 spans', () => {
    const docs = parseConll(sample);
    expect(docs).toHaveLength(1);
    expect(docs[0]!.map((s) => s.words)).toEqual([
      ['EU', 'rejects', 'German', 'call'],
      ['Peter', 'Blackburn'],
    ]);
    expect(docs[0]![1]!.spans).toEqual([{ label: 'PER', start: 0, end: 2 }]);
  });

  it('scores exact span and type matches', () => {
    const scorer = new SpanScorer();
    scorer.add(
      [
        { label: 'PER', start: 0, end: 2 },
        { label: 'LOC', start: 3, end: 4 },
      ],
      [
        { label: 'PER', start: 0, end: 2 },
        { label: 'LOC', start: 3, end: 5 },
      ],
    );
    const s = scorer.scores();
    expect(s.PER!.f1).toBe(100);
    expect(s.LOC!.f1).toBe(0);
    expect(s.overall!.precision).toBe(50);
    expect(s.overall!.recall).toBe(50);
  });
});
