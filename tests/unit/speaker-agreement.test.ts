// Pronoun agreement and speaker phrases, end to end through the speaker resolver (rules/pronoun-agreement.ts,
// rules/speaker-phrase.ts): with the entities given here, not the NER's.
import { describe, expect, it } from 'vitest';
import type { Entity, EntityType } from '../../shared/domain/schema.js';
import { SpeakerResolver } from '../../shared/nlp/quotes/speakers.js';
import { trimSpeakerPhrase } from '../../shared/nlp/quotes/rules/speaker-phrase.js';

/** An entity of every written occurrence of its name. */
function entity(text: string, id: string, type: EntityType, name: string): Entity {
  const mentions = [...text.matchAll(new RegExp(name, 'g'))].map((m) => ({
    text: name,
    start: m.index,
    end: m.index + name.length,
    statementIndex: 0,
  }));
  return { id, type, name, aliases: [], mentions };
}

/** The name a mention resolves to, the mention found at its nth occurrence. */
function resolveAt(resolver: SpeakerResolver, text: string, mention: string, nth = 0): string | null {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(mention, at + 1);
  return resolver.resolve(at, at + mention.length).name;
}

describe('pronoun agreement', () => {
  it('does not take a place for he, and takes the person before it', () => {
    const text = 'Alex Brown spoke in Dorset. Dorset was quiet. He said the roads were closed.';
    const resolver = new SpeakerResolver(
      text,
      [
        entity(text, 'e0', 'PERSON', 'Alex Brown'),
        entity(text, 'e1', 'LOCATION', 'Dorset'),
        entity(text, 'e2', 'PERSON', 'Dorset'),
      ],
      [],
    );
    expect(resolveAt(resolver, text, 'He')).toBe('Alex Brown');
  });

  it('takes an organisation for it, not the agency it told', () => {
    const text = 'Nasa told the Reuters news agency the launch was off. It said the weather was bad.';
    const resolver = new SpeakerResolver(
      text,
      [entity(text, 'e0', 'ORGANIZATION', 'Nasa'), entity(text, 'e1', 'ORGANIZATION', 'Reuters')],
      [],
    );
    expect(resolveAt(resolver, text, 'It')).toBe('Nasa');
  });

  it('leaves they unnamed after a group that spoke, rather than an older organisation', () => {
    const text = 'Acme Corp raised prices. Critics said that was unfair. They said buyers would suffer.';
    const resolver = new SpeakerResolver(text, [entity(text, 'e0', 'ORGANIZATION', 'Acme Corp')], []);
    expect(resolveAt(resolver, text, 'Critics')).toBeNull();
    expect(resolveAt(resolver, text, 'They')).toBeNull();
  });

  it('takes a plural name for they and not for he', () => {
    const text =
      'A Republican spoke. Republicans said the bill would pass. They said it was good. He agreed.';
    const resolver = new SpeakerResolver(text, [entity(text, 'e0', 'PERSON', 'Republicans')], []);
    expect(resolveAt(resolver, text, 'They')).toBe('Republicans');
    expect(resolveAt(resolver, text, 'He')).toBeNull();
  });

  it('takes a plural name for they when the text writes its singular as a word of its own', () => {
    const group = (text: string, name: string) => {
      const resolver = new SpeakerResolver(text, [entity(text, 'e0', 'PERSON', name)], []);
      return [resolveAt(resolver, text, 'They'), resolveAt(resolver, text, 'He')];
    };
    const says = (singular: string, plural: string) =>
      `${singular} spoke. ${plural} said the bill would pass. They said it was good. He agreed.`;
    // Letters alone (looked up among the text's words), and with a hyphen (a regex over the text).
    expect(group(says('A Bircher', 'Birchers'), 'Birchers')).toEqual(['Birchers', null]);
    expect(group(says('A Tea-Partier', 'Tea-Partiers'), 'Tea-Partiers')).toEqual(['Tea-Partiers', null]);
    // The singular only inside a longer word is not written as a word: no group, so he may be them.
    expect(group(says('Bircherville', 'Birchers'), 'Birchers')).toEqual([null, 'Birchers']);
    expect(group(says('Tea-Partierville', 'Tea-Partiers'), 'Tea-Partiers')).toEqual([null, 'Tea-Partiers']);
  });

  it('makes a title over an organisation a description, not the name "of …"', () => {
    const text = 'Mike Prettejohn, president of Netcraft, said costs were cut.';
    const resolver = new SpeakerResolver(text, [], []);
    const at = text.indexOf('president');
    const speaker = resolver.resolve(at, at + 'president of Netcraft'.length);
    expect(speaker.mention).toBe('president of Netcraft');
    expect(speaker.resolution).not.toBe('name');
  });
});

describe('speaker phrases', () => {
  const trim = (text: string, phrase: string) => {
    const at = text.indexOf(phrase);
    const span = trimSpeakerPhrase(text, { start: at, end: at + phrase.length });
    return span && text.slice(span.start, span.end);
  };

  it('trims a phrase to the speaker in it, or finds none', () => {
    expect(trim('Dr Fox accused Mr Blair of lying.', 'Dr Fox accused Mr Blair')).toBe('Dr Fox');
    expect(trim('He didn’t say so.', 'He didn’t')).toBe('He');
    expect(trim('News of the deal follows.', 'News of the')).toBe('News');
    expect(trim('The meeting agreed to act.', 'The meeting')).toBeNull();
    expect(trim('There was no doubt.', 'There')).toBeNull();
    expect(trim('Mike Prettejohn said so.', 'Mike Prettejohn')).toBe('Mike Prettejohn');
  });
});
