import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiWorld, type UiWorld } from '../testing/ui-world';

/** The frame every page shares: navigation by role, the language switch, the offline libraries. */
let w: UiWorld;
beforeAll(async () => {
  w = await createUiWorld();
});
afterAll(async () => w?.cleanup());

describe('the UI frame', () => {
  it('shows the browser language first, and the switch keeps the choice and goes back', async () => {
    const viewer = await w.as('viewer');
    expect(await (await viewer.get('/', { 'accept-language': 'ru-RU,ru;q=0.9' })).text()).toContain('<html lang="ru">');
    expect(await (await viewer.get('/', { 'accept-language': 'en' })).text()).toContain('Predictions');
    const sw = await viewer.get('/lang/ru?next=%2Fhistory%3Fq%3Dx');
    expect(sw.status).toBe(302);
    expect(sw.headers.get('location')).toBe('/history?q=x');
    const cookie = sw.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(await (await viewer.get('/', { cookie: `${viewer.cookie}; ${cookie}`, 'accept-language': 'en' })).text()).toContain('Предсказания');
    expect((await viewer.get('/lang/ru?next=%2F%2Fevil.example')).headers.get('location')).toBe('/');
    expect((await viewer.get('/lang/de')).status).toBe(404);
  });

  it('shows admins the users page in the navigation, viewers not', async () => {
    expect(await (await (await w.as('admin')).get('/')).text()).toContain('href="/admin/users"');
    expect(await (await (await w.as('viewer')).get('/')).text()).not.toContain('href="/admin/users"');
  });

  it('carries the CSRF token for htmx on the body, and serves htmx and uPlot from here', async () => {
    const viewer = await w.as('viewer');
    expect(await (await viewer.get('/')).text()).toContain(`hx-headers="{&quot;x-csrf-token&quot;:&quot;${viewer.csrf}&quot;}"`);
    const htmx = await w.app.request('/static/vendor/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('content-type')).toMatch(/javascript/);
    expect(await htmx.text()).toContain('htmx');
    expect((await w.app.request('/static/vendor/uPlot.iife.min.js')).status).toBe(200);
    expect((await w.app.request('/static/ui.css')).headers.get('cache-control')).toMatch(/max-age/);
    expect((await w.app.request('/static/nothing.js')).status).toBe(404);
    expect((await viewer.get('/')).headers.get('cache-control')).toBe('no-store');
  });
});
