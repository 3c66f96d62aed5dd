import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startUiServer, VIEWER, type UiServer } from './ui-server';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = process.env.UI_SCREENSHOTS === '1';
const DOCS = path.resolve(import.meta.dirname, '../../../docs/ui');

/** Every page of the navigation with its screenshot name. */
const PAGES = [
  { path: '/', shot: 'overview' },
  { path: '/playground', shot: 'playground' },
  { path: '/history', shot: 'history' },
  { path: '/events', shot: 'events' },
  { path: '/etl', shot: 'etl' },
  { path: '/drift', shot: 'drift' },
  { path: '/models', shot: 'models' },
  { path: '/api-docs', shot: 'api-docs' },
  { path: '/admin/users', shot: 'users' },
] as const;

/** What went wrong in the page: console errors, uncaught errors, CSP violations, dialogs (an XSS firing). */
interface Watch {
  problems: string[];
}

function watch(page: Page): Watch {
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

async function logIn(context: BrowserContext, url: string, user: { username: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[type=submit]')]);
  return page;
}

describe('the web UI in a real browser', () => {
  let ui: UiServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (.ci/run installs it)`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    ui = await startUiServer();
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('sends a logged-out visitor of /history to /login', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ui.url}/history`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('h1').textContent()).resolves.toBeTruthy();
    await context.close();
  });

  it('logs in through the form and renders every page with its heading, no console errors or CSP violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await logIn(context, ui.url, ADMIN);
    const w = watch(page);
    for (const p of PAGES) {
      const res = await page.goto(`${ui.url}${p.path}`, { waitUntil: 'networkidle' });
      expect(res?.status(), p.path).toBe(200);
      const h1 = (await page.locator('h1').first().textContent())?.trim();
      expect(h1, `${p.path} has an <h1>`).toBeTruthy();
      if (SCREENSHOTS) await page.screenshot({ path: path.join(DOCS, `${p.shot}.png`) });
    }
    expect(w.problems).toEqual([]);
    await context.close();
  });

  it('keeps the XSS message inert wherever it appears', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, ui.url, ADMIN);
    const w = watch(page);
    for (const p of ['/history', '/history?q=img', '/events', '/']) {
      const res = await page.goto(`${ui.url}${p}`, { waitUntil: 'networkidle' });
      expect(res?.status(), p).toBe(200);
    }
    await page.goto(`${ui.url}/history?q=img`, { waitUntil: 'networkidle' });
    // The message is shown as text, and no <img src=x> element came of it.
    await expect(page.getByText('<img src=x onerror=alert(1)>').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('img[src=x]').count()).resolves.toBe(0);
    expect(w.problems).toEqual([]);
    await context.close();
  });

  it('shows a viewer no promote button, and refuses a POST without the CSRF token', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, ui.url, VIEWER);
    const w = watch(page);
    await page.goto(`${ui.url}/models`, { waitUntil: 'networkidle' });
    await expect(page.locator('a[href*="/promote"], button:has-text("Promote")').count()).resolves.toBe(0);
    const res = await page.request.post(`${ui.url}/logout`, { form: {}, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    const admin = await page.request.post(`${ui.url}/admin/models/2099-01-01.1/promote`, { form: { note: 'x' }, maxRedirects: 0 });
    expect(admin.status()).toBe(403);
    expect(w.problems).toEqual([]);
    await context.close();
  });

  it('an admin sees the promote button for the candidate', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, ui.url, ADMIN);
    await page.goto(`${ui.url}/models`, { waitUntil: 'networkidle' });
    await expect(page.locator('a[href*="/promote"]').count()).resolves.toBeGreaterThan(0);
    await context.close();
  });

  it('the language switch turns the navigation Russian', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, ui.url, ADMIN);
    const w = watch(page);
    const nav = page.locator('nav[aria-label=main]');
    await expect(nav.locator('a[href="/history"]').textContent()).resolves.not.toMatch(/[а-я]/i);
    await Promise.all([page.waitForURL(`${ui.url}/`), page.click('a[lang=ru]')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ru');
    await expect(nav.locator('a[href="/history"]').textContent()).resolves.toMatch(/[а-яё]/i);
    expect(w.problems).toEqual([]);
    await context.close();
  });
});
