import { describe, expect, it } from 'vitest';
import { quotesOf } from './quotes-of.js';
import { withNameAfterTitle } from '../../shared/nlp/quotes/extract.js';
import type { Span } from '../../shared/domain/schema.js';

const span = (s: Span): [number, number] => [s.start, s.end];

describe('extractQuotes: recall on longer attribution shapes', () => {
  it('"told <long addressee> that …": the content starts after "that"', () => {
    const text =
      'The council met on Monday.\n\nHe also told one of the younger members of the board on a regular basis that the budget was a disaster.';
    const q = quotesOf(text).find((x) => x.cue?.text === 'told');
    expect(q?.text).toBe('the budget was a disaster');
    expect(q?.speaker.mention).toBe('He');
  });

  it('"say that will not happen": "that" is the subject of the reported clause', () => {
    const text =
      'Ministers insist they will have the final say. But opposition parties say that will not happen in practice.';
    const q = quotesOf(text).find((x) => x.cue?.text === 'say');
    expect(q?.text).toBe('that will not happen in practice');
    expect(quotesOf('Opposition parties say that the plan will fail in practice.')[0]?.text).toBe(
      'the plan will fail in practice',
    );
  });

  it('a coordinated reporting verb starts a second quote by the same speaker', () => {
    const text =
      'The city was calm.\n\nPolice Chief Ann Lee announced on Friday the arrest of a man in the shooting and said a curfew would continue through the weekend.';
    const qs = quotesOf(text);
    const announced = qs.find((x) => x.cue?.text === 'announced');
    const said = qs.find((x) => x.cue?.text === 'said');
    expect(announced?.text).toBe('the arrest of a man in the shooting');
    expect(said?.text).toBe('a curfew would continue through the weekend');
    expect(said?.speaker.name).toBe('Ann Lee');
  });

  it('keeps a quotation introduced by a clause ending in a colon, even with no speaker before it', () => {
    const text =
      'The paper ran a long feature on Saturday.\n\nThe piece used one of the voters’ remarks as its headline: “Finally, someone who thinks like me.” The rest followed.';
    const q = quotesOf(text).find((x) => x.type === 'direct');
    expect(q?.text).toBe('Finally, someone who thinks like me.');
  });

  it('the lowercase second part of a split quote belongs to the same speaker', () => {
    const text =
      'The debate is on Monday.\n\n“I think the moderator will be very fair,” Jane Smith said during a rally in Ohio, “but a lot of people are going to be watching to see if that is true.”';
    const pieces = (t: string) =>
      quotesOf(t)
        .filter((x) => x.type === 'direct')
        .map((x) => ({ parts: (x.parts ?? [x]).map((p) => t.slice(p.start, p.end)), speaker: x.speaker }));
    const direct = pieces(text);
    expect(direct).toHaveLength(1);
    expect(direct[0]!.parts).toEqual([
      'I think the moderator will be very fair',
      'but a lot of people are going to be watching to see if that is true.',
    ]);
    expect(direct[0]!.speaker.name).toBe('Jane Smith');
    const afterBut = pieces(
      'The debate is on Monday.\n\n“You know, I like Larry,” she said, but “when it comes to energy, Larry has a history of representing coal firms.”',
    );
    expect(afterBut).toHaveLength(1);
    expect(afterBut[0]!.parts).toEqual([
      'You know, I like Larry',
      'when it comes to energy, Larry has a history of representing coal firms.',
    ]);
    expect(afterBut[0]!.speaker.mention).toBe('she');
  });

  it('a block quotation takes its attribution from the paragraph that introduces it with a colon', () => {
    const text =
      'Donations are down this year.\n\nThe Chronicle reports:\n\n"Just 24 percent of the contributors have given $200 or less, a sharp fall from four years ago."';
    const [q] = quotesOf(text);
    expect(q).toMatchObject({
      type: 'direct',
      cue: { text: 'reports' },
      speaker: { mention: 'The Chronicle' },
    });
    expect(q!.text.startsWith('Just 24 percent')).toBe(true);
  });

  it('a second reporting verb between two quotations starts a new quote', () => {
    const text =
      'The rally ran late.\n\n“We cannot afford this any more,” Trump said, adding later, “The alliance is costing us a fortune.”';
    const qs = quotesOf(text).filter((x) => x.type === 'direct');
    expect(qs).toHaveLength(2);
    expect(qs.every((q) => q.parts === undefined && q.speaker.mention === 'Trump')).toBe(true);
  });

  it('"X said in a statement:" and "X, who chairs Y, says:" introduce the quotation that follows', () => {
    const statement = quotesOf(
      'The report caused a stir.\n\nBut Mr Crosby said in a statement: "I have never had any such conversation."',
    );
    expect(statement[0]).toMatchObject({ cue: { text: 'said' }, speaker: { mention: 'Crosby' } });
    const relative = quotesOf(
      'Limits are debated.\n\nIn an article for the Times, Ms Dunwoody, who chairs the Transport Committee, says: "Slight increases in speed increase the risks hugely."',
    );
    expect(relative).toHaveLength(1);
    expect(relative[0]).toMatchObject({
      type: 'direct',
      cue: { text: 'says' },
      speaker: { mention: 'Dunwoody' },
    });
  });

  it('a name set off from its verb by a stray comma still speaks, but ", saying:" keeps its own subject', () => {
    const [q] = quotesOf(
      'The rally was loud.\n\nAfter winning Ohio in the primary, Gov. John Kasich (R-OH), said, “I am getting ready to rent a covered wagon.”',
    );
    expect(q).toMatchObject({ type: 'direct', speaker: { mention: 'John Kasich' }, cue: { text: 'said' } });
    const [saying] = quotesOf(
      'The debate was tense.\n\nTrump attacked her record on Iraq and Libya, saying: “She is trigger-happy and very unstable.”',
    );
    expect(saying?.speaker.mention).not.toBe('Libya');
  });

  it('reported speech closed by an inverted attribution: "…, said the chief executive, John Ferriola."', () => {
    const [q] = quotesOf(
      "The mills were quiet.\n\nIn nearby Decatur, the big steel plant is hanging on, said the company's chief executive, John J. Ferriola.",
    );
    expect(q).toMatchObject({
      type: 'indirect',
      text: 'In nearby Decatur, the big steel plant is hanging on',
      cue: { text: 'said' },
      speaker: { mention: 'John J. Ferriola' },
    });
    // A quotation's own attribution stays with the quote rules.
    expect(quotesOf('The day was long.\n\n“We will win,” said Smith.')[0]?.type).toBe('direct');
  });

  it('"Forbes, however, says that …" and "…, the university reported last week."', () => {
    const [however] = quotesOf(
      'Bloomberg puts it higher. Forbes, however, says that Mr. Kamprad is no longer a billionaire.',
    );
    expect(however).toMatchObject({
      text: 'Mr. Kamprad is no longer a billionaire',
      speaker: { mention: 'Forbes' },
    });
    const [reported] = quotesOf(
      'Spending is up.\n\nConsumer sentiment has been higher than in any year since 2004, the University of Michigan reported last week.',
    );
    expect(reported).toMatchObject({
      text: 'Consumer sentiment has been higher than in any year since 2004',
      speaker: { mention: 'the University of Michigan' },
    });
  });

  it('manner-of-speaking verbs introduce quotations; a quoted object followed by a second verb is direct', () => {
    const [chant] = quotesOf(
      'A curfew began at midnight.\n\nProtesters marching through the streets chanted "What curfew?" and kept going until 2 a.m.',
    );
    expect(chant).toMatchObject({
      type: 'direct',
      text: 'What curfew?',
      cue: { text: 'chanted' },
      speaker: { mention: 'Protesters marching through the streets' },
    });
    const [shout] = quotesOf('The hall emptied.\n\n"Get out of here now!" he shouted at the reporters.');
    expect(shout).toMatchObject({ type: 'direct', cue: { text: 'shouted' } });
    // A quotation that is the subject of the reported clause keeps the clause.
    expect(quotesOf('The deal collapsed.\n\nHe said "the plan" was dead and buried.')[0]?.type).toBe('mixed');
  });

  it('a quoted phrase characterising the object ("accused X of “…”", "branded it “…”") is the subject\'s', () => {
    // The rule fills what rules and tagger leave: checked on the rules alone.
    const rulesOnly = (text: string) => quotesOf(text, [], false);
    const [accused] = rulesOnly(
      'Tension rose on the peninsula.\n\nSouth Korea accused the North\'s leader, Kim Jong Un, of "fanatic recklessness." Talks stalled.',
    );
    expect(accused).toMatchObject({
      type: 'direct',
      text: 'fanatic recklessness.',
      speaker: { mention: 'South Korea' },
      cue: { text: 'accused' },
    });
    const [branded] = rulesOnly(
      'The bill returns to the Commons today.\n\nLib Dem home affairs spokesman Mark Oaten branded the plans "deeply flawed" in a radio interview.',
    );
    expect(branded).toMatchObject({ text: 'deeply flawed', speaker: { mention: 'Mark Oaten' } });
    // Naming is not quoting: "a class called “Perception”", "is dubbed “…”".
    expect(
      rulesOnly('He taught at the college.\n\nCarson shared a syllabus for a class called "Perception."'),
    ).toEqual([]);
    expect(rulesOnly('The plan faces critics.\n\nThe plan is dubbed "Project Fear" by its critics.')).toEqual(
      [],
    );
  });

  it('"…, X, who says …": the relative pronoun is the mention, its antecedent the speaker', () => {
    const text =
      'The plan was criticised by campaigners, including Labour backbencher Gwyneth Dunwoody, who says it will reduce the incentive to slow down.';
    const [q] = quotesOf(text);
    expect(q!.speaker).toMatchObject({ mention: 'who', name: 'Gwyneth Dunwoody', resolution: 'pronoun' });
    expect(q!.text).toBe('it will reduce the incentive to slow down');
  });

  it('a speaker cut after a title runs on over the name', () => {
    const text = 'Mr Elgindy had predicted a slump. Dr. Jane Roe agreed.';
    expect(text.slice(...span(withNameAfterTitle(text, { start: 0, end: 2 })))).toBe('Mr Elgindy');
    expect(text.slice(...span(withNameAfterTitle(text, { start: 34, end: 37 })))).toBe('Dr. Jane Roe');
    expect(withNameAfterTitle(text, { start: 3, end: 10 })).toEqual({ start: 3, end: 10 });
  });

  it('"Asked whether …, X replied": the question is not a quote of the one asked', () => {
    const text =
      'Varig is in trouble.\n\nAsked whether a rescue was on the cards following a meeting of the Congress, Alencar replied: "No, I don\'t think so. We will see."';
    const qs = quotesOf(text);
    expect(qs.map((q) => q.cue?.text)).toEqual(['replied']);
    expect(qs[0]!.speaker.mention).toBe('Alencar');
  });

  it('a clause-final past-tense cue attributes the clause before it ("…, the agency reported.")', () => {
    const text =
      'The trial ended on Friday.\n\nWhen the verdict was read, Mr Elgindy dropped his face into his hands and sobbed, the Associated Press news agency reported.';
    const [q] = quotesOf(text);
    expect(q).toMatchObject({
      type: 'indirect',
      cue: { text: 'reported' },
      speaker: { mention: 'the Associated Press news agency' },
    });
    expect(q!.text).toBe('When the verdict was read, Mr Elgindy dropped his face into his hands and sobbed');
  });

  it('an inverted attribution interrupting the sentence ("A, said X, B") keeps both pieces', () => {
    const text =
      'The dollar rose.\n\nThe rise, said Mr Tanase of JPMorgan, was too small to matter for exporters.';
    const [q] = quotesOf(text);
    expect(q!.parts!.map((p) => text.slice(p.start, p.end))).toEqual([
      'The rise',
      'was too small to matter for exporters',
    ]);
    expect(q).toMatchObject({ cue: { text: 'said' }, speaker: { mention: 'Tanase' } });
  });

  it('auxiliaries and a relative clause between speaker and verb ("X, whose …, has said that …")', () => {
    const [q] = quotesOf(
      'The album is out.\n\nMcFadden, whose debut solo album is released next week, has said that every song is autobiographical.',
    );
    expect(q).toMatchObject({ text: 'every song is autobiographical', speaker: { mention: 'McFadden' } });
    const [h] = quotesOf('The talks resumed.\n\nThe company has repeatedly warned that jobs will be lost.');
    expect(h).toMatchObject({ text: 'jobs will be lost', speaker: { mention: 'The company' } });
  });

  it('a time phrase before the speaker is not part of it ("Last month the EU said …")', () => {
    const [q] = quotesOf(
      'Piracy is rising.\n\nLast month the EU said it will start monitoring China and Russia.',
    );
    expect(q!.speaker.mention).toBe('the EU');
  });

  it('"…,” said X, adding …" keeps a quoted fragment in the added clause (mixed)', () => {
    const text =
      'The awards were announced.\n\n"These awards mean everything," said producer Michael London, adding they were a "huge first step" toward recognition. Others agreed.';
    const added = quotesOf(text).find((q) => q.cue?.text === 'adding');
    expect(added).toMatchObject({
      type: 'mixed',
      text: 'they were a "huge first step" toward recognition',
      speaker: { mention: 'Michael London' },
    });
  });

  it('"According to X, <apposition>, …": the content starts after the apposition', () => {
    const [q] = quotesOf(
      'The pipeline was approved.\n\nAccording to Pat Ferguson, President of AMBO, work on the pipeline will begin in 2005.',
    );
    expect(q).toMatchObject({
      text: 'work on the pipeline will begin in 2005',
      cue: { text: 'According to' },
      speaker: { mention: 'Pat Ferguson' },
    });
  });

  it('"said on Wednesday night …": the whole time adjunct is skipped', () => {
    const [q] = quotesOf(
      'Parmalat met lawmakers.\n\nLawmakers said on Wednesday night the new chief executive spoke positively.',
    );
    expect(q!.text).toBe('the new chief executive spoke positively');
  });

  it('reported speech interrupted by its attribution keeps both pieces', () => {
    const text =
      'The museum opened on Saturday.\n\nActs of protest, Mr. Obama said, are acts of patriotism in a free country.';
    const [q] = quotesOf(text).filter((x) => x.type === 'indirect');
    expect(q!.parts!.map((p) => text.slice(p.start, p.end))).toEqual([
      'Acts of protest',
      'are acts of patriotism in a free country',
    ]);
    expect(q).toMatchObject({ cue: { text: 'said' }, speaker: { mention: 'Obama' } });
    // "…, he said, adding that …" is a second attribution, not a second piece.
    const adding = quotesOf('The plan will work well, he said, adding that the costs were under control.');
    expect(adding.every((x) => x.parts === undefined)).toBe(true);
  });

  it('a lone quotation after a plain sentence is still not a quote', () => {
    const text =
      'The paper ran a long feature on Saturday.\n\nIt was a “Finally, someone who thinks like me” moment for many.';
    expect(quotesOf(text).filter((x) => x.type === 'direct')).toEqual([]);
  });
});

describe('extractQuotes: no junk without a speaker', () => {
  const headlines = [
    "Rank 'set to sell off film unit'\n\nLeisure group Rank could unveil plans to demerge its film services unit and sell its media business, reports claim.",
    "Crisis 'ahead in social sciences'\n\nA national body is being set up to address a skills crisis in the social sciences.",
    "Oil prices 'hit world economy'\n\nHigh oil prices have cut growth in the world economy this year.",
  ];
  it.each(headlines)('every quote has a speaker or a verb for a cue: %s', (text) => {
    for (const q of quotesOf(text)) {
      if (q.speaker.mention !== null) continue;
      expect(q.cue === null || /\b(is|are|was|has|have|said|says|\w+ed|\w+ing)\b/.test(q.cue.text)).toBe(
        true,
      );
      expect(q.text).not.toMatch(/^(set to sell off film unit|ahead in social sciences|hit world economy)$/);
    }
  });
});

describe('extractQuotes: title-case headlines', () => {
  it('"X Says Y" and "Y, X Says." attribute the headline', () => {
    const lead = 'Senator Jane Smith spoke on Thursday.';
    const a = quotesOf(`Jane Smith Says Trade Deal Will Fail\n\n${lead}`).find((x) => x.cue?.text === 'Says');
    expect(a?.text).toBe('Trade Deal Will Fail');
    expect(a?.speaker.name).toBe('Jane Smith');
    const b = quotesOf(`Trade Deal Will Fail, Jane Smith Says.\n\n${lead}`).find(
      (x) => x.cue?.text === 'Says',
    );
    expect(b?.text).toBe('Trade Deal Will Fail');
    expect(b?.speaker.mention).toBe('Jane Smith');
  });

  it('a headline without a reporting verb is no quote', () => {
    expect(quotesOf('Trade Deal Will Fail, Analysts Fear\n\nMarkets fell on Thursday.')).toEqual([]);
  });
});

describe('extractQuotes: phrases quoted after a characterising verb', () => {
  it('a tagger content that swallows the verb’s object gives way to the quoted phrase', () => {
    const text =
      'South Korea accused the North\'s leader, Kim Jong Un, of "fanatic recklessness." South Korean President Park Geun-hye said Kim\'s mental state is "spiraling out of control."';
    const q = quotesOf(text).find((x) => x.via?.includes('rule:characterizing-verb'));
    expect(q?.text).toBe('fanatic recklessness.');
    expect(q?.type).toBe('direct');
    expect(q?.speaker.mention).toBe('South Korea');
  });

  it('a reported content that holds the verb does not attribute the phrase quoted inside it', () => {
    const text =
      'When terrorists are revealed as part of the second front of the terror war, Obama and Clinton call them "lone wolves" and describe their actions as crimes rather than acts of war.';
    const q = quotesOf(text).find((x) => x.type === 'direct');
    expect(q?.text).toBe('lone wolves');
    expect(q?.speaker.mention).toBe('Obama and Clinton');
  });

  it('a quoted phrase is no utterance for the next quotation to continue', () => {
    const text =
      'Welsh Liberal Democrat leader Kirsty Williams called the new target "hugely unambitious". "It leaves patients in Wales still waiting two years before they are treated."';
    const qs = quotesOf(text);
    expect(qs.map((q) => q.text)).toEqual([
      'hugely unambitious',
      'It leaves patients in Wales still waiting two years before they are treated.',
    ]);
    expect(qs[1]?.speaker.mention).toBe('Kirsty Williams');
  });
});
