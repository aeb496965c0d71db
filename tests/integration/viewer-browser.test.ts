// The viewer in a real browser against the embedded stack this test starts: upload the sample article
// through the drop zone, watch it go from queued to processed and see it listed without a reload; open
// it and check its quotes are highlighted and attributed as the query API says; filter by confidence;
// follow a speaker link and an entity link.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, dropFile } from './browser.js';
import { startTestStack, type TestStack } from './local-stack.helpers.js';
import type { StatementView } from '../../shared/results/views.js';
import { build } from 'vite';

/** Highlighted quotes on the page: quote id → speaker name. */
async function markedQuotes(page: Page): Promise<Map<string, string>> {
  // A string: the tests' TypeScript has no DOM types.
  const marks = await page.evaluate<Array<[string, string]>>(
    `[...document.querySelectorAll('mark.q:not(.hidden)')].map((n) => [n.dataset.quote, n.dataset.speaker])`,
  );
  return new Map(marks);
}

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

describe('viewer in Chromium', () => {
  let t: TestStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let articleId = '';

  /** The article's statements as the query API serves them. */
  const allStatements = async (id: string) => {
    const items: StatementView[] = [];
    let cursor: string | null = null;
    do {
      const url = `${t.stack.endpoints.api}/articles/${id}/statements${cursor ? `?cursor=${cursor}` : ''}`;
      const page = (await (await fetch(url)).json()) as { items: StatementView[]; cursor: string | null };
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return items;
  };

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
    await expect
      .poll(() => page.locator('.stream').getAttribute('class'), { timeout: 10_000 })
      .toContain('stream-live');

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

  it('shows the article with every quote highlighted and attributed, and quote details on focus', async () => {
    await page.locator(`tr[data-article-id="${articleId}"] a`).click();
    await page.locator('.article .text').waitFor();
    expect(page.url()).toContain(`#/article/${articleId}`);

    // What the query API says about the article is what the page marks.
    const statements = await allStatements(articleId);
    const quotes = statements.flatMap((s) => s.quotes);
    expect(quotes.length).toBeGreaterThanOrEqual(24);
    const marked = await markedQuotes(page);
    expect(marked.size).toBe(quotes.length);
    expect(new Set(marked.values())).toEqual(new Set(['Alexander Lukashenko']));
    for (const quote of quotes) expect(marked.get(quote.id)).toBe(quote.speaker.name);
    // Each highlighted run is quoted text: the page's runs of a quote join into the quote's words.
    const first = quotes[0]!;
    const runs = await page.locator(`mark[data-quote="${first.id}"]`).allTextContents();
    expect(first.text).toContain(runs.join('').trim());

    // Entities underlined by type, listed in the panel.
    const entityTypes = new Set(statements.flatMap((s) => s.entities.map((e) => e.type)));
    for (const type of entityTypes)
      expect(await page.locator(`.text .ent-${type}`).count()).toBeGreaterThan(0);
    expect(await page.locator('.panel .speakers > li').count()).toBe(1);

    // Keyboard: tabbing to a quote shows its details.
    await page.locator(`mark[data-quote="${first.id}"]`).first().focus();
    const details = page.locator('[data-testid="quote-details"]');
    await expect.poll(() => details.innerText()).toContain(first.type);
    const text = await details.innerText();
    expect(text).toContain('Alexander Lukashenko');
    expect(text).toContain(first.speaker.resolution);
    if (first.cue) expect(text).toContain(first.cue.text);
    expect(pageErrors).toEqual([]);
  });

  it('hides the quotes under the confidence threshold', async () => {
    const quotes = (await allStatements(articleId)).flatMap((s) => s.quotes);
    const confidence = (q: (typeof quotes)[number]) => Math.min(q.confidence ?? 1, q.speaker.confidence ?? 1);
    // A threshold between the quotes' confidences when they differ, else above them all.
    const levels = [...new Set(quotes.map(confidence))].sort((a, b) => a - b);
    const threshold = levels.length > 1 ? Math.ceil(levels[Math.floor(levels.length / 2)]! * 20) / 20 : 1;
    const expected = quotes.filter((q) => confidence(q) >= threshold - 1e-9).length;
    await page.locator('#threshold').fill(String(threshold));
    await expect.poll(async () => (await markedQuotes(page)).size).toBe(expected);
    expect(await page.locator('[data-testid="quotes-shown"]').innerText()).toBe(
      `${expected} of ${quotes.length} quotes shown`,
    );
    await page.locator('#threshold').fill('0');
    await expect.poll(async () => (await markedQuotes(page)).size).toBe(quotes.length);
  });

  it("follows a speaker link to the speaker's quotes across articles, which link back", async () => {
    await page.locator('.panel a.speaker-link', { hasText: 'Alexander Lukashenko' }).click();
    await page.locator('.speaker-page h1', { hasText: 'Alexander Lukashenko' }).waitFor();
    const quotes = (await allStatements(articleId)).flatMap((s) => s.quotes);
    await expect.poll(() => page.locator('.quote-item').count()).toBe(quotes.length);
    const back = page.locator('.quote-item a').first();
    expect(await back.getAttribute('href')).toMatch(new RegExp(`^#/article/${articleId}\\?s=\\d+$`));
    await back.click();
    await page.locator('.statement.flash').waitFor();
  });

  it('opens an entity page from the article', async () => {
    await page.goto(`${t.stack.endpoints.viewer}/#/article/${articleId}`);
    await page.locator('.panel a', { hasText: 'Minsk' }).click();
    await page.locator('.entity-page h1', { hasText: 'Minsk' }).waitFor();
    await expect.poll(() => page.locator('.statement-item').count()).toBeGreaterThan(0);
    expect(await page.locator('.statement-item').first().innerText()).toContain('Minsk');
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
