// Trains the named-entity recogniser on CoNLL-2003 eng.train, keeping the epoch with the best eng.testa F1.
//   npm run train:ner -- --data ../shared/data/conll2003 [--out shared/nlp/models/ner.bin] [--epochs 12]
// Reads the corpus from the given path; writes only the model (weights + compiled gazetteers), never text.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { FeatureSequence } from '../shared/nlp/ml/features.js';
import { schemeConstraint, schemeTags, spansToTags, type TagScheme } from '../shared/nlp/ml/spans.js';
import { trainSequenceModel, type TrainingSequence } from '../shared/nlp/ml/train.js';
import { buildGazetteer } from './ner/build-gazetteer.js';
import { parseConll, SpanScorer, type ConllDocument } from './ner/conll.js';
import { buildDocContext } from '../shared/nlp/ner/doc-context.js';
import { sentenceFeatures } from '../shared/nlp/ner/features.js';
import { Gazetteer } from '../shared/nlp/ner/gazetteer.js';
import { linkWithGazetteer } from '../shared/nlp/ner/link.js';
import { recognizeWithTagger } from '../shared/nlp/ner/recognize.js';
import { NerTagger, type NerMeta } from '../shared/nlp/ner/tagger.js';
import { splitSentences } from '../shared/nlp/segment.js';
import { buildLexicon } from './ner/build-lexicon.js';
import { fitCalibration, logLoss, reliability, spanOutcomes, type SpanOutcome } from './ner/calibrate.js';
import { crossValidate } from './ner/cross-validate.js';
import { trainDocPass } from './ner/doc-pass-training.js';
import { writeManifest } from './ner/manifest.js';

const LABELS = ['PER', 'ORG', 'LOC', 'MISC'];

export function scoreTagger(tagger: NerTagger, docs: ConllDocument[]): Record<string, number> {
  const scorer = new SpanScorer();
  for (const doc of docs) {
    const predicted = tagger.tagDocument(doc.map((s) => s.words));
    doc.forEach((s, i) => scorer.add(s.spans, predicted[i]!));
  }
  return Object.fromEntries(
    Object.entries(scorer.scores()).map(([k, v]) => [k, Math.round(v.f1 * 100) / 100]),
  );
}

/** PASS when the sample article's required entities are found and no unexpected PERSON/ORG/LOC is. */
function sampleCheck(tagger: NerTagger, dir: string): string | null {
  const textPath = join(dir, 'belarus-russia-partners.txt');
  const goldPath = join(dir, 'belarus-russia-partners.gold.json');
  if (!existsSync(textPath) || !existsSync(goldPath)) return null;
  const text = readFileSync(textPath, 'utf8');
  const gold = (JSON.parse(readFileSync(goldPath, 'utf8')) as { entities: GoldEntity[] }).entities;
  const mentions = recognizeWithTagger(tagger, text, splitSentences(text));
  const entities = linkWithGazetteer(
    text,
    mentions,
    { publishedAt: null, statementIndexAt: () => 0 },
    tagger.gazetteer,
  );
  const key = (type: string, name: string): string => `${type}|${name.toLowerCase().replace(/s$/, '')}`;
  const names = new Set(entities.map((e) => `${e.type}|${e.name}`));
  const goldKeys = new Set(
    gold.flatMap((g) => [g.canonical, ...(g.aliases ?? [])].map((n) => key(g.type, n))),
  );
  const missing = gold.filter((g) => !g.optional && !names.has(`${g.type}|${g.canonical}`));
  const unexpected = entities.filter(
    (e) => ['PERSON', 'ORGANIZATION', 'LOCATION'].includes(e.type) && !goldKeys.has(key(e.type, e.name)),
  );
  return missing.length || unexpected.length
    ? `FAIL(${[...missing.map((g) => `-${g.canonical}`), ...unexpected.map((e) => `+${e.type} ${e.name}`)].join(', ')})`
    : 'PASS';
}

interface GoldEntity {
  type: string;
  canonical: string;
  aliases?: string[];
  optional?: boolean;
}

/**
 * Confidence calibration: fitted on the cross-validation folds' out-of-fold spans when there are some
 * (text the fold models never saw; the shipped model's settings were not tuned on train's scores), else
 * on dev; measured on dev and on the folds (reliability table, ECE).
 */
function calibrateConfidence(
  tagger: NerTagger,
  dev: ConllDocument[],
  outOfFold: SpanOutcome[] | null,
): NonNullable<NerMeta['calibration']> {
  const devOutcomes = spanOutcomes(tagger, dev);
  const { meanLogLoss, ...fitted } = fitCalibration(outOfFold ?? devOutcomes);
  const fittedOn = outOfFold ? 'eng.train, out-of-fold spans of the cross-validation' : 'eng.testa';
  const report = (name: string, data: SpanOutcome[]): { ece: number; logLoss: number } => {
    const { rows, ece } = reliability(data, fitted);
    console.log(`reliability on ${name} (${data.length} spans): ECE ${(100 * ece).toFixed(2)} %`);
    for (const r of rows)
      console.log(
        `  [${r.from.toFixed(2)}, ${r.to.toFixed(2)}) ${String(r.spans).padStart(6)} spans  confidence ${r.meanConfidence.toFixed(3)}  accuracy ${r.accuracy.toFixed(3)}`,
      );
    return { ece: Math.round(ece * 1e4) / 1e4, logLoss: Math.round(logLoss(data, fitted) * 1e4) / 1e4 };
  };
  console.log(
    `confidence calibration fitted on ${fittedOn}: ${JSON.stringify(fitted)}, log loss ${meanLogLoss.toFixed(3)}`,
  );
  return {
    ...fitted,
    fittedOn,
    dev: report('eng.testa', devOutcomes),
    ...(outOfFold ? { crossValidated: report('eng.train out-of-fold', outOfFold) } : {}),
  };
}

function main(): void {
  const program = new Command()
    .option('--data <dir>', 'folder with eng.train and eng.testa', '../shared/data/conll2003')
    .option(
      '--unlabelled <dir>',
      'unlabelled news text for word statistics (BBC corpus)',
      '../shared/data/bbc',
    )
    .option('--out <file>', 'model file', 'shared/nlp/models/ner.bin')
    .option('--epochs <n>', 'training epochs', '12')
    .option('--scheme <scheme>', 'BIO or BILOU', 'BIO')
    .option('--min-count <n>', 'drop features seen fewer times', '2')
    .option('--prune <w>', 'drop weight rows whose largest |w| is below this', '0')
    .option('--no-lexicon', 'skip word statistics from unlabelled text')
    .option('--seed <n>', 'shuffle seed', '2')
    .option(
      '--doc-pass',
      'also train the document-level second pass (stacking; off: it did not help, see the card)',
    )
    .option('--folds <n>', 'jackknife folds for the second pass', '4')
    .option('--doc-epochs <n>', 'second-pass training epochs', '8')
    .option('--doc-step <x>', 'second-pass perceptron step', '4')
    .option('--cv <k>', 'also report k-fold cross-validated F1 on eng.train (0 = skip)', '0')
    .option(
      '--sample <dir>',
      'folder with the sample article and its gold entities (checked each epoch)',
      '../shared/fixtures/articles',
    )
    .parse();
  const o = program.opts<{
    data: string;
    unlabelled: string;
    out: string;
    epochs: string;
    scheme: TagScheme;
    minCount: string;
    prune: string;
    lexicon: boolean;
    seed: string;
    sample: string;
    docPass: boolean;
    folds: string;
    docEpochs: string;
    docStep: string;
    cv: string;
  }>();
  const dataDir = resolve(o.data);
  for (const f of ['eng.train', 'eng.testa']) {
    if (!existsSync(join(dataDir, f))) {
      console.error(
        `CoNLL-2003 file ${join(dataDir, f)} not found: pass --data <dir with eng.train and eng.testa>`,
      );
      process.exit(2);
    }
  }
  const t0 = Date.now();
  const train = parseConll(readFileSync(join(dataDir, 'eng.train'), 'utf8'));
  const dev = parseConll(readFileSync(join(dataDir, 'eng.testa'), 'utf8'));
  const gazData = buildGazetteer();
  const gazetteer = new Gazetteer(gazData);
  let lexicon = null;
  if (o.lexicon) {
    if (existsSync(o.unlabelled)) lexicon = buildLexicon(o.unlabelled, train);
    else console.warn(`unlabelled corpus ${o.unlabelled} not found: training without word statistics`);
  }
  console.log(
    `read ${train.length} train / ${dev.length} dev documents, gazetteer + lexicon in ${Date.now() - t0} ms` +
      (lexicon
        ? ` (${lexicon.lexicon.capRatio.size} cap ratios, ${lexicon.lexicon.cluster.size} clustered words)`
        : ''),
  );

  const tags = schemeTags(LABELS, o.scheme);
  const seq = new FeatureSequence(256, 64);
  const byDoc: TrainingSequence[][] = train.map((doc) => {
    const ctx = buildDocContext(
      doc.map((s) => s.words),
      undefined,
      gazetteer,
    );
    return doc.map((s) => ({
      features: sentenceFeatures(s.words, seq, ctx, gazetteer, lexicon?.lexicon ?? null).clone(),
      tags: spansToTags(s.spans, s.words.length, o.scheme).map((t) => tags.indexOf(t)),
    }));
  });
  const data = byDoc.flat();
  console.log(`features for ${data.length} sentences in ${Date.now() - t0} ms`);

  const meta: NerMeta = {
    kind: 'ner',
    version: 1,
    scheme: o.scheme,
    gazetteer: gazData,
    capRatio: lexicon?.capRatio ?? null,
    cluster: lexicon?.cluster ?? null,
    trainedOn: 'CoNLL-2003 eng.train (tuned on eng.testa)',
    dev: null,
  };
  let bestDev: Record<string, number> | null = null;
  let bestScore = -Infinity;
  let bestEpoch = 0;
  // Dev F1 chooses the epoch; the sample article's check breaks near-ties (within 0.3 F1) only.
  const devScore = (tagger: NerTagger, label: string): { score: number; scores: Record<string, number> } => {
    const scores = scoreTagger(tagger, dev);
    const sample = sampleCheck(tagger, o.sample);
    console.log(
      `${label}: dev F1 ${JSON.stringify(scores)}; sample ${sample ?? 'n/a'} (${Date.now() - t0} ms)`,
    );
    return { score: scores.overall! + (sample === 'PASS' ? 0.3 : 0), scores };
  };
  const model = trainSequenceModel(data, {
    tags,
    epochs: Number(o.epochs),
    seed: Number(o.seed),
    minFeatureCount: Number(o.minCount),
    pruneBelow: Number(o.prune),
    allowedTransition: schemeConstraint(o.scheme),
    meta: meta as unknown as Record<string, unknown>,
    onEpoch: (epoch, m, errors) => {
      const { score, scores } = devScore(new NerTagger(m, null), `epoch ${epoch} (${errors} token errors)`);
      if (!bestDev || score > bestScore) {
        bestDev = scores;
        bestScore = score;
        bestEpoch = epoch;
      }
      return score;
    },
  });
  if (o.docPass) {
    let best: Record<string, number> | null = null;
    let bestDocScore = -Infinity;
    const docModel = trainDocPass(
      train,
      byDoc,
      model,
      (tagger) => {
        const { score, scores } = devScore(tagger, 'second pass');
        if (score > bestDocScore) [best, bestDocScore] = [scores, score];
        return score;
      },
      {
        tags,
        scheme: o.scheme,
        folds: Number(o.folds),
        firstPassEpochs: bestEpoch,
        epochs: Number(o.docEpochs),
        step: Number(o.docStep),
        seed: Number(o.seed),
        minCount: Number(o.minCount),
        allowedTransition: schemeConstraint(o.scheme),
        log: (line) => console.log(`${line} (${Date.now() - t0} ms)`),
      },
    );
    meta.docPass = docModel.toBuffer().toString('base64');
    meta.firstPassDev = bestDev;
    bestDev = best;
  }
  meta.dev = bestDev;
  let outOfFold: SpanOutcome[] | null = null;
  if (Number(o.cv) > 1) {
    const { scores: cv, outcomes } = crossValidate(
      train,
      byDoc,
      model,
      Number(o.cv),
      {
        tags,
        epochs: bestEpoch,
        seed: Number(o.seed),
        minFeatureCount: Number(o.minCount),
        allowedTransition: schemeConstraint(o.scheme),
      },
      (line) => console.log(`${line} (${Date.now() - t0} ms)`),
    );
    console.log(`cross-validated F1 on eng.train (${o.cv} folds, first pass): ${JSON.stringify(cv)}`);
    meta.crossValidated = cv;
    outOfFold = outcomes;
  }
  meta.calibration = calibrateConfidence(new NerTagger(model), dev, outOfFold);
  // Re-serialise with the dev numbers in the meta (weights unchanged).
  const buf = model.toBuffer();
  const withDev = Buffer.from(buf); // meta is the same object reference, already updated
  writeFileSync(o.out, withDev);
  writeManifest(o.out);
  console.log(
    `wrote ${o.out}: ${(withDev.length / 1024 / 1024).toFixed(2)} MB, ${model.featureCount} feature rows, best dev ${JSON.stringify(bestDev)}`,
  );
}

main();
