/**
 * Generic sequence labelling: hashed features, structured averaged perceptron, Viterbi, compact model files.
 *
 * Build features (one FeatureSequence per sentence/sequence, reusable via reset()):
 *   const seq = new FeatureSequence();
 *   for (const tok of tokens) {
 *     seq.addString(TPL_WORD, tok);            // template id (small int) + hashed value, no string concat
 *     seq.addLower(TPL_LOWER, tok);
 *     seq.addFeature(TPL_PAIR, hashString(a), hashString(b)); // conjunctions of precomputed hashes
 *     seq.add(BIAS);                           // or any precomputed 32-bit non-zero hash
 *     seq.endToken();
 *   }
 * Train (reproducible for the same data, options and seed):
 *   const tags = schemeTags(['Source', 'Cue', 'Content'], 'BIO');        // ['O', 'B-Source', 'I-Source', ...]
 *   const model = trainSequenceModel(
 *     [{ features: seq.clone(), tags: spansToTags(spans, n, 'BIO').map((t) => tags.indexOf(t)) }, ...],
 *     { tags, epochs: 10, seed: 1, minFeatureCount: 2, allowedTransition: schemeConstraint('BIO'),
 *       meta: { version: 1 }, onEpoch: (epoch, m) => devF1(m) }); // best epoch kept when a score is returned
 * Save / load (int8 weights with one float scale per row, raw-deflated; loads in milliseconds):
 *   writeFileSync('shared/nlp/models/x.bin', model.toBuffer());
 *   const m = SequenceModel.fromBuffer(bytes);     // bytes read by the models adapter (shared/adapters/models/)
 * Predict:
 *   const tagIdx = m.predict(seq);            // Uint8Array of indices into m.tags
 *   const spans = tagsToSpans(m.predictTags(seq));   // [{ label, start, end }] in token indices
 *   m.emissions(seq)                          // raw per-token scores [i * m.tags.length + t], for confidences
 *   m.decode(emit, n); m.addScores(ids, a, b, out, off) // Viterbi on own scores; cache partial scores
 * HashTable: uint32 → int32 open-addressing map for hash-keyed lexicons (faster than Map for such keys).
 */
export { hashCodes, hashString, hashLower, mixHash, featureHash } from './hash.js';
export { FeatureSequence } from './features.js';
export { HashTable } from './hashtable.js';
export { SequenceModel, type ModelParts } from './model.js';
export { StagedModel } from './staged.js';
export { trainSequenceModel, type TrainingSequence, type TrainOptions } from './train.js';
export { viterbi } from './viterbi.js';
export {
  schemeTags,
  spansToTags,
  tagsToSpans,
  schemeConstraint,
  type LabelledSpan,
  type TagScheme,
} from './spans.js';
