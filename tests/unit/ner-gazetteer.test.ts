// What the compiled gazetteers say about names that used to be mistyped on BBC business and technology
// news: companies listed among places (ISO country codes) or hidden in a noisy organisation class.
import { describe, expect, it } from 'vitest';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { GAZ_CLASSES } from '../../shared/nlp/ner/gazetteer.js';
import { recognizeEntities } from '../../shared/nlp/ner/index.js';
import { splitSentences } from '../../shared/nlp/segment.js';
import { isForeignCode } from '../../scripts/ner/build-gazetteer.js';

const { ner } = defaultModels();
const gaz = ner.gazetteer!;
const classes = (name: string): string[] => GAZ_CLASSES.filter((_, b) => gaz.classesOf(name) & (1 << b));

describe('gazetteer contents', () => {
  it('lists a country code as a country only when it abbreviates the name', () => {
    const bhutan = {
      cca2: 'BT',
      cca3: 'BTN',
      cioc: 'BHU',
      name: { common: 'Bhutan', official: 'Kingdom of Bhutan' },
    };
    const us = {
      cca2: 'US',
      cca3: 'USA',
      cioc: 'USA',
      name: { common: 'United States', official: 'United States of America' },
    };
    expect(isForeignCode('BT', bhutan)).toBe(true);
    expect(isForeignCode('BTN', bhutan)).toBe(true);
    expect(isForeignCode('Kingdom of Bhutan', bhutan)).toBe(false);
    expect(isForeignCode('US', us)).toBe(false);
    expect(isForeignCode('USA', us)).toBe(false);
    for (const code of ['BT', 'GM', 'TV', 'CD', 'ID', 'IT']) expect(classes(code)).not.toContain('country');
    for (const name of ['US', 'USA', 'UK', 'NZ', 'Bhutan']) expect(classes(name)).toContain('country');
  });

  it('keeps company names apart from the word list of company-name fragments', () => {
    for (const name of ['Sony', 'Google', 'Nokia', 'Vodafone'])
      expect(classes(name)).toContain('organisation');
    // @cspell/dict-companies splits names into words: places and first names are among them.
    for (const word of ['Australia', 'London', 'Peter', 'The']) {
      expect(classes(word)).not.toContain('organisation');
      expect(classes(word)).toContain('companyword');
    }
  });
});

describe('companies unseen in training', () => {
  const typeOf = (text: string, name: string) =>
    recognizeEntities(ner, text, splitSentences(text)).find((m) => m.text === name)?.type;

  it('types a listed company as an organisation without other evidence', () => {
    expect(typeOf('Sony and Honda have both built robots to show off their engineering.', 'Sony')).toBe(
      'ORGANIZATION',
    );
    expect(typeOf('Sony , IBM and Toshiba will unveil the chip at a conference.', 'Sony')).toBe(
      'ORGANIZATION',
    );
  });

  it('does not take a company written like a country code for the country', () => {
    expect(typeOf('BT is offering customers free internet telephone calls.', 'BT')).toBe('ORGANIZATION');
    expect(typeOf('GM said its European sales fell in the third quarter.', 'GM')).toBe('ORGANIZATION');
  });
});
