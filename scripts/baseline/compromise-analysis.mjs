// The baseline the benchmarks compare the pipeline with: compromise (the most used JavaScript NLP
// library) doing the same job in its own terms on the same text — sentences (our statements),
// quotations, and people, places and organisations. It does far less (no speakers, no cues, no
// indirect quotes, no linking), which is the point of the comparison: the pipeline should still be
// many times faster. Plain JavaScript so that the baseline CLI starts like any node script.
import nlp from 'compromise';

/** compromise's analysis of one article: what a compromise-based pipeline would store. */
export function compromiseAnalysis(text) {
  const doc = nlp(text);
  return {
    statements: doc.sentences().out('array'),
    quotes: doc.quotations().out('array'),
    entities: {
      people: doc.people().out('array'),
      places: doc.places().out('array'),
      organizations: doc.organizations().out('array'),
    },
  };
}
