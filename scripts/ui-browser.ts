import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (.ci/run installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** What went wrong in the page: console errors, uncaught errors, CSP violations, failed loads, dialogs (an XSS firing). */
export interface Watch {
  problems: string[];
}

export function watch(page: Page): Watch {
  const w: Watch = { problems: [] };
  // A failed resource shows in the console without its address: the response listener names it.
  // The favicon is the browser's own request (the UI has none), not a page's.
  const isFavicon = (url: string) => new URL(url).pathname === '/favicon.ico';
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url()) && r.request().resourceType() !== 'document') w.problems.push(`${page.url()}: ${r.status()} for ${r.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (msg.text().startsWith('Failed to load resource')) return; // reported by the response listener above
    w.problems.push(`${page.url()}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`${page.url()}: page error: ${e.message}`));
  page.on('dialog', (d) => {
    w.problems.push(`dialog fired (${d.type()}): ${d.message()}`);
    void d.dismiss();
  });
  return w;
}

/** Logs in through the form, as a person would; resolves on the overview. */
export async function logIn(context: BrowserContext, url: string, user: { username: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[type=submit]')]);
  return page;
}
