import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { UiEnv } from '../env';
import { Layout, type LayoutProps } from './layout';

/** A full page in the frame, for the request's session and language (status 200 unless given). */
export function page(
  c: Context<UiEnv>,
  props: Omit<LayoutProps, 'session' | 'lang' | 'children' | 'path'>,
  body: Child,
  status: 200 | 400 | 403 | 404 | 422 | 502 = 200,
) {
  const url = new URL(c.req.url);
  return c.html(
    <Layout {...props} session={c.get('session')} lang={c.get('lang')} path={url.pathname + url.search}>
      {body}
    </Layout>,
    status,
  );
}
