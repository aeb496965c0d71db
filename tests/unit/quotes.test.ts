import { describe, expect, it } from 'vitest';
import { quotesOf } from './quotes-of.js';
import { findQuotations } from '../../shared/nlp/quotes/index.js';
import { SpeakerResolver, stripTitles } from '../../shared/nlp/quotes/speakers.js';
import { splitParagraphs } from '../../shared/nlp/segment.js';
import type { Entity } from '../../shared/domain/schema.js';

function person(id: string, name: string, text: string, extra: Partial<Entity> = {}): Entity {
  const mentions = [];
  const forms = [name, ...(extra.aliases ?? [])];
  for (const f of forms) {
    let at = text.indexOf(f);
    while (at >= 0) {
      mentions.push({ text: f, start: at, end: at + f.length, statementIndex: 0 });
      at = text.indexOf(f, at + f.length);
    }
  }
  return { id, type: 'PERSON', name, aliases: [], mentions, ...extra };
}

const quoted = (text: string) =>
  findQuotations(text, splitParagraphs(text)).map((q) => text.slice(q.start, q.end));

describe('findQuotations', () => {
  it('matches every common quotation style', () => {
    expect(quoted('“Curly double,” she said.')).toEqual(['“Curly double,”']);
    expect(quoted('He wrote ‘curly single’ twice.')).toEqual(['‘curly single’']);
    expect(quoted('"Straight double," she said.')).toEqual(['"Straight double,"']);
    expect(quoted("He said 'straight single' once.")).toEqual(["'straight single'"]);
    expect(quoted('«Guillemets», dit-il. ‹Single guillemets› too.')).toEqual([
      '«Guillemets»',
      '‹Single guillemets›',
    ]);
    expect(quoted('„Wir schaffen das“, sagte sie.')).toEqual(['„Wir schaffen das“']);
  });

  it('takes a closing mark typed as the opener at a word start for an opening mark', () => {
    expect(quoted('”Fear. I am truly afraid.” ― Edwin Monroy')).toEqual(['”Fear. I am truly afraid.”']);
    expect(quoted('“We won,” she said, ”and we will win again.”')).toEqual([
      '“We won,”',
      '”and we will win again.”',
    ]);
    // A lone closing mark with nothing to close it stays a stray mark.
    expect(quoted('He left. ”Then nothing happened.')).toEqual([]);
  });

  it('returns the outer quotation of nested quotes', () => {
    expect(quoted('“He told me ‘never again’ and left,” she said.')).toEqual([
      '“He told me ‘never again’ and left,”',
    ]);
    expect(quoted('"She called it \'a disgrace\' today," he said.')).toEqual([
      '"She called it \'a disgrace\' today,"',
    ]);
  });

  it('does not take apostrophes, elisions or inch marks for quotation marks', () => {
    expect(quoted("It's the states' rights, the '90s and rock 'n' roll.")).toEqual([]);
    expect(quoted('He is 6\' 2" tall and weighs 80 kg.')).toEqual([]);
    expect(quoted('The board’s view: “we don’t agree.”')).toEqual(['“we don’t agree.”']);
    // A year's elision typed as an opening mark does not open a quotation that swallows the next one.
    expect(quoted('He said in ‘08 that voters changed. “It is a clean break,” he said.')).toEqual([
      '“It is a clean break,”',
    ]);
  });

  it('reads three typewriter marks as a single quotation closing inside a double one', () => {
    expect(quoted("''Voters will not accept 'We'll bomb them,''' said Senator John McCain.")).toEqual([
      "''Voters will not accept 'We'll bomb them,'''",
    ]);
  });

  it('continues a quotation into the next paragraph that opens with a mark', () => {
    const text =
      '“The first paragraph has no closing mark.\n\n“The second one closes it,” he said.\n\nAfter.';
    expect(quoted(text)).toEqual([
      '“The first paragraph has no closing mark.\n\n“The second one closes it,”',
    ]);
  });

  it('ends an unclosed quotation at its paragraph when the next paragraph does not open with a mark', () => {
    const text = 'She said: “This never closes.\n\nA plain paragraph.';
    expect(quoted(text)).toEqual(['“This never closes.']);
  });
});

describe('extractQuotes: direct quotes', () => {
  it('speaker after the quote', () => {
    const text = '“We will build the bridge next year,” Maria Keller said.';
    const [q] = quotesOf(text);
    expect(q).toMatchObject({
      type: 'direct',
      text: 'We will build the bridge next year',
      cue: { text: 'said' },
      speaker: { mention: 'Maria Keller', name: 'Maria Keller', resolution: 'name' },
    });
    expect(text.slice(q!.start, q!.end)).toBe(q!.text);
  });

  it('inverted attribution ("said Keller")', () => {
    const text = 'Maria Keller runs the council. “The bridge is ready,” said Keller.';
    const [q] = quotesOf(text);
    expect(q).toMatchObject({ type: 'direct', cue: { text: 'said' } });
    expect(q!.speaker).toMatchObject({ mention: 'Keller', name: 'Maria Keller', resolution: 'name' });
  });

  it('speaker before the quote, with a colon', () => {
    const [q] = quotesOf('The mayor told reporters: "Nobody will lose their home over this."');
    expect(q).toMatchObject({
      type: 'direct',
      text: 'Nobody will lose their home over this.',
      cue: { text: 'told reporters' },
      speaker: { mention: 'The mayor', resolution: 'unresolved', name: null },
    });
  });

  it('split quotes: both parts belong to the same speaker', () => {
    const text = '“The plan is sound,” Keller said. “It will pay for itself within ten years.”';
    const qs = quotesOf(text, [person('e1', 'Maria Keller', text, { aliases: ['Keller'] })]);
    // One utterance, one quote: its parts are the quoted pieces, its span runs over the attribution.
    expect(qs).toHaveLength(1);
    const [q] = qs;
    expect(q!.parts!.map((p) => text.slice(p.start, p.end))).toEqual([
      'The plan is sound',
      'It will pay for itself within ten years.',
    ]);
    expect(q!.text).toBe(text.slice(q!.start, q!.end));
    expect(q!.text).toBe('The plan is sound,” Keller said. “It will pay for itself within ten years.');
    expect(q).toMatchObject({ type: 'direct', cue: { text: 'said' }, speaker: { name: 'Maria Keller' } });
  });

  it('a quotation in the next paragraph is a quote of its own, not a part', () => {
    const text = '“The plan is sound,” Keller said.\n\n“It will pay for itself within ten years.”';
    const qs = quotesOf(text);
    expect(qs.map((q) => q.text)).toEqual(['The plan is sound', 'It will pay for itself within ten years.']);
    expect(qs.every((q) => q.parts === undefined)).toBe(true);
  });

  it('a second quotation with its own speaker is not merged into the first', () => {
    const text = '“The plan is sound,” Keller said. “It will never pay for itself,” Jones said.';
    const qs = quotesOf(text);
    expect(qs.map((q) => q.speaker.mention)).toEqual(['Keller', 'Jones']);
    expect(qs.every((q) => q.parts === undefined)).toBe(true);
  });

  it('continues the previous speaker into a following quote paragraph with no cue', () => {
    const text = '“We start on Monday,” Keller said.\n\n“Nothing will stop us now, not even the weather.”';
    const qs = quotesOf(text);
    expect(qs).toHaveLength(2);
    expect(qs[1]!.cue).toBeNull();
    expect(qs[1]!.speaker).toEqual(qs[0]!.speaker);
    expect(qs[1]!.speaker.mention).toBe('Keller');
  });

  it('multi-paragraph quotes become one quote', () => {
    const text = 'Keller said:\n\n“The first part runs on.\n\n“And the second part closes,” she added.';
    const qs = quotesOf(text).filter((q) => q.type === 'direct');
    expect(qs).toHaveLength(1);
    expect(qs[0]!.text).toContain('The first part runs on.');
    expect(qs[0]!.text).toContain('And the second part closes');
  });

  it('ignores short scare quotes that nobody says', () => {
    expect(quotesOf('The so-called “reform” passed the house yesterday.')).toEqual([]);
  });
});

describe('extractQuotes: indirect and mixed quotes', () => {
  it('"X said that …"', () => {
    const [q] = quotesOf('Keller said that the bridge would open in May.');
    expect(q).toMatchObject({
      type: 'indirect',
      text: 'the bridge would open in May',
      cue: { text: 'said' },
    });
    expect(q!.speaker.mention).toBe('Keller');
  });

  it('"…, X said" with an apposition/title before the name', () => {
    const text = 'The bridge will open in May, Regional Governor Maria Keller said on Monday.';
    const [q] = quotesOf(text);
    expect(q).toMatchObject({ type: 'indirect', text: 'The bridge will open in May' });
    expect(q!.speaker).toMatchObject({ mention: 'Maria Keller', name: 'Maria Keller', resolution: 'name' });
  });

  it('"according to X"', () => {
    const [a] = quotesOf('According to the ministry, prices rose by four percent.');
    expect(a).toMatchObject({
      type: 'indirect',
      text: 'prices rose by four percent',
      cue: { text: 'According to' },
    });
    const [b] = quotesOf('Prices rose by four percent, according to Statistics Norway.');
    expect(b).toMatchObject({
      text: 'Prices rose by four percent',
      speaker: { mention: 'Statistics Norway' },
    });
  });

  it('mixed: reported speech containing a quoted fragment', () => {
    const [q] = quotesOf(
      'Keller noted that the council remained committed to “every promise made to the voters.”',
    );
    expect(q).toMatchObject({ type: 'mixed', cue: { text: 'noted' } });
    expect(q!.text).toBe('the council remained committed to “every promise made to the voters.”');
  });

  it('"…,” X said, adding that …" gives a direct and an indirect quote by the same speaker', () => {
    const text = '“We are ready,” Keller said, adding that the funds had already arrived.';
    const qs = quotesOf(text);
    expect(qs.map((q) => [q.type, q.text, q.cue?.text])).toEqual([
      ['direct', 'We are ready', 'said'],
      ['indirect', 'the funds had already arrived', 'adding'],
    ]);
    expect(qs[1]!.speaker.mention).toBe('Keller');
  });

  it('"told" + an addressee: the reported clause starts after it; the addressee alone reports nothing', () => {
    const field = quotesOf(
      'Frank Field told BBC Two’s Newsnight programme there was a danger people would feel pressured.',
      [],
      false,
    );
    expect(field.map((q) => q.text)).toEqual(['there was a danger people would feel pressured']);
    expect(quotesOf('One employee told French television station BFMTV.', [], false)).toEqual([]);
  });

  it('does not treat nouns that look like cues as cues', () => {
    expect(quotesOf('The two states signed the reports on trade last week.')).toEqual([]);
  });
});

describe('extractQuotes: speaker resolution', () => {
  const text =
    'Belarusian President Alexander Lukashenko met the press on Monday. ' +
    '“We are partners,” Lukashenko said. ' +
    'He added that trade was growing. ' +
    '“Our doors are open,” the Belarusian president said. ' +
    '“Nothing changes,” the Belarusian leader stressed.';
  const entities = [
    person('e1', 'Alexander Lukashenko', text, {
      aliases: ['Lukashenko'],
      role: 'President',
      nationality: 'Belarusian',
    }),
  ];

  it('resolves names, pronouns and descriptions to the entity', () => {
    const qs = quotesOf(text, entities);
    expect(
      qs.map((q) => [q.speaker.mention, q.speaker.resolution, q.speaker.name, q.speaker.entityId]),
    ).toEqual([
      ['Lukashenko', 'name', 'Alexander Lukashenko', 'e1'],
      ['He', 'pronoun', 'Alexander Lukashenko', 'e1'],
      ['the Belarusian president', 'description', 'Alexander Lukashenko', 'e1'],
      ['the Belarusian leader', 'description', 'Alexander Lukashenko', 'e1'],
    ]);
  });

  it('resolves descriptions from the text when the entity recogniser found nothing', () => {
    const qs = quotesOf(text, []);
    expect(qs.map((q) => q.speaker.name)).toEqual(Array(4).fill('Alexander Lukashenko'));
    expect(qs[0]!.speaker.entityId).toBeNull();
  });

  it('reports a description with no matching entity as unresolved', () => {
    const [q] = quotesOf('“The ministry will review the case,” a spokesman for the ministry said.');
    expect(q!.speaker).toMatchObject({
      mention: 'a spokesman for the ministry',
      name: null,
      resolution: 'unresolved',
    });
  });

  it('resolves "the" + a name the article uses to that organisation, and nothing else after "the"', () => {
    const t =
      'The Liberal Democrats launched their manifesto on Monday. ' +
      'The Liberal Democrats said the tax would be scrapped. ' +
      'The Scottish Greens said they had not been consulted.';
    const party = { ...person('e1', 'Liberal Democrats', t), type: 'ORGANIZATION' as const };
    const qs = quotesOf(t, [party]);
    expect(qs.map((q) => [q.speaker.mention, q.speaker.resolution, q.speaker.entityId])).toEqual([
      ['Liberal Democrats', 'name', 'e1'],
      ['The Scottish Greens', 'unresolved', null],
    ]);
  });

  it('resolves "the company" to the organisation the story is about, not one named in between', () => {
    const t =
      'Acme Motors cut 500 jobs on Monday. Acme Motors blamed weak sales in Europe. ' +
      'The cuts were reported by Reuters. ' +
      'The company said the plant in Leeds would stay open. ' +
      'A bank said it would lend more. ' +
      'The central bank said rates would not change.';
    const org = (id: string, name: string) => ({ ...person(id, name, t), type: 'ORGANIZATION' as const });
    const qs = quotesOf(t, [org('e1', 'Acme Motors'), org('e2', 'Reuters')]);
    expect(qs.map((q) => [q.speaker.mention, q.speaker.resolution, q.speaker.entityId])).toEqual([
      ['The company', 'description', 'e1'],
      ['A bank', 'unresolved', null],
      ['The central bank', 'unresolved', null],
    ]);
  });

  it('"who" and "which" speak for the name before them: past a reflexive, a short form in brackets, a long phrase', () => {
    const t =
      'The latest to pitch in was President George W Bush himself, who said that he remained committed to the plan. ' +
      'A complaint came from the International Air Transport Association (IATA), which said that the rules were bad. ' +
      'Her remarks follow criticism from the House of Lords Economic Affairs Committee, which said the bank had held rates too high.';
    const org = (id: string, name: string) => ({ ...person(id, name, t), type: 'ORGANIZATION' as const });
    const qs = quotesOf(t, [
      person('e1', 'George W Bush', t),
      org('e2', 'International Air Transport Association'),
      org('e3', 'House of Lords Economic Affairs Committee'),
    ]);
    expect(qs.map((q) => [q.speaker.mention, q.speaker.name])).toEqual([
      ['who', 'George W Bush'],
      ['which', 'International Air Transport Association'],
      ['which', 'House of Lords Economic Affairs Committee'],
    ]);
  });

  it('reports a pronoun with no antecedent as unresolved', () => {
    const [q] = quotesOf('She said that the vote would be held in June.');
    expect(q!.speaker).toMatchObject({ mention: 'She', name: null, resolution: 'unresolved' });
  });

  it('does not resolve "she" to a man introduced with a male title', () => {
    const t =
      'Mr. Peter Hall chairs the board. “Costs are rising,” Hall said. She said that the board had not met.';
    const qs = quotesOf(t);
    expect(qs[0]!.speaker.name).toBe('Peter Hall');
    expect(qs[1]!.speaker.resolution).toBe('unresolved');
  });

  it("a description's head noun decides who it is: an aide of the president is not the president", () => {
    const t =
      'President Fidel Castro announced the tax on Monday. ' +
      'President Castro’s chief aide said it was necessary because of the sanctions imposed last year.';
    const qs = quotesOf(t);
    const aide = qs.find((q) => q.speaker.mention?.includes('aide'));
    expect(aide?.speaker).toMatchObject({
      mention: 'President Castro’s chief aide',
      name: null,
      resolution: 'unresolved',
    });
  });

  it('a spokesman of a named person is not that person', () => {
    const t = 'Fidel Castro is 78. “The measure is temporary,” Castro’s spokesman said.';
    const [q] = quotesOf(t);
    expect(q!.speaker).toMatchObject({ mention: 'Castro’s spokesman', resolution: 'unresolved' });
  });

  it('a possessive pronoun as the source resolves like its pronoun', () => {
    const t = 'Bono spoke on Friday. His stance against the war is well known.';
    const at = t.indexOf('His');
    const bono = person('e1', 'Bono', t);
    expect(new SpeakerResolver(t, [bono], []).resolve(at, at + 3)).toMatchObject({
      mention: 'His',
      name: 'Bono',
      resolution: 'pronoun',
    });
  });

  it('a possessive speaker is the name without its ’s', () => {
    const t =
      'Fidel Castro spoke on Monday. Fidel Castro’s decision to ban dollar transactions surprised banks.';
    const at = t.lastIndexOf('Fidel Castro’s');
    const speaker = new SpeakerResolver(t, [], []).resolve(at, at + 'Fidel Castro’s'.length);
    expect(speaker).toMatchObject({ mention: 'Fidel Castro', resolution: 'name', name: 'Fidel Castro' });
  });

  it('"he" after "said X, chief US economist for Y" is X, not "US"', () => {
    const t =
      'Rates rose again.\n\n“The Fed is careful,” said Sung Won Sohn, chief US economist for Wells Fargo Bank. “The economy is doing better,” he added.';
    const qs = quotesOf(t);
    expect(qs.map((q) => q.speaker.name)).toEqual(['Sung Won Sohn', 'Sung Won Sohn']);
  });

  it('"Critics say …": a group opening the sentence is a description, not a name', () => {
    const [q] = quotesOf(
      'The law was passed.\n\nCritics say the law would favour large companies over small ones.',
    );
    expect(q!.speaker).toMatchObject({ mention: 'Critics', name: null, resolution: 'unresolved' });
  });

  it('a pronoun does not take a person named inside reported speech for its antecedent', () => {
    const t =
      'Paul Sculthorpe wants the captaincy.\n\nThe 27-year-old said following in the footsteps of Andy Farrell would be a challenge. “It is something I am confident of being up to,” he said.';
    const qs = quotesOf(t, [person('e1', 'Paul Sculthorpe', t), person('e2', 'Andy Farrell', t)]);
    expect(qs.find((q) => q.type === 'direct')?.speaker).toMatchObject({
      mention: 'he',
      name: 'Paul Sculthorpe',
    });
  });

  it('a pronoun opening a sentence prefers the subject of the sentence before to a person named after it', () => {
    const t =
      'Tony Blair met the press.\n\nMr Blair has been closer to President Bush than any other leader. He said the alliance mattered.';
    const qs = quotesOf(t, [person('e1', 'Tony Blair', t, { aliases: ['Blair'] }), person('e2', 'Bush', t)]);
    expect(qs.find((q) => q.speaker.mention === 'He')?.speaker.name).toBe('Tony Blair');
  });

  it('a possessor opening the sentence before is not its subject: the name it owns is', () => {
    const t =
      "The budget was set on Monday.\n\nPlaid Cymru's spokesman Dai Lloyd called the budget a disgrace. He said: “Wales has been short changed.”";
    const qs = quotesOf(t, [person('e1', 'Plaid Cymru', t), person('e2', 'Dai Lloyd', t)]);
    expect(qs.find((q) => q.type === 'direct')?.speaker).toMatchObject({ mention: 'He', name: 'Dai Lloyd' });
  });

  it('a pronoun inside its sentence still takes the latest compatible person', () => {
    const t = 'Anna Petrova met Ivan Orlov on Monday. Later, she said the talks went well.';
    const qs = quotesOf(t, [person('e1', 'Anna Petrova', t), person('e2', 'Ivan Orlov', t)]);
    expect(qs.find((q) => q.speaker.mention === 'she')?.speaker.name).toBe('Anna Petrova');
  });

  it('a pronoun does not take a name inside the content it reports for its antecedent', () => {
    const t =
      'The SEC said it had considered the rules.\n\nThe European Union, in particular, was imposing new standards in 2005, it noted.';
    const sec = { id: 'e1', type: 'ORGANIZATION' as const, name: 'SEC', aliases: [], mentions: [] };
    const eu = { id: 'e2', type: 'ORGANIZATION' as const, name: 'European Union', aliases: [], mentions: [] };
    for (const [e, name] of [
      [sec, 'SEC'],
      [eu, 'European Union'],
    ] as const) {
      const at = t.indexOf(name);
      e.mentions.push({ text: name, start: at, end: at + name.length, statementIndex: 0 } as never);
    }
    const qs = quotesOf(t, [sec, eu]);
    expect(qs.find((q) => q.speaker.mention === 'it' && q.start > 40)?.speaker.name).toBe('SEC');
  });

  it('an impersonal "it" before a passive reporting verb points at nobody', () => {
    const t = 'Vodafone sells phones.\n\nIt is thought that about 10,000 phones are lost every month.';
    const vodafone = { id: 'e1', type: 'ORGANIZATION' as const, name: 'Vodafone', aliases: [], mentions: [] };
    vodafone.mentions.push({ text: 'Vodafone', start: 0, end: 8, statementIndex: 0 } as never);
    const q = quotesOf(t, [vodafone]).find((x) => x.speaker.mention === 'It');
    expect(q?.speaker).toMatchObject({ name: null, resolution: 'unresolved' });
  });

  it('"The think tank\'s proposals …" has no speaker "The"', () => {
    const qs = quotesOf(
      "Pensions are in crisis.\n\nThe think tank's proposals were made in response to the report.",
    );
    expect(qs.filter((q) => q.speaker.mention === 'The')).toEqual([]);
  });

  it('an opening participle is no speaker ("Addressing claims …, Mr Michael told …")', () => {
    const qs = quotesOf(
      'Some activities are still legal. Addressing claims that the new law was unenforceable, Mr Michael told BBC Radio 4\'s Today Programme: "There has been a lot of spin about this."',
    );
    expect(qs.filter((q) => q.speaker.mention === 'Addressing')).toEqual([]);
    expect(qs.find((q) => q.type === 'direct')?.speaker.mention).toBe('Michael');
  });

  it('"X of <place>" names X', () => {
    const t =
      'Finance ministers met on Friday.\n\nNicolas Sarkozy of France said the decline of the dollar would hit exports. “We are concerned,” he said.';
    const qs = quotesOf(t);
    expect(qs.map((q) => q.speaker.mention)).toEqual(['Nicolas Sarkozy', 'he']);
    expect(qs[1]!.speaker.name).toBe('Nicolas Sarkozy');
  });

  it('"they" is never a country, even one the recogniser typed as an organisation', () => {
    const us =
      'The dollar fell.\n\nThe US backed a strong dollar on Friday. They said the currency was too weak.';
    const usEntity: Entity = {
      id: 'e1',
      type: 'ORGANIZATION',
      name: 'US',
      aliases: [],
      mentions: [{ text: 'US', start: us.indexOf('US'), end: us.indexOf('US') + 2, statementIndex: 0 }],
    };
    const [q] = quotesOf(us, [usEntity]);
    expect(q!.speaker).toMatchObject({ mention: 'They', name: null, resolution: 'unresolved' });
  });

  it('"X of the Refugee Council" names X', () => {
    const [q] = quotesOf(
      'Quotas were proposed.\n\n“These policies will not provide a safe haven,” said Hannah Ward of the Refugee Council.',
    );
    expect(q!.speaker.mention).toBe('Hannah Ward');
  });

  it('a sentence-opening word the text also writes in lowercase is no name', () => {
    const t = 'Critics had concerns about the deal. Concerns were raised about the bank.';
    const at = t.indexOf('Concerns');
    expect(new SpeakerResolver(t, [], []).resolve(at, at + 8)).toMatchObject({
      name: null,
      resolution: 'unresolved',
    });
  });

  it('a lowercase word before a name is not part of it ("Eavis\' daughter Emily"), a particle is ("Lula da Silva")', () => {
    expect(stripTitles("Eavis' daughter Emily")).toBe('Emily');
    expect(stripTitles('festival organiser Michael Eavis')).toBe('Michael Eavis');
    expect(stripTitles('Luiz Inacio Lula da Silva')).toBe('Luiz Inacio Lula da Silva');
    expect(stripTitles('Hannah Ward of the Refugee Council')).toBe('Hannah Ward of the Refugee Council');
    // A nationality before one word is a company's name; before a title it is not.
    expect(stripTitles('Swiss Re')).toBe('Swiss Re');
    expect(stripTitles('British Airways')).toBe('British Airways');
    expect(stripTitles('Belarusian President Alexander Lukashenko')).toBe('Alexander Lukashenko');
    // A party before a full name is not part of it; "Labour Party" is a name.
    expect(stripTitles('Lib Dem Norman Baker')).toBe('Norman Baker');
    expect(stripTitles('Labour Party')).toBe('Labour Party');
  });

  it('"I think …" in narration is the writer\'s: unresolved, not the last person named', () => {
    const t = 'Diane Allahgreen won the 60m hurdles.\n\nI think she was surprised to be beaten by Sarah.';
    const [q] = quotesOf(t, [person('e1', 'Diane Allahgreen', t)]);
    expect(q!.speaker).toMatchObject({ mention: 'I', name: null, resolution: 'unresolved' });
  });

  it('"…,” the World Bank report said": the noun "report" heads the speaker, "said" is the cue', () => {
    const t =
      'Access is growing.\n\nA spokesman said the divide remained real. "The digital divide is rapidly closing," the World Bank report said.';
    const direct = quotesOf(t).find((q) => q.type === 'direct');
    expect(direct).toMatchObject({ cue: { text: 'said' }, speaker: { mention: 'the World Bank report' } });
  });

  it('a share of people ("Three-quarters", "Forty-three per cent") is a description, not a name', () => {
    const qs = quotesOf(
      'A poll was published.\n\nThree-quarters said the minister was right to resign. Forty-three per cent thought he had done a good job.',
    );
    expect(qs.length).toBeGreaterThan(0);
    expect(qs.every((q) => q.speaker.resolution === 'unresolved' && q.speaker.name === null)).toBe(true);
  });

  it('"said Sky Networks\' Sophie Turner Laing": the person after the possessive speaks', () => {
    const [q] = quotesOf(
      'Sky won the rights.\n\n"We are honoured to have won the rights," said Sky Networks\' Sophie Turner Laing.',
    );
    expect(q!.speaker).toMatchObject({ mention: 'Sophie Turner Laing', resolution: 'name' });
  });

  it('"the economics think tank said …": "think" in "think tank" is no cue', () => {
    const [q] = quotesOf(
      'Growth slowed.\n\nThe Paris-based economics think tank said the economy could regain momentum.',
    );
    expect(q).toMatchObject({
      cue: { text: 'said' },
      speaker: { mention: 'The Paris-based economics think tank' },
      text: 'the economy could regain momentum',
    });
  });

  it('a person "at" an organisation is named without it', () => {
    const [q] = quotesOf(
      'Markets fell.\n\n“We expect the deficit to widen,” said Marie-Pierre Ripert at IXIS.',
    );
    expect(q!.speaker).toMatchObject({ mention: 'Marie-Pierre Ripert', resolution: 'name' });
  });

  it('keeps a number with thousands separators inside the speaker phrase', () => {
    const [q] = quotesOf(
      'Talks failed on Monday.\n\nA union representing 5,200 flight attendants said it would strike in March.',
    );
    expect(q!.speaker.mention).toBe('A union representing 5,200 flight attendants');
  });

  it('resolves a role description introduced earlier', () => {
    const t =
      'Ministry spokesman John Reed spoke on Friday. “No decision has been taken yet,” the spokesman said.';
    const [q] = quotesOf(t);
    expect(q!.speaker).toMatchObject({ resolution: 'description', name: 'John Reed' });
  });
});

describe('findQuotations: typewriter quotes', () => {
  it("reads ''…'' and ``…'' as double quotation marks", () => {
    const text = "''This isn't tax reform,'' he said. ``Fine,'' she replied.";
    expect(quoted(text)).toEqual(["''This isn't tax reform,''", "``Fine,''"]);
    const [q] = quotesOf(text);
    expect(q).toMatchObject({ type: 'direct', text: "This isn't tax reform", speaker: { mention: 'he' } });
  });
});

describe('extractQuotes: pronoun gender', () => {
  it('skips a person whose first name does not fit the pronoun', () => {
    const text =
      'Hillary Clinton met John Kasich in Ohio. “We agree on trade,” Kasich said. ' +
      'Clinton spoke later. She said that the meeting had been useful.';
    const qs = quotesOf(text, [
      person('e1', 'Hillary Clinton', text, { aliases: ['Clinton'] }),
      person('e2', 'John Kasich', text, { aliases: ['Kasich'] }),
    ]);
    expect(qs.map((q) => [q.speaker.mention, q.speaker.name])).toEqual([
      ['Kasich', 'John Kasich'],
      ['She', 'Hillary Clinton'],
    ]);
  });
});

describe('extractQuotes: more attribution shapes', () => {
  it('a party label in parentheses between name and verb', () => {
    const [q] = quotesOf('“Mitt Romney was prepared,” Sen. Claire McCaskill (D-Mo.) said.');
    expect(q).toMatchObject({
      cue: { text: 'said' },
      speaker: { mention: 'Claire McCaskill', resolution: 'name' },
    });
  });

  it('a byline-style dash after the quote names the speaker', () => {
    const [q] = quotesOf('“He is ignorant of our culture and lives.”― Pamela Padilla');
    expect(q).toMatchObject({
      type: 'direct',
      cue: null,
      speaker: { mention: 'Pamela Padilla', name: 'Pamela Padilla' },
    });
  });

  it('"Mr." before the name does not stop the attribution', () => {
    const [q] = quotesOf("''There's no evidence whatsoever,'' Mr. Burman said.");
    expect(q).toMatchObject({ cue: { text: 'said' }, speaker: { mention: 'Burman' } });
  });
});

describe('extractQuotes: appositions and progressive cues', () => {
  it('name, apposition, verb after the quote', () => {
    const [q] = quotesOf(
      '“It is an invasion of the state domain,” Scott Pruitt, the attorney general of Oklahoma, said at an event.',
    );
    expect(q).toMatchObject({ type: 'direct', cue: { text: 'said' }, speaker: { mention: 'Scott Pruitt' } });
  });

  it('a progressive reporting verb takes the clause subject as speaker', () => {
    const [q] = quotesOf('The city of Phoenix is demanding that the campaign stop using the images.');
    expect(q).toMatchObject({
      type: 'indirect',
      text: 'the campaign stop using the images',
      cue: { text: 'demanding' },
      speaker: { mention: 'The city of Phoenix' },
    });
  });
});

describe('multi-paragraph guards', () => {
  it('a paragraph opening with another quotation style does not continue a block quote', () => {
    const text = '"The block quote runs on.\n\n“Inner,” she said.';
    expect(quoted(text)).toEqual(['"The block quote runs on.', '“Inner,”']);
  });

  it('transcript paragraphs are separate quotes with their label as speaker', () => {
    const text =
      'The transcript:\n\n"WALLACE: Will she be there tonight?\n\n"PENCE: She will not be attending the debate.';
    expect(quoted(text)).toHaveLength(2);
    const qs = quotesOf(text);
    expect(qs.map((q) => [q.text, q.speaker.mention])).toEqual([
      ['Will she be there tonight?', 'WALLACE'],
      ['She will not be attending the debate.', 'PENCE'],
    ]);
  });
});

describe('extractQuotes: clause edges', () => {
  it('an introductory phrase before "X said …" is not reported content', () => {
    const qs = quotesOf(
      'In a statement recorded for television, Mr Blair said the families deserved an apology.',
    );
    expect(qs.map((q) => [q.type, q.text])).toEqual([['indirect', 'the families deserved an apology']]);
  });

  it('reported speech stops at ", adding:" and the speaker phrase is reduced to the name', () => {
    const text =
      'However, one of the so-called Guildford Four, Gerry Conlon - who was wrongly convicted - said the families were delighted. ' +
      'He said Mr Blair had spoken with "such sincerity", adding: "He went beyond what we thought he would."';
    const qs = quotesOf(text);
    expect(qs.map((q) => [q.type, q.text, q.speaker.mention])).toEqual([
      ['indirect', 'the families were delighted', 'Gerry Conlon'],
      ['mixed', 'Mr Blair had spoken with "such sincerity"', 'He'],
      ['direct', 'He went beyond what we thought he would.', 'He'],
    ]);
    expect(qs[2]!.speaker.name).toBe('Gerry Conlon');
  });
});

describe('extractQuotes: companies as speakers', () => {
  it('the subject before a relative clause speaks, and "it" resolves to an organisation', () => {
    const text =
      'Umbro, which recently lost sponsorship deals with two clubs, said on Thursday it had signed a new agreement. ' +
      'It said that sales of the new shirt had been strong.';
    const qs = quotesOf(text, [
      {
        id: 'o1',
        type: 'ORGANIZATION',
        name: 'Umbro',
        aliases: [],
        mentions: [{ text: 'Umbro', start: 0, end: 5, statementIndex: 0 }],
      },
    ]);
    expect(qs.map((q) => [q.text, q.speaker.mention, q.speaker.name, q.speaker.resolution])).toEqual([
      ['it had signed a new agreement', 'Umbro', 'Umbro', 'name'],
      ['sales of the new shirt had been strong', 'It', 'Umbro', 'pronoun'],
    ]);
  });

  it('"told X:" before a quotation introduces the direct quote only', () => {
    const qs = quotesOf(
      'Tim Osborne told the Reuters news agency: "If they default, we will fight them in court."',
    );
    expect(qs.map((q) => [q.type, q.text, q.speaker.mention])).toEqual([
      ['direct', 'If they default, we will fight them in court.', 'Tim Osborne'],
    ]);
  });
});

describe('extractQuotes: sports roles', () => {
  it('"the world champion" resolves to the champion introduced earlier', () => {
    const text =
      'World 100m champion Kim Collins will compete in Birmingham. ' +
      'The world champion says he is in good shape for the race.';
    const [q] = quotesOf(text);
    expect(q!.speaker).toMatchObject({
      mention: 'The world champion',
      name: 'Kim Collins',
      resolution: 'description',
    });
  });
});
