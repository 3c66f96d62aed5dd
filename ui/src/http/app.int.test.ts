import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../auth/login-limit';
import { prepareUi } from '../open-ui';
import { addUser, setPassword } from '../store/users';
import { createUiWorld, type UiWorld } from '../testing/ui-world';
import { CSP } from './middleware/security-headers/security-headers';

/** The UI's log-in, sessions, CSRF and roles, through app.request() against a real Postgres. */
let world: UiWorld;
let t: UiWorld['t'];
let app: UiWorld['app'];
const ADMIN_PW = 'admin password of twenty';
const VIEWER_PW = 'viewer password, long';

beforeAll(async () => {
  world = await createUiWorld({ secureCookies: true, limiter: new LoginLimiter({ max: 3, windowMs: 60_000 }) });
  ({ t, app } = world);
  await prepareUi(t.pool, { PG_SCHEMA: t.schema, UI_ADMIN_USER: 'root', UI_ADMIN_PASSWORD: ADMIN_PW }, t.log);
  await addUser(t.pool, t.schema, { username: 'vera', password: VIEWER_PW, role: 'viewer' });
  await addUser(t.pool, t.schema, { username: 'vlad', password: VIEWER_PW, role: 'viewer' });
});
afterAll(async () => world?.cleanup());

const cookiesOf = (res: Response) => Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** GET /login, then POST the form: the response and the cookies to go on with. */
async function logIn(username: string, password: string, addr = '10.0.0.1') {
  const page = await app.request('/login');
  const loginCsrf = cookiesOf(page).napo_login_csrf!;
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `napo_login_csrf=${loginCsrf}`, 'x-forwarded-for': addr },
    body: form({ _csrf: loginCsrf, username, password, next: '/admin/users' }),
  });
  return { res, session: cookiesOf(res).napo_session };
}
const csrfOf = async (session: string) =>
  /name="_csrf" value="([^"]+)"/.exec(await (await app.request('/', { headers: { cookie: `napo_session=${session}` } })).text())![1]!;

describe('the UI log-in', () => {
  it('sends a logged-out visitor to log in, and every page carries a CSP without inline script', async () => {
    const res = await app.request('/admin/users');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    const login = await app.request('/login');
    expect(login.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).not.toContain('unsafe-inline');
    expect(await login.text()).toContain('name="_csrf"');
    expect((await app.request('/', { method: 'POST' })).status).toBe(401);
  });

  it('logs in with the right password into an HttpOnly, Secure, SameSite=Strict session, and back to where it was going', async () => {
    const { res, session } = await logIn('root', ADMIN_PW);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/users');
    const set = res.headers.getSetCookie().find((c) => c.startsWith('napo_session='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/SameSite=Strict/);
    const users = await app.request('/admin/users', { headers: { cookie: `napo_session=${session}` } });
    expect(users.status).toBe(200);
    expect(await users.text()).toContain('<td>vera</td>');
  });

  it('refuses a wrong password, and past the limit answers 429 even for the right one', async () => {
    for (let i = 0; i < 3; i++) expect((await logIn('vlad', 'wrong password here', '10.0.0.9')).res.status).toBe(401);
    const blocked = await logIn('vlad', VIEWER_PW, '10.0.0.9');
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(blocked.session).toBeUndefined();
  });

  it('refuses a log-in form without its CSRF token', async () => {
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ username: 'root', password: ADMIN_PW }),
    });
    expect(res.status).toBe(403);
  });
});

describe('a session', () => {
  it('refuses a state change without the CSRF token, and logs out with it (the session ends in the table)', async () => {
    const { session } = await logIn('root', ADMIN_PW, '10.0.0.2');
    const cookie = `napo_session=${session}`;
    expect((await app.request('/logout', { method: 'POST', headers: { cookie } })).status).toBe(403);
    expect((await app.request('/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': 'forged' } })).status).toBe(403);
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: await csrfOf(session!) }),
    });
    expect(out.status).toBe(302);
    expect((await app.request('/', { headers: { cookie } })).status).toBe(302);
  });

  it('a viewer is refused admin pages with 403', async () => {
    const { session } = await logIn('vera', VIEWER_PW, '10.0.0.3');
    const res = await app.request('/admin/users', { headers: { cookie: `napo_session=${session}` } });
    expect(res.status).toBe(403);
    expect(await (await app.request('/', { headers: { cookie: `napo_session=${session}` } })).text()).not.toContain('/admin/users');
  });

  it('a new password ends the sessions of its user', async () => {
    const { session } = await logIn('vera', VIEWER_PW, '10.0.0.4');
    await setPassword(t.pool, t.schema, 'vera', 'another long password');
    expect((await app.request('/', { headers: { cookie: `napo_session=${session}` } })).status).toBe(302);
  });

  it('never lets `next` lead off the site', async () => {
    const page = await app.request('/login');
    const c = cookiesOf(page).napo_login_csrf!;
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `napo_login_csrf=${c}`, 'x-forwarded-for': '10.0.0.5' },
      body: form({ _csrf: c, username: 'root', password: ADMIN_PW, next: '//evil.example/x' }),
    });
    expect(res.headers.get('location')).toBe('/');
  });
});
