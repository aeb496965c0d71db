import { join } from 'node:path';
import { readRunningStack } from './running-stack.js';
import { OutputClosedError, writeData } from '../output/stdout.js';
import { localResultsClient } from './stack-clients.js';
import { QUERY_COLUMNS } from '../format/query-tables.js';
import { formatTable, type Column } from '../output/table.js';
import type { QueryOptions } from './query-options.js';
import type { Pager, Page, NamedPage } from '../../shared/results/client.js';
import type { IdentityRef } from '../../shared/results/views.js';

export const QUERIES = [
  'quotes-by',
  'statements-about',
  'article',
  'statements',
  'failed',
  'articles',
  'speakers',
  'identity',
  'ambiguous',
] as const;
export type QueryName = (typeof QUERIES)[number];

/** Queries that take a name or id argument. */
const NEEDS_VALUE = new Set<QueryName>([
  'quotes-by',
  'statements-about',
  'article',
  'statements',
  'identity',
]);

/**
 * `query`: asks the running local stack's table through the ResultsClient (the same client the HTTP
 * API serves); JSON Lines on stdout, one entry per line. With --limit, one page and, when there is
 * more, a `{"cursor": …}` line to pass back with --cursor. Returns the exit code.
 */
export async function queryCommand(
  what: string,
  value: string | undefined,
  opts: QueryOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (!(QUERIES as readonly string[]).includes(what)) {
    process.stderr.write(`query: unknown query "${what}"; use one of ${QUERIES.join(', ')}.\n`);
    return 2;
  }
  const query = what as QueryName;
  if (NEEDS_VALUE.has(query) && !value) {
    process.stderr.write(
      `query: ${query} needs a ${query.startsWith('article') || query === 'statements' ? 'article id' : 'name'}.\n`,
    );
    return 2;
  }
  const info = await readRunningStack(opts.stateDir, 'query');
  if (!info) return 1;
  const { client, destroy } = localResultsClient(info);
  // JSON Lines as entries arrive, or (--format table) one table at the end, the next cursor on stderr.
  const rows: unknown[] = [];
  const table = opts.format === 'table';
  const print = (item: unknown) => {
    const cursor = (item as { cursor?: unknown }).cursor;
    if (!table) writeData(JSON.stringify(item) + '\n', out);
    else if (typeof cursor === 'string' && Object.keys(item as object).length === 1)
      process.stderr.write(`query: more entries: add --cursor ${cursor}\n`);
    else rows.push(item);
  };
  try {
    const status = await runQuery();
    if (table && status === 0) {
      writeData(formatTable(rows, QUERY_COLUMNS[query] as Column<unknown>[]), out);
    }
    return status;
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
    destroy();
  }

  async function runQuery(): Promise<number> {
    const range = { since: opts.since, until: opts.until };
    switch (query) {
      case 'article': {
        const result = await client.getResult(value!);
        if (!result) {
          process.stderr.write(`query: no article ${value}.\n`);
          return 1;
        }
        print({ article: result.article, ...(result.stored ? pick(result.stored.analysis) : {}) });
        return 0;
      }
      case 'statements':
        await emit(client.statements(value!), opts, print);
        return 0;
      case 'quotes-by':
        reportMatches(
          await emit(
            client.quotesBySpeaker(value!, { ...range, minConfidence: opts.minConfidence }),
            opts,
            print,
          ),
          value!,
        );
        return 0;
      case 'statements-about':
        reportMatches(
          await emit(
            client.statementsAbout(value!, { ...range, type: opts.type, minConfidence: opts.minConfidence }),
            opts,
            print,
          ),
          value!,
        );
        return 0;
      case 'failed':
      case 'articles':
        await emit(
          client.articles(query === 'failed' ? 'FAILED' : (opts.status ?? 'PROCESSED'), range),
          opts,
          print,
        );
        return 0;
      case 'speakers':
        await emit(client.speakers({ ...range, order: opts.top ? 'quotes' : 'recent' }), opts, print);
        return 0;
      case 'identity':
        (await client.identities(value!, opts.type)).forEach(print);
        return 0;
      case 'ambiguous':
        await emit(client.ambiguousLinks(range), opts, print);
        return 0;
    }
  }
}

const pick = ({
  statements,
  quotes,
  entities,
}: {
  statements: unknown;
  quotes: unknown;
  entities: unknown;
}) => ({
  statements,
  quotes,
  entities,
});

/** Every entry (no --limit), or one page and the cursor of the next. Returns the identities matched. */
async function emit<T>(
  pager: Pager<T, Page<T>>,
  opts: QueryOptions,
  print: (item: unknown) => void,
): Promise<IdentityRef[]> {
  const matched = new Map<string, IdentityRef>();
  const collect = (page: Page<T>) => {
    for (const ref of (page as NamedPage<T>).matched ?? []) matched.set(ref.identityId, ref);
  };
  if (opts.limit === undefined && opts.cursor === undefined) {
    let cursor: string | null = null;
    do {
      const page: Page<T> = await pager.page({ limit: 200, cursor });
      page.items.forEach(print);
      collect(page);
      cursor = page.cursor;
    } while (cursor);
  } else {
    const page = await pager.page({ limit: opts.limit ?? 50, cursor: opts.cursor ?? null });
    page.items.forEach(print);
    collect(page);
    if (page.cursor) print({ cursor: page.cursor });
  }
  return [...matched.values()];
}

/** A name that matched several identities (a surname shared by several people): say which, on stderr. */
function reportMatches(matched: IdentityRef[], name: string): void {
  if (matched.length > 1) {
    process.stderr.write(
      `query: "${name}" matched ${matched.length} identities: ${matched.map((m) => `${m.name} (${m.identityId})`).join(', ')}\n`,
    );
  }
}
