// The viewer in a real browser against the embedded stack this test starts: upload the sample article
// through the drop zone, watch it go from queued to processed, and see it listed without a reload.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, dropFile } from './browser.js';
import { startTestStack, type TestStack } from './local-stack.helpers.js';
import { build } from 'vite';

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

describe('viewer in Chromium', () => {
  let t: TestStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let articleId = '';

  beforeAll(async () => {
    // The page as the sources say now (npm ci builds it too; this keeps the test honest after edits).
    await build({ configFile: fileURLToPath(new URL('../../viewer/vite.config.ts', import.meta.url)) });
    [t, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('lists an article dropped on the page as soon as it is processed', async () => {
    await page.goto(t.stack.endpoints.viewer);
    await expect.poll(() => page.locator('.stream').getAttribute('class')).toContain('stream-live');

    const content = await readFile(SAMPLE, 'utf8');
    await dropFile(page, '[data-testid="drop-zone"]', {
      name: 'belarus-russia-partners.txt',
      type: 'text/plain',
      content,
    });

    const upload = page.locator('.upload', { hasText: 'belarus-russia-partners.txt' });
    await expect.poll(() => upload.getAttribute('data-state'), { timeout: 30_000 }).toBe('processed');
    // The object went into the incoming prefix through the S3 API, like any producer's upload.
    const processed = t.events.find((e) => e['detail-type'] === 'Article Processed');
    const detail = processed?.detail as {
      articleId: string;
      source: { key: string };
      counts: { quotes: number };
    };
    articleId = detail.articleId;
    expect(detail.source.key).toBe('incoming/belarus-russia-partners.txt');

    // Listed without a reload, from the event stream, with its counts.
    const row = page.locator(`tr[data-article-id="${detail.articleId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('PROCESSED');
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('processed');
    expect(Number(cells[4])).toBe(detail.counts.quotes);
    expect(await upload.locator('a').getAttribute('href')).toBe(`#/article/${detail.articleId}`);
    expect(pageErrors).toEqual([]);
  });

  it('follows a re-upload of a text processed before to processed, though the bus stays quiet', async () => {
    await page.goto(`${t.stack.endpoints.viewer}/#/articles`);
    const announced = t.events.length;
    await dropFile(page, '[data-testid="drop-zone"]', {
      name: 'same-text-again.txt',
      type: 'text/plain',
      content: await readFile(SAMPLE, 'utf8'),
    });
    const upload = page.locator('.upload', { hasText: 'same-text-again.txt' });
    await expect.poll(() => upload.getAttribute('data-state'), { timeout: 30_000 }).toBe('processed');
    expect(t.events.slice(announced).filter((e) => e['detail-type'] === 'Article Processed')).toEqual([]);
    expect(await upload.locator('a').getAttribute('href')).toBe(`#/article/${articleId}`);
  });

  it('lists a file that cannot be processed as failed, with its error', async () => {
    await dropFile(page, '[data-testid="drop-zone"]', {
      name: 'empty-ish.txt',
      type: 'text/plain',
      content: '   \n',
    });
    const upload = page.locator('.upload', { hasText: 'empty-ish.txt' });
    await expect.poll(() => upload.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    const row = page.locator('tr[data-status="FAILED"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.row-error').innerText()).toMatch(/^[A-Z_]+: ./);
  });

  it('can be used from the keyboard: the first tab stop skips to the content', async () => {
    await page.reload();
    await page.locator('h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    // Then the drop zone's file chooser, a real button.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('choose files');
  });
});
