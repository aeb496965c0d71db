// The viewer's articles list: the listing merged with the bus's announcements, newest first.
import { describe, expect, it } from 'vitest';
import { mergeRows, rowFromEvent, type Row } from '../../viewer/src/article-rows.js';
import type { ArticleEvent } from '../../viewer/src/types.js';

const source = (key: string) => ({ bucket: 'b', key });

const listed = (articleId: string, date: string, extra: Partial<Row> = {}): Row => ({
  kind: 'article',
  articleId,
  status: 'PROCESSED',
  title: `Title ${articleId}`,
  date,
  counts: { statements: 3, quotes: 1, entities: 2 },
  version: 'pv-1',
  error: null,
  source: source(`incoming/${articleId}.txt`),
  updatedAt: date,
  ...extra,
});

const processed = (articleId: string, publishedAt: string | null, processedAt: string): ArticleEvent => ({
  type: 'Article Processed',
  id: `e-${articleId}`,
  time: processedAt,
  detail: {
    articleId,
    title: null,
    publishedAt,
    counts: { statements: 5, quotes: 2, entities: 4 },
    source: source(`incoming/${articleId}.txt`),
    processedAt,
  },
});

describe('rowFromEvent', () => {
  it('dates a processed article by its publication, else by when it was processed', () => {
    expect(rowFromEvent(processed('a', '2024-11-22', '2026-12-01T05:00:00Z'))).toMatchObject({
      articleId: 'a',
      status: 'PROCESSED',
      date: '2024-11-22',
      counts: { statements: 5, quotes: 2, entities: 4 },
      live: true,
    });
    expect(rowFromEvent(processed('a', null, '2026-12-01T05:00:00Z')).date).toBe('2026-12-01T05:00:00Z');
  });

  it('keeps a failed upload without an article as a row of its source, with the error', () => {
    const row = rowFromEvent({
      type: 'Article Failed',
      id: 'e1',
      time: '2026-12-01T05:00:01Z',
      detail: {
        articleId: null,
        error: { code: 'UNSUPPORTED_BINARY', message: 'Not text.' },
        source: source('incoming/photo.jpg'),
        failedAt: '2026-12-01T05:00:00Z',
      },
    });
    expect(row).toMatchObject({
      kind: 'source',
      articleId: null,
      status: 'FAILED',
      date: '2026-12-01T05:00:00Z',
      counts: null,
      error: { code: 'UNSUPPORTED_BINARY', message: 'Not text.' },
    });
  });
});

describe('mergeRows', () => {
  it('lists newest first and replaces an article announced again, keeping its listed title', () => {
    const rows = mergeRows(
      [listed('old', '2026-11-01T00:00:00Z'), listed('mid', '2026-11-15T00:00:00Z')],
      [
        rowFromEvent(processed('new', null, '2026-12-01T00:00:00Z')),
        rowFromEvent(processed('old', null, '2026-12-02T00:00:00Z')),
      ],
    );
    expect(rows.map((r) => r.articleId)).toEqual(['old', 'new', 'mid']);
    expect(rows[0]).toMatchObject({ title: 'Title old', counts: { quotes: 2 }, live: true });
  });

  it('does not let a failed retry hide an article that was processed', () => {
    const failed: Row = {
      ...listed('a', '2026-12-03T00:00:00Z'),
      status: 'FAILED',
      error: { code: 'X', message: 'y' },
    };
    expect(mergeRows([listed('a', '2026-11-01T00:00:00Z')], [failed])[0]!.status).toBe('PROCESSED');
  });
});
