// The query API as a consumer calls it: real HTTP against the embedded stack, which serves the
// query-api Lambda handler over the table the real process-article handler wrote.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/query-api/openapi.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import type {
  ArticleListItem,
  ArticleView,
  IdentityRef,
  MentionStatementView,
  QuoteView,
  SpeakerView,
  StatementView,
} from '../../shared/results/views.js';
import { startTestStack, type TestStack } from './local-stack.helpers.js';

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

interface Page<T> {
  items: T[];
  cursor: string | null;
  matched?: IdentityRef[];
}

describe('query API on the embedded stack', () => {
  let t: TestStack;
  let api: string;
  let articleId: string;
  let stored: Analysis;

  const get = async <T>(path: string) => {
    const response = await fetch(`${api}${path}`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  /** Every page of a listing, following the cursors with `limit` entries a page. */
  const all = async <T>(path: string, limit: number) => {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const next: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body }: { status: number; body: Page<T> } = await get<Page<T>>(next);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.cursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  };

  beforeAll(async () => {
    t = await startTestStack();
    api = t.stack.endpoints.api;
    const since = new Date().toISOString();
    await t.put('incoming/belarus.txt', await readFile(SAMPLE));
    await t.put('incoming/empty.txt', '');
    const source = await t.waitForSource('incoming/belarus.txt', since);
    expect(source.status).toBe('PROCESSED');
    expect((await t.waitForSource('incoming/empty.txt', since)).status).toBe('FAILED');
    articleId = source.articleId!;
    stored = await t.stored(articleId);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('serves an article with its status and counts, and 404 for an unknown one', async () => {
    const { status, body } = await get<ArticleView>(`/articles/${articleId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      articleId,
      status: 'PROCESSED',
      counts: {
        statements: stored.statements.length,
        quotes: stored.quotes.length,
        entities: stored.entities.length,
      },
    });
    const missing = await get<{ statusCode: number; error: string }>('/articles/art_nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'NotFoundError' });
    expect((await get('/articles/art_nope/statements')).status).toBe(404);
  });

  it("pages through an article's statements in order with opaque cursors", async () => {
    const { items, pages } = await all<StatementView>(`/articles/${articleId}/statements`, 4);
    expect(pages).toBe(Math.ceil(stored.statements.length / 4));
    expect(items.map((s) => s.index)).toEqual(stored.statements.map((s) => s.index));
    expect(items.map((s) => s.text)).toEqual(stored.statements.map((s) => s.text));
  });

  it("finds a speaker's quotes by surname, full name and any case, with the identity matched", async () => {
    const expected = stored.quotes.filter((q) => q.speaker?.name === 'Alexander Lukashenko');
    expect(expected.length).toBeGreaterThan(0);
    for (const name of ['lukashenko', 'Alexander%20Lukashenko', 'LUKASHENKO']) {
      const { status, body } = await get<Page<QuoteView>>(`/speakers/${name}/quotes`);
      expect(status).toBe(200);
      expect(body.items.map((q) => q.text).sort()).toEqual(expected.map((q) => q.text).sort());
      expect(body.items.every((q) => q.articleId === articleId)).toBe(true);
      expect(body.matched?.map((m) => m.name)).toEqual(['Alexander Lukashenko']);
    }
    const paged = await all<QuoteView>('/speakers/lukashenko/quotes', 1);
    expect(paged.items.map((q) => q.id)).toHaveLength(expected.length);
    const none = await get<Page<QuoteView>>('/speakers/lukashenko/quotes?since=2999-01-01');
    expect(none.body.items).toEqual([]);
  });

  it('finds statements mentioning an entity, optionally by type', async () => {
    const minsk = stored.entities.find((e) => e.name === 'Minsk');
    expect(minsk).toBeDefined();
    const expected = stored.statements.filter((s) => s.text.includes('Minsk'));
    const { status, body } = await get<Page<MentionStatementView>>('/entities/minsk/statements');
    expect(status).toBe(200);
    expect(body.items.map((s) => s.index).sort((a, b) => a - b)).toEqual(
      expected.map((s) => s.index).sort((a, b) => a - b),
    );
    const typed = await get<Page<MentionStatementView>>(`/entities/minsk/statements?type=${minsk!.type}`);
    expect(typed.body.items).toHaveLength(body.items.length);
    const otherType = minsk!.type === 'PERSON' ? 'ORGANIZATION' : 'PERSON';
    const wrong = await get<Page<MentionStatementView>>(`/entities/minsk/statements?type=${otherType}`);
    expect(wrong.body.items).toEqual([]);
  });

  it('lists articles by status: FAILED ones with their error', async () => {
    const failed = await get<Page<ArticleListItem>>('/articles?status=FAILED');
    expect(failed.status).toBe(200);
    const empty = failed.body.items.find((a) => a.source?.key === 'incoming/empty.txt');
    expect(empty).toMatchObject({ status: 'FAILED', error: { code: 'EMPTY_INPUT' } });
    const processed = await get<Page<ArticleListItem>>('/articles');
    expect(processed.body.items.map((a) => a.articleId)).toEqual([articleId]);
  });

  it('lists top speakers with their quote counts, most quoted first', async () => {
    const { status, body } = await get<Page<SpeakerView>>('/speakers');
    expect(status).toBe(200);
    const counts = new Map<string, number>();
    for (const q of stored.quotes) {
      if (q.speaker?.name) counts.set(q.speaker.name, (counts.get(q.speaker.name) ?? 0) + 1);
    }
    expect(body.items.find((s) => s.name === 'Alexander Lukashenko')?.quotes).toBe(
      counts.get('Alexander Lukashenko'),
    );
    const quotes = body.items.map((s) => s.quotes);
    expect(quotes).toEqual([...quotes].sort((a, b) => b - a));
  });

  it('answers bad parameters and foreign cursors with 400, and allows any origin', async () => {
    const bad = await get<{ statusCode: number; details: Record<string, string[]> }>(
      '/speakers?limit=0&order=loudest',
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details).sort()).toEqual(['limit', 'order']);
    const first = await get<Page<StatementView>>(`/articles/${articleId}/statements?limit=1`);
    const foreign = await get<{ message: string }>(
      `/speakers?cursor=${encodeURIComponent(first.body.cursor!)}`,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/cursor/i);
    // A browser page on another origin (the viewer) may read it.
    const cors = await fetch(`${api}/articles/${articleId}`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves its OpenAPI document', async () => {
    const { status, body } = await get('/openapi.json');
    expect(status).toBe(200);
    expect(body).toEqual(buildOpenApiDocument());
  });
});
