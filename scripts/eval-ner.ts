// Entity recognition quality: CoNLL-2003 testa (exact span and type, PER/ORG/LOC/MISC, per type and overall)
// and the sample article's gold entities (type + canonical name, no unexpected PERSON/ORGANIZATION/LOCATION).
//   npx tsx scripts/eval-ner.ts [--shared ../shared]      (also part of `npm run eval`)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conllText, parseConll, SpanScorer, type TypeScore } from './ner/conll.js';
import type { LabelledSpan } from '../shared/nlp/ml/spans.js';
import { recognizeWithTagger } from '../shared/nlp/ner/recognize.js';
import type { Sentence } from '../shared/nlp/segment.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { analyzeArticle } from '../shared/nlp/pipeline.js';
import type { EntityType } from '../shared/domain/schema.js';
import { sharedDir } from './shared-dir.js';

interface GoldEntity {
  type: EntityType;
  canonical: string;
  aliases?: string[];
  optional?: boolean;
}

export interface NerEval {
  conll: Record<string, TypeScore> | null;
  /** testa through the pipeline's recogniser (the tagger plus its typing rules, as `process` returns). */
  conllPipeline: Record<string, TypeScore> | null;
  sample: {
    found: number;
    required: number;
    missing: string[];
    unexpected: string[];
    pass: boolean;
  } | null;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

export function evalConll(testaPath: string): Record<string, TypeScore> {
  const tagger = defaultModels().ner;
  const scorer = new SpanScorer();
  for (const doc of parseConll(readFileSync(testaPath, 'utf8'))) {
    const predicted = tagger.tagDocument(doc.map((s) => s.words));
    doc.forEach((s, i) => scorer.add(s.spans, predicted[i]!));
  }
  return scorer.scores();
}

const CONLL_LABEL: Partial<Record<EntityType, string>> = {
  PERSON: 'PER',
  ORGANIZATION: 'ORG',
  LOCATION: 'LOC',
  MISC: 'MISC',
  NATIONALITY: 'MISC',
};

/**
 * testa as the pipeline sees it: each document's tokens joined by spaces, one sentence a line, through
 * recognizeWithTagger (titles trimmed, hyphenated places split, party and company names retyped); the
 * mentions mapped back to the tokens they cover and scored like the tagger's own spans. DATE is not a
 * CoNLL type and is left out.
 */
export function evalConllPipeline(testaPath: string): Record<string, TypeScore> {
  const tagger = defaultModels().ner;
  const scorer = new SpanScorer();
  for (const doc of parseConll(readFileSync(testaPath, 'utf8'))) {
    const { text, sentences: spans } = conllText(doc, '\n');
    const starts = spans.map((s) => s.tokenStarts);
    const sentences: Sentence[] = spans.map(({ start, end }, i) => ({
      text: text.slice(start, end),
      start,
      end,
      paragraphIndex: i,
      kind: 'prose',
    }));
    const predicted: LabelledSpan[][] = doc.map(() => []);
    for (const m of recognizeWithTagger(tagger, text, sentences)) {
      const label = CONLL_LABEL[m.type];
      const i = sentences.findIndex((s) => s.start <= m.start && m.start < s.end);
      if (!label || i < 0) continue;
      const from = starts[i]!.filter((st) => st <= m.start).length - 1;
      const to = starts[i]!.filter((st) => st < m.end).length;
      predicted[i]!.push({ label, start: from, end: to });
    }
    doc.forEach((s, i) => scorer.add(s.spans, predicted[i]!));
  }
  return scorer.scores();
}

export function evalSample(textPath: string, goldPath: string): NonNullable<NerEval['sample']> {
  const text = readFileSync(textPath, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const gold = (JSON.parse(readFileSync(goldPath, 'utf8')) as { entities: GoldEntity[] }).entities;
  const { entities } = analyzeArticle(
    {
      text,
      title: null,
      language: null,
      publishedAt: null,
      format: 'text',
    },
    defaultModels(),
  );
  const required = gold.filter((g) => !g.optional);
  const missing = required
    .filter((g) => !entities.some((e) => e.type === g.type && e.name === g.canonical))
    .map((g) => `${g.type} ${g.canonical}`);
  // A name matches a gold entity's canonical name or alias, ignoring case and a plural -s
  // ("the Old and the New Worlds" names the gold "New World").
  const key = (type: string, name: string): string => `${type}|${name.toLowerCase().replace(/s$/, '')}`;
  const goldNames = new Set(
    gold.flatMap((g) => [g.canonical, ...(g.aliases ?? [])].map((n) => key(g.type, n))),
  );
  const unexpected = entities
    .filter((e) => e.type === 'PERSON' || e.type === 'ORGANIZATION' || e.type === 'LOCATION')
    .filter((e) => !goldNames.has(key(e.type, e.name)))
    .map((e) => `${e.type} ${e.name}`);
  return {
    found: required.length - missing.length,
    required: required.length,
    missing,
    unexpected,
    pass: missing.length === 0 && unexpected.length === 0,
  };
}

const fmt = (n: number): string => n.toFixed(2).padStart(6);

export function evalNer(shared: string): NerEval {
  const result: NerEval = { conll: null, conllPipeline: null, sample: null };
  const testa = join(shared, 'data/conll2003/eng.testa');
  if (existsSync(testa)) {
    result.conll = evalConll(testa);
    log('CoNLL-2003 testa (dev), exact span + type:');
    log('  type       P      R      F1   gold');
    for (const [type, s] of Object.entries(result.conll))
      log(
        `  ${type.padEnd(8)} ${fmt(s.precision)} ${fmt(s.recall)} ${fmt(s.f1)} ${String(s.gold).padStart(6)}`,
      );
    result.conllPipeline = evalConllPipeline(testa);
    log("the same through the pipeline's recogniser (typing rules included, as `process` returns):");
    for (const [type, s] of Object.entries(result.conllPipeline))
      log(
        `  ${type.padEnd(8)} ${fmt(s.precision)} ${fmt(s.recall)} ${fmt(s.f1)} ${String(s.gold).padStart(6)}`,
      );
  } else log(`CoNLL-2003 testa not found at ${testa}: skipped`);
  const textPath = join(shared, 'fixtures/articles/belarus-russia-partners.txt');
  const goldPath = join(shared, 'fixtures/articles/belarus-russia-partners.gold.json');
  if (existsSync(textPath) && existsSync(goldPath)) {
    result.sample = evalSample(textPath, goldPath);
    const s = result.sample;
    log(`sample article: ${s.found}/${s.required} required entities (type + canonical name)`);
    if (s.missing.length) log(`  missing: ${s.missing.join('; ')}`);
    if (s.unexpected.length) log(`  unexpected PERSON/ORGANIZATION/LOCATION: ${s.unexpected.join('; ')}`);
    log(`  ${s.pass ? 'PASS' : 'FAIL'}`);
  } else log(`sample article gold not found under ${join(shared, 'fixtures/articles')}: skipped`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = evalNer(sharedDir());
  process.stdout.write(`${JSON.stringify({ conll: r.conll?.overall ?? null, sample: r.sample }, null, 2)}\n`);
}
