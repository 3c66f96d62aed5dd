import type { Child } from 'hono/jsx';
import type { Session } from '../../store/sessions';
import type { Lang } from '../i18n/lang';
import { pick } from '../i18n/messages';
import { layoutMessages } from './layout-messages';

/** The pages of the navigation, in its order; `admin` ones are shown to admins only. */
export const NAV = [
  { key: 'overview', href: '/' },
  { key: 'playground', href: '/playground' },
  { key: 'history', href: '/history' },
  { key: 'events', href: '/events' },
  { key: 'etl', href: '/etl' },
  { key: 'drift', href: '/drift' },
  { key: 'models', href: '/models' },
  { key: 'apiDocs', href: '/api-docs' },
  { key: 'users', href: '/admin/users', admin: true },
] as const;
export type NavKey = (typeof NAV)[number]['key'];

export interface LayoutProps {
  title: string;
  session: Session | null;
  lang: Lang;
  /** The navigation entry to mark as the current page. */
  active?: NavKey;
  /** The path to come back to after switching language (default `/`). */
  path?: string;
  /** Extra scripts of this page, under /static (no inline script: the CSP forbids it). */
  scripts?: readonly string[];
  /** Extra style sheets, under /static. */
  styles?: readonly string[];
  children: Child;
}

/**
 * Every page's frame: navigation, the language switch, the signed-in user with a log-out form.
 * The body carries the session's CSRF token for htmx (`hx-headers`), so every htmx request sends it.
 */
export function Layout(props: LayoutProps) {
  const m = pick(layoutMessages, props.lang);
  const s = props.session;
  const back = encodeURIComponent(props.path ?? '/');
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Napominalka</title>
        {/* htmx would inject its indicator styles inline, which the CSP refuses: ui.css has them. */}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
        <link rel="stylesheet" href="/static/ui.css" />
        {(props.styles ?? []).map((href) => (
          <link rel="stylesheet" href={`/static/${href}`} />
        ))}
        <script src="/static/vendor/htmx.min.js" defer></script>
        {(props.scripts ?? []).map((src) => (
          <script src={`/static/${src}`} defer></script>
        ))}
      </head>
      <body hx-headers={s ? JSON.stringify({ 'x-csrf-token': s.csrf }) : undefined}>
        <header>
          <strong>Napominalka</strong>
          {s ? (
            <nav aria-label="main">
              {NAV.filter((n) => !('admin' in n) || s.role === 'admin').map((n) => (
                <a href={n.href} aria-current={props.active === n.key ? 'page' : undefined}>
                  {m[n.key]}
                </a>
              ))}
            </nav>
          ) : null}
          <span class="lang" aria-label={m.language}>
            <a href={`/lang/en?next=${back}`} aria-current={props.lang === 'en' ? 'true' : undefined} lang="en">
              EN
            </a>
            <a href={`/lang/ru?next=${back}`} aria-current={props.lang === 'ru' ? 'true' : undefined} lang="ru">
              RU
            </a>
          </span>
          {s ? (
            <form method="post" action="/logout" class="who">
              <span>
                {s.username} ({s.role})
              </span>
              <input type="hidden" name="_csrf" value={s.csrf} />
              <button type="submit">{m.logOut}</button>
            </form>
          ) : null}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
