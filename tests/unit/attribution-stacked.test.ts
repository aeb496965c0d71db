import { describe, expect, it } from 'vitest';
import { FeatureSequence, featureHash, hashString } from '../../shared/nlp/ml/index.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import {
  ATTRIBUTION_LABELS,
  paragraphFeatures,
  stackedFeatures,
} from '../../shared/nlp/quotes/attribution-model.js';
import { tokenizeSpan } from '../../shared/nlp/quotes/tokens.js';

const text = 'The mayor said the bridge would reopen. Traffic was light.';
const toks = tokenizeSpan(text, 0, text.length);
const sentenceIds = Int32Array.from(toks, (t) => (t.start < 40 ? 0 : 1));
const base = FeatureSequence.from(toks.map((_, i) => [1000 + i, 2000 + i]));

// BIO tag indices over ATTRIBUTION_LABELS: 0 O, 1 B-Source, 2 I-Source, 3 B-Cue, 4 I-Cue, 5 B-Content, 6 I-Content.
const none = new Uint8Array(toks.length);
const tagged = Uint8Array.from([1, 2, 3, 5, 6, 6, 6, 6, 0, 0, 0, 0]);

describe('stacked attribution features', () => {
  it('keep every base feature of each token and add the first stage’s view of it', () => {
    expect(tagged.length).toBe(toks.length);
    const out = new FeatureSequence();
    stackedFeatures(base, toks, sentenceIds, tagged, out);
    expect(out.length).toBe(toks.length);
    for (let i = 0; i < toks.length; i++) {
      const feats = Array.from(out.token(i));
      expect(feats.slice(0, 2)).toEqual(Array.from(base.token(i)));
      expect(feats.length).toBeGreaterThan(2);
    }
  });

  it('depend on what the first stage predicted: same tokens, other tags, other features', () => {
    const a = new FeatureSequence();
    const b = new FeatureSequence();
    stackedFeatures(base, toks, sentenceIds, tagged, a);
    stackedFeatures(base, toks, sentenceIds, none, b);
    // "bridge" (token 4) lies in predicted content after a predicted cue in one case only.
    expect(Array.from(a.token(4))).not.toEqual(Array.from(b.token(4)));
    // The second sentence saw no prediction either way, but its first token's nearest-label context is the same.
    expect(Array.from(a.token(11))).toEqual(Array.from(b.token(11)));
  });

  it('ship as stages packed in one model over BIO tags of Source, Cue and Content', () => {
    const { tagger } = defaultModels().attribution;
    expect(tagger).not.toBeNull();
    expect(tagger!.stages).toBeGreaterThan(1);
    expect(tagger!.tags.filter((t) => t !== 'O').map((t) => t.slice(2))).toEqual(
      ATTRIBUTION_LABELS.flatMap((l) => [l, l]),
    );
  });
});

describe('paragraph features', () => {
  const featuresOf = (words: string) => {
    const toks = tokenizeSpan(words, 0, words.length);
    const seq = new FeatureSequence();
    paragraphFeatures(toks, new Int32Array(toks.length), new Uint8Array(words.length), [], seq);
    return (i: number) => Array.from(seq.token(i));
  };

  it('describe each word’s shape: classes of characters, runs cut to two, at most six', () => {
    // Template 9 is a token's ninth feature. Accented capitals are capitals; other marks stay as they are.
    const token = featuresOf('Émile paid €5,000.00 to UNICEF-Deutschland');
    const shapeOf = (i: number) => token(i)[8];
    expect(shapeOf(0)).toBe(featureHash(9, hashString('Xxx')));
    expect(shapeOf(2)).toBe(featureHash(9, hashString('€')));
    expect(shapeOf(3)).toBe(featureHash(9, hashString('d,dd.d')));
    expect(shapeOf(5)).toBe(featureHash(9, hashString('XX-Xxx')));
  });

  it('tell pronouns and capitalised words apart, accented capitals included', () => {
    // Template 22 (pronoun 1, capitalised 2, else 0; cue next) is the 22nd feature.
    const token = featuresOf('she met Émile and émile');
    const kindOf = (i: number) => token(i)[21];
    expect(kindOf(0)).toBe(featureHash(22, 1, 0));
    expect(kindOf(2)).toBe(featureHash(22, 2, 0));
    expect(kindOf(4)).toBe(featureHash(22, 0, 0));
  });
});
