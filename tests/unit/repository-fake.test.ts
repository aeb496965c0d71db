// The in-memory repository against the contract the DynamoDB adapter also passes
// (tests/integration/repository-contract.test.ts), plus the fake's own inspection helpers.
import { describe, expect, it } from 'vitest';
import { InMemoryArticleRepository } from '../fakes/index.js';
import { repositoryContract } from '../fakes/repository-contract.js';

describe('InMemoryArticleRepository', () => {
  const repo = new InMemoryArticleRepository();
  repositoryContract(() => repo);

  it('fails a call it was told to fail, before changing anything, and logs every call', async () => {
    const fresh = new InMemoryArticleRepository();
    fresh.faults.failNext('failArticle');
    await expect(fresh.failArticle('art_x', { code: 'X', message: 'm' }, 't')).rejects.toThrow(
      /injected failure of failArticle/,
    );
    expect(await fresh.getArticle('art_x')).toBeNull();
    expect(fresh.faults.calls).toEqual(['failArticle', 'getArticle']);
  });
});
