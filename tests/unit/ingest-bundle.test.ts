// The heavy HTML/Markdown parsers load lazily (shared/ingest/lazy.ts). This checks that the lazy loads
// still work in an ESM bundle built like the Lambda's (esbuild, createRequire banner) and run from a
// directory with no node_modules, as in /var/task, and that they give the same result as unbundled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArticle } from '../../shared/ingest/index.js';

type Decode = typeof decodeArticle;

const html = `<!doctype html><html lang="en-GB"><head><title>Council vote | Example News</title>
<meta property="article:published_time" content="2024-03-01T09:00:00Z"></head><body>
<nav><a href="/">Home</a></nav><article><h1>Council vote</h1>
<p>The council voted on Monday to close the bridge for repairs, which will take about six months.</p>
<p>"We had no choice," said Jane Doe, the council leader, adding that the bridge was no longer safe.</p>
</article></body></html>`;

const markdown = `---
title: Harbour plan
date: 2024-02-02
lang: en
---
# Harbour plan

The **mayor** said the harbour plan would go ahead in [spring](https://example.org/spring).

| Year | Boats |
| ---- | ----- |
| 2023 | 40    |
`;

describe('ingest in the Lambda-style ESM bundle', () => {
  let dir: string;
  let bundledDecode: Decode;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-bundle-'));
    await build({
      stdin: {
        contents: "export { decodeArticle } from './shared/ingest/index.ts';",
        resolveDir: join(import.meta.dirname, '..', '..'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      // Same banner as infra/constructs/process-article-function.ts.
      banner: {
        js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
      outfile: join(dir, 'index.mjs'),
      logLevel: 'silent',
    });
    ({ decodeArticle: bundledDecode } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      decodeArticle: Decode;
    });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes HTML with the bundled linkedom and Readability, as unbundled', () => {
    const bytes = new TextEncoder().encode(html);
    const bundled = bundledDecode(bytes, { fileName: 'vote.html' });
    expect(bundled.format).toBe('html');
    expect(bundled.title).toBe('Council vote');
    expect(bundled.publishedAt).toMatch(/^2024-03-01/);
    expect(bundled.text).toContain('"We had no choice," said Jane Doe');
    expect(bundled.text).not.toContain('Home');
    expect(bundled).toEqual(decodeArticle(bytes, { fileName: 'vote.html' }));
  });

  it('decodes Markdown with the bundled mdast/micromark and yaml, as unbundled', () => {
    const bytes = new TextEncoder().encode(markdown);
    const bundled = bundledDecode(bytes, { fileName: 'harbour.md' });
    expect(bundled.format).toBe('markdown');
    expect(bundled.title).toBe('Harbour plan');
    expect(bundled.publishedAt).toMatch(/^2024-02-02/);
    expect(bundled.text).toBe(
      'The mayor said the harbour plan would go ahead in spring.\n\nYear Boats\n\n2023 40',
    );
    expect(bundled).toEqual(decodeArticle(bytes, { fileName: 'harbour.md' }));
  });
});
