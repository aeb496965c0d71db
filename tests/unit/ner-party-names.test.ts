// A span the tagger calls a person but made only of party words is a party or its adjective.
import { describe, expect, it } from 'vitest';
import { partyNameType } from '../../shared/nlp/ner/recognize.js';

describe("party words are no one's name", () => {
  it('types a party by its name as an organisation', () => {
    expect(partyNameType('Lib Dems')).toBe('ORGANIZATION');
    expect(partyNameType('Tories')).toBe('ORGANIZATION');
    expect(partyNameType('Labour')).toBe('ORGANIZATION');
  });

  it('types the party used as an adjective as MISC ("Tory leader", "Lib Dem spokesman")', () => {
    expect(partyNameType('Tory')).toBe('MISC');
    expect(partyNameType('Lib Dem')).toBe('MISC');
  });

  it('leaves names alone, "Green" included (a surname as often as a party)', () => {
    expect(partyNameType('Michael Howard')).toBeNull();
    expect(partyNameType('Green')).toBeNull();
    expect(partyNameType('Labour Howard')).toBeNull();
  });
});
