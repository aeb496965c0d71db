import { defaultModels } from '../../shared/adapters/models/index.js';
import { firstNameGender, linkEntities, recognizeEntities } from '../../shared/nlp/ner/index.js';
import { extractQuotes, findQuotationsDetailed } from '../../shared/nlp/quotes/index.js';
import { splitParagraphs, splitSentences } from '../../shared/nlp/segment.js';
import { buildStatements } from '../../shared/nlp/statements.js';
import type { Entity, Statement } from '../../shared/domain/schema.js';

/**
 * Quotes of a text as the pipeline finds them, with the given entities (tests' own, not the NER's);
 * `useModel: false` isolates the rules from the attribution tagger.
 */
export function quotesOf(text: string, entities: Entity[] = [], useModel = true, trace?: Set<string>) {
  const sentences = splitSentences(text);
  const quotations = findQuotationsDetailed(text, splitParagraphs(text));
  const statements: Statement[] = buildStatements(text, sentences, quotations).map((s, index) => ({
    id: `s${index}`,
    index,
    start: s.start,
    end: s.end,
    text: s.text,
  }));
  const { ner, attribution } = defaultModels();
  return extractQuotes({
    text,
    sentences,
    statements,
    entities,
    quotations,
    models: {
      attribution: useModel ? attribution : { tagger: null },
      firstNameGender: (name) => firstNameGender(ner, name),
      isPlace: (name) => ner.gazetteer?.isPlace(name) ?? false,
    },
    trace,
  });
}

/** The entities the pipeline's NER finds in a text (for examples about what the resolver knows of names). */
export function nerEntities(text: string): Entity[] {
  const { ner } = defaultModels();
  const sentences = splitSentences(text);
  return linkEntities(ner, text, recognizeEntities(ner, text, sentences), {
    publishedAt: null,
    statementIndexAt: () => 0,
  }).map((e, i) => ({ ...e, id: `e${i}` }));
}
