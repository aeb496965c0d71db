// The attribution model's manifest: what it was trained on, how, and a hash of the code whose output it
// uses as features (the rules, the lexicon, the feature extractor). A test compares that hash with the
// code as it is: a rule change without retraining fails it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The sources whose output the tagger sees as features: the lexicon, the rule passes that label tokens
 * (direct quotes, reported speech and the rules they apply), quotation marks, the tokeniser and the
 * feature extractor with its hashing. Not hashed: what acts only after the tagger (model drafts, speaker
 * resolution, confidence), and sentence splitting (its changes move features only at sentence edges; retrain when it
 * changes much).
 */
export const FEATURE_SOURCES = [
  'shared/nlp/code-points.ts',
  'shared/nlp/lexicon/',
  'shared/nlp/ml/features.ts',
  'shared/nlp/ml/hash.ts',
  'shared/nlp/quotes/attribution-model.ts',
  'shared/nlp/quotes/attribution.ts',
  'shared/nlp/quotes/content.ts',
  'shared/nlp/quotes/cue-site.ts',
  'shared/nlp/quotes/direct.ts',
  'shared/nlp/quotes/draft.ts',
  'shared/nlp/quotes/marks.ts',
  'shared/nlp/quotes/phrases.ts',
  'shared/nlp/quotes/reported.ts',
  'shared/nlp/quotes/rule-drafts.ts',
  'shared/nlp/quotes/span-index.ts',
  'shared/nlp/quotes/tokens.ts',
  'shared/nlp/quotes/rules/according-to.ts',
  'shared/nlp/quotes/rules/inverted.ts',
  'shared/nlp/quotes/rules/quotation-marks.ts',
  'shared/nlp/quotes/rules/reported-speech.ts',
  'shared/nlp/quotes/rules/rule.ts',
  'shared/nlp/quotes/rules/speaker-before-cue.ts',
  'shared/nlp/quotes/rules/split-quotes.ts',
];

function sourceFiles(root: string): string[] {
  return FEATURE_SOURCES.flatMap((p) =>
    p.endsWith('/')
      ? readdirSync(join(root, p))
          .filter((f) => f.endsWith('.ts'))
          .map((f) => p + f)
      : [p],
  ).sort();
}

/** The code's tokens without comments and whitespace: formatting and comments do not change the hash. */
function canonical(source: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // Regular expressions and templates scan as '/' and '`' pieces; their text is kept as written.
    out.push(scanner.getTokenText());
  }
  return out.join(' ');
}

/** Hash of the feature sources (sha256 over each file's path and canonical code). */
export function featureSourcesHash(root = repoRoot): string {
  const h = createHash('sha256');
  for (const f of sourceFiles(root)) h.update(`${f}\n${canonical(readFileSync(join(root, f), 'utf8'))}\n`);
  return h.digest('hex');
}

export interface AttributionManifest {
  file: string;
  sha256: string;
  bytes: number;
  model: Record<string, unknown>;
  training: {
    data: string;
    documents: number;
    /** sha256 over the training files' names and contents. */
    dataSha256: string;
    command: string;
    options: Record<string, unknown>;
    seed: number;
    node: string;
  };
  features: { sourcesHash: string; sources: string[] };
  /** Measured when it was trained (token F1 per stage on the held-out tenth, when trained without it). */
  measured?: Record<string, unknown>;
}

export const manifestPathOf = (modelPath: string) => modelPath.replace(/\.bin$/, '.manifest.json');

export function writeManifest(
  modelPath: string,
  manifest: Omit<AttributionManifest, 'file' | 'sha256' | 'bytes' | 'features'>,
): void {
  const bytes = readFileSync(modelPath);
  const full: AttributionManifest = {
    file: relative(dirname(modelPath), modelPath),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    ...manifest,
    features: { sourcesHash: featureSourcesHash(), sources: FEATURE_SOURCES },
  };
  writeFileSync(manifestPathOf(modelPath), JSON.stringify(full, null, 2) + '\n');
}

export function readManifest(modelPath: string): AttributionManifest {
  return JSON.parse(readFileSync(manifestPathOf(modelPath), 'utf8')) as AttributionManifest;
}
