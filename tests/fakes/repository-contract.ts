// The ArticleRepository contract processArticle relies on, as assertions through the port only.
// Run against the in-memory fake (tests/unit/repository-fake.test.ts) and the DynamoDB adapter on
// dynalite (tests/integration/repository-contract.test.ts), so the fake cannot drift from the adapter.
import { expect, it } from 'vitest';
import type { ArticleRepository, ClaimRequest, SourceRecord } from '../../shared/app/ports.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';

let counter = 0;
/** A fresh article id per test: the real table is shared by the whole file. */
const freshId = () => `art_contract_${Date.now().toString(36)}_${++counter}`;

function analysisOf(id: string): Analysis {
  const text = 'Anna Petrova said the plant would close.';
  return {
    article: { id, title: `Title ${id}`, text, contentHash: `hash-${id}`, language: 'en', publishedAt: null },
    statements: [{ id: `${id}:s0`, index: 0, text, start: 0, end: text.length }],
    quotes: [],
    entities: [],
  };
}

const T = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

export function repositoryContract(repository: () => ArticleRepository): void {
  const claim = (id: string, owner: string, at: number, leaseMinutes = 2) => {
    const req: ClaimRequest = {
      analysis: analysisOf(id),
      format: 'text',
      source: { bucket: 'b', key: `incoming/${id}.txt` },
      now: T(at),
      owner,
      leaseUntil: T(at + leaseMinutes),
    };
    return repository().claimArticle(req);
  };

  it('has no article it was not told about', async () => {
    expect(await repository().getArticle(freshId())).toBeNull();
  });

  it('claims a new article as PROCESSING with what the analysis says', async () => {
    const id = freshId();
    expect(await claim(id, 'one', 0)).toBe('claimed');
    expect(await repository().getArticle(id)).toEqual({
      articleId: id,
      status: 'PROCESSING',
      title: `Title ${id}`,
      language: 'en',
      publishedAt: null,
      contentHash: `hash-${id}`,
      format: 'text',
      source: { bucket: 'b', key: `incoming/${id}.txt` },
      counts: { statements: 1, quotes: 0, entities: 0 },
      publishedEventIds: [],
      error: null,
      createdAt: T(0),
      updatedAt: T(0),
      processedAt: null,
    });
  });

  it('holds a lease: busy for others until it expires, open to its own owner at once', async () => {
    const id = freshId();
    expect(await claim(id, 'one', 0)).toBe('claimed'); // lease until minute 2
    expect(await claim(id, 'two', 1)).toBe('busy');
    expect(await claim(id, 'one', 1)).toBe('claimed'); // redelivery of the same message; lease now to 3
    expect(await claim(id, 'two', 2)).toBe('busy');
    expect(await claim(id, 'two', 4)).toBe('claimed'); // expired
    expect((await repository().getArticle(id))?.createdAt).toBe(T(0));
  });

  it('releases only the caller’s own lease', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await repository().releaseArticle(id, 'two');
    expect(await claim(id, 'three', 1)).toBe('busy');
    await repository().releaseArticle(id, 'one');
    expect(await claim(id, 'three', 1)).toBe('claimed');
    await repository().releaseArticle(freshId(), 'nobody'); // nothing to release: no error
  });

  it('completes an article: PROCESSED for good, lease gone, a later failure ignored', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await repository().completeArticle(id, T(1));
    expect(await claim(id, 'one', 1)).toBe('already-processed');
    expect(await claim(id, 'two', 9)).toBe('already-processed');
    await repository().failArticle(id, { code: 'X', message: 'a late failure of another copy' }, T(2));
    expect(await repository().getArticle(id)).toMatchObject({
      status: 'PROCESSED',
      error: null,
      processedAt: T(1),
      updatedAt: T(1),
      createdAt: T(0),
    });
  });

  it('records a failure (creating the article if needed); a FAILED article can be claimed again', async () => {
    const id = freshId();
    const error = { code: 'PROCESSING_ERROR', message: 'The article could not be analysed (boom).' };
    await repository().failArticle(id, error, T(5));
    expect(await repository().getArticle(id)).toEqual({
      articleId: id,
      status: 'FAILED',
      title: null,
      language: null,
      publishedAt: null,
      contentHash: '',
      format: null,
      source: { bucket: '', key: '' },
      counts: { statements: 0, quotes: 0, entities: 0 },
      publishedEventIds: [],
      error,
      createdAt: T(5),
      updatedAt: T(5),
      processedAt: null,
    });
    expect(await claim(id, 'one', 6)).toBe('claimed');
    expect(await repository().getArticle(id)).toMatchObject({
      status: 'PROCESSING',
      error: null,
      createdAt: T(5),
    });
  });

  it('drops the lease when an article fails', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await repository().failArticle(id, { code: 'X', message: 'failed' }, T(1));
    expect(await claim(id, 'two', 1)).toBe('claimed');
  });

  it('accumulates published event ids as a set, kept across claims', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await repository().markEventsPublished(id, ['e2', 'e1']);
    await repository().markEventsPublished(id, ['e2', 'e3']);
    await repository().markEventsPublished(id, []);
    expect((await repository().getArticle(id))?.publishedEventIds).toEqual(['e1', 'e2', 'e3']);
    await repository().releaseArticle(id, 'one');
    await claim(id, 'two', 1);
    expect((await repository().getArticle(id))?.publishedEventIds).toEqual(['e1', 'e2', 'e3']);
  });

  it('keeps source records whole, one per bucket and key', async () => {
    const key = `incoming/${freshId()} x+y.txt`;
    const record: SourceRecord = {
      bucket: 'b',
      key,
      status: 'FAILED',
      articleId: null,
      error: { code: 'EMPTY_INPUT', message: 'The file is empty.' },
      objectHash: 'abc',
      eTag: null,
      failureEventPublished: false,
      updatedAt: T(0),
    };
    await repository().putSource(record);
    expect(await repository().getSource('b', key)).toEqual(record);
    const processed: SourceRecord = {
      ...record,
      status: 'PROCESSED',
      articleId: 'art_1',
      error: null,
      eTag: '"e"',
      updatedAt: T(1),
    };
    await repository().putSource(processed);
    expect(await repository().getSource('b', key)).toEqual(processed);
    expect(await repository().getSource('other', key)).toBeNull();
  });

  it('hands out copies: changing a returned record changes nothing stored', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    const first = (await repository().getArticle(id))!;
    first.publishedEventIds.push('mutated');
    first.counts.statements = 99;
    expect(await repository().getArticle(id)).toMatchObject({
      publishedEventIds: [],
      counts: { statements: 1 },
    });
  });
}
