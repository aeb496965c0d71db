// The ArticleRepository contract processArticle relies on, as assertions through the port only.
// Run against the in-memory fake (tests/unit/repository-fake.test.ts) and the DynamoDB adapter on
// dynalite (tests/integration/repository-contract.test.ts), so the fake cannot drift from the adapter.
import { describe, expect, it } from 'vitest';
import type {
  ArticleRepository,
  ClaimRequest,
  PipelineVersion,
  SourceRecord,
} from '../../shared/app/ports.js';
import type { Supersedes } from '../../events/schemas.js';
import type { ReconcileRepository } from '../../shared/app/reconcile.js';
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
const V1: PipelineVersion = { id: 'pv-contract-1', code: '0.1.0+a', models: 'm' };
const V2: PipelineVersion = { id: 'pv-contract-2', code: '0.1.0+b', models: 'm' };

export function repositoryContract(repository: () => ArticleRepository & ReconcileRepository): void {
  const claim = (
    id: string,
    owner: string,
    at: number,
    leaseMinutes = 2,
    version = V1,
    inLeaseIndex?: boolean,
  ) => {
    const req: ClaimRequest = {
      analysis: analysisOf(id),
      format: 'text',
      source: { bucket: 'b', key: `incoming/${id}.txt` },
      pipelineVersion: version,
      now: T(at),
      owner,
      leaseUntil: T(at + leaseMinutes),
      ...(inLeaseIndex === undefined ? {} : { inLeaseIndex }),
    };
    return repository().claimArticle(req);
  };
  const complete = async (id: string, at: number, version = V1, supersedes: Supersedes | null = null) => {
    const saved = await repository().saveAnalysis({
      analysis: analysisOf(id),
      format: 'text',
      source: { bucket: 'b', key: `incoming/${id}.txt` },
      pipelineVersion: version,
      processedAt: T(at),
    });
    await repository().completeArticle(id, { ...saved, version: version.id, processedAt: T(at), supersedes });
  };

  it('keeps what the completing attempt superseded, so that its announcement can be re-sent as it was', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    const supersedes: Supersedes = { articleId: 'art_before', pipelineVersion: null, reason: 'replaced' };
    await complete(id, 1, V1, supersedes);
    expect((await repository().getArticle(id))?.supersedes).toEqual(supersedes);
    await claim(id, 'two', 2, 2, V2);
    await complete(id, 3, V2);
    expect((await repository().getArticle(id))?.supersedes).toBeNull();
  });

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
      date: T(0),
      version: null,
      pipelineVersion: null,
      staleVersions: [],
      sourceCount: 1,
      error: null,
      createdAt: T(0),
      updatedAt: T(0),
      processedAt: null,
      supersedes: null,
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

  it('completes an article: PROCESSED for its pipeline version, lease gone, a later failure ignored', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await complete(id, 1);
    expect(await claim(id, 'one', 1)).toBe('already-processed');
    expect(await claim(id, 'two', 9)).toBe('already-processed');
    await repository().failArticle(id, { code: 'X', message: 'a late failure of another copy' }, T(2));
    expect(await repository().getArticle(id)).toMatchObject({
      status: 'PROCESSED',
      error: null,
      version: V1.id,
      pipelineVersion: V1,
      processedAt: T(1),
      updatedAt: T(1),
      createdAt: T(0),
    });
  });

  it('claims a processed article again for another pipeline version, and replaces its version on completion', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await complete(id, 1);
    expect(await claim(id, 'two', 3, 2, V2)).toBe('claimed');
    expect(await repository().getArticle(id)).toMatchObject({ status: 'PROCESSING', version: V1.id });
    await complete(id, 4, V2);
    expect(await repository().getArticle(id)).toMatchObject({
      status: 'PROCESSED',
      version: V2.id,
      pipelineVersion: V2,
      staleVersions: [],
      date: T(0),
    });
  });

  it('counts the source objects that hold an article, and removes it as a DELETED tombstone', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await complete(id, 1);
    await repository().attachSource(id, { bucket: 'b', key: 'incoming/copy.txt' });
    await repository().attachSource(id, { bucket: 'b', key: 'incoming/copy.txt' }); // idempotent
    expect((await repository().getArticle(id))?.sourceCount).toBe(2);
    expect(await repository().detachSource(id, { bucket: 'b', key: `incoming/${id}.txt` })).toBe(1);
    expect(await repository().detachSource(id, { bucket: 'b', key: 'incoming/copy.txt' })).toBe(0);
    await repository().removeArticle(id, { reason: 'object-removed', supersededBy: null, at: T(5) });
    expect(await repository().getArticle(id)).toMatchObject({
      status: 'DELETED',
      version: null,
      staleVersions: [],
      sourceCount: 0,
    });
    expect(await repository().detachSource(freshId(), { bucket: 'b', key: 'x' })).toBe(0);
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
      date: T(5),
      version: null,
      pipelineVersion: null,
      staleVersions: [],
      sourceCount: 0,
      error,
      createdAt: T(5),
      updatedAt: T(5),
      processedAt: null,
      supersedes: null,
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

  it('accumulates published event ids per pipeline version as a set, kept across claims', async () => {
    const id = freshId();
    await claim(id, 'one', 0);
    await repository().markEventsPublished(id, V1.id, ['e2', 'e1']);
    await repository().markEventsPublished(id, V1.id, ['e2', 'e3']);
    await repository().markEventsPublished(id, V1.id, []);
    expect(await repository().publishedEventIds(id, V1.id)).toEqual(['e1', 'e2', 'e3']);
    expect(await repository().publishedEventIds(id, V2.id)).toEqual([]);
    await repository().releaseArticle(id, 'one');
    await claim(id, 'two', 1);
    expect(await repository().publishedEventIds(id, V1.id)).toEqual(['e1', 'e2', 'e3']);
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
    first.staleVersions.push('mutated');
    first.counts.statements = 99;
    first.source.key = 'mutated';
    expect(await repository().getArticle(id)).toMatchObject({
      staleVersions: [],
      counts: { statements: 1 },
      source: { key: `incoming/${id}.txt` },
    });
  });

  describe('stuck articles (the lease index reconcile queries)', () => {
    const stuck = async (ids: string[], now: string) => {
      const found = [];
      for await (const a of repository().stuckArticles(now)) if (ids.includes(a.articleId)) found.push(a);
      return found.sort((a, b) => a.articleId.localeCompare(b.articleId));
    };

    it('lists an article PROCESSING once its lease has ended, with its source', async () => {
      const id = freshId();
      await claim(id, 'one', 0, 2);
      expect(await stuck([id], T(1))).toEqual([]);
      expect(await stuck([id], T(3))).toEqual([
        {
          articleId: id,
          source: { bucket: 'b', key: `incoming/${id}.txt` },
          leaseUntil: T(2),
          updatedAt: T(0),
        },
      ]);
    });

    it('lists a released article at once, as holding no lease, and lets another owner claim it', async () => {
      const id = freshId();
      await claim(id, 'one', 0, 10);
      await repository().releaseArticle(id, 'one');
      expect(await stuck([id], T(1))).toMatchObject([{ articleId: id, leaseUntil: null }]);
      expect(await claim(id, 'two', 1, 2)).toBe('claimed');
      expect(await stuck([id], T(2))).toEqual([]);
      expect(await stuck([id], T(4))).toMatchObject([{ articleId: id, leaseUntil: T(3) }]);
    });

    it('forgets an article once it is completed, failed or removed', async () => {
      const [done, failed, removed] = [freshId(), freshId(), freshId()];
      for (const id of [done, failed, removed]) await claim(id, 'one', 0, 2);
      await complete(done, 1);
      await repository().failArticle(failed, { code: 'X', message: 'x' }, T(1));
      await repository().removeArticle(removed, { reason: 'object-removed', supersededBy: null, at: T(1) });
      expect(await stuck([done, failed, removed], T(30))).toEqual([]);
    });

    it('leaves out a claim made outside the index, and takes it out when such a claim follows', async () => {
      const [outside, reclaimed] = [freshId(), freshId()];
      await claim(outside, 'one', 0, 2, V1, false);
      await claim(reclaimed, 'one', 0, 2);
      expect(await stuck([outside, reclaimed], T(3))).toMatchObject([{ articleId: reclaimed }]);
      await claim(reclaimed, 'two', 3, 2, V1, false);
      expect(await stuck([outside, reclaimed], T(6))).toEqual([]);
      expect((await repository().getArticle(outside))?.status).toBe('PROCESSING');
    });

    it('finds every stuck article, whatever its index partition', async () => {
      const ids = Array.from({ length: 12 }, freshId);
      for (const id of ids) await claim(id, 'one', 0, 1);
      expect((await stuck(ids, T(5))).map((a) => a.articleId)).toEqual([...ids].sort());
    });
  });
}
