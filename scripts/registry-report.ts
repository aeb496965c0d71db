// `npm run registry:report`: the cross-article identity registry over the BBC News corpus. Every article
// goes through the real application service and DynamoDB repository (dynalite, in memory), in corpus
// order; then the mention items are read back (a Scan: scripts only) and the link decisions counted.
// Writes a sample of the links that are not plain full-name matches (alias, surname + role/org) and of
// the ambiguous cases, with the text around them, for reading: --sample FILE (default
// /tmp/registry-links.md), --sample-size N (default 60 per kind).
//
//   npm run registry:report [-- --limit N] [--shared DIR]
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { writeFileSync } from 'node:fs';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/dynamo-repository.js';
import { parseMention } from '../shared/adapters/dynamodb/mention-items.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { currentPipelineVersion } from '../shared/adapters/pipeline-version.js';
import { ResultsClient } from '../shared/results/client.js';
import { bbcFiles } from './bench/bbc.js';
import { localFiles, processWithRedelivery, startScriptTable } from './corpus-service.js';
import { sharedDir } from './shared-dir.js';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const limit = Number(flag('--limit') ?? Infinity);
const sampleFile = flag('--sample') ?? '/tmp/registry-links.md';
const sampleSize = Number(flag('--sample-size') ?? 60);
const files = bbcFiles(sharedDir(argv)).slice(0, limit);

const { doc, tableName, close } = await startScriptTable('registry-report');
const deps = {
  objects: localFiles,
  repo: new DynamoArticleRepository(doc, tableName),
  events: { publish: async () => undefined },
  clock: { now: () => new Date() },
  models: defaultModels(),
  pipelineVersion: currentPipelineVersion(),
};
for (const [i, file] of files.entries()) {
  await processWithRedelivery({ bucket: 'bbc', key: file, deliveryId: `m${i}` }, deps);
  if ((i + 1) % 250 === 0) process.stderr.write(`${i + 1}/${files.length} articles\n`);
}

// Read everything back (a scan is fine in a script), and the article texts for the samples.
const items: Array<Record<string, unknown>> = [];
let startKey: Record<string, unknown> | undefined;
do {
  const out = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
  items.push(...((out.Items ?? []) as Array<Record<string, unknown>>));
  startKey = out.LastEvaluatedKey;
} while (startKey);
const results = new ResultsClient({ tableName, documentClient: doc });

type Kind = string;
const outcomes: Record<Kind, { PERSON: number; ORGANIZATION: number }> = {};
const samples: Record<
  Kind,
  Array<{
    articleId: string;
    name: string;
    identityId: string;
    entityId: string;
    candidates?: string[];
    role?: string;
  }>
> = {};
const identities = new Map<string, Set<string>>();
for (const item of items.filter((i) => i.itemType === 'MENTION')) {
  const mention = parseMention(item);
  for (const e of mention.entities) {
    if (e.type !== 'PERSON' && e.type !== 'ORGANIZATION') continue;
    (outcomes[e.link] ??= { PERSON: 0, ORGANIZATION: 0 })[e.type]++;
    const articles = identities.get(e.id) ?? new Set<string>();
    articles.add(mention.articleId);
    identities.set(e.id, articles);
    if (e.link !== 'new' && e.link !== 'full-name') {
      (samples[e.link] ??= []).push({
        articleId: mention.articleId,
        name: e.name,
        identityId: e.id,
        entityId: e.entityId,
        ...(e.candidates ? { candidates: e.candidates } : {}),
        ...(e.role ? { role: e.role } : {}),
      });
    }
  }
}
const registryIds = [...identities.keys()].filter((id) => id.startsWith('per.') || id.startsWith('org.'));
const acrossArticles = registryIds.filter((id) => identities.get(id)!.size > 1);

// Samples to read: every nth case of each kind, with the statement that names the mention and the
// article's own full name for the identity (when the article gives one).
const lines: string[] = ['# Registry links over the BBC corpus: a sample to read', ''];
for (const [kind, list] of Object.entries(samples)) {
  const step = Math.max(1, Math.floor(list.length / sampleSize));
  const chosen = list.filter((_, i) => i % step === 0).slice(0, sampleSize);
  lines.push(`## ${kind}: ${list.length} mention(s), ${chosen.length} shown`, '');
  for (const s of chosen) {
    const stored = (await results.getResult(s.articleId))?.stored?.analysis;
    const first = stored?.entities.find((e) => e.id === s.entityId)?.mentions[0]?.statementIndex ?? 0;
    const statement = stored?.statements[first]?.text ?? '';
    const title = stored?.article.title ?? s.articleId;
    lines.push(
      `- [ ] **${s.identityId}** ← "${s.name}"${s.role ? ` (role: ${s.role})` : ''}${s.candidates ? ` candidates: ${s.candidates.join(', ')}` : ''}`,
      `  - ${title}: ${statement.slice(0, 300).replace(/\s+/g, ' ')}`,
    );
  }
  lines.push('');
}
writeFileSync(sampleFile, lines.join('\n') + '\n');

process.stdout.write(
  JSON.stringify(
    {
      articles: files.length,
      linkOutcomes: outcomes,
      identities: {
        peopleAndOrganisations: registryIds.length,
        seenInMoreThanOneArticle: acrossArticles.length,
      },
      aliasItems: items.filter((i) => i.itemType === 'ALIAS').length,
      identityItems: items.filter((i) => i.itemType === 'IDENTITY').length,
      sample: sampleFile,
    },
    null,
    2,
  ) + '\n',
);
await close();
