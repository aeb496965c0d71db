// A real browser for the viewer's tests: Debian's Chromium driven by playwright-core (Playwright's own
// browser download needs network the build machines do not have). `.ci/run` installs the package.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Containers: no setuid sandbox and a small /dev/shm.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/**
 * Drops a file on an element as a user dragging it from the desktop would: a DataTransfer holding the
 * File, with dragenter, dragover and drop events.
 */
export async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; content: string },
): Promise<void> {
  // Built in the page (a string: the tests' TypeScript has no DOM types).
  const transfer = await page.evaluateHandle(
    `(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(file.content)}], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.type)} }));
      return data;
    })()`,
  );
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
}
