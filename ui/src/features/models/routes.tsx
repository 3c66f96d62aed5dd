import { Hono, type Context } from 'hono';
import type { UiEnv } from '../../http/env';
import { fmt, pick } from '../../http/i18n/messages';
import { page } from '../../http/pages/page';
import { promoteVia, rollbackVia, type AdminResult } from './inference-admin';
import { modelsMessages, type ModelsText } from './messages';
import { loadRegistryView, type RegistryView } from './registry-view';
import { ConfirmBody, ModelsBody, type Flash } from './views/models-page';

const VERSION = /^[\w.-]{1,64}$/;
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);
const opts = (m: ModelsText) => ({ title: m.title, active: 'models' as const, styles: ['models.css'] });

/** The flash of a redirect after an action: only the kind and a well-formed version come from the URL. */
function doneFlash(m: ModelsText, done: string | undefined, v: string | undefined): Flash | null {
  if (!v || !VERSION.test(v)) return null;
  if (done === 'promoted') return { kind: 'done', text: fmt(m.donePromoted, { v }) };
  if (done === 'rolledback') return { kind: 'done', text: fmt(m.doneRolledBack, { v }) };
  return null;
}

function failureText(m: ModelsText, r: Exclude<AdminResult, { ok: true }>, url: string): string {
  const why = r.failure === 'unreachable' ? fmt(m.unreachable, { url, reason: r.reason }) : fmt(m.refused, { status: r.status, reason: r.reason });
  return fmt(m.failed, { reason: why });
}

async function view(c: Context<UiEnv>): Promise<RegistryView | { error: string }> {
  return loadRegistryView(c.get('deps')).catch((e: unknown) => ({ error: reason(e) }));
}

/** The registry page, with a flash; a registry that cannot be read is a 502 with the reason. */
async function registryPage(c: Context<UiEnv>, flash: Flash | null, status: 200 | 404 | 502 = 200) {
  const m = pick(modelsMessages, c.get('lang'));
  const v = await view(c);
  if ('error' in v) {
    return page(
      c,
      opts(m),
      <div class="models">
        <h1>{m.title}</h1>
        <p class="error" role="alert">
          {fmt(m.sourceDown, { reason: v.error })}
        </p>
      </div>,
      502,
    );
  }
  return page(c, opts(m), <ModelsBody m={m} v={v} admin={c.get('session')?.role === 'admin'} flash={flash} />, status);
}

async function formNote(c: Context<UiEnv>): Promise<string | undefined> {
  const body = await c.req.parseBody();
  const note = typeof body.note === 'string' ? body.note.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  return note || undefined;
}

/** After an action: back to /models with the flash, or the page with the failure (nothing changed). */
async function afterAction(c: Context<UiEnv>, r: AdminResult, done: 'promoted' | 'rolledback') {
  if (r.ok) return c.redirect(`/models?done=${done}&v=${encodeURIComponent(r.version)}`, 303);
  const m = pick(modelsMessages, c.get('lang'));
  return registryPage(c, { kind: 'error', text: failureText(m, r, c.get('deps').inference.url) }, 502);
}

/**
 * GET /models: the registry. Admins get a promote/rollback link per version, which leads to a
 * confirmation page (the second step) whose form POSTs under /admin/ (admin role and CSRF checked
 * by the app) to the inference API's admin routes.
 */
export function modelsRoutes() {
  const app = new Hono<UiEnv>();
  app.get('/models', (c) => registryPage(c, doneFlash(pick(modelsMessages, c.get('lang')), c.req.query('done'), c.req.query('v'))));

  app.get('/admin/models/rollback', async (c) => {
    const m = pick(modelsMessages, c.get('lang'));
    const v = await view(c);
    if ('error' in v) return registryPage(c, null);
    if (!v.rollbackTo) return registryPage(c, { kind: 'error', text: fmt(m.nothingToRollBack, { active: v.active ?? '—' }) });
    const text = fmt(m.confirmRollback, { v: v.rollbackTo, active: v.active ?? '—' });
    return page(
      c,
      opts(m),
      <ConfirmBody m={m} title={fmt(m.confirmRollbackTitle, { v: v.rollbackTo })} text={text} action="/admin/models/rollback" csrf={c.get('session')!.csrf} />,
    );
  });
  app.post('/admin/models/rollback', async (c) => {
    const note = await formNote(c);
    const r = await rollbackVia(c.get('deps').inference, { actor: `ui:${c.get('session')!.username}`, ...(note ? { note } : {}) });
    return afterAction(c, r, 'rolledback');
  });

  app.get('/admin/models/:version/promote', async (c) => {
    const m = pick(modelsMessages, c.get('lang'));
    const version = c.req.param('version');
    const v = await view(c);
    if ('error' in v) return registryPage(c, null);
    if (!v.versions.some((r) => r.version === version)) return registryPage(c, { kind: 'error', text: fmt(m.unknownVersion, { v: version }) }, 404);
    const text = fmt(m.confirmPromote, { v: version, active: v.active ?? '—' });
    const action = `/admin/models/${encodeURIComponent(version)}/promote`;
    return page(c, opts(m), <ConfirmBody m={m} title={fmt(m.confirmPromoteTitle, { v: version })} text={text} action={action} csrf={c.get('session')!.csrf} />);
  });
  app.post('/admin/models/:version/promote', async (c) => {
    const m = pick(modelsMessages, c.get('lang'));
    const version = c.req.param('version');
    if (!VERSION.test(version)) return registryPage(c, { kind: 'error', text: fmt(m.unknownVersion, { v: version }) });
    const note = await formNote(c);
    const r = await promoteVia(c.get('deps').inference, version, { actor: `ui:${c.get('session')!.username}`, ...(note ? { note } : {}) });
    return afterAction(c, r, 'promoted');
  });
  return app;
}
