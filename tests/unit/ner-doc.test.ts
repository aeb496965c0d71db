// Document-level recognition: context cues gathered over the whole article, table-like lines, and the
// second pass that keeps one type per name in one article.
import { describe, expect, it } from 'vitest';
import { hashLower } from '../../shared/nlp/ml/hash.js';
import { Cue } from '../../shared/nlp/ner/cues.js';
import { buildDocContext, docCues } from '../../shared/nlp/ner/doc-context.js';
import { isFixtureLine, isTableLine, lowerHashesOf } from '../../shared/nlp/ner/features.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { buildTypeStats, kindsOfTags, namesOf } from '../../shared/nlp/ner/doc-pass.js';
import { linkEntities, recognizeEntities } from '../../shared/nlp/ner/index.js';
import { splitSentences } from '../../shared/nlp/segment.js';

const words = (s: string): string[] => s.split(' ');
const has = (bits: number, cue: Cue): boolean => ((bits >>> cue) & 1) === 1;

describe('document context cues', () => {
  it('credit every occurrence of a word with the cues seen around any of its capitalised runs', () => {
    const ctx = buildDocContext([
      words('Analysts bought shares of Pirelli on Friday .'),
      words('Mr Mugabe said Pirelli Inc. would pay .'),
      words('PIRELLI SHARES UP'),
    ]);
    const pirelli = docCues(ctx, hashLower('Pirelli'));
    expect(has(pirelli, Cue.OrgBefore)).toBe(true);
    expect(has(pirelli, Cue.OrgAfter)).toBe(true);
    expect(has(pirelli, Cue.PersonBefore)).toBe(false);
    expect(has(docCues(ctx, hashLower('Mugabe')), Cue.PersonBefore)).toBe(true);
    // Seen in running text too, so not a headline-only word; "UP" is only in the headline.
    expect(has(pirelli, Cue.HeadlineOnly)).toBe(false);
    expect(has(docCues(ctx, hashLower('up')), Cue.HeadlineOnly)).toBe(true);
  });

  it('mark names followed by scores on table-like lines', () => {
    expect(isTableLine(words('Leeds 2 Chelsea 1'))).toBe(true);
    expect(isTableLine(words('1. Jones ( U.S. ) 10.52'))).toBe(true);
    expect(isTableLine(words('Leeds won 2 - 1 against a tired Chelsea side on Saturday'))).toBe(false);
    const ctx = buildDocContext([words('Leeds 2 Chelsea 1'), words('Arsenal 0 Everton 0')]);
    expect(has(docCues(ctx, hashLower('Chelsea')), Cue.TableScore)).toBe(true);
  });

  it('tell a sentence with a couple of numbers from a table line, and find fixture lines', () => {
    expect(
      isTableLine(
        words('The September Bund future on the LIFFE was trading at 97.18 , down 0.20 from Thursday .'),
      ),
    ).toBe(false);
    expect(isFixtureLine(words('Toronto at New York'))).toBe(true);
    expect(isFixtureLine(words('NEW YORK AT CHICAGO'))).toBe(true);
    expect(isFixtureLine(words('Leeds v Chelsea 1500'))).toBe(true);
    expect(isFixtureLine(words('He arrived at Heathrow on Monday'))).toBe(false);
    expect(isFixtureLine(words('GOLF - LEADING SCORES AT GREATER MILWAUKEE OPEN .'))).toBe(false);
  });

  it('credit organisation heads, club words, "X of Name" and "X \'s Name" to the run', () => {
    const gaz = defaultModels().ner.gazetteer;
    const sentences = [
      words("Keith O'Neill of Norwich City joins Niall Quinn up front ."),
      words("Birmingham 's Gary Breen was selected ."),
      words('The acquisition of Boatmen Bancshares Inc. was approved .'),
    ];
    const ctx = buildDocContext(sentences, sentences.map(lowerHashesOf), gaz);
    expect(has(docCues(ctx, hashLower('Norwich')), Cue.MemberOf)).toBe(true);
    expect(has(docCues(ctx, hashLower('Norwich')), Cue.ClubName)).toBe(true);
    expect(has(docCues(ctx, hashLower('Birmingham')), Cue.PossessivePerson)).toBe(true);
    expect(has(docCues(ctx, hashLower('Boatmen')), Cue.OrgHead)).toBe(true);
    expect(has(docCues(ctx, hashLower('Boatmen')), Cue.OrgBefore)).toBe(true);
    expect(has(docCues(ctx, hashLower('Gary')), Cue.MemberOf)).toBe(false);
  });

  it('know a sports report from other news', () => {
    const sport = buildDocContext([
      words('SOCCER - MILAN BEAT TORINO .'),
      words('The striker scored two goals in the league match on Sunday .'),
    ]);
    const business = buildDocContext([
      words('Pirelli shares rose in Milan after the company raised its forecast for the season .'),
    ]);
    expect(sport.sport).toBe(true);
    expect(business.sport).toBe(false);
  });
});

describe('document-level recognition', () => {
  const { ner } = defaultModels();
  const entitiesOf = (text: string) =>
    linkEntities(ner, text, recognizeEntities(ner, text, splitSentences(text)), {
      publishedAt: null,
      statementIndexAt: () => 0,
    });

  it('keeps one type for a company named several times, with a type confidence', () => {
    const text =
      'Tyre and cables group Pirelli said on Friday its cables division would build a plant in China. ' +
      'Pirelli shares rose 2 percent in Milan. Analysts said Pirelli had chosen well.';
    const pirelli = entitiesOf(text).filter((e) => e.name === 'Pirelli');
    expect(pirelli).toHaveLength(1);
    expect(pirelli[0]!.type).toBe('ORGANIZATION');
    expect(pirelli[0]!.mentions).toHaveLength(3);
    expect(pirelli[0]!.confidence).toBeGreaterThan(0.5);
    expect(pirelli[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('reads teams on a results line as organisations', () => {
    const text = 'SOCCER - ENGLISH LEAGUE RESULTS\nLeeds 2 Chelsea 1\nArsenal 0 Everton 0';
    const types = new Map(entitiesOf(text).map((e) => [e.name, e.type]));
    for (const team of ['Leeds', 'Chelsea', 'Arsenal', 'Everton'])
      expect(types.get(team)).toBe('ORGANIZATION');
  });
});

describe('second-pass type statistics', () => {
  const tags = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];
  const kinds = kindsOfTags(tags, ['PER', 'ORG', 'LOC', 'MISC']);
  const begins = Uint8Array.from(tags, (t) => (t[0] === 'B' ? 1 : 0));
  const tagged = (sentence: string, labels: string[]) => ({
    words: sentence.split(' '),
    tags: Uint8Array.from(labels, (l) => tags.indexOf(l)),
  });

  it('count, per word and per name, how the first pass typed them across the article', () => {
    const sentences = [
      tagged('Pirelli said on Friday', ['B-PER', 'O', 'O', 'O']),
      tagged('shares of Pirelli Spa rose', ['O', 'O', 'B-ORG', 'I-ORG', 'O']),
      tagged('Pirelli rose', ['B-ORG', 'O']),
      tagged('Analysts liked Pirelli', ['O', 'O', 'O']),
    ];
    const lows = sentences.map((s) => lowerHashesOf(s.words));
    const first = sentences.map((s) => ({
      tags: s.tags,
      margins: new Uint8Array(s.tags.length),
      emit: new Float32Array(0),
    }));
    const stats = buildTypeStats(
      sentences.map((s) => s.words),
      lows,
      first,
      kinds,
      begins,
    );
    const row = (word: string) => stats.counts[stats.wordRow.get(lowerHashesOf([word])[0]!)]!;
    // Kinds: 0 = capitalised but untagged, 1 PER, 2 ORG, 3 LOC, 4 MISC.
    expect(Array.from(row('Pirelli'))).toEqual([1, 1, 2, 0, 0]);
    // Lowercase untagged words are not counted.
    expect(stats.wordRow.get(lowerHashesOf(['rose'])[0]!)).toBe(-1);
    const names = namesOf(lows[1]!, first[1]!.tags, kinds, begins);
    expect(Array.from(names.kind)).toEqual([0, 0, 2, 2, 0]);
    expect(names.hash[2]).toBe(names.hash[3]);
    expect(Array.from(stats.counts[stats.nameRow.get(names.hash[2]!)]!)).toEqual([0, 0, 1, 0, 0]);
  });
});
