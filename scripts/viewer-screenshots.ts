// Screenshots of the viewer's four pages for the README (docs/viewer/*.png): starts an embedded stack
// in a scratch state directory, drops the sample article on the page, and photographs the articles,
// article, speaker and entity pages in Debian's Chromium.
//   npx tsx scripts/viewer-screenshots.ts [--out docs/viewer]
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { EmbeddedStack } from '../infra/local/embedded-stack.js';

const SAMPLE = fileURLToPath(new URL('../examples/belarus-russia-partners.txt', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/viewer' } } });
const out = resolve(values.out);

const stateDir = await mkdtemp(join(tmpdir(), 'viewer-screenshots-'));
const stack = new EmbeddedStack({ stateDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const { endpoints } = await stack.start();
  await mkdir(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(endpoints.viewer);
  await page.locator('.stream-live').waitFor();

  // Upload through the drop zone's file chooser, as a user would.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'choose files' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'belarus-russia-partners.txt',
    mimeType: 'text/plain',
    buffer: await readFile(SAMPLE),
  });
  await page.locator('.upload[data-state="processed"]').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(out, 'articles.png') });

  await page.locator('tr[data-status="PROCESSED"] a').first().click();
  await page.locator('mark.q').first().waitFor();
  await page.locator('mark.q').nth(1).hover();
  await page.screenshot({ path: join(out, 'article.png') });

  await page.locator('.panel a.speaker-link').first().click();
  await page.locator('.quote-item').first().waitFor();
  await page.screenshot({ path: join(out, 'speaker.png') });

  await page.goBack();
  await page.locator('.panel .entity-group a', { hasText: 'Minsk' }).click();
  await page.locator('.statement-item').first().waitFor();
  await page.screenshot({ path: join(out, 'entity.png') });
  process.stderr.write(`Screenshots in ${out}\n`);
} finally {
  await browser.close();
  await stack.stop();
  await rm(stateDir, { recursive: true, force: true });
}
