import { Hono } from 'hono';
import { fetchOpenApi } from '../../clients/inference-client';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { ApiDocsView } from './api-docs-page';
import { apiDocsMessages } from './messages';

/** The inference API's OpenAPI document, fetched server-side and rendered offline. */
export function apiDocsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/api-docs', async (c) => {
    const m = pick(apiDocsMessages, c.get('lang'));
    const r = await fetchOpenApi(c.get('deps').inference);
    if (!r.ok)
      return page(
        c,
        { title: m.title, active: 'apiDocs', styles: ['api-docs.css'] },
        <>
          <h1>{m.title}</h1>
          <p class="error">{fmt(m.unreachable, { reason: r.message })}</p>
        </>,
        502,
      );
    return page(c, { title: m.title, active: 'apiDocs', styles: ['api-docs.css'] }, <ApiDocsView doc={r.body} m={m} />);
  });
  return app;
}
