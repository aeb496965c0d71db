import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { readRunningStack } from './running-stack.js';
import { OutputClosedError, writeData } from '../output/stdout.js';
import {
  DynamoArticleRepository,
  type StoredQuote,
} from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { GSI1, keys } from '../../shared/adapters/dynamodb/table-design.js';

export const QUERIES = ['quotes-by', 'statements-about', 'article'] as const;

/** `query`: asks the running local stack's table; JSON Lines on stdout. Returns the exit code. */
export async function queryCommand(
  what: string,
  value: string,
  opts: { stateDir: string },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (!(QUERIES as readonly string[]).includes(what)) {
    process.stderr.write(`query: unknown query "${what}"; use one of ${QUERIES.join(', ')}.\n`);
    return 2;
  }
  const info = await readRunningStack(opts.stateDir, 'query');
  if (!info) return 1;
  const client = new DynamoDBClient({
    endpoint: info.endpoints.dynamodb,
    region: info.resources.region,
    credentials: {
      accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
    maxAttempts: 2,
  });
  const doc = DynamoDBDocumentClient.from(client);
  const repo = new DynamoArticleRepository(doc, info.resources.table);
  const print = (item: unknown) => writeData(JSON.stringify(item) + '\n', out);
  try {
    if (what === 'quotes-by') (await quotesBy(repo, doc, info.resources.table, value)).forEach(print);
    else if (what === 'statements-about') (await repo.statementsByEntity(value)).forEach(print);
    else {
      const article = await repo.getArticle(value);
      if (!article) {
        process.stderr.write(`query: no article ${value}.\n`);
        return 1;
      }
      const [statements, quotes, entities] = await Promise.all([
        repo.listStatements(value),
        repo.listQuotes(value),
        repo.listEntities(value),
      ]);
      print({ article, statements, quotes, entities });
    }
    return 0;
  } catch (err) {
    if (err instanceof OutputClosedError) throw err;
    const refused = (err as { code?: string }).code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(err));
    process.stderr.write(
      refused
        ? `query: the local stack in ${opts.stateDir} is not running (stale ${join(opts.stateDir, 'stack.json')}).\n`
        : `query: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  } finally {
    client.destroy();
  }
}

/**
 * Quotes are indexed under the speaker's canonical name; when a short form ("Lukashenko") finds
 * none, the entity index resolves it to the canonical names it is an alias of.
 */
async function quotesBy(
  repo: DynamoArticleRepository,
  doc: DynamoDBDocumentClient,
  table: string,
  name: string,
): Promise<StoredQuote[]> {
  const direct = await repo.quotesBySpeaker(name);
  if (direct.length) return direct;
  const out = await doc.send(
    new QueryCommand({
      TableName: table,
      IndexName: GSI1.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.entityGsi(name) },
    }),
  );
  const names = [
    ...new Set(
      (out.Items ?? []).map((i): unknown => i.name).filter((n): n is string => typeof n === 'string'),
    ),
  ];
  return (await Promise.all(names.filter((n) => n !== name).map((n) => repo.quotesBySpeaker(n)))).flat();
}
