import { describe, expect, it } from 'vitest';
import { transitionPlan, viterbi, viterbiPlanned } from '../../shared/nlp/ml/viterbi.js';
import {
  FeatureSequence,
  SequenceModel,
  StagedModel,
  featureHash,
  hashCodes,
  hashString,
  schemeConstraint,
  schemeTags,
  spansToTags,
  tagsToSpans,
  trainSequenceModel,
  type TrainingSequence,
} from '../../shared/nlp/ml/index.js';

// A toy labelling task: capitalised words form NAME spans, except the sentence's first word;
// "Bank" ends an ORG span. The model must learn from word shape and context, not memorise words.
const WORD = 1;
const CAP = 2;
const PREV = 3;
const FIRST = 4;
const BIAS = 5;

function features(words: string[]): FeatureSequence {
  const seq = new FeatureSequence();
  words.forEach((w, i) => {
    seq.add(BIAS);
    seq.addString(WORD, w);
    seq.addFeature(CAP, /^[A-Z]/.test(w) ? 1 : 2);
    seq.addString(PREV, words[i - 1] ?? '<s>');
    if (i === 0) seq.add(FIRST);
    seq.addFeature(CAP + 100, /^[A-Z]/.test(words[i + 1] ?? '') ? 1 : 2);
    seq.addString(WORD + 100, words[i + 1] ?? '</s>');
    seq.endToken();
  });
  return seq;
}

const NAMES = ['Anna', 'Boris', 'Clara', 'Dmitri', 'Elena', 'Fyodor', 'Galina', 'Hugo', 'Irina', 'Jan'];
const FILLER = ['said', 'met', 'called', 'saw', 'thanked'];

function example(rand: () => number): {
  words: string[];
  spans: { label: string; start: number; end: number }[];
} {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = ['Yesterday'];
  const spans: { label: string; start: number; end: number }[] = [];
  const parts = 1 + Math.floor(rand() * 3);
  for (let p = 0; p < parts; p++) {
    const start = words.length;
    if (rand() < 0.4) {
      words.push(pick(NAMES), 'Bank');
      spans.push({ label: 'ORG', start, end: start + 2 });
    } else {
      const len = 1 + Math.floor(rand() * 2);
      for (let k = 0; k < len; k++) words.push(pick(NAMES));
      spans.push({ label: 'NAME', start, end: start + len });
    }
    words.push(pick(FILLER), 'that');
  }
  return { words, spans };
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

describe('FeatureSequence', () => {
  it('adds the hash featureHash gives, with one value or two, over the whole 32-bit range', () => {
    const seq = new FeatureSequence(1, 1);
    const expected: number[] = [];
    let x = 0x12345678;
    const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const [t, a, b] = [next() % 64, next(), next()];
      if (i % 2) {
        seq.addFeature(t, a, b);
        expected.push(featureHash(t, a, b));
      } else {
        seq.addFeature(t, a);
        expected.push(featureHash(t, a));
      }
    }
    // Values that mix to 0 are stored as 1, as featureHash returns them.
    seq.addFeature(0, 0, 0);
    expected.push(featureHash(0, 0, 0));
    seq.endToken();
    expect(Array.from(seq.token(0))).toEqual(expected);
  });
});

describe('span/tag helpers', () => {
  it('round-trips spans through BIO and BILOU', () => {
    const spans = [
      { label: 'A', start: 0, end: 2 },
      { label: 'B', start: 2, end: 3 },
      { label: 'A', start: 4, end: 7 },
    ];
    for (const scheme of ['BIO', 'BILOU'] as const) {
      expect(tagsToSpans(spansToTags(spans, 8, scheme))).toEqual(spans);
    }
    expect(spansToTags(spans, 8, 'BILOU')).toEqual(['B-A', 'L-A', 'U-B', 'O', 'B-A', 'I-A', 'L-A', 'O']);
  });

  it('reads IOB1, where I- starts a span and B- only separates adjacent ones', () => {
    expect(tagsToSpans(['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC'])).toEqual([
      { label: 'PER', start: 0, end: 2 },
      { label: 'PER', start: 2, end: 3 },
      { label: 'LOC', start: 4, end: 5 },
    ]);
  });

  it('constrains transitions per scheme', () => {
    const bio = schemeConstraint('BIO');
    expect(bio(null, 'I-A')).toBe(false);
    expect(bio('O', 'I-A')).toBe(false);
    expect(bio('B-A', 'I-A')).toBe(true);
    expect(bio('B-A', 'I-B')).toBe(false);
    expect(bio('B-A', 'O')).toBe(true);
    const bilou = schemeConstraint('BILOU');
    expect(bilou('B-A', 'O')).toBe(false);
    expect(bilou('B-A', 'L-A')).toBe(true);
    expect(bilou('L-A', 'U-B')).toBe(true);
    expect(bilou('U-A', 'L-A')).toBe(false);
  });
});

describe('averaged perceptron sequence model', () => {
  const tags = schemeTags(['NAME', 'ORG'], 'BILOU');
  const rand = lcg(7);
  const toTraining = (n: number): TrainingSequence[] =>
    Array.from({ length: n }, () => {
      const { words, spans } = example(rand);
      return {
        features: features(words).clone(),
        tags: spansToTags(spans, words.length, 'BILOU').map((t) => tags.indexOf(t)),
      };
    });
  const train = toTraining(300);
  const opts = {
    tags,
    epochs: 5,
    seed: 3,
    allowedTransition: schemeConstraint('BILOU'),
    meta: { toy: true },
  };
  const model = trainSequenceModel(train, opts);

  it('learns spans it can generalise to unseen sentences', () => {
    const testRand = lcg(99);
    let correct = 0;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const { words, spans } = example(testRand);
      const got = tagsToSpans(model.predictTags(features(words)));
      total += spans.length;
      correct += spans.filter((s) =>
        got.some((g) => g.label === s.label && g.start === s.start && g.end === s.end),
      ).length;
    }
    expect(correct / total).toBeGreaterThan(0.97);
  });

  it('never predicts a transition the constraint forbids', () => {
    const allowed = schemeConstraint('BILOU');
    const seqTags = model.predictTags(features(['the', 'Bank', 'Anna', 'met', 'Bank']));
    seqTags.forEach((t, i) => expect(allowed(i === 0 ? null : seqTags[i - 1]!, t)).toBe(true));
  });

  it('serialises compactly and loads back with identical predictions and meta', () => {
    const buf = model.toBuffer();
    const loaded = SequenceModel.fromBuffer(buf);
    expect(loaded.tags).toEqual(tags);
    expect(loaded.meta).toEqual({ toy: true });
    expect(loaded.featureCount).toBe(model.featureCount);
    const seq = features(['Yesterday', 'Clara', 'Hugo', 'said', 'that', 'Jan', 'Bank', 'met', 'that']);
    expect(Array.from(loaded.predict(seq))).toEqual(Array.from(model.predict(seq)));
    expect(Array.from(loaded.emissions(seq))).toEqual(Array.from(model.emissions(seq)));
    expect(() => SequenceModel.fromBuffer(Buffer.from('nope'))).toThrow(/magic/);
  });

  it('decodes given emission scores, from the start or after a given tag', () => {
    const seq = features(['Yesterday', 'Clara', 'Hugo', 'said', 'that']);
    const emit = Float32Array.from(model.emissions(seq));
    expect(Array.from(model.decode(emit, seq.length))).toEqual(Array.from(model.predict(seq)));
    const iName = tags.indexOf('I-NAME');
    expect(model.transition(-1, iName)).toBe(-Infinity);
    expect(model.transition(tags.indexOf('B-NAME'), iName)).toBeGreaterThan(-Infinity);
    // After an open B-NAME, the first token can continue the span; from the start it cannot.
    const tail = emit.subarray(tags.length * 2);
    const fromStart = model.decode(tail, 3);
    expect(tags[fromStart[0]!]).not.toBe('I-NAME');
    const afterB = model.decode(tail, 3, new Uint8Array(3), tags.indexOf('B-NAME'));
    expect(['I-NAME', 'L-NAME']).toContain(tags[afterB[0]!]);
  });

  it('is reproducible: same data and seed give the same bytes', () => {
    expect(trainSequenceModel(train, opts).toBuffer().equals(model.toBuffer())).toBe(true);
  });

  it('prunes features below a minimum count', () => {
    const pruned = trainSequenceModel(train, { ...opts, minFeatureCount: 1000 });
    expect(pruned.featureCount).toBeLessThan(model.featureCount);
  });

  it('hashes strings in place consistently with slices', () => {
    expect(hashString('xxAnnayy', 2, 6)).toBe(hashString('Anna'));
    expect(hashString('')).not.toBe(0);
  });

  it('hashes code units as hashString hashes the string they spell', () => {
    const codes = Uint16Array.from('Xxd.', (c) => c.charCodeAt(0));
    expect(hashCodes(codes, 4)).toBe(hashString('Xxd.'));
    expect(hashCodes(codes, 2)).toBe(hashString('Xx'));
    expect(hashCodes(codes, 0)).toBe(hashString(''));
  });
});

describe('StagedModel', () => {
  const rand = lcg(11);
  const tags = schemeTags(['NAME', 'ORG'], 'BIO');
  const data: TrainingSequence[] = Array.from({ length: 150 }, () => {
    const { words, spans } = example(rand);
    return {
      features: features(words),
      tags: spansToTags(spans, words.length, 'BIO').map((t) => tags.indexOf(t)),
    };
  });
  const first = trainSequenceModel(data, {
    tags,
    epochs: 4,
    seed: 3,
    allowedTransition: schemeConstraint('BIO'),
  });
  // A second stage that sees the first stage's tag of each token as one more feature.
  const stackedOnly = (seq: FeatureSequence, prior: Uint8Array) =>
    FeatureSequence.from(Array.from(prior, (t) => [hashString(`prior=${t}`)]));
  const merged = (seq: FeatureSequence, prior: Uint8Array) =>
    FeatureSequence.from(Array.from(prior, (t, i) => [...seq.token(i), hashString(`prior=${t}`)]));
  const second = trainSequenceModel(
    data.map((d) => ({ features: merged(d.features, first.predict(d.features)), tags: d.tags })),
    { tags, epochs: 4, seed: 3, allowedTransition: schemeConstraint('BIO') },
  );

  const tagWithStages = (m: StagedModel, seq: FeatureSequence): Uint8Array => {
    const n = seq.length;
    const emit = new Float32Array(m.stages * n * tags.length);
    m.sharedEmissions(seq, emit);
    let out = m.decode(0, emit.subarray(0, n * tags.length), n);
    for (let s = 1; s < m.stages; s++) {
      m.addStageFeatures(s, stackedOnly(seq, out), emit);
      out = m.decode(s, emit.subarray(s * n * tags.length, (s + 1) * n * tags.length), n);
    }
    return out;
  };

  it('tags exactly as its stages run one after the other', () => {
    const packed = StagedModel.fromModels([first, second]);
    expect(packed.stages).toBe(2);
    for (const d of data.slice(0, 40)) {
      const expected = second.predict(merged(d.features, first.predict(d.features)));
      expect(Array.from(tagWithStages(packed, d.features))).toEqual(Array.from(expected));
    }
  });

  it('scores each stage to the bit as its own model does, over any number of tags', () => {
    // Seven tags (BIO over three labels) take a path of their own in the packed scorer.
    const tags7 = schemeTags(['NAME', 'ORG', 'DATE'], 'BIO');
    const data7 = data.map((d) => ({
      features: d.features,
      tags: Array.from(d.tags, (t) => tags7.indexOf(tags[t]!)),
    }));
    for (const [tagSet, set] of [
      [tags, data],
      [tags7, data7],
    ] as const) {
      const stages = [1, 2].map((seed) =>
        trainSequenceModel(set, {
          tags: [...tagSet],
          epochs: 2,
          seed,
          allowedTransition: schemeConstraint('BIO'),
        }),
      );
      const packed = StagedModel.fromModels(stages);
      const T = tagSet.length;
      for (const d of set.slice(0, 20)) {
        const n = d.features.length;
        const emit = new Float32Array(2 * n * T);
        packed.sharedEmissions(d.features, emit);
        stages.forEach((m, s) =>
          expect(Array.from(emit.subarray(s * n * T, (s + 1) * n * T))).toEqual(
            Array.from(m.emissions(d.features)),
          ),
        );
        // A stage's own features add onto what is there, as the stage's model adds them.
        const own = FeatureSequence.from(
          Array.from({ length: n }, (_, i) => [hashString(`w${i % 3}`), BIAS]),
        );
        packed.addStageFeatures(1, own, emit);
        const expected = Float32Array.from(stages[1]!.emissions(d.features));
        for (let i = 0; i < n; i++)
          stages[1]!.addScores(own.ids, own.offsets[i]!, own.offsets[i + 1]!, expected, i * T);
        expect(Array.from(emit.subarray(n * T, 2 * n * T))).toEqual(Array.from(expected));
      }
    }
  });

  it('survives its file form and keeps the stages asked for', () => {
    const packed = StagedModel.fromModels([first, second]);
    const back = StagedModel.fromBuffer(packed.toBuffer());
    expect(back.rowCount).toBe(packed.rowCount);
    expect(back.tags).toEqual(packed.tags);
    // Row scales are stored as bfloat16: the tags stay the same on this task.
    for (const d of data.slice(0, 40))
      expect(Array.from(tagWithStages(back, d.features))).toEqual(
        Array.from(tagWithStages(packed, d.features)),
      );
    const one = back.firstStages(1);
    expect(one.stages).toBe(1);
    expect(Array.from(tagWithStages(one, data[0]!.features))).toEqual(
      Array.from(first.predict(data[0]!.features)),
    );
  });

  it('reads back keys across the whole 32-bit range (deltas of five varint bytes)', () => {
    const keys = Uint32Array.of(1, 0x7f, 0x80, 0x3fff, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff);
    const T = 2;
    const weights = Float32Array.from({ length: keys.length * T }, (_, i) => ((i % 7) - 3) / 4 || 0.5);
    const model = SequenceModel.fromParts({
      tags: ['A', 'B'],
      keys,
      weights,
      transitions: new Float32Array((T + 1) * T),
    });
    const back = StagedModel.fromBuffer(StagedModel.fromModels([model]).toBuffer());
    expect(back.rowCount).toBe(keys.length);
    const seq = FeatureSequence.from(Array.from(keys, (k) => [k]));
    const emit = new Float32Array(keys.length * T);
    back.sharedEmissions(seq, emit);
    // Every key is found (each row has a non-zero weight), and no other key is.
    for (let i = 0; i < keys.length; i++) expect(emit[i * T]! !== 0 || emit[i * T + 1]! !== 0).toBe(true);
    const absent = new Float32Array(T);
    back.sharedEmissions(FeatureSequence.from([[0x7ffffffe]]), absent);
    expect(Array.from(absent)).toEqual([0, 0]);
  });

  it('keeps the strongest rows when pruned', () => {
    const small = first.pruned(10);
    expect(small.featureCount).toBe(10);
    expect(first.pruned(first.featureCount)).toBe(first);
  });
});

describe('viterbi', () => {
  // Small deterministic pseudo-random scores, so every best path is checked against all paths.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
  const T = 3;
  const n = 5;

  /** The best path by trying every path (first one wins a tie, as Viterbi's strict comparison does). */
  function bruteForce(emit: Float32Array, trans: Float32Array, startRow: number): number[] {
    let best = -Infinity;
    let bestPath: number[] = [];
    for (let code = 0; code < T ** n; code++) {
      const path = Array.from({ length: n }, (_, i) => Math.floor(code / T ** (n - 1 - i)) % T);
      let score = emit[path[0]!]! + trans[startRow * T + path[0]!]!;
      for (let i = 1; i < n; i++)
        score += trans[(path[i - 1]! + 1) * T + path[i]!]! + emit[i * T + path[i]!]!;
      if (score > best) {
        best = score;
        bestPath = path;
      }
    }
    return bestPath;
  }

  it('finds the best path the transitions allow, from the start or after a given tag', () => {
    for (let round = 0; round < 20; round++) {
      const emit = Float32Array.from({ length: n * T }, rand);
      const trans = Float32Array.from({ length: (T + 1) * T }, rand);
      trans[(2 + 1) * T + 0] = -Infinity; // tag 2 never precedes tag 0
      const preds = Array.from({ length: T }, (_, t) =>
        Uint8Array.from([0, 1, 2].filter((p) => Number.isFinite(trans[(p + 1) * T + t]!))),
      );
      for (const startRow of [0, 2]) {
        const expected = bruteForce(emit, trans, startRow);
        expect(Array.from(viterbi(emit, n, T, trans, undefined, undefined, preds, startRow))).toEqual(
          expected,
        );
        expect(Array.from(viterbi(emit, n, T, trans, undefined, undefined, undefined, startRow))).toEqual(
          expected,
        );
        const plan = transitionPlan(trans, T, preds);
        expect(Array.from(viterbiPlanned(emit, n, plan, new Uint8Array(n), undefined, startRow))).toEqual(
          expected,
        );
      }
    }
  });

  it('keeps only the allowed previous tags in a plan', () => {
    const trans = new Float32Array((T + 1) * T);
    trans[(1 + 1) * T + 2] = -Infinity;
    const plan = transitionPlan(trans, T, [
      Uint8Array.of(0, 1, 2),
      Uint8Array.of(0, 1, 2),
      Uint8Array.of(0, 2),
    ]);
    expect(Array.from(plan.prev.subarray(plan.from[2], plan.from[3]))).toEqual([0, 2]);
    expect(Array.from(viterbiPlanned(new Float32Array(0), 0, plan))).toEqual([]);
  });
});
