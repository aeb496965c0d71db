import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitParagraphs, splitSentences } from '../../shared/nlp/segment.js';
import { growthOnFourfoldInput, LINEAR_GROWTH_LIMIT } from './linear-time.js';

const texts = (text: string) => splitSentences(text).map((s) => s.text);

describe('splitParagraphs', () => {
  it('splits on blank lines (also lines of only spaces) and trims', () => {
    const text = '  First para\nstill first.\n\nSecond.\n  \t\nThird.  \n';
    const spans = splitParagraphs(text).map((p) => text.slice(p.start, p.end));
    expect(spans).toEqual(['First para\nstill first.', 'Second.', 'Third.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitParagraphs(' \n\n \n')).toEqual([]);
  });

  it('takes long lines that each end like a sentence for paragraphs; a hard-wrapped block stays one', () => {
    const lines = [
      '“It is a dog whistle to all Americans, especially to the people of this district,” Rep. Moore said. “If indeed he is not legitimate, how can you feel good about yourself.',
      '“I have been doing a lot of thinking recently about where we are as a country,” added Rep. Clyburn, the assistant leader of the caucus.',
    ];
    const text = `Title\n\n${lines.join('\n')}`;
    expect(splitParagraphs(text).map((p) => text.slice(p.start, p.end))).toEqual(['Title', ...lines]);
    // Reader comments signed with a dash end their line too.
    const signed = [
      '“He is someone that no sane person would want as president. He answers to no one and respects no one.” ― Christina Olidem',
      '“No one in my family wants a man who calls our great grandmother a criminal as the leader of our nation.” ― Ana Ruiz',
    ];
    expect(splitParagraphs(signed.join('\n'))).toHaveLength(2);
    const wrapped =
      'The council met on Monday to discuss the budget\nfor next year. Members argued about the\nschool funding until late.';
    expect(splitParagraphs(wrapped)).toHaveLength(1);
  });
});

describe('splitSentences: boundaries', () => {
  it('splits plain prose after . ! ?', () => {
    expect(texts('It rained. Did it stop? No! It went on.')).toEqual([
      'It rained.',
      'Did it stop?',
      'No!',
      'It went on.',
    ]);
  });

  it('keeps titles, initials and "No." before numbers inside the sentence', () => {
    expect(texts('Mr. Smith met Gen. Jonas E. Smith at No. 5 Main Road. Dr. Lee was late.')).toEqual([
      'Mr. Smith met Gen. Jonas E. Smith at No. 5 Main Road.',
      'Dr. Lee was late.',
    ]);
  });

  it('treats U.S., a.m./p.m. and Inc. as sentence ends only before a usual sentence start', () => {
    expect(
      texts(
        'The U.S. Army said so. He lives in the U.S. The talks start at 9 a.m. ET today. They ended at 5 p.m. Nobody left. ' +
          'Apple Inc. The company grew. Apple Inc. Chief Executive Tim Cook spoke.',
      ),
    ).toEqual([
      'The U.S. Army said so.',
      'He lives in the U.S.',
      'The talks start at 9 a.m. ET today.',
      'They ended at 5 p.m.',
      'Nobody left.',
      'Apple Inc.',
      'The company grew.',
      'Apple Inc. Chief Executive Tim Cook spoke.',
    ]);
  });

  it('keeps decimals, thousands, times, versions and URLs whole', () => {
    expect(
      texts('Prices rose 3.5% to $8,000.50 at 10.30 today. See example.com/a.html for v2.1.3 notes. Done.'),
    ).toEqual([
      'Prices rose 3.5% to $8,000.50 at 10.30 today.',
      'See example.com/a.html for v2.1.3 notes.',
      'Done.',
    ]);
  });

  it('ends a sentence after closing quotes and brackets, not before a lowercase continuation', () => {
    expect(
      texts('“It was great.” She left. “Is it?” he asked. “Why?” Smith asked. (It was late.) Then it ended.'),
    ).toEqual([
      '“It was great.”',
      'She left.',
      '“Is it?” he asked.',
      '“Why?” Smith asked.',
      '(It was late.)',
      'Then it ended.',
    ]);
  });

  it('handles ellipses', () => {
    expect(texts('We waited... Then it came. He said it was ... fine. Wait… What?')).toEqual([
      'We waited...',
      'Then it came.',
      'He said it was ... fine.',
      'Wait…',
      'What?',
    ]);
  });

  it('ends a sentence at an ellipsis, but not at a quoted trailing-off before its attribution', () => {
    expect(
      texts('It was the end of an era... The next one began. “We will see...” Smith said. So...'),
    ).toEqual([
      'It was the end of an era...',
      'The next one began.',
      '“We will see...” Smith said.',
      'So...',
    ]);
    expect(texts('He paused. . . The room went quiet. “I wonder…” Mr. Jones wrote.')).toEqual([
      'He paused. . .',
      'The room went quiet.',
      '“I wonder…” Mr. Jones wrote.',
    ]);
  });

  it('splits sentences that lack a space after the period', () => {
    expect(
      texts('The talks ended.The delegates left.“Fine,” she said.But not in Node.js or the U.S.A.'),
    ).toEqual([
      'The talks ended.',
      'The delegates left.',
      '“Fine,” she said.',
      'But not in Node.js or the U.S.A.',
    ]);
  });

  it('joins stray line breaks inside a sentence; offsets index the original text', () => {
    const text = 'He told the\nreporters that the\nmeeting was over. It was.';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'He told the\nreporters that the\nmeeting was over.',
      'It was.',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('treats long lines as paragraphs when text has single newlines between paragraphs', () => {
    const intro =
      'The ministry published a statement on its website on Thursday evening, listing the two main reasons for it:';
    const text = `${intro}\nThe first reason is cost. The second is time.\nHe told the press that the\nmeeting was over.`;
    expect(texts(text)).toEqual([
      intro,
      'The first reason is cost.',
      'The second is time.',
      'He told the press that the\nmeeting was over.',
    ]);
  });

  it('ends a sentence at a single line break in plain text with one sentence a line', () => {
    expect(
      texts(
        'Storm hits coast\nResidents were evacuated overnight\nThe storm is expected on Tuesday\nOfficials urged calm',
      ),
    ).toEqual([
      'Storm hits coast',
      'Residents were evacuated overnight',
      'The storm is expected on Tuesday',
      'Officials urged calm',
    ]);
    // A line with room left for the next word was not broken by a wrap.
    expect(texts('The vote was delayed again\nLawmakers said they needed more time')).toEqual([
      'The vote was delayed again',
      'Lawmakers said they needed more time',
    ]);
    // After end punctuation, even before a lowercase word.
    expect(texts('Talks ended.\nthen the delegates left. Why?\nnobody knew.')).toEqual([
      'Talks ended.',
      'then the delegates left.',
      'Why?',
      'nobody knew.',
    ]);
    // A hard wrap stays inside its sentence, also between the words of a name.
    const wrapped =
      'Minsk considers Russia to be a strategic partner, Belarusian President\n' +
      'Alexander Lukashenko stated at a news conference held in the capital\n' +
      'Minsk on Thursday, the news agency reported.';
    expect(texts(wrapped)).toEqual([wrapped]);
  });

  it('makes each list item its own sentence', () => {
    expect(texts('Key points:\n- prices rose\n  sharply\n- wages fell\n1. first\n2. second')).toEqual([
      'Key points:',
      '- prices rose\n  sharply',
      '- wages fell',
      '1. first',
      '2. second',
    ]);
  });

  it('numbers paragraphs', () => {
    const sentences = splitSentences('One. Two.\n\nThree.');
    expect(sentences.map((s) => s.paragraphIndex)).toEqual([0, 0, 1]);
  });
});

describe('splitSentences: inline periods that end nothing', () => {
  it('keeps an inline list in its sentence: "1.) … 2.) …", "a. … b. …"', () => {
    expect(texts('Demands: 1.) Fair pay 2.) Safe workplaces 3.) Respect. Talks resume today.')).toEqual([
      'Demands: 1.) Fair pay 2.) Safe workplaces 3.) Respect.',
      'Talks resume today.',
    ]);
    expect(texts('Options are: a. Leave the EU b. Stay in it. Neither pleased.')).toEqual([
      'Options are: a. Leave the EU b. Stay in it.',
      'Neither pleased.',
    ]);
    // Items that end with a period are sentences; the marker starts the next one.
    expect(texts('Steps: 1. Open the box. 2. Take it out. He did.')).toEqual([
      'Steps: 1. Open the box.',
      '2. Take it out.',
      'He did.',
    ]);
    // Not a list: a number or letter that ends a sentence.
    expect(texts('He chose Plan A. Then Plan B. The score was 2. Then 3. It ended.')).toEqual([
      'He chose Plan A.',
      'Then Plan B.',
      'The score was 2.',
      'Then 3.',
      'It ended.',
    ]);
  });
});

describe('splitSentences: e-mail addresses and numero signs', () => {
  it('does not split inside an e-mail address or URL, and ends a sentence after one', () => {
    expect(
      texts(
        'Write to John.Smith@Example.Com or news@Gov.UK. We reply. See www.Example.Com/About.html today.',
      ),
    ).toEqual([
      'Write to John.Smith@Example.Com or news@Gov.UK.',
      'We reply.',
      'See www.Example.Com/About.html today.',
    ]);
  });

  it('keeps "N°." and "nº." with their number', () => {
    expect(texts('He lives at N°. 5 Main Street. Decree nº. 123 took effect. It is № 1.')).toEqual([
      'He lives at N°. 5 Main Street.',
      'Decree nº. 123 took effect.',
      'It is № 1.',
    ]);
  });
});

describe('splitSentences: brackets', () => {
  it('keeps a parenthetical citation in its sentence, abbreviations and all', () => {
    expect(
      texts(
        'Voters are tired (Smith 55). They want change (Smith et al. 55). Others agree (cf. Jones, ed. 2001). Done.',
      ),
    ).toEqual([
      'Voters are tired (Smith 55).',
      'They want change (Smith et al. 55).',
      'Others agree (cf. Jones, ed. 2001).',
      'Done.',
    ]);
  });

  it('starts a sentence with a bracket opened after a sentence end, even before a lowercase word', () => {
    expect(
      texts(
        'It is under Creative Commons. (http://example.org/licence). It grew. (It was late. Very.) Then.',
      ),
    ).toEqual([
      'It is under Creative Commons.',
      '(http://example.org/licence).',
      'It grew.',
      '(It was late.',
      'Very.)',
      'Then.',
    ]);
  });
});

describe('splitSentences: headlines, tag lines, bylines, datelines', () => {
  const article =
    'Belarus says Russia is its key partner\nBy Jane Doe\n\nBelarus, Russia\n\n' +
    'MINSK, Nov 21 (Reuters) - Belarus said on Thursday it would stay close to Moscow. Talks follow.\n\n' +
    'Friday, July 21, 2017\n\n(Reporting by Jane Doe; Editing by John Roe)';
  const sentences = splitSentences(article);

  it('recognises each line kind', () => {
    expect(sentences.map((s) => [s.kind, s.text])).toEqual([
      ['headline', 'Belarus says Russia is its key partner'],
      ['byline', 'By Jane Doe'],
      ['tagline', 'Belarus, Russia'],
      ['dateline', 'MINSK, Nov 21 (Reuters) -'],
      ['prose', 'Belarus said on Thursday it would stay close to Moscow.'],
      ['prose', 'Talks follow.'],
      ['dateline', 'Friday, July 21, 2017'],
      ['byline', '(Reporting by Jane Doe; Editing by John Roe)'],
    ]);
  });

  it('keeps offsets exact', () => {
    for (const s of sentences) expect(article.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not take a short prose paragraph for a headline', () => {
    expect(splitSentences('He agreed.').map((s) => s.kind)).toEqual(['prose']);
    expect(splitSentences('AP — The vote was close, officials said.').map((s) => s.kind)).toEqual([
      'dateline',
      'prose',
    ]);
  });
});

describe('splitSentences: bylines and datelines are not over-detected', () => {
  const kinds = (text: string) => splitSentences(text).map((s) => [s.kind, s.text]);

  it('takes "By <name>" as a byline but not "By Monday, …" or "By the end …"', () => {
    expect(
      kinds('By JANE DOE and John Roe, Reuters\n\nBy Monday, it was over.\n\nBy the end of it we left.'),
    ).toEqual([
      ['byline', 'By JANE DOE and John Roe, Reuters'],
      ['prose', 'By Monday, it was over.'],
      ['prose', 'By the end of it we left.'],
    ]);
  });

  it('needs an agency, a date or a long dash for a dateline', () => {
    expect(
      kinds(
        'FLINT, Mich., Oct. 4 (UPI) — Clinton spoke.\n\nNATO - the alliance - agreed.\n\nUS: China talks.',
      ),
    ).toEqual([
      ['dateline', 'FLINT, Mich., Oct. 4 (UPI) —'],
      ['prose', 'Clinton spoke.'],
      ['prose', 'NATO - the alliance - agreed.'],
      ['prose', 'US: China talks.'],
    ]);
  });

  it('separates a date line run into a headline or a lede, but not a date inside a sentence', () => {
    expect(
      kinds(
        'Team wins silver at robotics contest Friday, July 21, 2017\n\n' +
          'Evansville, Indiana, United States - This past week it opened.\n\n' +
          'Thursday, March 15, 2012 Wikinews interviewed him. He met us on Friday, July 21, 2017',
      ),
    ).toEqual([
      ['headline', 'Team wins silver at robotics contest'],
      ['dateline', 'Friday, July 21, 2017'],
      ['dateline', 'Evansville, Indiana, United States -'],
      ['prose', 'This past week it opened.'],
      ['dateline', 'Thursday, March 15, 2012'],
      ['prose', 'Wikinews interviewed him.'],
      ['prose', 'He met us on Friday, July 21, 2017'],
    ]);
  });

  it('takes a title-case first line before hard-wrapped text as a headline, not a wrapped lede', () => {
    const wrapped =
      'Minsk considers Russia to be a strategic partner, Belarusian President\n' +
      'Alexander Lukashenko stated at a news conference held on Thursday.';
    expect(kinds('Belarus Says Russia Is Its Key Strategic Partner in the Region\n' + wrapped)).toEqual([
      ['headline', 'Belarus Says Russia Is Its Key Strategic Partner in the Region'],
      ['prose', wrapped],
    ]);
    expect(kinds(wrapped)).toEqual([['prose', wrapped]]);
  });

  it('makes Markdown heading lines headlines of their own', () => {
    expect(kinds('# Belarus and Russia\nMinsk agreed. It did.\n## Details here.\nMore text.')).toEqual([
      ['headline', '# Belarus and Russia'],
      ['prose', 'Minsk agreed.'],
      ['prose', 'It did.'],
      ['headline', '## Details here.'],
      ['prose', 'More text.'],
    ]);
  });

  it('splits a picture credit off its caption', () => {
    expect(
      kinds('Teams met in Washington D.C. Image: United States Navy.\n\nThe contest ended. Photo: Reuters'),
    ).toEqual([
      ['prose', 'Teams met in Washington D.C.'],
      ['byline', 'Image: United States Navy.'],
      ['prose', 'The contest ended.'],
      ['byline', 'Photo: Reuters'],
    ]);
  });

  it('keeps "Roe v. Wade" and "Hank Williams Jr." right', () => {
    expect(kinds('Roe v. Wade stands. He met Hank Williams Jr. He sang.').map(([, t]) => t)).toEqual([
      'Roe v. Wade stands.',
      'He met Hank Williams Jr.',
      'He sang.',
    ]);
  });
});

describe('splitSentences on the example article', () => {
  const text = readFileSync(new URL('../../examples/belarus-russia-partners.txt', import.meta.url), 'utf8');
  const sentences = splitSentences(text);

  it('finds the tag line and splits quotes into sentences', () => {
    expect(sentences[1]).toMatchObject({ text: 'Belarus, Russia', kind: 'tagline', paragraphIndex: 1 });
    expect(sentences.filter((s) => s.kind !== 'prose')).toHaveLength(1);
    expect(sentences[2]!.text).toBe('“Russia has always been and remains our strategic partner and ally.');
    expect(sentences[3]!.text).toBe('Moreover, it’s also a fraternal state for us,” Lukashenko said.');
    expect(sentences.at(-1)!.text).toBe(
      '“We have not done anything good this year so far,” Lukashenko concluded.',
    );
  });

  it('covers all non-space text exactly once, in order', () => {
    let last = 0;
    for (const s of sentences) {
      expect(text.slice(last, s.start).trim()).toBe('');
      expect(text.slice(s.start, s.end)).toBe(s.text);
      last = s.end;
    }
    expect(text.slice(last).trim()).toBe('');
  });
});

// Speed itself (MB/s) is measured by the benchmarks (`npm run bench`), not by timed tests.
describe('splitSentences: time grows linearly with the input', () => {
  const para =
    'Mr. Smith said the U.S. economy grew 3.5% in 2024. “It was great,” he said... Then he left.\n\n';

  it('splits 1 MB of prose into the right sentences', () => {
    const copies = Math.ceil(1_000_000 / para.length);
    expect(splitSentences(para.repeat(copies))).toHaveLength(3 * copies);
  });

  it.each([
    ['ordinary prose', (n: number) => para.repeat(n), 1_000],
    ['a long run of spaces', (n: number) => 'Hello' + ' '.repeat(n) + 'world. Bye.', 200_000],
    ['many short lines', (n: number) => 'word\n'.repeat(n), 5_000],
    ['many blank-line paragraphs', (n: number) => 'A.' + '\n \n'.repeat(n) + 'B.', 100_000],
    ['a run of periods between letters', (n: number) => 'a.'.repeat(n), 10_000],
    ['a run of capitalised words without spaces', (n: number) => 'Ab.'.repeat(n), 10_000],
    ['a run of opening quotes', (n: number) => '“'.repeat(n), 100_000],
    ['inline list markers', (n: number) => '1. a. B. 2.) '.repeat(n), 2_000],
    [
      'periods inside brackets opened mid-sentence',
      (n: number) => 'It (Smith et al. 5 cf. '.repeat(n),
      2_000,
    ],
    ['e-mail-like runs', (n: number) => 'a@b.c.D'.repeat(n), 4_000],
    ['numero signs and line ends', (n: number) => 'N°. 5 ended.\nthen '.repeat(n), 2_000],
  ])('%s', (_name, make, n) => {
    const text = make(n);
    const sentences = splitSentences(text);
    expect(sentences.filter((s) => text.slice(s.start, s.end) !== s.text)).toEqual([]);
    expect(growthOnFourfoldInput(splitSentences, make, n)).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });
});
